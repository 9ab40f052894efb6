"""Webhook subscriptions, the outbox (:func:`emit`) and the delivery log (keyword-only functions).

``emit`` only writes rows, in the caller's transaction: if the caller's change rolls back, no webhook announces it.
Sending is the deliverer's job (:mod:`outbox.deliver`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic_core import to_jsonable_python
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.service import as_utc
from core.db import utcnow
from core.errors import ConflictError, InnodockError, NotFoundError
from outbox.egress import check_url_host
from outbox.models import WebhookDelivery, WebhookSubscription
from outbox.schemas import DeliveryOut, SubscriptionCreated, SubscriptionOut
from outbox.vocab import DeliveryStatus, DomainEvent

# Set on a session whose transaction queued deliveries: after its commit the API hands them to the job queue
# (``api.deps.get_session``), so with Redis configured a worker sends them instead of the app's deliverer thread.
QUEUED_FLAG = "innodock.webhook_deliveries_queued"


def _event(value: DomainEvent | str) -> DomainEvent:
    try:
        return DomainEvent(value)
    except ValueError as exc:
        known = ", ".join(e.value for e in DomainEvent)
        raise InnodockError(f"未知事件 {value!r}，可选：{known} / unknown event; one of: {known}",
                            field="events") from exc


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    try:
        parts.port  # noqa: B018 - parsing it is the check (a port out of range raises)
    except ValueError as exc:
        raise InnodockError("回调地址的端口无效 / the webhook url has an invalid port", field="url") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise InnodockError("回调地址应为 http(s) 网址 / the webhook url must be an http(s) URL", field="url")
    return url.strip()


def _without_nul(value: Any) -> Any:
    """PostgreSQL's JSONB cannot hold U+0000; a stray one in some text must not undo the caller's transaction."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def subscription_out(row: WebhookSubscription) -> SubscriptionOut:
    return SubscriptionOut(id=row.id, org_id=row.org_id, url=row.url, events=[DomainEvent(e) for e in row.events],
                           description=row.description, active=row.active, created_at=as_utc(row.created_at),
                           key_id=row.key_id)


def create_subscription(*, session: Session, org_id: str, url: str, events: Collection[DomainEvent | str],
                        secret: str | None = None, description: str | None = None,
                        allow_private: bool = False, key_id: str | None = None) -> SubscriptionCreated:
    """A new subscription; the signing secret is generated unless given, and returned this once. ``key_id``: the
    integration key that asked for it, kept so that a leaked key's subscriptions can be found.

    ``allow_private`` lets the URL be on this machine or the private network (see :mod:`outbox.egress`);
    a numeric host is taken in its plain spelling only, either way.
    """
    accounts.get_org(session=session, org_id=org_id)
    chosen = sorted({_event(e).value for e in events})
    if not chosen:
        raise InnodockError("至少订阅一个事件 / subscribe to at least one event", field="events")
    checked = _check_url(url)
    check_url_host(checked, allow_private=allow_private)
    row = WebhookSubscription(id=str(uuid.uuid4()), org_id=org_id, url=checked, secret=_new_secret(secret),
                              events=chosen, description=description, active=True, created_at=utcnow(),
                              key_id=key_id)
    session.add(row)
    session.flush()
    _forget_subscriptions(session)
    return SubscriptionCreated(**subscription_out(row).model_dump(), secret=row.secret)


def _new_secret(given: str | None) -> str:
    if given is not None and len(given) < 16:
        raise InnodockError("签名密钥至少16个字符 / the secret needs 16+ characters", field="secret")
    return given or "whsec_" + secrets.token_urlsafe(32)


def change_secret(*, session: Session, subscription_id: str, org_id: str | None,
                  secret: str | None = None) -> SubscriptionCreated:
    """A subscription signs with a new secret (generated unless given), returned this once; from the next attempt
    on, every delivery, pending ones too, is signed with it. A switched-off subscription sends nothing to sign."""
    row = _subscription_row(session, subscription_id, org_id)
    if not row.active:
        raise ConflictError("订阅已停用，无需更换密钥 / the subscription is switched off: it signs nothing",
                            field="subscription_id")
    row.secret = _new_secret(secret)
    session.flush()
    _forget_subscriptions(session)
    return SubscriptionCreated(**subscription_out(row).model_dump(), secret=row.secret)


def _subscription_row(session: Session, subscription_id: str, org_id: str | None) -> WebhookSubscription:
    row = session.get(WebhookSubscription, subscription_id)
    if row is None or (org_id is not None and row.org_id != org_id):
        raise NotFoundError(f"订阅不存在 / no subscription with id {subscription_id!r}", field="subscription_id")
    return row


def get_subscription(*, session: Session, subscription_id: str, org_id: str | None) -> SubscriptionOut:
    """One subscription, without its secret (another organisation's is missing)."""
    return subscription_out(_subscription_row(session, subscription_id, org_id))


def list_subscriptions(*, session: Session, org_id: str | None, limit: int = 50, offset: int = 0,
                       key_id: str | None = None) -> tuple[list[SubscriptionOut], int]:
    """Oldest first, with the total; ``key_id``: only those that key made."""
    stmt = select(WebhookSubscription)
    if org_id is not None:
        stmt = stmt.where(WebhookSubscription.org_id == org_id)
    if key_id is not None:
        stmt = stmt.where(WebhookSubscription.key_id == key_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(WebhookSubscription.created_at, WebhookSubscription.id)
                           .limit(limit).offset(offset))
    return [subscription_out(r) for r in rows], total


def deactivate_subscription(*, session: Session, subscription_id: str, org_id: str | None) -> SubscriptionOut:
    """Switch off (kept for the log). Its pending deliveries fail at their next attempt."""
    row = _subscription_row(session, subscription_id, org_id)
    row.active = False
    session.flush()
    _forget_subscriptions(session)
    return subscription_out(row)


def subscriptions_for(*, session: Session, org_ids: Collection[str] | None) -> list[WebhookSubscription]:
    """The active subscriptions of these organisations (``None``: of everyone), oldest first: read once for a batch
    of events and handed to :func:`emit` for each (a submission's ten proposals read them ten times, issue 33).

    Everyone's, once read, serve every later ask of the same transaction: a submission announces the published need
    to everyone, then its proposals and its offers to a few, and read the table three times (issue 33). Only this
    module writes subscriptions, and each write forgets what was read, as does the transaction's end."""
    everyone: list[WebhookSubscription] | None = session.info.get(_EVERYONE)
    if org_ids is not None:
        if not org_ids:
            return []
        if everyone is not None:
            wanted = set(org_ids)
            return [sub for sub in everyone if sub.org_id in wanted]
    elif everyone is not None:
        return list(everyone)
    stmt = select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
    if org_ids is not None:
        stmt = stmt.where(WebhookSubscription.org_id.in_(sorted(set(org_ids))))
    found = list(session.scalars(stmt.order_by(WebhookSubscription.created_at)))
    if org_ids is None:
        if not session.info.get(_EVERYONE_LISTENING):
            for name in ("after_commit", "after_rollback", "after_soft_rollback"):
                event.listen(session, name, _forget_subscriptions)
            session.info[_EVERYONE_LISTENING] = True
        session.info[_EVERYONE] = found
        return list(found)
    return found


_EVERYONE = "outbox.active_subscriptions"  # session.info key: every active subscription, read in this transaction
_EVERYONE_LISTENING = "outbox.active_subscriptions.listening"


def _forget_subscriptions(session: Session, *_: Any) -> None:
    session.info.pop(_EVERYONE, None)


def emit(*, session: Session, event: DomainEvent | str, payload: Mapping[str, Any] | Any,
         org_ids: Collection[str] | None = None, now: datetime | None = None,
         subscriptions: Sequence[WebhookSubscription] | None = None) -> list[str]:
    """Record one delivery per active subscription to ``event`` (of ``org_ids`` only, when given); return their ids.

    The payload must already be what the receivers may see: for ``need.published``, the redacted public view.
    Pydantic models, datetimes and enums are turned into JSON here. ``subscriptions``: those of
    :func:`subscriptions_for`, already read for a batch that covers ``org_ids``; read here when not given.
    """
    kind = _event(event)
    data = _without_nul(to_jsonable_python(payload))
    if not isinstance(data, dict):
        raise InnodockError("事件内容应为 JSON 对象 / a webhook payload must be a JSON object", field="payload")
    if org_ids is not None and not org_ids:
        return []
    if subscriptions is None:
        subscriptions = subscriptions_for(session=session, org_ids=org_ids)
    elif org_ids is not None:
        wanted = set(org_ids)
        subscriptions = [sub for sub in subscriptions if sub.org_id in wanted]
    now = now or utcnow()
    event_id = str(uuid.uuid4())
    ids: list[str] = []
    # The event list is a small JSON array; filtering it here keeps one query for SQLite and PostgreSQL alike.
    for sub in subscriptions:
        if not sub.active or kind.value not in sub.events:
            continue
        delivery = WebhookDelivery(id=str(uuid.uuid4()), subscription_id=sub.id, org_id=sub.org_id, event_id=event_id,
                                   event=kind.value, payload=data, status=DeliveryStatus.pending.value, attempts=0,
                                   next_attempt_at=now, created_at=now)
        session.add(delivery)
        ids.append(delivery.id)
    session.flush()
    if ids:
        session.info[QUEUED_FLAG] = True
    return ids


def next_attempt_at(*, session: Session) -> datetime | None:
    """When the earliest pending delivery is due (None: nothing pending), so a queued deliverer knows when to run
    again for the retries it left."""
    value = session.scalar(select(func.min(WebhookDelivery.next_attempt_at))
                           .where(WebhookDelivery.status == DeliveryStatus.pending.value))
    return as_utc(value) if value is not None else None


def delivery_out(row: WebhookDelivery, *, with_payload: bool = False) -> DeliveryOut:
    def opt(value: datetime | None) -> datetime | None:
        return as_utc(value) if value else None

    return DeliveryOut(id=row.id, subscription_id=row.subscription_id, org_id=row.org_id, event_id=row.event_id,
                       event=DomainEvent(row.event), status=DeliveryStatus(row.status), attempts=row.attempts,
                       next_attempt_at=opt(row.next_attempt_at), last_attempt_at=opt(row.last_attempt_at),
                       delivered_at=opt(row.delivered_at), response_code=row.response_code,
                       last_error=row.last_error, signature_timestamp=row.signature_timestamp,
                       created_at=as_utc(row.created_at), payload=row.payload if with_payload else None)


def list_deliveries(*, session: Session, org_id: str | None, status: DeliveryStatus | None = None,
                    event: DomainEvent | None = None, subscription_id: str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[list[DeliveryOut], int]:
    """The delivery log, newest first; ``org_id`` None means every org (admins)."""
    stmt = select(WebhookDelivery)
    if org_id is not None:
        stmt = stmt.where(WebhookDelivery.org_id == org_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status.value)
    if event is not None:
        stmt = stmt.where(WebhookDelivery.event == event.value)
    if subscription_id is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id == subscription_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
                           .limit(limit).offset(offset))
    return [delivery_out(r) for r in rows], total


def _delivery_row(session: Session, delivery_id: str, org_id: str | None) -> WebhookDelivery:
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or (org_id is not None and row.org_id != org_id):
        raise NotFoundError(f"投递记录不存在 / no delivery with id {delivery_id!r}", field="delivery_id")
    return row


def get_delivery(*, session: Session, delivery_id: str, org_id: str | None) -> DeliveryOut:
    return delivery_out(_delivery_row(session, delivery_id, org_id), with_payload=True)


def retry_delivery(*, session: Session, delivery_id: str, org_id: str | None,
                   now: datetime | None = None) -> DeliveryOut:
    """Send a failed (or pending) delivery again, with a fresh set of attempts, at the next pass."""
    row = _delivery_row(session, delivery_id, org_id)
    if row.status == DeliveryStatus.delivered.value:
        raise InnodockError("已投递成功，无需重试 / already delivered", field="delivery_id")
    row.status = DeliveryStatus.pending.value
    row.attempts = 0
    row.next_attempt_at = now or utcnow()
    session.flush()
    session.info[QUEUED_FLAG] = True
    return delivery_out(row, with_payload=True)
