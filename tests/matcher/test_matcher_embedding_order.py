"""Documents go to the model shortest first (``matcher.embedding.cache.encode_cached``, issue 33 item 5), so a
batch pads little; each vector still lands in its own text's row, copies and cached texts included."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matcher.embedding.cache import EmbeddingCache, encode_cached

TEXTS = ["一段很长很长的能力描述，包含标准号和检测项目", "短", "中等长度的文本", "短", "另一段较长的能力描述文本"]


def _fake(seen: list[list[str]]) -> object:
    def encode(texts: Sequence[str]) -> np.ndarray:
        seen.append(list(texts))
        return np.array([[len(t), sum(map(ord, t)) % 997] for t in texts], dtype=np.float32)
    return encode


def _expected(texts: Sequence[str]) -> np.ndarray:
    return np.array([[len(t), sum(map(ord, t)) % 997] for t in texts], dtype=np.float32)


def test_texts_are_embedded_shortest_first_and_put_back_in_place(tmp_path: Path) -> None:
    seen: list[list[str]] = []
    out, n = encode_cached(TEXTS, model_id="fake", dim=2, encode=_fake(seen), cache=None, chunk=2)  # type: ignore[arg-type]
    assert n == 4  # "短" twice, embedded once
    sent = [t for batch in seen for t in batch]
    assert sent == sorted(set(TEXTS), key=len) and [len(b) for b in seen] == [2, 2]
    assert np.array_equal(out, _expected(TEXTS))
    # in the documents' order when asked, the same vectors
    seen_plain: list[list[str]] = []
    plain, _ = encode_cached(TEXTS, model_id="fake", dim=2, encode=_fake(seen_plain), cache=None, chunk=2,  # type: ignore[arg-type]
                             by_length=False)
    assert [t for b in seen_plain for t in b] == [TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[4]]
    assert np.array_equal(plain, out)
    # with a cache holding some: only the rest, still shortest first, every row in place
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    encode_cached(TEXTS[:2], model_id="fake", dim=2, encode=_fake([]), cache=cache)  # type: ignore[arg-type]
    later: list[list[str]] = []
    again, n2 = encode_cached(TEXTS, model_id="fake", dim=2, encode=_fake(later), cache=cache)  # type: ignore[arg-type]
    assert n2 == 2 and [t for b in later for t in b] == ["中等长度的文本", "另一段较长的能力描述文本"]
    assert np.array_equal(again, _expected(TEXTS))
    cache.close()
