"""A complaint is closed by the client, not by the provider alone (issue 30, item 2): the provider's handling waits for
the enterprise's confirmation; the enterprise confirms it (closed) or reopens it with its reason (open again); after
the confirmation period the association may close it, recorded as closed by the association. Each step is in the
complaint's history, by whoever took it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pipeline_helpers import ADMIN, ASSOC, CENTER_CO, ENTERPRISE, drive_to, open_engagement

from core.db import session_scope
from core.errors import ConflictError, InnodockError, PermissionDeniedError
from core.settings import Settings
from pipeline import service
from pipeline.complaints import COMPLAINT
from pipeline.schemas import FeedbackView


def _complaint(settings: Settings) -> tuple[str, int]:
    eng = open_engagement(settings)
    drive_to(settings, eng, "delivering")
    with session_scope(settings) as session:
        filed = service.record_feedback(session=session, engagement_id=eng, actor=ENTERPRISE,
                                        feedback={"complaint": "报告比约定晚了一周"})
    assert filed.complaint_state == "open"
    return eng, filed.id


def _step(settings: Settings, name: str, eng: str, fid: int, **kw: object) -> FeedbackView:
    with session_scope(settings) as session:
        fn = getattr(service, name)
        return fn(session=session, engagement_id=eng, feedback_id=fid, **kw)  # type: ignore[no-any-return]


def test_handled_reopened_handled_again_and_confirmed_by_the_enterprise(lite: Settings) -> None:
    eng, fid = _complaint(lite)
    progress = _step(lite, "record_complaint_handling", eng, fid, actor=CENTER_CO, handling="已联系快递查件",
                     resolved=False)
    assert progress.complaint_state == "open"  # progress is not a result: nothing to confirm yet
    with pytest.raises(ConflictError) as early:
        _step(lite, "confirm_complaint", eng, fid, actor=ENTERPRISE)
    assert early.value.field == "complaint_state"
    handled = _step(lite, "record_complaint_handling", eng, fid, actor=CENTER_CO, handling="已致歉并补寄纸质报告",
                    resolved=True)
    assert handled.complaint_state == "handled" and handled.resolved and handled.closed_at is None
    # Only the enterprise answers for itself: not the provider, not the association.
    for actor in (CENTER_CO, ASSOC):
        with pytest.raises(PermissionDeniedError):
            _step(lite, "confirm_complaint", eng, fid, actor=actor)
    with pytest.raises(InnodockError) as no_reason:
        _step(lite, "reopen_complaint", eng, fid, actor=ENTERPRISE, reason="  ")
    assert no_reason.value.field == "reason"
    reopened = _step(lite, "reopen_complaint", eng, fid, actor=ENTERPRISE, reason="纸质报告仍未收到")
    assert reopened.complaint_state == "open" and not reopened.resolved
    _step(lite, "record_complaint_handling", eng, fid, actor=CENTER_CO, handling="已专人送达并签收",
          resolved=True)
    closed = _step(lite, "confirm_complaint", eng, fid, actor=ENTERPRISE, note="已收到，谢谢")
    assert closed.complaint_state == "closed" and closed.closed_how == "confirm"
    assert closed.closed_by == ENTERPRISE.label() and closed.closed_at is not None
    # The history holds both sides, in order, each by whoever took the step.
    assert [(h.step, h.handled_by, h.handling) for h in closed.handling_history] == [
        ("report_progress", CENTER_CO.label(), "已联系快递查件"),
        ("handle", CENTER_CO.label(), "已致歉并补寄纸质报告"),
        ("reopen", ENTERPRISE.label(), "纸质报告仍未收到"),
        ("handle", CENTER_CO.label(), "已专人送达并签收"),
        ("confirm", ENTERPRISE.label(), "已收到，谢谢")]
    with pytest.raises(ConflictError):  # closed is final: no further step
        _step(lite, "reopen_complaint", eng, fid, actor=ENTERPRISE, reason="又想起一件事")
    with session_scope(lite) as session:
        shown = service.show_engagement(session=session, engagement_id=eng, actor=ADMIN).feedback[0]
    assert shown.complaint_state == "closed" and len(shown.handling_history) == 5


def test_the_association_closes_it_only_after_the_confirmation_period(lite: Settings) -> None:
    eng, fid = _complaint(lite)
    handled = _step(lite, "record_complaint_handling", eng, fid, actor=CENTER_CO, handling="已重新出具报告",
                    resolved=True)
    assert handled.handled_at is not None
    due = service.confirmation_due(handled.handled_at, 15)
    with pytest.raises(ConflictError) as running:
        _step(lite, "close_lapsed_complaint", eng, fid, actor=ASSOC, today=due, period_days=15)
    assert running.value.code == "confirmation_period_running" and due.isoformat() in running.value.message
    with pytest.raises(PermissionDeniedError):  # the provider cannot close its own complaint, even late
        _step(lite, "close_lapsed_complaint", eng, fid, actor=CENTER_CO, today=due + timedelta(days=1),
              period_days=15)
    closed = _step(lite, "close_lapsed_complaint", eng, fid, actor=ASSOC, today=due + timedelta(days=1),
                   period_days=15)
    assert closed.complaint_state == "closed" and closed.closed_how == "close_lapsed"
    assert closed.closed_by == ASSOC.label()
    assert [h.step for h in closed.handling_history] == ["handle", "close_lapsed"]


def test_the_machine_and_its_labels() -> None:
    assert COMPLAINT.states() == ("open", "handled", "closed") and COMPLAINT.final_states() == {"closed"}
    assert COMPLAINT.allowed("handled", "enterprise") == ["confirm", "reopen"]
    assert COMPLAINT.allowed("handled", "association_coordinator") == ["handle", "report_progress", "close_lapsed"]
    assert COMPLAINT.label("handled", "zh") == "已处理，待企业确认"
    assert COMPLAINT.label("handled", "en") == "handled, awaiting the enterprise's confirmation"


def test_the_same_complaint_sent_twice_is_one_complaint_until_it_is_closed(lite: Settings) -> None:
    """Walk finding: the form came back empty after filing, a second press filed the complaint again, and the provider
    got two notices and two deadlines. The same words while the first is not closed are refused; others are not."""
    eng, fid = _complaint(lite)
    with session_scope(lite) as session, pytest.raises(ConflictError) as again:
        service.record_feedback(session=session, engagement_id=eng, actor=ENTERPRISE,
                                feedback={"complaint": " 报告比约定晚了一周 "})
    assert again.value.field == "complaint" and again.value.code == "already_filed"
    with session_scope(lite) as session:  # a different grievance, and a rating alone, are still taken
        service.record_feedback(session=session, engagement_id=eng, actor=ENTERPRISE,
                                feedback={"complaint": "报告里的样品编号写错了"})
        service.record_feedback(session=session, engagement_id=eng, actor=ENTERPRISE, feedback={"satisfaction": 3})
    _step(lite, "record_complaint_handling", eng, fid, actor=CENTER_CO, handling="已致歉", resolved=True)
    _step(lite, "confirm_complaint", eng, fid, actor=ENTERPRISE)
    with session_scope(lite) as session:  # closed: raising it again is a new complaint
        again_filed = service.record_feedback(session=session, engagement_id=eng, actor=ENTERPRISE,
                                              feedback={"complaint": "报告比约定晚了一周"})
    assert again_filed.complaint_state == "open" and again_filed.id != fid
