"""A mark the need only wishes for never filters (issue 27 / issue 28; "最好能有CMA，没有也行" left out every center
without CMA). It is a soft signal: a center holding it ranks above an otherwise equal center without it
(``MatcherConfig.preferred_qualification_boost``, :func:`matcher.rules.preferred_marks_held`), and the coverage
lists it as "优先：CMA — 具备 / 不具备", never as a hard requirement missing. A required mark still filters."""

from __future__ import annotations

from typing import Any

from intake.schemas import Need
from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import ServiceType
from matcher import requirements
from matcher.explain import fit_of
from matcher.fusion import CapScore
from matcher.rank import rank_centers
from matcher.rules import RULE_QUALIFICATION, preferred_qualifications
from matcher.schemas import MatcherConfig, MatchQuery, MatchResult


def _center(cid: str, **kw: Any) -> CenterRecord:
    return CenterRecord(id=cid, name=f"中心{cid}", kind="quality_inspection_center", **kw)


def _cap(cid: str, center_id: str, **kw: Any) -> CapabilityRecord:
    return CapabilityRecord(id=cid, center_id=center_id, title=f"能力{cid}",
                            service_types=kw.pop("service_types", ["inspection_testing"]), **kw)


def _run(query: MatchQuery, config: MatcherConfig | None = None) -> MatchResult:
    # "without" has the slightly better text evidence: only the wished mark can put "with" first
    centers = [_center("with", qualifications=["CMA"]), _center("without")]
    caps = [_cap("w1", "with"), _cap("n1", "without")]
    fused = {"w1": CapScore(cap_id="w1", fused=0.70, dense=0.9, dense_norm=0.8, lexical=0.8, coverage=0.8),
             "n1": CapScore(cap_id="n1", fused=0.71, dense=0.9, dense_norm=0.8, lexical=0.8, coverage=0.8)}
    return rank_centers(fused=fused, capabilities={c.id: c for c in caps}, centers={c.id: c for c in centers},
                        query=query, config=config or MatcherConfig())


def test_a_wished_mark_filters_no_one_and_ranks_its_holder_first() -> None:
    result = _run(MatchQuery(text="电池包振动测试", service_types=[ServiceType.inspection_testing],
                             preferred_qualifications=["CMA"]))
    assert [m.center_id for m in result.matches] == ["with", "without"]
    assert not result.excluded
    boost = [r for r in result.matches[0].reasons if r.kind == "preferred_qualification"]
    assert boost and "优先：CMA — 具备" in boost[0].text and boost[0].delta > 0
    assert not [r for r in result.matches[1].reasons if r.kind == "preferred_qualification"]


def test_without_the_boost_the_text_alone_orders_them() -> None:
    result = _run(MatchQuery(text="电池包振动测试", service_types=[ServiceType.inspection_testing],
                             preferred_qualifications=["CMA"]), MatcherConfig(preferred_qualification_boost=0.0))
    assert [m.center_id for m in result.matches] == ["without", "with"]


def test_a_required_mark_still_filters() -> None:
    result = _run(MatchQuery(text="电池包振动测试", service_types=[ServiceType.inspection_testing],
                             qualifications=["CMA"]))
    assert [m.center_id for m in result.matches] == ["with"]
    assert [(e.center_id, e.rule) for e in result.excluded] == [("without", RULE_QUALIFICATION)]


def test_the_coverage_lists_a_wished_mark_apart_from_the_requirements() -> None:
    query = MatchQuery(text="电池包振动测试", service_types=[ServiceType.inspection_testing],
                       preferred_qualifications=["CMA"])
    held = requirements.coverage(query, _center("with", qualifications=["CMA"]), [_cap("w1", "with")])
    lacking = requirements.coverage(query, _center("without"), [_cap("n1", "without")])
    [h] = [r for r in held if r.kind == "preferred_qualification"]
    [n] = [r for r in lacking if r.kind == "preferred_qualification"]
    assert h.covered and "优先：CMA — 具备" in (h.evidence or "") and "preferred: CMA — held" in (h.evidence or "")
    assert not n.covered and "优先：CMA — 不具备（不影响入选）" in (n.evidence or "") and n.missing is None
    assert "preferred: CMA — not held (does not affect selection)" in (n.evidence or "")
    # never a hard requirement missing: the checklist, its summary and the fit are those of the requirements alone
    assert not [r for r in lacking if r.kind == "qualification"]
    assert "缺少" not in requirements.summary(lacking) or "CMA" not in requirements.summary(lacking)
    assert fit_of(0.6, 0.33, lacking).total == fit_of(0.6, 0.33, [r for r in lacking
                                                                 if r.kind != "preferred_qualification"]).total


def test_a_mark_both_required_and_wished_is_required() -> None:
    query = MatchQuery(text="x", qualifications=["CMA"], preferred_qualifications=["cma", "CNAS"])
    assert preferred_qualifications(query) == ["CNAS"]


def test_the_query_reads_the_needs_wished_marks() -> None:
    need = Need(text="电池包振动测试，最好有CMA", qualifications=[], preferred_qualifications=["CMA"])
    assert MatchQuery.from_need(need).preferred_qualifications == ["CMA"]
    assert MatchQuery.from_need(need).qualifications == []
