"""Explanations for people (matcher.explain, flows.explanations): the fit's mapping checked against numpy's
piecewise-linear interpolation, its bands, key terms without stop words or places, texts in one language."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flows.explanations import explain_proposal, in_fit_order, one_language, requirements_of
from matcher import explain, requirements
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


PLACE_CASES = ["常州", "江苏省", "长三角", "苏州工业园区", "上海市浦东新区", "北京上海", "中国", "常州市 ", "常州。",
               "江苏A", "锂电池", "热失控", "检测中心", "GB/T31485", "cma", "电池常州"]


def test_is_place_answers_what_jiebas_part_of_speech_tagger_answers() -> None:
    """is_place reads a set of the dictionary's place names instead of jieba.posseg's tables (≈ 150 MB per worker,
    issue 28): the answer is the tagger's (whole term cut without HMM, every word tagged ns…)."""
    import jieba
    import jieba.posseg

    from matcher.lexical import DICT_PATH

    tok = jieba.Tokenizer()
    tok.initialize()
    tok.load_userdict(str(DICT_PATH))
    tagger = jieba.posseg.POSTokenizer(tok)

    def by_tagger(term: str) -> bool:
        if not any("\u4e00" <= ch <= "\u9fff" for ch in term):
            return False
        pairs = tagger.lcut(term, HMM=False)
        return bool(pairs) and all(p.flag.startswith("ns") for p in pairs)

    assert [explain.is_place(t) for t in PLACE_CASES] == [by_tagger(t) for t in PLACE_CASES]
    assert sum(explain.is_place(t) for t in PLACE_CASES) >= 6  # the cases hold places and non-places


def test_key_terms_load_no_part_of_speech_tagger() -> None:
    """jieba.posseg keeps its 349 000-word tag table per tagger and one more on import: a worker's key terms load
    neither (a fresh process, since another test may have imported it)."""
    import subprocess
    import sys

    code = ("import sys; from matcher import explain; explain.warm(); "
            "assert explain.key_terms(['常州', '锂电池']) == ['锂电池']; print('jieba.posseg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(Path(__file__).resolve().parents[2]))
    assert out.stdout.strip().splitlines()[-1] == "False"


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
    assert why.rules == ["提供所需服务类型：检验检测（硬性条件，已满足）"]
    assert [(e.kind, e.points > 0) for e in why.effects] == [("region", True), ("rating", True)]
    assert why.internals["dense_cosine"] == 0.91 and why.internals["bm25"] == 9.296
    assert explain_proposal(proposal, "en").rules == ["offers the requested service type (a hard rule, met)"]


def test_each_rule_line_says_its_effect_on_the_proposal() -> None:
    """A new user's trial (2026-11-29): "限期整改中" was listed under 适用的规则 with no effect, and "在办 1 项，最多可
    同时承接 12 项" beside a card whose standing had since changed. A flag says what matcher.rank took off (in fit
    points, once per kind), a hard rule that it was met, the capacity that it is the figure at the match."""
    proposal = MatchProposal.model_validate({
        "center_id": "c1", "center_name": "某中心", "score": 0.6,
        "reasons": [
            {"kind": "rule", "text": "提供所需服务类型：质量技术评价 / offers the requested service type",
             "rule": "service_type"},
            {"kind": "rule", "text": "限期整改中 / under rectification", "rule": "lifecycle", "flag": "rectifying",
             "delta": -0.05},
            {"kind": "rule", "text": "通报批评 / publicly criticised", "rule": "lifecycle", "flag": "criticised",
             "delta": 0.0},
            {"kind": "rule", "text": "在办 1 项，最多可同时承接 12 项 / 1 engagements in progress, of the 12 it can "
                                     "take at once", "rule": "capacity"},
            {"kind": "score", "text": "…", "relevance": 0.6, "low_confidence_threshold": 0.33}]})
    off = -explain.points(0.6, -0.05, 0.33)
    assert off >= 1
    assert explain_proposal(proposal, "zh").rules == [
        "提供所需服务类型：质量技术评价（硬性条件，已满足）",
        f"限期整改中（匹配时）：排序扣 {off} 分",
        "通报批评（匹配时）：不另扣分（同类扣分只计一次）",
        "匹配时在办 1 项，最多可同时承接 12 项（硬性条件：满负荷的机构不予推荐）"]
    assert explain_proposal(proposal, "en").rules[1] == f"under rectification (at the match): {off} points off in " \
                                                          "the ranking"


@pytest.mark.parametrize(("rating", "zh", "en"), [
    (0.0, "匹配时服务质量评价 1 星（满 5 星）", "quality rating at the match: 1 of 5 stars"),
    (0.75, "匹配时服务质量评价 4 星（满 5 星）", "quality rating at the match: 4 of 5 stars"),
])
def test_a_rating_s_effect_says_its_stars(rating: float, zh: str, en: str) -> None:
    """A one-star provider's effect read "服务质量评价 0.00，调整 -0.050" (the matcher's 0–1 prior, which a person reads
    as no score at all; the enterprise's day walked, 2026-11-29) and "quality rating" in English, with no value: it
    says the stars the rating gave, in each language."""
    proposal = MatchProposal.model_validate({
        "center_id": "c1", "center_name": "某中心", "score": 0.5,
        "reasons": [{"kind": "prior", "text": f"服务质量评价 {rating:.2f}，调整 -0.050 / quality rating",
                     "rating": rating, "delta": -0.05},
                    {"kind": "score", "text": "…", "relevance": 0.5, "low_confidence_threshold": 0.33}]})
    assert [e.text for e in explain_proposal(proposal, "zh").effects] == [zh]
    assert [e.text for e in explain_proposal(proposal, "en").effects] == [en]


def test_a_rating_changed_since_the_match_is_said_beside_the_one_the_match_used() -> None:
    """A new user's trial (2026-11-29): after the provider was rated again, the card said "★★☆☆☆ 2 星" and the
    explanation below it "服务质量评价 1 星（满 5 星）：-4 分". The ranking was made with the old rating, so the line
    says it is the match's, and the current one beside it; the same rating is not said twice."""
    proposal = MatchProposal.model_validate({
        "center_id": "c1", "center_name": "某中心", "score": 0.5,
        "reasons": [{"kind": "prior", "text": "服务质量评价 0.00，调整 -0.050 / quality rating", "rating": 0.0,
                     "delta": -0.05},
                    {"kind": "score", "text": "…", "relevance": 0.5, "low_confidence_threshold": 0.33}]})
    assert [e.text for e in explain_proposal(proposal, "zh", stars_now=2).effects] == [
        "匹配时服务质量评价 1 星（满 5 星），现为 2 星（排序按匹配时的评价）"]
    assert [e.text for e in explain_proposal(proposal, "en", stars_now=2).effects] == [
        "quality rating at the match: 1 of 5 stars; now 2 stars (the ranking used the rating at the match)"]
    same = explain_proposal(proposal, "zh", stars_now=1).effects
    assert [e.text for e in same] == ["匹配时服务质量评价 1 星（满 5 星）"]
    [(_, why)] = in_fit_order([proposal], "zh", {"c1": 2})
    assert "现为 2 星" in why.effects[0].text


# --- The fit from the score and the coverage (issue 28, item 5): matcher.explain.fit_of ---------------------------

def _items(covered: int, total: int, kinds: tuple[str, ...] = ("product_family", "service_type", "qualification",
                                                                "region", "phrase")) -> list[dict[str, object]]:
    return [{"kind": kinds[i % len(kinds)], "requirement": f"r{i}", "covered": i < covered} for i in range(total)]


def test_a_center_covering_every_requirement_never_reads_below_one_missing_the_region() -> None:
    """The case of docs/img/console-explanation.png before the rule: a center covering 5/5 of the need's requirements
    read "38 低" while one covering 4/5 (not in the need's city) read "69 中"."""
    t = 0.33
    s_full = next(s / 1000 for s in range(1000) if explain.fit(s / 1000, t) == 38)
    s_near = next(s / 1000 for s in range(1000) if explain.fit(s / 1000, t) == 69)
    full = explain.fit_of(s_full, t, _items(5, 5))
    near = explain.fit_of(s_near, t, [*_items(4, 4), {"kind": "region", "requirement": "常州市", "covered": False}])
    assert full.band != "low" and full.value >= near.value
    assert (full.closeness, full.covered, full.total) == (38, 5, 5)
    assert near.band in ("medium", "high") and (near.covered, near.total) == (4, 5)


def test_a_match_on_one_generic_shared_word_is_never_medium() -> None:
    t = 0.33
    for score in (0.5, 0.7, 0.9, 1.0):
        assert explain.fit_of(score, t, _items(1, 2), thin=True).band == "low"
    # The power-tools center for a battery failure analysis: close texts (69) on one word, 1 of 4 requirements.
    s69 = next(s / 1000 for s in range(1000) if explain.fit(s / 1000, t) == 69)
    assert explain.fit_of(s69, t, _items(1, 4)).band == "low"


def test_the_fit_is_the_score_alone_when_the_need_has_no_requirement_list_and_grows_with_coverage() -> None:
    for score in (0.1, 0.33, 0.6, 0.95):
        assert explain.fit_of(score, 0.33, []).value == explain.fit(score, 0.33)
        values = [explain.fit_of(score, 0.33, _items(k, 4)).value for k in range(5)]
        assert values == sorted(values) and values[0] < values[-1]
    # A short list (one service type) says little: the score keeps most of the weight.
    one = explain.fit_of(0.05, 0.33, _items(1, 1))
    assert one.band == "low"


def test_the_explanation_the_review_page_and_the_api_use_the_one_rule() -> None:
    reasons = [{"kind": "score", "text": "…", "evidence": 0.2, "low_confidence_threshold": 0.33}]
    coverage = _items(5, 5)
    proposal = MatchProposal.model_validate({"center_id": "c1", "center_name": "某中心", "score": 0.25,
                                             "reasons": reasons, "coverage": coverage})
    why = explain_proposal(proposal, "zh")
    rule = explain.fit_of(0.25, 0.33, proposal.coverage)
    assert (why.fit, why.band) == (rule.value, rule.band) and why.band != "low"


def test_a_proposal_carries_the_rules_reading_and_the_explanation_keeps_it() -> None:
    from kb.schemas import CapabilityRecord, CenterRecord
    from matcher.fusion import CapScore
    from matcher.rank import rank_centers
    from matcher.schemas import MatcherConfig, MatchQuery

    center = CenterRecord(id="c1", name="江苏省动力电池产品质量检验中心", region="江苏省常州市",
                          kind="quality_inspection_center")
    cap = CapabilityRecord.model_validate({"id": "k1", "center_id": "c1", "title": "动力电池单体热失控试验",
                                           "service_types": ["inspection_testing"]})
    query = MatchQuery(text="动力电池热失控试验", product="动力电池", service_types=["inspection_testing"])
    fused = {"k1": CapScore(cap_id="k1", dense=0.8, dense_norm=0.2, lexical=0.2, fused=0.2)}
    result = rank_centers(fused=fused, capabilities={"k1": cap}, centers={"c1": center}, query=query,
                          config=MatcherConfig(low_confidence_threshold=0.33))
    m = result.matches[0]
    rule = explain.fit_of(m.score, 0.33, m.coverage)
    assert m.coverage and (m.fit, m.band) == (rule.value, rule.band)
    stored = MatchProposal.model_validate(m.to_json())
    assert (stored.fit, stored.band) == (rule.value, rule.band)
    # A center's view that holds back a requirement still reads the recorded fit.
    reduced = stored.model_copy(update={"coverage": stored.coverage[:1]})
    assert explain_proposal(reduced, "en").fit == rule.value


def test_the_review_page_lists_by_the_fit_it_shows_the_matchers_order_breaking_ties() -> None:
    """The matcher orders by its fused score, the fit also counts coverage: a fit of 81 stood above 83 on the page."""
    def proposal(center: str, score: float, fit: int) -> MatchProposal:
        return MatchProposal.model_validate({"center_id": center, "center_name": center, "score": score,
                                             "fit": fit, "band": explain.band(fit)})

    listed = [proposal("a", 0.9, 81), proposal("b", 0.8, 83), proposal("c", 0.7, 81), proposal("d", 0.6, 90)]
    assert [(p.center_id, why.fit) for p, why in in_fit_order(listed, "zh")] == \
        [("d", 90), ("b", 83), ("a", 81), ("c", 81)]


def test_an_english_page_names_the_requirement_s_service_type_and_place_in_english() -> None:
    """The English review read "检验检测: covered" and "located in 江苏省常州市" (a new coordinator's day, 2026-11-28):
    the matcher names them in Chinese, the page says them in its language; a name no gazetteer knows stays."""
    coverage = [
        {"kind": "service_type", "requirement": "检验检测", "covered": True,
         "evidence": "能力「电池检测」提供检验检测 / capability '电池检测' offers inspection and testing"},
        {"kind": "region", "requirement": "常州市", "covered": True,
         "evidence": "位于江苏省常州市 / located in 江苏省常州市"},
        {"kind": "region", "requirement": "苏州市", "covered": False,
         "missing": "缺少：位于苏州市（机构位于广东省深圳市） / "
                    "missing: being in 苏州市 (the center is in 广东省深圳市)"},
        {"kind": "phrase", "requirement": "热失控", "covered": False,
         "missing": "缺少：「热失控」 / missing: '热失控'"},
    ]
    en = requirements_of(coverage, "en")
    assert [r.requirement for r in en] == ["inspection and testing", "Changzhou, Jiangsu", "Suzhou, Jiangsu", "热失控"]
    assert en[1].text == "located in Changzhou, Jiangsu"
    assert en[2].text == "missing: being in Suzhou, Jiangsu (the center is in Shenzhen, Guangdong)"
    assert en[0].text == "capability '电池检测' offers inspection and testing"  # a capability's own title stays
    zh = requirements_of(coverage, "zh")
    assert [r.requirement for r in zh] == ["检验检测", "常州市", "苏州市", "热失控"]
    assert zh[1].text == "位于江苏省常州市"


def test_generic_words_are_no_key_terms_and_no_evidence_of_a_match() -> None:
    """A new user's trial in Chromium (sample kb, 2026-11-29): an e-bike motor controller maker whose MOSFETs burn out
    in summer was proposed 江苏省动力电池及储能产品质量检验中心 first, its key terms 原因 and 设计 — words any
    need and any capability text share ('想找人看看是什么原因', '电路设计'; '给出失效原因', '泄爆设计'). They say
    nothing of what the two have in common: no key term, and two of them do not lift a thin match
    (matcher.requirements.is_thin)."""
    generic = ["原因", "设计", "结论", "建议", "客户", "内容", "过程"]
    assert explain.key_terms(generic) == []
    assert explain.key_terms(["原因", "烧毁", "设计", "失效分析", "电路设计"]) == ["烧毁", "失效分析", "电路设计"]
    assert requirements.is_thin([], explain.key_terms(["原因", "设计"]), 0.3, None)
    assert not requirements.is_thin([], explain.key_terms(["烧毁", "失效分析"]), 0.3, None)
