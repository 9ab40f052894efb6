"""Account use cases the pages, the JSON API and the CLI share: what touches more than identity (a center's kb
record, the needs the first association adopts), and the decisions an association or an administrator takes on an
account — approving or refusing a registration, disabling or enabling an organisation or a user — so each door takes
exactly the same step, written to the audit log the same way."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from accounts import demo
from accounts import service as accounts
from accounts.hashing import SESSION_MARK
from accounts.schemas import (
    Actor,
    ColleaguesOut,
    InvitationCreated,
    InvitationOut,
    InvitationView,
    KeyCreated,
    KeyOut,
    OrgOut,
    RegistrationIn,
    RegistrationOut,
    UserOut,
)

# The throttle the web doors hold for logins, registrations and password changes, and the refusals they show, are
# accounts': re-exported here (``X as X``) so the doors reach them through the flows like the rest of identity.
from accounts.service import PendingApprovalError as PendingApprovalError
from accounts.throttle import LoginThrottle as LoginThrottle
from accounts.throttle import TooManyAttempts as TooManyAttempts
from accounts.vocab import Approval, OrgKind, Role, Scope
from authz.principal import Principal
from authz.tenancy import owning_org, serving_association
from core.bilingual import in_language
from core.errors import InnodockError, NotFoundError
from flows import catalog, signups
from flows import needs as flows_needs
from flows.intake import read_number
from kb import service as kb

# Who the audit log names for a step taken at the terminal: whoever can run the command owns the deployment.
TERMINAL = "cli"


APPLICANT_PREFIX = "applicant-"  # the id of a provider whose organisation exists before its application


def applicant_center_id(*, session: Session) -> str:
    """The id a new applicant provider's organisation stands for ("applicant-3f9a0c1e"), held by no organisation and
    no catalog center: its application, its first act, files its catalog entry under it (``flows.applications``:
    a center's coordinator applies for its own). The one home of an applicant provider's making: the registration
    page and ``POST /auth/register`` (:func:`register`), the admin's form, ``POST /admin/orgs`` and ``innodock user
    create`` (:func:`create_org` with no center id)."""
    while True:
        made = f"{APPLICANT_PREFIX}{secrets.token_hex(4)}"
        if accounts.find_org(session=session, ref=made, kind=OrgKind.center) is None \
                and not kb.list_centers(session=session, ids=[made]):
            return made


def create_org(*, session: Session, kind: OrgKind | str, name: str, center_id: str | None = None,
               credit_code: str | None = None, association_id: str | None = None,
               authority_body: str | None = None, jurisdiction: str | None = None,
               principal: Principal | None = None) -> OrgOut:
    """:func:`accounts.service.create_org`, plus what accounts cannot see: a center organisation is bound to a center
    the kb holds (404 otherwise), and the first association also adopts the needs made before any existed. The audit
    log names who made it (``principal``; none: the terminal). A center organisation without a center id is an
    applicant provider's (:func:`applicant_center_id`): its coordinator's first act is the application."""
    unknown: list[InnodockError] = []
    if kind == OrgKind.center and center_id and center_id.strip():
        try:
            catalog.center(session=session, center_id=center_id.strip())
        except NotFoundError as exc:  # a 404 alone; said with the other fields' refusals when there are any
            unknown.append(NotFoundError(exc.message, field="center_id"))
    elif kind == OrgKind.center:
        center_id = applicant_center_id(session=session)
    first = kind == OrgKind.association and accounts.first_association(session=session) is None
    org = accounts.create_org(session=session, kind=kind, name=name, center_id=center_id, credit_code=credit_code,
                              association_id=association_id, authority_body=authority_body,
                              jurisdiction=jurisdiction, by=_by(principal), refused=unknown)
    if first:
        flows_needs.adopt_needs(session=session, association_id=org.id)
    return org


def default_role(kind: OrgKind) -> Role:
    """The role a person of an organisation of this kind has unless told otherwise."""
    return {OrgKind.enterprise: Role.enterprise, OrgKind.center: Role.center_coordinator,
            OrgKind.association: Role.association_coordinator, OrgKind.authority: Role.authority_officer}[kind]


def create_member(*, session: Session, org_kind: OrgKind, username: str, password: str,
                  org_name: str | None = None, center_id: str | None = None, credit_code: str | None = None,
                  role: Role | None = None, display_name: str | None = None, email: str | None = None,
                  association: str | None = None, authority_body: str | None = None,
                  jurisdiction: str | None = None) -> tuple[OrgOut, bool, UserOut]:
    """A person, and their organisation when none is found by center id, credit code or name (``innodock user
    create``, the operator's first step). Returns the organisation, whether it was made, and the user: the caller
    says what was made only once its transaction committed, since a refused user (a short password, a taken name)
    takes the new organisation back with it."""
    # a center by its catalog id, or by its name when it is a new applicant provider (no --center-id)
    ref = (center_id or org_name) if org_kind == OrgKind.center else (credit_code or org_name)
    if not ref:
        raise InnodockError("请给出 --org-name（已在目录中的服务机构给 --center-id）/ give --org-name (--center-id "
                            "for a center in the catalog)", field="org_name")
    org = accounts.find_org(session=session, ref=ref, kind=org_kind)
    made = org is None
    if org is None:
        name = org_name
        if name is None and center_id:
            name = catalog.center(session=session, center_id=center_id).name
        found = accounts.find_org(session=session, ref=association, kind=OrgKind.association) if association else None
        if association and found is None:
            raise InnodockError(f"找不到协会 {association!r} / no association {association!r}", field="association")
        org = create_org(session=session, kind=org_kind, name=name or ref, center_id=center_id,
                         credit_code=credit_code, association_id=found.id if found else None,
                         authority_body=authority_body, jurisdiction=jurisdiction)
    user = accounts.create_user(session=session, org_id=org.id, username=username, password=password,
                                role=role or default_role(org_kind), display_name=display_name, email=email,
                                by=TERMINAL)
    return org, made, user


def demo_accounts(*, session: Session, reset_key: bool = False) -> demo.DemoAccounts:
    """The demo accounts, their center coordinator standing for the sample's battery center (or the kb's first)."""
    center = catalog.demo_center(session=session, preferred=demo.DEMO_CENTER)
    return demo.ensure_demo_accounts(session=session, center=(center.id, center.name) if center else None,
                                     reset_key=reset_key)


def _by(principal: Principal | None) -> str:
    return principal.audit_label() if principal is not None else TERMINAL


def decide_registration(*, session: Session, principal: Principal | None, org_id: str, approve: bool,
                        note: str | None = None, address: str | None = None) -> OrgOut:
    """Approve (its people may log in from now on) or refuse (with the reason they will read) an enterprise's own
    registration. Association staff decide only those made through their association (another's is missing); the
    platform operator and the terminal (``principal`` None) decide any."""
    decided = accounts.review_registration(
        session=session, org_id=org_id, approve=approve, note=note, by=_by(principal), address=address,
        association_id=serving_association(principal) if principal is not None else None)
    signups.registration_decided(session=session, org_id=org_id)
    return decided


def set_org_active(*, session: Session, principal: Principal | None, org_id: str, active: bool,
                   address: str | None = None) -> OrgOut:
    """Disable (its people and keys stop at once) or enable an organisation. Nobody disables their own organisation
    from inside it: they could not undo it."""
    acting = principal.org_id if principal is not None and not active else None
    return accounts.set_org_active(session=session, org_id=org_id, active=active, by=_by(principal),
                                   address=address, acting_org_id=acting)


def set_user_active(*, session: Session, principal: Principal | None, user_id: str, active: bool,
                    address: str | None = None) -> UserOut:
    """Disable (every login ends with it) or enable a user; nobody disables themselves."""
    acting = principal.user_id if principal is not None and not active else None
    return accounts.set_user_active(session=session, user_id=user_id, active=active, by=_by(principal),
                                    address=address, acting_user_id=acting)


# ---- what the web doors (the JSON API and the pages) ask of accounts: they import nothing of it but its schemas and
# vocabulary (the import contract "api-front-door"), so each call below is the one place a door reaches identity.


def is_session_token(token: str) -> bool:
    """A bearer token that is a person's login (``is_…``) rather than an integration's key: the two are checked
    against different tables, and the mark is accounts' to define."""
    return token.startswith(SESSION_MARK + "_")


def authenticate(*, session: Session, username: str, password: str) -> UserOut:
    """A username and password checked (``UnauthorizedError``; ``PendingApprovalError`` for a right password whose
    organisation is not approved): the login form and ``POST /auth/login`` throttle around this one check."""
    return accounts.authenticate(session=session, username=username, password=password)


def start_session(*, session: Session, user_id: str, hours: int) -> tuple[str, datetime]:
    """A new login for a person just authenticated: the token the browser's cookie or a script carries, and when it
    ends."""
    return accounts.start_session(session=session, user_id=user_id, hours=hours)


def end_session(*, session: Session, token: str) -> bool:
    """Log out: the login behind this token ends (False when there was none)."""
    return accounts.end_session(session=session, token=token)


def actor_for_session(*, session: Session, token: str) -> Actor:
    """Who a login token stands for, or ``UnauthorizedError`` (ended, expired, disabled): every request the browser
    sends is checked here."""
    return accounts.actor_for_session(session=session, token=token)


def verify_api_key(*, session: Session, token: str) -> Actor:
    """Who an integration's key stands for, or ``UnauthorizedError`` (unknown, revoked, expired, disabled)."""
    return accounts.verify_api_key(session=session, token=token)


def active_cors_origins(*, session: Session) -> frozenset[str]:
    """The browser origins the active keys list: the only ones whose pages may call the API."""
    return accounts.active_cors_origins(session=session)


# A registration as the page's form sends it: each field as typed, none checked yet.
RegistrationForm = Mapping[str, str | None]


def register(*, session: Session, body: RegistrationIn | RegistrationForm, address: str | None,
             password_again: str | None = None) -> RegistrationOut:
    """An enterprise, or an applicant provider (``kind`` center: an institution that wants to become a station or a
    center, whose first act is its application), registers itself and its first user, waiting for an association's
    approval: the one call the
    registration page and ``POST /auth/register`` make, so both refuse and record the same way: every wrong field at
    once (``accounts.service.registration_refusals``), nothing kept. ``body``: the API's, or the page's fields as
    typed; ``password_again``: the page's repeat of the password."""
    given = body.model_dump() if isinstance(body, RegistrationIn) else dict(body)
    kind = given.get("kind") or OrgKind.enterprise
    made = accounts.register_enterprise(session=session, org_name=given.get("org_name") or "",
                                        credit_code=given.get("credit_code"), username=given.get("username") or "",
                                        password=given.get("password") or "", display_name=given.get("display_name"),
                                        email=given.get("email"), address=address,
                                        association_id=given.get("association_id"), password_again=password_again,
                                        kind=kind, center_id=applicant_center_id(session=session)
                                        if kind == OrgKind.center else None)
    signups.tell_registration(session=session, org=made.org)  # whoever approves it hears of it
    return made


def change_own_password(*, session: Session, principal: Principal, current: str, new: str,
                        keep_token: str | None, address: str | None, new_again: str | None = None) -> int:
    """A person changes their own password, proving the current one; every other login of theirs ends (how many:
    the result). The doors throttle wrong current passwords around this call. ``new_again``: a form's repeat of the
    new one, refused with the other wrong fields at once."""
    assert principal.user_id is not None  # people only (authz.tables: auth.password)
    return accounts.change_password(session=session, user_id=principal.user_id, current=current, new=new,
                                    keep_token=keep_token, by=principal.audit_label(), address=address,
                                    new_again=new_again)


def update_own_profile(*, session: Session, principal: Principal, changes: dict[str, Any],
                       address: str | None) -> UserOut:
    """A person changes their own display name or email: the one call the account page and ``PATCH
    /api/v1/auth/me`` make (an enterprise could change only its password, walked as a new user on 2026-11-28)."""
    assert principal.user_id is not None  # people only (authz.tables: auth.profile)
    return accounts.update_profile(session=session, user_id=principal.user_id, changes=changes,
                                   by=principal.audit_label(), address=address)


def get_org(*, session: Session, org_id: str) -> OrgOut:
    """One organisation (404 when unknown): the doors check first whether the caller may see it."""
    return accounts.get_org(session=session, org_id=org_id)


def association(*, session: Session, org_id: str) -> OrgOut:
    """An active association by id (404 for anything else): what an enterprise may name as its association or
    consent to."""
    return accounts.association(session=session, org_id=org_id)


def get_user(*, session: Session, user_id: str) -> UserOut:
    """One user (404 when unknown)."""
    return accounts.get_user(session=session, user_id=user_id)


def get_api_key(*, session: Session, key_id: str, org_id: str | None = None) -> KeyOut:
    """One key, never its secret; ``org_id``: only if it is that organisation's (another's is missing)."""
    return accounts.get_api_key(session=session, key_id=key_id, org_id=org_id)


def list_orgs(*, session: Session, limit: int = 50, offset: int = 0, kind: OrgKind | None = None,
              active: bool | None = None) -> tuple[list[OrgOut], int]:
    """A page of organisations and the total, by kind and whether active: the administrators' list, and the
    associations a registering enterprise may choose."""
    return accounts.list_orgs(session=session, limit=limit, offset=offset, kind=kind, active=active)


def list_users(*, session: Session, org_id: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[UserOut], int]:
    """A page of users (of one organisation, or all) and the total."""
    return accounts.list_users(session=session, org_id=org_id, limit=limit, offset=offset)


def list_api_keys(*, session: Session, org_id: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[KeyOut], int]:
    """A page of keys (of one organisation, or all) and the total; never a secret."""
    return accounts.list_api_keys(session=session, org_id=org_id, limit=limit, offset=offset)


def list_registrations(*, session: Session, principal: Principal, approval: Approval | None = Approval.pending,
                       limit: int = 50, offset: int = 0) -> tuple[list[RegistrationOut], int]:
    """The enterprises' own registrations the caller decides on (by default those waiting): an association's staff
    see only those made through their association, as :func:`decide_registration` lets them decide only those."""
    return accounts.list_registrations(session=session, approval=approval, limit=limit, offset=offset,
                                       association_id=serving_association(principal))


# What an approver should check before letting a registration in, said beside it (a new user's trial in Chromium,
# 2026-11-29: an enterprise that gave no 统一社会信用代码 waited like any other). The code is optional at
# registration (accounts.schemas: a new firm may not have it to hand) and checked when given
# (accounts.credit_code), so a missing one is the approver's to weigh, not a refusal.
NO_CREDIT_CODE = ("未填写统一社会信用代码：通过前请核实企业身份（如营业执照）",
                  "No unified social credit code given: check who the enterprise is (its business licence, say) "
                  "before approving it")


def registration_concerns(registration: RegistrationOut) -> list[tuple[str, str]]:
    """What the approver is asked to check about one registration, each (Chinese, English); none for one that
    gave what a registration can be checked by."""
    return [] if registration.org.credit_code else [NO_CREDIT_CODE]


def display_names(*, session: Session, user_ids: Iterable[str]) -> dict[str, str]:
    """How pages name people they list by id: each known user's display name (else username)."""
    return accounts.display_names(session=session, user_ids=user_ids)


def create_user(*, session: Session, principal: Principal, org_id: str, username: str, password: str,
                role: Role | str, display_name: str | None = None, email: str | None = None) -> UserOut:
    """An administrator adds a person to an organisation; the audit log names who did."""
    return accounts.create_user(session=session, org_id=org_id, username=username, password=password, role=role,
                                display_name=display_name, email=email, by=principal.audit_label())


def end_sessions(*, session: Session, principal: Principal, user_id: str, address: str | None = None) -> int:
    """An administrator ends every login of a user now (a stolen account); how many ended."""
    return accounts.end_sessions(session=session, user_id=user_id, by=principal.audit_label(), address=address)


def reset_password(*, session: Session, principal: Principal, user_id: str, password: str,
                   address: str | None = None) -> None:
    """An administrator sets a user's password; every login of theirs ends."""
    accounts.set_password(session=session, user_id=user_id, password=password, by=principal.audit_label(),
                          address=address)


def create_api_key(*, session: Session, principal: Principal, org_id: str, name: str, scopes: Sequence[Scope | str],
                   expires_days: int | str | None = None, cors_origins: Sequence[str] = ()) -> KeyCreated:
    """An administrator issues an organisation a key (its secret shown this once), recording who made it.
    ``expires_days`` as a form sends it is read as people type a number ("九十", "90"); one it cannot read is
    refused with the key's other fields, at once (it was said alone, before them)."""
    days: int | None = None
    unread: list[InnodockError] = []
    if not isinstance(expires_days, str):
        days = expires_days
    elif expires_days.strip():
        try:
            days = int(read_number(text=expires_days, field="expires_days", low=1, high=3650, whole=True))
        except InnodockError as exc:
            unread.append(InnodockError(f"有效天数：{in_language(exc.message, 'zh')} / days valid: "
                                        f"{in_language(exc.message, 'en')}", field="expires_days"))
    return accounts.create_api_key(session=session, org_id=org_id, name=name, scopes=scopes,
                                   expires_days=days, cors_origins=cors_origins, refused=unread,
                                   created_by=principal.user_id, by=principal.audit_label())


def revoke_api_key(*, session: Session, principal: Principal, key_id: str, org_id: str | None = None) -> KeyOut:
    """A key stops working at once; ``org_id``: only if it is that organisation's (an administrator revokes any)."""
    return accounts.revoke_api_key(session=session, key_id=key_id, org_id=org_id, by=principal.audit_label())


# ---- colleagues (the enterprise's day walked as a new user: only an administrator could add a person) ----

def colleagues(*, session: Session, principal: Principal) -> ColleaguesOut:
    """The people of the caller's organisation and the invitations still waiting: the one read of the colleagues
    page and ``GET /api/v1/auth/colleagues``."""
    users = accounts.list_users(session=session, org_id=principal.org_id, limit=500)[0]
    return ColleaguesOut(users=users, invitations=accounts.list_invitations(session=session, org_id=principal.org_id))


def invite_colleague(*, session: Session, principal: Principal, display_name: str, email: str | None,
                     address: str | None) -> InvitationCreated:
    """A link that makes a colleague's account in the caller's organisation with the caller's own role, so nobody
    can invite a role they do not hold (authz.tables: org.colleagues, people only)."""
    assert principal.user_id is not None and principal.role is not None
    return accounts.invite(session=session, org_id=principal.org_id, role=principal.role,
                           created_by=principal.user_id, display_name=display_name, email=email or None,
                           by=principal.audit_label(), address=address)


def invite_user(*, session: Session, principal: Principal | None, org_id: str, role: Role | str,
                display_name: str, email: str | None, address: str | None = None) -> InvitationCreated:
    """An administrator (or the terminal) invites a person into any organisation with a role that fits it, instead
    of choosing a password for them: the person sets their own through the link."""
    return accounts.invite(session=session, org_id=org_id, role=role,
                           created_by=principal.user_id if principal and principal.user_id else TERMINAL,
                           display_name=display_name, email=email or None, by=_by(principal), address=address)


def invitations(*, session: Session, org_id: str) -> list[InvitationOut]:
    """An organisation's invitations still waiting, newest first: the administrator's organisation page lists them
    with the colleagues page's withdraw button."""
    return accounts.list_invitations(session=session, org_id=org_id)


def revoke_invitation(*, session: Session, principal: Principal, invitation_id: str, address: str | None,
                      org_id: str | None = None) -> InvitationOut:
    """Withdraw a waiting link: the colleagues page, ``POST /api/v1/org/invitations/{id}/revoke`` and the
    administrator's organisation page. People withdraw their own organisation's only; an administrator any, or, with
    ``org_id`` (the organisation whose page the button is on), that organisation's only (``authz.tenancy``)."""
    return accounts.revoke_invitation(session=session, invitation_id=invitation_id,
                                      org_id=owning_org(principal) or org_id, by=principal.audit_label(),
                                      address=address)


def invitation(*, session: Session, token: str) -> InvitationView:
    return accounts.invitation_by_token(session=session, token=token)


def accept_invitation(*, session: Session, token: str, username: str, password: str, display_name: str | None,
                      email: str | None, address: str | None) -> UserOut:
    """The invited colleague's own account; the link's page and ``POST /api/v1/auth/invitations/accept`` both call
    it (throttled by the caller like a registration). Whoever invited them is told (``flows.signups.tell_joined``)."""
    user = accounts.accept_invitation(session=session, token=token, username=username, password=password,
                                      display_name=display_name, email=email, address=address)
    signups.tell_joined(session=session, user=user)
    return user
