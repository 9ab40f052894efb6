"""FastAPI guards: who is calling (:data:`CurrentActor`), and whether they may attempt an action (:func:`allow`,
which asks :func:`authz.policy.authorize`: the role, scope and "people only" of ``authz.tables.ACTIONS``).

Every route names its action through :func:`allow` (or :func:`public`), so the scope-matrix test can walk
``app.routes`` and know what each one must refuse.

Credentials, in order: ``Authorization: Bearer ik_…`` (an integration's API key), ``Authorization: Bearer is_…``
(a UI session token, for scripts and the phone), or the ``innodock_session`` HttpOnly cookie (the browser UI).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

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


def _credential_field(request: Request) -> str:
    """What a 401 names: the ``Authorization`` header, or the session cookie when that was all the request carried
    (every other refusal of a credential names its field, ``scopes`` or ``authorization``; a 401 named none)."""
    if request.headers.get("authorization") is None and request.cookies.get(SESSION_COOKIE):
        return SESSION_COOKIE
    return "authorization"


def _pace_website_key(request: Request, actor: Actor) -> None:
    """A key with browser origins has its secret in every page of its site, so anyone may use it; nothing counted
    its requests (the association website's walk, 2026-11-28: 300 back to back, all 200). It is paced per key and
    client address, so one address cannot use it to load the server, and a busy site's visitors, each at their own
    address, do not share one budget. The count is the deployment's, not each worker's (``api.rate_limits.SharedPace``:
    Redis, or the database). A server-side key (no origins) is the integrator's own and is not paced."""
    pace = getattr(request.app.state, "browser_key_pace", None)
    if pace is not None:
        address = request.client.host if request.client is not None else ""
        pace.hit(f"{actor.key_id}|{address}")


def get_actor(request: Request, session: SessionDep) -> Actor:
    try:
        found = _credential(request)
        if found is None:
            raise UnauthorizedError()
        kind, token = found
        if kind == "key":
            actor = accounts_flow.verify_api_key(session=session, token=token)
            if actor.browser:
                _pace_website_key(request, actor)
        else:
            actor = accounts_flow.actor_for_session(session=session, token=token)
    except UnauthorizedError as refused:
        refused.field = refused.field or _credential_field(request)
        raise
    request.state.actor = actor
    return actor


def get_optional_actor(request: Request, session: SessionDep) -> Actor | None:
    """For pages and endpoints that anyone may see but that show more to someone logged in."""
    if request.headers.get("authorization") is None and not request.cookies.get(SESSION_COOKIE):
        return None
    return get_actor(request, session)


AUTHZ_ACTION = "authz_action"

# What the OpenAPI document says of the credentials, so that /docs has its "Authorize" button and a generated client
# knows to send a bearer token: before, no route declared one, and a developer could try nothing there with a key
# (the association website's walk, 2026-11-28). Each route's requirement names the scopes its action needs (OpenAPI
# 3.1 lets a bearer scheme list them). It reads nothing: :func:`_credential` reads the header, and the cookie.
BEARER = HTTPBearer(auto_error=False, scheme_name="bearer", description=(
    "API 密钥 `ik_…`（集成，由管理员在组织页面创建）或会话令牌 `is_…`（`POST /api/v1/auth/login`）；在此页点击 "
    "Authorize，粘贴令牌本身，不带 “Bearer”。各接口所列为密钥须有的权限范围，列为空的只接受登录的人"
    "（`GET /api/v1/auth/me` 除外，任何凭据均可查询自身）/ an "
    "integration's API key `ik_…` (made by an administrator on the organisation's page) or a session token `is_…` "
    "(`POST /api/v1/auth/login`); on this page press Authorize and paste the token itself, without \"Bearer\". "
    "Each operation lists the scopes a key needs; one that lists none takes a logged-in person only (but "
    "`GET /api/v1/auth/me`, where any credential asks who it is)."))


def _documented(scopes: frozenset[str]) -> Any:
    """The bearer requirement with ``scopes``, for the OpenAPI document only."""
    return Security(BEARER, scopes=sorted(str(scope) for scope in scopes))


def allow(action: str) -> Callable[..., Actor]:
    """A dependency that lets the caller attempt ``action`` (401 without credentials, 403 otherwise)."""
    rule = ACTIONS[action]
    if rule.public:
        raise ValueError(f"{action} is public: use public()")

    def guard(request: Request, session: SessionDep,
              _declared: HTTPAuthorizationCredentials | None = _documented(rule.scopes)) -> Actor:
        actor = get_optional_actor(request, session)
        if actor is None:
            refused = UnauthorizedError()
            refused.field = _credential_field(request)
            raise refused
        return authorize(actor, action)

    setattr(guard, AUTHZ_ACTION, action)
    return guard


def public() -> None:
    """Anyone may, with or without credentials (a route's ``dependencies=[Depends(public)]``): the marker tells the
    scope-matrix test that the route is public on purpose."""


setattr(public, AUTHZ_ACTION, "public.read")

CurrentActor = Annotated[Actor, Depends(get_actor)]

