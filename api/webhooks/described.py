"""What the feed's webhooks send, in the OpenAPI document's ``webhooks`` (OpenAPI 3.1): an association website's
developer generating types from ``/openapi.json`` had the feed's items but not its events' (the association
website's walk, 2026-11-28). Described here, sent by ``outbox.deliver``: these routes are never called; they only
put the envelope, its ``data`` and the signature's headers in the document. ``need.published`` carries the feed's
item itself and its public page's path (``flows.feed.NeedAnnounced``), ``need.unpublished`` ``flows.feed.NeedLeft``;
every other event is in docs/api.md's table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Header, Response
from pydantic import BaseModel, Field

from flows.feed import NeedAnnounced, NeedLeft


class NeedPublishedEvent(BaseModel):
    """``need.published``: a need entered the feed, or its public view changed (an edit); ``data`` is the item
    ``GET /api/v1/feed/needs`` shows, in Chinese, with ``path``, its public page's path (``/needs/{id}``)."""

    id: str = Field(description="事件编号 / the event's id")
    event: Literal["need.published"]
    created_at: datetime
    data: NeedAnnounced


class NeedUnpublishedEvent(BaseModel):
    """``need.unpublished``: a need left the feed (withdrawn, matched, sent back); drop it from your copy."""

    id: str = Field(description="事件编号 / the event's id")
    event: Literal["need.unpublished"]
    created_at: datetime
    data: NeedLeft


EventHeader = Annotated[str, Header(description="事件名 / the event's name")]
DeliveryHeader = Annotated[str, Header(description="本次投递的编号，重试时不变，已签名：据此去重 / this delivery's "
                                                   "id, the same on every retry and signed: deduplicate on it")]
TimestampHeader = Annotated[str, Header(description="签名时刻（Unix 秒）/ when this attempt was signed (Unix seconds)")]
SignatureHeader = Annotated[str, Header(description="`sha256=` 加用签名密钥对 `<timestamp>.<delivery id>.<raw body>` "
                                                    "计算的 HMAC-SHA256（十六进制）/ `sha256=` and the hex HMAC-SHA256 "
                                                    "of `<timestamp>.<delivery id>.<raw body>` with your secret")]
VersionHeader = Annotated[str, Header(description="签名版本 / the signature's version: 2")]

RECEIVED: dict[int | str, dict[str, Any]] = {
    204: {"description": "已收到：任何 2xx，10 秒内 / received: any 2xx, within 10 s"}}


def need_published(body: NeedPublishedEvent, x_innodock_event: EventHeader, x_innodock_delivery: DeliveryHeader,
                   x_innodock_timestamp: TimestampHeader, x_innodock_signature: SignatureHeader,
                   x_innodock_signature_version: VersionHeader) -> Response:
    """发布或更新了一项需求 / a need was published or its public view changed."""
    return Response(status_code=204)


def need_unpublished(body: NeedUnpublishedEvent, x_innodock_event: EventHeader,
                     x_innodock_delivery: DeliveryHeader, x_innodock_timestamp: TimestampHeader,
                     x_innodock_signature: SignatureHeader, x_innodock_signature_version: VersionHeader) -> Response:
    """一项需求离开了公开列表 / a need left the feed."""
    return Response(status_code=204)


def describe(app: FastAPI) -> None:
    """Put the feed's two events in ``app.webhooks`` (only the OpenAPI document reads it)."""
    app.webhooks.add_api_route("need.published", need_published, methods=["POST"], status_code=204,
                               responses=RECEIVED, tags=["webhooks"])
    app.webhooks.add_api_route("need.unpublished", need_unpublished, methods=["POST"], status_code=204,
                               responses=RECEIVED, tags=["webhooks"])
