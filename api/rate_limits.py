"""How often one caller may ask for work that costs the server real time.

:class:`Pace` is a sliding window per caller, in the process's memory (with several workers each counts its own
share, which still bounds the load to workers × limit): the chat reads every message with the intake reader (and the
LLM, where configured); a script posting messages in a loop would hold a worker (issue 31).

:class:`SharedPace` counts where every worker of the deployment sees the count, so its allowance is the whole
deployment's, whatever the number of workers: in Redis when the deployment has one (``INNODOCK_REDIS_URL``, the job
queue's), else in the database (``api_pace``). A website key's pace is one: its secret is public, and a visitor
with two workers to answer them had twice the allowance (the association website's walk, left item).

The clocks are injected, and ``freeze`` stops them, so tests never depend on how fast the machine runs them.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Table, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from api.models import PaceCount
from core.db import get_engine
from core.settings import Settings
from flows.accounts import TooManyAttempts

log = logging.getLogger(__name__)


class Pace:
    """At most ``limit`` hits per key in any ``window_seconds``; the next one answers 429 with ``Retry-After``."""

    def __init__(self, *, limit: int, window_seconds: float, what: tuple[str, str],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self.what = what
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise TooManyAttempts(max(1, math.ceil(hits[0] + self.window - now)), self.what)
            hits.append(now)
            if len(self._hits) > 10_000:  # forget callers quiet for a window, so memory stays bounded
                for stale in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                    del self._hits[stale]

    def freeze(self) -> None:
        """Stop the clock where it is: every hit from now on falls in one window (for tests)."""
        stopped = self.clock()
        self.clock = lambda: stopped


class SharedPace:
    """At most ``limit`` hits per key in each window of ``window_seconds`` (windows follow the wall clock, so every
    worker and host numbers them alike), counted in Redis when ``redis_url`` is given, else in the database; the
    next hit in the window answers 429 with ``Retry-After`` (the seconds until the window ends).

    When Redis cannot be reached the hit is counted in the database instead, so the allowance still holds (a
    warning is logged). ``name`` keeps this pace's counts apart from another's."""

    def __init__(self, *, limit: int, window_seconds: float, what: tuple[str, str], name: str, settings: Settings,
                 redis_url: str | None = None, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.window = window_seconds
        self.what = what
        self.name = name
        self.settings = settings
        self.clock = clock
        # Short timeouts: a request waits on the count, and an unreachable Redis falls back to the database.
        self.redis = Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1) if redis_url else None

    def hit(self, key: str) -> None:
        now = self.clock()
        slot = math.floor(now / self.window)
        counted = f"{self.name}|{key}"[:200]
        hits = self._in_redis(counted, slot) if self.redis is not None else None
        if hits is None:
            hits = self._in_database(counted, slot)
        if hits > self.limit:
            raise TooManyAttempts(max(1, math.ceil((slot + 1) * self.window - now)), self.what)

    def _in_redis(self, key: str, slot: int) -> int | None:
        """The hits so far in this window, this one included; None when Redis cannot be reached."""
        assert self.redis is not None
        name = f"innodock:pace:{key}:{slot}"
        try:
            with self.redis.pipeline() as pipe:  # MULTI/EXEC: the count and its expiry together
                pipe.incr(name)
                pipe.expire(name, math.ceil(self.window) + 1)
                hits, _ = pipe.execute()
        except RedisError as exc:
            log.warning("pace counted in the database: Redis not reachable (%s)", exc)
            return None
        return int(hits)

    def _in_database(self, key: str, slot: int) -> int:
        """The hits so far in this window, this one included: one upsert in a short transaction of its own (no read
        first, so it never waits to upgrade a read lock on SQLite); a window's first hit deletes this pace's windows
        past."""
        table = PaceCount.__table__
        assert isinstance(table, Table)
        with get_engine(self.settings).begin() as connection:
            insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
            stmt = insert(table).values(key=key, slot=slot, hits=1)
            upsert = stmt.on_conflict_do_update(index_elements=[table.c.key, table.c.slot],
                                                set_={"hits": table.c.hits + 1}).returning(table.c.hits)
            hits = int(connection.execute(upsert).scalar_one())
            if hits == 1:  # this pace's windows only: another's may be longer, its numbers smaller
                connection.execute(delete(table).where(table.c.key.startswith(f"{self.name}|", autoescape=True),
                                                       table.c.slot < slot))
        return hits

    def freeze(self) -> None:
        """Stop the clock where it is: every hit from now on falls in one window (for tests)."""
        stopped = self.clock()
        self.clock = lambda: stopped
