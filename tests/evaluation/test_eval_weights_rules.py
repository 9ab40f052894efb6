"""The documented rules for odd and bad inputs of the weighting functions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.errors import InnodockError
from evaluation.weights import (
    aggregate_judgments,
    ahp_weights,
    combine_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
)


def test_consistent_matrix_has_zero_cr_and_exact_weights() -> None:
    w = np.array([0.5, 0.3, 0.2])
    a = w[:, None] / w[None, :]
    r = ahp_weights(a, criteria=["x", "y", "z"])
    assert r.weights == pytest.approx(tuple(w), abs=1e-12)
    assert r.lambda_max == pytest.approx(3.0, abs=1e-12)
    assert r.cr == pytest.approx(0.0, abs=1e-12)
    assert r.consistent


def test_one_by_one_gives_weight_one() -> None:
    r = ahp_weights([[1.0]], criteria=["only"])
    assert r.weight_map() == {"only": 1.0}
    assert (r.lambda_max, r.ci, r.cr, r.consistent, r.most_inconsistent) == (1.0, 0.0, 0.0, True, None)


def test_beyond_every_table_the_weights_come_without_a_cr() -> None:
    r = ahp_weights(np.ones((30, 30)))
    assert r.weights == pytest.approx((1 / 30,) * 30)
    assert (r.cr, r.ri, r.consistent) == (None, None, None)
    assert r.note is not None and "没有覆盖该阶数的 RI 表" in r.note and "no table covers" in r.note
    sixteen = ahp_weights(np.ones((16, 16)))
    assert sixteen.cr is None and sixteen.note is not None and "donegan_dodd1991" in sixteen.note
    assert ahp_weights(np.ones((16, 16)), ri_table="donegan_dodd1991").cr == pytest.approx(0.0, abs=1e-12)


def test_fifteen_is_the_largest_saaty_size() -> None:
    assert ahp_weights(np.ones((15, 15))).cr == pytest.approx(0.0, abs=1e-12)


def test_rounded_reciprocal_passes_but_wrong_one_fails() -> None:
    assert ahp_weights([[1, 3, 1], [0.333, 1, 0.333], [1, 3, 1]]).consistent
    with pytest.raises(InnodockError, match="互反") as info:
        ahp_weights([[1, 3, 1], [0.5, 1, 1], [1, 1, 1]])
    assert info.value.field == "matrix[1][0]"


@pytest.mark.parametrize(
    ("matrix", "field"),
    [
        ([[1, -2], [-0.5, 1]], "matrix[0][1]"),
        ([[1, 0], [0, 1]], "matrix[0][1]"),
        ([[1, math.nan], [1, 1]], "matrix[0][1]"),
        ([[1, 2], [0.5, math.inf]], "matrix[1][1]"),
        ([[2, 1], [1, 1]], "matrix[0][0]"),
        ([[1, 2, 3], [0.5, 1, 2]], "matrix"),
    ],
)
def test_bad_matrices_name_the_cell(matrix: list[list[float]], field: str) -> None:
    with pytest.raises(InnodockError) as info:
        ahp_weights(matrix)
    assert info.value.field == field


def test_inconsistent_matrix_is_flagged_and_the_worst_pair_named() -> None:
    # consistent with 8:4:2:1 except the reversed judgment a vs d
    a = [[1, 2, 4, 0.125], [0.5, 1, 2, 4], [0.25, 0.5, 1, 2], [8, 0.25, 0.5, 1]]
    r = ahp_weights(a, criteria=["a", "b", "c", "d"])
    assert r.cr >= 0.1 and not r.consistent
    worst = r.most_inconsistent
    assert worst is not None
    devs = {
        (x, y): abs(math.log(a[i][j] * r.weights[j] / r.weights[i]))
        for i, x in enumerate("abcd")
        for j, y in enumerate("abcd")
        if i < j
    }
    assert (worst.row, worst.col) == max(devs, key=lambda k: devs[k]) == ("a", "d")
    assert worst.log_deviation == pytest.approx(max(devs.values()))


def test_other_random_index_tables_are_selectable() -> None:
    a = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    r80 = ahp_weights(a)
    r05 = ahp_weights(a, ri_table="saaty2005")
    assert r80.lambda_max == r05.lambda_max
    assert r05.cr == pytest.approx(r80.ci / 0.52)
    with pytest.raises(InnodockError) as info:
        ahp_weights(a, ri_table="nope")
    assert info.value.field == "ri_table"


def test_group_geometric_mean_is_reciprocal_and_weighted() -> None:
    m1 = [[1, 3], [1 / 3, 1]]
    m2 = [[1, 1 / 3], [3, 1]]
    g = aggregate_judgments([m1, m2])
    assert g[0, 1] == pytest.approx(1.0)
    g2 = aggregate_judgments([m1, m2], expert_weights=[0.75, 0.25])
    assert g2[0, 1] == pytest.approx(3**0.5)
    assert g2[0, 1] * g2[1, 0] == pytest.approx(1.0)
    with pytest.raises(InnodockError):
        aggregate_judgments([m1, [[1, 2, 3], [0.5, 1, 1], [1 / 3, 1, 1]]])
    with pytest.raises(InnodockError, match="权重之和"):
        aggregate_judgments([m1, m2], expert_weights=[0.5, 0.6])


def test_entropy_degenerate_columns() -> None:
    x = [[1.0, 5.0, 0.0], [2.0, 5.0, 3.0], [3.0, 5.0, 0.0]]
    w = entropy_weights(x)
    assert w[1] == 0.0 and w.sum() == pytest.approx(1.0)
    with pytest.raises(InnodockError, match="全为 0") as info:
        entropy_weights([[1.0, 0.0], [2.0, 0.0]])
    assert info.value.field == "matrix[*][1]"
    with pytest.raises(InnodockError, match="无区分度"):
        entropy_weights([[1.0, 2.0], [1.0, 2.0]])
    with pytest.raises(InnodockError, match="负数") as neg:
        entropy_weights([[1.0, -2.0], [2.0, 1.0]])
    assert neg.value.field == "matrix[0][1]"
    assert entropy_weights([[1.0, -2.0], [2.0, 1.0]], normalize="minmax").sum() == pytest.approx(1.0)
    with pytest.raises(InnodockError, match="至少需要 2"):
        entropy_weights([[1.0, 2.0]])
    with pytest.raises(InnodockError) as d:
        entropy_weights([[1.0, 2.0], [2.0, 1.0]], normalize="minmax", directions=["benefit", "up"])
    assert d.value.field == "directions[1]"


def test_minmax_cost_direction_mirrors_benefit() -> None:
    x = np.array([[1.0, 9.0], [4.0, 3.0], [7.0, 1.0], [2.0, 2.0]])
    benefit = entropy_weights(x, normalize="minmax", directions=["benefit", "benefit"])
    flipped = entropy_weights(-x, normalize="minmax", directions=["cost", "cost"])
    assert benefit == pytest.approx(flipped, abs=1e-15)


def test_cv_and_critic_rules() -> None:
    with pytest.raises(InnodockError, match="均值为 0"):
        cv_weights([[0.0, 1.0], [0.0, 2.0]])
    w = critic_weights([[1.0, 3.0, 2.0], [2.0, 3.0, 9.0], [3.0, 3.0, 4.0]])
    assert w[1] == 0.0 and w.sum() == pytest.approx(1.0)


def test_combined_weights() -> None:
    s, o = [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]
    mult = combine_weights(s, o)
    assert mult == pytest.approx(np.array([0.1, 0.06, 0.12]) / 0.28)
    lin = combine_weights(s, o, method="linear", alpha=0.25)
    assert lin == pytest.approx([0.275, 0.225, 0.5])
    with pytest.raises(InnodockError, match="权重之和") as info:
        combine_weights([0.5, 0.6], [0.5, 0.5])
    assert info.value.field == "subjective"
    with pytest.raises(InnodockError) as alpha:
        combine_weights(s, o, method="linear", alpha=1.5)
    assert alpha.value.field == "alpha"


def test_three_by_three_cycle_ties_go_to_the_first_pair() -> None:
    # In a 3×3 matrix every pair deviates by the same |ln r|/3; the documented tie rule picks row-major first.
    r = ahp_weights([[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]], criteria=["a", "b", "c"])
    assert r.most_inconsistent is not None
    assert r.most_inconsistent.log_deviation == pytest.approx(math.log(125) / 3)
    assert (r.most_inconsistent.row, r.most_inconsistent.col) == ("a", "b")
