"""What a caller may read of a need, a review and an engagement: the facts gathered from intake, the pipeline and
authz, and the one rule (:mod:`authz.policy`) applied to them.

The API, the UI, the CLI and jobs ask here; none of them decides need-to-know on its own. A refused request for a
confidential need's details leaves an audit record even though the refusal undoes the request's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from sqlalchemy.orm import Session

from authz import policy
from authz import service as authz
from authz.policy import Detail, NeedFacts
from authz.principal import Principal
from authz.vocab import Role
from core.errors import NotFoundError
from intake import service as intake
from intake.schemas import CenterNeed, Need, NeedOwner, NeedStatus
from kb.vocab import SERVICE_TYPE_LABELS
from matcher.rules import (
    RULE_CAPACITY,
    RULE_COMPLIANCE,
    RULE_LIFECYCLE,
    RULE_PREFERRED_QUALIFICATION,
    RULE_QUALIFICATION,
    RULE_REGION,
    RULE_SECRECY,
    RULE_SERVICE_TYPE,
    RULE_STATUS,
)
from pipeline import service as pipeline
from pipeline.schemas import Actor as PipelineActor
from pipeline.schemas import (
    EngagementView,
    MatchProposal,
    MessageView,
    ProposalReason,
    ProposalRequirement,
    ReviewView,
)

V = TypeVar("V", bound=EngagementView)
_SERVICE_EN = {zh: en for zh, en in SERVICE_TYPE_LABELS.values()}


def need_facts(*, session: Session, need_id: str, principal: Principal | None = None) -> NeedFacts:
    """Everything the rule reads about one need; a need that does not exist is a 404 without its id echoed.
    ``principal``: the facts are for the rule's judgement of this caller only, and those it never reads for it are
    not gathered (:func:`authz.policy.judges_by_owner_alone`: no grants or consents for an enterprise or the
    operator)."""
    try:
        owner = intake.need_owner(session=session, need_id=need_id)
    except NotFoundError:
        raise policy.missing_need(need_id) from None
    parties = pipeline.review_parties(session=session, need_id=need_id)
    facts = NeedFacts(
        need_id=need_id, enterprise_id=owner.enterprise_id, submitted_by=owner.submitted_by,
        confidential=owner.confidential, association_id=owner.association_id, proposed=parties.proposed,
        accepted=parties.accepted)
    if principal is not None and policy.judges_by_owner_alone(principal):
        return facts
    return replace(facts, details_open_to=authz.details_open_to(session=session, need_id=need_id),
                   consenting_to=authz.consenting_associations(session=session, enterprise_org_id=owner.enterprise_id))


def reach(*, session: Session, principal: Principal) -> frozenset[str] | None:
    """The needs whose reviews and engagements an association's staff or key may see (``authz.policy.serves``):
    for staff, their association's tenants; for both, the needs the association submitted and those of the
    enterprises that consented to it. None for everyone else: the platform operator and the terminal see every one,
    and the parties' own rules (the enterprise's, the center's) apply to them."""
    if principal.role != Role.association_coordinator or principal.across_associations:
        return None
    consenting = authz.consenting_enterprises(session=session, association_org_id=principal.org_id)
    return intake.need_ids_reached(session=session, submitted_by=principal.org_id, enterprise_ids=consenting,
                                   association_id=principal.association_id if principal.is_person else None)


def associations_of_need(*, session: Session, need_id: str) -> frozenset[str] | None:
    """The associations that serve a need and so hear of its events: its tenant's, the one that submitted it (when
    an association did), and those its enterprise consented to (organisations of other kinds among them are dropped
    by whoever asks for associations). None: every association — a need of no association (``authz.policy.serves``)."""
    try:
        owner = intake.need_owner(session=session, need_id=need_id)
    except NotFoundError:
        return frozenset()
    if owner.association_id is None:
        return None
    found = set(authz.consenting_associations(session=session, enterprise_org_id=owner.enterprise_id))
    found.update(a for a in (owner.association_id, owner.submitted_by) if a)
    return frozenset(found)


def pipeline_actor(principal: Principal, session: Session) -> PipelineActor:
    """The caller as the pipeline's rules read it, with its reach."""
    return PipelineActor.model_validate({**principal.pipeline_fields(),
                                         "reach": reach(session=session, principal=principal)})


def _audit_operator_read(session: Session, principal: Principal, facts: NeedFacts, address: str | None) -> None:
    """The platform operator reads across associations; its reads of a confidential need's details are on record."""
    if principal.role == Role.admin and facts.confidential:
        authz.audit(session=session, action="need.details_read", principal=principal, target_type="need",
                    target_id=facts.need_id, address=address, detail={"association_id": facts.association_id})


@dataclass(frozen=True)
class NeedRead:
    """A need as the caller may read it: the whole need (``full``) or a center's view of it."""

    level: Detail
    need: Need | None = None
    center: CenterNeed | None = None
    status: NeedStatus | None = None  # the need's status, where :func:`read_needs` read it
    # The fields the need states that the center's view holds back until its details are opened to it: a page says
    # they are withheld, not unstated (a new user's trial, 2026-11-29: "产品 未说明" for a product the enterprise named)
    withheld: frozenset[str] = frozenset()


def _withheld(need: Need, center: CenterNeed) -> frozenset[str]:
    """The fields of :attr:`NeedRead.withheld`: stated in the need, absent from what the center may read."""
    return frozenset({"product"} if need.product and not center.product else ())


def _center_read(level: Detail, need: Need, need_id: str, status: NeedStatus | None = None) -> NeedRead:
    center = intake.center_view_of(need, need_id)
    return NeedRead(level, center=center, status=status, withheld=_withheld(need, center))


def read_need(*, session: Session, principal: Principal, need_id: str) -> NeedRead:
    """The need at the caller's level of detail (404 for a caller it does not exist for)."""
    facts = need_facts(session=session, need_id=need_id, principal=principal)
    level = policy.check_need_read(principal, facts)
    if level == Detail.full:
        _audit_operator_read(session, principal, facts, None)
        return NeedRead(level, need=intake.get_need(session=session, need_id=need_id, coordinator=True))
    return _center_read(level, intake.get_need(session=session, need_id=need_id, coordinator=True), need_id)


def _facts_of(session: Session, need_ids: Sequence[str]) -> dict[str, tuple[NeedFacts, NeedOwner, Need]]:
    """:func:`need_facts` of many needs in four queries, with each need read whole (the needs that do not exist are
    left out)."""
    read = intake.needs_read(session=session, need_ids=need_ids)
    ids = list(read)
    parties = pipeline.review_parties_of(session=session, need_ids=ids)
    grants = authz.details_open_to_many(session=session, need_ids=ids)
    consents = authz.consenting_associations_of(
        session=session, enterprise_org_ids=[o.enterprise_id for o, _ in read.values() if o.enterprise_id])
    return {need_id: (NeedFacts(
        need_id=need_id, enterprise_id=owner.enterprise_id, submitted_by=owner.submitted_by,
        confidential=owner.confidential, association_id=owner.association_id, proposed=parties[need_id].proposed,
        accepted=parties[need_id].accepted, details_open_to=grants[need_id],
        consenting_to=consents.get(owner.enterprise_id or "", frozenset())), owner, need)
        for need_id, (owner, need) in read.items()}


def facts_of_needs(*, session: Session, need_ids: Sequence[str]) -> dict[str, NeedFacts]:
    """:func:`need_facts` of many needs in four queries (the needs that do not exist are left out)."""
    return {need_id: facts for need_id, (facts, _owner, _need) in _facts_of(session, need_ids).items()}


def read_needs(*, session: Session, principal: Principal, need_ids: Sequence[str]) -> dict[str, NeedRead]:
    """:func:`read_need` of many needs in a few queries whatever their number (a work list read each need's facts in
    five); the needs the caller may not read at all are left out, as :func:`read_need` says they do not exist."""
    out: dict[str, NeedRead] = {}
    for need_id, (facts, owner, need) in _facts_of(session, need_ids).items():
        level = policy.need_detail(principal, facts)
        if level == Detail.none:
            continue
        if level == Detail.full:
            _audit_operator_read(session, principal, facts, None)
            out[need_id] = NeedRead(level, need=need)
        else:
            out[need_id] = _center_read(level, need, need_id, owner.status)
    return out


def full_need(*, session: Session, principal: Principal, need_id: str, address: str | None = None) -> Need:
    """The whole need, for those who may read it whole. A center that may read less is told the need does not
    exist, as anyone else is, and the refusal is audited: it asked for a confidential detail it has no right to."""
    facts = need_facts(session=session, need_id=need_id, principal=principal)
    level = policy.need_detail(principal, facts)
    if level != Detail.full:
        if level != Detail.none or principal.role == Role.center_coordinator:
            authz.refused(session=session, principal=principal, action="need.details", target_type="need",
                          target_id=need_id, address=address, reason=f"detail level {level.value}")
        raise policy.missing_need(need_id)
    _audit_operator_read(session, principal, facts, address)
    return intake.get_need(session=session, need_id=need_id, coordinator=True)


def writable_need(*, session: Session, principal: Principal, need_id: str, declassify: bool = False,
                  withdraw: bool = False) -> Need:
    """The need, for someone who acts for its enterprise (see :func:`authz.policy.check_need_write`)."""
    facts = need_facts(session=session, need_id=need_id, principal=principal)
    policy.check_need_write(principal, facts, declassify=declassify, withdraw=withdraw)
    return intake.get_need(session=session, need_id=need_id, coordinator=True)


def readable_by(principal: Principal, facts: NeedFacts) -> bool:
    """Whether the caller may read the need whole (what a write's answer may carry back)."""
    return policy.need_detail(principal, facts) == Detail.full and principal.has_scopes(*policy.rule(
        "need.read").scopes)


def shows_enterprise(principal: Principal, facts: NeedFacts) -> bool:
    """Who the enterprise is, is a confidential detail: shown where the need is public or its details are open."""
    return policy.need_detail(principal, facts) in (Detail.full, Detail.scrubbed)


def reviews_for(*, session: Session, principal: Principal, reviews: Sequence[ReviewView]) -> list[ReviewView]:
    """:func:`review_for` of many reviews, their needs read together (a center's queue read each need's facts in
    five queries)."""
    if policy.sees_other_centers(principal):
        return list(reviews)
    known = _facts_of(session, [r.need_id for r in reviews])
    out = []
    for review in reviews:
        if review.need_id not in known:
            out.append(review_for(session=session, principal=principal, review=review))
            continue
        facts, _owner, need = known[review.need_id]
        out.append(_seen_by_center(principal, review, facts, partial(intake.center_view_of, need, review.need_id)))
    return out


def review_for(*, session: Session, principal: Principal, review: ReviewView) -> ReviewView:
    """A review as the caller may read it: a center sees its own proposal only, and the enterprise's name only
    where the need's details are open to it."""
    if policy.sees_other_centers(principal):
        return review
    facts = need_facts(session=session, need_id=review.need_id, principal=principal)
    return _seen_by_center(principal, review, facts,
                           lambda: intake.center_view(session=session, need_id=review.need_id))


def _seen_by_center(principal: Principal, review: ReviewView, facts: NeedFacts,
                    center_view: Callable[[], CenterNeed]) -> ReviewView:
    seen = pipeline.as_seen_by_center(review, center_id=principal.center_id,
                                      show_enterprise=shows_enterprise(principal, facts))
    level = policy.need_detail(principal, facts)
    if level == Detail.full:
        return seen
    readable = center_view().model_dump_json() if level == Detail.scrubbed else ""

    def shown(p: MatchProposal) -> MatchProposal:
        return explanation_seen(p, level, readable)

    return seen.model_copy(update={"proposals": [shown(p) for p in seen.proposals],
                                   "rounds": [r.model_copy(update={"proposals": [shown(p) for p in r.proposals]})
                                              for r in seen.rounds]})


# What of a proposal's explanation a center reads of a confidential need whose details are not open to it
# (seed 000 §5.2.4: the published summary only, "详细技术信息仅在签署保密协议后向对接机构提供"). The matcher
# read the whole need, so every passage it quoted, every term it shared, every capability it picked and every
# expert it suggested was chosen by its overlap with the confidential text and says it (a new user's trial,
# 2026-11-29: "匹配的能力：电芯鼓胀…" and the evidence "对鼓胀、漏液…的电芯先做CT无损扫描" under a redacted
# header). What stays is what the summary itself says (the service types, the region, the qualifications
# required) and the center's own standing (its status, capacity, flags, rating), with the figures of the fit.
SUMMARY_REASONS = frozenset({"score", "region", "prior", RULE_PREFERRED_QUALIFICATION})
SUMMARY_RULES = frozenset({RULE_SERVICE_TYPE, RULE_QUALIFICATION, RULE_SECRECY, RULE_STATUS, RULE_CAPACITY,
                           RULE_REGION, RULE_LIFECYCLE, RULE_COMPLIANCE})
SUMMARY_COVERAGE = frozenset({"service_type", "qualification", "preferred_qualification", "region"})


def explanation_seen(proposal: MatchProposal, level: Detail, readable: str = "") -> MatchProposal:
    """A proposal as a center reads it at ``level`` (:func:`authz.policy.center_detail`), the one place that decides
    it for the API and every page: whole at ``full``; at ``scrubbed`` (a public need) the words that are in what the
    center may read (``readable``, :func:`_explained_from`); at ``summary`` (a confidential need before its details
    are opened) nothing chosen by the confidential text (:data:`SUMMARY_REASONS`, :data:`SUMMARY_RULES`,
    :data:`SUMMARY_COVERAGE`)."""
    if level == Detail.full:
        return proposal
    if level == Detail.scrubbed:
        return _explained_from(proposal, readable)
    reasons = [r for r in proposal.reasons if r.kind in SUMMARY_REASONS
               or (r.kind == "rule" and r.model_dump().get("rule") in SUMMARY_RULES)]
    coverage = [_unsourced(r) for r in proposal.coverage if r.kind in SUMMARY_COVERAGE]
    return proposal.model_copy(update={"reasons": reasons, "coverage": coverage, "capabilities": [], "team": None})


def _unsourced(row: ProposalRequirement) -> ProposalRequirement:
    """A requirement met, said without the capability that meets it: the matcher names the capability it picked by
    the need's text ("能力「电芯鼓胀…」提供检验检测"); the center is told that it offers the service or holds the
    mark."""
    if not row.covered or row.kind not in ("service_type", "qualification"):
        return row
    if row.kind == "service_type":
        en = _SERVICE_EN.get(row.requirement, row.requirement)
        said = f"机构提供{row.requirement} / the center offers {en}"
    else:
        said = f"机构具备 {row.requirement} / the center holds {row.requirement}"
    return row.model_copy(update={"evidence": said})


def _explained_from(proposal: MatchProposal, readable: str) -> MatchProposal:
    """A proposal's explanation as a center may read it: the matcher read the whole need, so the words it shares
    with the center's texts (and the words that set off a query expansion) may be confidential ones. A center that
    may not read the need whole sees only those of them that are in what it may read (issue 31)."""
    reasons: list[ProposalReason] = []
    # The need's requirements name its product and its own phrases: only those in what the center may read stay, and
    # the coverage summary and the product-family line (which repeat them) go when any is held back.
    coverage = [r for r in proposal.coverage
                if r.kind in ("service_type", "qualification", "preferred_qualification")
                or r.requirement in readable]
    held_back = len(coverage) < len(proposal.coverage)
    for reason in proposal.reasons:
        data = reason.model_dump()
        if reason.kind in ("coverage", "product_family") and (held_back or str(data.get("product") or "")
                                                                 not in readable):
            continue
        if reason.kind == "terms":
            kept = [t for t in data.get("terms") or [] if isinstance(t, str) and t in readable]
            if not kept:
                continue
            data.update(terms=kept, text="共同关键词 / shared terms: " + "、".join(kept))
        elif reason.kind == "expansion" and str(data.get("trigger") or "") not in readable:
            continue
        reasons.append(ProposalReason.model_validate(data))
    return proposal.model_copy(update={"reasons": reasons, "coverage": coverage})


def engagement_for(*, session: Session, principal: Principal, view: V) -> V:
    """An engagement as the caller may read it: the provider's coordinator sees the client's name only once the
    need's details are open to it (or the need is public)."""
    if principal.role != Role.center_coordinator or view.enterprise_name is None:
        return view
    facts = need_facts(session=session, need_id=view.need_id)
    if shows_enterprise(principal, facts):
        return view
    return unnamed(view)


def engagements_for(*, session: Session, principal: Principal, views: Sequence[V]) -> list[V]:
    """:func:`engagement_for` of many engagements, their needs' facts read together (a provider's list read each
    need's facts in five queries)."""
    if principal.role != Role.center_coordinator:
        return list(views)
    known = _facts_of(session, [v.need_id for v in views if v.enterprise_name is not None])
    out = []
    for view in views:
        if view.enterprise_name is None or view.need_id not in known:
            out.append(engagement_for(session=session, principal=principal, view=view))
        elif shows_enterprise(principal, known[view.need_id][0]):
            out.append(view)
        else:
            out.append(unnamed(view))
    return out


def unnamed(view: V) -> V:
    """An engagement without who its client is, for a center the need's details are not open to: no name, no
    organisation id, and no step, record or handling whose actor is the client's organisation by its id
    ("enterprise:<id>", e.g. its reach_agreement in the history: the id names the client as well as the name does,
    ``pipeline.reviews.as_seen_by_center``) — the role is said instead. Seed 000 §5.2.4."""
    client = f"{Role.enterprise.value}:{view.enterprise_id}" if view.enterprise_id else None
    data = view.model_dump()
    data.update(enterprise_name=None, enterprise_id=None)
    return type(view).model_validate(_actor_unnamed(data, client) if client else data)


def _actor_unnamed(value: object, client: str) -> object:
    """``value`` with every string that is exactly the client's actor id replaced by its role."""
    if isinstance(value, dict):
        return {k: _actor_unnamed(v, client) for k, v in value.items()}
    if isinstance(value, list):
        return [_actor_unnamed(v, client) for v in value]
    return Role.enterprise.value if value == client else value


def thread_for(*, session: Session, principal: Principal, need_id: str,
               thread: list[MessageView]) -> list[MessageView]:
    """An engagement's thread as the caller may read it: the provider's coordinator does not learn who the client is
    from its messages' author before the need's details are open to it (or the need is public)."""
    if principal.role != Role.center_coordinator:
        return thread
    if shows_enterprise(principal, need_facts(session=session, need_id=need_id)):
        return thread
    return [m.model_copy(update={"author_name": None}) if m.author_role == Role.enterprise.value else m
            for m in thread]


def open_details_on_agreement(*, session: Session, engagement: EngagementView, by: str) -> None:
    """A service agreement with a confidentiality clause, countersigned by the enterprise, is a confidentiality
    agreement on record (seed 000 §5.2.4): the need's details open to the engagement's center. Without the clause
    nothing opens, and the provider's signature alone never opens them (issue 31): call this on the countersignature
    only."""
    agreement = pipeline.latest_agreement_view(session=session, engagement_id=engagement.id)
    if agreement is None or not (agreement.confidentiality_clause or "").strip():
        return
    authz.grant_details(session=session, need_id=engagement.need_id, center_id=engagement.center_id,
                        basis="agreement", granted_by=by, reference=engagement.id)
