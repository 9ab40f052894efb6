"""Objective weights from the data (seed 001 §5.2.6 objective methods): entropy, coefficient of variation, CRITIC.

All take a matrix with rows = alternatives (centers) and columns = criteria, and return weights summing to 1.

Conventions (also in docs/evaluation.md):

* **Entropy weight (熵权法)** — not the seed's "maximum-entropy technique"; it falls under its "other methods".
  Default ``normalize="sum"``: values must be ≥ 0, ``p_ij = x_ij/Σ_i x_ij``; ``e_j = −(1/ln m) Σ_i p_ij ln p_ij``
  with ``0·ln 0 = 0``; ``d_j = 1 − e_j``; ``w_j = d_j/Σ d_j``. With ``normalize="minmax"`` each column is first
  mapped to [0, 1] — benefit ``(x − min)/(max − min)``, cost ``(max − x)/(max − min)`` — then the same formula.
  Degenerate columns: a constant column carries no information, ``d_j = 0`` (weight 0); in sum mode an all-zero
  column has no distribution at all and is refused; if every column is degenerate nothing discriminates and the
  call is refused. ``m ≥ 2`` rows are required (``ln 1 = 0``).
* **Coefficient of variation (变异系数法)** — ``w_j ∝ σ_j/μ_j`` with the population standard deviation (ddof = 0);
  values must be ≥ 0 with ``μ_j > 0``. Directions do not matter (dispersion is symmetric).
* **CRITIC** (Diakoulaki et al. 1995) — min–max normalise with directions, ``σ_j`` (ddof = 0) of the normalised
  column, Pearson ``r_jk``; ``C_j = σ_j Σ_k (1 − r_jk)``; ``w_j = C_j/Σ C``. A constant column has σ = 0, so
  ``C_j = 0``; its undefined correlations are taken as 0 for the other columns' sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from core.errors import InnodockError
from evaluation.weights._checks import FloatArray, as_matrix, check_directions, require_non_negative

Normalize = Literal["sum", "minmax"]


def _need_rows(x: FloatArray, minimum: int, field: str) -> None:
    if x.shape[0] < minimum:
        raise InnodockError(
            f"至少需要 {minimum} 个评价对象（行），得到 {x.shape[0]} / need at least {minimum} alternatives (rows)",
            field=field,
        )


def _finish(scores: FloatArray, method: str, field: str) -> FloatArray:
    total = float(scores.sum())
    if not total > 0:
        raise InnodockError(
            f"{method}: 所有指标列都无区分度，无法赋权 / no criterion discriminates between alternatives; no weights",
            field=field,
        )
    return np.asarray(scores / total, dtype=np.float64)


def minmax_columns(x: FloatArray, directions: Sequence[str]) -> tuple[FloatArray, FloatArray]:
    """Columns mapped to [0, 1] by direction, and a mask of constant columns (left at 0)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    constant = span == 0
    safe = np.where(constant, 1.0, span)
    benefit = (x - lo) / safe
    cost = (hi - x) / safe
    is_cost = np.array([d == "cost" for d in directions])
    out = np.where(is_cost[np.newaxis, :], cost, benefit)
    out[:, constant] = 0.0
    return np.asarray(out, dtype=np.float64), constant


def _entropy_of_columns(p: FloatArray) -> FloatArray:
    m = p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return np.asarray(-plogp.sum(axis=0) / np.log(m), dtype=np.float64)


def entropy_weights(
    matrix: object,
    *,
    normalize: Normalize = "sum",
    directions: Sequence[str] | None = None,
    field: str = "matrix",
) -> FloatArray:
    x = as_matrix(matrix, field=field)
    _need_rows(x, 2, field)
    dirs = check_directions(directions, x.shape[1])
    if normalize == "sum":
        require_non_negative(x, field=field)
        sums = x.sum(axis=0)
        zero = np.flatnonzero(sums == 0)
        if zero.size:
            raise InnodockError(
                f"第 {int(zero[0])} 列全为 0，比重 p 无定义；请用 minmax 归一化或删去该指标 / "
                "column is all zeros, p = x/Σx is undefined (use --normalize minmax or drop it)",
                field=f"{field}[*][{int(zero[0])}]",
            )
        p = x / sums
        constant = np.ptp(x, axis=0) == 0
    elif normalize == "minmax":
        y, constant = minmax_columns(x, dirs)
        sums = y.sum(axis=0)
        p = y / np.where(constant, 1.0, sums)
    else:
        raise InnodockError(f"未知的归一化方式 {normalize!r} / normalize must be 'sum' or 'minmax'", field="normalize")
    e = _entropy_of_columns(p)
    d = np.where(constant, 0.0, 1.0 - e)
    # Round-off can leave −1e-17 for near-uniform columns; entropy never exceeds 1 in exact arithmetic.
    d = np.clip(d, 0.0, None)
    return _finish(d, "熵权法 entropy", field)


def cv_weights(matrix: object, *, field: str = "matrix") -> FloatArray:
    x = as_matrix(matrix, field=field)
    _need_rows(x, 2, field)
    require_non_negative(x, field=field)
    mean = x.mean(axis=0)
    zero = np.flatnonzero(mean == 0)
    if zero.size:
        raise InnodockError(
            f"第 {int(zero[0])} 列均值为 0，变异系数无定义 / column mean is 0, coefficient of variation undefined",
            field=f"{field}[*][{int(zero[0])}]",
        )
    cv = x.std(axis=0, ddof=0) / mean
    return _finish(cv, "变异系数法 coefficient of variation", field)


def critic_weights(
    matrix: object, *, directions: Sequence[str] | None = None, field: str = "matrix"
) -> FloatArray:
    x = as_matrix(matrix, field=field)
    _need_rows(x, 2, field)
    dirs = check_directions(directions, x.shape[1])
    y, constant = minmax_columns(x, dirs)
    sigma = y.std(axis=0, ddof=0)
    n = y.shape[1]
    r = np.zeros((n, n))
    live = np.flatnonzero(np.logical_not(constant))
    if live.size:
        r[np.ix_(live, live)] = np.corrcoef(y[:, live], rowvar=False).reshape(live.size, live.size)
    for k in range(n):
        r[k, k] = 1.0
    conflict = (1.0 - r).sum(axis=0)
    info = np.where(constant, 0.0, sigma * conflict)
    return _finish(info, "CRITIC", field)
