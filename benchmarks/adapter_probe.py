"""Unsupervised domain adaptation of e5 on the catalog itself, probed on the real-world set (dense scores only).

    .venv/bin/python benchmarks/adapter_probe.py [--home DIR]

What it tries (issue 13 step 2): a linear map W (384×384, started at the identity, pulled back to it by λ‖W − I‖²)
trained with an InfoNCE loss on pairs the catalog gives for free — each center's name and industries (its card,
embedded as a query) against its own description (embedded as a passage), other centers' descriptions as negatives.
Query side: W is applied to need embeddings; document side: W is applied to the descriptions. Also the cheapest
adaptation, centring every vector on the catalog's mean (anisotropy removal). Nothing here is used by the matcher:
docs/matching.md §8c has the figures and why none was kept. Everything is computed from providers.jsonl and the needs'
texts; the labels are read only to score.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from benchmarks.match_quality import REAL, in_split, load_set, tune_half  # noqa: E402
from kb.schemas import CenterRecord  # noqa: E402
from matcher.embedding.models import load_embedder  # noqa: E402
from matcher.quality import ndcg_at_k  # noqa: E402
from matcher.text import center_card_text, center_profile_text  # noqa: E402


def scores(q: np.ndarray, d: np.ndarray, needs: list[dict[str, Any]], ids: list[str]) -> dict[str, float]:
    sims = q @ d.T
    tune = tune_half(needs)
    out: dict[str, list[float]] = {k: [] for k in ("all", "zh", "en", "tune", "held")}
    for i, need in enumerate(needs):
        if not need["relevance"]:
            continue
        ranked = [ids[j] for j in np.argsort(-sims[i], kind="stable")]
        for split in out:
            if in_split(need, split, tune):
                out[split].append(ndcg_at_k(ranked, need["relevance"]))
    return {k: round(float(np.mean(v)), 3) for k, v in out.items()}


def train(src: np.ndarray, dst: np.ndarray, *, lam: float, steps: int, lr: float, tau: float = 0.05) -> np.ndarray:
    import torch

    torch.manual_seed(0)
    w = torch.eye(src.shape[1], requires_grad=True)
    a, b = torch.tensor(src), torch.tensor(dst)
    opt = torch.optim.Adam([w], lr=lr)
    target = torch.arange(len(a))
    for _ in range(steps):
        logits = torch.nn.functional.normalize(a @ w, dim=1) @ b.T / tau
        loss = torch.nn.functional.cross_entropy(logits, target) + lam * ((w - torch.eye(src.shape[1])) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return w.detach().numpy()


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench/adapter"))
    args = ap.parse_args()
    centers = [CenterRecord.model_validate({k: v for k, v in r.items() if k in CenterRecord.model_fields})
               for r in load_set(REAL / "providers.jsonl")]
    needs = load_set(REAL / "needs.jsonl")
    ids = [c.id for c in centers]
    e5 = load_embedder("e5", home=args.home)
    docs = e5.encode_document([center_profile_text(c) or c.name for c in centers])
    cards = e5.encode_query([center_card_text(c) for c in centers])
    queries = e5.encode_query([n["text"] for n in needs])
    print("e5 as it is          ", scores(queries, docs, needs, ids))
    mu = docs.mean(axis=0)
    print("centred on the catalog", scores(unit(queries - mu), unit(docs - mu), needs, ids))
    for lam, steps, lr in ((1.0, 200, 0.01), (0.1, 200, 0.01), (0.1, 50, 0.001)):
        w = train(cards, docs, lam=lam, steps=steps, lr=lr)
        print(f"query-side W λ={lam} steps={steps} lr={lr}", scores(unit(queries @ w), docs, needs, ids))
        w = train(docs, cards, lam=lam, steps=steps, lr=lr)
        print(f"doc-side   W λ={lam} steps={steps} lr={lr}", scores(queries, unit(docs @ w), needs, ids))


if __name__ == "__main__":
    main()
