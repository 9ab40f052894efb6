"""China time: the one place a moment is written for people (a page, an API message, a report).

The associations, centers and enterprises work in China Standard Time (Asia/Shanghai); the service stores moments in
UTC. A moment shown as its UTC day or hour is wrong for eight hours of every day (2026-03-01T17:30Z is 2026-03-02
01:30 in Beijing): every page, message and report that writes a datetime for a person goes through here
(``api.pages.ui_format.when``/``day`` are these, with the page's word for "not stated").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from core.db import utcnow

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def local(value: datetime) -> datetime:
    """The moment in China time; a naive datetime is UTC (SQLite hands back naive UTC)."""
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(CHINA_TZ)


def minute(value: datetime) -> str:
    """A moment to the minute, China time: ``2026-03-02 01:30``."""
    return local(value).strftime("%Y-%m-%d %H:%M")


def day(value: date | datetime) -> str:
    """An ISO day; a datetime is first put in China time (its day there, not in UTC)."""
    return (local(value).date() if isinstance(value, datetime) else value).isoformat()


def today(now: datetime | None = None) -> date:
    """Today in China, whatever the server's clock zone (a server on UTC is still on yesterday before 08:00 there).

    Inside a played history (``core.db.played_at``) today is the played day, as every row written there is stamped
    with the played moment: a step of the demo's March checked its dates against the server's real day."""
    return local(now if now is not None else utcnow()).date()
