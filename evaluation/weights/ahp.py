"""Analytic hierarchy process (层次分析法, seed 001 §5.2.6 subjective methods): weights from a pairwise matrix.

Conventions (also in docs/evaluation.md):

* ``a_ij`` says how much more important criterion *i* is than *j* (Saaty 1–9 scale); the matrix must be positive,
  with ``a_ii = 1`` and ``a_ji·a_ij`` within ``1 ± 0.01`` (so 0.333 for 1/3 passes). Anything else is refused.
* Weights are the principal (Perron) eigenvector, normalised to sum to 1; ``λmax`` is its eigenvalue.
* ``CI = (λmax − n)/(n − 1)``, ``CR = CI/RI(n)``; ``CR = 0`` for ``n ≤ 2`` (such a reciprocal matrix is always
  consistent). ``consistent`` is ``CR < 0.1``.
* Size rule: ``n = 1`` gives weight 1 with λmax = 1 and CR = 0. For ``n`` beyond the chosen random-index table (15
  for Saaty 1980; 20 for Donegan & Dodd 1991) the weights are still computed — seed 001 has 16 second-level
  indicators, and people need their weights — but no RI means no CR: ``cr`` and ``consistent`` are ``None`` and
  ``note`` says so and names the table that covers the size, if any. Whoever uses weights in scoring
  (``evaluation.hierarchy.loader``) refuses unchecked ones.
* The most inconsistent comparison is the upper-triangle pair (i < j) with the largest ``|ln(a_ij·w_j/w_i)|`` —
  how far the given judgment is, in log ratio, from the ratio the final weights imply; ties (within 1e-9) go to the
  first pair in row-major order. In a 3×3 matrix all three deviations are equal (|ln r|/3 with r = a12·a23/a13),
  so the first pair, (1, 2), is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.errors import InnodockError
from evaluation.weights._checks import FloatArray, as_matrix, check_weight_vector

CONSISTENCY_LIMIT = 0.1
RECIPROCITY_TOLERANCE = 0.01
TIE_TOLERANCE = 1e-9

# Random indices RI(n), index 0 is n = 1. Written down here so a CR is always reproducible.
RANDOM_INDEX_TABLES: dict[str, tuple[float, ...]] = {
    # Saaty (1980), The Analytic Hierarchy Process — the classic table, this project's default.
    "saaty1980": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.54, 1.56, 1.58, 1.59),
    # Saaty (2005), Theory and Applications of the Analytic Network Process, p. 31 (AHPy's 'saaty').
    "saaty2005": (0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59),
    # Donegan & Dodd (1991), Math. Comput. Modelling 15(10) — AHPy's default 'dd'; every published size to 20
    # (AHPy's values, checked against it in tests/evaluation/test_eval_weights_oracle.py).
    "donegan_dodd1991": (
        0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643,
        1.4822, 1.4969, 1.5078, 1.5153, 1.5262, 1.5313, 1.5371,
    ),
    # The table most Chinese textbooks print (commonly attributed to 龚木森、许树柏).
    "cn_common": (0.0, 0.0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59),
}
DEFAULT_RI_TABLE = "saaty1980"


@dataclass(frozen=True)
class Comparison:
    """One judgment and how far it is from what the weights imply."""

    row: str
    col: str
    given: float
    implied: float
    log_deviation: float


@dataclass(frozen=True)
class AhpResult:
    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    cr: float | None  # None: the table has no RI for this size, so consistency cannot be checked (see ``note``)
    ri: float | None
    ri_table: str
    consistent: bool | None
    most_inconsistent: Comparison | None
    note: str | None = None

    def weight_map(self) -> dict[str, float]:
        return dict(zip(self.criteria, self.weights, strict=True))


def random_index(n: int, table: str = DEFAULT_RI_TABLE) -> float | None:
    """RI(n) from the named table, or ``None`` when the table stops before ``n``."""
    values = RANDOM_INDEX_TABLES.get(table)
    if values is None:
        raise InnodockError(
            f"未知的随机一致性指标表 {table!r}，可选 {sorted(RANDOM_INDEX_TABLES)} / unknown random-index table",
            field="ri_table",
        )
    if n < 1:
        raise InnodockError("判断矩阵不能为空 / the pairwise matrix is empty", field="matrix")
    return values[n - 1] if n <= len(values) else None


def no_cr_note(n: int, table: str) -> str:
    """Why a matrix has weights but no CR, and which table would give one."""
    size = len(RANDOM_INDEX_TABLES[table])
    covering = sorted(name for name, values in RANDOM_INDEX_TABLES.items() if len(values) >= n)
    zh = (f"{n}×{n} 判断矩阵超出 RI 表 {table} 的范围（至 {size} 阶）：权重已算出，"
          "但一致性比率 CR 无法计算，未经一致性检验")
    en = (f"a {n}×{n} matrix is beyond the {table} random-index table (to {size}): weights computed, no CR, "
          "consistency unchecked")
    if covering:
        zh += f"；可改用 RI 表 {'、'.join(covering)}"
        en += f"; the table {', '.join(covering)} covers it"
    else:
        zh += "；没有覆盖该阶数的 RI 表，请分组比较"
        en += "; no table covers this size: compare fewer criteria at a time"
    return f"{zh} / {en}"


def check_pairwise(matrix: object, *, field: str = "matrix", tolerance: float = RECIPROCITY_TOLERANCE) -> FloatArray:
    """A square, positive, reciprocal matrix with a unit diagonal, or an error naming the cell."""
    a = as_matrix(matrix, field=field)
    n, m = a.shape
    if n != m:
        raise InnodockError(f"判断矩阵必须是方阵，得到 {n}×{m} / pairwise matrix must be square", field=field)
    bad = np.argwhere(a <= 0)
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise InnodockError(
            f"判断矩阵元素必须为正数，得到 {a[i, j]!r} / comparisons must be positive", field=f"{field}[{i}][{j}]"
        )
    for i in range(n):
        if abs(a[i, i] - 1.0) > tolerance:
            raise InnodockError(
                f"对角线元素应为 1，得到 {a[i, i]!r} / diagonal must be 1", field=f"{field}[{i}][{i}]"
            )
        for j in range(i + 1, n):
            product = a[i, j] * a[j, i]
            if abs(product - 1.0) > tolerance:
                raise InnodockError(
                    f"判断矩阵不互反：a[{i}][{j}]·a[{j}][{i}] = {product:.6g}，应在 1±{tolerance:g} 内 / "
                    "matrix is not reciprocal",
                    field=f"{field}[{j}][{i}]",
                )
    return a


def _criteria_names(criteria: Sequence[str] | None, n: int) -> tuple[str, ...]:
    if criteria is None:
        return tuple(f"c{k + 1}" for k in range(n))
    names = tuple(str(c) for c in criteria)
    if len(names) != n:
        raise InnodockError(
            f"指标名个数 {len(names)} 与矩阵阶数 {n} 不一致 / {len(names)} criteria for a {n}×{n} matrix",
            field="criteria",
        )
    if len(set(names)) != n:
        raise InnodockError("指标名重复 / criteria names must be unique", field="criteria")
    return names


def principal_eigenvector(a: FloatArray) -> tuple[FloatArray, float]:
    """Perron eigenvector (sum 1) and eigenvalue; unique and positive for a positive matrix."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return vector / vector.sum(), float(values[k].real)


def ahp_weights(
    matrix: object,
    *,
    criteria: Sequence[str] | None = None,
    ri_table: str = DEFAULT_RI_TABLE,
    field: str = "matrix",
) -> AhpResult:
    a = check_pairwise(matrix, field=field)
    n = a.shape[0]
    names = _criteria_names(criteria, n)
    ri = random_index(n, ri_table)
    if n == 1:
        return AhpResult(names, (1.0,), 1.0, 0.0, 0.0, ri, ri_table, True, None)
    w, lam = principal_eigenvector(a)
    cr: float | None
    if n <= 2:
        ci = cr = 0.0
    else:
        # λmax ≥ n in exact arithmetic; clamp round-off so a consistent matrix reports exactly 0.
        ci = max(lam - n, 0.0) / (n - 1)
        cr = ci / ri if ri is not None else None
    deviations = np.abs(np.log(a * w[np.newaxis, :] / w[:, np.newaxis]))
    upper = np.triu(deviations, k=1)
    # Ties within round-off (1e-9) go to the first pair in row-major order, so the answer does not hinge on ulps.
    flat = int(np.flatnonzero(upper >= upper.max() - TIE_TOLERANCE)[0])
    i, j = divmod(flat, n)
    worst = Comparison(names[i], names[j], float(a[i, j]), float(w[i] / w[j]), float(deviations[i, j]))
    return AhpResult(
        criteria=names,
        weights=tuple(float(x) for x in w),
        lambda_max=lam,
        ci=ci,
        cr=cr,
        ri=ri,
        ri_table=ri_table,
        consistent=None if cr is None else cr < CONSISTENCY_LIMIT,
        most_inconsistent=worst,
        note=None if cr is not None else no_cr_note(n, ri_table),
    )


def aggregate_judgments(matrices: Sequence[object], *, expert_weights: Sequence[float] | None = None) -> FloatArray:
    """Group judgment: the element-wise (weighted) geometric mean, which keeps the result reciprocal.

    The geometric mean is the aggregation that commutes with taking reciprocals (Aczél & Saaty 1983), so the group
    matrix is again a valid pairwise matrix; expert weights, when given, must sum to 1.
    """
    if not matrices:
        raise InnodockError("至少需要一位专家的判断矩阵 / at least one expert matrix is needed", field="matrices")
    checked = [check_pairwise(m, field=f"matrices[{k}]") for k, m in enumerate(matrices)]
    shape = checked[0].shape
    for k, m in enumerate(checked):
        if m.shape != shape:
            raise InnodockError(
                f"专家矩阵阶数不一致：{m.shape} vs {shape} / all experts must compare the same criteria",
                field=f"matrices[{k}]",
            )
    if expert_weights is None:
        ew = np.full(len(checked), 1.0 / len(checked))
    else:
        ew = check_weight_vector(expert_weights, field="expert_weights")
        if ew.size != len(checked):
            raise InnodockError(
                f"专家权重个数 {ew.size} 与矩阵个数 {len(checked)} 不一致 / one weight per expert",
                field="expert_weights",
            )
    logs = np.stack([np.log(m) for m in checked])
    return np.asarray(np.exp(np.tensordot(ew, logs, axes=1)), dtype=np.float64)
