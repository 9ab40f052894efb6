"""An organisation's webhooks as it manages them: subscribing to events, switching a subscription off, changing its
signing secret, reading the delivery log and sending a delivery again. Each step is limited to the caller's own
organisation (the platform operator: any), asked of ``authz.tenancy``, so another tenant's subscription or delivery
is missing, never shown.

The outbox stores and sends; this is the door's side of it, so the API (and any later page) imports nothing of the
outbox but its schemas and vocabulary (the import contract "api-front-door"). ``innodock webhooks subscribe``,
``unsubscribe`` and ``secret`` (``cli.webhooks``) call the same steps with no principal: whoever runs the command
owns the deployment, reaches any organisation, and is named "cli" in the security log, as in ``flows.accounts``.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from authz import service as authz
from authz.principal import Principal
from authz.tenancy import ensure_visible, owning_org
from core.errors import InnodockError
from flows.accounts import TERMINAL
from outbox import service as webhooks
from outbox.schemas import DeliveryOut, SubscriptionCreated, SubscriptionOut
from outbox.vocab import DeliveryStatus, DomainEvent


def subscribe(*, session: Session, principal: Principal | None, org_id: str | None, url: str,
              events: Collection[DomainEvent | str], secret: str | None = None, description: str | None = None,
              allow_private: bool = False) -> SubscriptionCreated:
    """Subscribe an organisation (the caller's own unless ``org_id`` names another the caller may see: an
    administrator's; the terminal, ``principal`` None, names it) to events; the signing secret is returned this once.
    ``allow_private``: the deployment lets receivers sit on the private network."""
    if principal is not None:
        org_id = org_id or principal.org_id
        ensure_visible(principal, org_id=org_id, what="组织 / organisation", field="org_id")
    if not org_id:
        raise InnodockError("请指明组织 / name the organisation", field="org_id")
    made = webhooks.create_subscription(session=session, org_id=org_id, url=url, events=events, secret=secret,
                                        description=description, allow_private=allow_private,
                                        key_id=principal.key_id if principal is not None else None)
    _audit(session, principal, "webhook.subscribed", made)
    return made


def _audit(session: Session, principal: Principal | None, action: str, subscription: SubscriptionOut) -> None:
    """Where an organisation's events go is in the security log, as its keys and consents are (the route rules
    audited on 2026-11-28 found subscriptions missing from it): who, for which organisation, to which receiver. The
    receiver by its scheme and host only, since a URL's path or query may carry a token."""
    parts = urlsplit(subscription.url)
    authz.audit(session=session, action=action, principal=principal, actor=TERMINAL, target_type="webhook",
                target_id=subscription.id,
                detail={"org_id": subscription.org_id, "receiver": f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}",
                        "events": [e.value for e in subscription.events]})


def subscriptions(*, session: Session, principal: Principal, limit: int = 50, offset: int = 0,
                  key_id: str | None = None) -> tuple[list[SubscriptionOut], int]:
    """The caller's organisation's subscriptions (the operator's: all), oldest first, and the total; ``key_id``:
    those one key made (after it leaked, what to switch off)."""
    return webhooks.list_subscriptions(session=session, org_id=owning_org(principal), limit=limit, offset=offset,
                                       key_id=key_id)


def subscription(*, session: Session, principal: Principal, subscription_id: str) -> SubscriptionOut:
    """One of the caller's organisation's subscriptions (the operator's: any), as the list shows it: what a
    developer who kept its id reads back (another organisation's is missing, as in :func:`unsubscribe`)."""
    return webhooks.get_subscription(session=session, subscription_id=subscription_id,
                                     org_id=owning_org(principal))


def change_secret(*, session: Session, principal: Principal | None, subscription_id: str,
                  secret: str | None = None) -> SubscriptionCreated:
    """A subscription's signing secret replaced (after a leak, or as routine), the new one returned this once and
    the change in the security log. Another organisation's subscription is missing, as in :func:`unsubscribe`."""
    changed = webhooks.change_secret(session=session, subscription_id=subscription_id, secret=secret,
                                     org_id=owning_org(principal) if principal is not None else None)
    _audit(session, principal, "webhook.secret_changed", changed)
    return changed


def unsubscribe(*, session: Session, principal: Principal | None, subscription_id: str) -> SubscriptionOut:
    """Switch a subscription off (kept for the log); its pending deliveries fail at their next attempt. Another
    organisation's is missing, except to an administrator and the terminal (``principal`` None)."""
    done = webhooks.deactivate_subscription(session=session, subscription_id=subscription_id,
                                            org_id=owning_org(principal) if principal is not None else None)
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
