"""Train the product chooser (intake.product_choice) on the development sets, and measure it on sets it never saw.

    .venv/bin/python benchmarks/train_product_chooser.py             # train, write intake/data/product_chooser.*.json
    .venv/bin/python benchmarks/train_product_chooser.py --forward   # and the forward-chained table first
    .venv/bin/python benchmarks/train_product_chooser.py --forward --no-write

What it trains on: every development set of benchmarks/intake_products.py (``dev_items``: the written sets and the
real sets up to the last development one, never the held-out set). Each text is read as the extractor reads it
(``clean_text``), the rule reader's eight best candidates are taken (``product_candidates``), each labelled right
when the agreed rule of tests/intake/data/products/README.md accepts it (``is_right``; a text that names no product
has no right candidate). The model is a logistic regression (scikit-learn, C = 1) over ``product_choice.features``;
the threshold below which no candidate is taken is chosen out of fold, each set left out in turn (its texts read by a
model trained on the other sets), as the best mean accuracy over a grid.

``--forward`` is the honest estimate: each real set from real7 on is read by a chooser trained only on the sets
committed before it (as the next, unseen set will be read), against today's rules on the same set. Today's rules
were written from every development set's errors, so the rules' column is optimistic and the gain is measured
against a strong baseline.

The text and each candidate are embedded by the product's embedder (the service-type head's, ``--model e5``);
``--cache FILE.npz`` keeps the vectors between runs (keyed by the model id and the text).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_products import dev_items  # noqa: E402

from intake.extract import clean_text  # noqa: E402
from intake.extract.product import ProductCandidate, extract_product, product_candidates  # noqa: E402
from intake.product_choice import TOP, ProductChooser, chooser_path, features  # noqa: E402
from intake.quality import ProductItem, is_exact, is_right  # noqa: E402
from intake.semantic import HEAD_DIR  # noqa: E402

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
FIRST_FORWARD = 7  # real7 is the first real set read forward: before it, too few real sets to train on


@dataclass
class Row:
    set: str
    item: ProductItem
    body: str
    language: str
    candidates: list[ProductCandidate]
    rule: str | None
    x: np.ndarray  # features, one row per candidate
    y: np.ndarray  # right or not, per candidate


def embed_cached(texts: Sequence[str], embedder: Any, cache: Path | None) -> dict[str, np.ndarray]:
    keys = {t: hashlib.sha256(f"{embedder.model_id}\n{t}".encode()).hexdigest() for t in texts}
    stored: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as data:
            stored = {k: data[k] for k in data.files}
    todo = sorted({t for t, k in keys.items() if k not in stored}, key=len)
    start = time.perf_counter()
    for i in range(0, len(todo), 64):
        batch = todo[i:i + 64]
        for t, v in zip(batch, embedder.encode_query(batch), strict=True):
            stored[keys[t]] = np.asarray(v, dtype=np.float32)
        print(f"\rembedded {min(i + 64, len(todo))}/{len(todo)} ({time.perf_counter() - start:.0f} s)", end="",
              flush=True)
        if cache is not None and (i // 64) % 40 == 39:
            np.savez(cache, **stored)
    if todo:
        print()
        if cache is not None:
            np.savez(cache, **stored)
    return {t: stored[k] for t, k in keys.items()}


def build_rows(embedder: Any, cache: Path | None) -> list[Row]:
    read: list[tuple[str, ProductItem, str, str, list[ProductCandidate], str | None]] = []
    for name, items in dev_items().items():
        for item in items:
            body = clean_text(item.text)
            language, cands = product_candidates(body, top=TOP)
            read.append((name, item, body, language, cands, extract_product(body)))
    texts = sorted({r[2] for r in read} | {c.text for r in read for c in r[4]})
    vec = embed_cached(texts, embedder, cache)
    rows = []
    for name, item, body, language, cands, rule in read:
        x = features(cands, np.stack([vec[c.text] for c in cands]) if cands else np.zeros((0, 0)), vec[body], rule,
                     language)
        y = np.array([item.product is not None and is_right(c.text, item) for c in cands], dtype=bool)
        rows.append(Row(name, item, body, language, cands, rule, x, y))
    return rows


def fit(rows: Sequence[Row]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    used = [r for r in rows if r.candidates]
    x = np.vstack([r.x for r in used])
    y = np.concatenate([r.y for r in used])
    model = LogisticRegression(C=1.0, max_iter=5000)
    model.fit(x, y)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def chooser_of(coef: np.ndarray, intercept: float, threshold: float, model_id: str,
               trained_on: Sequence[str] = ()) -> ProductChooser:
    return ProductChooser(model_id=model_id, coef=coef, intercept=intercept, threshold=threshold,
                          trained_on=tuple(trained_on))


def readings(chooser: ProductChooser, rows: Sequence[Row]) -> list[tuple[str | None, ProductItem]]:
    return [(chooser.choose(r.candidates, chooser.probabilities(r.x), r.rule) if r.candidates else r.rule, r.item)
            for r in rows]


def accuracy(pairs: Sequence[tuple[str | None, ProductItem]]) -> float:
    return sum(is_right(a, b) for a, b in pairs) / len(pairs) if pairs else 0.0


def choose_threshold(rows: Sequence[Row], model_id: str) -> float:
    """The threshold with the best accuracy out of fold, each set read by a model trained on the others."""
    sets = sorted({r.set for r in rows})
    pairs: dict[float, list[tuple[str | None, ProductItem]]] = {t: [] for t in THRESHOLDS}
    for left in sets:
        coef, intercept = fit([r for r in rows if r.set != left])
        test = [r for r in rows if r.set == left]
        for t in THRESHOLDS:
            pairs[t] += readings(chooser_of(coef, intercept, t, model_id), test)
    return max(THRESHOLDS, key=lambda t: (round(accuracy(pairs[t]), 4), -abs(t - 0.35)))


def forward(rows: Sequence[Row], model_id: str) -> None:
    order = list(dict.fromkeys(r.set for r in rows))
    tests = [s for s in order if s.startswith("intake_real") and s[11:].isdigit() and int(s[11:]) >= FIRST_FORWARD]
    total_rules: list[tuple[str | None, ProductItem]] = []
    total_chosen: list[tuple[str | None, ProductItem]] = []
    print(f"{'set':16s} {'n':>4s}  {'rules':>6s}  {'chooser':>7s}  threshold (chosen on the sets before)")
    for name in tests:
        before = [r for r in rows if r.set in order[:order.index(name)]]
        test = [r for r in rows if r.set == name]
        threshold = choose_threshold(before, model_id)
        coef, intercept = fit(before)
        chosen = readings(chooser_of(coef, intercept, threshold, model_id), test)
        ruled = [(r.rule, r.item) for r in test]
        total_rules += ruled
        total_chosen += chosen
        print(f"{name:16s} {len(test):4d}  {accuracy(ruled):6.3f}  {accuracy(chosen):7.3f}  {threshold}", flush=True)
    n = len(total_rules)
    print(f"{'ALL':16s} {n:4d}  {accuracy(total_rules):6.3f}  {accuracy(total_chosen):7.3f}  "
          f"(exact {sum(is_exact(a, b) for a, b in total_rules) / n:.3f} -> "
          f"{sum(is_exact(a, b) for a, b in total_chosen) / n:.3f})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="e5")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--forward", action="store_true", help="print the forward-chained table first")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    from core.settings import Settings
    from matcher.embedding.models import load_embedder

    embedder = load_embedder(args.model, home=args.home or Settings().home)
    rows = build_rows(embedder, args.cache)
    if args.forward:
        forward(rows, embedder.model_id)
    threshold = choose_threshold(rows, embedder.model_id)
    coef, intercept = fit(rows)
    sets = list(dict.fromkeys(r.set for r in rows))
    chooser = chooser_of(coef, intercept, threshold, embedder.model_id, sets)
    print(f"trained on {len(rows)} texts of {len(sets)} sets, threshold {threshold} (chosen out of fold), "
          f"{date.today().isoformat()}")
    if not args.no_write:
        path = chooser_path(embedder.model_id, HEAD_DIR)
        path.write_text(chooser.to_json(), "utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
