"""e5 in ONNX Runtime (matcher/embedding/onnx_e5.py), an optional runtime measured by benchmarks/encoders.py: its
pooling against sentence-transformers' own, the clear refusal without onnxruntime, and (when onnxruntime is
installed) its vectors against torch's."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from core.errors import InnodockError
from matcher.embedding.onnx_e5 import OnnxE5Embedder, mean_pool


def test_mean_pool_is_sentence_transformers_mean_pooling_then_normalise() -> None:
    import torch
    from sentence_transformers.models import Normalize, Pooling

    rng = np.random.default_rng(3)
    hidden = rng.normal(size=(3, 7, 16)).astype(np.float32)
    mask = np.array([[1] * 7, [1] * 4 + [0] * 3, [1] + [0] * 6], dtype=np.float32)
    features = {"token_embeddings": torch.from_numpy(hidden), "attention_mask": torch.from_numpy(mask)}
    expected = Normalize()(Pooling(16, pooling_mode="mean")(features))["sentence_embedding"].numpy()
    assert np.allclose(mean_pool(hidden, mask), expected, atol=1e-6)


def test_without_onnxruntime_the_setting_fails_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now raises ImportError
    with pytest.raises(InnodockError) as refused:
        OnnxE5Embedder(tmp_path, model_id="x", int8=False, cosine_range=(0.7, 0.9), cross_lingual_offset=0.0,
                       low_confidence_threshold=0.5)
    assert refused.value.field == "model" and "pip install onnxruntime" in str(refused.value)


TEXTS = ["动力电池失效分析，依据GB/T 31485-2015，测试针刺、过充。", "压力表、温度计的检定和校准。",
         "We need salt-spray testing for aluminium auto parts.", "电池测试"]


@pytest.mark.slow  # exports the model to ONNX (≈10 s) and quantises it
def test_onnx_vectors_agree_with_torch(e5_home: Path, e5_embedder: Any) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from matcher.embedding.models import load_embedder

    fp32 = load_embedder("e5-onnx", home=e5_home)
    q, d = fp32.encode_query(TEXTS), fp32.encode_document(TEXTS)
    assert np.min(np.sum(q * e5_embedder.encode_query(TEXTS), axis=1)) >= 0.9999
    assert np.min(np.sum(d * e5_embedder.encode_document(TEXTS), axis=1)) >= 0.9999
    int8 = load_embedder("e5-onnx-int8", home=e5_home)
    assert int8.model_id not in (fp32.model_id, e5_embedder.model_id)
    assert np.min(np.sum(int8.encode_query(TEXTS) * e5_embedder.encode_query(TEXTS), axis=1)) >= 0.95
