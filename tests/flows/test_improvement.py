"""The improvement loop (issue 14 step 6; seed 000 §8.2–8.3; ``flows.improvement``): a failed rating run leaves
findings and a rectification proposal, told to the association and the provider; the association accepts it; the
center sets and reports its actions; the association re-checks; every step is on record; the center can neither
re-check itself nor see another center's findings; an overdue action is reminded once a day until reported. The
provider's page and the HTTP answers are tests/api/test_api_improvement.py's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from authz.vocab import OrgKind, Role
from core import china_time
from core.db import session_scope
from core.errors import ConflictError, InnodockError, NotFoundError, PermissionDeniedError
from evaluation.schemas import RunView, ScoreInput
from flows import evaluations, improvement, inbox
from flows import providers as providers_flow
from inbox.schemas import NoticeKind, NoticeOut
from providers import profiles
from providers import service as provider_rules
from providers.schemas import FindingView
from tests.flows.flowhelpers import Flows
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"
TODAY = china_time.today()


def _failed_run(flows: Flows) -> RunView:
    with session_scope(flows.settings) as session:
        return evaluations.evaluate(session=session, principal=flows("coord-assoc"), center_id=CENTER, period="2026",
                                    inputs=ScoreInput.model_validate(scaled_inputs(CENTER, 0.2)),
                                    outbox=flows.outbox)


def _findings(flows: Flows, who: str = "coord-center", center_id: str = CENTER) -> list[FindingView]:
    with session_scope(flows.settings) as session:
        return improvement.findings(session=session, principal=flows(who), center_id=center_id)


def _step(flows: Flows, who: str, finding_id: int, step: str, version: int, **fields: object) -> FindingView:
    with session_scope(flows.settings) as session:
        return improvement.step(session=session, principal=flows(who), finding_id=finding_id, step=step,
                                version=version, today=TODAY, outbox=flows.outbox, **fields)[0]  # type: ignore[arg-type]


def _told(flows: Flows, who: str, kind: NoticeKind) -> list[NoticeOut]:
    with session_scope(flows.settings) as session:
        return [n for n in inbox.notices(session=session, principal=flows(who)).items if n.kind == kind]


def test_a_failed_rating_leaves_findings_and_a_proposal_and_the_loop_closes_on_a_recheck(flows: Flows) -> None:
    run = _failed_run(flows)
    assert run.counts_as_rating and run.complete
    found = _findings(flows)
    assert found and all(f.state == "open" and f.score < 60 for f in found)
    with session_scope(flows.settings) as session:
        proposals = providers_flow.proposals(session=session, principal=flows("coord-assoc"))
    assert [p.transition for p in proposals if p.center_id == CENTER] == ["order_rectification"]
    # By the center's own rules profile, never the stations' rules for a quality inspection center (a center's day
    # walked on 2026-11-29: "依《…上海市…指导意见》四(二)、《科技服务站管理办法》第十六条" for a Jiangsu center)
    [grounds] = [p.grounds for p in proposals if p.center_id == CENTER]
    with session_scope(flows.settings) as session:
        governed = providers_flow.provider(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                           today=TODAY)[1].profile
    cited = provider_rules.cited_measure(profiles.get(governed), "order_rectification")
    assert cited is not None and f"依{cited[0]} / " in grounds and cited[1] in grounds, grounds
    assert "科技服务站" not in grounds, grounds
    # The association, who decides, and the center, who should know, are told in their inboxes.
    for who in ("coord-assoc", "coord-center"):
        told = _told(flows, who, NoticeKind.lifecycle)
        assert len(told) == 1 and "责令限期整改" in told[0].title_zh
        assert told[0].link is not None and told[0].link.endswith("#proposals")
    assert _told(flows, "ent-a", NoticeKind.lifecycle) == []

    # The association accepts the proposal.
    [proposal] = [p for p in proposals if p.center_id == CENTER]
    with session_scope(flows.settings) as session:
        providers_flow.decide_proposal(session=session, principal=flows("coord-assoc"), proposal_id=proposal.id,
                                       accept=True, today=TODAY, outbox=flows.outbox,
                                       payload={"decided_on": TODAY.isoformat(),
                                                "decision_document": "苏质协〔2026〕21号"})
        life = providers_flow.provider(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                       today=TODAY)[1]
    assert life.state == "rectifying" and life.events[-1].decision_document == "苏质协〔2026〕21号"
    # Decided, "待协会决定：…" is done for both (a center's day walked on 2026-11-29 found it a to-do, months on)
    for who in ("coord-assoc", "coord-center"):
        assert [n.done for n in _told(flows, who, NoticeKind.lifecycle)] == [True]

    # The center sets the action; a deadline that is not after today is refused with the reason, and nothing moves.
    first = found[0]
    with pytest.raises(InnodockError) as past:
        _step(flows, "coord-center", first.id, "plan_action", 1, action="补充可靠性试验设备", owner="设备科 王工",
              due_on=TODAY)
    assert past.value.message
    assert _findings(flows)[0].state == "open"
    _step(flows, "coord-center", first.id, "plan_action", 1, action="补充可靠性试验设备", owner="设备科 王工",
          due_on=TODAY + timedelta(days=60))
    _step(flows, "coord-center", first.id, "report_done", 2, note="设备已采购并完成验收")
    # The center's own re-check is refused; another center's findings it cannot read at all.
    with pytest.raises(PermissionDeniedError):
        _step(flows, "coord-center", first.id, "pass_recheck", 3, note="自查通过")
    with pytest.raises(PermissionDeniedError):
        _findings(flows, center_id="met-js-length")
    # To another center's coordinator the finding is missing, word for word as one that does not exist.
    flows.add_person("coord-center-2", flows.add_org("center2", OrgKind.center, "另一中心", "met-jx-rare"),
                     Role.center_coordinator)
    with pytest.raises(NotFoundError) as stranger:
        _step(flows, "coord-center-2", first.id, "report_done", 3, note="x")
    with pytest.raises(NotFoundError) as missing:
        _step(flows, "coord-center-2", 999999, "report_done", 3, note="x")
    assert stranger.value.message.replace(str(first.id), "N") == missing.value.message.replace("999999", "N")
    with pytest.raises(ConflictError):  # a stale version
        _step(flows, "coord-assoc", first.id, "pass_recheck", 2, note="复核通过")
    assert _findings(flows, "coord-assoc")[0].state == "reported"

    # The association re-checks: the record shows each step.
    _step(flows, "coord-assoc", first.id, "pass_recheck", 3, note="现场核查设备到位")
    record = next(f for f in _findings(flows, "coord-assoc") if f.id == first.id)
    assert record.state == "closed"
    assert [e.step for e in record.events] == ["found", "plan_action", "report_done", "pass_recheck"]


def test_an_overdue_corrective_action_is_reminded_once_a_day_until_reported(flows: Flows) -> None:
    _failed_run(flows)
    first = _findings(flows)[0]
    due = TODAY + timedelta(days=10)
    planned = _step(flows, "coord-center", first.id, "plan_action", first.version, action="补充电芯检测设备的期间核查",
                    owner="质量负责人", due_on=due)

    def remind(day: date) -> int:
        with session_scope(flows.settings) as session:
            return improvement.announce_overdue(session=session, today=day, outbox=flows.outbox)

    assert remind(due) == 0  # on the due day itself: not yet late
    late = due + timedelta(days=2)
    assert remind(late) == 1
    assert remind(late) == 0  # the same day again: already told
    for who in ("coord-center", "coord-assoc"):
        notes = _told(flows, who, NoticeKind.finding)
        assert len(notes) == 1 and "逾期 2 天" in notes[0].title_zh and first.indicator_zh in notes[0].title_zh
        assert notes[0].link == f"/providers/{CENTER}#findings"
    assert _told(flows, "ent-a", NoticeKind.finding) == []  # an enterprise hears nothing of a provider's rectification
    assert remind(late + timedelta(days=1)) == 1  # the next day, again
    _step(flows, "coord-center", first.id, "report_done", planned.version, note="期间核查已完成，记录已归档")
    assert remind(late + timedelta(days=2)) == 0  # reported done: the re-check is the association's, not overdue
