"""Concurrent queries of one process embedded in one model call (issue 33, item 2).

An API worker serves requests from a pool of threads. Two matches arriving a few milliseconds apart would each call
the model alone and take turns on the worker's one core; a batch of them costs far less than as many single calls
(the per-call work — tokeniser set-up, the runtime's dispatch, the matrix-vector products — is paid once). So
``encode_query`` does not call the model itself: it queues its texts, and one caller, the batch's *leader*, embeds
whatever is queued in one call and hands each caller its own rows.

The rules, all under one lock:

- a caller queues its request (its texts, in order) and waits until its rows are there;
- when no model call is running, the oldest waiting caller leads: it waits until ``max_size`` texts are queued or
  ``wait_s`` has passed since the oldest queued request arrived, whichever comes first, then takes queued requests
  in arrival order up to ``max_size`` texts (always at least the first, however long), and embeds them in one call;
- while a call runs, new requests queue; when it ends, the next leader takes them, its window counted from their
  arrival (a request that waited behind a running call does not wait again);
- an exception of the model call is raised in every caller whose texts were in that call;
- a request as long as ``max_size`` or longer, or any request when ``max_size`` is 1, goes straight to the model.

Documents (index builds) are not batched here: they come in batches already. Everything else of the wrapped embedder
(model id, dimensions, calibration, the ensemble's parts) reads through unchanged, so the index, the embedding cache
and the scores cannot tell the wrapper from the model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class _Request:
    texts: list[str]
    arrived: float
    done: bool = False
    rows: np.ndarray | None = None
    error: BaseException | None = None


@dataclass
class BatchStats:
    """What the batcher has done in this process (for benchmarks and the tests)."""

    calls: int = 0  # model calls made through the queue
    requests: int = 0  # requests served through the queue
    texts: int = 0
    largest: int = 0  # most requests in one call
    sizes: list[int] = field(default_factory=list)  # requests per call, the last 1000


class QueryBatcher:
    """Batches ``encode`` calls made concurrently from several threads (see the module docstring)."""

    def __init__(self, encode: Callable[[Sequence[str]], np.ndarray], *, max_size: int, wait_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        if wait_s < 0:
            raise ValueError("wait_s must not be negative")
        self._encode = encode
        self.max_size = max_size
        self.wait_s = wait_s
        self._clock = clock
        self._cond = threading.Condition()
        self._queue: list[_Request] = []
        self._running = False
        self.stats = BatchStats()

    def pending(self) -> int:
        """Requests queued and not yet taken into a model call."""
        with self._cond:
            return len(self._queue)

    def wait_pending(self, n: int, timeout: float) -> bool:
        """Block until at least ``n`` requests are queued (tests use it to know callers have arrived, not sleeps)."""
        with self._cond:
            return self._cond.wait_for(lambda: len(self._queue) >= n, timeout)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if self.max_size <= 1 or len(texts) >= self.max_size or not texts:
            return self._encode(texts)
        req = _Request(texts=texts, arrived=self._clock())
        with self._cond:
            self._queue.append(req)
            self._cond.notify_all()
            while not req.done:
                # Only the oldest queued request leads, so arrival order is kept. A request not yet done is still
                # queued whenever no call runs (a call marks its requests done before it ends).
                if self._running or self._queue[0] is not req:
                    self._cond.wait()
                    continue
                batch = self._lead()
                self._cond.release()
                try:
                    self._run(batch)
                finally:
                    self._cond.acquire()
                    self._running = False
                    self._cond.notify_all()
        if req.error is not None:
            raise req.error
        assert req.rows is not None
        return req.rows

    def _lead(self) -> list[_Request]:
        """Called with the lock held by the oldest queued caller when no call runs: wait for the window, take the
        batch and mark a call as running."""
        self._running = True
        while True:
            queued = sum(len(r.texts) for r in self._queue)
            left = self._queue[0].arrived + self.wait_s - self._clock()
            if queued >= self.max_size or left <= 0:
                break
            self._cond.wait(left)
        batch: list[_Request] = []
        size = 0
        while self._queue and (not batch or size + len(self._queue[0].texts) <= self.max_size):
            r = self._queue.pop(0)
            batch.append(r)
            size += len(r.texts)
        return batch

    def _run(self, batch: list[_Request]) -> None:
        """One model call for the batch, outside the lock; every request gets its rows or the error."""
        texts = [t for r in batch for t in r.texts]
        try:
            rows = self._encode(texts)
            if len(rows) != len(texts):
                raise RuntimeError(f"the model returned {len(rows)} rows for {len(texts)} texts")
        except BaseException as exc:  # every waiting caller must hear of it, whatever it is
            with self._cond:
                for r in batch:
                    r.error, r.done = exc, True
            return
        start = 0
        with self._cond:
            for r in batch:
                r.rows = np.ascontiguousarray(rows[start : start + len(r.texts)])
                start += len(r.texts)
                r.done = True
            st = self.stats
            st.calls += 1
            st.requests += len(batch)
            st.texts += len(texts)
            st.largest = max(st.largest, len(batch))
            st.sizes = [*st.sizes[-999:], len(batch)]


class BatchingEmbedder:
    """An embedder whose queries go through a :class:`QueryBatcher`; everything else is the wrapped embedder's."""

    def __init__(self, inner: Any, *, max_size: int, wait_s: float) -> None:
        self.inner = inner
        self.batcher = QueryBatcher(inner.encode_query, max_size=max_size, wait_s=wait_s)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self.batcher.encode(texts)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.inner.encode_document(texts))

    def __getattr__(self, name: str) -> Any:  # model_id, dim, cosine_range, parts, join …: the model's own
        return getattr(self.inner, name)


def with_query_batching(embedder: Any, *, max_size: int, wait_ms: float) -> Any:
    """``embedder`` with its queries batched, or as it is when batching is off (``max_size`` ≤ 1)."""
    if max_size <= 1 or isinstance(embedder, BatchingEmbedder):
        return embedder
    return BatchingEmbedder(embedder, max_size=max_size, wait_s=wait_ms / 1000.0)
