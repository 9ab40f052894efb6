"""The password policy, the login throttle's counters and the browser origins a key may name, as rules of the
accounts service (the doors that refuse them over HTTP and at the terminal are tested in tests/api and tests/cli)."""

from __future__ import annotations

from pathlib import Path

import pytest

import accounts
from accounts import service as auth
from accounts.throttle import LoginThrottle, TooManyAttempts
from accounts.vocab import Scope
from core.db import session_scope
from core.errors import InnodockError
from flows import accounts as accounts_flow
from tests.api.apihelpers import PASSWORD, World

# ---- the password policy ----

WEAK = ["12345678", "password", "Password1", "qwertyuiop", "woaini1314", "iloveyou", "a1234567", "abc12345",
        "11111111", "zzzzzzzzzz", "88888888", "1qaz2wsx", "qwer1234", "abcabcabc", "20261123"]


@pytest.mark.parametrize("weak", WEAK)
def test_common_passwords_are_refused(weak: str) -> None:
    with pytest.raises(InnodockError) as caught:
        auth.check_password(weak, username="someone")
    assert caught.value.field == "password" and caught.value.status_code == 422


def test_password_may_not_contain_the_username() -> None:
    for bad in ("zhangwei", "Zhangwei-2026", "my-zhangwei-pw"):
        with pytest.raises(InnodockError):
            auth.check_password(bad, username="zhangwei")
    auth.check_password(PASSWORD, username="zhangwei")
    auth.check_password("Zhiliang-2031-xinmima", username="ent-a")


def test_demo_passwords_pass_the_policy(world: World) -> None:
    with session_scope(world.settings) as session:
        made = accounts_flow.demo_accounts(session=session)
    for account in made.accounts:
        auth.check_password(account.password, username=account.username)


def test_the_common_password_list_ships_in_the_package() -> None:
    listed = Path(accounts.__file__).parent / "data" / "common_passwords.txt"
    words = listed.read_text("utf-8").split()
    assert len(words) >= 2000 and {"12345678", "password", "woaini1314", "qwerty"} <= set(words)


# ---- the login throttle ----

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_doubles_per_pair_and_the_address_has_a_looser_cap() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(free_failures=3, backoff_base_seconds=2, backoff_max_seconds=60, per_address=20,
                             window_seconds=900, clock=clock)

    def retry_after(username: str, address: str) -> int:
        try:
            throttle.check(username, address)
        except TooManyAttempts as exc:
            return int(exc.headers["Retry-After"])
        return 0

    for _ in range(3):
        assert retry_after("u", "1.1.1.1") == 0
        throttle.failed("u", "1.1.1.1")
    waits = []
    for _ in range(7):  # after the free failures each new one doubles the wait, up to the cap
        wait = retry_after("u", "1.1.1.1")
        waits.append(wait)
        clock.now += wait
        assert retry_after("u", "1.1.1.1") == 0
        throttle.failed("u", "1.1.1.1")
    assert waits == [2, 4, 8, 16, 32, 60, 60]
    assert retry_after("u", "2.2.2.2") == 0  # the same user from elsewhere is not held back
    throttle.succeeded("u", "1.1.1.1")
    assert retry_after("u", "1.1.1.1") == 0  # a success clears the pair


def test_address_window_slides() -> None:
    throttle = LoginThrottle(free_failures=100, per_address=2, window_seconds=60)
    throttle.failed("u", "1.2.3.4", now=0)
    throttle.failed("v", "1.2.3.4", now=10)
    try:
        throttle.check("w", "1.2.3.4", now=30)
    except TooManyAttempts as exc:
        assert exc.headers == {"Retry-After": "30"}
    else:
        raise AssertionError("not throttled")
    throttle.check("w", "5.6.7.8", now=30)  # another address is not held back
    throttle.check("w", "1.2.3.4", now=61)  # the first failure has left the window


# ---- a key's browser origins ----

def test_origins_are_validated(world: World) -> None:
    with session_scope(world.settings) as session:
        for bad in ["*", "site.example.org", "ftp://x.org", "https://x.org/path", "https://user:pw@x.org",
                    "https://x.org:99999"]:
            try:
                auth.create_api_key(session=session, org_id=world.orgs["assoc"], name="x", scopes=[Scope.feed_read],
                                    cors_origins=[bad])
            except InnodockError as exc:
                assert exc.field == "cors_origins"
            else:
                raise AssertionError(f"{bad!r} was accepted")
        assert auth.normalise_origin("http://LOCALHOST:8080") == "http://localhost:8080"
        assert auth.normalise_origin("https://[::1]:8443") == "https://[::1]:8443"
