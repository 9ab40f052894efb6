"""A Redis that does not answer is asked once a pause, by every limit of the process together.

The five limits (the login, registration and current-password throttles, the chat's and a website key's paces) each
had a Redis client of their own and asked it on every call: a Redis that hangs cost each call its full timeout, four
a login. They share one client per address now, and one pause after a failure, counting in the database meanwhile.
"""

from __future__ import annotations

from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import Table

from accounts.models import ThrottleCount
from core import shared_counts
from core.settings import Settings
from core.shared_counts import REDIS_PAUSE_SECONDS, Tally

UNREACHABLE = "redis://127.0.0.1:1/0"


def test_a_failed_redis_is_asked_again_only_after_the_pause(settings: Settings, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(shared_counts, "_SHARED", {})  # this test's own client, whatever others made
    table = ThrottleCount.__table__
    assert isinstance(table, Table)
    login, chat = (Tally(settings=settings, table=table, name=name, redis_url=UNREACHABLE) for name in ("a", "b"))
    assert login.shared is not None and login.shared is chat.shared  # one client, one pause, for every limit
    now = [1000.0]
    login.shared.clock = lambda: now[0]
    asked: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        asked.append(args[0])
        raise RedisConnectionError("refused")

    monkeypatch.setattr(login.shared.client, "execute_command", refuse)
    assert login.bump("k", now=1.0, since=0.0, keep=60.0) == 1  # counted in the database
    assert len(asked) == 1
    # During the pause nothing waits on Redis, and the counts go on in the database.
    assert chat.bump("k", now=1.0, since=0.0, keep=60.0) == 1
    assert login.bump("k", now=2.0, since=0.0, keep=60.0) == 2
    assert login.read("k") == (2, 2.0)
    chat.clear("k")
    assert chat.read("k") is None
    assert len(asked) == 1
    now[0] += REDIS_PAUSE_SECONDS  # the pause is over: Redis is tried once more
    assert login.bump("k", now=3.0, since=0.0, keep=60.0) == 3
    assert len(asked) == 2
