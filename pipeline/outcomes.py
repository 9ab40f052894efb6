"""Engagement outcomes for evaluation (seed 001 §5.2.4 服务结果) and the full detail of one engagement.

Definitions: first-try acceptance = the verdict of the first acceptance round passed; on time = closed on or before
the agreement's deadline; repeat client = the client had an earlier engagement with the same center; a complaint is
handled once a coordinator recorded its handling, resolved when marked so.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import china_time
from pipeline.engagements import allowed_for, history, load_visible, view
from pipeline.guards import PLAN_REVIEWS, reviews_own_plan
from pipeline.models import (
    AcceptanceVerdict,
    AgreementRecord,
    DeliveryRecord,
    Engagement,
    FeedbackRecord,
    PlanReviewRecord,
    TeamRecord,
)
from pipeline.records import (
    agreement_view,
    all_of,
    delivery_view,
    feedback_view,
    plan_review_view,
    team_view,
    verdict_view,
)
from pipeline.schemas import Actor, EngagementDetail, EngagementOutcome, ProposedTeam


def show_engagement(
    *, session: Session, engagement_id: str, actor: Actor, today: date | None = None
) -> EngagementDetail:
    row = load_visible(session, engagement_id, actor)
    agreements = all_of(session, AgreementRecord, row.id)
    teams = all_of(session, TeamRecord, row.id)
    events = history(session=session, engagement_id=row.id, actor=actor)
    return EngagementDetail(
        **view(row, today=today).model_dump(),
        allowed_transitions=[t for t in allowed_for(row, actor)
                             if t not in PLAN_REVIEWS or not reviews_own_plan(session, row, actor)],
        agreement=agreement_view(agreements[-1]) if agreements else None,
        team=team_view(teams[-1]) if teams else None,
        proposed_team=ProposedTeam.model_validate(row.proposed_team) if row.proposed_team else None,
        plan_reviews=[plan_review_view(r) for r in all_of(session, PlanReviewRecord, row.id)],
        deliveries=[delivery_view(r) for r in all_of(session, DeliveryRecord, row.id)],
        verdicts=[verdict_view(r) for r in all_of(session, AcceptanceVerdict, row.id)],
        feedback=[feedback_view(r) for r in all_of(session, FeedbackRecord, row.id)],
        events=events,
    )


def engagement_outcomes(
    *, session: Session, center_id: str | None = None, closed_only: bool = False
) -> list[EngagementOutcome]:
    """One outcome per engagement (per center when ``center_id`` is given), oldest first."""
    everyone = list(session.scalars(select(Engagement).order_by(Engagement.created_at, Engagement.id)))
    rows = [r for r in everyone if (center_id is None or r.center_id == center_id)
            and (not closed_only or r.state == "closed")]
    ids = [r.id for r in rows]
    verdicts: dict[str, list[AcceptanceVerdict]] = defaultdict(list)
    feedback: dict[str, list[FeedbackRecord]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for v in session.scalars(select(AcceptanceVerdict).where(AcceptanceVerdict.engagement_id.in_(chunk))
                                 .order_by(AcceptanceVerdict.round, AcceptanceVerdict.id)):
            verdicts[v.engagement_id].append(v)
        for f in session.scalars(select(FeedbackRecord).where(FeedbackRecord.engagement_id.in_(chunk))
                                 .order_by(FeedbackRecord.id)):
            feedback[f.engagement_id].append(f)
    # A repeat client had an earlier engagement with the same center, counted over the whole table.
    earlier: dict[tuple[str, str], int] = defaultdict(int)
    position: dict[str, int] = {}
    for r in everyone:
        key = (r.center_id, r.enterprise_id or "")
        position[r.id] = earlier[key]
        earlier[key] += 1
    out: list[EngagementOutcome] = []
    for r in rows:
        scores = [f.satisfaction for f in feedback[r.id] if f.satisfaction is not None]
        answered = next((dict(f.answers) for f in feedback[r.id] if f.answers), {})
        complaints = [f for f in feedback[r.id] if f.complaint]
        closed_on = china_time.local(r.closed_at).date() if r.closed_at and r.state == "closed" else None
        first = verdicts[r.id][0] if verdicts[r.id] else None
        out.append(EngagementOutcome(
            engagement_id=r.id, center_id=r.center_id, client_id=r.enterprise_id or "", closed_on=closed_on,
            due_on=r.deadline, accepted_first_try=first.passed if first else None,
            satisfaction=float(scores[-1]) if scores else None, answers=answered, complaints=len(complaints),
            complaints_resolved=sum(1 for c in complaints if c.resolved), state=r.state,
            on_time=(closed_on <= r.deadline) if closed_on and r.deadline else None,
            repeat_client=bool(r.enterprise_id) and position[r.id] > 0,
            complaint=bool(complaints), complaints_handled=all(c.handling for c in complaints),
        ))
    return out
