"""How often one caller may ask for work that costs the server real time: a sliding window per caller, in the
process's memory (with several workers each counts its own share, which still bounds the load to workers × limit).

The chat reads every message with the intake reader (and the LLM, where configured); a script posting messages in a
loop would hold a worker (issue 31). The clock is injected, and :meth:`Pace.freeze` stops it, so tests never depend
on how fast the machine runs them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from flows.accounts import TooManyAttempts


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
