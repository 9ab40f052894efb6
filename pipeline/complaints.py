"""A complaint's handling, closed by the client (issue 30, item 2): the provider records how it handled the complaint
(→ "handled, awaiting the enterprise's confirmation"), the enterprise confirms it (→ closed) or reopens it with its
reason (→ open again, for the provider to handle once more); an enterprise that does not answer within the period
the caller gives (``Settings.complaint_confirm_days``) leaves the association free to close it, recorded as closed by
the association after the period.

The complaint's states and steps are a machine of ``core.statemachine`` (:data:`COMPLAINT`) with the roles of
``authz.tables.COMPLAINT_STEP_ROLES``. Every step is a row of the complaint's history
(``pipeline_complaint_handling``, append-only), whoever took it: both sides are on record.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session
from statemachine import Event, State, StateMachine

from authz.policy import check_role
from authz.tables import COMPLAINT_STEP_ROLES
from core.china_time import CHINA_TZ
from core.db import utcnow
from core.errors import ConflictError, InnodockError, NotFoundError
from core.statemachine import Label, Machine
from pipeline.engagements import load, require_member
from pipeline.models import ComplaintHandling, FeedbackRecord
from pipeline.records import AFTER_CONTRACT, feedback_view
from pipeline.schemas import Actor, FeedbackView


class ComplaintMachine(StateMachine):
    open = State("待处理 open", initial=True)
    handled = State("已处理，待企业确认 handled, awaiting the enterprise's confirmation")
    closed = State("已关闭 closed", final=True)

    # The provider says it is resolved (again, if it adds to what it said): the enterprise is asked to confirm.
    handle = Event(open.to(handled) | handled.to(handled), name="handle")
    # The provider reports progress without saying it is resolved: the complaint stays (or goes back) open.
    report_progress = Event(open.to.itself() | handled.to(open), name="report_progress")
    confirm = Event(handled.to(closed), name="confirm")
    reopen = Event(handled.to(open), name="reopen")
    close_lapsed = Event(handled.to(closed), name="close_lapsed")


STEP_LABELS: dict[str, Label] = {
    "handle": ("登记处理结果（已解决）", "handled (resolved)"),
    "report_progress": ("登记处理进展（尚未解决）", "progress (not resolved yet)"),
    "confirm": ("企业确认处理结果", "the enterprise confirmed the handling"),
    "reopen": ("企业不满意，重新投诉", "the enterprise reopened the complaint"),
    "close_lapsed": ("企业逾期未确认，协会关闭", "closed by the association after the confirmation period"),
}
FILED_EVENT = "filed"  # the history's first row is the complaint itself, on the feedback record
COMPLAINT = Machine(ComplaintMachine, steps=STEP_LABELS, records={FILED_EVENT: ("提出投诉", "complaint filed")},
                    roles=COMPLAINT_STEP_ROLES)
CHINA = CHINA_TZ  # the confirmation period is counted in China's days (core.china_time)
# How a closed complaint was closed (``FeedbackRecord.closed_how``): the step that closed it.
CLOSING_STEPS = ("confirm", "close_lapsed")


def _complaint(session: Session, engagement_id: str, feedback_id: int, actor: Actor, step: str) -> FeedbackRecord:
    """The complaint, once the caller may take ``step`` on it now: a party of the engagement (else 404), in a role
    of the step, after the contract, with the machine allowing the step from the complaint's state."""
    row = load(session, engagement_id, lock=True)
    require_member(row, actor)
    check_role(f"complaint {step}", actor, COMPLAINT_STEP_ROLES[step])
    if row.state not in AFTER_CONTRACT:
        raise ConflictError(f"当前状态 {row.state} 不能处理投诉 / complaints are handled after the contract",
                            field="state", code="record_not_allowed")
    rec = session.get(FeedbackRecord, feedback_id)
    if rec is None or rec.engagement_id != row.id or not rec.complaint:
        raise NotFoundError(f"该项目没有编号为 {feedback_id} 的投诉 / no complaint {feedback_id} on this engagement",
                            field="feedback_id")
    state = rec.complaint_state or COMPLAINT.initial_state()
    if step not in COMPLAINT.allowed(state):
        raise ConflictError(
            f"投诉当前为“{COMPLAINT.label(state, 'zh')}”，此时不能“{COMPLAINT.step_label(step, 'zh')}” / the complaint "
            f"is {COMPLAINT.label(state, 'en')}: “{COMPLAINT.step_label(step, 'en')}” is not possible now",
            field="complaint_state", code="complaint_step_not_allowed")
    return rec


def _record(rec: FeedbackRecord, step: str, actor: Actor, text: str, *, resolved: bool) -> None:
    at = utcnow()
    rec.complaint_state = COMPLAINT.target_of(rec.complaint_state or COMPLAINT.initial_state(), step)
    rec.handlings.append(ComplaintHandling(step=step, handling=text, resolved=resolved, handled_by=actor.label(),
                                           handled_at=at))
    if step in CLOSING_STEPS:
        rec.closed_by, rec.closed_at, rec.closed_how = actor.label(), at, step


def record_complaint_handling(
    *, session: Session, engagement_id: str, feedback_id: int, actor: Actor, handling: str, resolved: bool = True
) -> FeedbackView:
    """The provider's (or the association's) handling: resolved → the enterprise is asked to confirm; not resolved
    → progress, the complaint stays open. Every version is kept (issue 31)."""
    step = "handle" if resolved else "report_progress"
    rec = _complaint(session, engagement_id, feedback_id, actor, step)
    if not handling or not handling.strip():
        raise InnodockError("请写明处理情况 / describe how the complaint was handled", field="handling")
    rec.handling = handling.strip()
    rec.resolved = resolved
    rec.handled_by = actor.label()
    rec.handled_at = utcnow()
    _record(rec, step, actor, rec.handling, resolved=resolved)
    session.flush()
    return feedback_view(rec)


def confirm_complaint(*, session: Session, engagement_id: str, feedback_id: int, actor: Actor,
                      note: str | None = None) -> FeedbackView:
    """The enterprise confirms the provider's handling: the complaint is closed."""
    rec = _complaint(session, engagement_id, feedback_id, actor, "confirm")
    _record(rec, "confirm", actor, (note or "").strip(), resolved=True)
    session.flush()
    return feedback_view(rec)


def reopen_complaint(*, session: Session, engagement_id: str, feedback_id: int, actor: Actor,
                     reason: str) -> FeedbackView:
    """The enterprise is not satisfied with the handling: open again, with its reason, for the provider to handle
    once more (the handling on record is no longer taken as resolved)."""
    rec = _complaint(session, engagement_id, feedback_id, actor, "reopen")
    if not reason or not reason.strip():
        raise InnodockError("请写明不满意的原因 / say why the handling does not settle the complaint", field="reason")
    rec.resolved = False
    _record(rec, "reopen", actor, reason.strip(), resolved=False)
    session.flush()
    return feedback_view(rec)


def confirmation_due(handled_at: datetime, period_days: int) -> date:
    """The last day (in China) the client has to answer a handling recorded at ``handled_at``."""
    when = handled_at if handled_at.tzinfo else handled_at.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return when.astimezone(CHINA).date() + timedelta(days=period_days)


def close_lapsed_complaint(*, session: Session, engagement_id: str, feedback_id: int, actor: Actor, today: date,
                           period_days: int, note: str | None = None) -> FeedbackView:
    """The association closes a handled complaint the enterprise did not answer within ``period_days`` of the
    handling; before the period is over it is refused, naming the day it may be closed after."""
    rec = _complaint(session, engagement_id, feedback_id, actor, "close_lapsed")
    assert rec.handled_at is not None  # handled: the machine allows the step from there only
    due = confirmation_due(rec.handled_at, period_days)
    if today <= due:
        raise ConflictError(f"企业可在 {due.isoformat()} 前确认处理结果，期满后协会方可关闭 / the enterprise has until "
                            f"{due.isoformat()} to confirm the handling; the association may close it after that",
                            field="complaint_state", code="confirmation_period_running")
    _record(rec, "close_lapsed", actor, (note or "").strip(), resolved=True)
    session.flush()
    return feedback_view(rec)
