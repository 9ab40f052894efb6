"""Explanations for people (matcher.explain, flows.explanations): the fit's mapping checked against numpy's
piecewise-linear interpolation, its bands, key terms without stop words or places, texts in one language."""

from __future__ import annotations

import numpy as np
import pytest

from flows.explanations import explain_proposal, one_language
from matcher import explain
from matcher.embedding.models import LOW_CONFIDENCE
from pipeline.schemas import MatchProposal


@pytest.mark.parametrize("threshold", sorted(set(LOW_CONFIDENCE.values())))
def test_fit_is_the_piecewise_linear_map_through_the_calibrated_threshold(threshold: float) -> None:
    scores = np.linspace(0.0, 1.0, 401)
    expected = np.interp(scores, [0.0, threshold, 1.0], [0.0, 50.0, 100.0])
    got = np.array([explain.fit(float(s), threshold) for s in scores])
    assert np.all(np.abs(got - expected) <= 0.5 + 1e-9)  # rounded to whole points
    assert explain.fit(threshold, threshold) == 50 and explain.fit(1.0, threshold) == 100
    assert np.all(np.diff(got) >= 0)  # the ranking's order is the fit's order
    assert explain.band(explain.fit(threshold - 0.01, threshold)) == "low"
    assert explain.band(explain.fit(threshold, threshold)) == "medium"
    assert explain.band(explain.fit((1 + threshold) / 2, threshold)) == "high"


def test_fit_clips_and_falls_back_to_the_default_threshold() -> None:
    assert explain.fit(1.7, 0.33) == 100 and explain.fit(-1, 0.33) == 0
    assert explain.fit(0.5, None) == explain.fit(0.5, 0.5) == 50


def test_points_are_what_an_adjustment_is_worth_on_the_fit() -> None:
    assert explain.points(0.60, 0.06, 0.33) == explain.fit(0.60, 0.33) - explain.fit(0.54, 0.33) > 0


def test_key_terms_drop_stop_words_places_single_characters_and_parts() -> None:
    terms = ["锂电池", "电池", "内", "数据", "常州", "江苏省", "热失控", "失控", "gb/t31485", "技术", "长三角", "试验"]
    assert explain.key_terms(terms) == ["锂电池", "热失控", "GB/T31485", "试验"]
    assert explain.key_terms(["储能电池", "储能电池", "电池"]) == ["储能电池"]
    assert len(explain.key_terms([f"词{i}项" for i in range(20)])) == explain.MAX_KEY_TERMS


def test_one_language() -> None:
    assert one_language("提供所需服务类型：检验检测 / offers the requested service type", "zh") == \
        "提供所需服务类型：检验检测"
    said = "在办 3 项，最多可同时承接 5 项 / 3 engagements in progress, of the 5 it can take at once"
    assert one_language(said, "en") == "3 engagements in progress, of the 5 it can take at once"
    assert one_language(said, "zh") == "在办 3 项，最多可同时承接 5 项"
    assert one_language("只有中文", "en") == "只有中文"


def test_an_explanation_reads_the_stored_reasons() -> None:
    proposal = MatchProposal.model_validate({
        "center_id": "c1", "center_name": "某中心", "score": 0.7,
        "reasons": [
            {"kind": "passage", "text": "动力电池热失控试验", "capability_id": "cap1", "title": "热失控试验"},
            {"kind": "terms", "text": "共同关键词 / shared terms: 电池、锂电池、常州、内",
             "terms": ["锂电池", "电池", "常州", "内"]},
            {"kind": "rule", "text": "提供所需服务类型：检验检测 / offers the requested service type",
             "rule": "service_type"},
            {"kind": "region", "text": "地区相符（江苏省常州市）/ same city", "delta": 0.06},
            {"kind": "prior", "text": "服务质量评价 0.80，调整 +0.030 / quality rating", "rating": 0.8, "delta": 0.03},
            {"kind": "score", "text": "…", "relevance": 0.55, "dense_cosine": 0.91, "bm25": 9.296, "evidence": 0.5,
             "low_confidence_threshold": 0.33},
        ]})
    why = explain_proposal(proposal, "zh")
    assert (why.fit, why.band, why.below_threshold) == (explain.fit(0.7, 0.33), "high", False)
    assert why.key_terms == ["锂电池"]
    assert why.rules == ["提供所需服务类型：检验检测"]
    assert [(e.kind, e.points > 0) for e in why.effects] == [("region", True), ("rating", True)]
    assert why.internals["dense_cosine"] == 0.91 and why.internals["bm25"] == 9.296
    assert explain_proposal(proposal, "en").rules == ["offers the requested service type"]
