"""The login throttle and the chat's pace are the deployment's, not each worker's.

Each API worker counted failed logins and chat messages in its own memory: with two workers (uvicorn --workers 2, or
two hosts) a guesser had twice the password guesses, and a script twice the chat's allowance. Two apps on one
database stand for two workers without Redis; their clocks are injected, so nothing here depends on time passing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from accounts.models import LoginSession
from api.app import create_app
from api.config import ApiConfig
from core.db import session_scope, utcnow
from matcher import service as matcher_service
from outbox import queue as jobs
from tests.api.apihelpers import PASSWORD, World, assert_error, bearer, login
from tests.api.conftest import fake_matcher

# 300 s before a 900 s window ends (1_900_000_800 is a multiple of 900), a minute's start
INSTANT = 1_900_000_500.0
WRONG = "not-the-password"


class Clock:
    """One instant for every worker, moved by the test."""

    def __init__(self) -> None:
        self.now = INSTANT

    def __call__(self) -> float:
        return self.now


def two_workers(world: World, config: ApiConfig) -> Iterator[tuple[TestClient, TestClient]]:
    no_redis = jobs.JobsConfig(redis_url=None)
    apps = [create_app(world.settings, config, matcher=fake_matcher(), jobs=no_redis) for _ in range(2)]
    try:
        with TestClient(apps[0], client=("198.51.100.31", 50000)) as one, \
                TestClient(apps[1], client=("198.51.100.31", 50001)) as two:
            yield one, two
    finally:
        matcher_service.reset()


def set_clock(clients: tuple[TestClient, ...], clock: Clock) -> None:
    for c in clients:
        state: Any = c.app.state  # type: ignore[attr-defined]
        for name in ("login_throttle", "register_throttle", "password_throttle"):
            getattr(state, name).clock = clock


def log_in(c: TestClient, username: str, password: str) -> int:
    return c.post("/api/v1/auth/login", json={"username": username, "password": password}).status_code


@pytest.fixture
def workers(world: World) -> Iterator[tuple[TestClient, TestClient]]:
    config = ApiConfig(deliver_in_process=False, login_free_failures=3, login_failures_per_address=10,
                       register_attempts_per_address=3, register_free_attempts=100)
    yield from two_workers(world, config)


def test_two_workers_give_a_guesser_one_allowance(workers: tuple[TestClient, TestClient]) -> None:
    """The free failures are the pair's, whichever worker answers; the next attempt is held back on both, before the
    password is checked (the right one is refused too), with the backoff's wait; a success on one worker clears the
    pair on the other."""
    one, two = workers
    clock = Clock()
    set_clock(workers, clock)
    assert [log_in(c, "ent-a", WRONG) for c in (one, two, one)] == [401, 401, 401]
    for c in (two, one):
        held = c.post("/api/v1/auth/login", json={"username": "ent-a", "password": PASSWORD})
        assert_error(held, 429, "too_many_requests")
        assert held.headers["retry-after"] == "2"  # the backoff's first wait
    clock.now += 2
    assert log_in(two, "ent-a", WRONG) == 401  # the wait is over: one more guess, then a wait twice as long
    held = one.post("/api/v1/auth/login", json={"username": "ent-a", "password": WRONG})
    assert_error(held, 429, "too_many_requests")
    assert held.headers["retry-after"] == "4"
    clock.now += 4
    assert log_in(one, "ent-a", PASSWORD) == 200  # a success clears the pair, on every worker
    assert [log_in(c, "ent-a", WRONG) for c in (two, one, two)] == [401, 401, 401]
    assert log_in(one, "ent-a", WRONG) == 429


def test_two_workers_share_the_address_s_cap(workers: tuple[TestClient, TestClient]) -> None:
    """One address spreading its guesses over many usernames, each pair fresh, meets the address's cap (10 here)
    whichever worker answers: the cap's window is the deployment's too."""
    one, two = workers
    set_clock(workers, Clock())
    codes = [log_in(c, f"guess-{i}", WRONG) for i, c in enumerate([one, two] * 5)]
    assert codes == [401] * 10
    for c in (one, two):
        held = c.post("/api/v1/auth/login", json={"username": "ent-b", "password": PASSWORD})
        assert_error(held, 429, "too_many_requests")
        assert held.headers["retry-after"] == "300"  # until the window (900 s) ends
    other = TestClient(one.app, client=("203.0.113.44", 50000))
    assert log_in(other, "ent-b", PASSWORD) == 200  # the real user, from their own address, logs in as before


def test_two_workers_share_the_registration_allowance(workers: tuple[TestClient, TestClient]) -> None:
    """Every registration counts, as a failed login does, and the address's allowance is the deployment's."""
    one, two = workers
    set_clock(workers, Clock())

    def body(i: int) -> dict[str, str]:
        return {"org_name": f"注册{i}公司", "username": f"reg-{i}", "password": "a-long-enough-password"}

    codes = [c.post("/api/v1/auth/register", json=body(i)).status_code for i, c in enumerate((one, two, one))]
    assert codes == [201] * 3, codes
    held = two.post("/api/v1/auth/register", json=body(3))
    assert_error(held, 429, "too_many_requests")


def test_two_workers_share_the_wrong_current_password_allowance(world: World,
                                                                workers: tuple[TestClient, TestClient]) -> None:
    """Changing a password proves the current one, throttled per user and address on every worker. The session's
    own touch (its last use, written once a minute) is due, so the request has written before the throttle counts:
    the count must not wait on it (SQLite)."""
    one, two = workers
    clock = Clock()
    set_clock(workers, clock)
    token = login(one, "ent-a")
    headers = bearer(token)

    def change(c: TestClient, current: str) -> int:
        with session_scope(world.settings) as session:  # the touch is due on every request
            session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        return c.post("/api/v1/auth/password", headers=headers,
                      json={"current_password": current, "new_password": "a-brand-new-password"}).status_code

    codes = [change(c, WRONG) for c in (one, two, one)]
    assert all(400 <= code < 500 and code != 429 for code in codes), codes
    held = two.post("/api/v1/auth/password", headers=headers,
                    json={"current_password": PASSWORD, "new_password": "a-brand-new-password"})
    assert_error(held, 429, "too_many_requests")
    clock.now += 2
    assert change(one, PASSWORD) == 204
    assert change(two, "a-brand-new-password") != 429  # the success cleared the pair on the other worker too


def test_two_workers_share_one_chat_pace(domain_world: World) -> None:
    """A script posting chat messages through two workers has one allowance (3 a minute here), not two. The chat's
    start is retried safely with an ``Idempotency-Key``, whose claim is written before the chat is read, and the
    session's touch is due: the pace's count must not wait on the request's writes (SQLite)."""
    config = ApiConfig(deliver_in_process=False, chat_messages_per_minute=3)
    for one, two in two_workers(domain_world, config):
        headers = bearer(login(one, "ent-a"))
        for c in (one, two):
            c.app.state.chat_limiter.clock = Clock()  # type: ignore[attr-defined]  # every message in one window
        with session_scope(domain_world.settings) as session:
            session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        chat = one.post("/api/v1/intake/sessions", headers={**headers, "Idempotency-Key": "start-1"},
                        json={"text": "储能电池热失控试验"})
        assert chat.status_code == 201, chat.text
        path = f"/api/v1/intake/sessions/{chat.json()['id']}/messages"
        codes = [c.post(path, headers=headers, json={"text": "常州"}).status_code for c in (two, one)]
        assert codes == [200, 200], codes
        for c in (two, one):
            held = c.post(path, headers=headers, json={"text": "常州"})
            assert_error(held, 429, "too_many_requests")
            assert held.headers["retry-after"] == "60"  # until the minute ends
