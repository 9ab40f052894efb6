"""Smaller vectors at scale (issue 33, item 4): compressed FAISS indexes with full-precision re-ranking, measured.

    .venv/bin/python benchmarks/index_quantized.py --home /tmp/i33-quant [--sizes 10000,100000] \\
        [--kinds flat,hnsw,hnsw_sq,ivfpq] [--rerank 300] [--out benchmarks/results/issue33-index-quantized.json]

The real documents of both development sets (``written``: kb/sample; ``real``: benchmarks/data/real) are imported
and indexed with the default model (the e5+USE ensemble, 896 dimensions) by the product's own services, and their
needs embedded as queries. Each size N holds all of those real documents plus N − (real) synthetic distractors made
as ``benchmarks/match_latency.py`` makes them (a random mix of two real vectors plus noise, renormalised), so the
real documents compete with distractors shaped like a catalog. Every kind is searched with the same queries:

- ``flat``: exact inner product (IndexFlatIP), the reference;
- ``hnsw``: what the product builds above ``hnsw_threshold`` today (HNSW over the float vectors);
- ``hnsw_sq``: HNSW over int8 scalars (IndexHNSWSQ, QT_8bit), the top ``--rerank`` candidates re-scored at full
  precision;
- ``ivfpq``: IVF with product quantisation (IndexIVFPQ, 112 sub-vectors of 8 dimensions, 8 bits: 112 bytes a
  vector), the top ``--rerank`` candidates re-scored at full precision.

The full-precision vectors of the re-ranked kinds are read from a float32 file mapped read-only (as the product maps
its index), so only the candidates' rows are touched: what a worker holds is the compressed index. Reported per kind
and size: build seconds, the index's bytes (its file as ``faiss.write_index`` writes it) and bytes per vector,
recall@10 and recall@150 (the matcher's candidate list, ``MatcherConfig.candidates``) against exact search, each
development set's nDCG@10 of the dense retriever alone (the centers of the top 150 hits, best first; a distractor
counts as a hit on no relevant center), and single-query search p50/p95 ms (1 thread) with its ratio to ``flat`` in
the same run.

Recall and nDCG are deterministic (fixed seeds, one thread). Timings depend on the machine's load: compare the ratios
within one run, not absolute figures across runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import faiss  # noqa: E402

from benchmarks.match_latency import synthetic  # noqa: E402

SETS = ("written", "real")
CANDIDATES = 150


# ---- the real documents and queries ----------------------------------------------------------------------------

def _center_of(doc_id: str, caps: dict[str, str]) -> str | None:
    from matcher.text import PROFILE_PREFIX

    if doc_id.startswith(PROFILE_PREFIX):
        return doc_id[len(PROFILE_PREFIX):].split("#", 1)[0]
    return caps.get(doc_id)


def real_vectors(home: Path) -> dict[str, Any]:
    """Both sets' documents (vectors, ids prefixed by the set, their centers) and needs (vectors, relevance), embedded
    once with the default model and kept in ``home/real.npz`` + ``home/real.json``."""
    npz, meta_path = home / "real.npz", home / "real.json"
    if npz.exists() and meta_path.exists():
        arrays = np.load(npz)
        meta = json.loads(meta_path.read_text("utf-8"))
        return {"docs": arrays["docs"], "queries": arrays["queries"], **meta}
    from benchmarks.match_quality import prepare
    from core.db import session_scope
    from kb import service as kb_service
    from matcher import service
    from matcher.embedding.models import load_embedder
    from matcher.index.store import load_store
    from matcher.quality import MATCH_SETS, load_match_items
    from matcher.schemas import MatcherConfig

    config = MatcherConfig()
    docs: list[np.ndarray] = []
    doc_ids: list[str] = []
    doc_centers: list[str | None] = []
    queries: list[np.ndarray] = []
    query_meta: list[dict[str, Any]] = []
    for name in SETS:
        settings = prepare(MATCH_SETS[name], home / name, config)
        store = load_store(service.index_root(settings))
        assert store is not None
        with session_scope(settings) as session:
            caps = {c.id: c.center_id for c in kb_service.iter_capabilities(session=session)}
        for doc_id in sorted(store.ids):
            docs.append(store.vector(doc_id))
            doc_ids.append(f"{name}/{doc_id}")
            doc_centers.append(_center_of(doc_id, caps))
        embedder = load_embedder(config.model, home=settings.home, e5_queries=config.e5_queries)
        items = load_match_items(MATCH_SETS[name].needs)
        qv = embedder.encode_query([it.query.text for it in items])
        queries.extend(np.asarray(qv, dtype=np.float32))
        query_meta.extend({"set": name, "id": it.id, "relevance": dict(it.relevance)} for it in items)
    meta = {"doc_ids": doc_ids, "doc_centers": doc_centers, "query_meta": query_meta, "model": config.model}
    np.savez(npz, docs=np.stack(docs).astype(np.float32), queries=np.stack(queries).astype(np.float32))
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    return real_vectors(home)


# ---- the catalog of one size ----------------------------------------------------------------------------------

def catalog(real: np.ndarray, n: int, home: Path, seed: int = 33) -> np.ndarray:
    """``n`` vectors: the real ones first, then distractors; a float32 file mapped read-only (made once per size)."""
    path = home / f"catalog-{n}.f32"
    dim = real.shape[1]
    if not path.exists() or path.stat().st_size != n * dim * 4:
        tmp = path.with_suffix(".tmp")
        out = np.memmap(tmp, dtype=np.float32, mode="w+", shape=(n, dim))
        out[: len(real)] = real
        rng = np.random.default_rng(seed)
        step = 100_000
        for s in range(len(real), n, step):
            m = min(step, n - s)
            out[s: s + m] = synthetic(real, m, rng)
        out.flush()
        del out
        os.replace(tmp, path)
    return np.memmap(path, dtype=np.float32, mode="r", shape=(n, dim))


def exact(vectors: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top ``k`` by inner product, in chunks of the mapped file (the reference)."""
    best_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_i = np.full((len(queries), k), -1, dtype=np.int64)
    step = 100_000
    for s in range(0, len(vectors), step):
        block = np.asarray(vectors[s: s + step])
        sims = queries @ block.T
        kk = min(k, sims.shape[1])
        part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        ps = np.take_along_axis(sims, part, axis=1)
        cs = np.concatenate([best_s, ps], axis=1)
        ci = np.concatenate([best_i, part + s], axis=1)
        order = np.argsort(-cs, axis=1, kind="stable")[:, :k]
        best_s, best_i = np.take_along_axis(cs, order, axis=1), np.take_along_axis(ci, order, axis=1)
    return best_s, best_i


# ---- the kinds --------------------------------------------------------------------------------------------------

def build(kind: str, vectors: np.ndarray, args: argparse.Namespace) -> Any:
    n, dim = vectors.shape
    rng = np.random.default_rng(7)
    train_n = min(n, args.train)
    sample = np.asarray(vectors[np.sort(rng.choice(n, train_n, replace=False))]) if train_n < n else np.asarray(vectors)
    if kind == "flat":
        index: Any = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, args.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = args.ef_construction
    elif kind == "hnsw_sq":
        index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, args.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = args.ef_construction
        index.train(sample)
    elif kind == "ivfpq":
        nlist = max(16, int(args.nlist_factor * math.sqrt(n)))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFPQ(quantizer, dim, nlist, dim // 8, 8, faiss.METRIC_INNER_PRODUCT)
        index.train(sample)
        index.nprobe = min(nlist, args.nprobe)
    else:
        raise SystemExit(f"unknown kind {kind}")
    step = 50_000
    for s in range(0, n, step):
        index.add(np.ascontiguousarray(vectors[s: s + step]))
    if kind in ("hnsw", "hnsw_sq"):
        index.hnsw.efSearch = args.ef_search
    return index


def search(kind: str, index: Any, vectors: np.ndarray, queries: np.ndarray, k: int,
           rerank: int) -> tuple[np.ndarray, np.ndarray]:
    """Top ``k``; the compressed kinds take ``rerank`` candidates and re-score them exactly from the mapped floats."""
    if kind in ("flat", "hnsw"):
        return index.search(queries, k)
    want = max(k, rerank)
    _, cand = index.search(queries, want)
    out_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    out_i = np.full((len(queries), k), -1, dtype=np.int64)
    for qi, row in enumerate(cand):
        ids = row[row >= 0]
        order = np.argsort(ids)  # read the mapped rows in file order
        ids = ids[order]
        scores = np.asarray(vectors[ids]) @ queries[qi]
        top = np.argsort(-scores, kind="stable")[:k]
        out_s[qi, : len(top)] = scores[top]
        out_i[qi, : len(top)] = ids[top]
    return out_s, out_i


# ---- the measures -----------------------------------------------------------------------------------------------

def recall(found: np.ndarray, truth: np.ndarray, k: int) -> float:
    return float(np.mean([len(set(f[:k].tolist()) & set(t[:k].tolist())) / k for f, t in zip(found, truth,
                                                                                              strict=True)]))


def ndcg_by_set(found: np.ndarray, real: dict[str, Any]) -> dict[str, float]:
    from matcher.quality import ndcg_at_k

    n_real = len(real["doc_ids"])
    per: dict[str, list[float]] = {s: [] for s in SETS}
    for row, meta in zip(found, real["query_meta"], strict=True):
        ranked: list[str] = []
        for i in row.tolist():
            if 0 <= i < n_real and real["doc_ids"][i].startswith(meta["set"] + "/"):
                center = real["doc_centers"][i]
                if center and center not in ranked:
                    ranked.append(center)
        per[meta["set"]].append(ndcg_at_k(ranked, meta["relevance"], 10))
    return {s: round(float(np.mean(v)), 4) for s, v in per.items() if v}


def timed_queries(kind: str, index: Any, vectors: np.ndarray, queries: np.ndarray, rerank: int,
                  count: int) -> list[float]:
    lat = []
    for i in range(count):
        q = queries[i % len(queries): i % len(queries) + 1]
        s = time.perf_counter()
        search(kind, index, vectors, q, CANDIDATES, rerank)
        lat.append((time.perf_counter() - s) * 1000)
    return lat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, required=True, help="scratch folder (data folders, vectors, catalogs)")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--kinds", default="flat,hnsw,hnsw_sq,ivfpq")
    ap.add_argument("--rerank", type=int, default=300, help="candidates re-scored at full precision")
    ap.add_argument("--hnsw-m", type=int, default=32)
    ap.add_argument("--ef-construction", type=int, default=40)
    ap.add_argument("--ef-search", type=int, default=512)
    ap.add_argument("--nprobe", type=int, default=32)
    ap.add_argument("--nlist-factor", type=float, default=4.0, help="IVF lists = factor × √N")
    ap.add_argument("--train", type=int, default=50_000, help="training sample for SQ and IVFPQ")
    ap.add_argument("--timed", type=int, default=100, help="single queries timed per kind")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    faiss.omp_set_num_threads(1)
    args.home.mkdir(parents=True, exist_ok=True)
    real = real_vectors(args.home)
    docs, queries = real["docs"], np.ascontiguousarray(real["queries"])
    print(f"real documents {len(docs)} ({real['model']}, {docs.shape[1]} dims), queries {len(queries)}", flush=True)
    rows: list[dict[str, Any]] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        vectors = catalog(docs, n, args.home)
        t = time.perf_counter()
        _, truth = exact(vectors, queries, CANDIDATES)
        print(f"N={n}: exact reference in {time.perf_counter() - t:.1f} s", flush=True)
        flat_p50 = None
        for kind in args.kinds.split(","):
            t = time.perf_counter()
            index = build(kind, vectors, args)
            built = time.perf_counter() - t
            written = args.home / f"index-{n}-{kind}.faiss"  # its size on disk, without a copy in memory
            faiss.write_index(index, str(written))
            size = written.stat().st_size
            written.unlink()
            _, found = search(kind, index, vectors, queries, CANDIDATES, args.rerank)
            lat = timed_queries(kind, index, vectors, queries, args.rerank, args.timed)
            p50, p95 = float(np.percentile(lat, 50)), float(np.percentile(lat, 95))
            if kind == "flat":
                flat_p50 = p50
            row = {"n": n, "kind": kind, "build_s": round(built, 1), "index_mib": round(size / 2**20, 1),
                   "bytes_per_vector": round(size / n, 1), "recall@10": round(recall(found, truth, 10), 4),
                   "recall@150": round(recall(found, truth, CANDIDATES), 4),
                   "ndcg@10": ndcg_by_set(found, real), "search_p50_ms": round(p50, 2),
                   "search_p95_ms": round(p95, 2),
                   "p50_vs_flat": round(p50 / flat_p50, 3) if flat_p50 else None,
                   "rerank": args.rerank if kind in ("hnsw_sq", "ivfpq") else None}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            del index
        del vectors
    exact_ndcg = {r["n"]: r["ndcg@10"] for r in rows if r["kind"] == "flat"}
    print("exact nDCG@10 by size:", json.dumps(exact_ndcg), flush=True)
    if args.out:
        args.out.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "rows": rows},
                                       ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
