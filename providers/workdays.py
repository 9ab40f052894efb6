"""Working days on China's official calendar, for the seeds' deadlines counted in 工作日 (seed 003 art. 18: 5 working
days; art. 19: 10 working days).

The calendar is the ``chinese-calendar`` package (PyPI; the State Council's yearly holiday notices, with the weekend
days swapped to make up for them, 调休). Version 1.11.0 covers 2004–2026 (``COVERED``). Beyond its years the State
Council has not published the holidays yet, so a day there counts as a working day when it is Monday to Friday, and
the result says so (``estimated``): the deadline may move when the year's notice comes out and the package is updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

COVERED = (2004, 2026)


def is_workday(day: date) -> tuple[bool, bool]:
    """(a working day?, only estimated?) — estimated beyond the calendar's years: Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


@dataclass(frozen=True)
class WorkdayDeadline:
    due_on: date
    estimated: bool  # some day counted lies beyond the official calendar's years


def add_workdays(start: date, days: int) -> WorkdayDeadline:
    """The ``days``-th working day after ``start`` (``start`` itself not counted: "within 5 working days" of a change
    on a Friday ends on the next Friday when no holiday intervenes)."""
    if days < 0:
        raise ValueError("days must be ≥ 0")
    day, left, estimated = start, days, False
    while left > 0:
        day += timedelta(days=1)
        working, guessed = is_workday(day)
        estimated = estimated or guessed
        if working:
            left -= 1
    return WorkdayDeadline(day, estimated)
