"""The inbox: what needs this person's attention, newest first; marking read is per person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from accounts.schemas import Actor
from api.auth.deps import allow
from api.deps import SessionDep
from api.domain_deps import Limit, Offset
from api.errors import error_responses
from flows import inbox
from inbox.schemas import InboxPage

router = APIRouter(prefix="/api/v1/inbox", tags=["inbox"], responses=error_responses(401, 403, 404, 422))

InboxReader = Annotated[Actor, Depends(allow("inbox.read"))]




@router.get("", response_model=InboxPage)
def my_inbox(session: SessionDep, actor: InboxReader, unread: bool = False, limit: Limit = 20,
             offset: Offset = 0) -> InboxPage:
    """我的待办通知（新的匹配建议、轮到我方办理、投诉……）/ my notifications, newest first."""
    return inbox.notices(session=session, principal=actor, unread_only=unread, limit=limit, offset=offset)


@router.post("/{notification_id}/read", response_model=dict[str, int])
def read_one(notification_id: Annotated[int, Path(ge=1, le=2_147_483_647)], session: SessionDep,
             actor: InboxReader) -> dict[str, int]:
    return {"marked": inbox.mark_read(session=session, principal=actor, notification_id=notification_id)}


@router.post("/read-all", response_model=dict[str, int])
def read_all(session: SessionDep, actor: InboxReader) -> dict[str, int]:
    return {"marked": inbox.mark_read(session=session, principal=actor)}
