"""Wire shapes of webhook subscriptions and deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from accounts.schemas import NO_NUL, Id, StrictModel
from api.webhooks.vocab import DeliveryStatus, WebhookEvent

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2000, pattern=NO_NUL)]
Secret = Annotated[str, StringConstraints(min_length=16, max_length=200, pattern=NO_NUL)]


class SubscriptionIn(StrictModel):
    url: Url
    events: list[WebhookEvent] = Field(min_length=1, max_length=len(WebhookEvent))
    secret: Secret | None = Field(default=None, description="不填则自动生成 / generated when absent")
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300, pattern=NO_NUL)] | None = None
    org_id: Id | None = Field(default=None, description="仅管理员可为其他组织订阅 / admins only: another org")


class SubscriptionOut(BaseModel):
    id: str
    org_id: str
    url: str
    events: list[WebhookEvent]
    description: str | None = None
    active: bool
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="签名密钥，只显示这一次 / signing secret, shown this once only")


class DeliveryOut(BaseModel):
    id: str
    subscription_id: str
    org_id: str
    event_id: str
    event: WebhookEvent
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    response_code: int | None = None
    last_error: str | None = None
    signature_timestamp: int | None = None
    created_at: datetime
    payload: dict[str, Any] | None = None


class DeliveryRun(BaseModel):
    """What one pass of the deliverer did."""

    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
