"""Coordinators' review of the matcher's proposals: the queue, each proposal's explanation and evidence, and the
decisions (accept with alternates, decline with a structured reason, assign by hand, re-match).

The pipeline decides who may take which decision (``authz.tables.REVIEW_ROLES``) and which reviews a center
coordinator sees; the API adds the orchestration around it: re-running the matcher, marking the need matched, and
announcing ``match.accepted`` in the same transaction.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.deps import SessionDep, SettingsDep
from api.domain_deps import (
    Limit,
    Offset,
    ReviewDecider,
    ReviewDecliner,
    ReviewReader,
    aware,
    event_recipients,
    page,
    pipeline_actor,
)
from api.errors import error_responses
from api.matching import MatcherDep, proposals_for
from api.schemas import Page
from api.webhooks.service import emit
from api.webhooks.vocab import WebhookEvent
from api.work_schemas import AcceptIn, AssignIn, RejectIn, RematchIn
from flows import access
from intake import service as intake
from intake.schemas import NeedStatus
from pipeline import service as pipeline
from pipeline.schemas import ReviewView
from pipeline.vocab import ReviewStatus

router = APIRouter(prefix="/api/v1/reviews", tags=["coordination"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))


def _matched(session: Session, review: ReviewView) -> None:
    need = intake.get_need(session=session, need_id=review.need_id, coordinator=True)
    need.status = NeedStatus.matched
    intake.save_need(session=session, need=need)
    payload = {"need_id": review.need_id, "review_id": review.id, "center_id": review.accepted_center_id,
               "center_name": review.accepted_center_name, "engagement_id": review.engagement_id,
               "assigned_by_hand": review.assigned_by_hand}
    emit(session=session, event=WebhookEvent.match_accepted, payload=payload,
         org_ids=event_recipients(session, enterprise_id=review.enterprise_id, center_id=review.accepted_center_id))


@router.get("", response_model=Page[ReviewView])
def review_queue(session: SessionDep, actor: ReviewReader, status: ReviewStatus | None = ReviewStatus.pending,
                 limit: Limit = 20, offset: Offset = 0) -> Page[ReviewView]:
    """审核队列（默认待审核），最早在前 / the review queue (pending by default), oldest first."""
    reviews = pipeline.list_reviews(session=session, actor=pipeline_actor(actor), status=status)
    shown = page(reviews, limit=limit, offset=offset)
    shown.items = [access.review_for(session=session, principal=actor, review=r) for r in shown.items]
    return shown


@router.get("/{review_id}", response_model=ReviewView)
def get_review(review_id: str, session: SessionDep, actor: ReviewReader) -> ReviewView:
    """一份审核：每个建议的解释与证据，以及历轮 / one review: each proposal's reasons and evidence, every round."""
    review = pipeline.get_review(session=session, review_id=review_id, actor=pipeline_actor(actor))
    return aware(access.review_for(session=session, principal=actor, review=review))


@router.post("/{review_id}/accept", response_model=ReviewView)
def accept(review_id: str, body: AcceptIn, session: SessionDep, actor: ReviewDecider) -> ReviewView:
    pipeline.get_review(session=session, review_id=review_id, actor=pipeline_actor(actor))
    review = pipeline.accept(session=session, review_id=review_id, center_id=body.center_id,
                             actor=pipeline_actor(actor), alternates=body.alternates, version=body.version)
    _matched(session, review)
    return aware(review)


@router.post("/{review_id}/reject", response_model=ReviewView)
def reject(review_id: str, body: RejectIn, session: SessionDep, actor: ReviewDecliner) -> ReviewView:
    pipeline.get_review(session=session, review_id=review_id, actor=pipeline_actor(actor))
    review = pipeline.reject(session=session, review_id=review_id, actor=pipeline_actor(actor), reason=body.reason,
                             text=body.text, center_id=body.center_id, version=body.version)
    return aware(access.review_for(session=session, principal=actor, review=review))


@router.post("/{review_id}/assign", response_model=ReviewView)
def assign(review_id: str, body: AssignIn, session: SessionDep, actor: ReviewDecider) -> ReviewView:
    pipeline.get_review(session=session, review_id=review_id, actor=pipeline_actor(actor))
    review = pipeline.assign_by_hand(session=session, review_id=review_id, center_id=body.center_id,
                                     actor=pipeline_actor(actor), note=body.note, alternates=body.alternates,
                                     version=body.version)
    _matched(session, review)
    return aware(review)


@router.post("/{review_id}/rematch", response_model=ReviewView)
def rematch(review_id: str, body: RematchIn, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
            actor: ReviewDecider) -> ReviewView:
    """需求变更后重新匹配（保留历轮）/ re-run the matcher on the need as it is now; earlier rounds are kept."""
    who = pipeline_actor(actor)
    current = pipeline.get_review(session=session, review_id=review_id, actor=who)
    need = intake.get_need(session=session, need_id=current.need_id, coordinator=True)
    proposals = proposals_for(setup=setup, settings=settings, session=session, need=need)
    return aware(pipeline.rematch(session=session, review_id=review_id, actor=who, proposals=proposals, note=body.note,
                            version=body.version))
