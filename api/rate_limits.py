"""How often one caller may ask for work that costs the server real time, counted for the whole deployment.

The chat reads every message with the intake reader (and the LLM, where configured): a script posting messages in a
loop would hold a worker (issue 31). A website key's secret is public: a visitor could read the feed through it as
fast as they liked (the association website's walk). Each is a :class:`SharedPace`. Counted in each worker's
memory, a pace granted workers × its allowance (a visitor with two workers to answer them had twice it); it counts
where every worker sees it (:mod:`core.shared_counts`): in Redis when the deployment has one (``INNODOCK_REDIS_URL``,
the job queue's), else in the database (``api_pace``).

The clocks are injected, and ``freeze`` stops them, so tests never depend on how fast the machine runs them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Table

from api.models import PaceCount
from core.settings import Settings
from core.shared_counts import Tally
from flows.accounts import TooManyAttempts


class SharedPace:
    """At most ``limit`` hits per key in each window of ``window_seconds`` (windows follow the wall clock, so every
    worker and host numbers them alike); the next hit in the window answers 429 with ``Retry-After`` (the seconds
    until the window ends). ``name`` keeps this pace's counts apart from another's. An unreachable Redis falls back
    to the database, so the allowance still holds (a warning is logged)."""

    def __init__(self, *, limit: int, window_seconds: float, what: tuple[str, str], name: str, settings: Settings,
                 redis_url: str | None = None, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.window = window_seconds
        self.what = what
        self.clock = clock
        table = PaceCount.__table__
        assert isinstance(table, Table)
        self.counts = Tally(settings=settings, table=table, name=name, redis_url=redis_url)

    def hit(self, key: str) -> None:
        now = self.clock()
        start = math.floor(now / self.window) * self.window
        if self.counts.bump(key, now=now, since=start, keep=self.window) > self.limit:
            raise TooManyAttempts(max(1, math.ceil(start + self.window - now)), self.what)

    def freeze(self) -> None:
        """Stop the clock where it is: every hit from now on falls in one window (for tests)."""
        stopped = self.clock()
        self.clock = lambda: stopped
