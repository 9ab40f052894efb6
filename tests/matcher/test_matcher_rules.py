"""Hard rules, boosts and score bounds of provider ranking, on the pure ``rank_centers``."""

from __future__ import annotations

from typing import Any

import pytest

from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import ServiceType
from matcher.fusion import CapScore
from matcher.rank import aggregate, rank_centers
from matcher.schemas import LegalPurpose, MatcherConfig, MatchQuery, MatchResult, Region
from matcher.text import center_card_id, profile_id

CFG = MatcherConfig()


def _center(cid: str, **kw: Any) -> CenterRecord:
    kind = kw.pop("kind", "quality_inspection_center")
    return CenterRecord(id=cid, name=kw.pop("name", f"中心{cid}"), kind=kind, **kw)


def _cap(cid: str, center_id: str, **kw: Any) -> CapabilityRecord:
    return CapabilityRecord(id=cid, center_id=center_id, title=kw.pop("title", f"能力{cid}"),
                            service_types=kw.pop("service_types", ["inspection_testing"]), **kw)


def _run(centers: list[CenterRecord], caps: list[CapabilityRecord], scores: dict[str, float], query: MatchQuery,
         **kw: Any) -> MatchResult:
    fused = {c: CapScore(cap_id=c, fused=s, dense=0.9, dense_norm=s, lexical=s, coverage=s) for c, s in scores.items()}
    return rank_centers(fused=fused, capabilities={c.id: c for c in caps}, centers={c.id: c for c in centers},
                        query=query, config=kw.pop("config", CFG), **kw)


def test_service_type_rule_excludes_and_explains() -> None:
    centers = [_center("a"), _center("b")]
    caps = [_cap("a1", "a", service_types=["calibration"]), _cap("b1", "b", service_types=["inspection_testing"])]
    res = _run(centers, caps, {"a1": 0.9, "b1": 0.5}, MatchQuery(text="校准", service_types=[ServiceType.calibration]))
    assert [m.center_id for m in res.matches] == ["a"]
    assert res.excluded_counts == {"service_type": 1}
    assert res.excluded[0].center_id == "b" and "服务类型" in res.excluded[0].text
    assert any(r.kind == "rule" and getattr(r, "rule", "") == "service_type" for r in res.matches[0].reasons)


def test_service_type_uses_a_passing_capability_of_the_same_center() -> None:
    centers = [_center("a")]
    caps = [_cap("a1", "a", service_types=["rnd"]), _cap("a2", "a", service_types=["calibration"])]
    res = _run(centers, caps, {"a1": 0.9, "a2": 0.4}, MatchQuery(text="x", service_types=[ServiceType.calibration]))
    assert res.matches[0].center_id == "a"
    assert [c.capability_id for c in res.matches[0].capabilities] == ["a2"]


@pytest.mark.parametrize(("cap_q", "center_q", "ok"), [
    (["CMA"], None, True),
    (None, ["cma", "CNAS"], True),
    (["CNAS"], None, False),
    (None, None, False),
])
def test_required_qualification_on_capability_or_center(cap_q: Any, center_q: Any, ok: bool) -> None:
    centers = [_center("a", qualifications=center_q)]
    caps = [_cap("a1", "a", qualifications=cap_q)]
    res = _run(centers, caps, {"a1": 0.8}, MatchQuery(text="检测", qualifications=["CMA"]))
    assert bool(res.matches) is ok
    if not ok:
        assert res.excluded_counts == {"qualification": 1}


def test_secrecy_qualification_required_when_asked() -> None:
    centers = [_center("a", qualifications=["CMA"]), _center("b", qualifications=["CMA", "保密资质"])]
    caps = [_cap("a1", "a"), _cap("b1", "b")]
    scores = {"a1": 0.9, "b1": 0.6}
    asked = _run(centers, caps, scores, MatchQuery(text="军品配套件检测，要求检测机构具备保密资质"))
    assert [m.center_id for m in asked.matches] == ["b"]
    assert asked.excluded_counts == {"secrecy": 1}
    by_field = _run(centers, caps, scores, MatchQuery(text="检测", qualifications=["保密资质"]))
    assert [m.center_id for m in by_field.matches] == ["b"]
    # A wish for confidentiality (an NDA) is not a secrecy qualification.
    nda = _run(centers, caps, scores, MatchQuery(text="检测，需签保密协议", confidential=True))
    assert [m.center_id for m in nda.matches] == ["a", "b"]


def test_status_suspended_and_withdrawn_never_preparing_flagged_with_penalty() -> None:
    centers = [_center("s", status="suspended"), _center("w", status="withdrawn"), _center("p", status="preparing"),
               _center("o")]
    caps = [_cap("s1", "s"), _cap("w1", "w"), _cap("p1", "p"), _cap("o1", "o")]
    res = _run(centers, caps, {"s1": 0.95, "w1": 0.95, "p1": 0.7, "o1": 0.7}, MatchQuery(text="x"))
    ids = [m.center_id for m in res.matches]
    assert ids == ["o", "p"]
    assert res.excluded_counts == {"status": 2}
    p = res.matches[1]
    assert p.score == pytest.approx(res.matches[0].score - CFG.preparing_penalty)
    assert any(getattr(r, "flag", None) == "preparing" for r in p.reasons)


def test_capacity_full_center_left_out_unless_overridden() -> None:
    centers = [_center("a", capacity=2), _center("b", capacity=5), _center("c")]
    caps = [_cap("a1", "a"), _cap("b1", "b"), _cap("c1", "c")]
    open_counts = {"a": 2, "b": 1, "c": 40}
    scores = {"a1": 0.9, "b1": 0.8, "c1": 0.7}
    res = _run(centers, caps, scores, MatchQuery(text="x"), open_engagements=open_counts.__getitem__)
    assert [m.center_id for m in res.matches] == ["b", "c"]
    assert res.excluded_counts == {"capacity": 1} and "在办 2 项，最多可同时承接 2 项" in res.excluded[0].text
    over = _run(centers, caps, scores, MatchQuery(text="x"), open_engagements=open_counts.__getitem__,
                override_capacity={"a"})
    assert [m.center_id for m in over.matches] == ["a", "b", "c"]
    # Without a count source capacity is unknown, never a reason to exclude.
    assert len(_run(centers, caps, scores, MatchQuery(text="x")).matches) == 3


def test_region_boost_and_local_only_filter() -> None:
    centers = [_center("js", region="江苏省苏州市"), _center("js2", region="江苏省南京市"),
               _center("gd", region="广东省"), _center("unk")]
    caps = [_cap("js1", "js"), _cap("js21", "js2"), _cap("gd1", "gd"), _cap("unk1", "unk")]
    scores = {"js1": 0.7, "js21": 0.7, "gd1": 0.75, "unk1": 0.7}
    q = MatchQuery(text="x", region=Region(province="江苏省", city="苏州市"))
    boosted = _run(centers, caps, scores, q)
    by_id = {m.center_id: m.score for m in boosted.matches}
    assert by_id["js"] == pytest.approx(by_id["unk"] + CFG.region_city_boost)
    assert by_id["js2"] == pytest.approx(by_id["unk"] + CFG.region_province_boost)
    assert not boosted.excluded
    local = _run(centers, caps, scores, q.model_copy(update={"local_only": True}))
    assert {m.center_id for m in local.matches} == {"js", "js2"}
    assert local.excluded_counts == {"region": 2}


def test_quality_prior_is_bounded_and_visible() -> None:
    centers = [_center("a"), _center("b")]
    caps = [_cap("a1", "a"), _cap("b1", "b")]
    prior = {"a": 1.0, "b": 0.0}
    res = _run(centers, caps, {"a1": 0.5, "b1": 0.5}, MatchQuery(text="x"), quality_prior=prior.get)
    a, b = res.matches
    assert (a.center_id, b.center_id) == ("a", "b")
    assert a.score - b.score == pytest.approx(CFG.prior_weight)
    assert any(r.kind == "prior" for r in a.reasons)
    # A far better fit is not overturned by the prior.
    res2 = _run(centers, caps, {"a1": 0.3, "b1": 0.8}, MatchQuery(text="x"), quality_prior=prior.get)
    assert res2.matches[0].center_id == "b"


def test_scores_stay_in_unit_interval_and_low_confidence() -> None:
    centers = [_center("a", region="江苏省苏州市")]
    caps = [_cap("a1", "a"), _cap("a2", "a"), _cap("a3", "a")]
    q = MatchQuery(text="x", region=Region(province="江苏省", city="苏州市"))
    high = _run(centers, caps, {"a1": 1.0, "a2": 1.0, "a3": 1.0}, q, quality_prior=lambda _c: 1.0)
    assert high.matches[0].score == 1.0 and not high.low_confidence
    low = _run(centers, caps, {"a1": 0.05, "a2": 0.0, "a3": 0.0}, MatchQuery(text="x"), quality_prior=lambda _c: 0.0)
    assert 0.0 <= low.matches[0].score <= 1.0
    assert low.low_confidence


def test_aggregate_best_plus_decayed_others() -> None:
    assert aggregate([0.6], decay=0.5, others_weight=0.2) == pytest.approx(0.6)
    two = aggregate([0.6, 0.5], decay=0.5, others_weight=0.2)
    assert 0.6 < two < 0.7
    assert aggregate([0.6, 0.5, 0.5], decay=0.5, others_weight=0.2) > two
    broad = aggregate([0.6, 0.6, 0.6, 0.6], decay=0.5, others_weight=0.2)
    assert aggregate([0.9], decay=0.5, others_weight=0.2) > broad


def test_secrecy_read_from_text_but_not_from_its_negation() -> None:
    from matcher.rules import needs_secrecy

    assert needs_secrecy(MatchQuery(text="项目涉密，需要检测"))
    assert not needs_secrecy(MatchQuery(text="本项目不涉密，普通检测即可"))
    assert not needs_secrecy(MatchQuery(text="保密柜的耐火检测", confidential=True))


def test_saturated_scores_are_ordered_by_raw_evidence_not_id() -> None:
    centers = [_center("a"), _center("b")]
    caps = [_cap("a1", "a"), _cap("b1", "b")]
    fused = {"a1": CapScore(cap_id="a1", fused=1.0, dense=0.93, dense_norm=1.0, lexical=1.0, coverage=1.0),
             "b1": CapScore(cap_id="b1", fused=1.0, dense=0.96, dense_norm=1.0, lexical=1.0, coverage=1.0)}
    res = rank_centers(fused=fused, capabilities={c.id: c for c in caps}, centers={c.id: c for c in centers},
                       query=MatchQuery(text="x"), config=CFG)
    assert [m.center_id for m in res.matches] == ["b", "a"]
    assert res.matches[0].score == res.matches[1].score == 1.0


_TENDER = LegalPurpose(purpose="tender", zh="招投标", en="a tender", phrase="投标")
_QUERIES = [
    MatchQuery(text="电池包检测"),
    MatchQuery(text="校准", service_types=[ServiceType.calibration]),
    MatchQuery(text="检测", qualifications=["cma", " CNAS "]),
    MatchQuery(text="项目涉密，需要检测"),
    MatchQuery(text="检测", qualifications=["保密资质"]),
    MatchQuery(text="出具报告用于投标", service_types=[ServiceType.inspection_testing], legal_purpose=_TENDER),
]


@pytest.mark.parametrize("query", _QUERIES)
def test_capability_rules_read_the_need_once_and_say_what_the_four_checks_say(query: MatchQuery) -> None:
    """rank_centers reads the need once for all its capabilities (issue 33, item 1); the checks are the same."""
    from matcher import rules

    centers = [_center("a"), _center("b", qualifications=["CMA", "保密资质"])]
    caps = [_cap("k1", "a"), _cap("k2", "a", service_types=["calibration"], qualifications=["CNAS"]),
            _cap("k3", "b", qualifications=["CMA", "CNAS"])]
    prepared = rules.CapabilityRules.of(query)
    for center in centers:
        for cap in caps:
            checks = prepared.check(cap, center)
            assert checks == [rules.check_service_type(cap, query), rules.check_qualifications(cap, center, query),
                              rules.check_secrecy(center, cap, query), rules.check_legal_standing(cap, center, query)]
            if prepared.asks_nothing:
                assert all(c.ok and not c.text for c in checks)
    assert prepared.asks_nothing == (query is _QUERIES[0])


def test_a_need_that_asks_nothing_ranks_as_with_every_check_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rank loop skips the checks of a need that asks nothing (CapabilityRules.asks_nothing): the same result as
    checking every capability, profiles and cards included."""
    from matcher import rules

    centers = [_center("a", description="我们做电池检测。"), _center("b", qualifications=["CMA"]), _center("c")]
    caps = [_cap("a1", "a"), _cap("b1", "b", service_types=["calibration"]), _cap("c1", "c")]
    scores = {"a1": 0.8, "b1": 0.7, "c1": 0.4, profile_id("a"): 0.9, center_card_id("b"): 0.6}
    query = MatchQuery(text="电池检测", region=Region(province="江苏省"))
    fast = _run(centers, caps, scores, query)
    monkeypatch.setattr(rules.CapabilityRules, "asks_nothing", property(lambda self: False))
    assert fast.model_dump() == _run(centers, caps, scores, query).model_dump()
    assert [m.center_id for m in fast.matches] == ["a", "b", "c"]
