"""e5 in ONNX Runtime, fp32 or int8: a candidate runtime measured by ``benchmarks/encoders.py`` (issue 15 step 1).

Why it is here and not only in the benchmark: match quality per runtime is measured through the matcher
(``benchmarks/match_quality.py --variants onnx,onnx-int8``), which loads embedders by their setting. It is optional:
``onnxruntime`` and ``onnx`` are not in the lock file (``pip install onnxruntime onnx`` adds them); the setting fails
with one clear line without them.

The graph is exported once from the rebuilt e5 folder with torch's TorchScript exporter (``dynamo=False``: the dynamo
exporter of torch 2.13 needs ``onnxscript`` as well) and stored beside the folder's weights, in ``onnx/``; the int8
file is ONNX Runtime's dynamic quantisation of it (int8 weights of the MatMuls). After that, encoding needs neither
torch nor transformers: the folder's ``tokenizer.json`` (tokenizers), the session, then e5's mean pooling and L2
normalisation, written here and checked against sentence-transformers' own pooling in the tests.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.errors import InnodockError

MAX_TOKENS = 512
_export_lock = threading.Lock()


def _require_onnxruntime() -> None:
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise InnodockError("此运行时需要 onnxruntime / this runtime needs onnxruntime: pip install onnxruntime onnx",
                            field="model") from exc


def export_onnx(folder: Path, *, int8: bool) -> Path:
    """The ONNX file of the e5 folder (exported, and quantised for ``int8``, on first use; atomic renames)."""
    target = folder / "onnx" / ("model-int8.onnx" if int8 else "model.onnx")
    if target.is_file():
        return target
    with _export_lock:
        if target.is_file():
            return target
        fp32 = folder / "onnx" / "model.onnx"
        fp32.parent.mkdir(parents=True, exist_ok=True)
        if not fp32.is_file():
            _export_fp32(folder, fp32)
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            part = target.with_suffix(".part.onnx")
            quantize_dynamic(str(fp32), str(part), weight_type=QuantType.QInt8)
            os.replace(part, target)
    return target


def _export_fp32(folder: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones(2, 16, dtype=torch.long)
    part = out.with_suffix(".part.onnx")
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(LastHiddenState(model), (ids, torch.ones_like(ids)), str(part),
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
                          opset_version=17, dynamo=False)
    os.replace(part, out)


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """e5's pooling: the mean of the token vectors under the attention mask, then L2 normalisation."""
    summed = (hidden * mask[..., None]).sum(axis=1)
    counts = np.maximum(mask.sum(axis=1, keepdims=True), 1)
    pooled = summed / counts
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(pooled / norms, dtype=np.float32)


class OnnxE5Embedder:
    """The rebuilt e5 folder run by ONNX Runtime (``e5-onnx``, ``e5-onnx-int8``), with the folder's own prompts."""

    dim = 384

    def __init__(self, folder: Path, *, model_id: str, int8: bool, cosine_range: tuple[float, float],
                 cross_lingual_offset: float, low_confidence_threshold: float, threads: int | None = None,
                 batch_size: int = 32) -> None:
        _require_onnxruntime()
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = export_onnx(folder, int8=int8)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()
        prompts = json.loads((folder / "config_sentence_transformers.json").read_text(encoding="utf-8")).get(
            "prompts", {})
        self._query_prefix = str(prompts.get("query", ""))
        self._doc_prefix = str(prompts.get("document", ""))
        self.model_id = model_id
        self.batch_size = batch_size
        self.cosine_range = cosine_range
        self.cross_lingual_offset = cross_lingual_offset
        self.low_confidence_threshold = low_confidence_threshold

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        for i in range(0, len(texts), self.batch_size):
            batch = self._tokenizer.encode_batch([prefix + t for t in texts[i : i + self.batch_size]])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            parts.append(mean_pool(np.asarray(hidden, dtype=np.float32), mask.astype(np.float32)))
        return np.vstack(parts)

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prefix)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._doc_prefix)
