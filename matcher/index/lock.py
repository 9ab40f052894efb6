"""One index writer at a time across processes (API workers, job workers, the CLI) sharing a data folder.

An advisory ``flock`` on ``<index>/.lock``: the kernel drops it when the holder dies, even by ``kill -9``, so a
crashed rebuild never blocks the next one. Readers take no lock; they rely on the atomic ``CURRENT`` switch.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


@contextmanager
def index_write_lock(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
