"""The outbox's tables: webhook subscriptions, the deliveries the deliverer works through (and keeps as the log), and
the background jobs. Only :mod:`outbox` writes them.

The table names keep their ``api_`` prefix from when the API owned them, so the move needed no migration. The webhook
signing secret is stored as given, not hashed: the deliverer must sign with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


class WebhookSubscription(Base):
    __tablename__ = "api_webhook_subscription"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("api_org.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[list[str]] = mapped_column(JSONType)
    description: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The integration key that made it (None: a person, the terminal, or made before keys were recorded), so that
    # after a key leaks the organisation finds what it subscribed.
    key_id: Mapped[str | None] = mapped_column(String(36), index=True)


class WebhookDelivery(Base):
    """One event to one subscription: the outbox row the deliverer works through, and the delivery log."""

    __tablename__ = "api_webhook_delivery"
    __table_args__ = (Index("ix_api_webhook_delivery_due", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("api_webhook_subscription.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    event: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    response_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    signature_timestamp: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Job(Base):
    """A background job as every API worker sees it, whichever backend ran it: the queue (RQ on Redis, or a thread)
    only carries the work; the status, the result and the error live here, written by the job's own wrapper."""

    __tablename__ = "api_job"
    __table_args__ = (Index("ix_api_job_org_created", "org_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), index=True)
    org_id: Mapped[str | None] = mapped_column(String(36))
    requested_by: Mapped[str | None] = mapped_column(String(36))
    params: Mapped[dict[str, Any]] = mapped_column(JSONType)
    result: Mapped[Any | None] = mapped_column(JSONType)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # host/pid/start of the process running the job (in-process queue: whose thread will run it): what the reaper
    # checks, so a job whose process died does not stay "started" for ever (outbox.jobs.reap_jobs).
    worker: Mapped[str | None] = mapped_column(String(200))
