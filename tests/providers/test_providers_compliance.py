"""Seed rules enforced where they matter (issue 14 step 2): each rule on a provider's staff computed from its kb entry
(seed 000 §4.2.2(2); seed 003 art. 5(三), 5(四), 17), its effect on matching (flagged and penalised, or excluded when
configured, the reason in the explanation), the import's warnings, ``kb stats``, the sample catalog, and the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from flows import knowledge, matching
from kb import service as kb
from kb import transfer
from kb.rules import center_compliance
from kb.schemas import CapabilityRecord, CenterRecord, ExpertRecord
from matcher.fusion import CapScore
from matcher.rank import rank_centers
from matcher.schemas import CenterFlag, MatcherConfig, MatchQuery
from tests.kb.kbhelpers import write_jsonl

TODAY = date(2026, 6, 1)
POOL = "广东省质促会专家库"


def _qic(**kw: Any) -> CenterRecord:
    return CenterRecord(id="q", name="某质检中心", kind="quality_inspection_center", **kw)


def _station(**kw: Any) -> CenterRecord:
    return CenterRecord(id="s", name="某科技服务站", kind="service_station", expert_pools=[POOL], **kw)


def _pool(n: int) -> list[ExpertRecord]:
    return [ExpertRecord(id=f"e{i}", name=f"专家{i}", pools=[POOL]) for i in range(n)]


HEAD = {"name": "何建华", "post": "质量部部长", "middle_management": True, "years_quality": 8}


def _verdicts(center: CenterRecord, experts: list[ExpertRecord]) -> dict[str, str]:
    return {c.rule: c.verdict for c in center_compliance(center, experts, TODAY)}


def test_staffing_ratio_of_a_quality_inspection_center() -> None:
    assert _verdicts(_qic(), []) == {"center_staffing": "unknown"}  # no count given: not a shortfall
    assert _verdicts(_qic(staff_total=100, staff_innovation=40, staff_innovation_advanced=8), []) == {
        "center_staffing": "met"}  # exactly 40 % and 20 %
    low = center_compliance(_qic(staff_total=100, staff_innovation=39, staff_innovation_advanced=20), [], TODAY)[0]
    assert low.verdict == "not_met" and "39%" in low.reasons[0] and low.clause == "seed 000 §4.2.2(2)"
    few = center_compliance(_qic(staff_total=100, staff_innovation=50, staff_innovation_advanced=9), [], TODAY)[0]
    assert few.verdict == "not_met" and "18%" in few.reasons[0]
    # Without the innovation count, the center's own experts in the kb stand for its innovation staff.
    own = [ExpertRecord(id=f"x{i}", name="某", center_id="q", degree="master" if i < 2 else "bachelor")
           for i in range(5)]
    assert _verdicts(_qic(staff_total=10), own) == {"center_staffing": "met"}
    with pytest.raises(ValueError):
        _qic(staff_total=10, staff_innovation=11)


def test_a_stations_pool_staff_and_head() -> None:
    ok = _station(staff_full_time=1, staff_part_time=2, head=HEAD)
    assert _verdicts(ok, _pool(10)) == {"station_pool": "met", "station_staff": "met", "station_head": "met"}
    assert _verdicts(ok, _pool(9))["station_pool"] == "not_met"
    assert _verdicts(_station(staff_full_time=1, staff_part_time=1, head=HEAD), _pool(10))["station_staff"] == \
        "not_met"
    assert _verdicts(_station(head={**HEAD, "years_quality": 4}), _pool(10))["station_head"] == "not_met"
    assert _verdicts(_station(head={**HEAD, "middle_management": False}), _pool(10))["station_head"] == "not_met"
    lapsed = _station(head={**HEAD, "certificate": "粤质促站长证〔2022〕1号", "certificate_valid_until": "2026-05-31"})
    check = {c.rule: c for c in center_compliance(lapsed, _pool(10), TODAY)}["station_head"]
    assert check.verdict == "not_met" and "seed 003 art. 17" in check.clause
    assert _verdicts(_station(), _pool(10)) == {"station_pool": "met", "station_staff": "unknown",
                                                "station_head": "unknown"}
    # Seeds 004 and 001 give no numeric staffing rule: nothing to check.
    assert center_compliance(CenterRecord(id="m", name="计量中心", kind="metrology_center", staff_total=1), [],
                             TODAY) == []


def _rank(flags: dict[str, list[CenterFlag]], config: MatcherConfig | None = None) -> Any:
    centers = {cid: CenterRecord(id=cid, name=f"中心{cid}", kind="service_station") for cid in ("a", "b")}
    caps = {f"{cid}1": CapabilityRecord(id=f"{cid}1", center_id=cid, title="陶瓷质量咨询",
                                        service_types=["training_consulting"]) for cid in ("a", "b")}
    fused = {"a1": CapScore(cap_id="a1", fused=0.62, dense=0.9, dense_norm=0.62, lexical=0.6, coverage=0.6),
             "b1": CapScore(cap_id="b1", fused=0.60, dense=0.9, dense_norm=0.60, lexical=0.6, coverage=0.6)}
    return rank_centers(fused=fused, capabilities=caps, centers=centers, query=MatchQuery(text="陶瓷质量咨询"),
                        config=config or MatcherConfig(), center_flags=lambda cid: flags.get(cid, []))


@pytest.mark.parametrize("rule", ["center_staffing", "station_pool", "station_staff", "station_head"])
def test_each_rule_flags_and_penalises_in_matching(rule: str) -> None:
    flag = CenterFlag(source="compliance", code=rule, clause="seed", text=f"不符合 {rule}")
    base = _rank({})
    assert [m.center_id for m in base.matches] == ["a", "b"]
    flagged = _rank({"a": [flag]})
    assert [m.center_id for m in flagged.matches] == ["b", "a"]  # 0.62 − 0.05 < 0.60
    a = next(m for m in flagged.matches if m.center_id == "a")
    assert a.score == pytest.approx(base.matches[0].score - 0.05)
    reason = next(r for r in a.reasons if getattr(r, "rule", "") == "compliance")
    assert reason.text == f"不符合 {rule}" and getattr(reason, "flag", "") == rule
    two = _rank({"a": [flag, CenterFlag(source="compliance", code="other", text="又一条")]})
    assert next(m for m in two.matches if m.center_id == "a").score == pytest.approx(a.score)  # once per provider
    off = _rank({"a": [flag]}, MatcherConfig(compliance_penalty=0.0))
    assert [m.center_id for m in off.matches] == ["a", "b"]  # flagged only
    out = _rank({"a": [flag]}, MatcherConfig(compliance_exclude=True))
    assert [m.center_id for m in out.matches] == ["b"] and out.excluded_counts == {"compliance": 1}


def test_a_lifecycle_flag_penalises_on_its_own_setting() -> None:
    flag = CenterFlag(source="lifecycle", code="rectifying", text="限期整改中 / under rectification")
    assert [m.center_id for m in _rank({"a": [flag]}).matches] == ["b", "a"]
    assert [m.center_id for m in _rank({"a": [flag]}, MatcherConfig(lifecycle_penalty=0)).matches] == ["a", "b"]
    assert [m.center_id for m in _rank({"a": [flag]}, MatcherConfig(compliance_exclude=True)).matches] == ["b", "a"]


def test_the_sample_catalog_the_import_the_stats_and_the_signals(settings: Settings, tmp_path: Path) -> None:
    with session_scope(settings) as session:
        result = knowledge.import_files(session=session, paths=transfer.sample_files(), replace=False)
        assert result.ok, result.issues
    failing = {w.location for w in result.warnings}
    assert {"qic-js-cable", "qic-zj-cable", "sst-shunde-appliance", "sst-dongguan-furniture",
            "sst-shenzhen-electronics"} <= failing
    assert not failing & {"qic-js-battery", "sst-foshan-ceramics", "sst-zhongshan-lighting"}
    with session_scope(settings) as session:
        stats = kb.stats(session=session, today=TODAY)
        assert stats.compliance["station_staff"]["met"] >= 2 and stats.compliance["station_staff"]["not_met"] >= 1
        assert stats.compliance["center_staffing"]["not_met"] == 2
        flags = matching.live_signals(session=session, today=TODAY).flags
        assert {f.code for f in flags["sst-dongguan-furniture"]} == {"station_head"}
        assert "sst-foshan-ceramics" not in flags
    # An import that makes a compliant station fall short is written, with a warning naming the clause.
    path = write_jsonl(tmp_path / "fewer.jsonl", [{"type": "center", "id": "sst-foshan-ceramics",
                                                   "staff_part_time": 1}])
    with session_scope(settings) as session:
        fewer = knowledge.import_files(session=session, paths=[path], replace=False)
    assert fewer.ok and [str(w) for w in fewer.warnings] == [
        "sst-foshan-ceramics: seed 003 art. 5(4): 兼职人员 1 名，少于 2 名 / 1 part-time staff, fewer than 2"]
    with session_scope(settings) as session:
        assert {f.code for f in matching.live_signals(session=session, today=TODAY).flags[
            "sst-foshan-ceramics"]} == {"station_staff"}
