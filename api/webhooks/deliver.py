"""The deliverer: sign each due delivery, POST it, and schedule a retry with exponential backoff when it fails.

Backoff: the n-th failed attempt waits ``base × 2^(n-1)``, times a random factor in [0.8, 1.2] so that receivers
coming back after an outage are not hit by every retry in the same second. After ``max_attempts`` the delivery is
``failed`` and stays in the log (it can be retried by hand).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import WebhookDelivery, WebhookSubscription
from api.webhooks.schemas import DeliveryRun
from api.webhooks.signing import signature
from api.webhooks.vocab import (
    HEADER_DELIVERY,
    HEADER_EVENT,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    DeliveryStatus,
)
from core.db import utcnow

JITTER = (0.8, 1.2)
USER_AGENT = "innodock-webhooks/1"


def backoff_seconds(attempts: int, *, base: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (1-based)."""
    factor = (rng or random).uniform(*JITTER)
    return float(base * 2 ** max(attempts - 1, 0) * factor)


def envelope(row: WebhookDelivery) -> bytes:
    """The body: the same bytes at every attempt of a delivery (only the timestamp header changes)."""
    created = row.created_at.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    doc: dict[str, Any] = {"id": row.event_id, "event": row.event, "created_at": created, "data": row.payload}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _due(session: Session, now: datetime, limit: int) -> list[WebhookDelivery]:
    stmt = (select(WebhookDelivery)
            .where(WebhookDelivery.status == DeliveryStatus.pending.value, WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        # Two deliverers (two app processes, or the app and the CLI) never take the same row.
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


def deliver_due(*, session: Session, client: httpx.Client, now: datetime | None = None, max_attempts: int = 8,
                base_delay: float = 30.0, timeout: float = 10.0, rng: random.Random | None = None,
                limit: int = 100) -> DeliveryRun:
    """Attempt every pending delivery due by ``now``; the caller commits. ``client`` is any ``httpx.Client``
    (tests pass one with ``httpx.MockTransport``)."""
    now = now or utcnow()
    run = DeliveryRun()
    due = _due(session, now, limit)
    # Load the subscriptions up front: no query inside the loop, so no autoflush takes SQLite's write lock while
    # slow receivers are being called (the API's own writes would wait on it).
    sub_ids = {row.subscription_id for row in due}
    subs = {s.id: s for s in session.scalars(select(WebhookSubscription).where(WebhookSubscription.id.in_(sub_ids)))}
    for row in due:
        sub = subs.get(row.subscription_id)
        if sub is None or not sub.active:
            row.status = DeliveryStatus.failed.value
            row.next_attempt_at = None
            row.last_error = "订阅已停用 / subscription inactive"
            run.failed += 1
            continue
        body = envelope(row)
        stamp = int(now.timestamp())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            HEADER_EVENT: row.event,
            HEADER_DELIVERY: row.id,
            HEADER_TIMESTAMP: str(stamp),
            HEADER_SIGNATURE: signature(sub.secret, stamp, body),
        }
        code: int | None = None
        error: str | None = None
        try:
            response = client.post(sub.url, content=body, headers=headers, timeout=timeout)
            code = response.status_code
            if not 200 <= code < 300:
                error = f"HTTP {code}: {response.text[:200]}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        run.attempted += 1
        row.attempts += 1
        row.last_attempt_at = now
        row.signature_timestamp = stamp
        row.response_code = code
        row.last_error = error
        if error is None:
            row.status = DeliveryStatus.delivered.value
            row.delivered_at = now
            row.next_attempt_at = None
            run.delivered += 1
        elif row.attempts >= max_attempts:
            row.status = DeliveryStatus.failed.value
            row.next_attempt_at = None
            run.failed += 1
        else:
            row.next_attempt_at = now + timedelta(seconds=backoff_seconds(row.attempts, base=base_delay, rng=rng))
            run.retrying += 1
    session.flush()
    return run
