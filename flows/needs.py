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
from intake import service as intake
from intake.schemas import Need, NeedStatus, PublicNeed
from pipeline import service as pipeline
from pipeline.schemas import Actor as PipelineActor
from pipeline.schemas import ReviewView
from pipeline.vocab import RejectReason, ReviewStatus
from pipeline.vocab import Role as PipelineRole

# The matcher files its proposals as the association's tool, not as any person.
MATCHER_ACTOR = PipelineActor(role=PipelineRole.association_coordinator, id="innodock-matcher")
SUBMITTABLE = (NeedStatus.draft, NeedStatus.ready)
WITHDRAWABLE = (NeedStatus.draft, NeedStatus.ready, NeedStatus.published)


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
    review = pipeline.submit_proposals(session=session, need_id=need_id, actor=MATCHER_ACTOR, proposals=proposals,
                                       enterprise_id=published.enterprise.id, enterprise_name=published.enterprise.name)
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
    need.status = NeedStatus.withdrawn
    return intake.save_need(session=session, need=need)
