"""The chat's pace is the deployment's, not each worker's.

Each API worker counted chat messages in its own memory: with two workers (uvicorn --workers 2, or two hosts) a
script had twice the chat's allowance. Two apps on one
database stand for two workers without Redis; their clocks are injected, so nothing here depends on time passing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from accounts.models import LoginSession
from api.app import create_app
from api.config import ApiConfig
from core.db import session_scope, utcnow
from matcher import service as matcher_service
from outbox import queue as jobs
from tests.api.apihelpers import World, assert_error, bearer, login
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
