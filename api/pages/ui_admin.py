"""Administration in the browser: organisations, their users and keys, the security issue's account responses
(disable, enable, end sessions, reset a password), enterprises' own registrations, and the audit log.

Every form calls the function ``/api/v1/admin/…``, ``/api/v1/registrations/…`` and ``innodock user|org|key …`` call
(``accounts.service``), so a rule — a role fits its organisation, a key's scopes are its role's, the password
policy, nobody disables themselves — is checked in one place. A new key's secret is shown once, on the page the
creating form answers with (never in an address or a cookie), and that page is not cached.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor, UserOut
from accounts.vocab import (
    AUTHORITY_LABELS,
    KEY_ROLE,
    ORG_ROLES,
    ROLE_LABELS,
    ROLE_SCOPES,
    Approval,
    AuthorityBody,
    OrgKind,
    Role,
)
from api.deps import SessionDep
from api.i18n import language
from api.pages import ui_audit
from api.pages.ui_admin_common import approval_label, kind_label, scope_label
from api.pages.ui_common import PageNotFound, form_post, label, page, redirect, refused, render
from api.pages.ui_invite_link import drop_link, keep_link, shown_link
from core.errors import InnodockError, NotFoundError
from flows import accounts as accounts_flow
from flows import audit_log, catalog, decisions

router = APIRouter(include_in_schema=False)

AccountsPage = Annotated[Actor, Depends(page("admin.accounts"))]
AuditPage = Annotated[Actor, Depends(page("admin.audit"))]
RegistrationsPage = Annotated[Actor, Depends(page("registration.review"))]
Id = Annotated[str, Path(max_length=64)]
Text = Annotated[str, Form(max_length=500)]
PAGE_SIZE = 50


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


# ---- organisations ----

@router.get("/admin/orgs", response_class=HTMLResponse)
def orgs_page(request: Request, actor: AccountsPage, session: SessionDep, error: str = "",
              kind: Annotated[OrgKind | None, Query()] = None,
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
              center_id: Annotated[str, Query(max_length=64)] = "") -> HTMLResponse:
    """The organisations, and the form for a new one; ``center_id`` chooses a catalog center in it (the review page's
    way to invite a provider nobody can answer for: its organisation made here, then a coordinator invited)."""
    lang = language(request)
    orgs, total = accounts_flow.list_orgs(session=session, kind=kind, limit=PAGE_SIZE, offset=offset)
    taken = {o.center_id for o in accounts_flow.list_orgs(session=session, kind=OrgKind.center, limit=10_000)[0]}
    listed = catalog.find_centers(session=session, applying=True)
    centers = [(c.id, c.name) for c in listed if c.id not in taken]
    associations, _ = accounts_flow.list_orgs(session=session, kind=OrgKind.association, limit=200)
    return render(request, "ui_admin_orgs.html", actor=actor, orgs=orgs, total=total, offset=offset,
                  page_size=PAGE_SIZE, kind=kind.value if kind else "", error=error[:300], centers=centers,
                  chosen_center=center_id if center_id in {c for c, _ in centers} else "",
                  center_names={c.id: c.name for c in listed},
                  associations=associations,
                  kinds=[(k.value, kind_label(k, lang)) for k in OrgKind],
                  # every kind named (an authority's row was blank: its label was missing), and an authority's
                  # body and jurisdiction where a center's provider or an enterprise's credit code stands
                  kind_names={k.value: kind_label(k, lang) for k in OrgKind},
                  body_names={b.value: AUTHORITY_LABELS[b][0 if lang == "zh" else 1] for b in AuthorityBody},
                  where=lambda jurisdiction: decisions.jurisdiction_label(jurisdiction, lang),
                  bodies=[(b.value, AUTHORITY_LABELS[b][0 if lang == "zh" else 1]) for b in AuthorityBody],
                  approvals={a.value: approval_label(a, lang) for a in Approval})


@router.post("/admin/orgs")
def org_create(actor: AccountsPage, session: SessionDep, kind: Annotated[str, Form(max_length=20)] = "",
               name: Text = "", center_id: Annotated[str, Form(max_length=64)] = "",
               credit_code: Annotated[str, Form(max_length=30)] = "",
               association_id: Annotated[str, Form(max_length=64)] = "",
               authority_body: Annotated[str, Form(max_length=40)] = "",
               jurisdiction: Annotated[str, Form(max_length=200)] = "") -> Response:
    """The same call as ``POST /api/v1/admin/orgs``; a center organisation takes the catalog center's name when
    none is given (as ``innodock user create`` does)."""
    def act() -> Any:
        named = name.strip()
        if not named and kind == OrgKind.center.value and center_id:
            with suppress(NotFoundError):  # unknown: the flow says so, with the form's other refusals
                named = catalog.center(session=session, center_id=center_id).name
        serving = association_id.strip() if kind == OrgKind.enterprise.value else ""
        # a deciding authority's body and jurisdiction (issue 29, item 3); another kind's form sends them empty
        body, where = (authority_body.strip(), jurisdiction.strip()) if kind == OrgKind.authority.value else ("", "")
        return accounts_flow.create_org(session=session, kind=kind, name=named,
                                        center_id=center_id.strip() or None, credit_code=credit_code.strip() or None,
                                        association_id=serving or None, authority_body=body or None,
                                        jurisdiction=where or None, principal=actor)

    return form_post(session=session, actor=actor, back="/admin/orgs", missing="-", notice="notice_org_created",
                     act=act, then=lambda org: f"/admin/orgs/{org.id}")


def _org_context(request: Request, session: SessionDep, org_id: str) -> dict[str, Any]:
    lang = language(request)
    org = accounts_flow.get_org(session=session, org_id=org_id)
    users, _ = accounts_flow.list_users(session=session, org_id=org.id, limit=200)
    keys, _ = accounts_flow.list_api_keys(session=session, org_id=org.id, limit=200)
    scopes = sorted(ROLE_SCOPES[KEY_ROLE[org.kind]])
    invitations = accounts_flow.invitations(session=session, org_id=org.id)
    names = accounts_flow.display_names(session=session, user_ids=[i.created_by for i in invitations])
    return {"org": org, "users": users, "keys": keys, "kind": kind_label(org.kind, lang),
            "invitations": invitations,  # who asked each in: a person's name, or None for the terminal
            "inviters": {i.id: None if i.created_by == accounts_flow.TERMINAL else names.get(i.created_by, "—")
                         for i in invitations},
            "approval": approval_label(org.approval, lang),
            "roles": [(r.value, label(ROLE_LABELS[r], lang)) for r in Role if r in ORG_ROLES[org.kind]],
            "role_names": {r.value: label(ROLE_LABELS[r], lang) for r in Role},
            "key_scopes": [(s.value, scope_label(s, lang)) for s in scopes],
            "scope_names": {s: scope_label(s, lang) for k in keys for s in k.scopes},
            "center_name": _center_name(session, org.center_id),
            "authority": label(AUTHORITY_LABELS[AuthorityBody(org.authority_body)], lang) if org.authority_body
            else None, "where": decisions.jurisdiction_label(org.jurisdiction, lang)}


def _center_name(session: SessionDep, center_id: str | None) -> str | None:
    """The catalog's name for the center an organisation stands for (its id is never shown)."""
    if not center_id:
        return None
    try:
        return catalog.center(session=session, center_id=center_id).name
    except NotFoundError:
        return None


@router.get("/admin/orgs/{org_id}", response_class=HTMLResponse)
def org_page(request: Request, org_id: Id, actor: AccountsPage, session: SessionDep,
             error: str = "") -> HTMLResponse:
    try:
        context = _org_context(request, session, org_id)
    except NotFoundError:
        raise PageNotFound(actor) from None
    link = shown_link(request)
    response = render(request, "ui_admin_org.html", actor=actor, error=error[:300], link=link, **context)
    return drop_link(response, page=f"/admin/orgs/{org_id}") if link else response


@router.post("/admin/orgs/{org_id}/disable")
def org_disable(request: Request, org_id: Id, actor: AccountsPage, session: SessionDep) -> Response:
    return form_post(session=session, actor=actor, back=f"/admin/orgs/{org_id}", missing="org_id",
                     notice="notice_org_disabled",
                     act=lambda: accounts_flow.set_org_active(session=session, principal=actor, org_id=org_id,
                                                              active=False, address=_address(request)))


@router.post("/admin/orgs/{org_id}/enable")
def org_enable(request: Request, org_id: Id, actor: AccountsPage, session: SessionDep) -> Response:
    return form_post(session=session, actor=actor, back=f"/admin/orgs/{org_id}", missing="org_id",
                     notice="notice_org_enabled",
                     act=lambda: accounts_flow.set_org_active(session=session, principal=actor, org_id=org_id,
                                                              active=True, address=_address(request)))


# ---- users ----

@router.post("/admin/orgs/{org_id}/users")
def user_create(org_id: Id, actor: AccountsPage, session: SessionDep,
                username: Annotated[str, Form(max_length=64)] = "", role: Annotated[str, Form(max_length=40)] = "",
                display_name: Text = "", email: Annotated[str, Form(max_length=254)] = "",
                password: Annotated[str, Form(max_length=256)] = "") -> Response:
    """The same call as ``POST /api/v1/admin/users`` (the password policy, a role that fits the organisation)."""
    return form_post(session=session, actor=actor, back=f"/admin/orgs/{org_id}", missing="org_id",
                     notice="notice_user_created",
                     act=lambda: accounts_flow.create_user(session=session, principal=actor, org_id=org_id,
                                                           username=username, password=password, role=role,
                                                           display_name=display_name or None, email=email or None))


@router.post("/admin/orgs/{org_id}/invitations")
def user_invite(request: Request, org_id: Id, actor: AccountsPage, session: SessionDep,
                role: Annotated[str, Form(max_length=40)] = "", display_name: Text = "",
                email: Annotated[str, Form(max_length=254)] = "") -> Response:
    """The same call as ``POST /api/v1/admin/orgs/{id}/invitations``: the person sets their own password through
    the link, which shows once on the organisation's page."""
    back = f"/admin/orgs/{org_id}"
    try:
        created = accounts_flow.invite_user(session=session, principal=actor, org_id=org_id, role=role,
                                            display_name=display_name, email=email or None,
                                            address=_address(request))
    except InnodockError as exc:
        session.rollback()
        if isinstance(exc, NotFoundError) and exc.field == "org_id":
            raise PageNotFound(actor) from None
        return refused(back, exc)  # each field marked, as every form's refusal (it built its own, one field)
    session.commit()
    return keep_link(redirect(back, notice="notice_invitation_made"), page=back, link_path=created.path)


@router.post("/admin/orgs/{org_id}/invitations/{invitation_id}/revoke")
def invitation_revoke(request: Request, org_id: Id, invitation_id: Id, actor: AccountsPage,
                      session: SessionDep) -> Response:
    """The colleagues page's withdraw (``flows.accounts.revoke_invitation``), for this organisation's invitations
    only; back to its page, refused too (one already used or withdrawn)."""
    return form_post(session=session, actor=actor, back=f"/admin/orgs/{org_id}", missing="invitation_id",
                     notice="notice_invitation_revoked",
                     act=lambda: accounts_flow.revoke_invitation(session=session, principal=actor,
                                                                 invitation_id=invitation_id, org_id=org_id,
                                                                 address=_address(request)))


def _user_step(session: SessionDep, actor: Actor, user_id: str, notice: str, step: Any) -> Response:
    """A step on one user, then back to their organisation's page — refused too: its forms are there, and what was
    typed goes back into the form that was sent (not the list of organisations, which has none of them)."""
    try:
        back = f"/admin/orgs/{accounts_flow.get_user(session=session, user_id=user_id).org_id}"
    except NotFoundError:
        raise PageNotFound(actor) from None

    def act() -> UserOut:
        step()
        return accounts_flow.get_user(session=session, user_id=user_id)

    return form_post(session=session, actor=actor, back=back, missing="user_id", notice=notice, act=act)


@router.post("/admin/users/{user_id}/disable")
def user_disable(request: Request, user_id: Id, actor: AccountsPage, session: SessionDep) -> Response:
    return _user_step(session, actor, user_id, "notice_user_disabled", lambda: accounts_flow.set_user_active(
        session=session, principal=actor, user_id=user_id, active=False, address=_address(request)))


@router.post("/admin/users/{user_id}/enable")
def user_enable(request: Request, user_id: Id, actor: AccountsPage, session: SessionDep) -> Response:
    return _user_step(session, actor, user_id, "notice_user_enabled", lambda: accounts_flow.set_user_active(
        session=session, principal=actor, user_id=user_id, active=True, address=_address(request)))


@router.post("/admin/users/{user_id}/sessions/end")
def user_end_sessions(request: Request, user_id: Id, actor: AccountsPage, session: SessionDep) -> Response:
    return _user_step(session, actor, user_id, "notice_sessions_ended", lambda: accounts_flow.end_sessions(
        session=session, principal=actor, user_id=user_id, address=_address(request)))


@router.post("/admin/users/{user_id}/password")
def user_password(request: Request, user_id: Id, actor: AccountsPage, session: SessionDep,
                  password: Annotated[str, Form(max_length=256)] = "") -> Response:
    return _user_step(session, actor, user_id, "notice_password_reset", lambda: accounts_flow.reset_password(
        session=session, principal=actor, user_id=user_id, password=password, address=_address(request)))


# ---- keys ----

@router.post("/admin/orgs/{org_id}/keys", response_model=None)
def key_create(request: Request, org_id: Id, actor: AccountsPage, session: SessionDep, name: Text = "",
               scopes: Annotated[list[str] | None, Form(max_length=10)] = None,
               expires_days: Annotated[str, Form(max_length=5)] = "",
               cors_origins: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """The same call as ``POST /api/v1/admin/keys``. The secret is on this answer only (no redirect, no cache)."""
    back = f"/admin/orgs/{org_id}"
    try:  # the days as typed ("九十", "90"): the flow reads them, said with the other fields' refusals
        created = accounts_flow.create_api_key(session=session, principal=actor, org_id=org_id, name=name,
                                               scopes=scopes or [], expires_days=expires_days,
                                               cors_origins=_lines(cors_origins))
    except NotFoundError as exc:
        if exc.field == "org_id":
            raise PageNotFound(actor) from None
        session.rollback()
        return refused(back, exc)
    except InnodockError as exc:
        session.rollback()
        return refused(back, exc)  # each field marked beside its box, as every form's refusal
    session.commit()
    org = accounts_flow.get_org(session=session, org_id=org_id)
    response = render(request, "ui_admin_key_created.html", actor=actor, key=created, org=org, status_code=201,
                      scope_names={s: scope_label(s, language(request)) for s in created.scopes})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/admin/keys/{key_id}/revoke")
def key_revoke(key_id: Id, actor: AccountsPage, session: SessionDep) -> Response:
    return form_post(session=session, actor=actor, back="/admin/orgs", missing="key_id", notice="notice_key_revoked",
                     act=lambda: accounts_flow.revoke_api_key(session=session, principal=actor, key_id=key_id),
                     then=lambda key: f"/admin/orgs/{key.org_id}")


# ---- enterprises' own registrations ----

@router.get("/admin/registrations", response_class=HTMLResponse)
def registrations_page(request: Request, actor: RegistrationsPage, session: SessionDep,
                       error: str = "") -> HTMLResponse:
    lang = language(request)
    waiting, _ = accounts_flow.list_registrations(session=session, principal=actor, approval=Approval.pending,
                                                  limit=200)
    everything, _ = accounts_flow.list_registrations(session=session, principal=actor, approval=None, limit=200)
    decided = sorted((r for r in everything if r.org.approval != Approval.pending),
                     key=lambda r: r.org.created_at, reverse=True)[:30]
    return render(request, "ui_admin_registrations.html", actor=actor, waiting=waiting, decided=decided,
                  error=error[:300], approvals={a.value: approval_label(a, lang) for a in Approval},
                  concerns={r.org.id: [label(c, lang) for c in accounts_flow.registration_concerns(r)]
                            for r in waiting})


@router.post("/admin/registrations/{org_id}/approve")
def registration_approve(request: Request, org_id: Id, actor: RegistrationsPage, session: SessionDep) -> Response:
    """The same call as ``POST /api/v1/registrations/{id}/approve`` and ``innodock org approve``."""
    return form_post(session=session, actor=actor, back="/admin/registrations", missing="org_id",
                     notice="notice_registration_approved",
                     act=lambda: accounts_flow.decide_registration(session=session, principal=actor,
                                                                   org_id=org_id, approve=True,
                                                                   address=_address(request)))


@router.post("/admin/registrations/{org_id}/refuse")
def registration_refuse(request: Request, org_id: Id, actor: RegistrationsPage, session: SessionDep,
                        note: Annotated[str, Form(max_length=20_000)] = "") -> Response:
    """The same use case as ``POST /api/v1/registrations/{id}/refuse``; a reason over its limit is refused by the use
    case, naming it, and the form comes back with what was typed (the form's own 500 gave an error page)."""
    return form_post(session=session, actor=actor, back="/admin/registrations", missing="org_id",
                     notice="notice_registration_refused",
                     act=lambda: accounts_flow.decide_registration(session=session, principal=actor,
                                                                   org_id=org_id, approve=False, note=note,
                                                                   address=_address(request)))


# ---- the audit log ----

@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, actor: AuditPage, session: SessionDep,
               action: Annotated[str, Query(max_length=60)] = "",
               outcome: Annotated[str, Query(max_length=10)] = "",
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    lang = language(request)
    log = audit_log.audit_page(session=session, limit=PAGE_SIZE, offset=offset, action=action or None,
                               outcome=outcome if outcome in ("ok", "refused") else None)
    events = [{"at": e.at, "action": e.action, "outcome": e.outcome, "address": e.address,
               "said": ui_audit.sentence(e, log.names, lang)} for e in log.events]
    return render(request, "ui_admin_audit.html", actor=actor, events=events, total=log.total, offset=offset,
                  page_size=PAGE_SIZE, action=action, outcome=outcome, kinds=ui_audit.kind_choices(lang))
