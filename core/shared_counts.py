"""Counts every worker of the deployment sees, for the limits that guard it (the paces, the login throttle).

A limit counted in one process's memory is that process's: with N workers (``uvicorn --workers``, or several hosts)
it grants N times its allowance, N times the password guesses. A :class:`Tally` is kept in Redis when the deployment
has one (``INNODOCK_REDIS_URL``, the job queue's), else in the database, in a table of the package that owns the
limit (columns of :class:`TallyRow`: no package writes another's tables). When Redis cannot be reached the count goes
to the database instead, with a warning, so the limit still holds.

A tally is a count and the time of its last step; it starts afresh when that step is older than the caller says
(``since``): a fixed window's start for a pace, the end of a quiet spell for a login backoff. The time is the
caller's (seconds since the epoch, from a clock the caller may inject), never the store's: every worker and host
numbers the windows alike, and tests never wait.

The tallies of one process share one Redis client per address (:func:`redis_for`), and one judgement of whether it
answers: after a failure, every tally counts in the database for :data:`REDIS_PAUSE_SECONDS` before Redis is tried
again. A Redis that hangs cost each call its full timeout, four a login (two reads, two steps), and it costs one
timeout a pause now.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Float, Integer, String, Table, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, mapped_column

from core.db import get_count_engine, get_engine
from core.settings import Settings

log = logging.getLogger(__name__)

KEY_LENGTH = 200
# How long every tally of the process counts in the database after Redis failed to answer, before trying it again.
REDIS_PAUSE_SECONDS = 30.0
# How long a request waits on Redis for a count before counting in the database instead.
REDIS_TIMEOUT_SECONDS = 1.0

# One round trip, atomic: the step, or a fresh count when the last step is older than ``since``; the expiry only
# forgets what nobody counts any more (the caller's clock decides what is fresh, not Redis's).
_BUMP = """
local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
local hits = 1
if last == nil or last < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'hits', 1)
else
  hits = redis.call('HINCRBY', KEYS[1], 'hits', 1)
end
redis.call('HSET', KEYS[1], 'last', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return hits
"""


class TallyRow:
    """The columns of a table a :class:`Tally` counts in (a package's model mixes this in and names its table): one
    row per counted key, upserted in a short transaction of its own."""

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch, the caller's clock


@dataclass
class SharedRedis:
    """One Redis client of the process, and until when it is not asked (after it failed to answer)."""

    client: Redis
    clock: Callable[[], float] = time.monotonic
    paused_until: float = 0.0

    def usable(self) -> bool:
        return self.clock() >= self.paused_until

    def failed(self) -> None:
        self.paused_until = self.clock() + REDIS_PAUSE_SECONDS


_SHARED: dict[str, SharedRedis] = {}
_SHARED_LOCK = threading.Lock()


def redis_for(url: str) -> SharedRedis:
    """The process's one client for ``url``: its connection pool, and its pause after a failure, are every tally's
    (five limits each had a client of their own, and each waited out a hanging Redis on its own)."""
    with _SHARED_LOCK:
        shared = _SHARED.get(url)
        if shared is None:
            # Short timeouts: a request waits on the count, and an unreachable Redis falls back to the database.
            shared = _SHARED[url] = SharedRedis(Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                                               socket_timeout=REDIS_TIMEOUT_SECONDS))
        return shared


class Tally:
    """Counts per key under ``name`` (which keeps one limit's counts apart from another's in the same store)."""

    def __init__(self, *, settings: Settings, table: Table, name: str, redis_url: str | None = None) -> None:
        self.settings = settings
        self.table = table
        self.name = name
        self.shared = redis_for(redis_url) if redis_url else None
        self.redis = self.shared.client if self.shared is not None else None
        self._bump = self.redis.register_script(_BUMP) if self.redis is not None else None

    def _redis_usable(self) -> bool:
        return self.shared is not None and self.shared.usable()

    def _key(self, key: str) -> str:
        counted = f"{self.name}|{key}"
        if len(counted) > KEY_LENGTH:  # never cut: two long keys would share one count
            counted = f"{self.name}|#{hashlib.sha256(key.encode('utf-8')).hexdigest()}"
        return counted

    def _redis_failed(self, exc: RedisError) -> None:
        if self.shared is not None:
            self.shared.failed()
        log.warning("%s counted in the database: Redis not reachable (%s); tried again in %.0f s", self.name, exc,
                    REDIS_PAUSE_SECONDS)

    def bump(self, key: str, *, now: float, since: float, keep: float) -> int:
        """One more for ``key`` at ``now``, from nothing when its last step was before ``since``: the count, this one
        included. A count unused for ``keep`` seconds may be forgotten."""
        counted = self._key(key)
        if self._bump is not None and self._redis_usable():
            try:
                return int(self._bump(keys=[f"innodock:tally:{counted}"],
                                      args=[repr(now), repr(since), max(1, math.ceil(keep) + 1)]))
            except RedisError as exc:
                self._redis_failed(exc)
        return self._bump_in_database(counted, now=now, since=since, keep=keep)

    def _bump_in_database(self, counted: str, *, now: float, since: float, keep: float) -> int:
        """One upsert, no read first (so it never waits to upgrade a read lock on SQLite); a fresh count forgets
        this tally's keys unused for ``keep`` seconds."""
        try:
            return self._upsert(counted, now=now, since=since, keep=keep)
        except DBAPIError as exc:
            if not exc.connection_invalidated:  # a connection the database dropped (a restart): once more
                raise
        return self._upsert(counted, now=now, since=since, keep=keep)

    def _upsert(self, counted: str, *, now: float, since: float, keep: float) -> int:
        table = self.table
        # On PostgreSQL the counts' own engine: each statement its own transaction, not waited to disk.
        with get_count_engine(self.settings).begin() as connection:
            insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
            stmt = insert(table).values(key=counted, hits=1, last_at=now)
            upsert = stmt.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={"hits": case((table.c.last_at < since, 1), else_=table.c.hits + 1),
                      "last_at": stmt.excluded.last_at}).returning(table.c.hits)
            hits = int(connection.execute(upsert).scalar_one())
            if hits == 1:
                connection.execute(delete(table).where(table.c.key.startswith(f"{self.name}|", autoescape=True),
                                                       table.c.last_at < now - keep))
        return hits

    def read(self, key: str) -> tuple[int, float] | None:
        """The count and the time of its last step, or None when nothing is counted."""
        counted = self._key(key)
        if self.redis is not None and self._redis_usable():
            try:
                hits, last = self.redis.hmget(f"innodock:tally:{counted}", ["hits", "last"])
            except RedisError as exc:
                self._redis_failed(exc)
            else:
                return None if hits is None or last is None else (int(hits), float(last))
        table = self.table
        with get_engine(self.settings).connect() as connection:
            row = connection.execute(select(table.c.hits, table.c.last_at).where(table.c.key == counted)).first()
        return None if row is None else (int(row.hits), float(row.last_at))

    def clear(self, key: str) -> None:
        """Forget ``key``'s count (in the database too: it may have been counted there while Redis was away)."""
        counted = self._key(key)
        if self.redis is not None and self._redis_usable():
            try:
                self.redis.delete(f"innodock:tally:{counted}")
            except RedisError as exc:
                self._redis_failed(exc)
        table = self.table
        with get_engine(self.settings).connect() as connection:  # most keys have no row: no write for them
            found = connection.execute(select(table.c.key).where(table.c.key == counted)).first()
        if found is not None:
            with get_engine(self.settings).begin() as connection:
                connection.execute(delete(table).where(table.c.key == counted))
