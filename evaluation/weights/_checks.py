"""Input checks shared by every weighting method, so each bad value is named the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from core.errors import InnodockError

FloatArray = NDArray[np.float64]


def as_matrix(data: object, *, field: str = "matrix") -> FloatArray:
    """A finite 2-D float array, or an error naming the first offending cell."""
    try:
        array = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InnodockError(
            f"矩阵必须是数字构成的二维数组 / must be a rectangular 2-D array of numbers ({exc})", field=field
        ) from exc
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise InnodockError("矩阵必须是非空二维数组 / must be a non-empty 2-D array", field=field)
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InnodockError(
            f"值 {float(array[i, j])!r} 不是有限数 / value is NaN or infinite", field=f"{field}[{i}][{j}]"
        )
    return array


def as_vector(data: object, *, field: str) -> FloatArray:
    try:
        array = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InnodockError(f"必须是数字列表 / must be a list of numbers ({exc})", field=field) from exc
    if array.ndim != 1 or array.size == 0:
        raise InnodockError("必须是非空的一维数字列表 / must be a non-empty 1-D list of numbers", field=field)
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        i = int(bad[0])
        raise InnodockError(f"值 {float(array[i])!r} 不是有限数 / value is NaN or infinite", field=f"{field}[{i}]")
    return array


def require_non_negative(array: FloatArray, *, field: str) -> None:
    bad = np.argwhere(array < 0)
    if bad.size:
        idx = "".join(f"[{int(v)}]" for v in bad[0])
        raise InnodockError(
            f"值 {float(array[tuple(bad[0])])!r} 为负数，本方法要求非负数据 / negative value; "
            "this method needs values ≥ 0 (use the min–max option for signed data)",
            field=f"{field}{idx}",
        )


def check_directions(directions: Sequence[str] | None, n: int, *, field: str = "directions") -> list[str]:
    """``benefit`` (larger is better) or ``cost`` (smaller is better) per column; default all benefit."""
    if directions is None:
        return ["benefit"] * n
    values = list(directions)
    if len(values) != n:
        raise InnodockError(
            f"方向个数 {len(values)} 与指标列数 {n} 不一致 / {len(values)} directions for {n} criteria", field=field
        )
    for k, value in enumerate(values):
        if value not in ("benefit", "cost"):
            raise InnodockError(
                f"方向必须是 benefit 或 cost，得到 {value!r} / direction must be 'benefit' or 'cost'",
                field=f"{field}[{k}]",
            )
    return values


def check_weight_vector(weights: object, *, field: str, tolerance: float = 1e-9) -> FloatArray:
    """Non-negative weights summing to 1 within ``tolerance`` — never silently renormalised."""
    vector = as_vector(weights, field=field)
    require_non_negative(vector, field=field)
    total = float(vector.sum())
    if abs(total - 1.0) > tolerance:
        raise InnodockError(
            f"权重之和为 {total:.12g}，应为 1（容差 {tolerance:g}）/ weights sum to {total:.12g}, not 1", field=field
        )
    return vector
