"""Submitting a need: publish its redacted public view, propose providers, and queue it for the coordinators.

One transaction across three packages (intake publishes, the matcher proposes with the pipeline's and evaluation's
live signals, the pipeline queues the review), and ``need.published`` recorded in it. The JSON API's submit and the
chat page's submit both end here, so both publish and both announce.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from authz.principal import Principal
from core.errors import ConflictError
from core.settings import Settings
from flows import access
from flows.events import DomainEvent, Outbox
from flows.matching import MatcherSetup, proposals_for
from flows.reviews import announce_proposals, pipeline_actor
from intake import service as intake
from intake.schemas import Need, NeedEventView, NeedStatus, PublicNeed
from pipeline import service as pipeline
from pipeline.schemas import Actor as PipelineActor
from pipeline.schemas import ReviewView
from pipeline.vocab import RejectReason, ReviewStatus
from pipeline.vocab import Role as PipelineRole

# The matcher files its proposals as the association's tool, not as any person.
MATCHER_ACTOR = PipelineActor(role=PipelineRole.association_coordinator, id="innodock-matcher")
SUBMITTABLE = (NeedStatus.draft, NeedStatus.ready)
WITHDRAWABLE = (NeedStatus.draft, NeedStatus.ready, NeedStatus.published, NeedStatus.in_review)


@dataclass(frozen=True)
class Submitted:
    need: Need
    public: PublicNeed
    review: ReviewView


def submit_need(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal, need_id: str,
                outbox: Outbox) -> Submitted:
    """Only who acts for the enterprise submits; a need already submitted is a 409 ``already_submitted``."""
    need = access.writable_need(session=session, principal=principal, need_id=need_id)
    if need.status not in SUBMITTABLE:
        raise ConflictError(f"需求状态为 {need.status.value}，不能再次提交 / a {need.status.value} need cannot be "
                            "submitted again", field="status", code="already_submitted")
    public = intake.publish_need(session=session, need_id=need_id)
    published = intake.get_need(session=session, need_id=need_id, coordinator=True)
    outbox.record(session=session, event=DomainEvent.need_published, payload=public.model_dump(mode="json"),
                  parties=None)
    proposals = proposals_for(setup=matcher, settings=settings, session=session, need=published)
    earlier = pipeline.review_for_need(session=session, need_id=need_id, actor=MATCHER_ACTOR)
    if earlier is not None:  # sent back as unclear and submitted again: a new round of the same review
        review = pipeline.rematch(session=session, review_id=earlier.id, actor=MATCHER_ACTOR, proposals=proposals,
                                  note="企业补充后重新提交 / resubmitted by the enterprise", version=earlier.version)
    else:
        review = pipeline.submit_proposals(session=session, need_id=need_id, actor=MATCHER_ACTOR,
                                           proposals=proposals, enterprise_id=published.enterprise.id,
                                           enterprise_name=published.enterprise.name)
    intake.advance_need(session=session, need_id=need_id, transition="queue", by=pipeline_actor(principal))
    announce_proposals(session=session, review=review, outbox=outbox)
    return Submitted(need=intake.get_need(session=session, need_id=need_id, coordinator=True), public=public,
                     review=review)


def withdrawable(need: Need, review: ReviewView | None) -> bool:
    """Before a provider took it: a need in the queue can still be taken back (an engagement is withdrawn through
    its own workflow step)."""
    return need.status in WITHDRAWABLE and (review is None or review.status != ReviewStatus.accepted)


def withdraw_need(*, session: Session, principal: Principal, need_id: str) -> Need:
    """The enterprise (or whoever acts for it, in person) takes its need back; a pending review is closed with the
    reason, so no coordinator docks a need nobody wants any more."""
    need = access.writable_need(session=session, principal=principal, need_id=need_id, withdraw=True)
    if need.status not in WITHDRAWABLE:
        raise ConflictError(f"需求状态为 {need.status.value}，不能撤回 / a {need.status.value} need cannot be "
                            "withdrawn", field="status", code="need_locked")
    review = pipeline.review_for_need(session=session, need_id=need_id, actor=MATCHER_ACTOR)
    if review is not None and review.status == ReviewStatus.accepted:
        raise ConflictError("已有机构承接，请在对接流程中撤回 / a provider took it: withdraw the engagement",
                            field="status", code="engagement_open")
    if review is not None and review.status == ReviewStatus.pending:
        pipeline.reject(session=session, review_id=review.id, actor=MATCHER_ACTOR, reason=RejectReason.other,
                        text="企业撤回需求 / the enterprise withdrew the need", version=review.version)
    return intake.advance_need(session=session, need_id=need_id, transition="withdraw",
                               by=pipeline_actor(principal))


def history(*, session: Session, principal: Principal, need_id: str) -> list[NeedEventView]:
    """The need's lifecycle, for those who may read the need whole (coordinators' questions are in its notes)."""
    access.full_need(session=session, principal=principal, need_id=need_id)
    return intake.need_history(session=session, need_id=need_id)
