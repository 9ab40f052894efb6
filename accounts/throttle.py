"""Slow down password guessing without handing anyone a way to lock a real user out.

Two counters, both in the process's memory:

- per (username, address) pair, an exponential backoff: the first ``free_failures`` failures cost nothing, then each
  further failure makes the pair wait ``backoff_base_seconds × 2^k`` (k = 0, 1, 2 …), up to ``backoff_max_seconds``.
  A success clears the pair. Because the address is part of the key, an attacker guessing at a username from one
  address slows down only themselves: the real user, from their own address, logs in as before. (A per-username
  lock, what this replaced, let anyone lock any account for 15 minutes, again and again.)
- per address, a looser cap over a sliding window (``per_address`` failures in ``window_seconds``), so one address
  cannot spread its guesses over many usernames, each pair fresh.

A held-back attempt answers 429 with ``Retry-After``; it is refused before the password is checked, so it costs no
hashing and tells nothing. With several workers each counts its own share, which still bounds guessing to
workers × allowance. The clock is injected (``clock``, or ``now=`` per call): tests never wait.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import InnodockError


class TooManyAttempts(InnodockError):
    status_code = 429

    def __init__(self, retry_after: int, what: tuple[str, str] = ("登录失败次数过多", "too many failed logins"),
                 ) -> None:
        super().__init__(f"{what[0]}，请 {retry_after} 秒后再试 / {what[1]}; retry in {retry_after} s",
                         code="too_many_requests")
        self.headers = {"Retry-After": str(retry_after)}


@dataclass
class _Pair:
    failures: int = 0
    last: float = 0.0
    until: float = 0.0  # no attempt before this time


class LoginThrottle:
    def __init__(self, *, free_failures: int = 5, backoff_base_seconds: float = 2.0,
                 backoff_max_seconds: float = 900.0, per_address: int = 50, window_seconds: float = 900.0,
                 clock: Callable[[], float] = time.monotonic,
                 what: tuple[str, str] = ("登录失败次数过多", "too many failed logins")) -> None:
        """``what`` names the attempts in the 429's message (the self-registration form counts every attempt)."""
        self.what = what
        self.free_failures = free_failures
        self.base = backoff_base_seconds
        self.max = backoff_max_seconds
        self.per_address = per_address
        self.window = window_seconds
        self.clock = clock
        self._pairs: dict[tuple[str, str], _Pair] = {}
        self._addresses: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _pair_key(username: str, address: str) -> tuple[str, str]:
        return username.strip().lower(), address

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def _address_failures(self, address: str, now: float) -> deque[float] | None:
        failures = self._addresses.get(address)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._addresses[address]
            return None
        return failures

    def check(self, username: str, address: str, *, now: float | None = None) -> None:
        """Raise 429 if this pair is still backing off, or the address has used up its failures in the window."""
        now = self._now(now)
        with self._lock:
            waits = []
            pair = self._pairs.get(self._pair_key(username, address))
            if pair is not None and pair.until > now:
                waits.append(pair.until - now)
            failures = self._address_failures(address, now)
            if failures is not None and len(failures) >= self.per_address:
                waits.append(failures[len(failures) - self.per_address] + self.window - now)
            if waits:
                raise TooManyAttempts(max(1, math.ceil(max(waits))), self.what)

    def failed(self, username: str, address: str, *, now: float | None = None) -> None:
        now = self._now(now)
        with self._lock:
            key = self._pair_key(username, address)
            pair = self._pairs.get(key)
            if pair is None or now - pair.last > max(self.window, self.max):
                pair = self._pairs[key] = _Pair()  # a pair quiet for a window starts afresh
            pair.failures += 1
            pair.last = now
            beyond = pair.failures - self.free_failures
            if beyond >= 0:
                pair.until = now + min(self.max, self.base * 2 ** min(beyond, 62))
            self._addresses.setdefault(address, deque()).append(now)
            self._forget(now)

    def succeeded(self, username: str, address: str) -> None:
        """The pair's count starts again; the address's failures stay in its window."""
        with self._lock:
            self._pairs.pop(self._pair_key(username, address), None)

    def _forget(self, now: float) -> None:
        """Drop pairs quiet for longer than a window, so guessing many usernames does not grow memory for ever."""
        if len(self._pairs) < 10_000:
            return
        horizon = max(self.window, self.max)
        for key in [k for k, p in self._pairs.items() if now - p.last > horizon and p.until <= now]:
            del self._pairs[key]
