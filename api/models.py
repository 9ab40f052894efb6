"""The API's own tables: idempotency (:mod:`api.idempotency` writes it: a retried request is an HTTP matter) and the
shared request pace (:mod:`api.rate_limits`). The identity tables are :mod:`accounts.models`', the webhooks' and
jobs' :mod:`outbox.models`'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow
from core.shared_counts import TallyRow


class IdempotencyRecord(Base):
    """A retried POST answered once: the first request with an ``Idempotency-Key`` claims the key (the unique
    constraint makes parallel retries wait for or lose to it), and its response is replayed to every retry."""

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_api_idempotency_scope_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[Any | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class PaceCount(TallyRow, Base):
    """How many requests one caller made in the current window of a shared pace (:class:`api.rate_limits.SharedPace`,
    when the deployment has no Redis): every worker counts in the same row, so two workers do not each grant the
    whole allowance. A row whose last request is before its window's start counts afresh (:mod:`core.shared_counts`).
    """

    __tablename__ = "api_pace"
