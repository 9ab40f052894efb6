"""Slow down password guessing: too many failed logins for one username, or from one address, answer 429 for a while.

Counted in the process's memory (a sliding window): with several workers each counts its own share, which still bounds
guessing to workers × limit per window. A successful login clears the username's count. Nothing is locked for good,
so nobody can lock a real user out for longer than the window.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from core.errors import InnodockError


class TooManyAttempts(InnodockError):
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"登录失败次数过多，请 {retry_after} 秒后再试 / too many failed logins; "
                         f"retry in {retry_after} s", code="too_many_requests")
        self.headers = {"Retry-After": str(retry_after)}


class LoginThrottle:
    def __init__(self, *, per_user: int, per_address: int, window_seconds: float) -> None:
        self.limits = {"user": per_user, "addr": per_address}
        self.window = window_seconds
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, username: str, address: str) -> list[tuple[str, str]]:
        return [("user", username.strip().lower()), ("addr", address)]

    def check(self, username: str, address: str, *, now: float | None = None) -> None:
        """Raise 429 if either the username or the address has used up its failures in the window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in self._keys(username, address):
                failures = self._failures.get(key)
                if not failures:
                    continue
                while failures and failures[0] <= now - self.window:
                    failures.popleft()
                if len(failures) >= self.limits[key[0]]:
                    raise TooManyAttempts(max(1, math.ceil(failures[0] + self.window - now)))

    def failed(self, username: str, address: str, *, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in self._keys(username, address):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("user", username.strip().lower()), None)
