"""Records filed outside a transition: agreement drafts, the team, delivery notes, the client's feedback and the
handling of complaints. Each kind may be filed only in the states listed in ``RECORD_STATES`` and by the roles in
``authz.tables.RECORD_ROLES``; records are appended, never edited (the newest agreement or team counts)."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from authz.policy import check_role
from authz.tables import RECORD_ROLES
from core import china_time
from core.db import utcnow
from core.errors import ConflictError, InnodockError, refuse_all
from pipeline.engagements import load, require_member
from pipeline.guards import agreement_row, by, latest_agreement, parse_model, read_delivery, read_team
from pipeline.models import (
    AcceptanceVerdict,
    AgreementRecord,
    DeliveryRecord,
    Engagement,
    FeedbackRecord,
    PlanReviewRecord,
    TeamRecord,
)
from pipeline.schemas import (
    Actor,
    AgreementIn,
    AgreementView,
    CaseConsentView,
    DeliveryIn,
    DeliveryView,
    FeedbackIn,
    FeedbackView,
    FileMeta,
    HandlingView,
    OverdueComplaint,
    PlanReviewView,
    PublicCase,
    TeamIn,
    TeamView,
    VerdictView,
)

T = TypeVar("T")

AFTER_CONTRACT = ("contracted", "team_formed", "plan_review", "plan_revision", "delivering", "acceptance", "closed",
                  "terminated", "withdrawn")

RECORD_STATES: dict[str, tuple[str, ...]] = {
    # Once the provider signed it, the draft is final unless the enterprise sends it back (return_agreement).
    "agreement": ("communicating", "agreed"),
    "team": ("contracted", "team_formed", "plan_revision"),  # a rejected plan may need other people
    "delivery": ("delivering",),
    "feedback": ("delivering", "acceptance", "closed", "terminated"),
    "complaint_handling": AFTER_CONTRACT,
    "case_consent": ("closed",),  # a typical case is a service whose results were accepted
}


def _open_for(session: Session, engagement_id: str, kind: str, actor: Actor) -> Engagement:
    row = load(session, engagement_id, lock=True)
    # Who may see it comes first: to anyone else the engagement does not exist, whatever their role (a 403 for an
    # existing id and a 404 for a missing one would tell which ids exist).
    require_member(row, actor)
    check_role(f"record {kind}", actor, RECORD_ROLES[kind])
    states = RECORD_STATES[kind]
    if row.state not in states:
        raise ConflictError(
            f"当前状态 {row.state} 不能登记{kind}；可登记的状态：{', '.join(states)} / a {kind} record cannot be filed "
            f"in state {row.state}; allowed in: {', '.join(states)}",
            field="state", code="record_not_allowed",
        )
    return row


def agreement_view(r: AgreementRecord) -> AgreementView:
    data = {name: getattr(r, name) for name in AgreementIn.model_fields}
    return AgreementView(**data, recorded_by=r.recorded_by_id, recorded_at=r.recorded_at)


def team_view(r: TeamRecord) -> TeamView:
    return TeamView(lead=r.lead_expert_id, members=list(r.member_expert_ids), lead_exception=r.lead_exception,
                    lead_exception_by=r.lead_exception_by, lead_rule_reasons=list(r.lead_rule_reasons or []),
                    recorded_by=r.recorded_by_id, recorded_at=r.recorded_at)


def plan_review_view(r: PlanReviewRecord) -> PlanReviewView:
    return PlanReviewView(round=r.round, approved=r.approved, opinion=r.opinion, reviewers=list(r.reviewers or []),
                          recorded_by=r.recorded_by_id, recorded_at=r.recorded_at)


def delivery_view(r: DeliveryRecord) -> DeliveryView:
    return DeliveryView(round=r.round, note=r.note, files=[FileMeta.model_validate(f) for f in r.files or []],
                        recorded_by=r.recorded_by_id, recorded_at=r.recorded_at)


def verdict_view(r: AcceptanceVerdict) -> VerdictView:
    return VerdictView(round=r.round, passed=r.passed, reasons=list(r.reasons or []), recorded_by=r.recorded_by_id,
                       recorded_at=r.recorded_at)


def feedback_view(r: FeedbackRecord) -> FeedbackView:
    return FeedbackView(id=r.id, satisfaction=r.satisfaction, answers=r.answers, complaint=r.complaint,
                        handling_due_on=r.handling_due_on, handling=r.handling,
                        resolved=r.resolved, handled_by=r.handled_by, handled_at=r.handled_at,
                        recorded_by=r.recorded_by_id, recorded_at=r.recorded_at,
                        complaint_state=(r.complaint_state or "open") if r.complaint else None,
                        closed_by=r.closed_by, closed_at=r.closed_at, closed_how=r.closed_how,
                        handling_history=[HandlingView(step=h.step or "handle", handling=h.handling,
                                                       resolved=h.resolved, handled_by=h.handled_by,
                                                       handled_at=h.handled_at)
                                          for h in r.handlings])


def latest_agreement_view(*, session: Session, engagement_id: str) -> AgreementView | None:
    """The newest agreement on record (the signed one, once the agreement is signed)."""
    row = latest_agreement(session, engagement_id)
    return agreement_view(row) if row is not None else None


def latest_verdict_view(*, session: Session, engagement_id: str) -> VerdictView | None:
    """The newest acceptance verdict on record: a step's notice reads it (a failed acceptance says why, in the
    enterprise's words), as it reads the agreement, without an actor's read of the whole engagement."""
    row = session.scalars(select(AcceptanceVerdict).where(AcceptanceVerdict.engagement_id == engagement_id)
                          .order_by(AcceptanceVerdict.round.desc(), AcceptanceVerdict.id.desc()).limit(1)).first()
    return verdict_view(row) if row is not None else None


def record_agreement(
    *, session: Session, engagement_id: str, actor: Actor, agreement: AgreementIn | dict[str, Any]
) -> AgreementView:
    """File a draft (or the final text) of the agreement while the parties communicate; signing checks it."""
    row = _open_for(session, engagement_id, "agreement", actor)
    data = agreement if isinstance(agreement, AgreementIn) else parse_model(AgreementIn, agreement, "agreement")
    rec = agreement_row(row.id, data, actor)
    session.add(rec)
    session.flush()
    return agreement_view(rec)


def record_team(*, session: Session, engagement_id: str, actor: Actor, team: TeamIn | dict[str, Any]) -> TeamView:
    """File the project team; the lead and member rules are checked now (see ``guards.check_team``)."""
    row = _open_for(session, engagement_id, "team", actor)
    rec = read_team(session, row, team, actor)
    session.add(rec)
    session.flush()
    return team_view(rec)


def record_delivery(
    *, session: Session, engagement_id: str, actor: Actor, delivery: DeliveryIn | dict[str, Any]
) -> DeliveryView:
    row = _open_for(session, engagement_id, "delivery", actor)
    data = read_delivery(delivery)
    rec = DeliveryRecord(engagement_id=row.id, round=row.acceptance_round + 1, note=data.note,
                         files=[f.model_dump() for f in data.files], **by(actor))
    session.add(rec)
    session.flush()
    return delivery_view(rec)


def record_feedback(
    *, session: Session, engagement_id: str, actor: Actor, feedback: FeedbackIn | dict[str, Any],
    handling_due_on: date | None = None,
) -> FeedbackView:
    """The client's satisfaction (1–5) and/or complaint (seed 001 §5.2.9 client satisfaction); a complaint's handling
    deadline is the caller's (the flow counts it in working days)."""
    row = _open_for(session, engagement_id, "feedback", actor)
    if not isinstance(feedback, FeedbackIn):
        refuse_all(_feedback_refusals(session, row, feedback))
    data = feedback if isinstance(feedback, FeedbackIn) else parse_model(FeedbackIn, feedback, "feedback")
    if data.answers:
        _check_questionnaire_open(session, row)
    if data.complaint:
        _check_not_filed_already(session, row, data.complaint)
    rec = FeedbackRecord(engagement_id=row.id, satisfaction=data.satisfaction, answers=data.answers or None,
                         complaint=data.complaint,
                         handling_due_on=handling_due_on if data.complaint else None, resolved=False, **by(actor))
    session.add(rec)
    session.flush()
    return feedback_view(rec)


COMPLAINT_MAX = 2_000  # characters: the API's note (api.work_schemas.Note) and the form's box


def _feedback_refusals(session: Session, row: Engagement, feedback: dict[str, Any]) -> list[InnodockError]:
    """The stars and the complaint refused together, each on its field, before anything is kept: stars that are not
    1 to 5 were an error page naming them alone and the complaint typed beside them was lost, and a complaint too
    long or sent already was said only once the stars were right (the product brief's "forms lose input on
    errors"). Stars as a form sends them ("4") are read here; no stars with a complaint is allowed."""
    found: list[InnodockError] = []
    stars = feedback.get("satisfaction")
    if stars is not None and not isinstance(stars, bool):
        try:
            given = int(str(stars).strip())
        except ValueError:
            given = 0
        if not 1 <= given <= 5:
            found.append(InnodockError(f"满意度应为 1–5 星，收到的是“{str(stars)[:20]}” / the satisfaction is 1 to 5 "
                                       f"stars, not {str(stars)[:20]!r}", field="feedback.satisfaction"))
    complaint = feedback.get("complaint")
    if isinstance(complaint, str) and complaint.strip():
        length = len(complaint.strip())
        if length > COMPLAINT_MAX:
            found.append(InnodockError(f"投诉内容最多 {COMPLAINT_MAX} 个字，现有 {length} 个，请删减后再提交 / a "
                                       f"complaint takes at most {COMPLAINT_MAX} characters; this one has {length}",
                                       field="complaint"))
        else:
            try:
                _check_not_filed_already(session, row, complaint.strip())
            except InnodockError as exc:
                found.append(exc)
    return found


def _check_not_filed_already(session: Session, row: Engagement, complaint: str) -> None:
    """The same complaint twice while the first is not closed is one complaint sent twice, not two: a walk found the
    form empty after filing (the page says 已办理 at its top), a second press filed it again, and the provider got
    two notices and two handling deadlines for one grievance. A complaint closed may be raised again."""
    same = " ".join(complaint.split())
    for rec in session.scalars(select(FeedbackRecord).where(FeedbackRecord.engagement_id == row.id,
                                                            FeedbackRecord.complaint.is_not(None))):
        if (rec.complaint_state or "open") != "closed" and " ".join((rec.complaint or "").split()) == same:
            filed = china_time.day(rec.recorded_at)
            raise ConflictError(f"这条投诉已经提交过（{filed}），正在处理中 / this complaint was already filed "
                                f"({filed}) and is being handled", field="complaint", code="already_filed")


def _check_questionnaire_open(session: Session, row: Engagement) -> None:
    """The questionnaire is answered once per engagement, after its results were accepted (seed 001 §5.2.7: the
    client's questionnaire on the service it received)."""
    if row.state != "closed":
        raise ConflictError(f"问卷在验收通过后填写；当前状态 {row.state} / the questionnaire is answered once the "
                            "results are accepted", field="answers", code="record_not_allowed")
    # In Python, not SQL: a JSON column keeps a survey without answers as JSON null, which SQL's IS NULL misses.
    filed = session.scalars(select(FeedbackRecord.answers).where(FeedbackRecord.engagement_id == row.id))
    if any(filed):
        raise ConflictError("本项目的问卷已经填写过 / this engagement's questionnaire was already answered",
                            field="answers", code="already_answered")


def set_case_consent(*, session: Session, engagement_id: str, actor: Actor, public: bool) -> CaseConsentView:
    """The client agrees (or no longer agrees) that the engagement be shown, redacted, as a typical case of its
    provider."""
    row = _open_for(session, engagement_id, "case_consent", actor)
    row.case_public = public
    row.case_decided_by = actor.label()
    row.case_decided_at = utcnow()
    session.flush()
    return CaseConsentView(engagement_id=row.id, public=row.case_public, decided_at=row.case_decided_at)


def public_cases(*, session: Session, center_id: str, limit: int = 20) -> list[PublicCase]:
    """The center's closed engagements whose clients agreed to show them, newest first: ids and dates only — what
    the public may read of the need is intake's published version."""
    rows = session.scalars(select(Engagement).where(Engagement.center_id == center_id,
                                                    Engagement.case_public.is_(True), Engagement.state == "closed")
                           .order_by(Engagement.closed_at.desc(), Engagement.id).limit(limit))
    return [PublicCase(engagement_id=r.id, need_id=r.need_id, center_id=r.center_id,
                       closed_on=china_time.local(r.closed_at).date() if r.closed_at else None) for r in rows]


def overdue_complaints(*, session: Session, today: date) -> list[OverdueComplaint]:
    """Complaints past their handling deadline with no handling recorded, oldest deadline first."""
    rows = session.execute(
        select(FeedbackRecord, Engagement.center_id)
        .join(Engagement, Engagement.id == FeedbackRecord.engagement_id)
        .where(FeedbackRecord.complaint.is_not(None), FeedbackRecord.handled_at.is_(None),
               FeedbackRecord.handling_due_on.is_not(None), FeedbackRecord.handling_due_on < today)
        .order_by(FeedbackRecord.handling_due_on, FeedbackRecord.id)
    ).all()
    out = []
    for rec, center_id in rows:
        assert rec.handling_due_on is not None
        out.append(OverdueComplaint(engagement_id=rec.engagement_id, feedback_id=rec.id, center_id=center_id,
                                    due_on=rec.handling_due_on, days_overdue=(today - rec.handling_due_on).days))
    return out


def all_of(session: Session, model: type[T], engagement_id: str) -> list[T]:
    return list(session.scalars(select(model).where(model.engagement_id == engagement_id)  # type: ignore[attr-defined]
                                .order_by(model.id)))  # type: ignore[attr-defined]
