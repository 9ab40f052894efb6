"""The authorization layer's service functions (keyword-only): affiliations, consents, detail grants, the security
audit log.

Every write happens in the caller's session. An audit of a *refused* access is kept even when the refusal rolls the
caller's transaction back (``survive_rollback``, see :func:`core.db.keep_after_rollback`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from authz.models import Affiliation, AuditEvent, Consent, DetailGrant
from authz.principal import Principal
from authz.schemas import AuditOut, ConsentOut, GrantBasis, GrantOut
from core.db import keep_after_rollback, utcnow
from core.errors import ConflictError, NotFoundError


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything written here is UTC."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# ---- affiliations: the association an enterprise belongs to (issue 31) ----

def affiliate(*, session: Session, enterprise_org_id: str, association_org_id: str, basis: str,
              by: str = "system") -> None:
    """Record (or move) the enterprise's association."""
    row = session.get(Affiliation, enterprise_org_id)
    if row is None:
        session.add(Affiliation(enterprise_org_id=enterprise_org_id, association_org_id=association_org_id,
                                basis=basis, recorded_by=by[:200], recorded_at=utcnow()))
    elif row.association_org_id != association_org_id:
        row.association_org_id, row.basis, row.recorded_by, row.recorded_at = (association_org_id, basis, by[:200],
                                                                              utcnow())
    session.flush()


def association_of(*, session: Session, enterprise_org_id: str | None) -> str | None:
    """The association an enterprise belongs to (None: none recorded, or no enterprise)."""
    if not enterprise_org_id:
        return None
    row = session.get(Affiliation, enterprise_org_id)
    return row.association_org_id if row is not None else None


def unaffiliated(*, session: Session, enterprise_org_ids: Sequence[str]) -> list[str]:
    """Those of the enterprises with no association on record."""
    known = set(session.scalars(select(Affiliation.enterprise_org_id)
                                .where(Affiliation.enterprise_org_id.in_(list(enterprise_org_ids)))))
    return [e for e in enterprise_org_ids if e not in known]


# ---- consents: an enterprise lets an association act on its needs ----

def _consent_out(row: Consent) -> ConsentOut:
    return ConsentOut(id=row.id, enterprise_org_id=row.enterprise_org_id, association_org_id=row.association_org_id,
                      granted_by=row.granted_by, granted_at=_aware(row.granted_at) or utcnow(), note=row.note,
                      revoked_at=_aware(row.revoked_at), revoked_by=row.revoked_by)


def grant_consent(*, session: Session, enterprise_org_id: str, association_org_id: str, granted_by: str,
                  note: str | None = None) -> ConsentOut:
    """Record the consent; one active consent per pair (granting again is a 409, so nobody mistakes it for news)."""
    active = session.scalar(select(Consent).where(Consent.enterprise_org_id == enterprise_org_id,
                                                  Consent.association_org_id == association_org_id,
                                                  Consent.revoked_at.is_(None)))
    if active is not None:
        raise ConflictError("已授权该协会代为办理 / this association already holds your consent",
                            field="association_org_id", code="consent_exists")
    row = Consent(id=str(uuid.uuid4()), enterprise_org_id=enterprise_org_id, association_org_id=association_org_id,
                  granted_by=granted_by, granted_at=utcnow(), note=(note or "").strip() or None)
    session.add(row)
    session.flush()
    _forget_consents(session)
    return _consent_out(row)


def revoke_consent(*, session: Session, consent_id: str, enterprise_org_id: str, revoked_by: str) -> ConsentOut:
    """Idempotent; another enterprise's consent is reported as missing."""
    row = session.get(Consent, consent_id)
    if row is None or row.enterprise_org_id != enterprise_org_id:
        raise NotFoundError("授权不存在 / no such consent", field="consent_id")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        row.revoked_by = revoked_by
        session.flush()
        _forget_consents(session)
    return _consent_out(row)


def list_consents(*, session: Session, enterprise_org_id: str | None = None, association_org_id: str | None = None,
                  active_only: bool = False) -> list[ConsentOut]:
    stmt = select(Consent).order_by(Consent.granted_at, Consent.id)
    if enterprise_org_id is not None:
        stmt = stmt.where(Consent.enterprise_org_id == enterprise_org_id)
    if association_org_id is not None:
        stmt = stmt.where(Consent.association_org_id == association_org_id)
    if active_only:
        stmt = stmt.where(Consent.revoked_at.is_(None))
    return [_consent_out(r) for r in session.scalars(stmt)]


_CONSENTING = "authz.consenting_associations"  # session.info key: enterprise org id -> its consenting associations
_CONSENTING_LISTENING = "authz.consenting_associations.listening"


def consenting_associations(*, session: Session, enterprise_org_id: str | None) -> frozenset[str]:
    """The associations the enterprise lets act for it now. Read once a transaction: a submission asked twice (who
    may write the need, then who hears of its proposals), each a SELECT (issue 33). Only this module writes consents,
    and granting or revoking one forgets what was read; the transaction's end (a commit or a rollback, a savepoint's
    too) forgets it as well, so a later transaction reads consents afresh."""
    if not enterprise_org_id:
        return frozenset()
    known: dict[str, frozenset[str]] = session.info.get(_CONSENTING) or {}
    if enterprise_org_id in known:
        return known[enterprise_org_id]
    found = frozenset(session.scalars(select(Consent.association_org_id).where(
        Consent.enterprise_org_id == enterprise_org_id, Consent.revoked_at.is_(None))))
    if not session.info.get(_CONSENTING_LISTENING):
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(session, name, _forget_consents)
        session.info[_CONSENTING_LISTENING] = True
    session.info.setdefault(_CONSENTING, {})[enterprise_org_id] = found
    return found


def _forget_consents(session: Session, *_: Any) -> None:
    session.info.pop(_CONSENTING, None)


def consenting_enterprises(*, session: Session, association_org_id: str) -> frozenset[str]:
    """The enterprises that let this association act for them now."""
    rows = session.scalars(select(Consent.enterprise_org_id).where(Consent.association_org_id == association_org_id,
                                                                   Consent.revoked_at.is_(None)))
    return frozenset(rows)


# ---- detail grants: a confidential need opened to its accepted center ----

def _grant_out(row: DetailGrant) -> GrantOut:
    return GrantOut(id=row.id, need_id=row.need_id, center_id=row.center_id, basis=row.basis,  # type: ignore[arg-type]
                    reference=row.reference, granted_by=row.granted_by,
                    granted_at=_aware(row.granted_at) or utcnow(), revoked_at=_aware(row.revoked_at),
                    revoked_by=row.revoked_by)


def grant_details(*, session: Session, need_id: str, center_id: str, basis: GrantBasis, granted_by: str,
                  reference: str | None = None) -> GrantOut:
    """Open the need's details to the center; an open grant on the same basis is returned as it is."""
    found = session.scalar(select(DetailGrant).where(DetailGrant.need_id == need_id,
                                                     DetailGrant.center_id == center_id,
                                                     DetailGrant.basis == basis, DetailGrant.revoked_at.is_(None)))
    if found is not None:
        return _grant_out(found)
    row = DetailGrant(id=str(uuid.uuid4()), need_id=need_id, center_id=center_id, basis=basis, reference=reference,
                      granted_by=granted_by, granted_at=utcnow())
    session.add(row)
    session.flush()
    return _grant_out(row)


def revoke_details(*, session: Session, need_id: str, center_id: str, revoked_by: str) -> list[GrantOut]:
    """Close every open grant of the need to the center (whatever its basis); returns what was closed."""
    rows = list(session.scalars(select(DetailGrant).where(DetailGrant.need_id == need_id,
                                                          DetailGrant.center_id == center_id,
                                                          DetailGrant.revoked_at.is_(None))))
    now = utcnow()
    for row in rows:
        row.revoked_at, row.revoked_by = now, revoked_by
    session.flush()
    return [_grant_out(r) for r in rows]


def list_grants(*, session: Session, need_id: str) -> list[GrantOut]:
    stmt = select(DetailGrant).where(DetailGrant.need_id == need_id).order_by(DetailGrant.granted_at)
    return [_grant_out(r) for r in session.scalars(stmt)]


def details_open_to(*, session: Session, need_id: str) -> frozenset[str]:
    rows = session.scalars(select(DetailGrant.center_id).where(DetailGrant.need_id == need_id,
                                                               DetailGrant.revoked_at.is_(None)))
    return frozenset(rows)


def details_open_to_many(*, session: Session, need_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """:func:`details_open_to` of many needs in one query."""
    ids = sorted(set(need_ids))
    found: dict[str, set[str]] = {need_id: set() for need_id in ids}
    if ids:
        for need_id, center_id in session.execute(select(DetailGrant.need_id, DetailGrant.center_id).where(
                DetailGrant.need_id.in_(ids), DetailGrant.revoked_at.is_(None))):
            found[need_id].add(center_id)
    return {need_id: frozenset(centers) for need_id, centers in found.items()}


def consenting_associations_of(*, session: Session, enterprise_org_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """:func:`consenting_associations` of many enterprises in one query (those already read this transaction are
    not read again), remembered as that function remembers them."""
    known: dict[str, frozenset[str]] = session.info.get(_CONSENTING) or {}
    wanted = sorted({e for e in enterprise_org_ids if e and e not in known})
    if wanted:
        found: dict[str, set[str]] = {e: set() for e in wanted}
        for enterprise, association in session.execute(select(Consent.enterprise_org_id, Consent.association_org_id)
                                                       .where(Consent.enterprise_org_id.in_(wanted),
                                                              Consent.revoked_at.is_(None))):
            found[enterprise].add(association)
        if not session.info.get(_CONSENTING_LISTENING):
            for name in ("after_commit", "after_rollback", "after_soft_rollback"):
                event.listen(session, name, _forget_consents)
            session.info[_CONSENTING_LISTENING] = True
        session.info.setdefault(_CONSENTING, {}).update({e: frozenset(a) for e, a in found.items()})
    return {e: consenting_associations(session=session, enterprise_org_id=e) for e in enterprise_org_ids if e}


# ---- the security audit log ----

def _audit_row(*, action: str, outcome: str, actor: str, actor_org_id: str | None, target_type: str | None,
               target_id: str | None, address: str | None, detail: Mapping[str, Any] | None) -> AuditEvent:
    return AuditEvent(at=utcnow(), action=action, outcome=outcome, actor=actor[:200], actor_org_id=actor_org_id,
                      target_type=target_type, target_id=(target_id or None) and target_id[:64],
                      address=(address or None) and address[:64], detail=dict(detail or {}))


def audit(*, session: Session, action: str, principal: Principal | None = None, actor: str | None = None,
          outcome: str = "ok", target_type: str | None = None, target_id: str | None = None,
          address: str | None = None, detail: Mapping[str, Any] | None = None,
          survive_rollback: bool = False) -> None:
    """Append one entry. ``principal`` (an API caller) or ``actor`` (a CLI label) says who; ``detail`` never holds
    secrets (no passwords, tokens or confidential text)."""
    who = principal.audit_label() if principal is not None else (actor or "system")
    fields: dict[str, Any] = dict(action=action, outcome=outcome, actor=who,
                                  actor_org_id=principal.org_id if principal is not None else None,
                                  target_type=target_type, target_id=target_id, address=address, detail=detail)
    session.add(_audit_row(**fields))
    session.flush()
    if survive_rollback:
        keep_after_rollback(session, lambda fresh: fresh.add(_audit_row(**fields)))


def refused(*, session: Session, principal: Principal, action: str, target_type: str, target_id: str,
            reason: str, address: str | None = None) -> None:
    """Access refused to confidential details: on record even though the refusal undoes the request."""
    audit(session=session, action=action, principal=principal, outcome="refused", target_type=target_type,
          target_id=target_id, address=address, detail={"reason": reason}, survive_rollback=True)


def list_audit(*, session: Session, limit: int = 50, offset: int = 0, action: str | None = None,
               outcome: str | None = None) -> tuple[list[AuditOut], int]:
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    return [AuditOut(id=r.id, at=_aware(r.at) or utcnow(), action=r.action, outcome=r.outcome,  # type: ignore[arg-type]
                     actor=r.actor, actor_org_id=r.actor_org_id, target_type=r.target_type, target_id=r.target_id,
                     address=r.address, detail=dict(r.detail or {})) for r in rows], int(total)
