"""FastAPI guards: who is calling (:data:`CurrentActor`), and whether they may attempt an action (:func:`allow`,
which asks :func:`authz.policy.authorize`: the role, scope and "people only" of ``authz.tables.ACTIONS``).

Every route names its action through :func:`allow` (or :func:`public`), so the scope-matrix test can walk
``app.routes`` and know what each one must refuse.

Credentials, in order: ``Authorization: Bearer ik_…`` (an integration's API key), ``Authorization: Bearer is_…``
(a UI session token, for scripts and the phone), or the ``innodock_session`` HttpOnly cookie (the browser UI).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from accounts.schemas import Actor
from api.deps import SessionDep
from authz.policy import authorize
from authz.tables import ACTIONS
from core.errors import PermissionDeniedError, UnauthorizedError
from flows import accounts as accounts_flow

SESSION_COOKIE = "innodock_session"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cross_site(request: Request) -> bool:
    """A cookie rides along on cross-site requests; an unsafe one from another site is forged (CSRF)."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if not origin:
        return False
    host = request.headers.get("host", "")
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


def _credential(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > 200:
            raise UnauthorizedError("Authorization 头应为 Bearer <令牌> / expected 'Authorization: Bearer …'")
        if accounts_flow.is_session_token(token):
            return "session", token
        return "key", token
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if request.method not in _SAFE_METHODS and cross_site(request):
            raise PermissionDeniedError("拒绝跨站请求 / cross-site request refused")
        return "session", cookie
    return None


def get_actor(request: Request, session: SessionDep) -> Actor:
    found = _credential(request)
    if found is None:
        raise UnauthorizedError()
    kind, token = found
    if kind == "key":
        actor = accounts_flow.verify_api_key(session=session, token=token)
    else:
        actor = accounts_flow.actor_for_session(session=session, token=token)
    request.state.actor = actor
    return actor


def get_optional_actor(request: Request, session: SessionDep) -> Actor | None:
    """For pages and endpoints that anyone may see but that show more to someone logged in."""
    if request.headers.get("authorization") is None and not request.cookies.get(SESSION_COOKIE):
        return None
    return get_actor(request, session)


AUTHZ_ACTION = "authz_action"


def allow(action: str) -> Callable[[Request, Session], Actor]:
    """A dependency that lets the caller attempt ``action`` (401 without credentials, 403 otherwise)."""
    if ACTIONS[action].public:
        raise ValueError(f"{action} is public: use public()")

    def guard(request: Request, session: SessionDep) -> Actor:
        return authorize(get_optional_actor(request, session), action)

    setattr(guard, AUTHZ_ACTION, action)
    return guard


def public() -> None:
    """Anyone may, with or without credentials (a route's ``dependencies=[Depends(public)]``): the marker tells the
    scope-matrix test that the route is public on purpose."""


setattr(public, AUTHZ_ACTION, "public.read")

CurrentActor = Annotated[Actor, Depends(get_actor)]

