"""An engagement from agreement to acceptance, and a complaint's deadline (seed 000 Figure 1; issue 12 step 5;
``flows.engagements``): the need's status follows the engagement (signed by both sides, in engagement; accepted,
closed); the provider does not accept its own work; the history keeps every step. A complaint is due in working days
on the official calendar; once the day passes unhandled the center and the association are reminded once a day until
the handling is recorded. The engagement page and the HTTP answers are tests/api's (test_api_complaint_deadline.py,
test_api_domain_flow.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core import china_time
from core.db import played_at, session_scope
from core.errors import InnodockError, PermissionDeniedError
from flows import engagements, inbox
from flows.engagements import COMPLAINT_HANDLING_WORKDAYS
from inbox.schemas import NoticeKind, NoticeOut
from intake.schemas import NeedStatus
from providers.workdays import add_workdays
from tests.flows.flowhelpers import AGREEMENT, Flows
from tests.pipeline.pipeline_helpers import file_meta


def _engaged(flows: Flows) -> tuple[str, str]:
    need_id, review_id = flows.submitted_need()
    eng = flows.accept(review_id, "qic-js-battery").engagement_id
    assert eng
    return need_id, eng


def test_the_need_follows_its_engagement_to_acceptance_and_the_provider_does_not_accept_its_own_work(
        flows: Flows) -> None:
    need_id, eng = _engaged(flows)
    assert flows.outcome(need_id).status == NeedStatus.matched
    flows.step(eng, "ent-a", "reach_agreement")
    flows.step(eng, "coord-center", "sign_agreement", {"agreement": AGREEMENT})
    assert flows.outcome(need_id).status == NeedStatus.matched  # signed by one side only
    flows.step(eng, "ent-a", "countersign")
    assert flows.outcome(need_id).status == NeedStatus.in_engagement
    flows.step(eng, "coord-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}})
    flows.step(eng, "coord-center", "submit_plan", {"plan": "按 GB 38031-2020 第8.2条试验"})
    flows.step(eng, "coord-assoc", "approve_plan", {"opinion": "方案可行", "reviewers": ["张审"]})
    with pytest.raises(InnodockError) as bare:  # a delivery hands over at least one result file
        flows.step(eng, "coord-center", "submit_results", {"delivery": {"note": "报告已交付"}})
    assert bare.value.field == "delivery.files"
    flows.step(eng, "coord-center", "submit_results",
               {"delivery": {"note": "报告已交付", "files": [file_meta("report.pdf", b"report")]}})
    with pytest.raises(PermissionDeniedError):  # the provider does not accept its own work
        flows.step(eng, "coord-center", "pass_acceptance", {"reasons": ["自己验收"]})
    assert flows.step(eng, "ent-a", "pass_acceptance", {"reasons": ["报告完整"]}).state == "closed"
    assert flows.outcome(need_id).status == NeedStatus.closed  # 项目终结 closes the need
    with session_scope(flows.settings) as session:
        steps = engagements.history(session=session, principal=flows("ent-a"), engagement_id=eng)
        board = engagements.board(session=session, principal=flows("coord-center"))
    assert len(steps) == 9 and steps[-1].transition == "pass_acceptance"
    assert [e.id for e in board["closed"][0]] == [eng] and board["communicating"] == ([], 0)


def _complaint_notices(flows: Flows, who: str) -> list[NoticeOut]:
    with session_scope(flows.settings) as session:
        items = inbox.notices(session=session, principal=flows(who)).items
    return [n for n in items if n.kind == NoticeKind.complaint]


def test_a_complaint_is_due_in_working_days_and_reminded_once_a_day_until_handled(flows: Flows) -> None:
    _, eng = _engaged(flows)
    flows.step(eng, "coord-assoc", "terminate", {"reason": "企业改变计划"})

    def feedback(**given: object) -> engagements.FeedbackView:
        with session_scope(flows.settings) as session:
            return engagements.file_feedback(session=session, principal=flows("ent-a"), engagement_id=eng,
                                             outbox=flows.outbox, **{"satisfaction": None, "complaint": None,
                                                                     **given})  # type: ignore[arg-type]

    before = add_workdays(china_time.today(), COMPLAINT_HANDLING_WORKDAYS).due_on
    filed = feedback(complaint="报告寄送比约定晚了三天")
    after = add_workdays(china_time.today(), COMPLAINT_HANDLING_WORKDAYS).due_on
    due = filed.handling_due_on
    assert due in (before, after) and due is not None and (due - china_time.today()).days >= COMPLAINT_HANDLING_WORKDAYS
    assert feedback(satisfaction=4).handling_due_on is None  # a survey without a complaint has no deadline

    def remind(day: date) -> int:
        with session_scope(flows.settings) as session:
            return engagements.announce_overdue(session=session, today=day, outbox=flows.outbox)

    assert remind(due) == 0  # on the due day itself: not yet late
    late = due + timedelta(days=3)
    assert remind(late) == 1
    assert remind(late) == 0  # the same day again: already told
    reminders = [n for n in _complaint_notices(flows, "coord-center") if "逾期" in n.title_zh]
    assert len(reminders) == 1 and "逾期 3 天" in reminders[0].title_zh
    assert reminders[0].link == f"/engagements/{eng}#feedback"
    assert any("逾期" in n.title_zh for n in _complaint_notices(flows, "coord-assoc"))
    assert _complaint_notices(flows, "ent-b") == []  # another enterprise hears nothing

    with session_scope(flows.settings) as session:
        engagements.handle_complaint(session=session, principal=flows("coord-center"), engagement_id=eng,
                                     feedback_id=filed.id, handling="已致电企业说明原因，并承诺改进寄送流程",
                                     resolved=True, outbox=flows.outbox)
    assert remind(late + timedelta(days=1)) == 0  # handled: no more reminders


def test_a_complaint_is_due_in_working_days_after_the_day_it_was_filed_not_after_today(flows: Flows) -> None:
    """A complaint written on a past day (the demo's year is played so, ``core.db.played_at``) is due five working
    days after that day: a trial found the demo's complaint of 2026-03-18 "due" five working days after the day the
    demo was installed, and so never overdue."""
    _, eng = _engaged(flows)
    flows.step(eng, "coord-assoc", "terminate", {"reason": "企业改变计划"})
    filed_at = datetime(2026, 3, 18, 10, 0, tzinfo=china_time.CHINA_TZ)
    with played_at(filed_at), session_scope(flows.settings) as session:
        filed = engagements.file_feedback(session=session, principal=flows("ent-a"), engagement_id=eng,
                                          satisfaction=None, complaint="报告寄送比约定晚了三天", outbox=flows.outbox)
    assert china_time.local(filed.recorded_at).date() == date(2026, 3, 18)
    assert filed.handling_due_on == add_workdays(date(2026, 3, 18), COMPLAINT_HANDLING_WORKDAYS).due_on \
        == date(2026, 3, 25)
