"""The coordinators' decisions on a review: accept, assign by hand, decline, re-match.

Accepting (or assigning) marks the need matched and announces ``match.accepted`` to its parties, in the decision's
transaction; the review page and the JSON API both decide here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from accounts import service as accounts
from authz.principal import Principal
from authz.tables import ACTS_FOR_PROVIDER
from authz.vocab import OrgKind
from core import china_time
from core.errors import ConflictError, NotFoundError
from core.settings import Settings
from evaluation import service as evaluation
from flows import access, feed, notices, reviews_labels
from flows.access import pipeline_actor
from flows.events import Outbox, Parties
from flows.matching import MatcherSetup, proposals_for
from inbox import service as inbox
from intake import lifecycle
from intake import service as intake
from kb import service as kb
from outbox.vocab import DomainEvent
from pipeline import service as pipeline
from pipeline.schemas import Actor as PipelineActor
from pipeline.schemas import QueuedReview, ReviewView
from pipeline.vocab import RejectReason, ReviewStatus
from providers import service as providers


def announce_proposals(*, session: Session, review: ReviewView, outbox: Outbox) -> None:
    """One ``review.proposed`` per proposed center, addressed to that center alone (and the associations): no
    center learns who else was proposed."""
    outbox.record_many(session=session, events=[
        (DomainEvent.review_proposed,
         {"review_id": review.id, "need_id": review.need_id, "center_id": p.center_id, "round": review.round},
         Parties(enterprise_id=None, center_id=p.center_id, need_id=review.need_id))
        for p in review.proposals])


def _matched(session: Session, review: ReviewView, outbox: Outbox, who: PipelineActor, *,
             acted_for: bool) -> None:
    """The need matched and everyone told. ``acted_for``: whether anybody can log in for the provider
    (:func:`reachable`); when nobody can, the enterprise is told the association is arranging contact with it, not
    that it is handled (a new user's trial, 2026-11-29: "已确定承接机构" while nobody could act on it)."""
    feed.advance_need(session=session, need_id=review.need_id, transition="match", by=who, outbox=outbox)
    payload = {"need_id": review.need_id, "review_id": review.id, "center_id": review.accepted_center_id,
               "center_name": review.accepted_center_name, "engagement_id": review.engagement_id,
               "assigned_by_hand": review.assigned_by_hand, "reachable": acted_for}
    outbox.record(session=session, event=DomainEvent.match_accepted, payload=payload,
                  parties=Parties(enterprise_id=review.enterprise_id, center_id=review.accepted_center_id,
                                  need_id=review.need_id))


def accept(*, session: Session, principal: Principal, review_id: str, center_id: str, alternates: Sequence[str],
           version: int | None, outbox: Outbox, confirm_no_coordinator: bool = False,
           reason: str | None = None) -> ReviewView:
    """The association accepts a proposal and the engagement opens. A provider nobody can log in for (no active
    coordinator of an active organisation: :func:`reachable`, the picker's check) is accepted only when the caller
    says so (``confirm_no_coordinator``), as the picker asks before assigning one; otherwise a 409 on that field and
    nothing changes (the transaction is not committed). An association accepted a center still being built and the
    engagement opened at once, with nobody to act on it (a new user, 2026-11-29). ``reason``: why the association
    chose the provider, in its words, optional; kept with the decision (``pipeline.accept``), the enterprise reads it
    under "为什么选这家机构" (``flows.need_progress``)."""
    who = pipeline_actor(principal, session)
    # To anyone it does not concern the review does not exist: pipeline.accept's first step (a 404 before any word of
    # roles or state), so it is not read here first (three statements more, issue 33). Whether anybody can act for
    # the provider is asked after it, so a caller the review is missing to learns nothing of the provider's people.
    review = pipeline.accept(session=session, review_id=review_id, center_id=center_id, actor=who,
                             alternates=alternates, version=version, reason=reason)
    acted_for = _unless_confirmed(session, review, center_id, confirmed=confirm_no_coordinator,
                                  verb=("接受", "accept"))
    _matched(session, review, outbox, who, acted_for=acted_for)
    return review


def _unless_confirmed(session: Session, review: ReviewView, center_id: str, *, confirmed: bool,
                      verb: tuple[str, str], acted_for: bool | None = None) -> bool:
    """The one rule for handing a need to a provider nobody can log in for (:func:`reachable`; ``acted_for`` when the
    caller has already asked it, as :func:`assign`'s candidate has), asked by :func:`accept` and :func:`assign` alike
    after the decision is made in the session: a 409 ``provider_unreachable`` on ``confirm_no_coordinator`` unless the
    caller confirmed it, and the raise leaves the transaction uncommitted, so nothing changes. ``verb`` is the
    decision as the message says it (接受/accept, 指派/assign). Alternates are not asked about: none is handed the
    need now (one offered again after a redock is accepted, and asked about, then). Returns whether anybody can act
    for the provider, read even when the caller confirmed: the enterprise's notice says it (:func:`_matched`)."""
    if acted_for is None:
        acted_for = center_id in reachable(session=session, center_ids=[center_id])
    if acted_for or confirmed:
        return acted_for
    name = review.accepted_center_name or center_id
    zh, en = verb
    raise ConflictError(f"「{name}」目前没有能登录办理的协调员，{zh}后无人接手，需求会一直搁置；确定仍要{zh}，请"
                        f"确认后再提交 / nobody can log in for {name} (it has no active coordinator), so nobody "
                        f"would take the engagement up and the need would sit idle; to {en} it all the same, "
                        "confirm it and send again", field="confirm_no_coordinator", code="provider_unreachable")


# The order the picker shows the lifecycle states in: who can serve first, those refused last.
PICKER_STATES = ("operating", "key_supervision", "rectifying", "acceptance", "building", "under_review", "applied",
                 "suspended", "revoked", "withdrawn", "rejected", "application_withdrawn")


@dataclass(frozen=True)
class Candidate:
    """A provider as assigning by hand sees it: where it is in its lifecycle, whether it may be given a need (and
    why not), and whether anybody can act for it (an active user of its organisation in
    ``authz.tables.ACTS_FOR_PROVIDER``): a need given to a provider nobody can act for sits idle."""

    center_id: str
    name: str
    region: str | None
    province: str | None
    state: str
    refusal: tuple[str, str] | None  # (Chinese, English) why it may not be assigned; None: it may
    reachable: bool

    @property
    def assignable(self) -> bool:
        return self.refusal is None


def reachable(*, session: Session, center_ids: Collection[str] | None = None) -> set[str]:
    """The kb centers (of ``center_ids``, or all) some active user can act for: an active center organisation bound
    to it, with an active user in a role that acts for a provider. The one check the picker, :func:`accept` and
    :func:`assign` ask."""
    return accounts.centers_acted_for(session=session, roles=[r.value for r in ACTS_FOR_PROVIDER],
                                      center_ids=center_ids)


def provider_orgs(*, session: Session, center_ids: Collection[str]) -> dict[str, str]:
    """The organisation bound to each of ``center_ids`` that has one (the newest), active or not: where an
    administrator invites a coordinator for a provider nobody can answer for (:func:`reachable`). Such a provider
    stays proposed to the association, which invites it; the enterprise is not told it was found
    (``flows.need_progress.found_for_you``; docs/workflow.md, "What the enterprise is told while its need is in
    review")."""
    wanted = set(center_ids)
    if not wanted:
        return {}
    orgs, _ = accounts.list_orgs(session=session, kind=OrgKind.center, limit=10_000)
    return {o.center_id: o.id for o in orgs if o.center_id in wanted}


def candidates(*, session: Session, today: date, center_ids: Collection[str] | None = None) -> list[Candidate]:
    """Who may be assigned a need by hand: every catalog provider (or those named), with its lifecycle state, the
    refusal of ``providers.rules.NOT_ASSIGNABLE`` (suspended, revoked, withdrawn, never approved) and whether
    anybody can act for it. The one place that answers it: the review page's picker, :func:`assign` (the API, the
    page and ``innodock review assign``) and its tests ask here. A center without a lifecycle yet is read as the one
    it will get (a read writes nothing)."""
    centers = kb.list_centers(session=session, ids=center_ids)
    wanted = {c.id for c in centers}
    states = {v.center_id: v.state for v in providers.list_lifecycles(session=session, today=today, center_ids=wanted)}
    acted_for = reachable(session=session, center_ids=center_ids)
    out = []
    for c in centers:
        state = states.get(c.id) or providers.implied(center_id=c.id, kind=c.kind, status=c.effective_status,
                                                      today=today).state
        out.append(Candidate(center_id=c.id, name=c.name, region=c.region, province=kb.province_of(c.region),
                             state=state, refusal=providers.assign_refusal(state), reachable=c.id in acted_for))
    return out


# A provider's standing a coordinator weighs before accepting or assigning it: a provider under 限期整改 with one star
# showed on the review's card like any other (a new user's trial in Chromium, 2026-11-29). Said, not refused: a
# rectifying provider still serves (seed 002 四(二)); those out of service are the picker's refusals.
WARNED_STATES = frozenset({"key_supervision", "rectifying", "suspended", "revoked", "withdrawn"})
LOW_STARS = 2  # a rating of this many stars or fewer is said as a warning beside the provider's name
MAX_STARS = 5


@dataclass(frozen=True)
class Standing:
    """Where a provider stands: its lifecycle state (with the rectification's deadline while it rectifies) and its
    rating (``evaluation.service.public_ratings``: the latest second- or third-party run, never a
    self-assessment)."""

    center_id: str
    state: str
    rectify_by: date | None
    stars: int | None
    rated_period: str | None

    @property
    def warned(self) -> bool:
        return self.state in WARNED_STATES or (self.stars is not None and self.stars <= LOW_STARS)


def standings(*, session: Session, center_ids: Collection[str], today: date) -> dict[str, Standing]:
    """Each provider's :class:`Standing`, for the cards that propose it: its lifecycle from ``providers.service``
    (a catalog provider without one read as the one it will get, as :func:`candidates` does), its rating from
    ``evaluation.service``. A provider the catalog no longer has is left out."""
    ids = list(dict.fromkeys(center_ids))
    if not ids:
        return {}
    lifecycles = {v.center_id: v for v in providers.list_lifecycles(session=session, today=today, center_ids=ids)}
    missing = [i for i in ids if i not in lifecycles]
    for c in kb.list_centers(session=session, ids=missing) if missing else []:
        lifecycles[c.id] = providers.implied(center_id=c.id, kind=c.kind, status=c.effective_status, today=today)
    ratings = evaluation.public_ratings(session=session, center_ids=ids)
    out = {}
    for center_id in ids:
        life = lifecycles.get(center_id)
        if life is None:
            continue
        rating = ratings.get(center_id)
        out[center_id] = Standing(center_id=center_id, state=life.state,
                                  rectify_by=life.rectification_deadline if life.state == "rectifying" else None,
                                  stars=rating.stars if rating else None,
                                  rated_period=rating.period if rating else None)
    return out


# How a provider that said it can help (flows.opportunities.can_help) is taken up from the review: "主动表示可以承接"
# pointed the coordinator to 人工指派, whose list leaves out every center already proposed, so a proposed center that
# offered was nowhere to pick (a new user's trial in Chromium, 2026-11-29).
HELP_ROUTES = ("accept", "declined", "assign")


@dataclass(frozen=True)
class HelpOffer:
    """A provider's "we can help" with how the coordinator takes it up: ``accept`` it is among this round's
    proposals (accepted from its offer or its card); ``declined`` it was declined this round (the decline is undone
    first, on its card); ``assign`` it was not proposed (given the need by hand: the picker lists and marks it)."""

    center_id: str
    name: str
    note: str | None
    at: datetime
    route: str


def help_offers(review: ReviewView) -> list[HelpOffer]:
    """The review's offers to help (first said first), each with its route (:data:`HELP_ROUTES`)."""
    proposed = {p.center_id for p in review.proposals}
    declined = {d.center_id for d in review.declined if d.center_id}
    names = {p.center_id: p.center_name for p in review.proposals}
    out = []
    for h in review.can_help:
        route = "assign" if h.center_id not in proposed else "declined" if h.center_id in declined else "accept"
        out.append(HelpOffer(center_id=h.center_id, name=h.center_name or names.get(h.center_id) or h.center_id,
                             note=h.note, at=h.at, route=route))
    return out


def check_assignable(*, session: Session, center_id: str, today: date) -> Candidate:
    """The provider, when it may be assigned a need by hand; refused (409 on ``center_id``) when its lifecycle keeps
    it out of service, missing (404 on ``center_id``) when the catalog has no such provider."""
    found = candidates(session=session, today=today, center_ids=[center_id])
    if not found:
        raise NotFoundError(f"没有编号为 {center_id} 的机构 / no provider {center_id}", field="center_id")
    [candidate] = found
    if candidate.refusal is not None:
        zh, en = candidate.refusal
        raise ConflictError(f"「{candidate.name}」{zh}，不能指派 / {candidate.name} {en}: it cannot be assigned",
                            field="center_id", code="provider_not_assignable")
    return candidate


def assign(*, session: Session, principal: Principal, review_id: str, center_id: str, note: str,
           alternates: Sequence[str], version: int | None, outbox: Outbox, today: date | None = None,
           confirm_no_coordinator: bool = False) -> ReviewView:
    """A provider the matcher missed, given the need by hand with the coordinator's reason; a provider out of
    service is refused (:func:`check_assignable`). One nobody can log in for is given it only when the caller says
    so (``confirm_no_coordinator``), by the rule :func:`accept` follows (:func:`_unless_confirmed`): the picker asked
    first, but the API and ``innodock review assign`` handed it over without a word."""
    who = pipeline_actor(principal, session)
    pipeline.get_review(session=session, review_id=review_id, actor=who)
    candidate = check_assignable(session=session, center_id=center_id, today=today or china_time.today())
    review = pipeline.assign_by_hand(session=session, review_id=review_id, center_id=center_id, actor=who, note=note,
                                     alternates=alternates, version=version)
    # after the pipeline's own checks (a stale version, a missing note are said first), as accept asks
    acted_for = _unless_confirmed(session, review, center_id, confirmed=confirm_no_coordinator,
                                  verb=("指派", "assign"), acted_for=candidate.reachable)
    _matched(session, review, outbox, who, acted_for=acted_for)
    return review


def reject(*, session: Session, principal: Principal, review_id: str, reason: str, text: str | None,
           center_id: str | None, version: int | None, outbox: Outbox) -> ReviewView:
    """A need sent back as unclear is announced (``need.sent_back``): the enterprise must answer before anything
    moves, so it is told, in its inbox, rather than left to find the question on its needs page."""
    who = pipeline_actor(principal, session)
    # pipeline.reject's first step is the review, for someone it exists for (a 404 otherwise): not read here first.
    review = pipeline.reject(session=session, review_id=review_id, actor=who, reason=reason, text=text,
                             center_id=center_id, version=version)
    group = f"proposal:{review.need_id}"
    if center_id is not None and review.status != ReviewStatus.rejected:
        # One proposal: that center's "请确认能否承接" is history; the round is still to decide, with one fewer.
        centers = accounts.parties(session=session, enterprise_id=None, center_id=center_id, association_ids=[])
        inbox.settle(session=session, groups=[group], org_ids=[o.id for o in centers])
        _count_proposals_left(session, review)
    if review.status == ReviewStatus.rejected:  # the whole round, not one proposal
        inbox.settle(session=session, groups=[group])  # nothing is left to review, for anyone (as a withdrawal)
        # Unclear: back to the enterprise with the coordinator's question; otherwise no provider fits this round.
        transition = "send_back" if reason == RejectReason.need_unclear else "find_none"
        feed.advance_need(session=session, need_id=review.need_id, transition=transition, by=who, note=text,
                          outbox=outbox)
        if transition == "send_back":
            outbox.record(session=session, event=DomainEvent.need_sent_back,
                          # the coordinator's question: the notice said "请补充说明" without it
                          payload={"need_id": review.need_id, "review_id": review.id, "reason": text or ""},
                          parties=Parties(enterprise_id=review.enterprise_id, center_id=None,
                                          need_id=review.need_id))
    return access.review_for(session=session, principal=principal, review=review)


def undo_decline(*, session: Session, principal: Principal, review_id: str, center_id: str,
                 version: int | None) -> ReviewView:
    """A wrong decline undone by the association within its round: the center is proposed again, the decline and
    its reason stay on record with who undid it."""
    who = pipeline_actor(principal, session)
    review = pipeline.undo_decline(session=session, review_id=review_id, actor=who, center_id=center_id,
                                   version=version)
    # The center is asked again: the notice its decline settled is a to-do again, and the round has one more.
    centers = accounts.parties(session=session, enterprise_id=None, center_id=center_id, association_ids=[])
    inbox.recount(session=session, count=1, ask_again=True, notices=notices.proposals_left(
        session=session, review_id=review.id, need_id=review.need_id, round_=review.round, orgs=centers, left=1,
        center_id=center_id))
    _count_proposals_left(session, review)
    return access.review_for(session=session, principal=principal, review=review)


def _count_proposals_left(session: Session, review: ReviewView) -> None:
    """The associations' "「…」有 N 个推荐机构待审核" counts the round's proposals not declined: it kept its N when one
    was declined. It stays a to-do while the round is open (with none left, it says the round waits for them)."""
    standing = {d.center_id for d in review.declined if d.center_id}
    left = sum(1 for p in review.proposals if p.center_id not in standing)
    associations = accounts.parties(session=session, enterprise_id=None, center_id=None, association_ids=None)
    inbox.recount(session=session, count=left, notices=notices.proposals_left(
        session=session, review_id=review.id, need_id=review.need_id, round_=review.round, orgs=associations,
        left=left))


def rematch(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal, review_id: str,
            note: str | None, version: int | None, outbox: Outbox, include_declined: bool = False) -> ReviewView:
    """Re-run the matcher on the need as it is now; earlier rounds are kept. A center declined as not suitable for
    this need or a near-duplicate of it is not proposed again (:func:`flows.reviews_labels.exclusions`), unless the
    coordinator asks for it (``include_declined``)."""
    who = pipeline_actor(principal, session)
    current = pipeline.get_review(session=session, review_id=review_id, actor=who)
    need = intake.get_need(session=session, need_id=current.need_id, coordinator=True)
    left_out = None if include_declined else reviews_labels.exclusions(session=session, settings=settings,
                                                                       matcher=matcher, need=need)
    proposals = proposals_for(setup=matcher, settings=settings, session=session, need=need, exclude=left_out)
    review = pipeline.rematch(session=session, review_id=review_id, actor=who, proposals=proposals, note=note,
                              version=version)
    if lifecycle.allows(need.status, "reopen"):  # no provider fitted last time
        feed.advance_need(session=session, need_id=need.id or "", transition="reopen", by=who, note=note,
                          outbox=outbox)
    elif lifecycle.allows(need.status, "publish"):
        # Sent back as unclear and answered by an edit: the coordinator takes it up again, published as it now reads.
        feed.publish_need(session=session, need_id=need.id or "", outbox=outbox)
        feed.advance_need(session=session, need_id=need.id or "", transition="queue", by=who, note=note,
                          outbox=outbox)
    announce_proposals(session=session, review=review, outbox=outbox)
    return review


def express_interest(*, session: Session, principal: Principal, review_id: str, note: str | None) -> ReviewView:
    """A proposed center's "we can take it" (issue 12 step 3), shown to the association beside its proposal."""
    review = pipeline.express_interest(session=session, review_id=review_id, actor=pipeline_actor(principal, session),
                                       note=note)
    return access.review_for(session=session, principal=principal, review=review)


# ---- what the coordinators read ----

def queue(*, session: Session, principal: Principal, status: ReviewStatus | None, limit: int | None = None,
          offset: int = 0) -> tuple[list[ReviewView], int]:
    """The reviews the caller may see (``status``: of that status), oldest first, each as the caller may read it (a
    center: its own proposal only), a page of them with the total."""
    window, total = pipeline.review_page(session=session, actor=pipeline_actor(principal, session), status=status,
                                         limit=limit, offset=offset)
    return access.reviews_for(session=session, principal=principal, reviews=window), total


def queued(*, session: Session, principal: Principal, status: ReviewStatus | None) -> list[QueuedReview]:
    """The reviews the caller may see (``status``: of that status, chosen in SQL), oldest first, as a work list
    filters, sorts and pages them: none of them made into its whole view (:func:`reviews_by_id` reads a page's)."""
    return pipeline.queued_reviews(session=session, actor=pipeline_actor(principal, session), status=status)


def reviews_by_id(*, session: Session, principal: Principal, review_ids: Sequence[str]) -> list[ReviewView]:
    """These reviews, in this order, each as the caller may read it (a center: its own proposal only); those it may
    not see are left out."""
    found = pipeline.reviews_by_id(session=session, actor=pipeline_actor(principal, session), review_ids=review_ids)
    return access.reviews_for(session=session, principal=principal, reviews=found)


def decided(*, session: Session, principal: Principal, last: int) -> list[ReviewView]:
    """The ``last`` reviews decided (accepted or rejected), newest first."""
    reviews = [r for r in pipeline.list_reviews(session=session, actor=pipeline_actor(principal, session))
               if r.status != ReviewStatus.pending][-last:]
    return [access.review_for(session=session, principal=principal, review=r) for r in reversed(reviews)]


def review(*, session: Session, principal: Principal, review_id: str) -> ReviewView:
    """One review, every round, as the caller may read it; to anyone it does not concern it does not exist."""
    found = pipeline.get_review(session=session, review_id=review_id, actor=pipeline_actor(principal, session))
    return access.review_for(session=session, principal=principal, review=found)
