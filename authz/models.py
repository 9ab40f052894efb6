"""The authorization layer's own tables: which association an enterprise belongs to, consents to act on an
enterprise's behalf, detail grants that open a confidential need to its accepted center, and the security audit
log. Only ``authz.service`` writes them.

Organisation, need and center ids are kept as plain strings (no foreign keys into other packages' tables): each
package owns its tables, and an audit row must outlive whatever it names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


class Consent(Base):
    """An enterprise lets an association act on its needs (edit, submit; not declassify), until it revokes."""

    __tablename__ = "authz_consent"
    __table_args__ = (Index("ix_authz_consent_pair", "enterprise_org_id", "association_org_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    enterprise_org_id: Mapped[str] = mapped_column(String(36))
    association_org_id: Mapped[str] = mapped_column(String(36), index=True)
    granted_by: Mapped[str] = mapped_column(String(120))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(120))


class Affiliation(Base):
    """The association an enterprise belongs to: the one it registered through, whose staff serve its needs (issue
    31: tenancy between associations). One row per enterprise; a second association sees none of its needs."""

    __tablename__ = "authz_affiliation"

    enterprise_org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    association_org_id: Mapped[str] = mapped_column(String(36), index=True)
    basis: Mapped[str] = mapped_column(String(20))  # registration | created | adopted | migration
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DetailGrant(Base):
    """A confidential need's details opened to one center: by a confidentiality agreement on record (``agreement``)
    or by the enterprise's own decision (``enterprise``); closed again by revoking."""

    __tablename__ = "authz_detail_grant"
    __table_args__ = (Index("ix_authz_detail_grant_need", "need_id", "center_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    need_id: Mapped[str] = mapped_column(String(64))
    center_id: Mapped[str] = mapped_column(String(64))
    basis: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(120))
    granted_by: Mapped[str] = mapped_column(String(120))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(120))


class AuditEvent(Base):
    """One security action: consent, key and account changes, and access refused to confidential details."""

    __tablename__ = "authz_audit"
    __table_args__ = (Index("ix_authz_audit_at", "at"), Index("ix_authz_audit_action", "action"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    actor_org_id: Mapped[str | None] = mapped_column(String(36), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
