"""An enterprise's consents: which associations may act on its needs (edit, submit) on its behalf.

Without a consent an association acts only on the needs it submitted for the enterprise itself
(``authz.policy.acts_for``). Granting and revoking are the enterprise's people's; each is audited.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from authz import service as authz
from authz.principal import Principal
from authz.schemas import ConsentOut
from authz.vocab import Role


def grant(*, session: Session, principal: Principal, association_org_id: str, note: str | None,
          address: str | None) -> ConsentOut:
    """``association_org_id``: an association the entry point found (organisations are the API's)."""
    consent = authz.grant_consent(session=session, enterprise_org_id=principal.org_id,
                                  association_org_id=association_org_id, granted_by=principal.audit_label(),
                                  note=note)
    authz.audit(session=session, action="consent.granted", principal=principal, target_type="consent",
                target_id=consent.id, address=address, detail={"association_org_id": association_org_id})
    return consent


def consents(*, session: Session, principal: Principal) -> list[ConsentOut]:
    """An enterprise's consents, those given to an association, or (admins) all."""
    if principal.role == Role.enterprise:
        return authz.list_consents(session=session, enterprise_org_id=principal.org_id)
    if principal.role == Role.admin:
        return authz.list_consents(session=session)
    return authz.list_consents(session=session, association_org_id=principal.org_id)


def revoke(*, session: Session, principal: Principal, consent_id: str, address: str | None) -> None:
    authz.revoke_consent(session=session, consent_id=consent_id, enterprise_org_id=principal.org_id,
                         revoked_by=principal.audit_label())
    authz.audit(session=session, action="consent.revoked", principal=principal, target_type="consent",
                target_id=consent_id, address=address)
