"""Wire shapes of webhook subscriptions and deliveries, and of background jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from accounts.schemas import NO_NUL, Id, StrictModel
from outbox.vocab import DeliveryStatus, DomainEvent

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2000, pattern=NO_NUL)]
Secret = Annotated[str, StringConstraints(min_length=16, max_length=200, pattern=NO_NUL)]


class SubscriptionIn(StrictModel):
    url: Url
    events: list[DomainEvent] = Field(min_length=1, max_length=len(DomainEvent))
    secret: Secret | None = Field(default=None, description="不填则自动生成 / generated when absent")
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300, pattern=NO_NUL)] | None = None
    org_id: Id | None = Field(default=None, description="仅管理员可为其他组织订阅 / admins only: another org")


class SubscriptionOut(BaseModel):
    id: str
    org_id: str
    url: str
    events: list[DomainEvent]
    description: str | None = None
    active: bool
    created_at: datetime
    key_id: str | None = Field(default=None, description="创建它的 API 密钥；由人或命令行创建时为空 / the API key "
                               "that made it; null when a person or the terminal did")


class SecretChange(StrictModel):
    secret: Secret | None = Field(default=None, description="不填则自动生成 / generated when absent")


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="签名密钥，只显示这一次 / signing secret, shown this once only")


class DeliveryOut(BaseModel):
    id: str
    subscription_id: str
    org_id: str
    event_id: str
    event: DomainEvent
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


JobStatus = Literal["queued", "started", "finished", "failed"]


class JobOut(BaseModel):
    """``result`` once ``finished`` (what the job returned), ``error`` once ``failed``; a job that wrote a file
    (a report) has ``download``, the path to fetch it from."""

    id: str
    name: str
    status: JobStatus
    params: dict[str, Any] = Field(default_factory=dict)
    result: Any = None
    error: str | None = None
    download: str | None = Field(default=None, description="下载地址（报告）/ where to fetch the file (reports)")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
