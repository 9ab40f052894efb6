"""Fitting the learned combination of :mod:`intake.semantic_stack` on the head's out-of-fold probabilities.

The regression is fitted on one row per (text, type) of the training texts (``sklearn`` logistic regression, lbfgs,
deterministic), with the head's probabilities read out of fold (never the head's in-sample ones, which are surer
than on any text it never saw). Its C, the bar and the likeliest type's bar are chosen by cross-fitting: the texts in
:data:`FOLDS` fixed folds, each read by a regression fitted on the others, and the setting that maximises the mean
micro-F1 of ``groups`` (as :func:`intake.semantic_train.choose` weighs the rules-unseen texts, the rules-seen ones
and the chat openers) kept; the stored regression is then fitted on all of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from intake.extract.product import reads_as_english
from intake.semantic import TYPES
from intake.semantic_stack import FEATURES, OFF, StackedCombiner, TextSide, stack_features
from intake.semantic_train import Example, _Grid, _targets

STACK_C_GRID: tuple[float, ...] = (0.1, 1.0)
BAR_GRID: tuple[float, ...] = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
TOP1_GRID: tuple[float, ...] = (OFF, 0.5, 0.4, 0.3, 0.2, 0.1)
FOLDS = 5
SEED = 13


def side_of(example: Example) -> TextSide:
    """What :func:`intake.semantic_stack.stack_features` reads of a labelled text besides the head."""
    return TextSide(
        rule_types=tuple(example.rule_types),
        firm_types=tuple(st for st in example.firm_types if st in example.rule_types),
        length=len(example.text),
        english=reads_as_english(example.text),
    )


def fit_regression(
    x: np.ndarray, y: np.ndarray, c: float, weight: np.ndarray | None = None
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Coefficients, intercept and the standardisation (mean, scale) of one logistic regression on rows ``x``."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    if y.min() == y.max():
        return np.zeros(x.shape[1]), 12.0 if y.min() == 1 else -12.0, mean, scale
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, y, sample_weight=weight)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0]), mean, scale


def _rows_weight(groups: Sequence[Sequence[int]], n: int) -> np.ndarray:
    """Each group weighs the same in the fit (a text of a small group more), every type's row as its text."""
    w = np.ones(n)
    for g in groups:
        if len(g):
            w[np.asarray(g, dtype=np.int64)] = n / (len(groups) * len(g))
    return np.repeat(w, len(TYPES))


def _read(grid: _Grid, q: np.ndarray, bar: float, top1_at: float) -> np.ndarray:
    """:func:`intake.semantic_stack.read_stacked` for every text at once."""
    chosen = (grid.firm & grid.rules) | (q >= bar)
    if top1_at <= 1.0:
        rows = np.flatnonzero(~chosen.any(axis=1))
        best = q[rows].argmax(axis=1)
        keep = q[rows, best] >= top1_at
        chosen[rows[keep], best[keep]] = True
    return grid._finish(chosen)


def fit_stacker(
    examples: Sequence[Example],
    proba: np.ndarray,
    groups: Sequence[Sequence[int]],
    model_id: str,
    *,
    balance: bool = False,
    c_grid: Sequence[float] = STACK_C_GRID,
    meta: dict[str, object] | None = None,
) -> StackedCombiner:
    """The stacked combiner for ``examples`` read by the head as ``proba`` ((n, len(TYPES) + 1): every type, then
    "nothing is asked"; out of fold), its C and bars chosen by cross-fitting on the mean micro-F1 of ``groups``;
    ``balance``: each group weighs the same in the fit too (else each text)."""
    proba = np.asarray(proba, dtype=np.float64)
    n, k = len(examples), len(TYPES)
    sides = [side_of(ex) for ex in examples]
    x = stack_features(proba[:, :k], proba[:, k], sides)
    y = _targets(examples)[:, :k].ravel()
    weight = _rows_weight(groups, n) if balance else None
    grid = _Grid(examples, groups)
    best: tuple[float, float, float, float] = (-1.0, c_grid[0], 0.5, OFF)
    for c in c_grid:
        q = np.zeros((n, k))
        for train, test in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(np.arange(n)):
            rows = (train[:, None] * k + np.arange(k)).ravel()
            coef, b, mean, scale = fit_regression(x[rows], y[rows], c, None if weight is None else weight[rows])
            part = StackedCombiner(model_id, coef, b, mean, scale)
            q[test] = part.proba(proba[test, :k], proba[test, k], [sides[i] for i in test])
        for bar in BAR_GRID:
            for top1_at in TOP1_GRID:
                got = grid.score(_read(grid, q, bar, top1_at))
                if got > best[0] + 1e-9:
                    best = (got, c, bar, top1_at)
    score, c, bar, top1_at = best
    coef, b, mean, scale = fit_regression(x, y, c, weight)
    info: dict[str, object] = {
        "C": c,
        "cross_fitted_micro_f1": round(score, 4),
        "folds": FOLDS,
        "seed": SEED,
        "n_texts": n,
        "balance": balance,
        "features": len(FEATURES),
    }
    info.update(meta or {})
    return StackedCombiner(model_id, coef, b, mean, scale, bar=bar, top1_at=top1_at, meta=info)
