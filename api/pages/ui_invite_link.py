"""An invitation's link, shown once on the page its form leads back to (post/redirect/get).

Only the link's hash is stored, so the page after the form is the one chance to show it. It travels in an HttpOnly
cookie scoped to that page, never in the address (which is logged, bookmarked and sent on as a referrer), and the page
drops the cookie as it shows the link: a reload shows it no more and sends no second invitation.
"""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from fastapi.responses import Response

LINK_COOKIE = "invite_link"
R = TypeVar("R", bound=Response)


def keep_link(response: R, *, page: str, link_path: str) -> R:
    response.set_cookie(LINK_COOKIE, link_path, max_age=300, httponly=True, samesite="strict", path=page)
    return response


def shown_link(request: Request) -> str:
    """The whole link to show on this page view ('' when none is waiting)."""
    path = request.cookies.get(LINK_COOKIE, "")
    return str(request.base_url).rstrip("/") + path if path.startswith("/invite/") else ""


def drop_link(response: R, *, page: str) -> R:
    response.delete_cookie(LINK_COOKIE, path=page)
    return response
