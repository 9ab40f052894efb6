"""Raw item value → 0–100 score, one rule per normalisation method (the bounds live in the hierarchy YAML).

* ``minmax``: benefit ``100·(x − lower)/(upper − lower)``, cost ``100·(upper − x)/(upper − lower)``; values outside
  the bounds are clipped to 0 or 100 (the bounds say where "nothing" and "full marks" are).
* ``target``: benefit ``100·min(x/target, 1)``; cost ``100`` when ``x ≤ target``, else ``100·target/x``.
* ``score100``: the value already is a 0–100 rating (an expert's score); outside [0, 100] is an input error.
* ``five_grade``: five vote counts; the score is the FCE score of that one row (see ``evaluation.fuzzy``).

Raw values must be finite and non-negative: every seed 001 item is a count, share, amount or rating.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from core.errors import InnodockError
from evaluation.fuzzy import defuzzify, membership
from evaluation.hierarchy.schema import Item

RawValue = float | Sequence[float]


def _number(value: RawValue, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InnodockError(f"应为数字，得到 {value!r} / expected a number", field=field)
    x = float(value)
    if not math.isfinite(x):
        raise InnodockError(f"值 {value!r} 不是有限数 / value is NaN or infinite", field=field)
    if x < 0:
        raise InnodockError(f"值 {x:g} 为负数 / value must not be negative", field=field)
    return x


def normalise(item: Item, value: RawValue, *, field: str) -> tuple[float, str]:
    """The 0–100 score and a one-line account of how it was reached."""
    n = item.normalisation
    if n.method == "five_grade":
        if isinstance(value, int | float):
            raise InnodockError("五级问卷项需要 5 个票数 / a five-grade item needs 5 vote counts", field=field)
        r = membership(list(value), field=field)
        score = defuzzify(r, n.grade_values)
        shares = ", ".join(f"{p:.4f}" for p in r)
        return score, f"隶属度 r = ({shares}) · V = {tuple(n.grade_values)}"
    x = _number(value, field)
    if n.method == "minmax":
        assert n.lower is not None and n.upper is not None
        span = n.upper - n.lower
        raw = (x - n.lower) / span if item.direction == "benefit" else (n.upper - x) / span
        score = 100.0 * min(1.0, max(0.0, raw))
        formula = "(x−L)/(U−L)" if item.direction == "benefit" else "(U−x)/(U−L)"
        return score, f"minmax {item.direction} 100·{formula}, L={n.lower:g}, U={n.upper:g}, x={x:g}"
    if n.method == "target":
        assert n.target is not None
        t = n.target
        if item.direction == "benefit":
            return 100.0 * min(x / t, 1.0), f"target benefit 100·min(x/t, 1), t={t:g}, x={x:g}"
        score = 100.0 if x <= t else 100.0 * t / x
        return score, f"target cost 100·min(t/x, 1), t={t:g}, x={x:g}"
    if x > 100:
        raise InnodockError(f"评分 {x:g} 超出 0–100 / rating must be within 0–100", field=field)
    return x, f"score100 x={x:g}"
