"""Login, logout and ``me``; the admin endpoints that make organisations, users and keys; an org's own keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from api.auth import service as auth
from api.auth.deps import SESSION_COOKIE, AdminActor, CurrentActor
from api.auth.schemas import (
    NO_NUL,
    Actor,
    ActorOut,
    KeyCreated,
    KeyIn,
    KeyOut,
    LoginIn,
    LoginOut,
    OrgIn,
    OrgOut,
    UserIn,
    UserOut,
)
from api.auth.tenancy import owning_org
from api.auth.throttle import LoginThrottle
from api.config import ApiConfig
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas import Page
from core.errors import PermissionDeniedError

PathId = Annotated[str, Path(max_length=64, pattern=NO_NUL)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
ResourceId = Annotated[str, Query(max_length=64, pattern=NO_NUL)]


def get_api_config(request: Request) -> ApiConfig:
    config: ApiConfig = request.app.state.api_config
    return config


ApiConfigDep = Annotated[ApiConfig, Depends(get_api_config)]

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=error_responses(400, 401, 403, 413, 422))


def get_login_throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle


@auth_router.post("/login", response_model=LoginOut, responses=error_responses(429))
def login(body: LoginIn, request: Request, response: Response, session: SessionDep, config: ApiConfigDep,
          throttle: Annotated[LoginThrottle, Depends(get_login_throttle)]) -> LoginOut:
    """用户名密码登录 / log in: returns a session token and sets it as an HttpOnly cookie for the UI."""
    address = request.client.host if request.client else "-"
    throttle.check(body.username, address)
    try:
        user = auth.authenticate(session=session, username=body.username, password=body.password)
    except auth.UnauthorizedError:
        throttle.failed(body.username, address)
        raise
    throttle.succeeded(body.username)
    token, expires = auth.start_session(session=session, user_id=user.id, hours=config.session_hours)
    response.set_cookie(SESSION_COOKIE, token, max_age=config.session_hours * 3600, httponly=True, samesite="lax",
                        secure=config.cookie_secure, path="/")
    return LoginOut(token=token, expires_at=expires, user=user, org=auth.get_org(session=session, org_id=user.org_id))


@auth_router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, session: SessionDep) -> Response:
    """退出登录 / log out: ends the session (cookie or bearer session token) and clears the cookie."""
    header = request.headers.get("authorization", "")
    token = header.partition(" ")[2].strip() if header.lower().startswith("bearer ") else ""
    token = token if token.startswith("is_") else request.cookies.get(SESSION_COOKIE, "")
    if token:
        auth.end_session(session=session, token=token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@auth_router.get("/me", response_model=ActorOut)
def me(actor: CurrentActor, session: SessionDep) -> ActorOut:
    """当前身份 / who am I: the organisation, role, scopes, and the user or key behind the request."""
    return actor_out(session, actor)


def actor_out(session: SessionDep, actor: Actor) -> ActorOut:
    user = auth.get_user(session=session, user_id=actor.user_id) if actor.user_id else None
    key = auth.get_api_key(session=session, key_id=actor.key_id) if actor.key_id else None
    return ActorOut(org=auth.get_org(session=session, org_id=actor.org_id), role=actor.role, via=actor.via,
                    user=user, key=key, scopes=sorted(actor.scopes))


admin_router = APIRouter(prefix="/api/v1/admin", tags=["admin"],
                         responses=error_responses(400, 401, 403, 404, 409, 413, 422))


@admin_router.post("/orgs", response_model=OrgOut, status_code=status.HTTP_201_CREATED)
def create_org(body: OrgIn, _admin: AdminActor, session: SessionDep) -> OrgOut:
    return auth.create_org(session=session, kind=body.kind, name=body.name, center_id=body.center_id,
                           credit_code=body.credit_code)


@admin_router.get("/orgs", response_model=Page[OrgOut])
def list_orgs(_admin: AdminActor, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> Page[OrgOut]:
    items, total = auth.list_orgs(session=session, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@admin_router.get("/orgs/{org_id}", response_model=OrgOut)
def get_org(org_id: PathId, _admin: AdminActor, session: SessionDep) -> OrgOut:
    return auth.get_org(session=session, org_id=org_id)


@admin_router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, _admin: AdminActor, session: SessionDep) -> UserOut:
    return auth.create_user(session=session, org_id=body.org_id, username=body.username, password=body.password,
                            role=body.role, display_name=body.display_name, email=body.email)


@admin_router.get("/users", response_model=Page[UserOut])
def list_users(_admin: AdminActor, session: SessionDep, org_id: ResourceId | None = None, limit: Limit = 50,
               offset: Offset = 0) -> Page[UserOut]:
    items, total = auth.list_users(session=session, org_id=org_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@admin_router.post("/keys", response_model=KeyCreated, status_code=status.HTTP_201_CREATED)
def create_key(body: KeyIn, admin: AdminActor, session: SessionDep) -> KeyCreated:
    """新建 API 密钥；secret 只在此响应中出现一次 / new API key; the secret appears in this response only."""
    return auth.create_api_key(session=session, org_id=body.org_id, name=body.name, scopes=body.scopes,
                               expires_days=body.expires_days, cors_origins=body.cors_origins,
                               created_by=admin.user_id)


@admin_router.get("/keys", response_model=Page[KeyOut])
def list_all_keys(_admin: AdminActor, session: SessionDep, org_id: ResourceId | None = None, limit: Limit = 50,
                  offset: Offset = 0) -> Page[KeyOut]:
    items, total = auth.list_api_keys(session=session, org_id=org_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


# ---- an organisation's own keys: what its logged-in people see (and what tenancy tests probe) ----

org_router = APIRouter(prefix="/api/v1/org", tags=["organisation"],
                       responses=error_responses(400, 401, 403, 404, 413, 422))


def _session_only(actor: Actor) -> Actor:
    """Keys are managed by people: a key may not list or revoke keys, not even itself."""
    if actor.via != "session":
        raise PermissionDeniedError("只能登录后管理密钥 / keys are managed by logged-in users", field="authorization")
    return actor


@org_router.get("", response_model=OrgOut)
def my_org(actor: CurrentActor, session: SessionDep) -> OrgOut:
    return auth.get_org(session=session, org_id=actor.org_id)


@org_router.get("/keys", response_model=Page[KeyOut])
def my_keys(actor: CurrentActor, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> Page[KeyOut]:
    _session_only(actor)
    items, total = auth.list_api_keys(session=session, org_id=actor.org_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@org_router.get("/keys/{key_id}", response_model=KeyOut)
def my_key(key_id: PathId, actor: CurrentActor, session: SessionDep) -> KeyOut:
    _session_only(actor)
    return auth.get_api_key(session=session, key_id=key_id, org_id=owning_org(actor))


@org_router.post("/keys/{key_id}/revoke", response_model=KeyOut)
def revoke_key(key_id: PathId, actor: CurrentActor, session: SessionDep) -> KeyOut:
    """吊销密钥（本组织）/ revoke one of the organisation's keys; admins may revoke any."""
    _session_only(actor)
    return auth.revoke_api_key(session=session, key_id=key_id, org_id=owning_org(actor))
