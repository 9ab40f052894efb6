"""A person's own account in the browser: who they are, their password, their organisation's keys and colleagues, an
enterprise's consents, an enterprise registering itself, and a colleague joining through an invitation.

Each form calls the function the JSON route and the terminal call (``accounts.service`` for accounts and keys, and
``flows.consents`` for consents), so a rule such as the password policy or "one active consent per
association" answers the same whichever door was used.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor, InvitationView, OrgOut
from accounts.vocab import ROLE_LABELS, OrgKind
from api.auth.common import change_own_password, get_register_throttle, register_with
from api.auth.deps import SESSION_COOKIE, public
from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_admin_common import kind_label, org_names, scope_label
from api.pages.ui_common import (
    VisitorActor,
    form_post,
    label,
    page,
    redirect,
    refuse_cross_site,
    refused,
    render,
)
from api.pages.ui_format import as_sentence
from api.pages.ui_i18n import MERGED
from api.pages.ui_invite_link import drop_link, keep_link, shown_link
from authz.policy import permits, refusal
from authz.tenancy import owning_org
from core.errors import FieldErrors, InnodockError
from flows import accounts as accounts_flow
from flows import consents
from flows.accounts import LoginThrottle, TooManyAttempts

router = APIRouter(include_in_schema=False)

PasswordPage = Annotated[Actor, Depends(page("auth.password"))]
ProfilePage = Annotated[Actor, Depends(page("auth.profile"))]
OrgKeysPage = Annotated[Actor, Depends(page("org.keys"))]
ColleaguesPage = Annotated[Actor, Depends(page("org.colleagues"))]
ConsentReadPage = Annotated[Actor, Depends(page("consent.read"))]
ConsentManagePage = Annotated[Actor, Depends(page("consent.manage"))]
Id = Annotated[str, Path(max_length=64)]
Text = Annotated[str, Form(max_length=500)]
Secret = Annotated[str, Form(max_length=256)]


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


# ---- who I am, and my password ----

def _account(request: Request, session: SessionDep, actor: Actor) -> HTMLResponse:
    assert actor.user_id is not None  # people only (authz.tables: auth.password)
    user = accounts_flow.get_user(session=session, user_id=actor.user_id)
    org = accounts_flow.get_org(session=session, org_id=actor.org_id)
    lang = language(request)
    return render(request, "ui_account.html", actor=actor, user=user, org=org,
                  kind=kind_label(org.kind, lang), role=label(ROLE_LABELS[user.role], lang),
                  may_keys=refusal(actor, "org.keys") == "ok", may_profile=refusal(actor, "auth.profile") == "ok",
                  may_colleagues=refusal(actor, "org.colleagues") == "ok")


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, actor: PasswordPage, session: SessionDep) -> HTMLResponse:
    return _account(request, session, actor)


@router.post("/account/password")
def change_password(request: Request, actor: PasswordPage, session: SessionDep, current_password: Secret = "",
                    new_password: Secret = "", new_password_again: Secret = "") -> Response:
    """The same call as ``POST /api/v1/auth/password``: every other login of the user ends, this one goes on. A
    refusal comes back as the profile's does, naming its field (marked beside it by ui_console.js): said at the top
    of the page, answered with an error status, it marked nothing and the page lost its unread badge (the
    enterprise's day walked again, 2026-11-29). No password is kept, in the address or anywhere."""
    assert actor.user_id is not None
    try:  # the repeat checked with the rest, every wrong field at once (accounts.service.change_password)
        change_own_password(request, session, actor, current=current_password, new=new_password,
                            keep_token=request.cookies.get(SESSION_COOKIE), new_again=new_password_again)
    except InnodockError as exc:
        session.commit()  # a wrong current password is audited (it survives the rollback on its own)
        return refused("/account", exc)
    session.commit()
    return redirect("/account", notice="notice_password_changed")


@router.post("/account/profile")
def change_profile(request: Request, actor: ProfilePage, session: SessionDep, display_name: Text = "",
                   email: Text = "") -> Response:
    """The same call as ``PATCH /api/v1/auth/me``; an email left empty is none. A refusal comes back naming the
    field, what was typed kept (ui_console.js)."""
    try:
        accounts_flow.update_own_profile(session=session, principal=actor,
                                         changes={"display_name": display_name, "email": email},
                                         address=_address(request))
    except InnodockError as exc:
        session.rollback()
        return refused("/account", exc)
    session.commit()
    return redirect("/account", notice="notice_profile_saved")


# ---- the organisation's keys ----

@router.get("/account/keys", response_class=HTMLResponse)
def org_keys_page(request: Request, actor: OrgKeysPage, session: SessionDep, error: str = "") -> HTMLResponse:
    keys, _ = accounts_flow.list_api_keys(session=session, org_id=actor.org_id, limit=200)
    lang = language(request)
    # Keys are made by an administrator, on an organisation's page: an administrator who came here is led there.
    make_keys = f"/admin/orgs/{actor.org_id}#key-form" if permits(actor, "admin.accounts") else None
    return render(request, "ui_org_keys.html", actor=actor, keys=keys, error=error[:300], make_keys=make_keys,
                  scope_names={s: scope_label(s, lang) for k in keys for s in k.scopes})


@router.post("/account/keys/{key_id}/revoke")
def org_key_revoke(key_id: Id, actor: OrgKeysPage, session: SessionDep) -> Response:
    """The same call as ``POST /api/v1/org/keys/{id}/revoke``: another organisation's key is missing (404)."""
    return form_post(session=session, actor=actor, back="/account/keys", missing="key_id", notice="notice_key_revoked",
                     act=lambda: accounts_flow.revoke_api_key(session=session, principal=actor, key_id=key_id,
                                                              org_id=owning_org(actor)))


# ---- the organisation's colleagues, and joining through an invitation ----

LINK_PATH = "/account/colleagues"


@router.get("/account/colleagues", response_class=HTMLResponse)
def colleagues_page(request: Request, actor: ColleaguesPage, session: SessionDep) -> HTMLResponse:
    found = accounts_flow.colleagues(session=session, principal=actor)
    lang = language(request)
    link = shown_link(request)
    response = render(request, "ui_colleagues.html", actor=actor, users=found.users,
                      invitations=found.invitations, link=link,
                      role_names={u.role: label(ROLE_LABELS[u.role], lang) for u in found.users})
    return drop_link(response, page=LINK_PATH) if link else response


@router.post("/account/colleagues")
def colleague_invite(request: Request, actor: ColleaguesPage, session: SessionDep, display_name: Text = "",
                     email: Annotated[str, Form(max_length=254)] = "") -> Response:
    """The same call as ``POST /api/v1/org/invitations``; the link shows once on the page the form leads to."""
    try:
        created = accounts_flow.invite_colleague(session=session, principal=actor, display_name=display_name,
                                                 email=email or None, address=_address(request))
    except InnodockError as exc:
        session.rollback()
        return redirect(LINK_PATH, error=exc.message, field=exc.field)
    session.commit()
    return keep_link(redirect(LINK_PATH, notice="notice_invitation_made"), page=LINK_PATH, link_path=created.path)


@router.post("/account/colleagues/invitations/{invitation_id}/revoke")
def colleague_invitation_revoke(request: Request, invitation_id: Id, actor: ColleaguesPage,
                                session: SessionDep) -> Response:
    """The same call as ``POST /api/v1/org/invitations/{id}/revoke``; another organisation's is missing (404)."""
    return form_post(session=session, actor=actor, back=LINK_PATH, missing="invitation_id",
                     notice="notice_invitation_revoked",
                     act=lambda: accounts_flow.revoke_invitation(session=session, principal=actor,
                                                                 invitation_id=invitation_id,
                                                                 address=_address(request)))


InviteToken = Annotated[str, Path(max_length=128)]


def _invitation(session: SessionDep, token: str) -> InvitationView | None:
    try:
        return accounts_flow.invitation(session=session, token=token)
    except InnodockError:
        return None


def _role_name(found: InvitationView | None, lang: str) -> str:
    return label(ROLE_LABELS[found.role], lang) if found else ""


@router.get("/invite/{token}", response_class=HTMLResponse, dependencies=[Depends(public)])
def invitation_page(request: Request, token: InviteToken, actor: VisitorActor, session: SessionDep) -> HTMLResponse:
    """Who asks the visitor into which organisation, and the form of their own account; a link not usable says so
    (404), the same whether it never existed, was used, withdrawn or expired."""
    found = _invitation(session, token)
    return render(request, "ui_invite.html", actor=actor, invitation=found, form={}, token=token,
                  role_name=_role_name(found, language(request)), status_code=200 if found else 404)


@router.post("/invite/{token}", dependencies=[Depends(public)])
def invitation_accept(
    request: Request, token: InviteToken, session: SessionDep, actor: VisitorActor,
    throttle: Annotated[LoginThrottle, Depends(get_register_throttle)],
    username: Annotated[str, Form(max_length=64)] = "", display_name: Text = "",
    email: Annotated[str, Form(max_length=254)] = "", password: Secret = "", password_again: Secret = "",
) -> Response:
    """The same call as ``POST /api/v1/auth/invitations/accept``, throttled the same way; a refusal shows on the form
    with what was typed (never the password), and the link still works."""
    refuse_cross_site(request)
    lang = language(request)
    address = _address(request) or "-"
    typed = {"username": username, "display_name": display_name, "email": email}

    def again(message: str, status: int, field: str | None) -> HTMLResponse:
        found = _invitation(session, token)
        return render(request, "ui_invite.html", actor=actor, invitation=found, form=typed, token=token,
                      role_name=_role_name(found, lang), error=message, field=field, status_code=status)

    if actor is not None:  # the page shows no form then: logged in, the link would make someone else's account
        return again(MERGED[lang]["invite_logged_in"].format(username=actor.username or "", org=actor.org_name), 409,
                     None)
    refused = _new_account_refusal(throttle, "invitation", address, password, password_again, lang)
    if refused:
        return again(*refused)
    try:
        accounts_flow.accept_invitation(session=session, token=token, username=username, password=password,
                                               display_name=display_name or None, email=email or None,
                                               address=address)
    except InnodockError as exc:
        session.rollback()
        return again(exc.message, exc.status_code, exc.field)
    session.commit()
    return redirect("/login", notice="notice_invitation_accepted")


# ---- an enterprise's consents to an association ----

@router.get("/consents", response_class=HTMLResponse)
def consents_page(request: Request, actor: ConsentReadPage, session: SessionDep, error: str = "") -> HTMLResponse:
    """An enterprise grants and revokes; an association reads what it was given."""
    given = consents.consents(session=session, principal=actor)
    associations, _ = accounts_flow.list_orgs(session=session, kind=OrgKind.association, active=True, limit=200)
    names = org_names(session, [c.enterprise_org_id for c in given] + [c.association_org_id for c in given])
    active = {c.association_org_id for c in given if c.revoked_at is None}
    return render(request, "ui_consents.html", actor=actor, consents=given, names=names, error=error[:300],
                  may_manage=refusal(actor, "consent.manage") == "ok",
                  choices=[a for a in associations if a.id not in active])


@router.post("/consents")
def consent_grant(request: Request, actor: ConsentManagePage, session: SessionDep,
                  association_org_id: Annotated[str, Form(max_length=64)] = "", note: Text = "") -> Response:
    """The same use case as ``POST /api/v1/consents`` (``flows.consents.grant``)."""
    def act() -> Any:
        org = accounts_flow.association(session=session, org_id=association_org_id)
        return consents.grant(session=session, principal=actor, association_org_id=org.id, note=note or None,
                              address=_address(request))

    return form_post(session=session, actor=actor, back="/consents", missing="consent_id",
                     notice="notice_consent_granted", act=act)


@router.post("/consents/{consent_id}/revoke")
def consent_revoke(request: Request, consent_id: Id, actor: ConsentManagePage, session: SessionDep) -> Response:
    """The same use case as ``DELETE /api/v1/consents/{id}``; another enterprise's consent is missing (404)."""
    return form_post(session=session, actor=actor, back="/consents", missing="consent_id",
                     notice="notice_consent_revoked",
                     act=lambda: consents.revoke(session=session, principal=actor, consent_id=consent_id,
                                                 address=_address(request)))


def _throttled(throttle: LoginThrottle, kind: str, address: str) -> tuple[str, int, str | None] | None:
    """The address's attempts at a form that makes an account (each counts, refused or not): the message, status and
    field of a refusal, or None."""
    try:
        throttle.check(kind, address)
    except TooManyAttempts as exc:
        return exc.message, 429, None
    throttle.failed(kind, address)
    return None


def _new_account_refusal(throttle: LoginThrottle, kind: str, address: str, password: str, password_again: str,
                         lang: str) -> tuple[str, int, str | None] | None:
    """The checks a joining colleague's form runs before the use case: the address's attempts and the password typed
    twice alike. The message, status and field of a refusal, or None."""
    refused = _throttled(throttle, kind, address)
    if refused:
        return refused
    if password != password_again:
        # the confirmation is the field that differs from the password before it (it marked the password)
        return MERGED[lang]["passwords_differ_plain"], 422, "password_again"
    return None


# ---- an enterprise registers itself ----

@router.get("/register", response_class=HTMLResponse, dependencies=[Depends(public)])
def register_page(request: Request, actor: VisitorActor, session: SessionDep,
                  kind: Annotated[str, Query(max_length=20)] = "") -> HTMLResponse:
    """``?kind=center``: the form opens for an applicant provider."""
    return render(request, "ui_register.html", actor=actor, form={"kind": "center" if kind == "center" else ""},
                  done=None,
                  associations=_associations(session))


def _associations(session: SessionDep) -> list[OrgOut]:
    """The associations an enterprise may register through; the choice is shown only when there are several."""
    found, _ = accounts_flow.list_orgs(session=session, kind=OrgKind.association, active=True, limit=200)
    return found


@router.post("/register", dependencies=[Depends(public)])
def register_submit(
    request: Request, session: SessionDep, actor: VisitorActor,
    throttle: Annotated[LoginThrottle, Depends(get_register_throttle)],
    org_name: Text = "", credit_code: Annotated[str, Form(max_length=30)] = "",
    username: Annotated[str, Form(max_length=64)] = "", display_name: Text = "",
    email: Annotated[str, Form(max_length=254)] = "", password: Secret = "", password_again: Secret = "",
    association_id: Annotated[str, Form(max_length=64)] = "", kind: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The same call as ``POST /api/v1/auth/register``, throttled the same way; a refusal shows on the form with
    what was typed (never the password), every wrong field at once, each said beside its field, and nothing is
    kept."""
    refuse_cross_site(request)
    lang = language(request)
    address = _address(request) or "-"
    typed = {"org_name": org_name, "credit_code": credit_code, "username": username, "display_name": display_name,
             "email": email, "association_id": association_id, "kind": kind or "enterprise"}

    def again(message: str, status: int, field: str | None,
              said: list[tuple[str | None, str]] | None = None) -> HTMLResponse:
        each = said or ([(field, message)] if field else [])
        beside = {(f or "").split(".")[0]: as_sentence(m, lang) for f, m in each}
        # several: how many at the top, each said beside its own field just below (the form is short)
        shown = MERGED[lang]["fields_to_correct"].format(n=len(beside)) if len(beside) > 1 else message
        return render(request, "ui_register.html", actor=actor, form=typed, done=None, error=shown,
                      field=field, said=beside, status_code=status, associations=_associations(session))

    refused = _throttled(throttle, "registration", address)
    if refused:
        return again(*refused)
    try:
        done = register_with(session, {**typed, "credit_code": credit_code or None, "password": password,
                                       "display_name": display_name or None, "email": email or None,
                                       "association_id": association_id or None}, address,
                             password_again=password_again)
    except InnodockError as exc:
        session.rollback()
        each = [(p.field, p.message) for p in exc.problems] if isinstance(exc, FieldErrors) else None
        return again(exc.message, exc.status_code, exc.field, each)
    session.commit()
    return render(request, "ui_register.html", actor=actor, form={}, done=done, status_code=201)
