"""What the auth routes (``api.auth.views``) and the pages (``api.pages``) share: the API's settings, the login and
registration throttles, registering an enterprise and changing one's own password, each one call for both doors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from accounts.schemas import Actor, RegistrationIn, RegistrationOut
from api.config import ApiConfig
from api.deps import SessionDep, after_commit
from core.errors import FieldErrors, InnodockError
from flows import accounts as accounts_flow
from flows.accounts import LoginThrottle, RegistrationForm


def get_api_config(request: Request) -> ApiConfig:
    config: ApiConfig = request.app.state.api_config
    return config


ApiConfigDep = Annotated[ApiConfig, Depends(get_api_config)]


def get_login_throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def clear_after_commit(session: SessionDep, throttle: LoginThrottle, username: str, address: str) -> None:
    """A success clears the pair once the request's writes are committed: the throttle counts in a transaction of its
    own, which on SQLite would wait for the request's (the last login, the new session) to end."""
    after_commit(session, lambda: throttle.succeeded(username, address))


def get_register_throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.register_throttle
    return throttle


def register_with(session: SessionDep, body: RegistrationIn | RegistrationForm, address: str | None,
                  password_again: str | None = None) -> RegistrationOut:
    """The one call the API and the registration page make (:func:`flows.accounts.register`): the API's body, or the
    page's fields as typed with the password's repeat."""
    return accounts_flow.register(session=session, body=body, address=address, password_again=password_again)


def change_own_password(request: Request, session: SessionDep, actor: Actor, *, current: str, new: str,
                        keep_token: str | None, new_again: str | None = None) -> None:
    """The one call the API and the account page make: the current password is checked under the same throttle as
    a login (per user and address), so a stolen session cannot guess it (issue 31); a wrong one counts whatever else
    was refused with it."""
    assert actor.user_id is not None  # people only (authz.tables: auth.password)
    throttle: LoginThrottle = request.app.state.password_throttle
    address = client_address(request) or "-"
    throttle.check(actor.user_id, address)
    try:
        accounts_flow.change_own_password(session=session, principal=actor, current=current, new=new,
                                          keep_token=keep_token, address=client_address(request),
                                          new_again=new_again)
    except InnodockError as exc:
        if "current_password" in {p.field for p in (exc.problems if isinstance(exc, FieldErrors) else [exc])}:
            # What the refusal wrote is kept as it would be (its audit record, the session's touch), committed first:
            # the throttle counts in a transaction of its own, which on SQLite would wait for this one to end.
            session.commit()
            throttle.failed(actor.user_id, address)
        raise
    clear_after_commit(session, throttle, actor.user_id, address)
