"""Identity service functions (keyword-only): organisations, users, logins, API keys and CORS origins.

The CLI, the pages and the admin API all reach these (through :mod:`flows.accounts` where a use case needs more than
identity), so a rule (a role fits its org, a key's scopes are known ones, an origin is well formed) is checked in one
place whichever door it comes through.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from accounts import hashing, passwords
from accounts.credit_code import normalise_credit_code
from accounts.models import ApiKey, CorsOrigin, Invitation, LoginSession, Org, User
from accounts.schemas import (
    WORDED,
    AcceptIn,
    Actor,
    InvitationCreated,
    InvitationIn,
    InvitationOut,
    InvitationView,
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
from accounts.vocab import (
    BROWSER_KEY_SCOPES,
    KEY_ROLE,
    ORG_KIND_LABELS,
    ORG_ROLES,
    ROLE_LABELS,
    ROLE_SCOPES,
    Approval,
    AuthorityBody,
    OrgKind,
    Role,
    Scope,
)
from authz import service as authz
from core.db import utcnow
from core.errors import (
    ConflictError,
    InnodockError,
    NotFoundError,
    UnauthorizedError,
    first_of_each,
    gather,
    refuse_all,
)

M = TypeVar("M", bound=BaseModel)

# Writing "last used" on every request would turn each read into a write; once a minute is plenty for an audit.
TOUCH_EVERY = timedelta(seconds=60)


def as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; everything this package writes is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _id() -> str:
    return str(uuid.uuid4())


# The account forms' fields and pydantic's problems in words, so a refusal names what to fix: "输入不正确" alone
# named nothing (the admin's day walked as a new user, 2026-11-28: a new organisation with no name).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "name": ("名称", "the name"), "org_name": ("企业名称", "the enterprise's name"),
    "association_id": ("受理协会", "the association"), "username": ("用户名", "the username"),
    "display_name": ("显示名", "the display name"),
    "email": ("邮箱", "the email"), "password": ("密码", "the password"), "role": ("角色", "the role"),
    "kind": ("类型", "the kind"), "center_id": ("对应机构", "the provider"),
    "credit_code": ("统一社会信用代码", "the credit code"), "jurisdiction": ("辖区", "the jurisdiction"),
    "authority_body": ("主管部门类别", "the authority"), "scopes": ("权限范围", "the scopes"),
    "expires_days": ("有效天数", "the days valid"), "cors_origins": ("允许的网页来源", "the allowed web origins"),
}
PROBLEM_WORDS: dict[str, tuple[str, str]] = {
    "missing": ("未填写", "is missing"), "string_too_short": ("未填写或过短", "is missing or too short"),
    "too_short": ("至少选择一项", "needs at least one"), "greater_than_equal": ("数值过小", "is too small"),
    "less_than_equal": ("数值过大", "is too large"),
    "string_too_long": ("过长", "is too long"), "string_pattern_mismatch": ("格式不正确", "is not in the right form"),
    "enum": ("不是可选的值", "is not one of the choices"),
    "literal_error": ("不是可选的值", "is not one of the choices"),
}
# Pydantic's reasons that say nothing more than the words above: a pattern's is a regular expression.
UNSAID_REASONS = frozenset({"string_pattern_mismatch", "missing"})


def validated(model: type[M], **data: Any) -> M:
    """Validate through the wire schema, so the CLI refuses exactly what the API refuses, as an InnodockError that
    names the field in words (the wire's own reason kept after the English half, where it says more: a length's
    limit, the choices). Not a pattern's: an email refused read "(String should match pattern '^[^@\\s\\x00]+@…')"
    on the English registration and account pages (the enterprise's day walked again, 2026-11-29). Several fields
    refused are said at once, each on its own (``core.errors.FieldErrors``): a form told one wrong field per submit
    (the product brief's "forms lose input on errors")."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        refuse_all(field_refusals(exc))
        raise  # pragma: no cover - a ValidationError always has an error


def field_refusals(exc: ValidationError) -> list[InnodockError]:
    """Each field a validation refused, once (its first reason), in words naming it (:func:`validated`)."""
    return first_of_each((_worded(error) for error in exc.errors()), depth=1)


def _worded(error: Any) -> InnodockError:
    field = ".".join(str(p) for p in error["loc"]) or None
    if error["type"] == WORDED:  # a check of ours that says the whole refusal itself
        return InnodockError(error["msg"], field=field)
    # The field's own name, not a list item's index: "scopes.1" is the scopes ("feed:read,bogus").
    named = next((FIELD_WORDS[str(part)] for part in reversed(error["loc"]) if str(part) in FIELD_WORDS), None)
    problem = PROBLEM_WORDS.get(str(error["type"]), ("不正确", "is not valid"))
    if named is None:
        return InnodockError(f"输入不正确 / invalid input: {error['msg']}", field=field)
    wire = "" if error["type"] in UNSAID_REASONS else f" ({error['msg']})"
    return InnodockError(f"“{named[0]}”{problem[0]} / {named[1]} {problem[1]}{wire}", field=field)


# ---- organisations ----

def org_out(row: Org) -> OrgOut:
    return OrgOut(id=row.id, kind=OrgKind(row.kind), name=row.name, center_id=row.center_id,
                  credit_code=row.credit_code, active=row.active, created_at=as_utc(row.created_at),
                  approval=Approval(row.approval or Approval.approved), review_note=row.review_note,
                  authority_body=AuthorityBody(row.authority_body) if row.authority_body else None,
                  jurisdiction=row.jurisdiction)


def first_association(*, session: Session) -> str | None:
    """The deployment's first association (the oldest): where an enterprise goes that names none, as the migration
    sent every enterprise made before associations were tenants."""
    return session.scalar(select(Org.id).where(Org.kind == OrgKind.association.value)
                          .order_by(Org.created_at, Org.id).limit(1))


def _association_for(session: Session, association_id: str | None) -> str | None:
    if association_id is None:
        return first_association(session=session)
    row = session.get(Org, association_id)
    if row is None or row.kind != OrgKind.association.value:
        raise NotFoundError("协会不存在 / no such association", field="association_id")
    return row.id


ORG_FIELDS = ("kind", "name", "center_id", "association_id", "credit_code", "authority_body", "jurisdiction")


def in_form_order(found: Iterable[InnodockError], fields: Sequence[str]) -> list[InnodockError]:
    """Refusals in the order a form shows its fields (a field the form has not, last)."""
    order = {name: i for i, name in enumerate(fields)}
    return sorted(found, key=lambda p: order.get((p.field or "").split(".")[0], len(order)))


def org_refusals(*, session: Session, kind: OrgKind | str, name: str, center_id: str | None = None,
                 credit_code: str | None = None, association_id: str | None = None,
                 authority_body: AuthorityBody | str | None = None,
                 jurisdiction: str | None = None) -> list[InnodockError]:
    """Every field of a new organisation that would be refused, each its own error, in the form's order
    (:data:`ORG_FIELDS`), nothing written: the wire schema's checks, then for each field they let through the rules
    of the kind (an authority's body and jurisdiction, and nobody else's; an enterprise's association and credit code;
    a center's kb id) and what is taken. The admin's form said them one per submit (a new user's trial, 2026-11-29)."""
    try:
        data = OrgIn.model_validate({"kind": kind, "name": name, "center_id": center_id,
                                     "credit_code": credit_code or None, "association_id": association_id,
                                     "authority_body": authority_body or None, "jurisdiction": jurisdiction or None})
        found: list[InnodockError] = []
    except ValidationError as exc:
        data, found = None, field_refusals(exc)
    shaped = {(p.field or "").split(".")[0] for p in found}
    if "kind" in shaped:  # no kind: its rules say nothing of the other fields
        return in_form_order(found, ORG_FIELDS)

    def given(field: str, value: Any) -> Any:
        if data is not None:
            return getattr(data, field)
        return None if field in shaped or value is None or str(value).strip() == "" else value

    the_kind = data.kind if data is not None else OrgKind(kind)
    body, where = given("authority_body", authority_body), given("jurisdiction", jurisdiction)
    if the_kind == OrgKind.authority:
        if body is None and "authority_body" not in shaped:
            found.append(InnodockError("主管部门组织须指定其类别 / an authority org needs its body",
                                       field="authority_body"))
        if where is None and "jurisdiction" not in shaped:
            found.append(InnodockError("主管部门组织须指定其辖区 / an authority org needs its jurisdiction",
                                       field="jurisdiction"))
    else:
        for field, value in (("authority_body", body), ("jurisdiction", where)):
            if value is not None:
                found.append(InnodockError("只有主管部门组织有类别与辖区 / only an authority org has a body and a "
                                           "jurisdiction", field=field))
    serving = given("association_id", association_id)
    if serving is not None and the_kind != OrgKind.enterprise:
        found.append(InnodockError("只有企业归属于协会 / only an enterprise belongs to an association",
                                   field="association_id"))
    elif the_kind == OrgKind.enterprise and "association_id" not in shaped:
        try:
            _association_for(session, serving)
        except InnodockError as exc:
            found.append(exc)
    center = given("center_id", center_id)
    center = str(center).strip() if center is not None else None
    if the_kind == OrgKind.center and "center_id" not in shaped:
        if not center:
            found.append(InnodockError("服务机构组织须指定知识库中的机构编号 / a center org needs its kb center id",
                                       field="center_id"))
        elif session.scalar(select(Org.id).where(Org.center_id == center)):
            found.append(ConflictError(f"机构 {center} 已有组织 / center {center} already has an org",
                                       field="center_id"))
    elif center:
        found.append(InnodockError("只有服务机构组织可绑定机构编号 / only a center org has a center id",
                                   field="center_id"))
    code = given("credit_code", credit_code)
    if code and the_kind != OrgKind.enterprise:
        found.append(InnodockError("只有企业填写统一社会信用代码 / only an enterprise has a credit code",
                                   field="credit_code"))
    elif code:
        try:
            normal = normalise_credit_code(str(code))
        except InnodockError as exc:
            found.append(exc)
        else:
            if session.scalar(select(Org.id).where(Org.credit_code == normal)):
                found.append(ConflictError("该统一社会信用代码已注册 / this credit code is already registered",
                                           field="credit_code"))
    return in_form_order(found, ORG_FIELDS)


def create_org(*, session: Session, kind: OrgKind | str, name: str, center_id: str | None = None,
               credit_code: str | None = None, association_id: str | None = None,
               authority_body: AuthorityBody | str | None = None, jurisdiction: str | None = None,
               by: str | None = None, refused: Sequence[InnodockError] = ()) -> OrgOut:
    """A new organisation. An enterprise belongs to an association (``association_id``, by default the first): its
    staff serve the enterprise's needs, and no other association's see them. The first association made adopts the
    enterprises made before any existed, so none is left unserved (their needs follow in
    :func:`flows.accounts.create_org`, as does the check that a center's kb center exists: accounts knows neither).
    Every wrong field is refused at once (:func:`org_refusals`), with ``refused``: what the caller found of its own
    (the kb's center), each in the form's order."""
    refuse_all(in_form_order([*refused, *org_refusals(
        session=session, kind=kind, name=name, center_id=center_id, credit_code=credit_code,
        association_id=association_id, authority_body=authority_body, jurisdiction=jurisdiction)], ORG_FIELDS))
    data = validated(OrgIn, kind=kind, name=name, center_id=center_id, credit_code=credit_code or None,
                     association_id=association_id, authority_body=authority_body or None,
                     jurisdiction=jurisdiction or None)
    code = normalise_credit_code(data.credit_code) if data.credit_code else None
    serving = _association_for(session, data.association_id) if data.kind == OrgKind.enterprise else None
    first = data.kind == OrgKind.association and first_association(session=session) is None
    row = Org(id=_id(), kind=data.kind.value, name=data.name, center_id=data.center_id, credit_code=code,
              active=True, created_at=utcnow(),
              authority_body=data.authority_body.value if data.authority_body is not None else None,
              jurisdiction=data.jurisdiction)
    session.add(row)
    session.flush()
    if by is not None:  # an operator's act (page, API, terminal); a registration audits itself as registered
        # An authority organisation takes decisions about providers: its making was in no log (the admin's day walked
        # as a new user, 2026-11-28).
        authz.audit(session=session, action="account.org_created", actor=by, target_type="org", target_id=row.id,
                    detail={"kind": row.kind, "center_id": row.center_id, "authority_body": row.authority_body,
                            "jurisdiction": row.jurisdiction})
    if serving is not None:
        authz.affiliate(session=session, enterprise_org_id=row.id, association_org_id=serving,
                        basis="given" if data.association_id else "default")
    if first:
        enterprises = list(session.scalars(select(Org.id).where(Org.kind == OrgKind.enterprise.value)))
        for orphan in authz.unaffiliated(session=session, enterprise_org_ids=enterprises):
            authz.affiliate(session=session, enterprise_org_id=orphan, association_org_id=row.id, basis="adopted")
    return org_out(row)


def _org_row(session: Session, org_id: str) -> Org:
    row = session.get(Org, org_id)
    if row is None:
        raise NotFoundError("组织不存在 / no such organisation", field="org_id")
    return row


def get_org(*, session: Session, org_id: str) -> OrgOut:
    return org_out(_org_row(session, org_id))


def find_org(*, session: Session, ref: str, kind: OrgKind | None = None) -> OrgOut | None:
    """An org by id, bound center id, credit code or exact name (for the CLI, where people type names)."""
    stmt = select(Org).where(or_(Org.id == ref, Org.center_id == ref, Org.credit_code == ref.upper(), Org.name == ref))
    if kind is not None:
        stmt = stmt.where(Org.kind == kind.value)
    rows = list(session.scalars(stmt.order_by(Org.created_at)))
    if len(rows) > 1:
        raise ConflictError(f"有多个组织与 {ref!r} 相符，请用编号 / {ref!r} matches several orgs; use the id",
                            field="org")
    return org_out(rows[0]) if rows else None


def list_orgs(*, session: Session, limit: int = 50, offset: int = 0, kind: OrgKind | None = None,
              approval: Approval | None = None, active: bool | None = None) -> tuple[list[OrgOut], int]:
    stmt = select(Org)
    if kind is not None:
        stmt = stmt.where(Org.kind == kind.value)
    if approval is not None:
        stmt = stmt.where(Org.approval == approval.value)
    if active is not None:
        stmt = stmt.where(Org.active.is_(active))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Org.created_at, Org.id).limit(limit).offset(offset))
    return [org_out(r) for r in rows], total


def parties(*, session: Session, enterprise_id: str | None, center_id: str | None,
            association_ids: Collection[str] | None) -> list[OrgOut]:
    """The organisations an event about these parties may reach: the enterprise, the organisation bound to the kb
    center, and the associations given (None: every association), oldest first. One query for the few that qualify:
    the outbox asks on every event, and reading every organisation each time grew with the deployment."""
    return parties_many(session=session, asks=[(enterprise_id, center_id, association_ids)])[0]


PartiesAsk = tuple[str | None, str | None, Collection[str] | None]  # enterprise id, kb center id, association ids


def parties_many(*, session: Session, asks: Sequence[PartiesAsk]) -> list[list[OrgOut]]:
    """:func:`parties` for several events in one query: a submission announces one event per center told of the need
    (ten proposals and the offers), and each asked the organisations again (issue 33). Each answer is what
    :func:`parties` gives for its ask, in the same order."""
    if not asks:
        return []
    wanted = []
    for enterprise_id, center_id, association_ids in asks:
        wanted.append(Org.kind == OrgKind.association.value if association_ids is None else
                      and_(Org.kind == OrgKind.association.value, Org.id.in_(list(association_ids))))
        if enterprise_id is not None:
            wanted.append(and_(Org.kind == OrgKind.enterprise.value, Org.id == enterprise_id))
        if center_id is not None:
            wanted.append(and_(Org.kind == OrgKind.center.value, Org.center_id == center_id))
    rows = [org_out(r) for r in session.scalars(select(Org).where(or_(*wanted)).order_by(Org.created_at, Org.id))]

    def reaches(org: OrgOut, ask: PartiesAsk) -> bool:
        enterprise_id, center_id, association_ids = ask
        if org.kind == OrgKind.association:
            return association_ids is None or org.id in association_ids
        if org.kind == OrgKind.enterprise:
            return enterprise_id is not None and org.id == enterprise_id
        return org.kind == OrgKind.center and center_id is not None and org.center_id == center_id

    return [[org for org in rows if reaches(org, ask)] for ask in asks]


def authorities(*, session: Session, body: AuthorityBody | str | None = None) -> list[OrgOut]:
    """The active deciding authorities on the platform (issue 29, item 3), of one body if given, oldest first."""
    stmt = select(Org).where(Org.kind == OrgKind.authority.value, Org.active.is_(True))
    if body is not None:
        stmt = stmt.where(Org.authority_body == AuthorityBody(body).value)
    return [org_out(r) for r in session.scalars(stmt.order_by(Org.created_at, Org.id))]


def association(*, session: Session, org_id: str) -> OrgOut:
    """An association an enterprise may give its consent to; anything else (another kind, none) is missing."""
    row = session.get(Org, org_id)
    if row is None or row.kind != OrgKind.association.value:
        raise NotFoundError("协会不存在 / no such association", field="association_org_id")
    return org_out(row)


# ---- self-registration: an enterprise and its first user, waiting for an association ----

class PendingApprovalError(InnodockError):
    """The password was right, but the organisation may not log in yet (or was refused): said plainly, since only
    someone who knows the password gets this far."""

    status_code = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, code="pending_approval", field="username")


def _name_key(name: str) -> str:
    """Names compared as people mean them: without spaces (full-width ones too) and case."""
    return "".join(name.split()).replace("\u3000", "").casefold()


def register_enterprise(*, session: Session, org_name: str, username: str, password: str,
                        credit_code: str | None = None, display_name: str | None = None, email: str | None = None,
                        address: str | None = None, association_id: str | None = None,
                        password_again: str | None = None, kind: OrgKind | str = OrgKind.enterprise,
                        center_id: str | None = None) -> RegistrationOut:
    """A new enterprise registers itself and its first user; nobody of it logs in until an association approves.
    An enterprise name already registered (spaces and case aside), a taken username, email or credit code is a
    409 naming the field; every wrong field is said at once (:func:`registration_refusals`), and nothing is kept of
    a refused registration. ``password_again``: the form's repeat of the password, when it has one.

    ``kind`` center: an institution applying to become a provider (a station, a center) registers the same way; its
    organisation stands for ``center_id``, the id its provider will have once it applies (given by
    ``flows.accounts``: no catalog entry exists before the application), its first user is its coordinator, and
    any association decides on it (it belongs to none, as an enterprise does; seed 003 art. 6: a station applies
    to the association)."""
    applicant = OrgKind(kind) == OrgKind.center
    refuse_all(registration_refusals(session=session, org_name=org_name, username=username, password=password,
                                     credit_code=credit_code, display_name=display_name, email=email,
                                     association_id=association_id, password_again=password_again, kind=kind))
    data = validated(RegistrationIn, org_name=org_name, username=username, password=password,
                     credit_code=credit_code or None, display_name=display_name or None, email=email or None,
                     association_id=association_id or None, kind=kind)
    _release_refused(session, username=data.username, email=data.email, address=address)
    if applicant:
        if not center_id:
            raise InnodockError("申请机构须有平台给出的机构编号 / an applicant provider needs the id the platform "
                                "gives it", field="center_id")
        org = create_org(session=session, kind=OrgKind.center, name=data.org_name, center_id=center_id)
    else:
        org = create_org(session=session, kind=OrgKind.enterprise, name=data.org_name, credit_code=data.credit_code,
                         association_id=data.association_id)
    row = _org_row(session, org.id)
    row.approval = Approval.pending.value
    user = create_user(session=session, org_id=org.id, username=data.username, password=data.password,
                       role=Role.center_coordinator if applicant else Role.enterprise,
                       display_name=data.display_name, email=data.email, by="self-registration")
    authz.audit(session=session, action="account.registered", actor=f"{org.kind.value}:{user.username}@{org.id}",
                target_type="org", target_id=org.id, address=address, detail={"username": user.username})
    session.flush()
    return RegistrationOut(org=org_out(row), users=[user])


# The registration form's fields in the order it shows them: the order its refusals are said in.
REGISTRATION_FIELDS = ("org_name", "association_id", "credit_code", "username", "display_name", "email", "password",
                       "password_again")


def registration_refusals(*, session: Session, org_name: str, username: str, password: str,
                          credit_code: str | None = None, display_name: str | None = None, email: str | None = None,
                          association_id: str | None = None, password_again: str | None = None,
                          kind: OrgKind | str = OrgKind.enterprise) -> list[InnodockError]:
    """Every field of a registration that would be refused, each its own error, in the form's order, and nothing
    written: the wire schema's checks, then what needs the records (the enterprise's name, the credit code, the
    username and the email taken; the association) and the password policy, each for a field the schema let
    through; and the repeated password. A registration refused one field per submit had the enterprise send it six
    times (the product brief's "forms lose input on errors"). A refused registration's username and email count as
    free, as :func:`_release_refused` frees them."""
    try:
        RegistrationIn.model_validate({"org_name": org_name, "username": username, "password": password,
                                       "credit_code": credit_code or None, "display_name": display_name or None,
                                       "email": email or None, "association_id": association_id or None,
                                       "kind": kind})
        found: list[InnodockError] = []
    except ValidationError as exc:
        found = field_refusals(exc)
    shaped = {(p.field or "").split(".")[0] for p in found}

    def check(name: str, rule: Callable[[], object]) -> None:
        if name not in shaped:
            gather(found, rule)

    name_key = _name_key(org_name.strip())
    applicant = kind == OrgKind.center
    check("org_name", lambda: _refuse_taken_name(session, org_name.strip(), name_key,
                                                 OrgKind.center if applicant else OrgKind.enterprise))
    if credit_code and credit_code.strip() and applicant:
        found.append(InnodockError("申请成为服务机构时不填写企业的统一社会信用代码，请留空 / an applicant provider "
                                   "gives no enterprise credit code: leave it empty", field="credit_code"))
    elif credit_code and credit_code.strip():
        check("credit_code", lambda: _refuse_taken_code(session, normalise_credit_code(credit_code)))
    if association_id:
        check("association_id", lambda: _association_for(session, association_id))
    user = username.strip().lower()
    check("username", lambda: _refuse_held(session, User.username == user, f"用户名 {user} 已被使用 / username "
                                           f"{user} is taken", "username"))
    if email and email.strip():
        mail = email.strip().lower()
        check("email", lambda: _refuse_held(session, User.email == mail, f"邮箱 {mail} 已被使用 / the email {mail} "
                                            "is taken", "email"))
    check("password", lambda: check_password(password, username=None if "username" in shaped else user))
    if password_again is not None and password_again != password:
        found.append(PasswordsDifferError("两次输入的密码不一致 / the two passwords differ", field="password_again"))
    order = {name: i for i, name in enumerate(REGISTRATION_FIELDS)}
    return sorted(found, key=lambda p: order.get((p.field or "").split(".")[0], len(order)))


class PasswordsDifferError(InnodockError):
    """The password typed twice, two ways: 422, as any input that fails validation."""

    status_code = 422


def _refuse_taken_name(session: Session, name: str, wanted: str, kind: OrgKind = OrgKind.enterprise) -> None:
    # A refused registration does not hold the name: the enterprise may register again (with another username).
    for held in session.scalars(select(Org.name).where(Org.kind == kind.value,
                                                       Org.approval != Approval.refused.value)):
        if _name_key(held) == wanted:
            if kind == OrgKind.center:
                raise ConflictError(f"机构“{name}”已注册；如为贵单位，请联系协会 / the institution {name!r} is already "
                                    "registered; if it is yours, contact the association", field="org_name")
            raise ConflictError(f"企业“{name}”已注册；如为贵单位，请联系协会 / the enterprise {name!r} is already "
                                "registered; if it is yours, contact the association", field="org_name")


def _refuse_taken_code(session: Session, code: str) -> None:
    if session.scalar(select(Org.id).where(Org.credit_code == code)):
        raise ConflictError("该统一社会信用代码已注册 / this credit code is already registered", field="credit_code")


def _refuse_held(session: Session, wanted: Any, message: str, field: str) -> None:
    """A username or email held by a user, unless by a refused registration's (which registering frees)."""
    held = or_(Org.kind != OrgKind.enterprise.value, Org.approval.is_(None), Org.approval != Approval.refused.value)
    if session.scalar(select(User.id).join(Org, Org.id == User.org_id).where(wanted, held).limit(1)):
        raise ConflictError(message, field=field)


RELEASED_PREFIX = "~refused~"  # a released username: no username a person may choose starts so (``Username``)


def _release_refused(session: Session, *, username: str, email: str | None, address: str | None) -> None:
    """A refused registration's username and email, freed for the registration that asks for them: the refusal
    says the enterprise may register again, and it was told "用户名 … 已被使用" and "该邮箱已被使用" (a new user,
    2026-11-29). The refused organisation and its user stay on record (the user renamed, without the email, and
    inactive); the audit names what was released and the name it now has. A pending or approved registration's
    username and email stay taken."""
    wanted = User.username == username
    if email:
        wanted = or_(wanted, User.email == email)
    held = session.scalars(select(User).join(Org, Org.id == User.org_id).where(
        Org.kind == OrgKind.enterprise.value, Org.approval == Approval.refused.value, wanted))
    for row in held:
        was = {"org_id": row.org_id, "username": row.username, "email": row.email}
        row.username, row.email, row.active = f"{RELEASED_PREFIX}{row.id}", None, False
        authz.audit(session=session, action="account.registration_released", actor=f"registration:{username}",
                    target_type="user", target_id=row.id, address=address,
                    detail={**was, "released_as": row.username})
    session.flush()


def list_registrations(*, session: Session, approval: Approval | None = Approval.pending, limit: int = 50,
                       offset: int = 0, association_id: str | None = None) -> tuple[list[RegistrationOut], int]:
    """Enterprises that registered themselves (oldest first), with their users; ``approval`` None: all of them;
    ``association_id``: those that registered through it (an association reviews its own; None: all, for the
    platform operator)."""
    stmt = select(Org).where(Org.kind.in_((OrgKind.enterprise.value, OrgKind.center.value)),
                             Org.reviewed_at.is_not(None) | (Org.approval != Approval.approved.value))
    if approval is not None:
        stmt = stmt.where(Org.approval == approval.value)
    if association_id is not None:
        # Registrations are few: the ids of those made through this association, read from its affiliations; an
        # applicant provider's belongs to no association, and any decides on it (:func:`register_enterprise`).
        ids = [r for r, kind in session.execute(stmt.with_only_columns(Org.id, Org.kind))
               if kind == OrgKind.center.value
               or authz.association_of(session=session, enterprise_org_id=r) == association_id]
        stmt = stmt.where(Org.id.in_(ids))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(session.scalars(stmt.order_by(Org.created_at, Org.id).limit(limit).offset(offset)))
    users: dict[str, list[UserOut]] = {r.id: [] for r in rows}
    if rows:
        for user in session.scalars(select(User).where(User.org_id.in_(users)).order_by(User.created_at)):
            users[user.org_id].append(user_out(user))
    return [RegistrationOut(org=org_out(r), users=users[r.id]) for r in rows], int(total)


REVIEW_NOTE_MAX = 500  # a registration decision's reason (``RegistrationReviewIn.note``)


def review_registration(*, session: Session, org_id: str, approve: bool, note: str | None = None,
                        by: str = "system", address: str | None = None,
                        association_id: str | None = None) -> OrgOut:
    """Approve (its people may log in from now on) or refuse (with the reason they will read) a registration that
    waits; one already decided is a 409, so two coordinators deciding at once cannot both win. ``association_id``:
    the reviewer's association, which decides only the registrations made through it (another's is missing)."""
    row = _org_row(session, org_id)
    # an applicant provider's own registration: any association decides on it (register_enterprise)
    registered_center = row.kind == OrgKind.center.value and (row.approval != Approval.approved.value
                                                              or row.reviewed_at is not None)
    if not registered_center and (row.kind != OrgKind.enterprise.value or (
            association_id is not None
            and authz.association_of(session=session, enterprise_org_id=row.id) != association_id)):
        raise NotFoundError("组织不存在 / no such organisation", field="org_id")
    if row.approval != Approval.pending.value:
        raise ConflictError("该注册已审核 / this registration was already decided", field="org_id",
                            code="already_reviewed")
    reason = (note or "").strip() or None
    if reason and len(reason) > REVIEW_NOTE_MAX:  # refused, never cut (it was cut at 500 without a word)
        n = len(reason)
        raise InnodockError(f"理由最多 {REVIEW_NOTE_MAX} 个字，现有 {n} 个，请删减 / the reason takes at most "
                            f"{REVIEW_NOTE_MAX} characters; this one has {n}: shorten it", field="note")
    if not approve and not reason:
        raise InnodockError("请写明不予通过的理由 / say why the registration is refused", field="note")
    row.approval = (Approval.approved if approve else Approval.refused).value
    row.review_note, row.reviewed_by, row.reviewed_at = reason, by[:200], utcnow()
    detail: dict[str, str] = {"note": reason} if reason else {}
    if not approve and row.credit_code:
        # The credit code is unique: a refused registration lets it go, so the enterprise can register again.
        detail["credit_code"], row.credit_code = row.credit_code, None
    authz.audit(session=session, action="account.registration_approved" if approve else
                "account.registration_refused", actor=by, target_type="org", target_id=org_id, address=address,
                detail=detail)
    session.flush()
    return org_out(row)


def _may_log_in(org: Org) -> None:
    who, who_en = ("贵企业", "enterprise") if org.kind == OrgKind.enterprise.value else ("贵单位", "institution")
    if org.approval == Approval.pending.value:
        raise PendingApprovalError(f"{who}的注册正在等待协会审核，审核通过后即可登录 / your {who_en}'s registration "
                                   "is waiting for an association's approval; you can log in once it is approved")
    if org.approval == Approval.refused.value:
        note = f"：{org.review_note}" if org.review_note else ""
        note_en = f": {org.review_note}" if org.review_note else ""
        raise PendingApprovalError(f"{who}的注册未获通过{note} / your {who_en}'s registration was refused{note_en}")


# ---- users ----

def user_out(row: User) -> UserOut:
    return UserOut(id=row.id, org_id=row.org_id, username=row.username, email=row.email,
                   display_name=row.display_name, role=Role(row.role), active=row.active,
                   created_at=as_utc(row.created_at),
                   last_login_at=as_utc(row.last_login_at) if row.last_login_at else None)


USER_FIELDS = ("username", "role", "display_name", "email", "password")  # the admin's form, in its order


def user_refusals(*, session: Session, org_id: str, username: str, password: str, role: Role | str,
                  display_name: str | None = None, email: str | None = None) -> list[InnodockError]:
    """Every field of a new user that would be refused, each its own error, in the form's order, nothing written:
    the wire schema's checks, then for each field they let through a role the organisation cannot have, the
    username and email taken and the password policy. The admin's form said them one per submit (the product
    brief's "forms lose input on errors"). An organisation that is not there is a 404 of its own."""
    try:
        UserIn.model_validate({"org_id": org_id, "username": username, "password": password, "role": role,
                               "display_name": display_name, "email": email})
        found: list[InnodockError] = []
    except ValidationError as exc:
        found = field_refusals(exc)
    shaped = {(p.field or "").split(".")[0] for p in found}
    if "org_id" in shaped:
        return found
    kind = OrgKind(_org_row(session, org_id).kind)
    user, mail = username.strip().lower(), (email or "").strip().lower()
    if "role" not in shaped and Role(role) not in ORG_ROLES[kind]:
        allowed = ", ".join(sorted(ORG_ROLES[kind]))
        found.append(InnodockError(
            f"{ORG_KIND_LABELS[kind][0]}组织的用户不能是{ROLE_LABELS[Role(role)][0]}，可选：{allowed} / "
            f"a user of a {kind.value} org cannot be {Role(role).value}; allowed: {allowed}", field="role"))
    if "username" not in shaped and session.scalar(select(User.id).where(User.username == user)):
        found.append(ConflictError(f"用户名 {user} 已被使用 / username {user} is taken", field="username"))
    if mail and "email" not in shaped and session.scalar(select(User.id).where(User.email == mail)):
        found.append(ConflictError(f"邮箱 {mail} 已被使用 / the email {mail} is taken", field="email"))
    if "password" not in shaped:
        gather(found, partial(check_password, password, username=None if "username" in shaped else user))
    order = {name: i for i, name in enumerate(USER_FIELDS)}
    return sorted(found, key=lambda p: order.get((p.field or "").split(".")[0], len(order)))


def create_user(*, session: Session, org_id: str, username: str, password: str, role: Role | str,
                display_name: str | None = None, email: str | None = None, by: str = "system") -> UserOut:
    refuse_all(user_refusals(session=session, org_id=org_id, username=username, password=password, role=role,
                             display_name=display_name, email=email))
    org = _org_row(session, org_id)
    data = validated(UserIn, org_id=org_id, username=username, password=password, role=role,
                     display_name=display_name, email=email)
    row = User(id=_id(), org_id=org.id, username=data.username, email=data.email,
               display_name=data.display_name or data.username, role=data.role.value,
               password_hash=hashing.hash_password(data.password), active=True, created_at=utcnow())
    session.add(row)
    session.flush()
    authz.audit(session=session, action="account.user_created", actor=by, target_type="user", target_id=row.id,
                detail={"org_id": org.id, "role": row.role, "username": row.username})
    return user_out(row)


def update_profile(*, session: Session, user_id: str, changes: dict[str, Any], by: str = "system",
                   address: str | None = None) -> UserOut:
    """A person's own display name and email (``changes``: the fields sent; an email sent empty is none). Refused
    whole, naming the field, when either is not valid or the email is another user's: nothing is half-changed. Every
    wrong field is said at once (``core.errors.refuse_all``): a blank name was said alone, the email on the next
    submit."""
    found: list[InnodockError] = [
        InnodockError(f"不能修改的字段：{name} / this field cannot be changed here: {name}", field=name)
        for name in sorted(set(changes) - {"display_name", "email"})]
    if "display_name" in changes and not str(changes["display_name"] or "").strip():
        found.append(InnodockError("显示名不能为空 / the display name cannot be empty", field="display_name"))
    sent = {k: (None if k == "email" and not str(v or "").strip() else v) for k, v in changes.items()
            if k in ("display_name", "email")}
    read = {name: gather(found, partial(validated, ProfileIn, **{name: value})) for name, value in sent.items()}
    checked = read.get("email")
    email = checked.email if checked is not None else None
    if email and session.scalar(select(User.id).where(User.email == email, User.id != user_id)):
        found.append(ConflictError("该邮箱已被其他账号使用 / this email is used by another account", field="email"))
    refuse_all(first_of_each(found, depth=1))
    data = validated(ProfileIn, **sent)
    row = _user_row(session, user_id)
    changed = []
    if "display_name" in sent and data.display_name is not None and data.display_name != row.display_name:
        row.display_name = data.display_name
        changed.append("display_name")
    if "email" in sent and data.email != row.email:
        row.email = data.email
        changed.append("email")
    if changed:
        session.flush()
        authz.audit(session=session, action="account.profile_changed", actor=by, target_type="user",
                    target_id=user_id, detail={"fields": changed}, address=address)
    return user_out(row)


# ---- colleagues: invitations ----

# A link lives a week: long enough for a colleague back from a trip, short enough that a forwarded old message does
# not open an account months later.
INVITATION_DAYS = 7
# Pending invitations an organisation may hold at once: a mistyped loop or a leaked login cannot mint accounts' links
# by the thousand.
PENDING_INVITATIONS_CAP = 20
_GONE = ("邀请链接无效、已使用、已撤回或已过期，请向邀请您的人要一个新链接 / this invitation link is not valid, "
         "was used, withdrawn or has expired; ask whoever invited you for a new one")


def invitation_status(row: Invitation, now: datetime | None = None) -> str:
    if row.accepted_at is not None:
        return "accepted"
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if as_utc(row.expires_at) <= (now or utcnow()) else "pending"


def invitation_out(row: Invitation, now: datetime | None = None) -> InvitationOut:
    return InvitationOut(id=row.id, org_id=row.org_id, role=Role(row.role), display_name=row.display_name,
                         email=row.email, created_by=row.created_by, created_at=as_utc(row.created_at),
                         expires_at=as_utc(row.expires_at), status=invitation_status(row, now),
                         accepted_user_id=row.accepted_user_id)


def _pending(session: Session, org_id: str, now: datetime) -> list[Invitation]:
    return list(session.scalars(
        select(Invitation).where(Invitation.org_id == org_id, Invitation.accepted_at.is_(None),
                                 Invitation.revoked_at.is_(None), Invitation.expires_at > now)
        .order_by(Invitation.created_at.desc(), Invitation.id)))


def invite(*, session: Session, org_id: str, role: Role | str, created_by: str, display_name: str,
           email: str | None = None, by: str = "system", address: str | None = None,
           now: datetime | None = None) -> InvitationCreated:
    """A one-time link that makes a colleague's account in ``org_id`` with ``role``. Inviting the same person again
    (same name, or same email) while a link waits replaces that link: a lost message is fixed by inviting again, and
    two live links for one person never exist. An email that already has an account is a 409 naming ``email``."""
    now = now or utcnow()
    org = _org_row(session, org_id)
    if not org.active or org.approval != Approval.approved.value:
        raise ConflictError("本组织尚未通过审核或已停用，不能邀请同事 / an organisation that is not approved or is "
                            "disabled cannot invite colleagues", field="org_id")
    # every field refused at once, in the form's order (name, role, email): they were said one per submit
    found: list[InnodockError] = []
    try:
        data: InvitationIn | None = InvitationIn.model_validate({"display_name": display_name,
                                                                 "email": email or None})
    except ValidationError as exc:
        data, found = None, field_refusals(exc)
    wanted = Role(role) if role in {r.value for r in Role} else None
    if wanted is None:
        found.append(InnodockError(f"未知角色：{str(role)[:40]} / unknown role: {str(role)[:40]}", field="role"))
    elif wanted not in ORG_ROLES[OrgKind(org.kind)]:
        found.append(InnodockError(f"{ORG_KIND_LABELS[OrgKind(org.kind)][0]}组织的用户不能是{ROLE_LABELS[wanted][0]} / "
                                   f"a user of a {org.kind} org cannot be {wanted.value}", field="role"))
    if data is not None and data.email and session.scalar(select(User.id).where(User.email == data.email)):
        found.append(ConflictError("该邮箱已有账号；如是本组织同事，对方直接登录即可 / this email already has an "
                                   "account", field="email"))
    order = {"display_name": 0, "role": 1, "email": 2}
    refuse_all(sorted(found, key=lambda p: order.get((p.field or "").split(".")[0], len(order))))
    assert data is not None and wanted is not None  # refused above otherwise
    pending = _pending(session, org.id, now)
    same = [r for r in pending if _name_key(r.display_name) == _name_key(data.display_name)
            or (data.email and r.email == data.email)]
    if len(pending) - len(same) >= PENDING_INVITATIONS_CAP:
        raise ConflictError(f"待接受的邀请已有 {PENDING_INVITATIONS_CAP} 个，请先撤回不再需要的 / "
                            f"{PENDING_INVITATIONS_CAP} invitations are already waiting; withdraw those no longer "
                            "needed first", field="display_name", code="too_many_invitations")
    token = hashing.new_invitation_token()
    row = Invitation(id=_id(), org_id=org.id, role=wanted.value, token_hash=hashing.sha256_hex(token),
                     display_name=data.display_name, email=data.email, created_by=created_by[:36],
                     created_at=now, expires_at=now + timedelta(days=INVITATION_DAYS))
    for old in same:
        old.revoked_at = now
    session.add(row)
    session.flush()
    authz.audit(session=session, action="account.invitation_created", actor=by, target_type="org",
                target_id=org.id, address=address,
                detail={"invitation_id": row.id, "display_name": row.display_name, "role": row.role,
                        **({"replaces": [r.id for r in same]} if same else {})})
    out = invitation_out(row, now)
    return InvitationCreated(**out.model_dump(), token=token, path=f"/invite/{token}")


def list_invitations(*, session: Session, org_id: str, now: datetime | None = None) -> list[InvitationOut]:
    """The organisation's links still waiting for their colleague, newest first."""
    now = now or utcnow()
    return [invitation_out(r, now) for r in _pending(session, org_id, now)]


def revoke_invitation(*, session: Session, invitation_id: str, org_id: str | None, by: str = "system",
                      address: str | None = None) -> InvitationOut:
    """Withdraw a waiting link (another organisation's than ``org_id`` is missing; None: any organisation's, an
    administrator's reach); one already used or withdrawn is a 409."""
    row = session.get(Invitation, invitation_id)
    if row is None or (org_id is not None and row.org_id != org_id):
        raise NotFoundError("邀请不存在 / no such invitation", field="invitation_id")
    if invitation_status(row) != "pending":
        raise ConflictError("该邀请已使用、已撤回或已过期 / this invitation was used, withdrawn or has expired",
                            field="invitation_id")
    row.revoked_at = utcnow()
    session.flush()
    authz.audit(session=session, action="account.invitation_revoked", actor=by, target_type="org",
                target_id=row.org_id, address=address,
                detail={"invitation_id": row.id, "display_name": row.display_name})
    return invitation_out(row)


def _live_invitation(session: Session, token: str, now: datetime) -> tuple[Invitation, Org]:
    found = session.execute(select(Invitation, Org).join(Org, Org.id == Invitation.org_id)
                            .where(Invitation.token_hash == hashing.sha256_hex(token))).first()
    if found is None or invitation_status(found[0], now) != "pending" or not found[1].active \
            or found[1].approval != Approval.approved.value:
        raise NotFoundError(_GONE, field="token")
    return found[0], found[1]


def invitation_of(*, session: Session, user_id: str) -> InvitationOut | None:
    """The invitation a user joined through (None: their account was made otherwise)."""
    row = session.scalar(select(Invitation).where(Invitation.accepted_user_id == user_id))
    return invitation_out(row) if row is not None else None


def invitation_by_token(*, session: Session, token: str, now: datetime | None = None) -> InvitationView:
    """What the link's page shows before the colleague makes an account; a link not usable is a 404 naming ``token``
    (the same answer whether it never existed, was used, withdrawn or expired)."""
    row, org = _live_invitation(session, token, now or utcnow())
    inviter = session.get(User, row.created_by)
    colleague = inviter is not None and inviter.org_id == row.org_id  # an administrator is "the platform", not a name
    return InvitationView(org_name=org.name, role=Role(row.role), display_name=row.display_name, email=row.email,
                          invited_by=inviter.display_name if inviter and colleague else "",
                          expires_at=as_utc(row.expires_at))


def accept_invitation(*, session: Session, token: str, username: str, password: str,
                      display_name: str | None = None, email: str | None = None, address: str | None = None,
                      now: datetime | None = None) -> UserOut:
    """The colleague makes their own account through the link, which is then used up. Claimed with a conditional
    update, so two uses of one link cannot both succeed; a taken username or email, or a weak password, refuses the
    whole call naming the field (the caller rolls back, and the link still works)."""
    data = validated(AcceptIn, token=token, username=username, password=password,
                     display_name=display_name or None, email=email or None)
    now = now or utcnow()
    row, org = _live_invitation(session, data.token, now)
    claimed = session.execute(update(Invitation).where(
        Invitation.id == row.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(accepted_at=now).execution_options(synchronize_session=False))
    if getattr(claimed, "rowcount", 0) != 1:
        raise NotFoundError(_GONE, field="token")
    user = create_user(session=session, org_id=org.id, username=data.username, password=data.password,
                       role=row.role, display_name=data.display_name or row.display_name,
                       email=data.email or row.email, by=f"invitation:{row.id}")
    row.accepted_at, row.accepted_user_id = now, user.id  # what the claim wrote, and who it made
    session.flush()
    authz.audit(session=session, action="account.invitation_accepted", actor=f"{row.role}:{user.username}@{org.id}",
                target_type="user", target_id=user.id, address=address,
                detail={"invitation_id": row.id, "invited_by": row.created_by, "username": user.username})
    return user


def get_user(*, session: Session, user_id: str) -> UserOut:
    return user_out(_user_row(session, user_id))


def find_user(*, session: Session, username: str) -> UserOut | None:
    row = session.scalar(select(User).where(User.username == username.strip().lower()))
    return user_out(row) if row else None


def check_password(password: str, *, username: str | None = None, field: str = "password") -> None:
    """The password rule, wherever a password is set (``accounts.passwords``: length, the common-password list, the
    username, digits only, a short pattern repeated); a 422 naming ``field``."""
    passwords.check_password(password, username=username, field=field)


def _user_row(session: Session, user_id: str) -> User:
    row = session.get(User, user_id)
    if row is None:
        raise NotFoundError("用户不存在 / no such user", field="user_id")
    return row


def _end_logins(session: Session, user_id: str, *, keep_token: str | None = None) -> int:
    keep = hashing.sha256_hex(keep_token) if keep_token else None
    now = utcnow()
    ended = 0
    for login in session.scalars(select(LoginSession).where(LoginSession.user_id == user_id,
                                                           LoginSession.revoked_at.is_(None))):
        if login.token_hash != keep:
            login.revoked_at = now
            ended += 1
    return ended


def set_password(*, session: Session, user_id: str, password: str, by: str = "system",
                 address: str | None = None) -> None:
    """An administrator's reset (or the CLI's). Also ends every login of the user: whoever knew the old password
    must not stay in."""
    row = _user_row(session, user_id)
    check_password(password, username=row.username)
    row.password_hash = hashing.hash_password(password)
    ended = _end_logins(session, user_id)
    authz.audit(session=session, action="account.password_reset", actor=by, target_type="user", target_id=user_id,
                address=address, detail={"sessions_ended": ended})
    session.flush()


def change_password(*, session: Session, user_id: str, current: str, new: str, keep_token: str | None = None,
                    by: str = "system", address: str | None = None, new_again: str | None = None) -> int:
    """The user's own change: the current password proves it is them. Every other login of theirs ends (the one
    making the change goes on, when ``keep_token`` names it); returns how many ended. A wrong current password, a
    new one the policy refuses and a repeat (``new_again``, a form's) that differs are said at once, each on its
    field (``core.errors.refuse_all``): they were said one per submit. Whether the new one is the current one is
    asked only of a right current password (else it would test guesses)."""
    row = _user_row(session, user_id)
    found: list[InnodockError] = []
    proven = hashing.verify_password(row.password_hash, current)
    if not proven:
        authz.audit(session=session, action="account.password_changed", actor=by, outcome="refused",
                    target_type="user", target_id=user_id, address=address, detail={"reason": "wrong password"},
                    survive_rollback=True)
        found.append(InnodockError("当前密码不正确 / the current password is wrong", field="current_password"))
    try:
        check_password(new, username=row.username, field="new_password")
    except InnodockError as exc:
        found.append(exc)
    else:
        if proven and hashing.verify_password(row.password_hash, new):
            found.append(InnodockError("新密码不能与当前密码相同 / the new password must differ from the current one",
                                       field="new_password"))
    if new_again is not None and new_again != new:
        found.append(PasswordsDifferError("两次输入的新密码不一致 / the two new passwords differ",
                                          field="new_password_again"))
    refuse_all(found)
    row.password_hash = hashing.hash_password(new)
    ended = _end_logins(session, user_id, keep_token=keep_token)
    authz.audit(session=session, action="account.password_changed", actor=by, target_type="user", target_id=user_id,
                address=address, detail={"sessions_ended": ended})
    session.flush()
    return ended


def end_sessions(*, session: Session, user_id: str, by: str = "system", address: str | None = None) -> int:
    """End every login of the user now (a stolen session, a lost phone); returns how many."""
    _user_row(session, user_id)
    ended = _end_logins(session, user_id)
    authz.audit(session=session, action="account.sessions_ended", actor=by, target_type="user", target_id=user_id,
                address=address, detail={"sessions_ended": ended})
    session.flush()
    return ended


def set_user_active(*, session: Session, user_id: str, active: bool, by: str = "system",
                    address: str | None = None, acting_user_id: str | None = None) -> UserOut:
    """Disable (every login ends with it) or enable a user. Nobody disables themselves: an admin locked out of
    their own account could not undo it."""
    row = _user_row(session, user_id)
    if not active and acting_user_id == user_id:
        raise ConflictError("不能停用自己的账号 / you cannot disable your own account", field="user_id",
                            code="self_lockout")
    row.active = active
    ended = _end_logins(session, user_id) if not active else 0
    authz.audit(session=session, action="account.user_disabled" if not active else "account.user_enabled", actor=by,
                target_type="user", target_id=user_id, address=address, detail={"sessions_ended": ended})
    session.flush()
    return user_out(row)


def set_org_active(*, session: Session, org_id: str, active: bool, by: str = "system", address: str | None = None,
                   acting_org_id: str | None = None) -> OrgOut:
    """Disable or enable an organisation: its people cannot log in or go on, and its keys stop working (both are
    checked at every request). An administrator's own organisation cannot be disabled from inside it."""
    row = _org_row(session, org_id)
    if not active and acting_org_id == org_id:
        raise ConflictError("不能停用自己所在的组织 / you cannot disable your own organisation", field="org_id",
                            code="self_lockout")
    row.active = active
    ended = 0
    if not active:
        for user_id in session.scalars(select(User.id).where(User.org_id == org_id)):
            ended += _end_logins(session, user_id)
        mark_cors_changed(session)
    authz.audit(session=session, action="account.org_disabled" if not active else "account.org_enabled", actor=by,
                target_type="org", target_id=org_id, address=address, detail={"sessions_ended": ended})
    session.flush()
    return org_out(row)


def centers_acted_for(*, session: Session, roles: Collection[str],
                      center_ids: Collection[str] | None = None) -> set[str]:
    """The kb centers (of ``center_ids``, or all) some active user in one of ``roles`` can act for: an active center
    organisation bound to the center, with such a user. One query, however many organisations there are."""
    stmt = (select(Org.center_id).distinct().join(User, User.org_id == Org.id)
            .where(Org.kind == OrgKind.center.value, Org.active.is_(True), Org.center_id.is_not(None),
                   User.active.is_(True), User.role.in_(sorted(str(r) for r in roles))))
    if center_ids is not None:
        stmt = stmt.where(Org.center_id.in_(sorted(center_ids)))
    return {c for c in session.scalars(stmt) if c}


def list_users(*, session: Session, org_id: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[UserOut], int]:
    stmt = select(User)
    if org_id is not None:
        stmt = stmt.where(User.org_id == org_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(User.created_at, User.id).limit(limit).offset(offset))
    return [user_out(r) for r in rows], total


def authenticate(*, session: Session, username: str, password: str) -> UserOut:
    """The user whose password this is; one vague 401 for every failure, so it reveals nobody's existence."""
    row = session.scalar(select(User).where(User.username == username.strip().lower()))
    ok = hashing.verify_password(row.password_hash if row else None, password)
    org = _org_row(session, row.org_id) if row is not None else None
    if row is None or org is None or not ok or not row.active or not org.active:
        raise UnauthorizedError("用户名或密码不正确 / wrong username or password")
    _may_log_in(org)
    if hashing.needs_rehash(row.password_hash):
        row.password_hash = hashing.hash_password(password)
    row.last_login_at = utcnow()
    session.flush()
    return user_out(row)


# ---- UI sessions ----

def start_session(*, session: Session, user_id: str, hours: int, now: datetime | None = None) -> tuple[str, datetime]:
    """A fresh opaque token (returned once) and its expiry; only its SHA-256 is stored."""
    now = now or utcnow()
    token = hashing.new_session_token()
    expires = now + timedelta(hours=hours)
    session.add(LoginSession(id=_id(), user_id=user_id, token_hash=hashing.sha256_hex(token), created_at=now,
                             expires_at=expires, last_seen_at=now))
    session.flush()
    return token, expires


def end_session(*, session: Session, token: str) -> bool:
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == hashing.sha256_hex(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    session.flush()
    return True


def _actor(org: Org, role: Role, **fields: Any) -> Actor:
    kind = OrgKind(org.kind)
    return Actor(org_id=org.id, org_kind=kind, org_name=org.name, role=role,
                 center_id=org.center_id if kind == OrgKind.center else None,
                 association_id=org.id if kind == OrgKind.association else None,
                 authority_body=org.authority_body if kind == OrgKind.authority else None,
                 jurisdiction=org.jurisdiction if kind == OrgKind.authority else None, credit_code=org.credit_code,
                 **fields)


def actor_for_session(*, session: Session, token: str, now: datetime | None = None) -> Actor:
    now = now or utcnow()
    # One round trip for the session, its user and their organisation: this runs before every signed-in request.
    found = session.execute(
        select(LoginSession, User, Org).join(User, User.id == LoginSession.user_id).join(Org, Org.id == User.org_id)
        .where(LoginSession.token_hash == hashing.sha256_hex(token))).first()
    if found is None or found[0].revoked_at is not None:
        raise UnauthorizedError("登录已失效，请重新登录 / session is not valid; log in again")
    row, user, org = found
    if as_utc(row.expires_at) <= now:
        raise UnauthorizedError("登录已过期，请重新登录 / session expired; log in again")
    if not user.active:
        raise UnauthorizedError("账号已停用 / account disabled")
    if not org.active or org.approval != Approval.approved.value:
        raise UnauthorizedError("所属组织已停用 / organisation disabled")
    if row.last_seen_at is None or now - as_utc(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
    role = Role(user.role)
    return _actor(org, role, via="session", user_id=user.id, username=user.username,
                  display_name=user.display_name or None, scopes=ROLE_SCOPES[role])


# ---- API keys and CORS origins ----

def normalise_origin(text: str) -> str:
    """``scheme://host[:port]``, lower-case, as browsers send it in ``Origin``; anything else is refused."""
    raw = text.strip()
    parts = urlsplit(raw)
    bad = (parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/")
           or parts.query or parts.fragment or parts.username or parts.password or "*" in raw)
    if bad:
        raise InnodockError(f"来源应形如 https://www.example.org / origin must look like https://www.example.org: "
                            f"{raw[:100]!r}", field="cors_origins")
    try:
        port = parts.port
    except ValueError as exc:
        raise InnodockError(f"来源端口不正确 / bad port in origin {raw[:100]!r}", field="cors_origins") from exc
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def key_out(row: ApiKey, origins: Iterable[str] = ()) -> KeyOut:
    return KeyOut(id=row.id, org_id=row.org_id, name=row.name, prefix=row.prefix,
                  scopes=[Scope(s) for s in row.scopes], cors_origins=sorted(origins),
                  created_at=as_utc(row.created_at),
                  expires_at=as_utc(row.expires_at) if row.expires_at else None,
                  revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
                  last_used_at=as_utc(row.last_used_at) if row.last_used_at else None)


def _origins_of(session: Session, key_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {k: [] for k in key_ids}
    if key_ids:
        for key_id, origin in session.execute(select(CorsOrigin.key_id, CorsOrigin.origin)
                                              .where(CorsOrigin.key_id.in_(key_ids))):
            found[key_id].append(origin)
    return found


def mark_cors_changed(session: Session) -> None:
    """Tell the CORS cache to reload once this transaction commits (see ``api.cors``)."""
    session.info["cors_changed"] = True


KEY_FIELDS = ("name", "scopes", "expires_days", "cors_origins")  # the admin's form, in its order


def create_api_key(*, session: Session, org_id: str, name: str, scopes: Sequence[Scope | str],
                   expires_days: int | None = None, cors_origins: Sequence[str] = (),
                   created_by: str | None = None, now: datetime | None = None, by: str | None = None,
                   refused: Sequence[InnodockError] = ()) -> KeyCreated:
    """A new key for an integration; the returned ``secret`` is the only time anyone sees it. Every wrong field is
    refused at once, in the form's order (:data:`KEY_FIELDS`), with ``refused``: what the caller read of its own (the
    days as typed); the form said the days, then the schema's, then the scopes' rules, one per submit (a new user's
    trial, 2026-11-29). An organisation that is not there is a 404 of its own."""
    org = _org_row(session, org_id)
    try:
        data: KeyIn | None = KeyIn.model_validate({
            "org_id": org_id, "name": name, "scopes": list(dict.fromkeys(scopes)),
            "expires_days": expires_days, "cors_origins": list(cors_origins)})
        found: list[InnodockError] = [*refused]
    except ValidationError as exc:
        data, found = None, [*refused, *field_refusals(exc)]
    shaped = {(p.field or "").split(".")[0] for p in found}
    normal: set[str] = set()
    if "cors_origins" not in shaped:
        for origin in cors_origins:
            try:
                normal.add(normalise_origin(origin))
            except InnodockError as exc:
                found.append(exc)  # the first the reader refuses, as before
                break
    chosen = {Scope(s) for s in scopes if s in {v.value for v in Scope}}
    if "scopes" not in shaped:
        role = KEY_ROLE[OrgKind(org.kind)]
        beyond = sorted(chosen - ROLE_SCOPES[role])
        if beyond:
            names = ", ".join(beyond)
            found.append(InnodockError(f"{ORG_KIND_LABELS[OrgKind(org.kind)][0]}的密钥不能有这些权限范围：{names} / a "
                                       f"key of a {org.kind} organisation cannot hold: {names}", field="scopes"))
        elif any(o.strip() for o in cors_origins) and not chosen <= BROWSER_KEY_SCOPES:
            found.append(InnodockError("带浏览器来源的密钥在网页中可见，只能有 feed:read / a key with browser origins "
                                       "is visible in web pages and may hold feed:read only", field="scopes"))
    refuse_all(in_form_order(found, KEY_FIELDS))
    assert data is not None  # refused above otherwise
    origins = sorted(normal)
    now = now or utcnow()
    prefix, token = hashing.new_api_key()
    while session.scalar(select(ApiKey.id).where(ApiKey.prefix == prefix)):  # 1 in 4 billion, but cheap to rule out
        prefix, token = hashing.new_api_key()
    row = ApiKey(id=_id(), org_id=org.id, name=data.name, scopes=[s.value for s in data.scopes], prefix=prefix,
                 secret_hash=hashing.sha256_hex(token), created_by=created_by, created_at=now,
                 expires_at=now + timedelta(days=data.expires_days) if data.expires_days else None)
    session.add(row)
    session.flush()
    for origin in origins:
        session.add(CorsOrigin(key_id=row.id, origin=origin, created_at=now))
    if origins:
        mark_cors_changed(session)
    authz.audit(session=session, action="key.created", actor=by or created_by or "system", target_type="key",
                target_id=row.id, detail={"org_id": org.id, "scopes": row.scopes, "cors_origins": origins})
    session.flush()
    return KeyCreated(**key_out(row, origins).model_dump(), secret=token)


def verify_api_key(*, session: Session, token: str, now: datetime | None = None) -> Actor:
    """The actor a bearer key stands for. The SHA-256 comparison is constant-time; every failure is a 401."""
    now = now or utcnow()
    prefix = hashing.split_api_key(token)
    # The key with its organisation, and whether it has browser origins, in one round trip: this runs before every
    # integration request (the origins were a second SELECT, issue 33).
    has_origins = exists().where(CorsOrigin.key_id == ApiKey.id)
    found = session.execute(select(ApiKey, Org, has_origins).join(Org, Org.id == ApiKey.org_id)
                            .where(ApiKey.prefix == prefix)).first() if prefix else None
    digest = hashing.sha256_hex(token)
    if found is None or not hashing.same_digest(digest, found[0].secret_hash):
        raise UnauthorizedError("API 密钥无效 / invalid API key")
    row, org, browser = found
    if row.revoked_at is not None:
        raise UnauthorizedError("API 密钥已吊销 / API key revoked")
    if row.expires_at is not None and as_utc(row.expires_at) <= now:
        raise UnauthorizedError("API 密钥已过期 / API key expired")
    if not org.active or org.approval != Approval.approved.value:
        raise UnauthorizedError("所属组织已停用 / organisation disabled")
    # Touched after the last read, so nothing is written yet when this returns: the website key's pace is counted
    # next, in a transaction of its own (api.rate_limits), which a write held by this one would keep waiting.
    if row.last_used_at is None or now - as_utc(row.last_used_at) >= TOUCH_EVERY:
        row.last_used_at = now
    role = KEY_ROLE[OrgKind(org.kind)]
    # A key never holds more than its role does, whatever was stored before that rule. A key whose secret sits in
    # web pages (``browser``: it has origins) reads public data and the feed only, whatever it holds (authz.policy).
    return _actor(org, role, via="key", key_id=row.id, browser=bool(browser),
                  scopes=frozenset(Scope(s) for s in row.scopes) & ROLE_SCOPES[role])


def _key_row(session: Session, key_id: str, org_id: str | None) -> ApiKey:
    row = session.get(ApiKey, key_id)
    # Another tenant's key is reported exactly like a missing one: ids of others must reveal nothing.
    if row is None or (org_id is not None and row.org_id != org_id):
        raise NotFoundError(f"API 密钥不存在 / no API key with id {key_id!r}", field="key_id")
    return row


def get_api_key(*, session: Session, key_id: str, org_id: str | None = None) -> KeyOut:
    row = _key_row(session, key_id, org_id)
    return key_out(row, _origins_of(session, [row.id])[row.id])


def revoke_api_key(*, session: Session, key_id: str, org_id: str | None = None, by: str = "system") -> KeyOut:
    """Idempotent; ``org_id`` limits it to that tenant's keys (None: any, for admins)."""
    row = _key_row(session, key_id, org_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        mark_cors_changed(session)
        authz.audit(session=session, action="key.revoked", actor=by, target_type="key", target_id=row.id,
                    detail={"org_id": row.org_id})
        session.flush()
    return key_out(row, _origins_of(session, [row.id])[row.id])


def list_api_keys(*, session: Session, org_id: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[KeyOut], int]:
    stmt = select(ApiKey)
    if org_id is not None:
        stmt = stmt.where(ApiKey.org_id == org_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(session.scalars(stmt.order_by(ApiKey.created_at, ApiKey.id).limit(limit).offset(offset)))
    origins = _origins_of(session, [r.id for r in rows])
    return [key_out(r, origins[r.id]) for r in rows], total


def find_api_keys(*, session: Session, org_id: str, name: str) -> list[KeyOut]:
    rows = list(session.scalars(select(ApiKey).where(ApiKey.org_id == org_id, ApiKey.name == name)
                                .order_by(ApiKey.created_at)))
    origins = _origins_of(session, [r.id for r in rows])
    return [key_out(r, origins[r.id]) for r in rows]


def active_cors_origins(*, session: Session, now: datetime | None = None) -> frozenset[str]:
    """Origins of every key that still works (not revoked, not expired, its org active)."""
    now = now or utcnow()
    stmt = (select(CorsOrigin.origin).join(ApiKey, ApiKey.id == CorsOrigin.key_id).join(Org, Org.id == ApiKey.org_id)
            .where(ApiKey.revoked_at.is_(None), or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > now),
                   Org.active.is_(True), Org.approval == Approval.approved.value))
    return frozenset(session.scalars(stmt))


def display_names(*, session: Session, user_ids: Iterable[str]) -> dict[str, str]:
    """Each known user's display name (their username when they have none), for pages that show people by name
    and role rather than by id. A person is looked up by id or by username, each a key: the workflow records
    ``role:user_id``, an audit label (a decision prepared for an authority) ``role:username@org``."""
    ids = sorted({i for i in user_ids if i})
    if not ids:
        return {}
    rows = session.scalars(select(User).where(or_(User.id.in_(ids), User.username.in_(ids))))
    out: dict[str, str] = {}
    for r in rows:
        out[r.id] = out[r.username] = r.display_name or r.username
    return out


def users_by_ref(*, session: Session, refs: Iterable[str]) -> dict[str, UserOut]:
    """Users by id and by username (each a key), for the audit log, which names a person by either."""
    wanted = sorted({r for r in refs if r})
    if not wanted:
        return {}
    rows = session.scalars(select(User).where(or_(User.id.in_(wanted), User.username.in_(wanted))))
    out: dict[str, UserOut] = {}
    for row in rows:
        user = user_out(row)
        out[row.id] = out[row.username] = user
    return out


def org_names(*, session: Session, org_ids: Iterable[str]) -> dict[str, str]:
    """Each known organisation's name, for pages that name organisations rather than show their ids."""
    ids = sorted({i for i in org_ids if i})
    if not ids:
        return {}
    return {r.id: r.name for r in session.scalars(select(Org).where(Org.id.in_(ids)))}


def keys_by_id(*, session: Session, key_ids: Iterable[str]) -> dict[str, KeyOut]:
    """Known API keys (their names and organisations; never a secret), for the audit log."""
    ids = sorted({i for i in key_ids if i})
    if not ids:
        return {}
    return {r.id: key_out(r) for r in session.scalars(select(ApiKey).where(ApiKey.id.in_(ids)))}
