"""Taking a step of seed 000 Figure 1 on an engagement, whichever door it comes through.

A signed agreement with a confidentiality clause opens the need's details to the accepted center
(:func:`flows.access.open_details_on_agreement`), and every step is announced as ``engagement.state_changed`` to the
engagement's parties, in the step's transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from authz.tables import RECORD_ROLES
from authz.vocab import Role
from core import china_time
from core.errors import FieldErrors, InnodockError, NotFoundError, refuse_all
from core.settings import Settings
from evaluation import questionnaire
from flows import access, feed
from flows import intake as intake_flow
from flows.access import pipeline_actor
from flows.events import Outbox, Parties
from flows.reviews import announce_proposals, reachable
from inbox import service as inbox
from inbox.schemas import NoticeKind
from intake import service as intake
from kb import rules as kb_rules
from kb import service as kb
from kb.schemas import ExpertRecord
from outbox.vocab import DomainEvent
from pipeline import machine
from pipeline import service as pipeline
from pipeline.attachments import allowed_extensions
from pipeline.guards import in_agreement_order, price_above_budget
from pipeline.records import RECORD_STATES
from pipeline.schemas import Actor as PipelineActor
from pipeline.schemas import (
    DueAfterNeed,
    EngagementDetail,
    EngagementView,
    EventView,
    FeedbackView,
    HistoryCheck,
    MessageView,
    PriceAboveBudget,
)
from pipeline.vocab import on_behalf_of
from providers.workdays import add_workdays

# Engagement transitions (seed 000 Figure 1) that move the need's lifecycle (intake.lifecycle) along.
NEED_STEPS: dict[str, str] = {"countersign": "start", "pass_acceptance": "close"}
ENDINGS = frozenset({"withdraw", "terminate"})
SIGNINGS = frozenset({"sign_agreement", "countersign"})
V = TypeVar("V", bound=EngagementView)


def advance(*, session: Session, principal: Principal, engagement_id: str, transition: str, version: int,
            payload: dict[str, Any] | None, outbox: Outbox, today: date | None = None) -> EngagementView:
    who = pipeline_actor(principal, session)
    before = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)
    payload, price_refused = _price_read(payload)
    try:
        after = pipeline.advance(session=session, engagement_id=engagement_id, transition=transition, actor=who,
                                 version=version, payload=payload, today=today)
    except InnodockError as exc:
        if price_refused is None or not _about_the_agreement(exc):
            raise
        _said_with_the_price(exc, price_refused)
        raise
    if transition == "countersign":
        access.open_details_on_agreement(session=session, engagement=after, by=principal.audit_label())
    # The need moves on with its engagement: the countersigned agreement starts the service, acceptance closes it; an
    # engagement ended by the enterprise withdraws the need, one the provider left or the association ended re-docks
    # it (its review opens again with the alternates).
    need_step = NEED_STEPS.get(transition)
    if transition in ENDINGS:
        need_step = "withdraw" if principal.role == Role.enterprise else "redock"
    if need_step is not None and intake.need_allows(session=session, need_id=after.need_id, transition=need_step):
        note = str((payload or {}).get("reason") or (payload or {}).get("note") or "") or None
        if need_step == "redock" and after.review_id is not None:
            reopened = pipeline.redock(session=session, review_id=after.review_id, actor=who,
                                       departed_center_id=after.center_id, reason=note)
            announce_proposals(session=session, review=reopened, outbox=outbox)
        feed.advance_need(session=session, need_id=after.need_id, transition=need_step, by=who, note=note,
                          outbox=outbox)
    announced = {"engagement_id": after.id, "need_id": after.need_id, "center_id": after.center_id,
                 "transition": transition, "from_state": before.state, "state": after.state,
                 "version": after.version,
                 # who took it, and for whom when it is a party's step taken by someone else (the association's
                 # coordinator signing for the provider): its notices say so (flows.notices)
                 "actor_role": who.role.value, "on_behalf_of": [p.value for p in on_behalf_of(transition, who.role)]}
    outbox.record(session=session, event=DomainEvent.engagement_state_changed, payload=announced,
                  parties=Parties(enterprise_id=after.enterprise_id, center_id=after.center_id, need_id=after.need_id))
    shown = access.engagement_for(session=session, principal=principal, view=after)
    if transition not in SIGNINGS:
        return shown
    # signed or countersigned, the engagement's deadline is the agreement's: said when it is after the need's; its
    # price, when it is above the need's budget
    agreed = pipeline.latest_agreement_view(session=session, engagement_id=after.id)
    shown = _saying_price_above_budget(session, principal, shown, agreed.price_yuan if agreed else None)
    return _saying_due_after_need(session, shown, after.deadline)


_PLAIN_AMOUNT = re.compile(r"\s*\d+(?:\.\d+)?\s*")


def _price_read(payload: dict[str, Any] | None) -> tuple[dict[str, Any] | None, InnodockError | None]:
    """An agreement's price as typed ("15万", "十五万", "150,000"), read as every form reads an amount
    (:func:`flows.intake.read_amount`), whichever door it comes through: the page read it itself and refused an
    unreadable one alone, before the agreement's other fields. A plain number goes on as it came; an unreadable one
    goes on as typed (its record refuses it) and its reason is said with the agreement's other refusals."""
    agreement = (payload or {}).get("agreement")
    price = agreement.get("price_yuan") if isinstance(agreement, dict) else None
    if payload is None or not isinstance(agreement, dict) or not isinstance(price, str) or \
            _PLAIN_AMOUNT.fullmatch(price):
        return payload, None
    try:
        value = intake_flow.read_amount(text=price, field="agreement.price_yuan")
    except InnodockError as exc:
        return payload, exc
    return {**payload, "agreement": {**agreement, "price_yuan": None if value is None else str(value)}}, None


def _about_the_agreement(exc: InnodockError) -> bool:
    problems = exc.problems if isinstance(exc, FieldErrors) else [exc]
    return all((p.field or "").startswith("agreement") for p in problems)


def _said_with_the_price(exc: InnodockError, price: InnodockError) -> None:
    """The agreement's refusals with the price's reader's reason in place of its record's "invalid" (or missing)."""
    problems = exc.problems if isinstance(exc, FieldErrors) else [exc]
    refuse_all(in_agreement_order([price, *(p for p in problems if p.field not in ("agreement", price.field))]))


# How long the provider (or the association) has to record a complaint's handling, in working days on China's
# official calendar. The seeds ask for complaints to be handled (seed 001 §5.2.9: 服务提供者对客户投诉的处理) but set
# no time; this is the project's reading, borrowing the shortest deadline the seeds do set, seed 003 art. 18's
# 5 working days for a report to the association.
COMPLAINT_HANDLING_WORKDAYS = 5


def file_feedback(*, session: Session, principal: Principal, engagement_id: str, satisfaction: int | str | None,
                  complaint: str | None, outbox: Outbox, answers: dict[str, int] | None = None,
                  today: date | None = None) -> FeedbackView:
    """The client's satisfaction (1–5), its five-grade questionnaire (once, after acceptance:
    ``evaluation.questionnaire``) and/or complaint (seed 001 §5.2.7, §5.2.9): evaluation reads these records; a
    complaint is announced to the engagement's parties with its handling deadline, so the provider handles it, and
    ``announce_overdue`` reminds them once it has passed. The stars as a form sends them ("4") are checked with the
    complaint, every wrong one said at once (``pipeline.records.record_feedback``), nothing kept of a refusal."""
    who = pipeline_actor(principal, session)
    engagement = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)  # others: 404
    checked = questionnaire.check_answers(answers) if answers is not None else None
    # Counted from the day the complaint is filed: the day its record is stamped with (``china_time.today`` reads
    # ``core.db.utcnow``, which a played history sets to the step's moment), not the server's clock, or the demo's
    # complaint of 2026-03-18 was "due" five working days after the install and never overdue.
    filed_on = today or china_time.today()
    due = add_workdays(filed_on, COMPLAINT_HANDLING_WORKDAYS).due_on if complaint else None
    filed = pipeline.record_feedback(session=session, engagement_id=engagement_id, actor=who,
                                    feedback={k: v for k, v in (("satisfaction", satisfaction), ("answers", checked),
                                                                ("complaint", complaint)) if v is not None},
                                    handling_due_on=due)
    if filed.complaint:
        outbox.record(session=session, event=DomainEvent.complaint_filed,
                      payload={"engagement_id": engagement.id, "need_id": engagement.need_id,
                               "center_id": engagement.center_id, "feedback_id": filed.id,
                               "handling_due_on": due.isoformat() if due else None},
                      parties=Parties(enterprise_id=engagement.enterprise_id, center_id=engagement.center_id,
                                      need_id=engagement.need_id))
    if filed.satisfaction is not None or checked is not None:  # the provider is told it was rated (not the answers)
        outbox.record(session=session, event=DomainEvent.engagement_rated,
                      payload={"engagement_id": engagement.id, "need_id": engagement.need_id,
                               "center_id": engagement.center_id, "feedback_id": filed.id,
                               "satisfaction": filed.satisfaction, "questionnaire": checked is not None},
                      parties=Parties(enterprise_id=engagement.enterprise_id, center_id=engagement.center_id,
                                      need_id=engagement.need_id))
    return filed


# The default of ``Settings.complaint_confirm_days`` (why 15: there), for a caller that hands in no settings.
COMPLAINT_CONFIRM_DAYS: int = Settings.model_fields["complaint_confirm_days"].default


def confirm_by(feedback: FeedbackView, confirm_days: int) -> date | None:
    """The last day the client has to confirm (or reopen) a handled complaint; after it the association may close
    it. None unless the complaint awaits the client's confirmation."""
    if feedback.complaint_state != "handled" or feedback.handled_at is None:
        return None
    return pipeline.confirmation_due(feedback.handled_at, confirm_days)


def _announce_complaint(session: Session, outbox: Outbox, event: DomainEvent, engagement: EngagementView,
                        feedback_id: int, **more: Any) -> None:
    outbox.record(session=session, event=event,
                  payload={"engagement_id": engagement.id, "need_id": engagement.need_id,
                           "center_id": engagement.center_id, "feedback_id": feedback_id, **more},
                  parties=Parties(enterprise_id=engagement.enterprise_id, center_id=engagement.center_id,
                                  need_id=engagement.need_id))


def handle_complaint(*, session: Session, principal: Principal, engagement_id: str, feedback_id: int,
                     handling: str, resolved: bool, outbox: Outbox,
                     confirm_days: int = COMPLAINT_CONFIRM_DAYS) -> FeedbackView:
    """The provider (or the association) answers a complaint: the complaint-handling indicator of seed 001 reads
    how many complaints were handled. Resolved, it awaits the client's confirmation (``pipeline.complaints``);
    ``complaint.handled`` tells the client, with the day it has to answer by."""
    who = pipeline_actor(principal, session)
    engagement = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)
    handled = pipeline.record_complaint_handling(session=session, engagement_id=engagement_id,
                                                 feedback_id=feedback_id, actor=who, handling=handling,
                                                 resolved=resolved)
    due = confirm_by(handled, confirm_days)
    _announce_complaint(session, outbox, DomainEvent.complaint_handled, engagement, feedback_id, resolved=resolved,
                        confirm_by=due.isoformat() if due else None)
    return handled


def confirm_complaint(*, session: Session, principal: Principal, engagement_id: str, feedback_id: int,
                      outbox: Outbox, note: str | None = None) -> FeedbackView:
    """The client confirms the provider's handling: the complaint is closed, and the provider told."""
    who = pipeline_actor(principal, session)
    engagement = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)
    closed = pipeline.confirm_complaint(session=session, engagement_id=engagement_id, feedback_id=feedback_id,
                                        actor=who, note=note)
    _announce_complaint(session, outbox, DomainEvent.complaint_closed, engagement, feedback_id, how="confirm")
    return closed


def reopen_complaint(*, session: Session, principal: Principal, engagement_id: str, feedback_id: int, reason: str,
                     outbox: Outbox) -> FeedbackView:
    """The client does not accept the handling, saying why: the complaint is open again, and the provider and the
    association are told to handle it once more."""
    who = pipeline_actor(principal, session)
    engagement = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)
    reopened = pipeline.reopen_complaint(session=session, engagement_id=engagement_id, feedback_id=feedback_id,
                                         actor=who, reason=reason)
    _announce_complaint(session, outbox, DomainEvent.complaint_reopened, engagement, feedback_id)
    return reopened


def close_complaint(*, session: Session, principal: Principal, engagement_id: str, feedback_id: int, today: date,
                    outbox: Outbox, confirm_days: int = COMPLAINT_CONFIRM_DAYS,
                    note: str | None = None) -> FeedbackView:
    """The association closes a handled complaint the client left unanswered past ``confirm_days``
    (``Settings.complaint_confirm_days``); recorded as closed by the association after the period, and both sides
    told."""
    who = pipeline_actor(principal, session)
    engagement = pipeline.get_engagement(session=session, engagement_id=engagement_id, actor=who)
    closed = pipeline.close_lapsed_complaint(session=session, engagement_id=engagement_id, feedback_id=feedback_id,
                                             actor=who, today=today, period_days=confirm_days, note=note)
    _announce_complaint(session, outbox, DomainEvent.complaint_closed, engagement, feedback_id, how="close_lapsed")
    return closed


# Who reads the overdue list: the platform itself (every engagement), as the association does.
OVERDUE_READER = PipelineActor(role=Role.admin, id="innodock-overdue")


def announce_overdue(*, session: Session, today: date, outbox: Outbox) -> int:
    """Once a day per engagement past its deadline: ``engagement.overdue`` to its parties (and so the inbox of whoever
    has the next step); once a day per complaint not handled by its deadline: ``complaint.overdue``. Returns how many
    were announced; running it again the same day announces nothing."""
    day = today.isoformat()
    count = 0
    for item in pipeline.overdue_engagements(session=session, today=today):
        if inbox.already_notified(session=session, kind=NoticeKind.overdue.value,
                                  refs={"engagement_id": item.engagement_id, "day": day}):
            continue
        eng = pipeline.get_engagement(session=session, engagement_id=item.engagement_id, actor=OVERDUE_READER)
        outbox.record(session=session, event=DomainEvent.engagement_overdue,
                      payload={"engagement_id": eng.id, "need_id": eng.need_id, "center_id": eng.center_id,
                               "state": item.state, "deadline": item.deadline.isoformat(),
                               "days_overdue": item.days_overdue, "day": day},
                      parties=Parties(enterprise_id=eng.enterprise_id, center_id=eng.center_id, need_id=eng.need_id))
        count += 1
    for late in pipeline.overdue_complaints(session=session, today=today):
        if inbox.already_notified(session=session, kind=NoticeKind.complaint.value,
                                  refs={"feedback_id": str(late.feedback_id), "day": day}):
            continue
        eng = pipeline.get_engagement(session=session, engagement_id=late.engagement_id, actor=OVERDUE_READER)
        outbox.record(session=session, event=DomainEvent.complaint_overdue,
                      payload={"engagement_id": eng.id, "need_id": eng.need_id, "center_id": eng.center_id,
                               "feedback_id": late.feedback_id, "handling_due_on": late.due_on.isoformat(),
                               "days_overdue": late.days_overdue, "day": day},
                      parties=Parties(enterprise_id=eng.enterprise_id, center_id=eng.center_id, need_id=eng.need_id))
        count += 1
    return count


# ---- what the parties read ----

def engagements(*, session: Session, principal: Principal, state: str | None = None, center_id: str | None = None,
                today: date | None = None, overdue_only: bool = False, limit: int | None = None,
                offset: int = 0) -> tuple[list[EngagementView], int]:
    """The engagements the caller is party to (association staff: all), each as the caller may read it, a page of
    them with the total (``overdue_only``: those past their deadline on ``today``)."""
    rows = pipeline.list_engagements(session=session, actor=pipeline_actor(principal, session), state=state,
                                     center_id=center_id, today=today, overdue_only=overdue_only)
    window = rows[offset:] if limit is None else rows[offset: offset + limit]
    return access.engagements_for(session=session, principal=principal, views=window), len(rows)


def board(*, session: Session, principal: Principal, today: date | None = None, limit: int | None = None,
          offset: int = 0) -> dict[str, tuple[list[EngagementView], int]]:
    """The caller's engagements by state, every state of the machine listed (in its order): a page of each column
    (``limit`` from ``offset``, in the list's order) with the column's total. Only the pages' engagements are read
    as the caller may read them (a province's board held 461, 2026-11-28)."""
    columns: dict[str, list[EngagementView]] = {s: [] for s in machine.states()}
    for row in pipeline.list_engagements(session=session, actor=pipeline_actor(principal, session), today=today):
        columns.setdefault(row.state, []).append(row)
    windows = {state: rows[offset:] if limit is None else rows[offset: offset + limit]
               for state, rows in columns.items()}
    seen = iter(access.engagements_for(session=session, principal=principal,
                                       views=[row for rows in windows.values() for row in rows]))
    return {state: ([next(seen) for _ in window], len(columns[state])) for state, window in windows.items()}


def detail(*, session: Session, principal: Principal, engagement_id: str,
           today: date | None = None) -> EngagementDetail:
    """One engagement: its records, its history and the steps the caller may take now."""
    found = pipeline.show_engagement(session=session, engagement_id=engagement_id,
                                     actor=pipeline_actor(principal, session), today=today)
    shown = access.engagement_for(session=session, principal=principal, view=found)
    shown = _saying_price_above_budget(session, principal, shown, found.agreement.price_yuan if found.agreement
                                       else None)
    return _saying_due_after_need(session, shown, found.agreement.deadline if found.agreement else None)


def history(*, session: Session, principal: Principal, engagement_id: str) -> list[EventView]:
    return pipeline.history(session=session, engagement_id=engagement_id, actor=pipeline_actor(principal, session))


def verify(*, session: Session, engagement_id: str) -> HistoryCheck:
    """The stored history replayed through the machine, against the stored state."""
    return pipeline.verify_history(session=session, engagement_id=engagement_id)


@dataclass(frozen=True)
class EngagementPage:
    """Everything the engagement page shows, and which of its forms the caller may use now."""

    detail: EngagementDetail
    need: access.NeedRead | None  # at the caller's level; None for a center that left the need (it reads the rest)
    thread: list[MessageView]
    experts: list[ExpertRecord]  # the provider's experts: the team form's choices, the team on record's names
    # Each expert as a lead (seed 000 §4.2.1, kb.rules.qualifies_as_lead, the rule the team's check applies): the
    # lead's choices say who qualifies and why not before the form is sent (a new user's trial, 2026-11-29)
    as_lead: dict[str, kb_rules.RuleResult]
    may_message: bool  # the thread is open until the engagement ends
    may_feedback: bool  # the client's survey and complaint (seed 001 §5.2.9)
    # The overall satisfaction is asked once the results are accepted (or the engagement ended otherwise): a complaint
    # may come from delivery on, the stars stood beside it before anything was accepted (a new user's trial,
    # 2026-11-29)
    may_rate: bool
    questions: list[questionnaire.Question]  # the five-grade questionnaire, while the client may still answer it
    may_handle: bool  # the provider's (or the association's) handling of a complaint
    may_case: bool  # the client's consent to show the engagement as a typical case (flows.cases)
    file_kinds: str  # the extensions an attachment may have (checked by content, pipeline.attachments)
    # Per complaint (feedback id): the steps of pipeline.complaints the caller may take now (the association's
    # closing only once the client's confirmation period is over), and the day the client has to answer by.
    complaint_steps: dict[int, list[str]]
    confirm_by: dict[int, date]
    # (the agreement's 完成期限, the need's deadline, the agreement's stage) when the first is after the second
    # (:func:`due_after_need`, said by :func:`due_after_need_text`)
    due_after_need: tuple[date, date, str] | None = None
    # (the agreement's price, the need's budget maximum, the agreement's stage) when the first is above the second
    # (:func:`price_above_budget_text`)
    price_above_budget: tuple[Decimal, int, str] | None = None
    names_client: bool = False  # :func:`names_client`
    # Nobody can log in for the provider (flows.reviews.reachable) while the engagement runs: a need assigned by hand
    # to a center with no coordinator stood stuck without a word (a new user's trial, 2026-11-30)
    nobody_at_center: bool = False


def names_client(view: EngagementDetail) -> bool:
    """Whether the page names the agreement's client by its name where the agreement names it by the review's
    reference (委托方-…, ``pipeline.schemas.client_reference``: a provider signs a confidential need's agreement
    before its details are open to it). Once the enterprise countersigned it, to a reader who may know who the
    client is: the ``enterprise_name`` ``access.engagement_for`` leaves by ``authz.policy`` (a provider from the
    details' opening on, seed 000 §5.2.4); the provider before, and everyone outside the engagement, never (a new
    user's trial, 2026-11-29: the signed agreement named the client by its reference to both parties)."""
    return view.agreement is not None and view.enterprise_name is not None and any(
        e.transition == "countersign" for e in view.events)


def due_after_need(agreement_deadline: date | None, need_deadline: date | None) -> tuple[date, date] | None:
    """The agreement's 完成期限 and the need's deadline when the agreement is due after the need asked: said on the
    engagement page, to the provider that signs and the enterprise that countersigns, not refused (the parties may
    agree a later day). A need that said 2026-12-09 was signed for 2027-01-20 without a word, and the page then showed
    both dates under one label (a new user's trial in Chromium, 2026-11-29)."""
    if agreement_deadline is None or need_deadline is None or agreement_deadline <= need_deadline:
        return None
    return agreement_deadline, need_deadline


# What the later date means at each step of the agreement (a new user's trial, 2026-11-30: before the enterprise
# countersigned, the banner said "双方已商定可照此办理", though it had not agreed yet). One text per stage, for the
# page, the API's message and the terminal alike.
DUE_AFTER_NEED_SAID: dict[str, tuple[str, str]] = {
    # a draft, or an agreement returned for changes: nobody has signed it
    "draft": ("协议完成期限 {agreed} 晚于需求期望期限 {need}：协议尚未签署，请双方在签署前商定此期限。",
              "The agreed completion date {agreed} is later than the deadline the need asked for ({need}): the "
              "agreement is not signed yet; settle the date with each other before signing."),
    # signed by the provider, awaiting the enterprise's countersignature
    "signed": ("协议完成期限 {agreed} 晚于需求期望期限 {need}：企业尚未同意此期限，会签即表示同意；如不同意，请在会签前"
               "退回修改。",
               "The agreed completion date {agreed} is later than the deadline the need asked for ({need}): the "
               "enterprise has not agreed to it yet; countersigning accepts it, otherwise return the agreement for "
               "changes before countersigning."),
    "countersigned": ("协议完成期限 {agreed} 晚于需求期望期限 {need}：企业已会签协议，双方已商定照此办理。",
                      "The agreed completion date {agreed} is later than the deadline the need asked for ({need}): "
                      "the enterprise countersigned the agreement, so both sides agreed to it."),
}


def agreement_stage(state: str, countersigned: bool) -> str:
    """Where the agreement stands, for :data:`DUE_AFTER_NEED_SAID`: countersigned (the engagement got past
    ``countersign``), signed (awaiting the countersignature), else a draft."""
    if countersigned:
        return "countersigned"
    return "signed" if state == "awaiting_countersignature" else "draft"


def due_after_need_text(agreed: date, need: date, stage: str, lang: str) -> str:
    """What :func:`due_after_need` says at the agreement's ``stage``, in one language (the page's)."""
    text = DUE_AFTER_NEED_SAID[stage][0 if lang == "zh" else 1]
    return text.replace("{agreed}", agreed.isoformat()).replace("{need}", need.isoformat())


def due_after_need_said(agreed: date, need: date, stage: str) -> str:
    """What :func:`due_after_need` says where no page does (the API's engagement, the terminal), in both languages."""
    return f"{due_after_need_text(agreed, need, stage, 'zh')} / {due_after_need_text(agreed, need, stage, 'en')}"


# The states an engagement is in only once its agreement was countersigned (signed by both parties).
_AFTER_COUNTERSIGN = frozenset({"contracted", "team_formed", "plan_review", "plan_revision", "delivering",
                                "acceptance", "closed"})


def _countersigned(view: EngagementView) -> bool:
    """Whether the agreement was countersigned: from the history when the view has it (an ended engagement), else
    from its state (after a signing step, the view :func:`advance` returns)."""
    events = view.events if isinstance(view, EngagementDetail) else None
    if events is not None:
        last = max((e.seq for e in events if e.transition == "countersign"), default=None)
        returned = max((e.seq for e in events if e.transition in ("return_agreement", "sign_agreement")),
                       default=None)
        return last is not None and (returned is None or returned < last)
    return view.state in _AFTER_COUNTERSIGN


def _saying_due_after_need(session: Session, view: V, agreed: date | None) -> V:
    """``view`` with :func:`due_after_need` said (``due_after_need``): the need's deadline as every party of its
    engagement may read it (a center's view of the need carries it; no operator's read of the whole need), in the
    words true at the agreement's stage (:func:`agreement_stage`)."""
    if agreed is None:
        return view
    said = due_after_need(agreed, intake.center_view(session=session, need_id=view.need_id).deadline)
    if said is None:
        return view
    stage = agreement_stage(view.state, _countersigned(view))
    return view.model_copy(update={"due_after_need": DueAfterNeed(agreed=said[0], need=said[1], stage=stage,
                                                                  message=due_after_need_said(*said, stage))})


# What an agreement priced above its need's budget means at each stage (:func:`agreement_stage`), as
# :data:`DUE_AFTER_NEED_SAID` says a later date: for the page, the API's message and the terminal alike.
PRICE_ABOVE_BUDGET_SAID: dict[str, tuple[str, str]] = {
    "draft": ("协议价格 {price}高于需求预算上限 {budget}：协议尚未签署，请双方在签署前商定价格。",
              "The agreement's price of {price} is above the need's budget maximum of {budget}: the agreement is not "
              "signed yet; settle the price with each other before signing."),
    "signed": ("协议价格 {price}高于需求预算上限 {budget}：企业尚未同意此价格，会签即表示同意；如不同意，请在会签前"
               "退回修改。",
               "The agreement's price of {price} is above the need's budget maximum of {budget}: the enterprise has "
               "not agreed to it yet; countersigning accepts it, otherwise return the agreement for changes before "
               "countersigning."),
    "countersigned": ("协议价格 {price}高于需求预算上限 {budget}：企业已会签协议，双方已商定此价格。",
                      "The agreement's price of {price} is above the need's budget maximum of {budget}: the "
                      "enterprise countersigned the agreement, so both sides agreed to it."),
}


def _amount(yuan: Decimal | int, lang: str) -> str:
    """An amount as the warning says it: "4.8 万元" (a need's budget is said in 万), "RMB 48,000"."""
    if lang == "zh":
        return (f"{format((Decimal(yuan) / 10_000).normalize(), 'f')} 万元" if yuan >= 10_000
                else f"{format(Decimal(yuan).normalize(), 'f')} 元")
    return f"RMB {Decimal(yuan).normalize():,f}"


def price_above_budget_text(price: Decimal, budget: int, stage: str, lang: str) -> str:
    """What an agreement priced above its need's budget says at the agreement's ``stage``, in one language."""
    text = PRICE_ABOVE_BUDGET_SAID[stage][0 if lang == "zh" else 1]
    return text.replace("{price}", _amount(price, lang)).replace("{budget}", _amount(budget, lang))


def price_above_budget_said(price: Decimal, budget: int, stage: str) -> str:
    """:func:`price_above_budget_text` where no page says it (the API's engagement, the terminal): both languages."""
    zh, en = (price_above_budget_text(price, budget, stage, lang) for lang in ("zh", "en"))
    return f"{zh} / {en}"


def _budget_max_for(session: Session, principal: Principal, need_id: str) -> int | None:
    """The need's budget maximum in yuan as ``principal`` may read it: a confidential need's figure is held back from
    a provider its details are not open to (it reads a band, ``intake.publish.center_view``), so it is not told what
    the figure is by a warning either. None: no figure (none stated, another currency, or not the reader's)."""
    need = intake.get_need(session=session, need_id=need_id, coordinator=True)
    if need.budget.max_yuan is None or need.budget.currency != "CNY":
        return None
    if need.confidential and policy.need_detail(
            principal, access.need_facts(session=session, need_id=need_id, principal=principal)) != policy.Detail.full:
        return None
    return need.budget.max_yuan


def _saying_price_above_budget(session: Session, principal: Principal, view: V, price: Decimal | None) -> V:
    """``view`` with the agreement's price said when it is above the need's budget maximum
    (``pipeline.guards.price_above_budget``, the check beside the agreement's), in the words true at the agreement's
    stage, to whoever may read the budget's figure (:func:`_budget_max_for`)."""
    if price is None:
        return view
    budget = _budget_max_for(session, principal, view.need_id)
    if budget is None or not price_above_budget(price, budget):
        return view
    stage = agreement_stage(view.state, _countersigned(view))
    return view.model_copy(update={"price_above_budget": PriceAboveBudget(
        price_yuan=price, budget_max_yuan=budget, stage=stage, message=price_above_budget_said(price, budget, stage))})


def complaint_state_labels(lang: str) -> dict[str, str]:
    """A complaint's states in one language (``pipeline.complaints.COMPLAINT``)."""
    return pipeline.COMPLAINT.state_labels(lang)


def complaint_step_labels(lang: str) -> dict[str, str]:
    """A complaint's steps (and its filing) in one language, as its history names them."""
    return pipeline.COMPLAINT.step_labels(lang)


def _complaint_steps(feedback: FeedbackView, role: Role, state: str, today: date, confirm_days: int) -> list[str]:
    if not feedback.complaint or feedback.complaint_state is None or state not in RECORD_STATES["complaint_handling"]:
        return []
    steps = pipeline.COMPLAINT.allowed(feedback.complaint_state, role)
    due = confirm_by(feedback, confirm_days)
    return [s for s in steps if s != "close_lapsed" or (due is not None and today > due)]


def page(*, session: Session, principal: Principal, engagement_id: str, today: date,
         confirm_days: int = COMPLAINT_CONFIRM_DAYS) -> EngagementPage:
    shown = detail(session=session, principal=principal, engagement_id=engagement_id, today=today)
    role = pipeline_actor(principal, session).role
    complaints = [f for f in shown.feedback if f.complaint]
    experts = (kb.list_experts(session=session, center_id=shown.center_id)
               if "form_team" in shown.allowed_transitions or shown.team else [])
    try:
        need: access.NeedRead | None = access.read_need(session=session, principal=principal, need_id=shown.need_id)
    except NotFoundError:
        need = None
    posted = pipeline.list_messages(session=session, engagement_id=shown.id, actor=pipeline_actor(principal, session))
    thread = access.thread_for(session=session, principal=principal, need_id=shown.need_id, thread=posted)
    return EngagementPage(
        detail=shown, need=need, thread=thread, experts=experts, file_kinds=allowed_extensions(),
        as_lead={x.id: kb_rules.qualifies_as_lead(x) for x in experts},
        may_message=shown.state not in machine.final_states(),
        may_feedback=role in RECORD_ROLES["feedback"] and shown.state in RECORD_STATES["feedback"],
        may_rate=role in RECORD_ROLES["feedback"] and shown.state in RATED_STATES,
        questions=questionnaire.questions() if role in RECORD_ROLES["feedback"] and shown.state == "closed"
        and not any(f.answers for f in shown.feedback) else [],
        may_handle=role in RECORD_ROLES["complaint_handling"] and shown.state in RECORD_STATES["complaint_handling"],
        may_case=role in RECORD_ROLES["case_consent"] and shown.state in RECORD_STATES["case_consent"],
        complaint_steps={f.id: _complaint_steps(f, role, shown.state, today, confirm_days) for f in complaints},
        confirm_by={f.id: due for f in complaints if (due := confirm_by(f, confirm_days)) is not None},
        due_after_need=(late.agreed, late.need, late.stage) if (late := shown.due_after_need) is not None else None,
        price_above_budget=(dear.price_yuan, dear.budget_max_yuan, dear.stage)
        if (dear := shown.price_above_budget) is not None else None,
        names_client=names_client(shown),
        nobody_at_center=shown.state not in machine.final_states()
        and shown.center_id not in reachable(session=session, center_ids=[shown.center_id]))


RATED_STATES = frozenset({"closed", "terminated"})  # the stars' states: the results accepted, or an ending
RECORD_KINDS = ("agreement", "team", "delivery")


def file_record(*, session: Session, principal: Principal, engagement_id: str, kind: str,
                data: dict[str, Any]) -> BaseModel:
    """File the record the next step will use (a draft agreement, the team, the delivery) before taking it; the
    step's guard reads it when its payload leaves it out (``pipeline.guards``)."""
    who = pipeline_actor(principal, session)
    if kind == "agreement":
        return pipeline.record_agreement(session=session, engagement_id=engagement_id, actor=who, agreement=data)
    if kind == "team":
        return pipeline.record_team(session=session, engagement_id=engagement_id, actor=who, team=data)
    if kind == "delivery":
        return pipeline.record_delivery(session=session, engagement_id=engagement_id, actor=who, delivery=data)
    raise InnodockError(f"记录类型应为 {', '.join(RECORD_KINDS)} / unknown kind {kind!r}", field="kind")
