"""The inbox page: the person's notifications, newest first; opening one marks it read and goes to its page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor
from api.deps import SessionDep
from api.pages.ui_admin_common import registrations_waiting
from api.pages.ui_common import PageNotFound, page, redirect, render, safe_next
from core.errors import NotFoundError
from flows import inbox

router = APIRouter(include_in_schema=False)

InboxPage = Annotated[Actor, Depends(page("inbox.read"))]


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, actor: InboxPage, session: SessionDep) -> HTMLResponse:
    shown = inbox.notices(session=session, principal=actor, limit=100)
    return render(request, "ui_inbox.html", actor=actor, page=shown,
                  registrations_waiting=registrations_waiting(session, actor))


@router.post("/inbox/{notification_id}/open")
def inbox_open(notification_id: Annotated[int, Path(ge=1, le=2_147_483_647)], actor: InboxPage,
               session: SessionDep) -> Response:
    try:
        item = inbox.open_notice(session=session, principal=actor, notification_id=notification_id)
    except NotFoundError:
        raise PageNotFound(actor) from None
    session.commit()
    return redirect(safe_next(item.link))


@router.post("/inbox/read-all")
def inbox_read_all(actor: InboxPage, session: SessionDep) -> Response:
    inbox.mark_read(session=session, principal=actor)
    session.commit()
    return redirect("/inbox")
