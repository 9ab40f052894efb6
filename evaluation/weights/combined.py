"""Combined subjective–objective weighting (主客观综合集成赋权, seed 001 §5.2.6).

* ``multiplicative``: ``w_j = s_j·o_j / Σ_k s_k·o_k`` — both sources must agree for a criterion to weigh much.
* ``linear``: ``w_j = α·s_j + (1 − α)·o_j`` with ``0 ≤ α ≤ 1`` — ``α`` is the share trusted to expert judgment.

Both inputs must already sum to 1 (within 1e-9); they are never silently renormalised.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from core.errors import InnodockError
from evaluation.weights._checks import FloatArray, check_weight_vector

Combination = Literal["multiplicative", "linear"]


def combine_weights(
    subjective: object, objective: object, *, method: Combination = "multiplicative", alpha: float = 0.5
) -> FloatArray:
    s = check_weight_vector(subjective, field="subjective")
    o = check_weight_vector(objective, field="objective")
    if s.size != o.size:
        raise InnodockError(
            f"主观权重 {s.size} 个、客观权重 {o.size} 个，长度不一致 / both weight vectors need the same length",
            field="objective",
        )
    if method == "multiplicative":
        product = s * o
        total = float(product.sum())
        if not total > 0:
            raise InnodockError(
                "主客观权重无共同的非零指标，乘法合成无定义 / no criterion has non-zero weight in both vectors",
                field="objective",
            )
        return np.asarray(product / total, dtype=np.float64)
    if method == "linear":
        if not (np.isfinite(alpha) and 0.0 <= alpha <= 1.0):
            raise InnodockError(f"α 必须在 [0, 1] 内，得到 {alpha!r} / alpha must be in [0, 1]", field="alpha")
        return np.asarray(alpha * s + (1.0 - alpha) * o, dtype=np.float64)
    raise InnodockError(f"未知的合成方式 {method!r} / method must be 'multiplicative' or 'linear'", field="method")
