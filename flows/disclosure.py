"""The enterprise opens (or closes) its need's details to the accepted center, beside the confidentiality clause of
a signed agreement (seed 000 §5.2.4, "详细技术信息仅在签署保密协议后向对接机构提供": the enterprise may decide
earlier, for instance after a separate 保密协议 signed outside the platform).

Only the accepted center can be given the details: a proposed center, a competitor of it, never. Every grant and
revocation is in the security audit log.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from authz import policy
from authz import service as authz
from authz.principal import Principal
from authz.schemas import GrantOut
from core.errors import ConflictError
from flows import access
from intake import service as intake


def _accepted_center(*, session: Session, principal: Principal, need_id: str) -> str:
    facts = access.need_facts(session=session, need_id=need_id, principal=principal)
    policy.authorize(principal, "need.disclose")
    policy.check_need_write(principal, facts)
    if facts.accepted is None:
        raise ConflictError("还没有承接机构，详细信息无处开放 / no provider has been accepted for this need yet",
                            field="need_id", code="no_accepted_center")
    return facts.accepted


def open_details(*, session: Session, principal: Principal, need_id: str, reference: str | None = None) -> GrantOut:
    """Open the details to the provider that holds the need now. Once the engagement has ended (the enterprise
    withdrew, or the need is closed) the review still names that provider, and the details were opened to a provider
    the enterprise had left (the enterprise's day, 2026-11-28); closing them stays possible."""
    center = _accepted_center(session=session, principal=principal, need_id=need_id)
    if not intake.need_allows(session=session, need_id=need_id, transition="redock"):  # held by a provider: redock
        raise ConflictError("对接已结束（已撤回或已办结），详细信息不再向服务机构开放 / the engagement has ended "
                            "(withdrawn or closed): the details are no longer opened to a provider",
                            field="need_id", code="engagement_ended")
    grant = authz.grant_details(session=session, need_id=need_id, center_id=center, basis="enterprise",
                                granted_by=principal.audit_label(), reference=reference)
    authz.audit(session=session, action="details.opened", principal=principal, target_type="need",
                target_id=need_id, detail={"center_id": center})
    return grant


def close_details(*, session: Session, principal: Principal, need_id: str) -> list[GrantOut]:
    """Close every open grant to the accepted center, whatever its basis: the enterprise's word is the last."""
    center = _accepted_center(session=session, principal=principal, need_id=need_id)
    closed = authz.revoke_details(session=session, need_id=need_id, center_id=center,
                                  revoked_by=principal.audit_label())
    authz.audit(session=session, action="details.closed", principal=principal, target_type="need",
                target_id=need_id, detail={"center_id": center, "grants_closed": len(closed)})
    return closed


def grants(*, session: Session, principal: Principal, need_id: str) -> list[GrantOut]:
    access.writable_need(session=session, principal=principal, need_id=need_id)
    return authz.list_grants(session=session, need_id=need_id)


def opened_to_accepted(*, session: Session, principal: Principal, need_ids: Sequence[str]) -> frozenset[str]:
    """Of these needs, those whose details are open now to the provider that holds them, among the needs the caller
    acts for (:func:`grants`' rule, ``policy.acts_for``; others are left out): every need's facts and grants read
    together, where the enterprise's needs page asked :func:`grants` one need at a time (issue 33)."""
    if not need_ids:
        return frozenset()
    return frozenset(need_id for need_id, facts in access.facts_of_needs(session=session, need_ids=need_ids).items()
                     if policy.acts_for(principal, facts) and facts.accepted is not None
                     and facts.accepted in facts.details_open_to)
