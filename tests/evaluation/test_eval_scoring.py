"""Scoring rules: the weighted sums, grades, FCE, missing data and determinism."""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest

from core.errors import InnodockError
from evaluation.fuzzy import composite, defuzzify, membership
from evaluation.hierarchy import load_hierarchy, parse_hierarchy
from evaluation.schemas import ScoreInput
from evaluation.scoring import grade, score, to_json

CUTS = {
    "stars": {"source": "innodock_proposal", "reason": "t", "cuts": [
        {"id": "s5", "label_zh": "五星", "label_en": "5", "stars": 5, "min_score": 90},
        {"id": "s1", "label_zh": "一星", "label_en": "1", "stars": 1, "min_score": 0}]},
    "tiers": {"source": "innodock_proposal", "reason": "t", "cuts": [
        {"id": "pass", "label_zh": "合格", "label_en": "pass", "min_score": 60},
        {"id": "fail", "label_zh": "不合格", "label_en": "fail", "min_score": 0}]},
    "classes": {"source": "innodock_proposal", "reason": "t", "cuts": [
        {"id": "incentive", "label_zh": "激励管理", "label_en": "i", "min_score": 50, "min_dimension_score": 40},
        {"id": "key", "label_zh": "重点监管", "label_en": "k", "min_score": 0}]},
}


def tiny() -> dict[str, Any]:
    """Two dimensions; numbers small enough to check by hand."""
    def item(i: str, w: float, norm: dict[str, Any], direction: str = "benefit", src: str = "self_report") -> dict:
        return {"id": i, "name_zh": i, "name_en": i, "unit": "u", "direction": direction, "data_source": src,
                "normalisation": norm, "weight": w}

    return {
        "id": "tiny", "version": 1, "title_zh": "t", "title_en": "t", "weights_note": "test",
        "dimensions": [
            {"id": "d1", "symbol": "T1", "name_zh": "甲", "name_en": "a", "weight": 0.6, "indicators": [
                {"id": "i1", "name_zh": "i1", "name_en": "i1", "weight": 0.5, "items": [
                    item("x1", 0.5, {"method": "minmax", "lower": 0, "upper": 10}),
                    item("x2", 0.5, {"method": "minmax", "lower": 0, "upper": 10}, direction="cost")]},
                {"id": "i2", "name_zh": "i2", "name_en": "i2", "weight": 0.5, "items": [
                    item("x3", 1.0, {"method": "target", "target": 4})]}]},
            {"id": "d2", "symbol": "T2", "name_zh": "乙", "name_en": "b", "weight": 0.4, "indicators": [
                {"id": "i3", "name_zh": "i3", "name_en": "i3", "weight": 1.0, "items": [
                    item("q1", 0.25, {"method": "five_grade"}, src="questionnaire"),
                    item("q2", 0.75, {"method": "five_grade"}, src="questionnaire")]}]},
        ],
        "raw_bounds": {"u": {"low": 0, "high": 1000, "reason": "test"}},
        **CUTS,
    }


VALUES: dict[str, Any] = {"x1": 7, "x2": 2, "x3": 3, "q1": [1, 1, 0, 0, 0], "q2": [0, 0, 2, 2, 0]}


def test_tiny_hierarchy_by_hand() -> None:
    h = parse_hierarchy(tiny())
    r = score(h, ScoreInput(values=VALUES))
    # x1 70, x2 (10-2)/10 = 80, x3 3/4 = 75; i1 = 75, i2 = 75, T1 = 75
    # q1: (100+80)/2 = 90; q2: (60+40)/2 = 50; i3 = .25*90 + .75*50 = 60 = T2
    # T = .6*75 + .4*60 = 69
    d1, d2 = r["dimensions"]
    assert [it["score"] for it in d1["indicators"][0]["items"]] == pytest.approx([70, 80])
    assert d1["score"] == pytest.approx(75) and d2["score"] == pytest.approx(60)
    assert r["total"] == pytest.approx(69) and r["complete"]
    assert r["stars"]["stars"] == 1 and r["tier"]["id"] == "pass" and r["management_class"]["id"] == "incentive"
    fuzzy = d2["indicators"][0]["fuzzy"]
    assert fuzzy["B"] == pytest.approx([0.125, 0.125, 0.375, 0.375, 0.0])
    assert fuzzy["score"] == pytest.approx(60)
    assert d1["indicators"][0]["fuzzy"] is None
    assert any(line.startswith("T = ") and "69.0000" in line for line in r["explanation"])


def test_weighted_sums_hold_on_the_seed_example(full_inputs: dict[str, Any]) -> None:
    h = load_hierarchy()
    r = score(h, ScoreInput.model_validate(full_inputs))
    assert r["complete"] and not r["missing"]
    total = 0.0
    for d in r["dimensions"]:
        t_k = 0.0
        for i in d["indicators"]:
            a_n = sum(it["score"] * it["weight"] for it in i["items"])
            assert i["score"] == pytest.approx(a_n, abs=1e-12)
            assert all(0 <= it["score"] <= 100 for it in i["items"])
            t_k += a_n * i["weight"]
        assert d["score"] == pytest.approx(t_k, abs=1e-12)
        total += t_k * d["weight"]
    assert r["total"] == pytest.approx(total, abs=1e-12)
    expected_stars = 5 if total >= 90 else 4 if total >= 80 else 3 if total >= 70 else 2 if total >= 60 else 1
    assert r["stars"]["stars"] == expected_stars


def test_missing_values_are_reported_never_zero(full_inputs: dict[str, Any]) -> None:
    h = load_hierarchy()
    data = copy.deepcopy(full_inputs)
    data["values"]["papers"] = None
    del data["values"]["complaint_rate"]
    r = score(h, ScoreInput.model_validate(data))
    assert not r["complete"]
    assert r["total"] is None and r["stars"] is None and r["tier"] is None and r["management_class"] is None
    assert {m["item"] for m in r["missing"]} == {"papers", "complaint_rate"}
    dims = {d["id"]: d for d in r["dimensions"]}
    assert dims["foundation"]["score"] is None and dims["results"]["score"] is None
    assert dims["operation"]["score"] is not None  # untouched branches still scored
    tech = next(i for i in dims["foundation"]["indicators"] if i["id"] == "technical_capability")
    assert tech["score"] is None
    assert next(it for it in tech["items"] if it["id"] == "papers")["score"] is None


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        ("x1", math.nan, "NaN"),
        ("x1", -1, "负数"),
        ("x1", "7", "number"),
        ("q1", [1, 2, 3], "5"),
        ("q1", [0, 0, 0, 0, 0], "no responses"),
        ("q1", 3, "5 vote"),
        ("nope", 1, "no item"),
    ],
)
def test_bad_values_are_refused_with_the_field(key: str, value: Any, match: str) -> None:
    h = parse_hierarchy(tiny())
    values = dict(VALUES)
    values[key] = value
    with pytest.raises(InnodockError, match=match) as info:
        score(h, ScoreInput.model_construct(values=values))
    assert info.value.field == f"values.{key}"


def test_score100_out_of_range_is_an_error() -> None:
    data = tiny()
    data["dimensions"][0]["indicators"][1]["items"][0]["normalisation"] = {"method": "score100"}
    h = parse_hierarchy(data)
    with pytest.raises(InnodockError, match="0–100"):
        score(h, ScoreInput(values={**VALUES, "x3": 120}))


def test_normalisation_clips_and_cost_target() -> None:
    h = parse_hierarchy(tiny())
    r = score(h, ScoreInput(values={**VALUES, "x1": 25, "x2": 15, "x3": 9}))
    items = r["dimensions"][0]["indicators"][0]["items"]
    assert [it["score"] for it in items] == [100.0, 0.0]
    assert r["dimensions"][0]["indicators"][1]["items"][0]["score"] == 100.0


def test_grades_use_floors() -> None:
    h = load_hierarchy()
    assert grade(h.classes, 90.0, [95, 95, 95, 69])["id"] == "normal"
    assert grade(h.classes, 90.0, [95, 95, 95, 49])["id"] == "key_supervision"
    assert grade(h.classes, 85.0, [85, 85, 85, 85])["id"] == "incentive"
    assert grade(h.stars, 89.999, [])["stars"] == 4
    assert grade(h.stars, 90.0, [])["stars"] == 5
    assert grade(h.tiers, 59.99, [])["label_zh"] == "不合格"


def test_same_input_same_bytes(full_inputs: dict[str, Any]) -> None:
    h = load_hierarchy()
    a = to_json(score(h, ScoreInput.model_validate(full_inputs)))
    b = to_json(score(load_hierarchy(), ScoreInput.model_validate(copy.deepcopy(full_inputs))))
    assert a == b
    assert '"total":' in a and "NaN" not in a


def test_fce_operator_bounds_and_defuzzify() -> None:
    r = np.array([membership([3, 1, 0, 0, 0]), membership([0, 0, 1, 1, 2])])
    b = composite([0.5, 0.5], r)
    assert b == pytest.approx([0.375, 0.125, 0.125, 0.125, 0.25])
    assert defuzzify(b) == pytest.approx(0.375 * 100 + 0.125 * (80 + 60 + 40) + 0.25 * 20)
    with pytest.raises(InnodockError):
        composite([0.5, 0.6], r)
