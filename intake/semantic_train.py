"""Training the service-type head (:mod:`intake.semantic`): reproducible from the labelled sets by one script.

One ``sklearn.linear_model.LogisticRegression`` (liblinear, deterministic) per service type over the texts'
embeddings. The regularisation ``C`` and the two thresholds of :func:`intake.semantic.combine` are chosen by
cross-validation on the training texts only (fixed folds), maximising the micro-F1 of the combined reading. A type
with no positive example gets zero weights and a large negative bias: the head never proposes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from intake.semantic import TYPES, ServiceTypeHead, TextEmbedder, combine
from kb.vocab import ServiceType

C_GRID: tuple[float, ...] = (1.0, 4.0, 16.0)
ADD_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7)
VETO_GRID: tuple[float, ...] = (0.0, 0.02, 0.05, 0.1, 0.2)
FOLDS = 5
SEED = 13


@dataclass(frozen=True)
class Example:
    text: str
    types: frozenset[ServiceType]
    rule_types: tuple[ServiceType, ...]


def _targets(examples: Sequence[Example]) -> np.ndarray:
    return np.array([[st in ex.types for st in TYPES] for ex in examples], dtype=np.int8)


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    weights = np.zeros((len(TYPES), x.shape[1]))
    bias = np.full(len(TYPES), -12.0)
    for j in range(len(TYPES)):
        col = y[:, j]
        if col.min() == col.max():
            bias[j] = 12.0 if col.min() == 1 else -12.0
            continue
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)
        model.fit(x, col)
        weights[j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    return weights, bias


def micro_f1(predicted: Sequence[Sequence[ServiceType]], expected: Sequence[frozenset[ServiceType]]) -> float:
    tp = fp = fn = 0
    for got, want in zip(predicted, expected, strict=True):
        g = set(got)
        tp += len(g & want)
        fp += len(g - want)
        fn += len(want - g)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _oof_proba(x: np.ndarray, y: np.ndarray, c: float) -> np.ndarray:
    out = np.zeros(y.shape, dtype=np.float64)
    for train, test in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(x):
        w, b = _fit(x[train], y[train], c)
        out[test] = ServiceTypeHead("cv", w, b).proba(x[test])
    return out


def train_head(examples: Sequence[Example], embedder: TextEmbedder, *, meta: dict[str, object] | None = None,
               progress: Callable[[str], None] | None = None) -> ServiceTypeHead:
    """Fit the head on ``examples`` (their text, labels and the rules' reading) and choose C, add and veto."""
    if len(examples) < FOLDS * 2:
        raise ValueError(f"need at least {FOLDS * 2} labelled texts to train the service-type head")
    x = np.asarray(embedder.encode_query([ex.text for ex in examples]), dtype=np.float64)
    y = _targets(examples)
    expected = [ex.types for ex in examples]
    best: tuple[float, float, float, float] = (-1.0, 1.0, 0.5, 0.1)
    for c in C_GRID:
        proba = _oof_proba(x, y, c)
        for add in ADD_GRID:
            for veto in VETO_GRID:
                if veto >= add:
                    continue
                got = [combine(ex.rule_types, proba[i], add=add, veto=veto) for i, ex in enumerate(examples)]
                score = micro_f1(got, expected)
                if score > best[0] + 1e-9:
                    best = (score, c, add, veto)
        if progress:
            progress(f"C={c:g}: best cross-validated micro-F1 so far {best[0]:.3f}")
    score, c, add, veto = best
    weights, bias = _fit(x, y, c)
    digest = hashlib.sha256("\n".join(ex.text for ex in examples).encode("utf-8")).hexdigest()
    info: dict[str, object] = {"C": c, "cv_micro_f1": round(score, 4), "folds": FOLDS, "seed": SEED,
                               "n_texts": len(examples), "texts_sha256": digest,
                               "positives": {st.value: int(y[:, j].sum()) for j, st in enumerate(TYPES)}}
    info.update(meta or {})
    return ServiceTypeHead(model_id=embedder.model_id, weights=weights, bias=bias, add=add, veto=veto, meta=info)
