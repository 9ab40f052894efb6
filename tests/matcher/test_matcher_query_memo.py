"""A worker's memo of query vectors (issue 33): a text seen is not embedded again, the rows are the model's, the
oldest text goes first, and a submission's second match of the same words costs no model call."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from matcher.embedding.query_memo import QueryMemo, with_query_memo


class Model:
    """A model that records each call; a text's vector depends on the text alone."""

    model_id = "fake-model"
    dim = 4

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.array([[len(t), sum(map(ord, t)) % 97, 1.0, 0.5] for t in texts], dtype=np.float32).reshape(-1, 4)
        return out / np.linalg.norm(out, axis=1, keepdims=True) if len(texts) else out

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_query(texts)


def test_a_text_seen_is_not_embedded_again_and_gets_the_same_rows() -> None:
    model = Model()
    memo = QueryMemo(model, size=8)
    first = memo.encode_query(["电池包失效分析", "校准压力表"])
    again = memo.encode_query(["校准压力表", "新的需求", "电池包失效分析", "新的需求"])
    assert model.calls == [["电池包失效分析", "校准压力表"], ["新的需求"]]  # the unseen text once, in one call
    np.testing.assert_array_equal(again, Model().encode_query(["校准压力表", "新的需求", "电池包失效分析", "新的需求"]))
    np.testing.assert_array_equal(again[2], first[0])
    assert (memo.stats.hits, memo.stats.misses) == (3, 3)


def test_the_least_recently_used_text_goes_first() -> None:
    model = Model()
    memo = QueryMemo(model, size=2)
    memo.encode_query(["a"])
    memo.encode_query(["b"])
    memo.encode_query(["a"])  # a is now the most recent
    memo.encode_query(["c"])  # b goes
    memo.encode_query(["a", "b"])
    assert model.calls == [["a"], ["b"], ["c"], ["b"]]


def test_rows_handed_out_cannot_change_the_memo() -> None:
    memo = QueryMemo(Model(), size=4)
    rows = memo.encode_query(["检测"])
    rows[0, 0] = 42.0  # the caller's copy
    assert memo.encode_query(["检测"])[0, 0] != 42.0


def test_the_rest_is_the_models_and_size_zero_is_no_memo() -> None:
    model = Model()
    memo = with_query_memo(model, size=4)
    assert memo.model_id == "fake-model" and memo.dim == 4
    assert with_query_memo(memo, size=4) is memo
    assert with_query_memo(model, size=0) is model
    memo.encode_document(["文档"])
    memo.encode_document(["文档"])
    assert model.calls == [["文档"], ["文档"]]  # documents go to the model every time
    assert memo.encode_query([]).shape == (0, 4)


def test_a_model_that_returns_the_wrong_number_of_rows_is_an_error() -> None:
    class Broken(Model):
        def encode_query(self, texts: Sequence[str]) -> np.ndarray:
            return np.zeros((1, 4), np.float32)

    with pytest.raises(RuntimeError, match="2 texts"):
        QueryMemo(Broken(), size=4).encode_query(["a", "b"])
