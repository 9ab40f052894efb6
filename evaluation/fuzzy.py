"""Fuzzy comprehensive evaluation (模糊综合评判, FCE) for five-grade questionnaire data.

Seed 001 §5.1 records the experts' advice to use AHP with FCE. Conventions:

* A five-grade answer sheet is vote counts for (很好/很满意, 较好/满意, 一般, 较差/不满意, 很差/很不满意);
  the membership row is ``r_i = votes_i / Σ votes_i``.
* ``B = W·R`` with the weighted-average operator ``M(·, ⊕)``: ``b_j = min(1, Σ_i w_i·r_ij)``. With weights summing
  to 1 and membership rows summing to 1 the bound never binds, so ``B`` is a distribution over the five grades.
* ``B`` becomes a 0–100 score by the grade values ``V`` (default 100, 80, 60, 40, 20 — this project's proposal,
  the midpoints of five equal bands): ``score = Σ_j b_j·V_j / Σ_j b_j``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.errors import InnodockError
from evaluation.weights._checks import FloatArray, as_matrix, as_vector, check_weight_vector, require_non_negative

GRADES = 5
DEFAULT_GRADE_VALUES = (100.0, 80.0, 60.0, 40.0, 20.0)
def membership(votes: Sequence[float], *, field: str = "votes") -> FloatArray:
    v = as_vector(votes, field=field)
    if v.size != GRADES:
        raise InnodockError(f"五级问卷需要 5 个票数，得到 {v.size} / need 5 vote counts", field=field)
    require_non_negative(v, field=field)
    total = float(v.sum())
    if not total > 0:
        raise InnodockError("问卷票数全为 0，无法评价 / no responses", field=field)
    return np.asarray(v / total, dtype=np.float64)


def composite(weights: Sequence[float], memberships: object, *, field: str = "R") -> FloatArray:
    """``B = W·R`` under ``M(·, ⊕)`` (bounded sum of weighted memberships)."""
    w = check_weight_vector(weights, field="W")
    r = as_matrix(memberships, field=field)
    if r.shape != (w.size, GRADES):
        raise InnodockError(
            f"隶属度矩阵应为 {w.size}×{GRADES}，得到 {r.shape[0]}×{r.shape[1]} / R must be items × 5 grades",
            field=field,
        )
    return np.asarray(np.minimum(1.0, w @ r), dtype=np.float64)


def defuzzify(b: Sequence[float] | FloatArray, grade_values: Sequence[float] = DEFAULT_GRADE_VALUES) -> float:
    vec = as_vector(b, field="B")
    values = as_vector(grade_values, field="grade_values")
    total = float(vec.sum())
    if not total > 0:
        raise InnodockError("评判向量 B 全为 0 / B is all zeros", field="B")
    return float(vec @ values / total)
