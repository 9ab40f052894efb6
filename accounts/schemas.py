"""Pydantic shapes of identity: the acting principal, organisations, users, registrations and keys, as every door
hands them in and gets them back (the service validates its keyword arguments through them, so the CLI refuses
exactly what the API refuses)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from accounts.vocab import Approval, AuthorityBody, OrgKind, Role, Scope
from authz.principal import Principal

# PostgreSQL cannot hold U+0000 in text (not even as a query parameter): every stored or looked-up string says so in
# its schema, so clients learn it from the OpenAPI document instead of from an error. Passwords are only hashed.
NO_NUL = r"^[^\x00]*$"
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)]
Origin = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300, pattern=NO_NUL)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]
# A pydantic error of this type carries the whole refusal, in both languages, as its message (``service.validated``).
WORDED = "worded"
_USERNAME_CHARS = re.compile(r"[A-Za-z0-9_.@+-]*")


def _username_characters(value: Any) -> Any:
    """What a username may hold, said before its length: "张工" was refused as "“用户名”未填写或过短" (two characters
    under the three asked), which it is not (a new user in Chromium, 2026-11-29)."""
    if isinstance(value, str) and not _USERNAME_CHARS.fullmatch(value.strip()):
        raise PydanticCustomError(WORDED, "用户名只能用字母、数字和 _ . @ + -（不能用中文） / a username may use only "
                                          "letters, digits and _ . @ + - (no Chinese characters)")
    return value


Username = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=3, max_length=64,
                                            pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@+-]*$"),
                     BeforeValidator(_username_characters)]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254,
                                        pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")]


# The caller as every check sees it lives with the authorization layer; the API's modules know it as ``Actor``.
Actor = Principal


class StrictModel(BaseModel):
    """Inputs refuse unknown fields: a misspelt field must not be silently dropped."""

    model_config = ConfigDict(extra="forbid")


class OrgIn(StrictModel):
    kind: OrgKind
    name: Name
    center_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64,
                                                pattern=NO_NUL)] | None = None
    credit_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30, pattern=NO_NUL)] | None = None
    # An enterprise's association (default: the deployment's first); nothing else has one.
    association_id: Id | None = None
    # A deciding authority's body and jurisdiction (issue 29, item 3); nothing else has them.
    authority_body: AuthorityBody | None = None
    jurisdiction: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200,
                                                   pattern=NO_NUL)] | None = None


class OrgOut(BaseModel):
    id: str
    kind: OrgKind
    name: str
    center_id: str | None = None
    credit_code: str | None = None
    active: bool
    created_at: datetime
    approval: Approval = Approval.approved
    review_note: str | None = None
    authority_body: AuthorityBody | None = None
    jurisdiction: str | None = None


class UserIn(StrictModel):
    org_id: Id
    username: Username
    password: Password
    role: Role
    display_name: Name | None = None
    email: Email | None = None


class ProfileIn(StrictModel):
    """What a person may change of their own account: the name others see, and the email (null: none). A field not
    sent stays as it is."""

    display_name: Name | None = None
    email: Email | None = None


class UserOut(BaseModel):
    id: str
    org_id: str
    username: str
    email: str | None = None
    display_name: str
    role: Role
    active: bool
    created_at: datetime
    last_login_at: datetime | None = None


class InvitationIn(StrictModel):
    """A colleague asked to join: the name the inviter knows them by, and an email if the inviter has it."""

    display_name: Name
    email: Email | None = None


class AdminInvitationIn(InvitationIn):
    """An administrator's invitation names the role too: one that fits the organisation, as for a user made."""

    role: Role


class InvitationOut(BaseModel):
    id: str
    org_id: str
    role: Role
    display_name: str
    email: str | None = None
    created_by: str
    created_at: datetime
    expires_at: datetime
    # pending → accepted, revoked or expired (accounts.service.invitation_status)
    status: str
    accepted_user_id: str | None = None


class InvitationCreated(InvitationOut):
    """The link's secret, shown once: only its SHA-256 is kept, so a lost link is replaced, not shown again."""

    token: str
    path: str


class InvitationView(BaseModel):
    """What the invited colleague sees before making their account: who asks them into which organisation."""

    org_name: str
    role: Role
    display_name: str
    email: str | None = None
    invited_by: str
    expires_at: datetime


class AcceptIn(StrictModel):
    """The colleague's own account, made through the link: its username and password are theirs alone."""

    token: Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=NO_NUL)]
    username: Username
    password: Password
    display_name: Name | None = None
    email: Email | None = None


class ColleaguesOut(BaseModel):
    users: list[UserOut]
    invitations: list[InvitationOut]


# The kinds of organisation that register themselves (the rest are made by an administrator).
RegistrationKind = Literal[OrgKind.enterprise, OrgKind.center]


class RegistrationIn(StrictModel):
    """An enterprise, or an applicant provider (``kind``), registering itself and its first user; it waits for an
    association's approval."""

    org_name: Name
    credit_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30, pattern=NO_NUL)] | None = None
    username: Username
    password: Password
    display_name: Name | None = None
    email: Email | None = None
    # The association the enterprise registers through, which reviews it and serves its needs (default: the first).
    association_id: Id | None = None
    # Who registers: an enterprise, or an institution applying to become a provider (a station, a center): its
    # organisation waits for an association's approval alike, and its first act is its application.
    kind: RegistrationKind = OrgKind.enterprise


class RegistrationOut(BaseModel):
    org: OrgOut
    users: list[UserOut]


class KeyIn(StrictModel):
    org_id: Id
    name: Name
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope))
    expires_days: int | None = Field(default=None, ge=1, le=3650)
    cors_origins: list[Origin] = Field(default_factory=list, max_length=20)


class KeyOut(BaseModel):
    id: str
    org_id: str
    name: str
    prefix: str
    scopes: list[Scope]
    cors_origins: list[str] = Field(default_factory=list)
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class KeyCreated(KeyOut):
    secret: str = Field(description="只显示这一次 / shown this once only")
