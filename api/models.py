"""The API's own tables: idempotency (:mod:`api.idempotency` writes it: a retried request is an HTTP matter) and the
shared request pace (:mod:`api.rate_limits`). The identity tables are :mod:`accounts.models`', the webhooks' and
jobs' :mod:`outbox.models`'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


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


class PaceCount(Base):
    """How many requests one caller made in one window of a shared pace (:class:`api.rate_limits.SharedPace`, when
    the deployment has no Redis): every worker counts in the same row, so two workers do not each grant the whole
    allowance. ``slot`` is the window's number since the epoch; rows of windows past are deleted as new ones start."""

    __tablename__ = "api_pace"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    slot: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    hits: Mapped[int] = mapped_column(Integer)
