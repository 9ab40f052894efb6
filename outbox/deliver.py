"""The deliverer's steps: take a due delivery, sign it, send it (:mod:`outbox.egress`), and record what
happened — delivered, or a retry with exponential backoff, or failed.

Backoff: the n-th failed attempt waits ``base × 2^(n-1)``, times a random factor in [0.8, 1.2] so that receivers
coming back after an outage are not hit by every retry in the same second. After ``max_attempts`` the delivery is
``failed`` and stays in the log (it can be retried by hand).

Two ways to run them: :func:`deliver_subscription` (what the deliverers of :mod:`outbox.runner` run, one
subscription at a time, each step in a short transaction of its own, nothing held open while a receiver is called),
and :func:`deliver_due`, one serial pass in the caller's transaction (tests and scripts).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.db import session_scope, utcnow
from core.settings import Settings
from outbox.egress import Outcome, Sender, as_sender
from outbox.models import WebhookDelivery, WebhookSubscription
from outbox.schemas import DeliveryRun
from outbox.signing import SIGNATURE_VERSION, signature
from outbox.vocab import (
    HEADER_DELIVERY,
    HEADER_EVENT,
    HEADER_SIGNATURE,
    HEADER_SIGNATURE_VERSION,
    HEADER_TIMESTAMP,
    DeliveryStatus,
)

JITTER = (0.8, 1.2)
USER_AGENT = "innodock-webhooks/2"
INACTIVE = "订阅已停用 / subscription inactive"
# A taken delivery is not due again until its attempt's deadline plus this has passed: if the process sending it
# died, another deliverer sends it then (at least once).
LEASE_MARGIN_SECONDS = 60.0


def backoff_seconds(attempts: int, *, base: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (1-based)."""
    factor = (rng or random).uniform(*JITTER)
    return float(base * 2 ** max(attempts - 1, 0) * factor)


def envelope(row: WebhookDelivery) -> bytes:
    """The body: the same bytes at every attempt of a delivery (only the timestamp header changes)."""
    created = row.created_at.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    doc: dict[str, Any] = {"id": row.event_id, "event": row.event, "created_at": created, "data": row.payload}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class Attempt:
    """Everything one attempt needs, read out of the database so that no session is open while it is sent."""

    delivery_id: str
    url: str
    body: bytes
    headers: dict[str, str]
    stamp: int
    at: datetime


def prepare(row: WebhookDelivery, sub: WebhookSubscription, now: datetime) -> Attempt:
    body = envelope(row)
    stamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        HEADER_EVENT: row.event,
        HEADER_DELIVERY: row.id,
        HEADER_TIMESTAMP: str(stamp),
        HEADER_SIGNATURE: signature(sub.secret, stamp, row.id, body),
        HEADER_SIGNATURE_VERSION: SIGNATURE_VERSION,
    }
    return Attempt(delivery_id=row.id, url=sub.url, body=body, headers=headers, stamp=stamp, at=now)


def record(row: WebhookDelivery, attempt: Attempt, outcome: Outcome, run: DeliveryRun, *, max_attempts: int,
           base_delay: float, rng: random.Random | None = None) -> None:
    """Write one attempt's outcome on its row and count it in ``run``."""
    run.attempted += 1
    row.attempts += 1
    row.last_attempt_at = attempt.at
    row.signature_timestamp = attempt.stamp
    row.response_code = outcome.code
    row.last_error = outcome.error
    if outcome.error is None:
        row.status = DeliveryStatus.delivered.value
        row.delivered_at = attempt.at
        row.next_attempt_at = None
        run.delivered += 1
    elif row.attempts >= max_attempts:
        row.status = DeliveryStatus.failed.value
        row.next_attempt_at = None
        run.failed += 1
    else:
        row.next_attempt_at = attempt.at + timedelta(seconds=backoff_seconds(row.attempts, base=base_delay, rng=rng))
        run.retrying += 1


def _fail_inactive(row: WebhookDelivery, run: DeliveryRun) -> None:
    row.status = DeliveryStatus.failed.value
    row.next_attempt_at = None
    row.last_error = INACTIVE
    run.failed += 1


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _due(session: Session, now: datetime, limit: int) -> list[WebhookDelivery]:
    stmt = (select(WebhookDelivery)
            .where(WebhookDelivery.status == DeliveryStatus.pending.value, WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit))
    if _is_postgres(session):
        # Two deliverers (two app processes, or the app and the CLI) never take the same row.
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.scalars(stmt))


def deliver_due(*, session: Session, client: Sender | httpx.Client, now: datetime | None = None,
                max_attempts: int = 8, base_delay: float = 30.0, timeout: float = 10.0,
                rng: random.Random | None = None, limit: int = 100) -> DeliveryRun:
    """Attempt every pending delivery due by ``now``, one after the other, in the caller's transaction (the caller
    commits). ``client``: a :class:`~outbox.egress.Sender` (``egress.delivery_client``) or any
    ``httpx.Client`` (tests pass one with ``httpx.MockTransport``; its answers are read up to the cap too).
    ``timeout`` is unused (the sender holds the deadline); kept for callers."""
    sender = as_sender(client)
    now = now or utcnow()
    run = DeliveryRun()
    due = _due(session, now, limit)
    # Load the subscriptions up front: no query inside the loop, so no autoflush takes SQLite's write lock while
    # receivers are being called.
    sub_ids = {row.subscription_id for row in due}
    subs = {s.id: s for s in session.scalars(select(WebhookSubscription).where(WebhookSubscription.id.in_(sub_ids)))}
    for row in due:
        sub = subs.get(row.subscription_id)
        if sub is None or not sub.active:
            _fail_inactive(row, run)
            continue
        attempt = prepare(row, sub, now)
        outcome = sender.post(attempt.url, body=attempt.body, headers=attempt.headers)
        record(row, attempt, outcome, run, max_attempts=max_attempts, base_delay=base_delay, rng=rng)
    session.flush()
    return run


# ---- one subscription at a time, in short transactions (the deliverers) ----

def subscriptions_due(session: Session, *, now: datetime, limit: int = 100) -> list[str]:
    """Subscriptions with a delivery due by ``now``, the longest waiting first."""
    first = WebhookDelivery.next_attempt_at
    stmt = (select(WebhookDelivery.subscription_id, func.min(first).label("due"))
            .where(WebhookDelivery.status == DeliveryStatus.pending.value, first <= now)
            .group_by(WebhookDelivery.subscription_id).order_by("due", WebhookDelivery.subscription_id).limit(limit))
    return [sub_id for sub_id, _due_at in session.execute(stmt)]


def _take(session: Session, subscription_id: str, now: datetime, lease_until: datetime,
          tried: Collection[str]) -> WebhookDelivery | None:
    """This subscription's next due delivery (not one in ``tried``), taken: its ``next_attempt_at`` moves to
    ``lease_until`` so no other deliverer takes it meanwhile (a conditional update: of two deliverers racing for one
    row, one wins)."""
    while True:
        stmt = (select(WebhookDelivery)
                .where(WebhookDelivery.subscription_id == subscription_id,
                       WebhookDelivery.status == DeliveryStatus.pending.value, WebhookDelivery.next_attempt_at <= now)
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(1))
        if tried:
            stmt = stmt.where(WebhookDelivery.id.not_in(list(tried)))
        if _is_postgres(session):
            stmt = stmt.with_for_update(skip_locked=True)
        row = session.scalars(stmt).first()
        if row is None:
            return None
        taken = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == row.id, WebhookDelivery.status == DeliveryStatus.pending.value,
                   WebhookDelivery.next_attempt_at <= now)
            .values(next_attempt_at=lease_until).execution_options(synchronize_session=False))
        session.expire(row)
        if getattr(taken, "rowcount", 0) == 1:
            return row


def deliver_subscription(*, settings: Settings, subscription_id: str, sender: Sender, max_attempts: int = 8,
                         base_delay: float = 30.0, deadline_seconds: float = 10.0, turn_seconds: float | None = None,
                         now: datetime | None = None, rng: random.Random | None = None) -> DeliveryRun:
    """One turn for one subscription: its due deliveries, oldest first, one at a time, until none is due or the
    turn (default: one attempt's deadline) is used up — always at least one attempt. What is left stays due for the
    next turn, so a slow receiver holds one worker for about one deadline per turn, and only its own deliveries wait.

    Each step is a short transaction: take the row (lease it) and read what to send; send with no transaction
    open; write the outcome. ``now``: pretend time (tests); by default the clock at each attempt.
    """
    run = DeliveryRun()
    turn = deadline_seconds if turn_seconds is None else turn_seconds
    started = time.monotonic()
    tried: set[str] = set()  # one attempt per delivery per turn, as one pass of deliver_due makes
    while True:
        at = now or utcnow()
        lease_until = max(at, utcnow()) + timedelta(seconds=deadline_seconds + LEASE_MARGIN_SECONDS)
        with session_scope(settings) as session:
            row = _take(session, subscription_id, at, lease_until, tried)
            if row is None:
                break
            tried.add(row.id)
            sub = session.get(WebhookSubscription, subscription_id)
            if sub is None or not sub.active:
                _fail_inactive(row, run)
                continue
            attempt = prepare(row, sub, at)
        outcome = sender.post(attempt.url, body=attempt.body, headers=attempt.headers)
        with session_scope(settings) as session:
            stored = session.get(WebhookDelivery, attempt.delivery_id)
            if stored is not None:
                record(stored, attempt, outcome, run, max_attempts=max_attempts, base_delay=base_delay, rng=rng)
        if time.monotonic() - started >= turn:
            break
    return run
