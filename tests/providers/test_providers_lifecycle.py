"""A provider's lifecycle through ``flows.providers``: the path of seed 002/003, the kb status derived from it, the
history, the flags matching reads, and every refusal leaving the provider exactly as it was."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from authz.vocab import Role
from core.db import session_scope
from core.errors import ConflictError, InnodockError, PermissionDeniedError
from core.settings import Settings
from flows import knowledge, matching
from flows import providers as flow
from flows.events import MemoryOutbox
from kb import service as kb
from providers import machine, rules
from providers.diagram import mermaid
from providers.guards import add_months
from tests.kb.kbhelpers import write_jsonl
from tests.providers.providerhelpers import (
    ASSOC,
    QIC,
    STATION,
    STATION_COORD,
    STATION_MATERIALS,
    TODAY,
    decision,
    person,
    seed,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "providers.md"


def _apply_station(settings: Settings, tmp_path: Path) -> None:
    """An applicant enters the catalog with its application (as preparing)."""
    seed(settings, tmp_path, [QIC])
    record = {k: v for k, v in STATION.items() if k != "type"}
    with session_scope(settings) as session:
        with pytest.raises(InnodockError) as bad:  # kb's own validation, nothing written
            flow.apply(session=session, principal=ASSOC, center={**record, "kind": "castle"}, materials={},
                       construction=False)
        assert bad.value.field == "center.kind"
        with pytest.raises(ConflictError):  # a center with a lifecycle already
            flow.apply(session=session, principal=ASSOC, center={**QIC}, materials={}, construction=False)
        flow.apply(session=session, principal=ASSOC, center=record, materials={}, construction=False)


def _state(settings: Settings, center_id: str = "sta-gd-foshan") -> tuple[str, int, str, int]:
    with session_scope(settings) as session:
        _center, detail = flow.provider(session=session, principal=ASSOC, center_id=center_id, today=TODAY)
        status = kb.get_center(session=session, center_id=center_id).effective_status.value
        return detail.state, detail.version, status, len(detail.events)


def _advance(settings: Settings, transition: str, payload: dict[str, Any], *, who: Any = ASSOC,
             today: date = TODAY, center_id: str = "sta-gd-foshan") -> Any:
    with session_scope(settings) as session:
        version = flow.provider(session=session, principal=ASSOC, center_id=center_id, today=today)[1].version
        return flow.advance(session=session, principal=who, center_id=center_id, transition=transition,
                            version=version, payload=payload, today=today, outbox=MemoryOutbox())


def test_the_docs_show_the_machines_diagram_and_every_state_with_its_clause() -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"<!-- BEGIN GENERATED DIAGRAM -->\n```mermaid\n(.*?)```\n<!-- END GENERATED DIAGRAM -->",
                      text, re.S)
    assert block, "generated diagram block missing"
    assert block.group(1) == mermaid(), "regenerate with: python -m providers.diagram"
    for state in machine.states():
        row = next((line for line in text.splitlines() if line.startswith(f"| `{state}` |")), None)
        assert row is not None, f"docs/providers.md has no row for {state}"
        assert rules.DERIVED_STATUS[state].value in row and "seed" in row
    assert set(rules.STATE_CLAUSES) == set(machine.states()) == set(rules.DERIVED_STATUS)


def test_a_station_from_application_to_revocation_with_its_status_and_history(settings: Settings,
                                                                           tmp_path: Path) -> None:
    _apply_station(settings, tmp_path)
    assert _state(settings)[:3] == ("applied", 1, "applying")  # not yet accepted: 申请中, not public
    with pytest.raises(InnodockError) as missing:  # seed 003 art. 6(二): materials are checked first
        _advance(settings, "start_review", {})
    assert missing.value.field == "payload.materials" and "申请表" in missing.value.message
    _advance(settings, "start_review", {"materials": STATION_MATERIALS})
    _advance(settings, "approve_build", decision("资料核实无误，已签订合作共建协议", TODAY, "粤质促〔2026〕8号",
                                                 experts=["黄工", "林工"], opinion="同意建站"))
    state, version, status, _ = _state(settings)
    assert (state, version, status) == ("building", 3, "preparing")
    with session_scope(settings) as session:  # a station's seed sets no building period: no deadline, no flag
        assert flow.provider(session=session, principal=ASSOC, center_id="sta-gd-foshan",
                             today=TODAY)[1].build_deadline is None
    _advance(settings, "request_acceptance", {"summary": "人员、场所、制度均已到位"}, who=STATION_COORD)
    _advance(settings, "pass_acceptance", decision("省科协核准，准予挂牌", TODAY, "粤科协备〔2026〕21号",
                                                   experts=["省科协"], opinion="同意挂牌"))
    assert _state(settings)[:3] == ("operating", 5, "operating")
    later = TODAY + timedelta(days=30)
    _advance(settings, "order_rectification", decision("年度监督发现专家队伍不足10人", later, "粤质促〔2026〕31号",
                                                       deadline=(later + timedelta(days=60)).isoformat()), today=later)
    assert _state(settings)[:3] == ("rectifying", 6, "operating")  # still operating, flagged
    with session_scope(settings) as session:
        flags = matching.live_signals(session=session, today=later).flags["sta-gd-foshan"]
        assert [f.code for f in flags if f.source == "lifecycle"] == ["rectifying"]
        assert [f.code for f in flags if f.source == "compliance"] == ["station_pool"]  # no pool experts in this kb
        overdue = matching.live_signals(session=session, today=later + timedelta(days=61)).flags["sta-gd-foshan"]
        assert [f.code for f in overdue if f.source == "lifecycle"] == ["rectifying", "rectification_overdue"]
    _advance(settings, "revoke", decision("整改期满仍未达标", later + timedelta(days=62), "粤质促〔2026〕40号"),
             today=later + timedelta(days=62))
    state, version, status, events = _state(settings)
    assert (state, version, status, events) == ("revoked", 7, "withdrawn", 7)
    with session_scope(settings) as session:
        history = flow.provider(session=session, principal=ASSOC, center_id="sta-gd-foshan", today=TODAY)[1].events
        assert [e.transition for e in history] == ["apply", "start_review", "approve_build", "request_acceptance",
                                                   "pass_acceptance", "order_rectification", "revoke"]
        assert history[-1].decision_document == "粤质促〔2026〕40号" and history[-1].grounds == "整改期满仍未达标"
        assert history[5].deadline == later + timedelta(days=60)
        assert all(e.actor_id for e in history)


def test_a_quality_inspection_centers_building_deadline_and_overdue_flag(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path, [STATION])
    with session_scope(settings) as session:
        flow.apply(session=session, principal=ASSOC, center=QIC, construction=True, materials={
            "written_application": "沪申〔2026〕1号", "preliminary_review": "浦东新区市场监管局初审意见",
            "recommendation": "浦东新区人民政府推荐函", "construction_plan": "建设规划（2026–2028）",
            "government_support": "用地与资金支持承诺"})
    _advance(settings, "start_review", {}, center_id="qic-sh-ic")
    approved = _advance(settings, "approve_build", decision("论证通过", TODAY, "沪市监检测〔2026〕12号",
                                                            experts=["张工", "王工", "赵工"], opinion="同意筹建"),
                        center_id="qic-sh-ic")
    assert approved.build_deadline == add_months(TODAY, 24) == date(2028, 6, 1)  # seed 002 二(二)2, with construction
    assert approved.flags == []
    with session_scope(settings) as session:
        late = flow.provider(session=session, principal=ASSOC, center_id="qic-sh-ic", today=date(2028, 6, 2))[1]
        assert [f.code for f in late.flags] == ["build_overdue"]
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize("case", ["not_allowed", "past_deadline", "own_coordinator", "future_decision", "stale",
                                  "unknown"])
def test_refusals_change_nothing(settings: Settings, tmp_path: Path, case: str) -> None:
    seed(settings, tmp_path)  # both imported as operating
    before = _state(settings)
    with session_scope(settings) as session:
        version = before[1]
        kwargs: dict[str, Any] = {"session": session, "center_id": "sta-gd-foshan", "version": version,
                                  "today": TODAY, "principal": ASSOC, "outbox": MemoryOutbox()}
        if case == "not_allowed":
            with pytest.raises(ConflictError) as err:
                flow.advance(transition="approve_build", payload={}, **kwargs)
            assert err.value.code == "transition_not_allowed" and "order_rectification" in err.value.message
        elif case == "past_deadline":
            with pytest.raises(InnodockError) as err:
                past = (TODAY - timedelta(days=1)).isoformat()
                flow.advance(transition="order_rectification",
                             payload=decision("复核不合格", TODAY, "粤质促〔2026〕9号", deadline=past), **kwargs)
            assert err.value.field == "payload.deadline" and err.value.code == "deadline_in_past"
        elif case == "own_coordinator":
            own = {**kwargs, "principal": person(Role.admin, center_id="sta-gd-foshan")}  # whatever the role grants
            with pytest.raises(PermissionDeniedError):
                flow.advance(transition="suspend", payload=decision("x", TODAY, "y"), **own)
            with pytest.raises(PermissionDeniedError) as err:  # and the center's coordinator by the role table
                flow.advance(transition="suspend", payload=decision("x", TODAY, "y"),
                             **{**kwargs, "principal": STATION_COORD})
            assert "center_coordinator" in err.value.message
        elif case == "future_decision":
            with pytest.raises(InnodockError) as err:
                flow.advance(transition="suspend", payload=decision("x", TODAY + timedelta(days=1), "y"), **kwargs)
            assert err.value.field == "payload.decided_on"
        elif case == "stale":
            with pytest.raises(ConflictError) as err:
                flow.advance(transition="suspend", payload=decision("x", TODAY, "y"),
                             **{**kwargs, "version": version + 1})
            assert err.value.code == "stale_version"
        else:
            with pytest.raises(InnodockError) as err:
                flow.advance(transition="teleport", payload={}, **kwargs)
            assert err.value.code == "unknown_transition"
    assert _state(settings) == before


def test_import_enters_new_providers_and_refuses_a_status_that_differs(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path, [{**QIC, "status": "preparing"}])
    with session_scope(settings) as session:
        entered = flow.provider(session=session, principal=ASSOC, center_id="qic-sh-ic", today=TODAY)[1]
    assert entered.state == "building" and [e.transition for e in entered.events] == ["imported"]
    assert entered.events[0].payload == {"status": "preparing"}
    path = write_jsonl(tmp_path / "again.jsonl", [{**QIC, "status": "operating", "description": "新的简介"}])
    with session_scope(settings) as session:
        result = knowledge.import_files(session=session, paths=[path], replace=False)
    assert not result.written
    assert [str(i) for i in result.issues] == [
        f"{path}:1: status: " + result.issues[0].reason]
    assert "--replace" in result.issues[0].reason and "building" in result.issues[0].reason
    with session_scope(settings) as session:
        assert kb.get_center(session=session, center_id="qic-sh-ic").description is None  # nothing written
        same = knowledge.import_files(session=session, paths=[write_jsonl(tmp_path / "same.jsonl", [
            {**QIC, "status": "preparing", "description": "新的简介"}])], replace=False)
        assert same.ok  # the status the lifecycle shows is fine
    with session_scope(settings) as session:
        replaced = knowledge.import_files(session=session, paths=[path], replace=True)
        assert replaced.ok
    with session_scope(settings) as session:
        after = flow.provider(session=session, principal=ASSOC, center_id="qic-sh-ic", today=TODAY)[1]
    assert after.state == "operating" and [e.transition for e in after.events] == ["imported", "imported"]
    assert after.events[1].from_state == "building" and after.events[1].payload["replace"] is True


def test_a_proposed_transition_waits_for_the_association(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path)
    deadline = (TODAY + timedelta(days=90)).isoformat()
    with session_scope(settings) as session:
        proposal = flow.propose_transition(session=session, center_id="sta-gd-foshan",
                                           transition="order_rectification", source="evaluation:run-7",
                                           grounds="三年评估为不合格（seed 003 art. 14, 16）",
                                           payload={"deadline": deadline}, proposed_by="evaluation")
        with pytest.raises(ConflictError):  # the same one twice
            flow.propose_transition(session=session, center_id="sta-gd-foshan", transition="order_rectification",
                                    source="evaluation:run-8", grounds="again", proposed_by="evaluation")
        with pytest.raises(ConflictError):  # not allowed from operating
            flow.propose_transition(session=session, center_id="sta-gd-foshan", transition="reinstate",
                                    source="x", grounds="y", proposed_by="evaluation")
    assert _state(settings)[0] == "operating"  # proposed, never applied
    with session_scope(settings) as session:
        with pytest.raises(PermissionDeniedError):
            flow.decide_proposal(session=session, principal=STATION_COORD, proposal_id=proposal.id, accept=True,
                                 today=TODAY, outbox=MemoryOutbox())
        decided, moved = flow.decide_proposal(session=session, principal=ASSOC, proposal_id=proposal.id, accept=True,
                                              outbox=MemoryOutbox(), today=TODAY,
                                              payload={"decided_on": TODAY.isoformat(),
                                                       "decision_document": "粤质促〔2026〕50号"})
        assert decided.status == "accepted" and moved is not None and moved.state == "rectifying"
        assert moved.rectification_deadline == TODAY + timedelta(days=90)
        assert flow.proposals(session=session, principal=ASSOC) == []
