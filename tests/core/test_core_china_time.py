"""Today in China, and today inside a played history (``core.db.played_at``).

The demo's year is played through the use cases, each step at its moment of the year. Rows were stamped with the
played moment, but a use case that asked ``china_time.today()`` for the day got the server's real day: a step of
March checked its dates against November (about ten call sites, the summary of 2026-11-29)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core import china_time
from core.db import played_at, utcnow
from core.errors import InnodockError
from evaluation.observations import check_scores, interview_items
from evaluation.schemas import ObservationKind


def test_today_is_the_day_in_china_not_the_utc_day() -> None:
    assert china_time.today(datetime(2026, 3, 1, 17, 30, tzinfo=UTC)) == date(2026, 3, 2)
    assert china_time.today(datetime(2026, 3, 1, 15, 59, tzinfo=UTC)) == date(2026, 3, 1)


def test_inside_a_played_history_today_is_the_played_day() -> None:
    # 2026-03-18 01:30 in Beijing is still 2026-03-17 in UTC: the day is China's
    with played_at(datetime(2026, 3, 17, 17, 30, tzinfo=UTC)):
        assert utcnow() == datetime(2026, 3, 17, 17, 30, tzinfo=UTC)
        assert china_time.today() == date(2026, 3, 18)
        # a moment given still wins
        assert china_time.today(datetime(2026, 5, 1, 2, 0, tzinfo=UTC)) == date(2026, 5, 1)
    assert utcnow() != datetime(2026, 3, 17, 17, 30, tzinfo=UTC)  # the played moment ends with its block


def test_a_visit_after_the_played_day_is_in_the_future() -> None:
    """An interview recorded in a played step of March for a day in late March was accepted: the check compared it
    with the real day of the server."""
    item = interview_items()[0][0]
    with played_at(datetime(2026, 3, 18, 2, 0, tzinfo=UTC)), pytest.raises(InnodockError) as refused:
        check_scores(ObservationKind.interview, {item: 80.0}, "2026", date(2026, 3, 25))
    assert refused.value.field == "observed_on"
    with played_at(datetime(2026, 3, 18, 2, 0, tzinfo=UTC)):
        assert check_scores(ObservationKind.interview, {item: 80.0}, "2026", date(2026, 3, 18))
