"""An independent evaluator, checked (issue 29, item 3): the organisation a third-party rating run is assigned to is
looked up and its links with the evaluated provider in the rated period gathered — the provider itself, its host
organisation (an authority of body ``host_organisation`` for that provider), a client of its engagements then, an
expert of its own on the provider's teams then — for ``evaluation.independence.check_third_party`` to rule on.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.schemas import OrgOut
from authz import policy
from authz.principal import Principal
from authz.vocab import AuthorityBody, OrgKind
from core.errors import InnodockError, NotFoundError
from evaluation.independence import EvaluatorLinks, check_third_party
from evaluation.records import period_bounds
from kb import service as kb
from pipeline.links import links as provider_links


def links_of(*, session: Session, center_id: str, period: str, org: OrgOut) -> EvaluatorLinks:
    start, end = period_bounds(period)
    worked = provider_links(session=session, center_id=center_id, start=start, end=end)
    own_experts = ({e.id for e in kb.list_experts(session=session, center_id=org.center_id)}
                   if org.kind == OrgKind.center and org.center_id else set())
    region = kb.get_center(session=session, center_id=center_id).region or ""
    return EvaluatorLinks(
        org_name=org.name,
        is_provider=org.kind == OrgKind.center and org.center_id == center_id,
        is_host=(org.kind == OrgKind.authority and org.authority_body == AuthorityBody.host_organisation
                 and org.jurisdiction == center_id),
        client=org.id in worked.clients,
        shared_experts=tuple(sorted(own_experts & worked.experts)),
        is_association=org.kind == OrgKind.association,
        is_supervisor=(org.kind == OrgKind.authority and bool(org.jurisdiction)
                       and (org.jurisdiction == center_id or region.startswith(org.jurisdiction or ""))))


def independent_evaluator(*, session: Session, center_id: str, period: str, org_id: str) -> OrgOut:
    """The evaluator organisation, when it is independent of the provider in the period; refused (400 or 404, naming
    ``evaluator_org_id``) otherwise."""
    try:
        org = accounts.get_org(session=session, org_id=org_id)
    except NotFoundError:
        raise NotFoundError("评价机构不存在 / no such evaluator organisation", field="evaluator_org_id") from None
    if not org.active:
        raise InnodockError("评价机构已停用 / the evaluator organisation is disabled", field="evaluator_org_id")
    check_third_party(links_of(session=session, center_id=center_id, period=period, org=org))
    return org


EVALUATOR_KINDS = (OrgKind.association, OrgKind.center, OrgKind.authority)  # organisations that evaluate others


def evaluator_choices(*, session: Session, principal: Principal, center_id: str, period: str) -> list[OrgOut]:
    """The organisations a third-party run of this provider for ``period`` may be assigned to, as the rating page
    offers them, by name: only the eligible ones, each passing ``evaluation.independence.check_third_party`` (the
    dropdown listed the evaluated center, its bureau and the association, refused only once sent: a new user's
    trial, 2026-11-29). None eligible: the association gives an outside evaluation body's name instead."""
    policy.check_own_center(principal, center_id)
    policy.check_not_own_provider(principal, center_id, what="评分（评价方的评分表）")
    found = []
    for kind in EVALUATOR_KINDS:
        for org in accounts.list_orgs(session=session, kind=kind, active=True, limit=500)[0]:
            try:
                check_third_party(links_of(session=session, center_id=center_id, period=period, org=org))
            except InnodockError:
                continue
            found.append(org)
    return sorted(found, key=lambda o: (o.name, o.id))
