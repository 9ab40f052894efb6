"""Slow down password guessing without handing anyone a way to lock a real user out.

Two counts:

- per (username, address) pair, an exponential backoff: the first ``free_failures`` failures cost nothing, then each
  further failure makes the pair wait ``backoff_base_seconds × 2^k`` (k = 0, 1, 2 …), up to ``backoff_max_seconds``.
  A success clears the pair; a pair quiet for longer than the window and the longest wait starts afresh. Because the
  address is part of the key, an attacker guessing at a username from one address slows down only themselves: the
  real user, from their own address, logs in as before. (A per-username lock, what this replaced, let anyone lock
  any account for 15 minutes, again and again.)
- per address, a looser cap: ``per_address`` failures in each window of ``window_seconds`` (windows follow the wall
  clock, so every worker numbers them alike), so one address cannot spread its guesses over many usernames, each
  pair fresh.

A held-back attempt answers 429 with ``Retry-After``; it is refused before the password is checked, so it costs no
hashing and tells nothing. The counts are the deployment's, not each worker's (with N workers a count in each one's
memory gave N times the guesses): in Redis when the deployment has one, else in the database (``accounts_throttle``),
through :class:`core.shared_counts.Tally`. The clock is the wall clock, injected (``clock``, or ``now=`` per call):
tests never wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Table

from accounts.models import ThrottleCount
from core.errors import InnodockError
from core.settings import Settings
from core.shared_counts import Tally


class TooManyAttempts(InnodockError):
    status_code = 429

    def __init__(self, retry_after: int, what: tuple[str, str] = ("登录失败次数过多", "too many failed logins"),
                 ) -> None:
        super().__init__(f"{what[0]}，请 {retry_after} 秒后再试 / {what[1]}; retry in {retry_after} s",
                         code="too_many_requests")
        self.headers = {"Retry-After": str(retry_after)}


class LoginThrottle:
    def __init__(self, *, settings: Settings, name: str, redis_url: str | None = None, free_failures: int = 5,
                 backoff_base_seconds: float = 2.0, backoff_max_seconds: float = 900.0, per_address: int = 50,
                 window_seconds: float = 900.0, clock: Callable[[], float] = time.time,
                 what: tuple[str, str] = ("登录失败次数过多", "too many failed logins")) -> None:
        """``name`` keeps this throttle's counts apart from another's (the login's, the registration form's, the
        current password's); ``what`` names the attempts in the 429's message (the self-registration form counts every
        attempt)."""
        self.what = what
        self.free_failures = free_failures
        self.base = backoff_base_seconds
        self.max = backoff_max_seconds
        self.per_address = per_address
        self.window = window_seconds
        self.horizon = max(window_seconds, backoff_max_seconds)  # a pair quiet this long starts afresh
        self.clock = clock
        table = ThrottleCount.__table__
        assert isinstance(table, Table)
        self.counts = Tally(settings=settings, table=table, name=name, redis_url=redis_url)

    @staticmethod
    def _pair_key(username: str, address: str) -> str:
        return f"pair|{address}|{username.strip().lower()}"

    @staticmethod
    def _address_key(address: str) -> str:
        return f"address|{address}"

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def _window_start(self, now: float) -> float:
        return math.floor(now / self.window) * self.window

    def _wait(self, failures: int) -> float:
        """How long a pair waits after its latest failure, its ``failures``-th."""
        beyond = failures - self.free_failures
        return 0.0 if beyond < 0 else min(self.max, self.base * 2 ** min(beyond, 62))

    def check(self, username: str, address: str, *, now: float | None = None) -> None:
        """Raise 429 if this pair is still backing off, or the address has used up its failures in the window."""
        now = self._now(now)
        waits = []
        pair = self.counts.read(self._pair_key(username, address))
        if pair is not None:
            failures, last = pair
            if last + self._wait(failures) > now:
                waits.append(last + self._wait(failures) - now)
        seen = self.counts.read(self._address_key(address))
        start = self._window_start(now)
        if seen is not None and seen[1] >= start and seen[0] >= self.per_address:
            waits.append(start + self.window - now)
        if waits:
            raise TooManyAttempts(max(1, math.ceil(max(waits))), self.what)

    def failed(self, username: str, address: str, *, now: float | None = None) -> None:
        now = self._now(now)
        self.counts.bump(self._pair_key(username, address), now=now, since=now - self.horizon, keep=self.horizon)
        # kept as long as a pair: a fresh count forgets this throttle's counts unused for ``keep``, pairs' included
        self.counts.bump(self._address_key(address), now=now, since=self._window_start(now), keep=self.horizon)

    def succeeded(self, username: str, address: str) -> None:
        """The pair's count starts again; the address's failures stay in its window."""
        self.counts.clear(self._pair_key(username, address))
