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
from pipeline.vocab import Role as PipelineRole

# The matcher files its proposals as the association's tool, not as any person.
MATCHER_ACTOR = PipelineActor(role=PipelineRole.association_coordinator, id="innodock-matcher")
SUBMITTABLE = (NeedStatus.draft, NeedStatus.ready)


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
