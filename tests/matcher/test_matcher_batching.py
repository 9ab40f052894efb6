"""Concurrent queries batched into one model call (matcher.embedding.batch): each caller gets its own rows in its
order, a failed call fails every caller in it, a running call's arrivals go together in the next. No test here
depends on timing: callers are known to have arrived through the batcher's own queue (``wait_pending``) and events,
and windows are either filled by count or zero."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from matcher_helpers import NgramEmbedder

from matcher.embedding.batch import BatchingEmbedder, QueryBatcher, with_query_batching
from matcher.schemas import MatcherConfig

LONG = 120.0  # a window no test waits out: batches close when full


class Recorder:
    """A model that remembers each call's texts; rows are the texts' own vectors, so a caller can check it got its
    own. ``gate`` holds the first call until set; ``fail`` makes every call raise."""

    def __init__(self, *, gate: threading.Event | None = None, fail: bool = False) -> None:
        self.model = NgramEmbedder()
        self.calls: list[list[str]] = []
        self.entered = threading.Event()
        self.gate = gate
        self.fail = fail
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            self.calls.append(list(texts))
            first = len(self.calls) == 1
        self.entered.set()
        if first and self.gate is not None:
            assert self.gate.wait(LONG)
        if self.fail:
            raise RuntimeError("model broke")
        return self.model.encode_query(texts)


def _run(batcher: QueryBatcher, requests: list[list[str]]) -> tuple[list[Any], list[threading.Thread]]:
    out: list[Any] = [None] * len(requests)

    def call(i: int) -> None:
        try:
            out[i] = batcher.encode(requests[i])
        except Exception as exc:  # the test reads what each caller got
            out[i] = exc

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    return out, threads


def _join(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.join(LONG)
        assert not t.is_alive()


def test_concurrent_callers_share_one_call_and_each_gets_its_own_rows_in_order() -> None:
    model = Recorder()
    batcher = QueryBatcher(model, max_size=6, wait_s=LONG)
    requests = [["电池热失控检测", "GB 38031"], ["稀土永磁磁性能"], ["电磁兼容测试", "注册检验", "医用电气"]]
    out, threads = _run(batcher, requests)
    _join(threads)
    assert len(model.calls) == 1 and sorted(model.calls[0]) == sorted(t for r in requests for t in r)
    alone = NgramEmbedder()
    for texts, rows in zip(requests, out, strict=True):
        assert isinstance(rows, np.ndarray) and rows.shape == (len(texts), alone.dim)
        np.testing.assert_allclose(rows, alone.encode_query(texts), rtol=1e-6)
    assert batcher.stats.calls == 1 and batcher.stats.requests == 3 and batcher.stats.largest == 3


def test_an_error_in_the_model_call_reaches_every_caller_in_it() -> None:
    model = Recorder(fail=True)
    batcher = QueryBatcher(model, max_size=3, wait_s=LONG)
    out, threads = _run(batcher, [["a 需求"], ["b 需求"], ["c 需求"]])
    _join(threads)
    assert len(model.calls) == 1
    assert all(isinstance(o, RuntimeError) and str(o) == "model broke" for o in out)
    # the batcher is usable afterwards: nothing is left queued or marked running
    model.fail = False
    assert batcher.pending() == 0
    solo = QueryBatcher(model, max_size=3, wait_s=0)
    assert solo.encode(["d 需求"]).shape == (1, NgramEmbedder().dim)


def test_arrivals_during_a_running_call_go_together_in_the_next_in_arrival_order() -> None:
    gate = threading.Event()
    model = Recorder(gate=gate)
    batcher = QueryBatcher(model, max_size=8, wait_s=0)
    first, t1 = _run(batcher, [["第一"]])
    assert model.entered.wait(LONG)  # the first call runs and is held
    later: list[Any] = []
    threads: list[threading.Thread] = []
    for i, texts in enumerate([["第二", "第二b"], ["第三"], ["第四"]]):
        out, ts = _run(batcher, [texts])
        later.append(out)
        threads += ts
        assert batcher.wait_pending(i + 1, LONG)  # queued behind the running call, in this order
    gate.set()
    _join(t1 + threads)
    assert model.calls == [["第一"], ["第二", "第二b", "第三", "第四"]]
    alone = NgramEmbedder()
    np.testing.assert_allclose(first[0], alone.encode_query(["第一"]), rtol=1e-6)
    np.testing.assert_allclose(later[0][0], alone.encode_query(["第二", "第二b"]), rtol=1e-6)
    np.testing.assert_allclose(later[2][0], alone.encode_query(["第四"]), rtol=1e-6)


def test_a_batch_never_exceeds_its_size_and_long_requests_go_straight_to_the_model() -> None:
    gate = threading.Event()
    model = Recorder(gate=gate)
    batcher = QueryBatcher(model, max_size=3, wait_s=0)
    _, t1 = _run(batcher, [["一"]])
    assert model.entered.wait(LONG)
    rest: list[threading.Thread] = []
    for i, texts in enumerate([["二", "三"], ["四"], ["五", "六"]]):
        _, ts = _run(batcher, [texts])
        rest += ts
        assert batcher.wait_pending(i + 1, LONG)
    long = batcher.encode(["七", "八", "九"])  # as long as a batch: not queued, its own call
    assert long.shape[0] == 3
    gate.set()
    _join(t1 + rest)
    assert model.calls[0] == ["一"] and ["七", "八", "九"] in model.calls
    queued = [c for c in model.calls[1:] if c != ["七", "八", "九"]]
    assert queued == [["二", "三", "四"], ["五", "六"]]
    assert all(len(c) <= 3 for c in queued)


def test_the_wrapper_is_the_model_for_everything_but_queries_and_the_settings_turn_it_on() -> None:
    inner = NgramEmbedder()
    assert with_query_batching(inner, max_size=1, wait_ms=2) is inner
    wrapped = with_query_batching(inner, max_size=8, wait_ms=2)
    assert isinstance(wrapped, BatchingEmbedder)
    assert with_query_batching(wrapped, max_size=8, wait_ms=2) is wrapped
    assert wrapped.model_id == inner.model_id and wrapped.dim == inner.dim
    assert wrapped.cosine_range == inner.cosine_range
    np.testing.assert_allclose(wrapped.encode_document(["文档"]), inner.encode_document(["文档"]))
    np.testing.assert_allclose(wrapped.encode_query(["查询"]), inner.encode_query(["查询"]))
    assert wrapped.batcher.wait_s == pytest.approx(0.002)


def test_batching_settings_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNODOCK_MATCHER_QUERY_BATCH_SIZE", "4")
    monkeypatch.setenv("INNODOCK_MATCHER_QUERY_BATCH_WAIT_MS", "1.5")
    cfg = MatcherConfig()
    assert cfg.query_batch_size == 4 and cfg.query_batch_wait_ms == 1.5
    monkeypatch.setenv("INNODOCK_MATCHER_QUERY_BATCH_SIZE", "0")
    with pytest.raises(ValueError, match="query_batch_size"):
        MatcherConfig()
