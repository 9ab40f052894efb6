"""The login and logout forms: the same service and cookie as ``POST /api/v1/auth/login``, for a browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from accounts.vocab import Role
from api.auth.common import ApiConfigDep, clear_after_commit, get_login_throttle
from api.auth.deps import SESSION_COOKIE, public
from api.deps import SessionDep
from api.pages.ui_common import VisitorActor, redirect, refuse_cross_site, render, safe_next
from authz import policy
from core.errors import UnauthorizedError
from flows import accounts as accounts_flow
from flows import needs as needs_flow
from flows import providers as providers_flow
from flows.accounts import LoginThrottle, PendingApprovalError

router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])


def home_for(role: Role, *, session: Session, org_id: str | None) -> str:
    """Where a role starts its work after login, the one place that says it: an association's coordinator (and
    the admin) at its review queue, an authority's officer at its decisions, a center's where its provider stands
    (``flows.providers.center_start``: its inbox once it serves); an enterprise at its needs, newest first, once it
    has any (never straight into an old draft ahead of what it submitted since), else at the chat. Each role by name:
    a center's coordinator whose account carries no organisation fell through to the association's queue, which
    refuses it; it starts where a center not linked to a provider does (the providers' list)."""
    if role == Role.authority_officer:
        return "/decisions"
    if role == Role.center_coordinator:
        center_id = accounts_flow.get_org(session=session, org_id=org_id).center_id if org_id else None
        return providers_flow.center_start(session=session, center_id=center_id)
    if role == Role.enterprise:
        return "/needs" if org_id and needs_flow.has_needs(session=session, enterprise_id=org_id) else "/intake"
    return "/review"  # the association's coordinator and the admin: its review queue


# Pages a login is asked to return to that are one role's (the start page's front door, 登录并发布需求, asks for the
# enterprise's chat), with the action that opens them.
ROLE_PAGES: dict[str, str] = {"/intake": "intake.chat"}


def landing(role: Role, next: str, *, session: Session, org_id: str | None) -> str:
    """Where a login goes: the local place asked for, unless none was asked or it is a page the role cannot open, then
    the role's start (:func:`home_for`). The association's coordinator signing in from the front door was sent to the
    chat, which refuses it, and from there to the public catalog (a new user's trial, 2026-11-30)."""
    target = safe_next(next)
    action = ROLE_PAGES.get(target.split("?", 1)[0].split("#", 1)[0])
    if target == "/" or (action is not None and not policy.role_may(role, action)):
        return home_for(role, session=session, org_id=org_id)
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, actor: VisitorActor, session: SessionDep, next: str = "/",
               error: str = "") -> Response:
    if actor is not None:
        return RedirectResponse(landing(actor.role, next, session=session, org_id=actor.org_id), status_code=303)
    return render(request, "ui_login.html", actor=None, next=safe_next(next), error=error[:300])


@router.post("/login")
def login_submit(
    request: Request,
    session: SessionDep,
    config: ApiConfigDep,
    throttle: Annotated[LoginThrottle, Depends(get_login_throttle)],
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    refuse_cross_site(request)
    address = request.client.host if request.client else "-"
    name = username.strip().lower()
    throttle.check(name, address)
    try:
        user = accounts_flow.authenticate(session=session, username=name, password=password)
    except UnauthorizedError as exc:
        throttle.failed(name, address)
        return render(request, "ui_login.html", actor=None, next=safe_next(next), error=exc.message,
                      username=username, status_code=401)
    except PendingApprovalError as exc:  # the right password, an organisation not approved (yet)
        clear_after_commit(session, throttle, name, address)
        return render(request, "ui_login.html", actor=None, next=safe_next(next), error=exc.message,
                      username=username, status_code=403)
    clear_after_commit(session, throttle, name, address)
    token, _ = accounts_flow.start_session(session=session, user_id=user.id, hours=config.session_hours)
    session.commit()  # before the browser follows the redirect with the new cookie (see ui_common.commit_first)
    response = redirect(landing(user.role, next, session=session, org_id=user.org_id))
    response.set_cookie(SESSION_COOKIE, token, max_age=config.session_hours * 3600, httponly=True, samesite="lax",
                        secure=config.cookie_secure, path="/")
    return response


@router.post("/logout")
def logout_submit(request: Request, session: SessionDep, next: Annotated[str, Form(max_length=300)] = "") -> Response:
    """Log out, then the login page; or, from an invitation's page, back to that link (a person logged in on a shared
    browser logs out to make the invited account)."""
    refuse_cross_site(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts_flow.end_session(session=session, token=token)
        session.commit()
    response = redirect(next if safe_next(next).startswith("/invite/") else "/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
