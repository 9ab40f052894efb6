"""FastAPI guards: who is calling (:data:`CurrentActor`), and what they must be (:func:`require_roles`,
:func:`require_scopes`).

Credentials, in order: ``Authorization: Bearer ik_…`` (an integration's API key), ``Authorization: Bearer is_…``
(a UI session token, for scripts and the phone), or the ``innodock_session`` HttpOnly cookie (the browser UI).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from api.auth import hashing
from api.auth import service as auth
from api.auth.schemas import Actor
from api.auth.vocab import ROLE_LABELS, Role, Scope
from api.deps import SessionDep
from core.errors import PermissionDeniedError

SESSION_COOKIE = "innodock_session"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _cross_site(request: Request) -> bool:
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
            raise auth.UnauthorizedError("Authorization 头应为 Bearer <令牌> / expected 'Authorization: Bearer …'")
        if token.startswith(hashing.SESSION_MARK + "_"):
            return "session", token
        return "key", token
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if request.method not in _SAFE_METHODS and _cross_site(request):
            raise PermissionDeniedError("拒绝跨站请求 / cross-site request refused")
        return "session", cookie
    return None


def get_actor(request: Request, session: SessionDep) -> Actor:
    found = _credential(request)
    if found is None:
        raise auth.UnauthorizedError()
    kind, token = found
    if kind == "key":
        actor = auth.verify_api_key(session=session, token=token)
    else:
        actor = auth.actor_for_session(session=session, token=token)
    request.state.actor = actor
    return actor


def get_optional_actor(request: Request, session: SessionDep) -> Actor | None:
    """For pages and endpoints that anyone may see but that show more to someone logged in."""
    if request.headers.get("authorization") is None and not request.cookies.get(SESSION_COOKIE):
        return None
    return get_actor(request, session)


CurrentActor = Annotated[Actor, Depends(get_actor)]
OptionalActor = Annotated[Actor | None, Depends(get_optional_actor)]


def require_roles(*roles: Role) -> Callable[[Actor], Actor]:
    """A dependency that lets through only these roles (403 otherwise). Admins are not implied: list them."""
    allowed = frozenset(roles)
    names = ", ".join(sorted(allowed))

    def guard(actor: CurrentActor) -> Actor:
        if actor.role not in allowed:
            raise PermissionDeniedError(
                f"{ROLE_LABELS[actor.role][0]}无权访问，需要角色：{names} / role {actor.role.value} may not do this; "
                f"needs one of: {names}", field="role")
        return actor

    return guard


def require_scopes(*scopes: Scope) -> Callable[[Actor], Actor]:
    """A dependency that needs every one of these scopes (a user holds those of their role, a key its own)."""
    needed = frozenset(scopes)
    names = ", ".join(sorted(needed))

    def guard(actor: CurrentActor) -> Actor:
        missing = needed - actor.scopes
        if missing:
            lacking = ", ".join(sorted(missing))
            raise PermissionDeniedError(f"缺少权限范围：{lacking} / missing scope: {lacking} (needs {names})",
                                        field="scopes")
        return actor

    return guard


AdminActor = Annotated[Actor, Depends(require_roles(Role.admin))]
