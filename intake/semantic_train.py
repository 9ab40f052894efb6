"""Training the service-type head (:mod:`intake.semantic`): reproducible from the labelled sets by one script.

Two kinds of head are fitted over the texts' features (:func:`intake.semantic.feature_vectors`: by default each
text's embedding beside its head part's), and the cross-validation (fixed folds) chooses between them and their
settings:
- ``logistic``: one ``sklearn.linear_model.LogisticRegression`` (liblinear, deterministic) per service type, over
  features standardised first (e5's cosines are bunched, so raw coordinates vary little and an unscaled regression
  underfits); the scaling is folded into the stored weights; the regularisation ``C`` is chosen;
- ``nearest``: the training texts themselves, each new text labelled by the ``k`` most similar ones weighted by
  similarity (:func:`intake.semantic.nearest_votes`); ``k`` and the weighting's temperature are chosen.
With them the two thresholds of :func:`intake.semantic.combine` (and, for a type with enough real positives, its own
pair), and last the bar of "nothing is asked" (a regression, or the vote, over the texts labelled with no type) and
whether a text not read as asking for nothing must ask for something (``at_least_one``) — all maximising the mean of
two micro-F1s of the combined reading: on the texts the keyword rules were *not* developed on (``Example.rules_unseen``:
real needs) and on the rest (the written sets, where the rules are right by construction). Either alone misleads:
the written sets alone teach the combination to trust the rules blindly, the real needs alone to veto correct rule
hits on the conversational messages the chat mostly gets. A type with no positive example gets zero weights and a
large negative bias (or no vote): the head never proposes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from intake.quality import micro_f1
from intake.semantic import (
    FEATURES,
    TYPES,
    ServiceTypeHead,
    TextEmbedder,
    combine,
    feature_vectors,
    head_only,
    nearest_votes,
)
from kb.vocab import ServiceType

C_GRID: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3)
K_GRID: tuple[int, ...] = (20, 30, 50)
TEMPERATURE_GRID: tuple[float, ...] = (5.0, 10.0, 20.0)
ADD_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7)
VETO_GRID: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4)
OWN_ADD_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
OWN_VETO_GRID: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3)
NOTHING_GRID: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)
NOTHING_OFF = 1.01
# A type earns its own pair of thresholds only with this many positives among the rules-unseen texts: below it, a
# pair tuned per type would fit a handful of examples (the rare types share one pair).
OWN_MIN_POSITIVES = 40
FOLDS = 5
SEED = 13


@dataclass(frozen=True)
class Example:
    text: str
    types: frozenset[ServiceType]
    rule_types: tuple[ServiceType, ...]
    rules_unseen: bool = False  # the keyword rules were not developed on this text (thresholds are tuned on these)


@dataclass(frozen=True)
class Model:
    """One candidate head: the kind and its setting (``c`` for the regressions; ``k``, ``temperature`` for the
    nearest texts)."""

    kind: str
    c: float = 0.03
    k: int = 20
    temperature: float = 20.0

    def describe(self) -> dict[str, object]:
        return {"kind": self.kind, "C": self.c} if self.kind == "logistic" else {
            "kind": self.kind, "k": self.k, "temperature": self.temperature}


MODELS: tuple[Model, ...] = (*(Model("logistic", c=c) for c in C_GRID),
                             *(Model("nearest", k=k, temperature=t) for k in K_GRID for t in TEMPERATURE_GRID))


def model_of(meta: dict[str, object]) -> Model:
    """The candidate a trained head's ``meta`` records (a head trained before the nearest kind records ``C``)."""
    described = dict(meta.get("model") or {"kind": "logistic", "C": meta.get("C", 0.03)})  # type: ignore[call-overload]
    if described["kind"] == "nearest":
        return Model("nearest", k=int(described["k"]), temperature=float(described["temperature"]))
    return Model("logistic", c=float(described["C"]))


def _targets(examples: Sequence[Example]) -> np.ndarray:
    """One column per service type, and a last one: the text asks for nothing."""
    return np.array([[st in ex.types for st in TYPES] + [not ex.types] for ex in examples], dtype=np.int8)


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights and biases over the *raw* features: fitted on standardised ones, the scaling folded back in."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    weights = np.zeros((y.shape[1], x.shape[1]))
    bias = np.full(y.shape[1], -12.0)
    for j in range(y.shape[1]):
        col = y[:, j]
        if col.min() == col.max():
            bias[j] = 12.0 if col.min() == 1 else -12.0
            continue
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)
        model.fit(z, col)
        w = model.coef_[0] / scale
        weights[j] = w
        bias[j] = model.intercept_[0] - float(w @ mean)
    return weights, bias


def _predictor(x: np.ndarray, y: np.ndarray, model: Model) -> Callable[[np.ndarray], np.ndarray]:
    """Fitted on (x, y): probabilities for new rows, one column per column of ``y``."""
    if model.kind == "nearest":
        memory, labels = x.copy(), y.copy()
        return lambda rows: nearest_votes(memory, labels, rows, k=model.k, temperature=model.temperature)
    w, b = _fit(x, y, model.c)
    return lambda rows: np.asarray(1.0 / (1.0 + np.exp(-np.clip(rows @ w.T + b, -60.0, 60.0))))


def _oof_proba(x: np.ndarray, y: np.ndarray, model: Model | float) -> np.ndarray:
    """Out-of-fold probabilities, one column per column of ``y`` (the last: nothing is asked); a bare number is the
    ``C`` of a logistic head."""
    chosen = model if isinstance(model, Model) else Model("logistic", c=float(model))
    out = np.zeros(y.shape, dtype=np.float64)
    for train, test in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(x):
        out[test] = _predictor(x[train], y[train], chosen)(x[test])
    return out


def train_head(examples: Sequence[Example], embedder: TextEmbedder, *, features: str = "text+head",
               models: Sequence[Model] = MODELS, meta: dict[str, object] | None = None,
               progress: Callable[[str], None] | None = None) -> ServiceTypeHead:
    """Fit the head on ``examples`` (their text, labels and the rules' reading) and choose its kind and setting, add
    and veto, R&D's own pair, the "nothing is asked" bar and ``at_least_one``."""
    if len(examples) < FOLDS * 2:
        raise ValueError(f"need at least {FOLDS * 2} labelled texts to train the service-type head")
    if features not in FEATURES:
        raise ValueError(f"unknown head features {features!r}")
    x = feature_vectors(embedder, [ex.text for ex in examples], features)
    y_all = _targets(examples)
    y = y_all[:, : len(TYPES)]
    unseen = [i for i, ex in enumerate(examples) if ex.rules_unseen]
    seen = [i for i, ex in enumerate(examples) if not ex.rules_unseen]
    groups = [g for g in (unseen, seen) if g]

    def objective(predicted: Sequence[list[ServiceType]]) -> float:
        return sum(micro_f1([predicted[i] for i in g], [examples[i].types for i in g]) for g in groups) / len(groups)

    best: tuple[float, Model, float, float] = (-1.0, models[0], 0.5, 0.1)
    oof_of: dict[Model, np.ndarray] = {}
    for model in models:
        oof_of[model] = _oof_proba(x, y_all, model)
        proba = oof_of[model][:, : len(TYPES)]
        for add in ADD_GRID:
            for veto in VETO_GRID:
                if veto >= add:
                    continue
                score = objective([combine(ex.rule_types, proba[i], add=add, veto=veto)
                                   for i, ex in enumerate(examples)])
                if score > best[0] + 1e-9:
                    best = (score, model, add, veto)
        if progress:
            progress(f"{model.describe()}: best cross-validated micro-F1 so far {best[0]:.3f}")
    score, chosen, add, veto = best
    oof = oof_of[chosen]
    proba, nothing = oof[:, : len(TYPES)], oof[:, len(TYPES)]
    own: dict[ServiceType, tuple[float, float]] = {}
    for j, st in enumerate(TYPES):
        if int(y[unseen, j].sum()) < OWN_MIN_POSITIVES:
            continue
        pick = (score, add, veto)
        for own_add in OWN_ADD_GRID:
            for own_veto in OWN_VETO_GRID:
                if own_veto >= own_add:
                    continue
                trial = {**own, st: (own_add, own_veto)}
                got = objective([combine(ex.rule_types, proba[i], add=add, veto=veto, own=trial)
                                 for i, ex in enumerate(examples)])
                if got > pick[0] + 1e-9:
                    pick = (got, own_add, own_veto)
        if (pick[1], pick[2]) != (add, veto):
            score = pick[0]
            own[st] = (pick[1], pick[2])
            if progress:
                progress(f"{st.value}: its own thresholds add={pick[1]}, veto={pick[2]}; micro-F1 {score:.3f}")
    nothing_at, at_least_one = NOTHING_OFF, False
    has_nothing = 0 < int(y_all[:, -1].sum()) < len(examples)
    for bar in (*(NOTHING_GRID if has_nothing else ()), NOTHING_OFF):
        for one in (False, True):
            got = objective([combine(ex.rule_types, proba[i], add=add, veto=veto, own=own, nothing=float(nothing[i]),
                                     nothing_at=bar, at_least_one=one) for i, ex in enumerate(examples)])
            if got > score + 1e-9:
                score, nothing_at, at_least_one = got, bar, one
    if progress:
        progress(f"nothing asked at probability {nothing_at}, at least one type otherwise: {at_least_one}; "
                 f"micro-F1 {score:.3f}")
    alone: tuple[float, float] = (-1.0, 0.5)
    for threshold in ADD_GRID:
        alone_score = objective([[] if nothing[i] >= nothing_at else head_only(proba[i], add=threshold)
                                 for i in range(len(examples))])
        if alone_score > alone[0] + 1e-9:
            alone = (alone_score, threshold)
    digest = hashlib.sha256("\n".join(ex.text for ex in examples).encode("utf-8")).hexdigest()
    info: dict[str, object] = {"model": chosen.describe(), "features": features, "cv_micro_f1": round(score, 4),
                               "folds": FOLDS, "seed": SEED, "n_texts": len(examples), "n_rules_unseen": len(unseen),
                               "texts_sha256": digest,
                               "objective": "mean micro-F1 of rules-unseen and rules-seen texts",
                               "alone": alone[1], "alone_cv_micro_f1": round(alone[0], 4),
                               "positives": {st.value: int(y[:, j].sum()) for j, st in enumerate(TYPES)},
                               "nothing_asked": int(y_all[:, -1].sum())}
    info.update(meta or {})
    common = {"model_id": embedder.model_id, "add": add, "veto": veto, "own": own, "meta": info,
              "nothing_at": nothing_at, "features": features, "at_least_one": at_least_one}
    if chosen.kind == "nearest":
        return ServiceTypeHead(weights=np.zeros((len(TYPES), x.shape[1])), bias=np.full(len(TYPES), -12.0),
                               kind="nearest", memory=x.astype(np.float16).astype(np.float64),
                               memory_labels=y_all.astype(np.float64), k=chosen.k, temperature=chosen.temperature,
                               **common)  # type: ignore[arg-type]
    weights, bias = _fit(x, y_all, chosen.c)
    return ServiceTypeHead(weights=weights[: len(TYPES)], bias=bias[: len(TYPES)],
                           nothing_weights=weights[len(TYPES)], nothing_bias=float(bias[len(TYPES)]),
                           **common)  # type: ignore[arg-type]
