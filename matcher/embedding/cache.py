"""An on-disk embedding cache keyed by (model id, sha256 of the text).

Why: embedding is the slow part of indexing (≈100-200 texts/s on 2 cores); a re-index after a small knowledge-base
change should re-embed only the capabilities whose text changed. SQLite gives atomic writes for free.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS embedding (model_id TEXT NOT NULL, text_sha256 TEXT NOT NULL,"
            " dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model_id, text_sha256))"
        )
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()

    def get_many(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        uniq = list(dict.fromkeys(hashes))
        for i in range(0, len(uniq), 500):
            chunk = uniq[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT text_sha256, vector FROM embedding WHERE model_id = ? AND text_sha256 IN ({marks})",
                [model_id, *chunk],
            )
            for h, blob in rows:
                out[h] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def put_many(self, model_id: str, items: dict[str, np.ndarray]) -> None:
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO embedding (model_id, text_sha256, dim, vector) VALUES (?, ?, ?, ?)",
                [(model_id, h, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    def count(self, model_id: str | None = None) -> int:
        if model_id is None:
            return int(self._conn.execute("SELECT COUNT(*) FROM embedding").fetchone()[0])
        return int(self._conn.execute("SELECT COUNT(*) FROM embedding WHERE model_id = ?", [model_id]).fetchone()[0])


def encode_cached(
    texts: Sequence[str],
    *,
    model_id: str,
    dim: int,
    encode: Callable[[Sequence[str]], np.ndarray],
    cache: EmbeddingCache | None,
    on_progress: Callable[[int], None] | None = None,
    chunk: int = 64,
    by_length: bool = True,
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (documents), taking what the cache has and embedding the rest in chunks.

    ``by_length``: the texts to embed go out shortest first, so each chunk (and each of the model's batches within
    it) holds texts of about one length and pads little; the vectors are the same, each put back in its text's
    place (issue 33, item 5: ``benchmarks/index_build_speed.py`` measures what it saves).

    Returns the matrix and how many texts were actually embedded."""
    hashes = [text_hash(t) for t in texts]
    found = cache.get_many(model_id, hashes) if cache else {}
    todo_idx = [i for i, h in enumerate(hashes) if h not in found]
    copies: dict[str, int] = {}
    uniq_todo = []
    for i in todo_idx:
        if hashes[i] not in copies:
            copies[hashes[i]] = 0
            uniq_todo.append(i)
        copies[hashes[i]] += 1
    if by_length:
        uniq_todo.sort(key=lambda i: len(texts[i]))  # stable: equal lengths keep the documents' order
    if on_progress:
        on_progress(len(texts) - len(todo_idx))
    for start in range(0, len(uniq_todo), chunk):
        idx = uniq_todo[start : start + chunk]
        vecs = encode([texts[i] for i in idx])
        new = {hashes[i]: vecs[k] for k, i in enumerate(idx)}
        found.update(new)
        if cache:
            cache.put_many(model_id, new)
        if on_progress:
            on_progress(sum(copies[h] for h in new))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = found[h]
    return out, len(uniq_todo)


def encode_documents(
    texts: Sequence[str],
    *,
    embedder: Any,
    cache: EmbeddingCache | None,
    on_progress: Callable[[int], None] | None = None,
    chunk: int = 64,
    by_length: bool = True,
) -> tuple[np.ndarray, int]:
    """``encode_cached`` for any embedder; an ensemble (``embedder.parts``) is cached part by part, so its vectors are
    shared with the single models and with ensembles of other weights (a re-weighted ensemble embeds nothing)."""
    parts = getattr(embedder, "parts", None)
    if not parts:
        return encode_cached(texts, model_id=embedder.model_id, dim=embedder.dim, encode=embedder.encode_document,
                             cache=cache, on_progress=on_progress, chunk=chunk, by_length=by_length)
    blocks, embedded = [], 0
    for i, part in enumerate(parts):
        vecs, n = encode_cached(texts, model_id=part.model_id, dim=part.dim, encode=part.encode_document, cache=cache,
                                on_progress=on_progress if i == len(parts) - 1 else None, chunk=chunk,
                                by_length=by_length)
        blocks.append(vecs)
        embedded = max(embedded, n)
    return embedder.join(blocks), embedded
