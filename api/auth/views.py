"""Login, logout and ``me``; the admin endpoints that make organisations, users and keys; an org's own keys."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from accounts.schemas import (
    NO_NUL,
    AcceptIn,
    Actor,
    AdminInvitationIn,
    ColleaguesOut,
    InvitationCreated,
    InvitationIn,
    InvitationOut,
    KeyCreated,
    KeyIn,
    KeyOut,
    OrgIn,
    OrgOut,
    ProfileIn,
    RegistrationIn,
    RegistrationOut,
    UserIn,
    UserOut,
)
from accounts.vocab import Approval
from api.auth.common import (
    ApiConfigDep,
    change_own_password,
    clear_after_commit,
    client_address,
    get_login_throttle,
    get_register_throttle,
    register_with,
)
from api.auth.deps import SESSION_COOKIE, allow, cross_site, public
from api.auth.schemas import (
    ActorOut,
    LoginIn,
    LoginOut,
    PasswordChangeIn,
    PasswordResetIn,
    RegistrationReviewIn,
    SessionsEnded,
)
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas import Page
from authz import service as authz
from authz.schemas import AuditOut
from authz.tenancy import owning_org
from core.errors import PermissionDeniedError, UnauthorizedError
from flows import accounts as accounts_flow
from flows.accounts import LoginThrottle

PathId = Annotated[str, Path(max_length=64, pattern=NO_NUL)]
Me = Annotated[Actor, Depends(allow("auth.me"))]
PasswordChanger = Annotated[Actor, Depends(allow("auth.password"))]
ProfileChanger = Annotated[Actor, Depends(allow("auth.profile"))]
AccountAdmin = Annotated[Actor, Depends(allow("admin.accounts"))]
AuditReader = Annotated[Actor, Depends(allow("admin.audit"))]
RegistrationReviewer = Annotated[Actor, Depends(allow("registration.review"))]
OrgReader = Annotated[Actor, Depends(allow("org.read"))]
KeyManager = Annotated[Actor, Depends(allow("org.keys"))]
ColleagueManager = Annotated[Actor, Depends(allow("org.colleagues"))]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
ResourceId = Annotated[str, Query(max_length=64, pattern=NO_NUL)]


auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=error_responses(400, 401, 403, 413, 422))


@auth_router.post("/login", response_model=LoginOut, responses=error_responses(429), dependencies=[Depends(public)])
def login(body: LoginIn, request: Request, response: Response, session: SessionDep, config: ApiConfigDep,
          throttle: Annotated[LoginThrottle, Depends(get_login_throttle)]) -> LoginOut:
    """用户名密码登录 / log in: returns a session token and sets it as an HttpOnly cookie for the UI."""
    address = request.client.host if request.client else "-"
    throttle.check(body.username, address)
    try:
        user = accounts_flow.authenticate(session=session, username=body.username, password=body.password)
    except UnauthorizedError:
        throttle.failed(body.username, address)
        raise
    clear_after_commit(session, throttle, body.username, address)
    token, expires = accounts_flow.start_session(session=session, user_id=user.id, hours=config.session_hours)
    response.set_cookie(SESSION_COOKIE, token, max_age=config.session_hours * 3600, httponly=True, samesite="lax",
                        secure=config.cookie_secure, path="/")
    return LoginOut(token=token, expires_at=expires, user=user,
                    org=accounts_flow.get_org(session=session, org_id=user.org_id))


def _session_token(request: Request) -> str:
    """The session making this request: a bearer session token, or the browser's cookie."""
    header = request.headers.get("authorization", "")
    token = header.partition(" ")[2].strip() if header.lower().startswith("bearer ") else ""
    return token if token.startswith("is_") else request.cookies.get(SESSION_COOKIE, "")


@auth_router.post("/register", response_model=RegistrationOut, status_code=status.HTTP_201_CREATED,
                  responses=error_responses(409, 429), dependencies=[Depends(public)])
def register(body: RegistrationIn, request: Request, session: SessionDep,
             throttle: Annotated[LoginThrottle, Depends(get_register_throttle)]) -> RegistrationOut:
    """企业自助注册（企业与首个用户），待协会审核通过后才能登录 / an enterprise registers itself and its first user;
    nobody of it logs in until an association approves. Throttled per address like failed logins."""
    address = client_address(request) or "-"
    throttle.check("registration", address)
    throttle.failed("registration", address)  # every attempt counts, refused or not
    return register_with(session, body, address)


@auth_router.post("/invitations/accept", response_model=UserOut, status_code=status.HTTP_201_CREATED,
                  responses=error_responses(404, 409, 429), dependencies=[Depends(public)])
def accept_invitation(body: AcceptIn, request: Request, session: SessionDep,
                      throttle: Annotated[LoginThrottle, Depends(get_register_throttle)]) -> UserOut:
    """凭同事的邀请链接创建本人账号（链接随即失效）/ make your own account through a colleague's invitation (the
    link is used up). A link not usable is 404 naming ``token``; throttled per address like a registration."""
    address = client_address(request) or "-"
    throttle.check("invitation", address)
    throttle.failed("invitation", address)  # every attempt counts, as a registration's
    return accounts_flow.accept_invitation(session=session, token=body.token, username=body.username,
                                           password=body.password, display_name=body.display_name,
                                           email=body.email, address=address)


@auth_router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Depends(public)])
def logout(request: Request, session: SessionDep) -> Response:
    """退出登录 / log out: ends the session (cookie or bearer session token) and clears the cookie. Another site
    cannot log a user out: a cookie-carrying request from elsewhere is refused."""
    if request.cookies.get(SESSION_COOKIE) and cross_site(request):
        raise PermissionDeniedError("拒绝跨站请求 / cross-site request refused")
    token = _session_token(request)
    if token:
        accounts_flow.end_session(session=session, token=token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@auth_router.get("/me", response_model=ActorOut)
def me(actor: Me, session: SessionDep) -> ActorOut:
    """当前身份 / who am I: the organisation, role, scopes, and the user or key behind the request."""
    return actor_out(session, actor)


def actor_out(session: SessionDep, actor: Actor) -> ActorOut:
    user = accounts_flow.get_user(session=session, user_id=actor.user_id) if actor.user_id else None
    key = accounts_flow.get_api_key(session=session, key_id=actor.key_id) if actor.key_id else None
    return ActorOut(org=accounts_flow.get_org(session=session, org_id=actor.org_id), role=actor.role, via=actor.via,
                    user=user, key=key, scopes=sorted(actor.scopes))


@auth_router.patch("/me", response_model=UserOut)
def change_profile(body: ProfileIn, request: Request, session: SessionDep, actor: ProfileChanger) -> UserOut:
    """修改本人显示名或邮箱（未提交的字段不变；邮箱为 null 即不留邮箱）/ change your own display name or email (a field
    not sent stays; an email of null removes it)."""
    return accounts_flow.update_own_profile(session=session, principal=actor,
                                            changes=body.model_dump(include=body.model_fields_set),
                                            address=client_address(request))


@auth_router.post("/password", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(429))
def change_password(body: PasswordChangeIn, request: Request, session: SessionDep, actor: PasswordChanger) -> Response:
    """修改本人密码；其他登录随即失效。当前密码连续输错会被限速 / change your own password; every other login of yours
    ends. Wrong current passwords are throttled like failed logins."""
    change_own_password(request, session, actor, current=body.current_password, new=body.new_password,
                        keep_token=_session_token(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


admin_router = APIRouter(prefix="/api/v1/admin", tags=["admin"],
                         responses=error_responses(400, 401, 403, 404, 409, 413, 422))


@admin_router.post("/orgs", response_model=OrgOut, status_code=status.HTTP_201_CREATED)
def create_org(body: OrgIn, admin: AccountAdmin, session: SessionDep) -> OrgOut:
    return accounts_flow.create_org(session=session, kind=body.kind, name=body.name, center_id=body.center_id,
                                    credit_code=body.credit_code, authority_body=body.authority_body,
                                    jurisdiction=body.jurisdiction, principal=admin)


@admin_router.get("/orgs", response_model=Page[OrgOut])
def list_orgs(_admin: AccountAdmin, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> Page[OrgOut]:
    items, total = accounts_flow.list_orgs(session=session, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@admin_router.get("/orgs/{org_id}", response_model=OrgOut)
def get_org(org_id: PathId, _admin: AccountAdmin, session: SessionDep) -> OrgOut:
    return accounts_flow.get_org(session=session, org_id=org_id)


@admin_router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, admin: AccountAdmin, session: SessionDep) -> UserOut:
    return accounts_flow.create_user(session=session, principal=admin, org_id=body.org_id, username=body.username,
                                     password=body.password, role=body.role, display_name=body.display_name,
                                     email=body.email)


@admin_router.get("/users", response_model=Page[UserOut])
def list_users(_admin: AccountAdmin, session: SessionDep, org_id: ResourceId | None = None, limit: Limit = 50,
               offset: Offset = 0) -> Page[UserOut]:
    items, total = accounts_flow.list_users(session=session, org_id=org_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@admin_router.post("/orgs/{org_id}/disable", response_model=OrgOut)
def disable_org(org_id: PathId, request: Request, admin: AccountAdmin, session: SessionDep) -> OrgOut:
    """停用组织：其用户不能登录、密钥失效 / disable an organisation: its people cannot log in, its keys stop."""
    return accounts_flow.set_org_active(session=session, principal=admin, org_id=org_id, active=False,
                                        address=client_address(request))


@admin_router.post("/orgs/{org_id}/enable", response_model=OrgOut)
def enable_org(org_id: PathId, request: Request, admin: AccountAdmin, session: SessionDep) -> OrgOut:
    return accounts_flow.set_org_active(session=session, principal=admin, org_id=org_id, active=True,
                                        address=client_address(request))


@admin_router.post("/users/{user_id}/disable", response_model=UserOut)
def disable_user(user_id: PathId, request: Request, admin: AccountAdmin, session: SessionDep) -> UserOut:
    """停用用户，其登录全部结束 / disable a user; all their logins end."""
    return accounts_flow.set_user_active(session=session, principal=admin, user_id=user_id, active=False,
                                         address=client_address(request))


@admin_router.post("/users/{user_id}/enable", response_model=UserOut)
def enable_user(user_id: PathId, request: Request, admin: AccountAdmin, session: SessionDep) -> UserOut:
    return accounts_flow.set_user_active(session=session, principal=admin, user_id=user_id, active=True,
                                         address=client_address(request))


@admin_router.post("/users/{user_id}/sessions/end", response_model=SessionsEnded)
def end_user_sessions(user_id: PathId, request: Request, admin: AccountAdmin, session: SessionDep) -> SessionsEnded:
    """结束用户的全部登录（如账号被盗）/ end every login of a user now (a stolen account)."""
    return SessionsEnded(ended=accounts_flow.end_sessions(session=session, principal=admin, user_id=user_id,
                                                          address=client_address(request)))


@admin_router.post("/users/{user_id}/password", status_code=status.HTTP_204_NO_CONTENT)
def reset_password(user_id: PathId, body: PasswordResetIn, request: Request, admin: AccountAdmin,
                   session: SessionDep) -> Response:
    """管理员重置密码，用户的登录全部结束 / reset a user's password; all their logins end."""
    accounts_flow.reset_password(session=session, principal=admin, user_id=user_id, password=body.password,
                                 address=client_address(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@admin_router.get("/audit", response_model=Page[AuditOut])
def audit_log(_admin: AuditReader, session: SessionDep, action: Annotated[str | None, Query(max_length=60)] = None,
              outcome: Annotated[Literal["ok", "refused"] | None, Query()] = None, limit: Limit = 50,
              offset: Offset = 0) -> Page[AuditOut]:
    """安全审计日志（最新在前）/ the security audit log, newest first."""
    items, total = authz.list_audit(session=session, limit=limit, offset=offset, action=action, outcome=outcome)
    return Page(items=items, total=total, limit=limit, offset=offset)


@admin_router.post("/orgs/{org_id}/invitations", response_model=InvitationCreated,
                   status_code=status.HTTP_201_CREATED, responses=error_responses(409))
def invite_user(org_id: PathId, body: AdminInvitationIn, request: Request, admin: AccountAdmin,
                session: SessionDep) -> InvitationCreated:
    """邀请用户加入某组织（角色须与组织相符），对方凭一次性链接自设密码 / invite a person into an organisation with a
    role that fits it; they set their own password through the one-time link (shown once)."""
    return accounts_flow.invite_user(session=session, principal=admin, org_id=org_id, role=body.role,
                                     display_name=body.display_name, email=body.email,
                                     address=client_address(request))


@admin_router.post("/keys", response_model=KeyCreated, status_code=status.HTTP_201_CREATED)
def create_key(body: KeyIn, admin: AccountAdmin, session: SessionDep) -> KeyCreated:
    """新建 API 密钥；secret 只在此响应中出现一次 / new API key; the secret appears in this response only."""
    return accounts_flow.create_api_key(session=session, principal=admin, org_id=body.org_id, name=body.name,
                                        scopes=body.scopes, expires_days=body.expires_days,
                                        cors_origins=body.cors_origins)


@admin_router.get("/keys", response_model=Page[KeyOut])
def list_all_keys(_admin: AccountAdmin, session: SessionDep, org_id: ResourceId | None = None, limit: Limit = 50,
                  offset: Offset = 0) -> Page[KeyOut]:
    items, total = accounts_flow.list_api_keys(session=session, org_id=org_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


# ---- an organisation's own keys: what its logged-in people see (and what tenancy tests probe) ----

org_router = APIRouter(prefix="/api/v1/org", tags=["organisation"],
                       responses=error_responses(400, 401, 403, 404, 413, 422))


@org_router.get("", response_model=OrgOut)
def my_org(actor: OrgReader, session: SessionDep) -> OrgOut:
    return accounts_flow.get_org(session=session, org_id=actor.org_id)


@org_router.get("/keys", response_model=Page[KeyOut])
def my_keys(actor: KeyManager, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> Page[KeyOut]:
    items, total = accounts_flow.list_api_keys(session=session, org_id=actor.org_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@org_router.get("/keys/{key_id}", response_model=KeyOut)
def my_key(key_id: PathId, actor: KeyManager, session: SessionDep) -> KeyOut:
    return accounts_flow.get_api_key(session=session, key_id=key_id, org_id=owning_org(actor))


@org_router.post("/keys/{key_id}/revoke", response_model=KeyOut)
def revoke_key(key_id: PathId, actor: KeyManager, session: SessionDep) -> KeyOut:
    """吊销密钥（本组织）/ revoke one of the organisation's keys; admins may revoke any."""
    return accounts_flow.revoke_api_key(session=session, principal=actor, key_id=key_id, org_id=owning_org(actor))


@org_router.get("/colleagues", response_model=ColleaguesOut)
def my_colleagues(actor: ColleagueManager, session: SessionDep) -> ColleaguesOut:
    """本组织的同事与待接受的邀请 / the organisation's people and the invitations still waiting."""
    return accounts_flow.colleagues(session=session, principal=actor)


@org_router.post("/invitations", response_model=InvitationCreated, status_code=status.HTTP_201_CREATED,
                 responses=error_responses(409))
def invite_colleague(body: InvitationIn, request: Request, actor: ColleagueManager,
                     session: SessionDep) -> InvitationCreated:
    """邀请同事：返回一次性链接（只显示这一次），同事凭它创建本人账号，角色与您相同 / invite a colleague: a one-time
    link (shown once) with which they make their own account, with your role. Inviting the same person again
    replaces their waiting link."""
    return accounts_flow.invite_colleague(session=session, principal=actor, display_name=body.display_name,
                                          email=body.email, address=client_address(request))


@org_router.post("/invitations/{invitation_id}/revoke", response_model=InvitationOut,
                 responses=error_responses(409))
def revoke_invitation(invitation_id: PathId, request: Request, actor: ColleagueManager,
                      session: SessionDep) -> InvitationOut:
    """撤回待接受的邀请（本组织）/ withdraw a waiting invitation of your organisation."""
    return accounts_flow.revoke_invitation(session=session, principal=actor, invitation_id=invitation_id,
                                           address=client_address(request))


# ---- enterprises that registered themselves, waiting for an association ----

registration_router = APIRouter(prefix="/api/v1/registrations", tags=["admin"],
                                responses=error_responses(400, 401, 403, 404, 409, 413, 422))


@registration_router.get("", response_model=Page[RegistrationOut])
def registrations(reviewer: RegistrationReviewer, session: SessionDep,
                  approval: Annotated[Approval | None, Query()] = Approval.pending, limit: Limit = 50,
                  offset: Offset = 0) -> Page[RegistrationOut]:
    """通过本协会注册的企业（默认只列待审核的）/ enterprises' own registrations through your association (by default
    those waiting)."""
    items, total = accounts_flow.list_registrations(session=session, principal=reviewer, approval=approval,
                                                    limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@registration_router.post("/{org_id}/approve", response_model=OrgOut)
def approve_registration(org_id: PathId, request: Request, reviewer: RegistrationReviewer, session: SessionDep,
                         body: RegistrationReviewIn | None = None) -> OrgOut:
    """通过注册，企业用户即可登录 / approve: the enterprise's people may log in."""
    return accounts_flow.decide_registration(session=session, principal=reviewer, org_id=org_id, approve=True,
                                             note=body.note if body else None, address=client_address(request))


@registration_router.post("/{org_id}/refuse", response_model=OrgOut)
def refuse_registration(org_id: PathId, body: RegistrationReviewIn, request: Request, reviewer: RegistrationReviewer,
                        session: SessionDep) -> OrgOut:
    """不予通过（须写明理由，企业登录时可见）/ refuse, with the reason the enterprise reads when it tries to log in."""
    return accounts_flow.decide_registration(session=session, principal=reviewer, org_id=org_id, approve=False,
                                             note=body.note, address=client_address(request))
