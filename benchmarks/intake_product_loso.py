"""The product read on a set never seen: leave one real development set out, train the chooser on the rest, read it.

Every held-out real set so far read the product far below the development sets (docs/intake.md), and no rule change
moved a held-out reading: the rules fit the texts they were written on. As ``intake_service_loso.py`` does for the
service types, this estimates what a never-seen set gets: each real development set S of
``intake_products.dev_items()`` (the first real set, real2's two parts, en_real_dev, real5 to real11; the written
sets are training data only) is read by
- ``off``: the rules alone (:func:`intake.extract.product.extract_product`);
- ``oracle``: whether any candidate is right (or the gold is null): the ceiling of any chooser over these candidates
  (``oracle_exact``: one is the gold phrase itself, as ``exact`` counts);
- each variant of :data:`VARIANTS`: a chooser (``benchmarks/product_candidates.py``) trained on every other
  development set, its C and its bar chosen by leave-one-set-out inside that pool, never on S.
Per set and language: accuracy (intake.quality's rule); then per language the mean over the sets with at least
``--min-n`` texts of that language, and the pooled figure. One caveat the figures cannot remove: the rules (and so
the candidates and their scores) were written looking at every development set, so ``off`` and every chooser over
its candidates are optimistic on each S; what the chooser itself learns is judged honestly.

Never reads the held-out sets (the product benchmark's HELDOUT_DIR, real13 since 2026-11-27 evening;
en_real_heldout; the held-out dialogues).
Usage: .venv/bin/python benchmarks/intake_product_loso.py [--variants all|chooser,override,…] [--sets intake_real9,…]
       [--json benchmarks/results/intake_product_loso-<name>.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_products import dev_items  # noqa: E402
from product_candidates import FEATURES, Candidate, ChooserModel, candidates  # noqa: E402

from intake.extract.product import extract_product  # noqa: E402
from intake.quality import ProductItem, is_exact, is_right  # noqa: E402

WRITTEN = ("intake_dev", "intake_fresh", "intake_fresh2", "intake_fresh3", "intake_fresh4")
C_GRID = (0.003, 0.01, 0.03, 0.3)


@dataclass
class Text:
    set: str
    item: ProductItem
    rules: str | None
    cands: list[Candidate]
    english: bool
    labels: np.ndarray  # 1 where the candidate is right

    @property
    def language(self) -> str:
        return self.item.language


def load_texts() -> list[Text]:
    out: list[Text] = []
    for name, items in dev_items().items():
        for item in items:
            reading = extract_product(item.text)
            cands, english = candidates(item.text, reading)
            labels = np.array([is_right(c.phrase, item) for c in cands], dtype=float)
            out.append(Text(name, item, reading, cands, english, labels))
    return out


def _matrix(texts: Sequence[Text]) -> tuple[np.ndarray, np.ndarray]:
    rows = [c.features for t in texts for c in t.cands]
    ys = [y for t in texts for y in t.labels]
    return np.array(rows, dtype=float).reshape(-1, len(FEATURES)), np.array(ys)


_FITS: dict[tuple[frozenset[str], bool | None, float, str, tuple[str, ...]], ChooserModel] = {}


def fit_without(texts: Sequence[Text], left_out: frozenset[str], english: bool | None, c: float, loss: str,
                drop: tuple[str, ...]) -> ChooserModel:
    """A model fitted on every text outside the ``left_out`` sets (of one language group), memoised: the inner
    leave-one-set-out of fold S leaving s out fits what fold s leaving S out fits."""
    key = (left_out, english, c, loss, drop)
    if key not in _FITS:
        _FITS[key] = fit([t for t in texts if t.set not in left_out and (english is None or t.english == english)],
                         c, loss=loss, drop=drop)
    return _FITS[key]


def fit(texts: Sequence[Text], c: float, bar: float = 0.0, *, loss: str = "point",
        drop: Sequence[str] = ()) -> ChooserModel:
    """``point``: every candidate a labelled example (``point_text``: a text's weight shared by its candidates);
    ``pair``: each right candidate against each wrong one of the same text (the difference of their features, both
    signs), as matcher.ranker fits; the intercept is then 0 and the bar reads a score, not a logit."""
    from sklearn.linear_model import LogisticRegression

    x, y = _matrix(texts)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    keep = np.array([f not in drop for f in FEATURES], dtype=float)
    if loss == "pair":
        diffs: list[np.ndarray] = []
        weights_: list[float] = []
        for t in texts:
            if not t.cands or t.labels.all() or not t.labels.any():
                continue
            z = (np.array([cd.features for cd in t.cands], dtype=float) - mean) / scale * keep
            pos, neg = z[t.labels == 1], z[t.labels == 0]
            d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, len(FEATURES))
            diffs += [d, -d]
            weights_ += [1.0 / len(d)] * (2 * len(d))
        xd = np.vstack(diffs)
        yd = np.concatenate([np.ones(len(d)) if k % 2 == 0 else np.zeros(len(d)) for k, d in enumerate(diffs)])
        clf = LogisticRegression(C=c, solver="liblinear", fit_intercept=False, max_iter=1000).fit(
            xd, yd, sample_weight=np.array(weights_) * len(texts))
        return ChooserModel(FEATURES, tuple(mean.tolist()), tuple(scale.tolist()),
                            tuple((clf.coef_[0] * keep).tolist()), 0.0, bar)
    if loss == "abstain":
        # one row per text the rules read a product in: its reading's features; 1 when the text names no product
        # (dropping the reading makes it right), 0 when the reading is right (dropping it makes it wrong); a wrong
        # reading of a named product gains nothing either way and is left out
        rows, ys = [], []
        for t in texts:
            own = [k for k, cd in enumerate(t.cands) if cd.features[_IS_READING] == 1.0]
            if t.rules is None or not own:
                continue
            if t.item.product is None or is_right(t.rules, t.item):
                rows.append(t.cands[own[0]].features)
                ys.append(1.0 if t.item.product is None else 0.0)
        xa = np.array(rows, dtype=float)
        mean, scale = xa.mean(axis=0), xa.std(axis=0)
        scale[scale < 1e-9] = 1.0
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit((xa - mean) / scale * keep, ys)
        return ChooserModel(FEATURES, tuple(mean.tolist()), tuple(scale.tolist()),
                            tuple((clf.coef_[0] * keep).tolist()), float(clf.intercept_[0]), bar)
    z = (x - mean) / scale * keep
    sw = np.ones(len(x))
    if loss == "point_text":  # each text weighs the same, however many candidates it has
        sw = np.array([1.0 / len(t.cands) for t in texts for _ in t.cands])
        sw *= len(x) / sw.sum()
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(z, y, sample_weight=sw)
    return ChooserModel(FEATURES, tuple(mean.tolist()), tuple(scale.tolist()), tuple((clf.coef_[0] * keep).tolist()),
                        float(clf.intercept_[0]), bar)


_RULE_SCORE = FEATURES.index("rule_score")
_EXTRA = FEATURES.index("extra")


def _logits(t: Text, model: ChooserModel | None) -> np.ndarray:
    """The model's scores of the text's candidates; without a model (``loss="none"``) the rules' own scores (a
    candidate the rules do not make scores -99)."""
    if not t.cands:
        return np.zeros(0)
    if model is None:
        return np.array([c.features[_RULE_SCORE] if not c.features[_EXTRA] else -OFF for c in t.cands])
    return model.logits(np.array([c.features for c in t.cands], dtype=float))


_IS_READING = FEATURES.index("is_reading")
# A reader maps a text, its candidates' scores and one point of its grid to a reading; every grid holds "off" (the
# rules' reading), so the inner leave-one-set-out can choose to change nothing.
Reader = Callable[[Text, np.ndarray, tuple[float, ...]], "str | None"]
OFF = 99.0


def _chooser(t: Text, lg: np.ndarray, p: tuple[float, ...]) -> str | None:
    """The likeliest candidate when its score reaches the bar (-99: always), else none."""
    if not len(lg):
        return None
    i = int(np.argmax(lg))
    return t.cands[i].phrase if lg[i] >= p[0] else None


def _override(t: Text, lg: np.ndarray, p: tuple[float, ...]) -> str | None:
    """The rules' reading, unless the likeliest candidate beats it by ``margin`` (p[0]); a text the rules read as
    naming none gets the likeliest when its score reaches p[1]; a reading whose own score is under p[2] is dropped
    (abstention). (OFF, OFF, -OFF) is the rules alone."""
    margin, fill, drop = p
    if not len(lg):
        return t.rules
    i = int(np.argmax(lg))
    if t.rules is None:
        return t.cands[i].phrase if lg[i] >= fill else None
    own = [k for k, c in enumerate(t.cands) if c.features[_IS_READING] == 1.0]
    if not own:
        return t.rules
    r = own[0]
    if lg[i] - lg[r] >= margin:
        return t.cands[i].phrase
    return t.rules if lg[r] >= drop else None


def _rule_bar(t: Text, lg: np.ndarray, p: tuple[float, ...]) -> str | None:
    """The rules with another bar: their reading when its own score reaches p[0], else none; a text they read as
    naming none gets their best candidate when its score reaches p[0] (None: the rules' own bar, "off")."""
    if p[0] == OFF or not len(lg):
        return t.rules
    own = [k for k, c in enumerate(t.cands) if c.features[_IS_READING] == 1.0]
    if t.rules is not None and own:
        return t.rules if lg[own[0]] >= p[0] else None
    i = int(np.argmax(lg))
    return t.cands[i].phrase if lg[i] >= p[0] else None


def _abstain(t: Text, lg: np.ndarray, p: tuple[float, ...]) -> str | None:
    """The rules' reading, dropped when the abstention model's logit (that the text names no product) reaches p[0]
    (OFF: never)."""
    own = [k for k, c in enumerate(t.cands) if c.features[_IS_READING] == 1.0]
    if t.rules is None or not own:
        return t.rules
    return None if lg[own[0]] >= p[0] else t.rules


_BARS = (-OFF, *np.arange(-4.0, 2.01, 0.5).tolist())
GRIDS: dict[str, list[tuple[float, ...]]] = {
    "chooser": [(b,) for b in _BARS],
    "rule_bar": [(OFF,), *((b,) for b in np.arange(-1.0, 5.01, 0.25).tolist())],
    "abstain": [(OFF,), *((b,) for b in (3.0, 2.0, 1.5, 1.0, 0.5, 0.0, -0.5))],
    "override": [(m, f, d) for m in (0.5, 1.0, 1.5, 2.0, 3.0, OFF) for f in (-1.0, 0.0, 1.0, 2.0, OFF)
                 for d in (-OFF, -3.0, -2.0, -1.0)],
}
READERS: dict[str, Reader] = {"chooser": _chooser, "override": _override, "abstain": _abstain, "rule_bar": _rule_bar}


def _right(t: Text, reading: str | None) -> bool:
    return is_right(reading, t.item)


def choose_params(texts: Sequence[Text], left_out: str, english: bool | None, variant: Variant
                  ) -> tuple[float, tuple[float, ...]]:
    """C and the reader's parameters by leave-one-set-out inside the pool (every text but ``left_out``'s, of the
    language group): each pool set read by a model fitted on the rest; ties go to the earlier grid point."""
    pool = [t for t in texts if t.set != left_out and (english is None or t.english == english)]
    sets = sorted({t.set for t in pool})
    reader = READERS[variant.reader]
    best: tuple[float, float, tuple[float, ...]] = (-1.0, C_GRID[0], GRIDS[variant.reader][0])
    for c in C_GRID:
        scored: list[tuple[Text, np.ndarray]] = []
        for s in sets:
            model = None if variant.loss == "none" else fit_without(
                texts, frozenset((left_out, s)), english, c, variant.loss, variant.drop)
            scored += [(t, _logits(t, model)) for t in pool if t.set == s]
        for params in GRIDS[variant.reader]:
            acc = float(np.mean([_right(t, reader(t, lg, params)) for t, lg in scored]))
            if acc > best[0] + 1e-9:
                best = (acc, c, params)
    return best[1], best[2]


@dataclass(frozen=True)
class Variant:
    reader: str
    by_language: bool = False
    loss: str = "point"
    drop: tuple[str, ...] = ()


VARIANTS: dict[str, Variant] = {
    "chooser": Variant("chooser"),
    "chooser_by_language": Variant("chooser", by_language=True),
    "chooser_pair": Variant("chooser", loss="pair"),
    "override": Variant("override"),
    "override_by_language": Variant("override", by_language=True),
    "override_pair": Variant("override", loss="pair"),
    "chooser_text": Variant("chooser", loss="point_text"),
    "abstain": Variant("abstain", loss="abstain"),
    "rule_bar_by_language": Variant("rule_bar", by_language=True, loss="none"),
    "abstain_by_language": Variant("abstain", by_language=True, loss="abstain"),
    "override_text": Variant("override", loss="point_text"),
    "chooser_no_rule_score": Variant("chooser", drop=("rule_score", "rule_gap", "rule_best", "rule_rank_inv",
                                                      "is_reading", "overlaps_reading", "reading_none")),
}
CHOSEN: dict[str, list[str]] = {}


def run_variant(texts: Sequence[Text], left_out: str, name: str) -> list[str | None]:
    variant = VARIANTS[name]
    test = [t for t in texts if t.set == left_out]
    pool = [t for t in texts if t.set != left_out]
    reader = READERS[variant.reader]
    groups = [("zh", False), ("en", True)] if variant.by_language else [("all", None)]
    readings: dict[int, str | None] = {}
    for label, english in groups:
        part_pool = [t for t in pool if english is None or t.english == english]
        part_test = [(k, t) for k, t in enumerate(test) if english is None or t.english == english]
        if not part_test:
            continue
        c, params = choose_params(texts, left_out, english, variant)
        CHOSEN.setdefault(name, []).append(f"{left_out}/{label}: C={c} {params}")
        model = None if variant.loss == "none" else fit(part_pool, c, loss=variant.loss, drop=variant.drop)
        for k, t in part_test:
            readings[k] = reader(t, _logits(t, model), params)
    return [readings.get(k) for k in range(len(test))]


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--variants", default="all", help="comma-separated names of VARIANTS, or all")
    ap.add_argument("--sets", default="", help="comma-separated left-out sets (default: every real set)")
    ap.add_argument("--min-n", type=int, default=5, help="a set counts in a language's mean from this many texts")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    t0 = time.perf_counter()
    texts = load_texts()
    print(f"{len(texts)} texts, {sum(len(t.cands) for t in texts)} candidates "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)
    real_sets = [s for s in dict.fromkeys(t.set for t in texts) if s not in WRITTEN]
    if args.sets:
        real_sets = [s for s in real_sets if s in args.sets.split(",")]
    names = list(VARIANTS) if args.variants == "all" else args.variants.split(",")
    columns = ["off", "oracle", "oracle_exact", *names]
    result: dict[str, dict[str, dict[str, float]]] = {}
    pooled: dict[str, dict[str, list[bool]]] = {col: {"zh": [], "en": []} for col in columns}
    for s in real_sets:
        test = [t for t in texts if t.set == s]
        by_col: dict[str, list[str | None] | list[bool]] = {"off": [t.rules for t in test]}
        right: dict[str, list[bool]] = {
            "off": [_right(t, t.rules) for t in test],
            "oracle": [t.item.product is None or bool(t.labels.any()) for t in test],
            "oracle_exact": [t.item.product is None or any(is_exact(c.phrase, t.item) for c in t.cands) for t in test],
        }
        for name in names:
            readings = run_variant(texts, s, name)
            by_col[name] = readings
            right[name] = [_right(t, r) for t, r in zip(test, readings, strict=True)]
        result[s] = {}
        line = [f"{s:20s}"]
        for lang in ("zh", "en"):
            idx = [k for k, t in enumerate(test) if t.language == lang]
            if not idx:
                continue
            result[s][lang] = {"n": float(len(idx))} | {col: float(np.mean([right[col][k] for k in idx]))
                                                         for col in columns}
            for col in columns:
                pooled[col][lang] += [right[col][k] for k in idx]
            line.append(f"{lang} n={len(idx):3d} " + " ".join(f"{col}={result[s][lang][col]:.3f}" for col in columns))
        print("  ".join(line), flush=True)
    summary: dict[str, dict[str, float]] = {}
    for lang in ("zh", "en"):
        sets = [s for s in real_sets if lang in result[s] and result[s][lang]["n"] >= args.min_n]
        summary[lang] = {f"mean_{col}": float(np.mean([result[s][lang][col] for s in sets])) for col in columns}
        summary[lang] |= {f"pooled_{col}": float(np.mean(pooled[col][lang])) for col in columns}
        summary[lang] |= {f"worst_{col}": float(min(result[s][lang][col] for s in sets)) for col in columns}
        summary[lang]["sets"] = float(len(sets))
        print(f"{lang}: " + "  ".join(f"{col}: mean {summary[lang][f'mean_{col}']:.3f} pooled "
                                      f"{summary[lang][f'pooled_{col}']:.3f} worst {summary[lang][f'worst_{col}']:.3f}"
                                      for col in columns))
    for name, rows in CHOSEN.items():
        print(f"{name} chose: " + "; ".join(rows))
    print(f"{time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"by_set": result, "summary": summary}, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
