"""Needs offered to providers (issue 28, item 6): a provider's page of the published needs that fit it, and its
"can help".

When a need is published, the same matcher that proposes providers to the association ranks the providers for it
from what a provider may read of it (``intake.center_view``: never a marked or confidential detail), and the
providers it fits (among the best :data:`OFFER_TOP_K`, with a fit of at least :data:`FIT_FLOOR`, the matcher's own
band 中) are kept as offers (``pipeline.service.record_offers``). A provider reads each only as the public does — the
published view, the redaction every reader of the feed gets — with its fit and, of the matcher's key terms, only
those the public view itself holds. A confidential need, ranked on its published summary alone, is seldom offered:
that is the price of being offered revealing nothing. Each provider is told of a new fitting need (``need.offered``,
its inbox and its webhooks) at most ``Settings.opportunity_daily_cap`` times a day; a provider already proposed for
the need heard of it as a proposal and is not told twice. Every fitting need stays on the provider's page, best fit
first, with which of its experts fit it (the matcher's team proposal, from the same view).

A provider that can help says so with a short note (:func:`can_help`); the association reads it on the need's
review (``ReviewView.can_help``), beside the matcher's proposals, and may accept it by assigning by hand.

Who may read a provider's opportunities is ``authz.policy``'s: the action ``opportunity.read`` (its coordinators,
the association) and, for a center coordinator, its own center only (``check_own_center``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core import china_time
from core.errors import InnodockError, NotFoundError
from core.settings import Settings
from flows.access import pipeline_actor
from flows.events import Outbox, Parties
from flows.explanations import explain_proposal
from flows.matching import MatcherSetup, match_needs, propose_team
from inbox import service as inbox
from intake import service as intake
from intake.schemas import PublicNeed
from kb import service as kb
from matcher.explain import LOW_BELOW
from matcher.schemas import MatchQuery, MatchResult
from outbox.vocab import DomainEvent
from pipeline import service as pipeline
from pipeline.schemas import MatchProposal, OfferView

# How many providers a published need is offered to at most: the matcher's best ten for its public view.
OFFER_TOP_K = 10
# "Fits": a fit of at least the matcher's band 中 (matcher.explain: under 50 is 低, a match the matcher itself doubts).
FIT_FLOOR = LOW_BELOW
NOTE_MAX = 500
# The experts are matched for the best needs on the page only: one query embedding each, so a provider with many
# opportunities does not wait for all of them.
EXPERTS_FOR = 20


class ExpertFit(BaseModel):
    """One of the provider's experts who fits the need (the matcher's team proposal: lead or member)."""

    expert_id: str
    name: str
    role: str
    relevance: float


class Opportunity(BaseModel):
    """A published need that fits the provider, as the provider may read it: the public view only."""

    need: PublicNeed
    fit: int = Field(description="0–100, the matcher's fit of this provider for the need's public view")
    band: str
    rank: int = Field(description="where the matcher put this provider among those the need fits (1: best)")
    key_terms: list[str] = Field(default_factory=list)
    offered_at: datetime
    notified: bool = Field(description="whether the provider was told of it (a notice and a webhook)")
    proposed: bool = Field(description="the association's matcher proposed this provider for the need too")
    help_note: str | None = None
    help_at: datetime | None = None
    experts: list[ExpertFit] = Field(default_factory=list)
    deadline_passed: bool = Field(default=False, description="the need's deadline is before today (China's date): "
                                                             "listed after the needs still in time")


def _query(session: Session, need_id: str) -> MatchQuery:
    """The need as a provider may read it (``intake.center_view``: a confidential need's published summary, a public
    need's text with the marked strings scrubbed: ``intake.offered_words``). Which providers are offered a need, and
    which of their experts fit it, is then a function of what they may read: being offered reveals nothing the
    enterprise hid. Only the enterprise's identity is kept from the full need, for the conflict-of-interest rule,
    which it never shows."""
    need = intake.get_need(session=session, need_id=need_id, coordinator=True)
    full = MatchQuery.from_need(need)
    seen = intake.center_view(session=session, need_id=need_id)
    # (a public need's own words, scrubbed, not the refined words its view shows: refinement drops nothing secret,
    # and the proposals' match reads the same words, so one match serves both)
    text = intake.offered_words(need) or f"{seen.title}\n{seen.summary}"
    # (a confidential need is offered on what its public page says, which names no qualification: a proposed
    # center reads its qualifications (intake.center_view), a provider browsing the board does not; offered on them,
    # the hidden text's "要求出具CMA检测报告" got a confidential need offered, test_ui_opportunities_browser)
    qualifications = [] if seen.confidential else seen.qualifications
    return full.model_copy(update={
        "text": text, "product": seen.product, "qualifications": qualifications,
        "service_types": seen.service_types, "read_service_types": seen.service_types,
        "phrases": [p for p in full.phrases if p in text],
        "region": full.region.model_copy(update=seen.region.model_dump())})


def _fit(proposal: MatchProposal) -> int:
    return explain_proposal(proposal, "zh").fit


def offer_query(*, session: Session, need_id: str) -> MatchQuery:
    """The query a need is offered on (:func:`_query`): a submission that finds it equal to the proposals' query
    matches once for both (flows.needs)."""
    return _query(session, need_id)


def offer(*, session: Session, settings: Settings, matcher: MatcherSetup, need_id: str,
          already_proposed: Sequence[str], outbox: Outbox, matched: MatchResult | None = None) -> list[OfferView]:
    """Offer a need just published to the providers its public view fits; tell each (``need.offered``) within its
    day's cap, unless it was proposed for the need already. Returns the offers told. ``matched``: the result of
    :func:`offer_query` at :data:`OFFER_TOP_K`, when the caller has it already."""
    public = intake.public_view(session=session, need_id=need_id)
    if matched is None:
        [matched] = match_needs(session=session, settings=settings, setup=matcher, needs=[_query(session, need_id)],
                                top_k=OFFER_TOP_K)
    result = matched
    proposals = [MatchProposal.model_validate(m) for m in result.to_json()["matches"]]
    fitting = [p for p in proposals if _fit(p) >= FIT_FLOOR]
    told = pipeline.record_offers(session=session, need_id=need_id, proposals=fitting,
                                  daily_cap=settings.opportunity_daily_cap, already_proposed=set(already_proposed))
    outbox.record_many(session=session, events=[
        (DomainEvent.need_offered,
         {"need_id": need_id, "center_id": view.center_id, "title": public.title, "fit": _fit(view.proposal),
          "service_types": [s.value for s in public.service_types]},
         Parties(enterprise_id=None, center_id=view.center_id, need_id=need_id))
        for view in told])
    return told


def _check(principal: Principal, center_id: str, action: str) -> None:
    policy.authorize(principal, action)
    policy.check_own_center(principal, center_id)


def _center(session: Session, center_id: str) -> None:
    try:
        kb.get_center(session=session, center_id=center_id)
    except NotFoundError:
        raise NotFoundError(f"没有编号为 {center_id} 的机构 / no provider {center_id}", field="center_id") from None


def _passed(public: PublicNeed, today: date) -> bool:
    return public.deadline is not None and public.deadline < today


def _opportunity(view: OfferView, public: PublicNeed, proposed: bool, experts: list[ExpertFit],
                 today: date) -> Opportunity:
    why = explain_proposal(view.proposal, "zh")
    shown = f"{public.title}\n{public.summary}"
    return Opportunity(need=public, fit=why.fit, band=why.band, rank=view.rank,
                       key_terms=[t for t in why.key_terms if t in shown],
                       offered_at=view.offered_at, notified=view.notified_at is not None, proposed=proposed,
                       help_note=view.help_note, help_at=view.help_at, experts=experts,
                       deadline_passed=_passed(public, today))


def _experts(session: Session, settings: Settings, matcher: MatcherSetup, center_id: str,
             need_id: str) -> list[ExpertFit]:
    team = propose_team(session=session, settings=settings, setup=matcher, center_id=center_id,
                        need=_query(session, need_id), members=3)
    people = [m for m in (team.lead, *team.members) if m is not None and m.relevance > 0]
    return [ExpertFit(expert_id=m.expert_id, name=m.name, role=m.role, relevance=round(m.relevance, 3))
            for m in people]


def opportunities(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal,
                  center_id: str, with_experts: bool = True, today: date | None = None) -> list[Opportunity]:
    """The published needs that fit the provider, best fit first, each as the public may read it, with the
    provider's experts who fit it (the best :data:`EXPERTS_FOR`). A need no longer published (taken, withdrawn) is
    no opportunity. A need whose deadline is before ``today`` (China's date) comes after those still in time, marked
    ``deadline_passed``: a provider reads first what it can still do in time, and the late one stays, as its
    enterprise may extend it (a center's day walked on 2026-11-29 found one offered among the others, unmarked)."""
    _check(principal, center_id, "opportunity.read")
    _center(session, center_id)
    day = today or china_time.today()
    offers = pipeline.list_offers(session=session, center_id=center_id)
    public = {p.id: p for p in intake.published_members(session=session, need_ids=[o.need_id for o in offers])}
    listed = sorted((v for v in offers if v.need_id in public), key=lambda v: _passed(public[v.need_id], day))
    out: list[Opportunity] = []
    named = pipeline.review_parties_of(session=session, need_ids=list(public))  # read together, not a need each
    for view in listed:
        parties = named[view.need_id]
        experts = (_experts(session, settings, matcher, center_id, view.need_id)
                   if with_experts and len(out) < EXPERTS_FOR else [])
        out.append(_opportunity(view, public[view.need_id], center_id in parties.proposed, experts, day))
    return out


class Overview(BaseModel):
    """What the page lists out of: the needs published now, and the provider's offers whose need is no longer
    published (given to a provider — this one, maybe — withdrawn or closed). An empty page with these beside it is no
    mystery (a new user's trial, 2026-11-29: the demo center's page read only "no need fits" after the one fitting
    need had been given to it)."""

    published: int = Field(description="needs published now (the public feed), fitting or not")
    left: int = Field(description="needs offered to this provider that are no longer published")


def overview(*, session: Session, principal: Principal, center_id: str) -> Overview:
    """The counts beside the provider's opportunities (:class:`Overview`), with the page's own permission."""
    _check(principal, center_id, "opportunity.read")
    offered = {o.need_id for o in pipeline.list_offers(session=session, center_id=center_id)}
    still = {p.id for p in intake.published_members(session=session, need_ids=sorted(offered))}
    return Overview(published=intake.list_public_needs(session=session, limit=1).total, left=len(offered - still))


def can_help(*, session: Session, principal: Principal, center_id: str, need_id: str,
             note: str | None) -> Opportunity:
    """The provider says it can help with a published need that fits it, with a short note (saying it again
    updates the note); the association reads it on the need's review."""
    _check(principal, center_id, "opportunity.help")
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        raise InnodockError(f"说明不超过 {NOTE_MAX} 字 / the note is at most {NOTE_MAX} characters", field="note")
    try:
        public = intake.public_view(session=session, need_id=need_id)
    except NotFoundError:
        raise NotFoundError("该需求不在本机构的可承接需求中 / this need is not among the center's opportunities",
                            field="need_id") from None
    view = pipeline.record_help(session=session, need_id=need_id, center_id=center_id,
                                actor=pipeline_actor(principal, session), note=text or None)
    # Its answer to "推荐了贵机构，请确认能否承接" and to the need's offer: both are history for this center's people (a
    # new user's center day, 2026-11-29, found the question still new after "我们可以承接").
    inbox.settle(session=session, groups=[f"proposal:{need_id}", f"opportunity:{need_id}"],
                 org_ids=[principal.org_id])
    proposed = center_id in pipeline.review_parties(session=session, need_id=need_id).proposed
    return _opportunity(view, public, proposed, [], china_time.today())
