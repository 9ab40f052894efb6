"""Who takes a provider's lifecycle decision (issue 29, item 3): the facts ``authz.policy.check_decision`` rules on,
gathered from the packages that own them — the provider's rules profile (``providers``: which authority its seed gives
the decision to), its region (``kb``) and the deciding authorities on the platform (``accounts``).

Every lifecycle decision passes here, whichever door it came through: a step fired by hand
(``flows.providers.advance``), a proposal decided (``flows.providers.decide_proposal``) and a decision an authority
takes (``flows.decisions.take``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.schemas import OrgOut
from authz import policy
from authz.principal import Principal
from authz.vocab import AuthorityBody, Role
from core.errors import NotFoundError, PermissionDeniedError
from intake.extract.region import canonical
from kb import service as kb
from providers import machine
from providers import service as providers


def covers(jurisdiction: str | None, body: AuthorityBody | str, *, center_id: str, region: str | None) -> bool:
    """``authz.policy.covers`` on the jurisdiction and the region as intake's gazetteer writes them in full
    (``intake.extract.region.canonical``): 江苏 and 江苏南京 cover 江苏省南京市… as 江苏省 and 江苏省南京市
    do, and a region written 江苏南京 lies in 江苏省; 江西 never covers 江苏. A host organisation's jurisdiction is
    its provider's id."""
    if AuthorityBody(body) == AuthorityBody.host_organisation or not jurisdiction:
        return policy.covers(jurisdiction, body, center_id=center_id, region=region)
    return policy.covers(canonical(jurisdiction), body, center_id=center_id,
                         region=canonical(region) if region else None)


def _found(session: Session, center_id: str, transitions: Sequence[str]
           ) -> dict[str, tuple[policy.DecisionFacts, list[OrgOut]]]:
    """Each decision's facts, and the authorities on the platform that take it (of its body, covering the provider):
    the provider, its profile and each body's authorities read once for all of ``transitions``."""
    center = kb.get_center(session=session, center_id=center_id)
    profile = providers.profile_for(session=session, center_id=center_id, kind=center.kind, region=center.region)
    written = canonical(center.region) if center.region else None
    region = written if written and written.startswith(canonical(profile.jurisdiction.zh)) else None
    bodies: dict[str, list[OrgOut]] = {}
    out: dict[str, tuple[policy.DecisionFacts, list[OrgOut]]] = {}
    zh, en = machine.PROVIDER.step_labels("zh"), machine.PROVIDER.step_labels("en")
    for transition in transitions:
        names = (zh[transition], en[transition]) if transition in zh and transition in en else None
        decider = profile.decider(transition)
        if decider is None:
            out[transition] = policy.DecisionFacts(center_id=center_id, transition=transition, names=names), []
            continue
        if decider.body not in bodies:
            bodies[decider.body] = [o for o in accounts.authorities(session=session, body=decider.body)
                                    if covers(o.jurisdiction, decider.body, center_id=center_id, region=region)]
        takers = bodies[decider.body]
        out[transition] = policy.DecisionFacts(center_id=center_id, transition=transition,
                                               body=AuthorityBody(decider.body), region=region,
                                               authority_present=bool(takers), names=names), takers
    return out


def takers(*, session: Session, center_id: str, transition: str) -> list[OrgOut]:
    """The authority organisations on the platform that take this decision: a decision prepared for them is
    announced to their officers."""
    return _found(session, center_id, [transition])[transition][1]


def facts(*, session: Session, center_id: str, transition: str) -> policy.DecisionFacts:
    """The decision as the rule sees it. The provider's region counts only where it lies in its profile's
    jurisdiction (a Jiangsu center put under Shanghai's rules is no Shanghai bureau's to decide: the association
    corrects the profile first)."""
    return _found(session, center_id, [transition])[transition][0]


def decided_by(*, session: Session, center_id: str, transition: str) -> str | None:
    """The authority body that takes this decision on this provider (``AuthorityBody``'s value), where the provider's
    profile gives it to one on the platform covering the provider; None: the association decides. What a notice of a
    prepared decision names as its deciding party (a new user's trial, 2026-11-29: "待协会决定" for the bureau's)."""
    found = facts(session=session, center_id=center_id, transition=transition)
    return found.body.value if found.body is not None and found.authority_present else None


def _as_ruled(principal: Principal) -> Principal:
    """The caller with its jurisdiction as the gazetteer writes it, as the rule compares it (see ``covers``)."""
    if principal.jurisdiction and principal.authority_body != AuthorityBody.host_organisation.value:
        return principal.model_copy(update={"jurisdiction": canonical(principal.jurisdiction)})
    return principal


def check(*, session: Session, principal: Principal, center_id: str, transition: str) -> policy.DecisionFacts:
    """Refuse (403) a decision the caller may not take on this provider; the facts, when it may."""
    found = facts(session=session, center_id=center_id, transition=transition)
    policy.check_decision(_as_ruled(principal), found)
    return found


def check_record(*, session: Session, principal: Principal, center_id: str) -> None:
    """Refuse (403) the reading of a provider's record to a caller who may not (``authz.policy.check_provider_record``,
    the one rule: an authority's officer within its jurisdiction); a provider that does not exist is 404."""
    region = None
    if principal.role == Role.authority_officer:
        found = kb.get_center(session=session, center_id=center_id).region
        region = canonical(found) if found else None
    policy.check_provider_record(_as_ruled(principal), center_id=center_id, region=region)


def oversees(principal: Principal, *, center_id: str, region: str | None) -> bool:
    """``authz.policy.oversees`` on the region as the gazetteer writes it in full (a list's filter, one row at a time:
    an authority's officer reads the providers in its jurisdiction)."""
    if principal.role != Role.authority_officer:
        return policy.oversees(principal, center_id=center_id, region=region)
    return policy.oversees(_as_ruled(principal), center_id=center_id, region=canonical(region) if region else None)


def check_overseen(*, session: Session, principal: Principal, center_id: str,
                   hide: NotFoundError | None = None) -> None:
    """Refuse a provider the caller does not oversee (``authz.policy.check_overseen``): an evaluation of a provider
    outside an officer's jurisdiction, another center's."""
    region = None
    if principal.role == Role.authority_officer:
        try:
            found = kb.get_center(session=session, center_id=center_id).region
        except NotFoundError:
            if hide is not None:
                raise hide from None
            raise
        region = canonical(found) if found else None
    policy.check_overseen(_as_ruled(principal), center_id=center_id, region=region, hide=hide)


def given_away(*, session: Session, principal: Principal, center_id: str,
               transitions: Sequence[str]) -> dict[str, str]:
    """Of ``transitions``, those the caller may not take on this provider (``authz.policy.check_decision``, the one
    rule), each with the refusal's words: the provider's page offers them as decisions to prepare, not to take."""
    ruled = _as_ruled(principal)
    out: dict[str, str] = {}
    for transition, (found, _takers) in _found(session, center_id, transitions).items():
        try:
            policy.check_decision(ruled, found)
        except PermissionDeniedError as refused:
            out[transition] = refused.message
    return out
