"""Subscriptions and the delivery log over HTTP, each organisation seeing its own (admins: all)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from accounts.schemas import NO_NUL, Actor
from api.auth.deps import allow
from api.deps import SessionDep
from api.errors import error_responses
from api.idempotency import IdempotencyDep
from api.schemas import Page
from flows import webhooks
from outbox.schemas import DeliveryOut, SecretChange, SubscriptionCreated, SubscriptionIn, SubscriptionOut
from outbox.vocab import DeliveryStatus, DomainEvent

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"],
                   responses=error_responses(400, 401, 403, 404, 413, 422))

Manager = Annotated[Actor, Depends(allow("webhooks.manage"))]
PathId = Annotated[str, Path(max_length=64, pattern=NO_NUL)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.post("/subscriptions", response_model=SubscriptionCreated, status_code=status.HTTP_201_CREATED)
def subscribe(body: SubscriptionIn, actor: Manager, session: SessionDep, request: Request,
              once: IdempotencyDep) -> Any:
    """订阅事件；签名密钥只返回这一次 / subscribe; the signing secret is returned this once only. With
    ``Idempotency-Key``, a retried request gets the first answer again (one subscription, its secret)."""
    replay = once.claim(session=session, actor=actor, body=body.model_dump(mode="json"))
    if replay is not None:
        return replay
    created = webhooks.subscribe(session=session, principal=actor, org_id=body.org_id, url=body.url,
                                 events=body.events, secret=body.secret, description=body.description,
                                 allow_private=request.app.state.api_config.webhook_allow_private)
    return once.remember(session=session, status_code=201, answer=created)


@router.get("/subscriptions", response_model=Page[SubscriptionOut])
def list_subscriptions(actor: Manager, session: SessionDep, limit: Limit = 50, offset: Offset = 0,
                       key_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL, description=(
                           "只列出该密钥创建的订阅 / only those this API key made"))] = None) -> Page[SubscriptionOut]:
    items, total = webhooks.subscriptions(session=session, principal=actor, limit=limit, offset=offset,
                                          key_id=key_id)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionOut)
def get_subscription(subscription_id: PathId, actor: Manager, session: SessionDep) -> SubscriptionOut:
    """一个订阅（不含签名密钥）/ one subscription, without its signing secret."""
    return webhooks.subscription(session=session, principal=actor, subscription_id=subscription_id)


@router.post("/subscriptions/{subscription_id}/secret", response_model=SubscriptionCreated)
def change_secret(subscription_id: PathId, actor: Manager, session: SessionDep,
                  body: SecretChange | None = None) -> SubscriptionCreated:
    """更换签名密钥，新密钥只返回这一次；此后每次投递（含待投递的）都用新密钥签名 / a new signing secret, returned
    this once; every delivery from the next attempt on, pending ones too, is signed with it."""
    return webhooks.change_secret(session=session, principal=actor, subscription_id=subscription_id,
                                  secret=body.secret if body is not None else None)


@router.delete("/subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
def unsubscribe(subscription_id: PathId, actor: Manager, session: SessionDep) -> Response:
    webhooks.unsubscribe(session=session, principal=actor, subscription_id=subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/deliveries", response_model=Page[DeliveryOut])
def list_deliveries(actor: Manager, session: SessionDep, status: DeliveryStatus | None = None,
                    event: DomainEvent | None = None,
                    subscription_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
                    limit: Limit = 50, offset: Offset = 0) -> Page[DeliveryOut]:
    """投递记录（本组织）/ the delivery log of the caller's organisation, newest first."""
    items, total = webhooks.deliveries(session=session, principal=actor, status=status, event=event,
                                       subscription_id=subscription_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/deliveries/{delivery_id}", response_model=DeliveryOut)
def get_delivery(delivery_id: PathId, actor: Manager, session: SessionDep) -> DeliveryOut:
    return webhooks.delivery(session=session, principal=actor, delivery_id=delivery_id)


@router.post("/deliveries/{delivery_id}/retry", response_model=DeliveryOut)
def retry_delivery(delivery_id: PathId, actor: Manager, session: SessionDep) -> DeliveryOut:
    return webhooks.retry(session=session, principal=actor, delivery_id=delivery_id)
