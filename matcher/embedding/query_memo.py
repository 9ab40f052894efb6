"""The vectors of recent query texts, kept per worker (issue 33, item 1).

A need is matched more than once with the same words: at submission its proposals and, for a need whose providers'
view is its own text, its offers to providers (flows.opportunities) embed the same text back to back; a re-match, a
coordinator's second look and a center's opportunities page embed texts already seen. The model call is most of a
match's cost, and a query's vector depends on its text alone, so a small least-recently-used memo returns the same
rows without the call. Documents are not memoised: the index build has its own cache on disk.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class MemoStats:
    hits: int = 0
    misses: int = 0


class QueryMemo:
    """An embedder whose query vectors are remembered for the last ``size`` texts; everything else is the wrapped
    embedder's. The texts it has not seen go to the model in one call, in their order."""

    def __init__(self, inner: Any, *, size: int) -> None:
        self.inner = inner
        self.size = size
        self.stats = MemoStats()
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        rows: dict[str, np.ndarray] = {}
        with self._lock:
            for t in texts:
                row = self._rows.get(t)
                if row is not None:
                    self._rows.move_to_end(t)
                    rows[t] = row
        missing = list(dict.fromkeys(t for t in texts if t not in rows))
        if missing:
            made = np.asarray(self.inner.encode_query(missing), dtype=np.float32)
            if made.shape[0] != len(missing):
                raise RuntimeError(f"the model returned {made.shape[0]} rows for {len(missing)} texts")
            with self._lock:
                for t, row in zip(missing, made, strict=True):
                    row = row.copy()
                    row.flags.writeable = False  # shared by every later caller of the same text
                    rows[t] = self._rows[t] = row
                    self._rows.move_to_end(t)
                while len(self._rows) > self.size:
                    self._rows.popitem(last=False)
        with self._lock:
            self.stats.hits += len(texts) - len(missing)
            self.stats.misses += len(missing)
        if not texts:
            return np.asarray(self.inner.encode_query([]), dtype=np.float32)
        return np.stack([rows[t] for t in texts])

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.inner.encode_document(texts))

    def __getattr__(self, name: str) -> Any:  # model_id, dim, cosine_range, parts, weights …: the model's own
        return getattr(self.inner, name)


def with_query_memo(embedder: Any, *, size: int) -> Any:
    """``embedder`` with its query vectors remembered, or as it is when the memo is off (``size`` 0)."""
    if size <= 0 or isinstance(embedder, QueryMemo):
        return embedder
    return QueryMemo(embedder, size=size)
