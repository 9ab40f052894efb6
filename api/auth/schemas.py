"""The shapes only the HTTP routes speak: logging in and out, a password change or reset, who is calling."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from accounts.schemas import NO_NUL, KeyOut, OrgOut, Password, StrictModel, Username, UserOut
from accounts.vocab import Role, Scope


class LoginIn(StrictModel):
    username: Username
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class RegistrationReviewIn(StrictModel):
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500, pattern=NO_NUL)] | None = None


class LoginOut(BaseModel):
    token: str = Field(description="会话令牌，也已写入 HttpOnly cookie / session token, also set as an HttpOnly cookie")
    expires_at: datetime
    user: UserOut
    org: OrgOut


class PasswordChangeIn(StrictModel):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Password


class PasswordResetIn(StrictModel):
    password: Password


class SessionsEnded(BaseModel):
    ended: int = Field(description="结束的登录数 / logins ended")


class ActorOut(BaseModel):
    org: OrgOut
    role: Role
    via: Literal["session", "key", "terminal"]
    user: UserOut | None = None
    key: KeyOut | None = None
    scopes: list[Scope]
