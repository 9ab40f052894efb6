"""An organisation's webhooks as it manages them: subscribing to events, switching a subscription off, reading the
delivery log and sending a delivery again. Each step is limited to the caller's own organisation (the platform
operator: any), asked of ``authz.tenancy``, so another tenant's subscription or delivery is missing, never shown.

The outbox stores and sends; this is the door's side of it, so the API (and any later page) imports nothing of the
outbox but its schemas and vocabulary (the import contract "api-front-door").
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from authz import service as authz
from authz.principal import Principal
from authz.tenancy import ensure_visible, owning_org
from outbox import service as webhooks
from outbox.schemas import DeliveryOut, SubscriptionCreated, SubscriptionOut
from outbox.vocab import DeliveryStatus, DomainEvent


def subscribe(*, session: Session, principal: Principal, org_id: str | None, url: str,
              events: Collection[DomainEvent | str], secret: str | None = None, description: str | None = None,
              allow_private: bool = False) -> SubscriptionCreated:
    """Subscribe an organisation (the caller's own unless ``org_id`` names another the caller may see: an
    administrator's) to events; the signing secret is returned this once. ``allow_private``: the deployment lets
    receivers sit on the private network."""
    org_id = org_id or principal.org_id
    ensure_visible(principal, org_id=org_id, what="组织 / organisation", field="org_id")
    made = webhooks.create_subscription(session=session, org_id=org_id, url=url, events=events, secret=secret,
                                        description=description, allow_private=allow_private)
    _audit(session, principal, "webhook.subscribed", made)
    return made


def _audit(session: Session, principal: Principal, action: str, subscription: SubscriptionOut) -> None:
    """Where an organisation's events go is in the security log, as its keys and consents are (the route rules
    audited on 2026-11-28 found subscriptions missing from it): who, for which organisation, to which receiver. The
    receiver by its scheme and host only, since a URL's path or query may carry a token."""
    parts = urlsplit(subscription.url)
    authz.audit(session=session, action=action, principal=principal, target_type="webhook",
                target_id=subscription.id,
                detail={"org_id": subscription.org_id, "receiver": f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}",
                        "events": [e.value for e in subscription.events]})


def subscriptions(*, session: Session, principal: Principal, limit: int = 50,
                  offset: int = 0) -> tuple[list[SubscriptionOut], int]:
    """The caller's organisation's subscriptions (the operator's: all), oldest first, and the total."""
    return webhooks.list_subscriptions(session=session, org_id=owning_org(principal), limit=limit, offset=offset)


def unsubscribe(*, session: Session, principal: Principal, subscription_id: str) -> SubscriptionOut:
    """Switch a subscription off (kept for the log); its pending deliveries fail at their next attempt."""
    done = webhooks.deactivate_subscription(session=session, subscription_id=subscription_id,
                                            org_id=owning_org(principal))
    _audit(session, principal, "webhook.unsubscribed", done)
    return done


def deliveries(*, session: Session, principal: Principal, status: DeliveryStatus | None = None,
               event: DomainEvent | None = None, subscription_id: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[DeliveryOut], int]:
    """The caller's organisation's delivery log, newest first, and the total."""
    return webhooks.list_deliveries(session=session, org_id=owning_org(principal), status=status, event=event,
                                    subscription_id=subscription_id, limit=limit, offset=offset)


def delivery(*, session: Session, principal: Principal, delivery_id: str) -> DeliveryOut:
    """One delivery with the payload it carries (another organisation's is missing)."""
    return webhooks.get_delivery(session=session, delivery_id=delivery_id, org_id=owning_org(principal))


def retry(*, session: Session, principal: Principal, delivery_id: str) -> DeliveryOut:
    """Send a failed or pending delivery again, with a fresh set of attempts, at the next pass after the commit."""
    return webhooks.retry_delivery(session=session, delivery_id=delivery_id, org_id=owning_org(principal))
