"""Identity tables: organisations, users, UI sessions, API keys and their browser origins. Only
:mod:`accounts.service` writes them (and :mod:`accounts.throttle` its counts of failed logins).

Secrets that only need checking (passwords, session tokens, API keys) are stored as hashes: a leaked table must not
let anyone in. The table names keep their ``api_`` prefix from when the API owned them, so no migration was needed
when they moved here; a table made since is named for this package.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow
from core.shared_counts import TallyRow


class Org(Base):
    """A tenant: an enterprise, a center (bound to one kb center), an association (which also hosts admins) or a
    deciding authority (a bureau, 省科协, a host organisation)."""

    __tablename__ = "api_org"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(300))
    center_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # An enterprise that registered itself waits for an association: pending → approved or refused (accounts.vocab).
    approval: Mapped[str] = mapped_column(String(20), default="approved", server_default="approved")
    review_note: Mapped[str | None] = mapped_column(String(500))
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A deciding authority (issue 29, item 3): its body (authz.vocab.AuthorityBody) and where it decides (a region
    # prefix such as 上海市; a host organisation: its provider's id).
    authority_body: Mapped[str | None] = mapped_column(String(40))
    jurisdiction: Mapped[str | None] = mapped_column(String(200))


class User(Base):
    __tablename__ = "api_user"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("api_org.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSession(Base):
    """A UI login: an opaque token, kept only as its SHA-256, sent back as an HttpOnly cookie or a bearer token."""

    __tablename__ = "api_session"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("api_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    """An integration's credential: ``ik_<prefix>_<secret>``; the prefix finds the row, the SHA-256 proves it."""

    __tablename__ = "api_key"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("api_org.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[str]] = mapped_column(JSONType)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CorsOrigin(Base):
    """A browser origin an integration (one API key) may call the API from, e.g. an association's website."""

    __tablename__ = "api_cors_origin"
    __table_args__ = (UniqueConstraint("key_id", "origin", name="uq_api_cors_origin_key_origin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(ForeignKey("api_key.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Invitation(Base):
    """A colleague asked to join an organisation: a one-time link (``iv_<secret>``, kept only as its SHA-256) that
    makes the colleague's own account in the inviter's organisation, with the inviter's role. An organisation's people
    add their colleagues themselves; an administrator is not needed for every new member of staff."""

    __tablename__ = "api_invitation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("api_org.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who is expected, as the inviter wrote it: shown to the colleague on the link's page and in the inviter's list.
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_user_id: Mapped[str | None] = mapped_column(String(36))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ThrottleCount(TallyRow, Base):
    """Failed logins (and registrations, and wrong current passwords) counted where every worker sees them, when the
    deployment has no Redis (:mod:`accounts.throttle`): a (username, address) pair's failures since it was last
    quiet, and an address's in its window."""

    __tablename__ = "accounts_throttle"
