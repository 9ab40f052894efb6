"""What a coverage line says is true (a new user's trial in Chromium, 2026-11-29, /tmp/trial8): a center in another
city of the need's province is *partly* covered, never "已覆盖 — 位于江苏省泰州市" for a 苏州市 need; a product phrase
that lists several things is covered item by item; a decisive phrase is found in a center's words with a word
inserted ("失效分析" in "失效模式分析"); a charger is no motor. The default ranking reads none of it
(docs/matching.md §8t)."""

from __future__ import annotations

from typing import Any

import pytest

from kb.products import family_of
from kb.schemas import CapabilityRecord, CenterRecord
from matcher import explain, requirements
from matcher.fusion import CapScore
from matcher.rank import rank_centers
from matcher.schemas import MatcherConfig, MatchQuery, Region, RequirementCoverage


def _center(cid: str, name: str, **kw: Any) -> CenterRecord:
    return CenterRecord(id=cid, name=name, kind="quality_inspection_center", **kw)


def _cap(cid: str, center_id: str, title: str, **kw: Any) -> CapabilityRecord:
    return CapabilityRecord(id=cid, center_id=center_id, title=title, service_types=["inspection_testing"], **kw)


def _item(query: MatchQuery, center: CenterRecord, caps: list[CapabilityRecord], kind: str) -> RequirementCoverage:
    return next(c for c in requirements.coverage(query, center, caps) if c.kind == kind)


NINGBO = MatchQuery(text="宁波的企业，阀门要做压力试验", region=Region(province="浙江省", city="宁波市"))


def test_a_center_in_another_city_of_the_province_is_partly_covered_not_local() -> None:
    jinhua = _center("jh", "浙江省阀门产品质量检验中心", region="浙江省金华市")
    item = _item(NINGBO, jinhua, [], "region")
    assert not item.covered and item.partial
    assert item.evidence == "同省（浙江省金华市），非宁波市本地 / same province (浙江省金华市), not in 宁波市"
    assert item.missing is None
    local = _item(NINGBO, _center("nb", "宁波市计量测试研究院", region="浙江省宁波市"), [], "region")
    assert local.covered and not local.partial and local.evidence == "位于浙江省宁波市 / located in 浙江省宁波市"
    far = _item(NINGBO, _center("su", "江苏省计量院", region="江苏省苏州市"), [], "region")
    assert not far.covered and not far.partial and far.missing and far.missing.startswith("缺少：位于宁波市")
    # a need that names its province only is covered anywhere in it, as before
    province = MatchQuery(text="浙江的企业", region=Region(province="浙江省"))
    whole = _item(province, jinhua, [], "region")
    assert whole.covered and not whole.partial


def test_a_partial_counts_half_in_the_fit_and_is_said_apart_in_the_summary() -> None:
    full = RequirementCoverage(kind="service_type", requirement="检验检测", covered=True, evidence="e / e")
    part = RequirementCoverage(
        kind="region", requirement="宁波市", covered=False, partial=True,
        evidence="同省（浙江省金华市），非宁波市本地 / same province (浙江省金华市), not in 宁波市")
    miss = RequirementCoverage(kind="phrase", requirement="密封", covered=False,
                               missing="缺少：「密封」 / missing: '密封'")
    reading = explain.fit_of(0.5, 0.5, [full, part, miss])
    assert (reading.covered, reading.partial, reading.total) == (1, 1, 3)
    # closeness 50, checklist (1 + 0.5)/3 = 50 → 50; counted as a miss it would read 39, as covered 61
    assert reading.value == 50
    assert explain.credit(part) == 0.5 and explain.credit(part.model_dump()) == 0.5
    assert explain.credit({"covered": False}) == 0.0  # a stored proposal of before has no ``partial``
    zh, en = requirements.summary([full, part, miss]).split(" / ")
    assert zh == "覆盖 1/3 项要求，部分覆盖 1 项；缺少：「密封」；部分覆盖：同省（浙江省金华市），非宁波市本地"
    assert en == ("covers 1 of 3 requirements, 1 in part; missing: '密封'; in part: same province (浙江省金华市), "
                  "not in 宁波市")


def test_a_product_that_lists_several_things_is_covered_item_by_item() -> None:
    """"温度计、压力表、流量计" against a center whose capability is 精密压力表与压力变送器检定 read "未覆盖"."""
    center = _center("m", "某市计量测试研究院")
    caps = [_cap("m1", "m", "精密压力表与压力变送器检定")]
    query = MatchQuery(text="温度计、压力表、流量计需要检定", product="温度计、压力表、流量计")
    item = _item(query, center, caps, "product_family")
    assert not item.covered and item.partial
    assert item.evidence == ("压力表：能力「精密压力表与压力变送器检定」 / capability "
                             "'精密压力表与压力变送器检定' names 压力表")
    assert item.missing == "缺少：温度计、流量计 / missing: 温度计, 流量计"
    both = [*caps, _cap("m2", "m", "工业温度计校准"), _cap("m3", "m", "电磁流量计检定")]
    whole = _item(query, center, both, "product_family")
    assert whole.covered and not whole.partial
    assert whole.evidence and whole.evidence.startswith("温度计：能力「工业温度计校准」；压力表：能力「精密压力表")
    for listed in ("温度计和压力表", "temperature gauges and pressure gauges", "温度计/压力表"):
        q = MatchQuery(text="检定", product=listed)
        got = _item(q, center, caps, "product_family")
        assert got.partial or got.covered, listed
    assert not _item(query, center, [_cap("x", "m", "长度计量校准")], "product_family").partial


def test_a_decisive_phrase_is_found_with_a_word_inserted_in_the_centers_words() -> None:
    """"失效分析：未覆盖" while the capability says 失效模式分析: the phrase's words in its order, close together."""
    center = _center("c", "江苏省工程机械产品质量检验中心")
    query = MatchQuery(text="齿轮断裂需要做失效分析", phrases=["失效分析"])
    found = _item(query, center, [_cap("c1", "c", "齿轮失效模式分析与寿命评估")], "phrase")
    assert found.covered
    assert found.evidence == "支撑材料含「失效模式分析」 / its texts contain '失效模式分析'"
    # the words far apart, or in another order, are no variant of the phrase
    apart = _cap("c2", "c", "轴承失效统计与材料成分及金相组织的分析")
    assert not _item(query, center, [apart], "phrase").covered
    swapped = _cap("c3", "c", "分析仪器失效")
    assert not _item(query, center, [swapped], "phrase").covered
    # verbatim stays verbatim
    assert _item(query, center, [_cap("c4", "c", "零件失效分析")], "phrase").evidence == \
        "支撑材料含「失效分析」 / its texts contain '失效分析'"


def test_a_charger_is_no_motor() -> None:
    """"Product family USB-C chargers: covered — its texts name only the family, 电机": the glossary reads a charger
    as 充电机, and the family map read 充电机 by the vocabulary term it ends with, 电机, cutting 充电 in two."""
    assert "电机" not in family_of("充电机")
    assert "电机" not in family_of("电动自行车充电机")
    assert "电源设备" in family_of("充电机")
    assert "电机" in family_of("永磁电机") and "电机" in family_of("伺服电机")
    motors = _center("mo", "某省电机产品质量检验中心")
    caps = [_cap("mo1", "mo", "中小型电机能效与温升试验")]
    item = _item(MatchQuery(text="USB-C chargers need safety testing", product="USB-C chargers"), motors, caps,
                 "product_family")
    assert not item.covered and not item.partial


def test_the_default_ranking_reads_no_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fusion's order is the same whatever the coverage says: the default ranker reads none of it, so the
    partial states change the lines and the fit, never the order of the matches."""
    centers = [_center("a", "浙江省阀门产品质量检验中心", region="浙江省金华市"),
               _center("b", "宁波市计量测试研究院", region="浙江省宁波市"),
               _center("c", "江苏省计量院", region="江苏省苏州市")]
    caps = [_cap("a1", "a", "阀门压力试验"), _cap("b1", "b", "压力表检定"), _cap("c1", "c", "阀门密封试验")]
    fused = {cid: CapScore(cap_id=cid, fused=s, dense=0.9, dense_norm=s, lexical=s, coverage=s)
             for cid, s in {"a1": 0.61, "b1": 0.58, "c1": 0.63}.items()}
    query = NINGBO.model_copy(update={"product": "阀门、压力表", "phrases": ["压力试验"]})

    def run() -> list[Any]:
        return rank_centers(fused=fused, capabilities={c.id: c for c in caps}, centers={c.id: c for c in centers},
                            query=query, config=MatcherConfig(), shared_terms={}).matches

    assert MatcherConfig().ranker == "fusion"
    shown = run()
    assert any(c.partial for m in shown for c in m.coverage)
    monkeypatch.setattr(requirements, "coverage", lambda *_a, **_k: [])
    assert [m.center_id for m in shown] == [m.center_id for m in run()]
    assert [m.score for m in shown] == [m.score for m in run()]
