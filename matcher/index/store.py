"""The FAISS vector index of capabilities, with its id map and manifest, kept crash-safe on disk.

Layout under ``<home>/index/``: one folder per generation (``gen-<n>/`` holding ``vectors.faiss``, ``idmap.json``,
``manifest.json``) and a ``CURRENT`` file naming the live generation. A save writes a new generation folder, then
replaces ``CURRENT`` with ``os.replace`` (atomic on POSIX); a crash at any point leaves the previous generation live
and intact. After the switch, generations older than the previous one are removed: the previous one stays, so another
process that read ``CURRENT`` just before the switch still finds the files it is loading. Writers in several processes
take ``matcher.index.lock.index_write_lock`` first.

Readers map the live generation's ``vectors.faiss`` read-only (``load_store``: FAISS ``IO_FLAG_MMAP_IFC |
IO_FLAG_READ_ONLY``) instead of reading it into their own memory, so every worker on a machine searches the same
pages of the page cache: the vectors are held once per machine, not once per worker (issue 33, item 3; measured in
docs/deploy.md). A generation's files are never written again once ``CURRENT`` names them, and removing an old
generation only unlinks its files, which a worker still mapping them keeps reading until it loads the next one. A
mapped index cannot be changed (FAISS would write into the read-only mapping: a crash), so a mapped store copies its
index into memory before its first change (``VectorStore.add``/``remove``/``compact``); the sync loads its working
copy unmapped in the first place.

Exact inner product (``IndexFlatIP``) below ``hnsw_threshold`` vectors; HNSW above it; above ``quantize_threshold`` a
quantised index (issue 33, item 4; measured in docs/deploy.md): HNSW over int8 scalars (``IndexHNSWSQ``, the default)
or IVF with product quantisation (``IndexIVFPQ``), trained on a fixed sample of the vectors. A quantised generation
also holds the float vectors (``vectors.f32.npy`` with their faiss ids in ``full_fids.npy``), mapped read-only: a
search takes the quantised index's top ``rerank`` candidates and re-scores them exactly from those rows (only their
pages are read), and ``vector`` reads the exact row, so the matcher fuses the same inner products as with the float
index. HNSW and the quantised kinds cannot remove vectors, so removals there are tombstones filtered at search time,
and the index is compacted (rebuilt from the exact vectors) when they pass 10%.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

FLAT = "flat_ip"
HNSW = "hnsw_ip"
HNSW_SQ = "hnsw_sq_ip"  # HNSW over int8 scalars; the top candidates re-scored at full precision
IVFPQ = "ivfpq_ip"  # IVF over product-quantised codes; the top candidates re-scored at full precision
QUANTISED = (HNSW_SQ, IVFPQ)
FULL_VECTORS = "vectors.f32.npy"  # the full-precision vectors of a quantised index, in ``full_fids.npy``'s order
FULL_FIDS = "full_fids.npy"
CURRENT = "CURRENT"
COMPACT_SHARE = 0.10


@dataclass
class Manifest:
    model_id: str
    dim: int
    count: int
    kb_version: int
    index_kind: str
    created_at: str
    generation: int
    hnsw_m: int | None = None
    ef_search: int | None = None
    documents: str = ""  # which documents besides capabilities the index holds (matcher.index.build.documents_key)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IndexParams:
    hnsw_threshold: int = 50_000
    hnsw_m: int = 32
    ef_construction: int = 200
    ef_search: int = 512
    quantize_threshold: int = 200_000  # vectors at which the index is quantised, with re-ranking (docs/deploy.md)
    quantize_kind: str = HNSW_SQ  # HNSW_SQ or IVFPQ
    rerank: int = 300  # candidates of the quantised index re-scored at full precision
    nprobe: int = 32  # IVF lists visited per query
    train_sample: int = 50_000  # vectors the IVF centroids and PQ codebooks are trained on


def _quantised(kind: str, vectors: np.ndarray, dim: int, params: IndexParams) -> faiss.Index:
    """A quantised index trained on a fixed sample of ``vectors`` (deterministic: the same vectors, the same index)."""
    pick = np.random.default_rng(0).choice(len(vectors), min(len(vectors), params.train_sample), replace=False)
    sample = np.ascontiguousarray(vectors[np.sort(pick)], dtype=np.float32)
    if kind == IVFPQ:
        return _ivfpq(sample, len(vectors), dim, params)
    hnsw = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, params.hnsw_m,  # type: ignore[arg-type]
                             faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = params.ef_construction
    hnsw.hnsw.efSearch = params.ef_search
    hnsw.train(sample)
    return hnsw


def _ivfpq(sample: np.ndarray, n: int, dim: int, params: IndexParams) -> faiss.Index:
    """IVF over 4·√n lists with 8-dimension sub-vectors of 8 bits (896 dimensions: 112 bytes a vector), trained on a
    fixed sample of ``vectors`` (deterministic: the same vectors give the same index)."""
    nlist = max(1, min(int(4 * np.sqrt(n)), len(sample) // 39 or 1))
    m = next(d for d in (dim // 8, dim // 4, dim // 2, dim, 1) if d and dim % d == 0)
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFPQ(quantizer, dim, nlist, m, 8, faiss.METRIC_INNER_PRODUCT)
    index.train(sample)
    index.nprobe = min(nlist, params.nprobe)
    return index


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _new_faiss(kind: str, dim: int, params: IndexParams) -> faiss.Index:
    if kind == FLAT:
        base: faiss.Index = faiss.IndexFlatIP(dim)
    else:
        hnsw = faiss.IndexHNSWFlat(dim, params.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = params.ef_construction
        hnsw.hnsw.efSearch = params.ef_search
        base = hnsw
    return faiss.IndexIDMap2(base)


def kind_for(count: int, params: IndexParams) -> str:
    if count >= params.quantize_threshold:
        return params.quantize_kind
    return FLAT if count < params.hnsw_threshold else HNSW


@dataclass
class VectorStore:
    """Capability vectors under string ids. ``hashes`` remembers which text each vector was made from, so an
    incremental sync can tell changed capabilities from unchanged ones."""

    dim: int
    model_id: str
    params: IndexParams = field(default_factory=IndexParams)
    kind: str = FLAT
    index: Any = None
    ids: dict[str, int] = field(default_factory=dict)  # capability id -> faiss id
    hashes: dict[str, str] = field(default_factory=dict)  # capability id -> text sha256
    deleted: set[int] = field(default_factory=set)  # HNSW tombstones
    next_id: int = 0
    kb_version: int = 0
    generation: int = 0
    documents: str = ""
    mapped: bool = False  # the index is a read-only mapping of its file (load_store); changes copy it first
    # Quantised kinds: the full-precision vectors (a read-only mapping of FULL_VECTORS once loaded), rows by faiss id.
    full: np.ndarray | None = None
    full_rows: dict[int, int] = field(default_factory=dict)
    _rev: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.index is None:
            if self.kind in QUANTISED:
                raise ValueError("a quantised index is made from its vectors (compact), not empty")
            self.index = _new_faiss(self.kind, self.dim, self.params)
        self._rev = {v: k for k, v in self.ids.items()}

    @property
    def count(self) -> int:
        return len(self.ids)

    def __contains__(self, cap_id: str) -> bool:
        return cap_id in self.ids

    # -- changes --------------------------------------------------------------------------------------------
    def _own(self) -> None:
        """Before a change: a mapped index becomes an in-memory copy (FAISS cannot change a read-only mapping)."""
        if self.mapped:
            self.index = faiss.deserialize_index(faiss.serialize_index(self.index))
            self.mapped = False
        if self.full is not None and not self.full.flags.writeable:
            self.full = np.array(self.full, dtype=np.float32)

    def add(self, cap_ids: list[str], vectors: np.ndarray, hashes: list[str]) -> None:
        """Add or replace vectors (an id already present is updated)."""
        if not cap_ids:
            return
        self._own()
        present = [c for c in cap_ids if c in self.ids]
        if present:
            self.remove(present)
        fids = np.arange(self.next_id, self.next_id + len(cap_ids), dtype=np.int64)
        self.next_id += len(cap_ids)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.index.add_with_ids(vectors, fids)
        if self.kind in QUANTISED:
            assert self.full is not None
            start = len(self.full)
            self.full = np.concatenate([self.full, vectors.reshape(-1, self.dim)])
            self.full_rows.update({int(f): start + i for i, f in enumerate(fids.tolist())})
        for cid, fid, h in zip(cap_ids, fids.tolist(), hashes, strict=True):
            self.ids[cid] = fid
            self._rev[fid] = cid
            self.hashes[cid] = h
        self._maybe_grow()

    def remove(self, cap_ids: list[str]) -> int:
        fids = [self.ids.pop(c) for c in cap_ids if c in self.ids]
        for c in cap_ids:
            self.hashes.pop(c, None)
        for f in fids:
            self._rev.pop(f, None)
        if not fids:
            return 0
        self._own()
        if self.kind == FLAT:
            self.index.remove_ids(np.asarray(fids, dtype=np.int64))
        else:
            self.deleted.update(fids)
            if len(self.deleted) > COMPACT_SHARE * max(1, self.index.ntotal):
                self.compact()
        return len(fids)

    def _maybe_grow(self) -> None:
        """Switch to HNSW once the catalog passes the threshold (and back, on compaction, below it)."""
        if kind_for(self.count, self.params) != self.kind:
            self.compact()

    def compact(self) -> None:
        """Rebuild the faiss index from the live vectors: drops tombstones, re-picks flat vs HNSW."""
        self._own()
        live = sorted(self.ids.items(), key=lambda kv: kv[1])
        vecs = np.zeros((len(live), self.dim), dtype=np.float32)
        for i, (_, fid) in enumerate(live):
            vecs[i] = self._full_vector(int(fid))
        fids = np.asarray([fid for _, fid in live], dtype=np.int64)
        self.kind = kind_for(len(live), self.params)
        if self.kind in QUANTISED:
            self.index = faiss.IndexIDMap2(_quantised(self.kind, vecs, self.dim, self.params))
            self.full, self.full_rows = vecs, {int(f): i for i, f in enumerate(fids.tolist())}
        else:
            self.index = _new_faiss(self.kind, self.dim, self.params)
            self.full, self.full_rows = None, {}
        if live:
            self.index.add_with_ids(vecs, fids)
        self.deleted = set()

    def _full_vector(self, fid: int) -> np.ndarray:
        """A vector at full precision: from the float rows when the index is quantised, else from the index."""
        if self.kind in QUANTISED:
            assert self.full is not None
            return np.asarray(self.full[self.full_rows[fid]], dtype=np.float32)
        return np.asarray(self.index.reconstruct(fid), dtype=np.float32)

    # -- search ---------------------------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """Top ``k`` (capability id, inner product) per query row, best first."""
        q = np.ascontiguousarray(query.reshape(-1, self.dim), dtype=np.float32)
        if self.count == 0:
            return [[] for _ in range(q.shape[0])]
        want = min(k + len(self.deleted), self.index.ntotal)
        if self.kind in QUANTISED:
            scores, fids = self._reranked(q, min(max(want, self.params.rerank), self.index.ntotal))
        else:
            scores, fids = self.index.search(q, want)
        out: list[list[tuple[str, float]]] = []
        for row_s, row_f in zip(scores, fids, strict=True):
            hits = []
            for s, f in zip(row_s.tolist(), row_f.tolist(), strict=True):
                if f < 0 or f in self.deleted:
                    continue
                cid = self._rev.get(f)
                if cid is not None:
                    hits.append((cid, float(s)))
                if len(hits) >= k:
                    break
            out.append(hits)
        return out

    def _reranked(self, q: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """The quantised index's top ``depth`` per query, re-scored exactly from the full-precision rows (a mapped
        file: only the candidates' rows are read) and sorted best first."""
        assert self.full is not None
        _, cand = self.index.search(q, depth)
        out_s = np.full(cand.shape, -np.inf, dtype=np.float32)
        out_f = np.full(cand.shape, -1, dtype=np.int64)
        for i, row in enumerate(cand):
            fids = [int(f) for f in row.tolist() if f >= 0 and int(f) in self.full_rows]
            if not fids:
                continue
            rows = np.asarray([self.full_rows[f] for f in fids], dtype=np.int64)
            order = np.argsort(rows, kind="stable")  # read the mapped rows in file order
            sims = np.asarray(self.full[rows[order]], dtype=np.float32) @ q[i]
            best = np.argsort(-sims, kind="stable")
            out_s[i, : len(fids)] = sims[best]
            out_f[i, : len(fids)] = np.asarray(fids, dtype=np.int64)[order][best]
        return out_s, out_f

    def vector(self, cap_id: str) -> np.ndarray:
        return self._full_vector(int(self.ids[cap_id]))

    # -- persistence ----------------------------------------------------------------------------------------
    def manifest(self) -> Manifest:
        return Manifest(
            model_id=self.model_id, dim=self.dim, count=self.count, kb_version=self.kb_version, index_kind=self.kind,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"), generation=self.generation,
            hnsw_m=self.params.hnsw_m if self.kind in (HNSW, HNSW_SQ) else None,
            ef_search=self.params.ef_search if self.kind in (HNSW, HNSW_SQ) else None, documents=self.documents,
        )

    def save(self, root: Path) -> Manifest:
        """Write a new generation and switch ``CURRENT`` to it atomically."""
        root.mkdir(parents=True, exist_ok=True)
        gen = max(self.generation, _latest_generation(root)) + 1
        tmp_dir = root / f".gen-{gen:06d}.{os.getpid()}.tmp"
        if tmp_dir.exists():
            shutil.rmtree(tmp_dir)
        tmp_dir.mkdir()
        self.generation = gen
        manifest = self.manifest()
        faiss.write_index(self.index, str(tmp_dir / "vectors.faiss"))
        names = ["vectors.faiss", "idmap.json", "manifest.json"]
        if self.kind in QUANTISED:
            assert self.full is not None
            fids = np.asarray(sorted(self.full_rows), dtype=np.int64)
            np.save(tmp_dir / FULL_FIDS, fids)
            np.save(tmp_dir / FULL_VECTORS, np.asarray(self.full, dtype=np.float32)[
                np.asarray([self.full_rows[int(f)] for f in fids], dtype=np.int64)])
            names += [FULL_FIDS, FULL_VECTORS]
        idmap = {"ids": self.ids, "hashes": self.hashes, "deleted": sorted(self.deleted), "next_id": self.next_id}
        (tmp_dir / "idmap.json").write_text(json.dumps(idmap, ensure_ascii=False), "utf-8")
        (tmp_dir / "manifest.json").write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=2), "utf-8")
        for name in names:
            with open(tmp_dir / name, "rb") as fh:
                os.fsync(fh.fileno())
        final = generation_dir(root, gen)
        previous = current_dir(root)
        os.replace(tmp_dir, final)
        _write_atomic(root / CURRENT, final.name.encode())
        _remove_old(root, keep={final.name, previous.name if previous else final.name})
        return manifest


def _latest_generation(root: Path) -> int:
    gens = [int(p.name.split("-")[1].split(".")[0]) for p in root.glob("*gen-*") if p.name.split("-")[1][:6].isdigit()]
    return max(gens, default=0)


def _remove_old(root: Path, *, keep: set[str]) -> None:
    for p in root.iterdir():
        if p.is_dir() and "gen-" in p.name and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def current_dir(root: Path) -> Path | None:
    pointer = root / CURRENT
    if not pointer.is_file():
        return None
    folder = root / pointer.read_text("utf-8").strip()
    return folder if folder.is_dir() else None


def read_manifest(root: Path) -> Manifest | None:
    folder = current_dir(root)
    if folder is None:
        return None
    return _read_manifest_in(folder)


def _read_manifest_in(folder: Path) -> Manifest | None:
    try:
        return Manifest(**json.loads((folder / "manifest.json").read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


MMAP_FLAGS = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY


def read_faiss(path: Path, *, mmap: bool) -> tuple[Any, bool]:
    """The index in ``path``, mapped read-only when ``mmap`` and FAISS can map its type (flat codes, HNSW over flat
    storage), else read into memory; and whether it is mapped."""
    if mmap:
        try:
            return faiss.read_index(str(path), MMAP_FLAGS), True
        except RuntimeError:
            pass  # a type FAISS cannot map, or a file it cannot: read it whole (and fail there if it is bad)
    return faiss.read_index(str(path)), False


def generation_dir(root: Path, generation: int) -> Path:
    return root / f"gen-{generation:06d}"


def load_store(root: Path, *, params: IndexParams | None = None, mmap: bool = True,
               generation: int | None = None) -> VectorStore | None:
    """The live index, or ``None`` when there is none or it cannot be read (the caller rebuilds). ``mmap``: map the
    vectors read-only and share them with every process that maps the same generation (readers); a writer that will
    change the store asks for its own copy (``mmap=False``), though a mapped store copies itself on its first change.
    ``generation``: that generation's folder instead of the one ``CURRENT`` names (the one the database records as
    published, ``matcher.index.release``); ``None`` when it is gone."""
    if generation is None:
        folder = current_dir(root)
        manifest = read_manifest(root)
    else:
        folder = generation_dir(root, generation)
        manifest = _read_manifest_in(folder) if folder.is_dir() else None
    if folder is None or manifest is None:
        return None
    try:
        index, mapped = read_faiss(folder / "vectors.faiss", mmap=mmap)
        idmap = json.loads((folder / "idmap.json").read_text("utf-8"))
    except (OSError, RuntimeError, ValueError):
        return None
    params = params or IndexParams()
    if manifest.index_kind in (HNSW, HNSW_SQ):
        faiss.downcast_index(index.index).hnsw.efSearch = params.ef_search  # type: ignore[attr-defined]
    full, full_rows = None, {}
    if manifest.index_kind in QUANTISED:
        if manifest.index_kind == IVFPQ:
            ivf: Any = faiss.downcast_index(index.index)
            ivf.nprobe = min(ivf.nlist, params.nprobe)
        try:  # the full-precision rows, mapped read-only (a writer gets its own copy on its first change)
            full = np.load(folder / FULL_VECTORS, mmap_mode="r")
            full_rows = {int(f): i for i, f in enumerate(np.load(folder / FULL_FIDS).tolist())}
        except (OSError, ValueError):
            return None
    store = VectorStore(
        dim=manifest.dim, model_id=manifest.model_id, params=params, kind=manifest.index_kind, index=index,
        ids={k: int(v) for k, v in idmap["ids"].items()}, hashes=dict(idmap["hashes"]),
        deleted=set(idmap.get("deleted", [])), next_id=int(idmap["next_id"]), kb_version=manifest.kb_version,
        generation=manifest.generation, documents=manifest.documents, mapped=mapped, full=full, full_rows=full_rows,
    )
    if index.ntotal - len(store.deleted) != store.count:
        return None
    return store
