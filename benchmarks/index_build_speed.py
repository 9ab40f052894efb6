"""How fast an index build embeds documents (issue 33, item 5): the default ensemble's document encoders on the
written catalog's capability texts, through the build's own path (``matcher.embedding.cache.encode_documents``, no
cache), in the documents' order or shortest first (``by_length``), at several of the model's batch sizes.

    .venv/bin/python benchmarks/index_build_speed.py [--docs 460] [--batches 16,32,64] [--rounds 2] [--json FILE]

Every configuration runs ``--rounds`` times in alternating order in one process (the models loaded once), and the
figures are medians; each is also a ratio to the first configuration of the same run (documents' order, the
default batch), because machines here are noisy. Lossless is checked, not assumed: the minimum cosine of every
configuration's vectors with the first's, per part of the ensemble.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=460)
    ap.add_argument("--batches", default="16,32,64")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench/build-speed"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from encoders import texts

    from matcher.embedding.cache import encode_documents
    from matcher.embedding.models import DEFAULT_BATCH, load_embedder
    from matcher.schemas import MatcherConfig

    spec = MatcherConfig().model
    emb: Any = load_embedder(spec, home=args.home)
    _, docs = texts(1, args.docs)
    parts = list(getattr(emb, "parts", None) or [emb])
    batches = [int(b) for b in args.batches.split(",")]
    configs = [(False, DEFAULT_BATCH)] + [(o, b) for o in (False, True) for b in batches if (o, b) != (False,
                                                                                               DEFAULT_BATCH)]
    emb.encode_document(docs[:8])  # warm every part
    times: dict[tuple[bool, int], list[float]] = {c: [] for c in configs}
    vectors: dict[tuple[bool, int], np.ndarray] = {}
    for r in range(args.rounds):
        for by_length, batch in (configs if r % 2 == 0 else list(reversed(configs))):
            for p in parts:
                if hasattr(p, "batch_size"):
                    p.batch_size = batch
            t = time.perf_counter()
            vecs, _ = encode_documents(docs, embedder=emb, cache=None, by_length=by_length)
            times[(by_length, batch)].append(time.perf_counter() - t)
            vectors[(by_length, batch)] = vecs
    base = configs[0]
    bounds = np.cumsum([0, *(int(getattr(p, "dim", vectors[base].shape[1])) for p in parts)])
    rows = []
    print(f"model {spec}, {len(docs)} documents, {args.rounds} rounds; figures are medians")
    print(f"{'order':<14}{'batch':>6}{'texts/s':>10}{'× base':>8}  min cosine with base, per part")
    base_rate = len(docs) / statistics.median(times[base])
    for by_length, batch in configs:
        rate = len(docs) / statistics.median(times[(by_length, batch)])
        cos = []
        for a, b in itertools.pairwise(bounds):
            x, y = vectors[(by_length, batch)][:, a:b], vectors[base][:, a:b]
            x = x / np.linalg.norm(x, axis=1, keepdims=True)
            y = y / np.linalg.norm(y, axis=1, keepdims=True)
            cos.append(float(np.min(np.sum(x * y, axis=1))))
        order = "shortest first" if by_length else "documents'"
        print(f"{order:<14}{batch:>6}{rate:>10.1f}{rate / base_rate:>8.2f}  {', '.join(f'{c:.6f}' for c in cos)}")
        rows.append({"by_length": by_length, "batch": batch, "texts_per_s": rate, "ratio": rate / base_rate,
                     "min_cosine": cos, "seconds": times[(by_length, batch)]})
    if args.json:
        args.json.write_text(json.dumps({"model": spec, "docs": len(docs), "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
