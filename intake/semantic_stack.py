"""A learned combination of the keyword rules and the semantic head (issue 27 item 5): a second-level logistic
regression ("stacking") in place of :func:`intake.semantic.combine`'s hand-set bars.

Why: leaving one real set out (benchmarks/intake_service_loso.py), the head alone reads the sets where the rules read
little better than the combination, and the combination reads the Chinese enterprise sets better than the head alone;
a bar of an English text's own did not tell the two kinds of text apart (docs/intake.md "English text read by the
head"). A regression over plain features of the text and of both readings may learn where each is to be trusted.

One row per (text, service type); the features (:data:`FEATURES`, :func:`stack_features`):
- the head's logit for that type, and whether it is the head's likeliest type;
- whether the rules read that type, and firmly (asked for in so many words), and the head's logit where they do;
- how many types the rules read in the text (others than this one), and the head's logit where the rules read none;
- the text's length (log), whether it reads as English (:func:`intake.extract.product.reads_as_english`), and that
  flag times the rule hit and times the head's logit;
- the head's top probability, its margin over the second, and "nothing is asked"'s logit;
- one column per type (each type's own intercept), and the head's logit and the rule hit per type (each type's own
  trust in the head and in the rules).
A type is read at the stacked probability ``bar`` or more; firm rule hits always; when nothing is read, the likeliest
type by the stacked probability at ``top1_at`` or more (off above 1); the one-stop rule as :func:`combine` applies it.

Pure numpy here (the product reads with it); the fitting is in :mod:`intake.semantic_stack_train`.
Deterministic: fixed weights.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from intake.extract.service_types import COLLAB_PARTS
from intake.semantic import HEAD_DIR, TYPES, model_file
from kb.vocab import ServiceType

OFF = 1.01
FEATURES: tuple[str, ...] = (
    "logit",
    "is_top",
    "rule",
    "firm",
    "rule_x_logit",
    "other_rules",
    "no_rules_x_logit",
    "log_length",
    "english",
    "english_x_rule",
    "english_x_logit",
    "top_proba",
    "margin",
    "nothing_logit",
    *(f"type:{st.value}" for st in TYPES),
    *(f"logit:{st.value}" for st in TYPES),
    *(f"rule:{st.value}" for st in TYPES),
)


@dataclass(frozen=True)
class TextSide:
    """What the stacker reads of a text besides the head's probabilities."""

    rule_types: tuple[ServiceType, ...]
    firm_types: tuple[ServiceType, ...] = ()  # firm rule hits (asked for in so many words)
    length: int = 0
    english: bool = False


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)))


def stack_features(proba: np.ndarray, nothing: np.ndarray, sides: Sequence[TextSide]) -> np.ndarray:
    """(n * len(TYPES), len(FEATURES)): row ``i * len(TYPES) + j`` is text i, type j. ``proba``: (n, len(TYPES)) the
    head's probabilities; ``nothing``: (n,) "nothing is asked"."""
    proba = np.asarray(proba, dtype=np.float64)[:, : len(TYPES)]
    n, k = proba.shape
    if len(sides) != n or np.asarray(nothing).shape != (n,):
        raise ValueError("one text side and one 'nothing asked' probability per row of proba")
    lg = _logit(proba)
    rule = np.array([[st in s.rule_types for st in TYPES] for s in sides], dtype=np.float64).reshape(n, k)
    firm = np.array(
        [[st in s.firm_types and st in s.rule_types for st in TYPES] for s in sides], dtype=np.float64
    ).reshape(n, k)
    n_rules = rule.sum(axis=1, keepdims=True)
    ordered = np.sort(proba, axis=1)
    top = ordered[:, -1:]
    margin = top - (ordered[:, -2:-1] if k > 1 else 0.0)
    english = np.array([[float(s.english)] for s in sides]).reshape(n, 1)
    length = np.log1p(np.array([[float(s.length)] for s in sides]).reshape(n, 1))
    per_text = np.ones((n, k))
    cols = [
        lg,
        (proba >= top).astype(np.float64),
        rule,
        firm,
        rule * lg,
        n_rules - rule,
        (n_rules == 0) * lg,
        length * per_text,
        english * per_text,
        english * rule,
        english * lg,
        top * per_text,
        margin * per_text,
        _logit(np.asarray(nothing))[:, None] * per_text,
    ]
    features = np.stack([c.reshape(n, k) for c in cols], axis=2).reshape(n * k, len(cols))
    onehot = np.tile(np.eye(k), (n, 1))
    return np.hstack([features, onehot, lg.reshape(n * k, 1) * onehot, rule.reshape(n * k, 1) * onehot])


@dataclass
class StackedCombiner:
    """The second-level regression over :data:`FEATURES` (standardised by ``mean`` and ``scale``) and its bars."""

    model_id: str
    coef: np.ndarray  # (len(FEATURES),)
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    bar: float = 0.5
    top1_at: float = OFF
    meta: dict[str, object] = field(default_factory=dict)

    def proba(self, proba: np.ndarray, nothing: np.ndarray, sides: Sequence[TextSide]) -> np.ndarray:
        """(n, len(TYPES)): the stacked probability that each text asks for each type."""
        z = (stack_features(proba, nothing, sides) - self.mean) / self.scale
        q = 1.0 / (1.0 + np.exp(-np.clip(z @ self.coef + self.intercept, -60.0, 60.0)))
        return np.asarray(q).reshape(len(sides), len(TYPES))

    def read_many(self, proba: np.ndarray, nothing: np.ndarray, sides: Sequence[TextSide]) -> list[list[ServiceType]]:
        """Each text's service types: see :func:`read_stacked`."""
        q = self.proba(proba, nothing, sides)
        return [
            read_stacked(q[i], sides[i].firm_types, bar=self.bar, top1_at=self.top1_at, rules=sides[i].rule_types)
            for i in range(len(sides))
        ]

    def read(self, proba: np.ndarray, nothing: float, side: TextSide) -> list[ServiceType]:
        return self.read_many(np.asarray(proba)[None, :], np.array([nothing]), [side])[0]

    def to_json(self) -> dict[str, object]:
        return {
            "model_id": self.model_id,
            "types": [t.value for t in TYPES],
            "features": list(FEATURES),
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "bar": self.bar,
            "top1_at": self.top1_at,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StackedCombiner:
        if list(data["types"]) != [t.value for t in TYPES]:
            raise ValueError("the stacked combiner was trained for another service-type list; retrain it")
        if list(data["features"]) != list(FEATURES):
            raise ValueError("the stacked combiner was trained on other features; retrain it")
        return cls(
            model_id=str(data["model_id"]),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            bar=float(data["bar"]),
            top1_at=float(data.get("top1_at", OFF)),
            meta=dict(data.get("meta") or {}),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> StackedCombiner:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def stacker_path(model_id: str, directory: Path = HEAD_DIR) -> Path:
    """Where a stacked combiner for an embedding model would live, beside its head."""
    return model_file("service_stack", model_id, directory)


def read_stacked(
    q: np.ndarray,
    firm: Sequence[ServiceType] = (),
    *,
    bar: float,
    top1_at: float = OFF,
    rules: Sequence[ServiceType] = (),
) -> list[ServiceType]:
    """The types at ``bar`` or more of the stacked probabilities ``q``, and the firm rule hits (those among ``rules``);
    when that is none, the likeliest at ``top1_at`` or more; the one-stop collaboration stands for its parts."""
    chosen = {st for st in firm if st in rules} | {st for i, st in enumerate(TYPES) if float(q[i]) >= bar}
    if not chosen and top1_at <= 1.0:
        best = int(np.argmax(q[: len(TYPES)]))
        if float(q[best]) >= top1_at:
            chosen.add(TYPES[best])
    if ServiceType.infrastructure_collab in chosen:
        chosen -= COLLAB_PARTS
    return [st for st in TYPES if st in chosen]
