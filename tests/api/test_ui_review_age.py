"""How long a need has waited, as the review queue says it (api.pages.ui_review.age_text): a new user read
"已等待 今天" as broken Chinese (2026-11-29)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.pages.ui_review import age_text

NOW = datetime(2026, 11, 29, 6, 30, tzinfo=UTC)


def test_under_an_hour_reads_as_a_length_of_time_in_both_languages() -> None:
    assert age_text(NOW - timedelta(minutes=20), NOW, "zh") == "不到1小时"
    assert age_text(NOW - timedelta(minutes=20), NOW, "en") == "under 1 h"
    assert age_text(NOW - timedelta(hours=5), NOW, "zh") == "5小时"
    assert age_text(NOW - timedelta(days=3, hours=2), NOW, "zh") == "3天"
    assert age_text((NOW - timedelta(days=2)).replace(tzinfo=None), NOW, "en") == "2 d"  # SQLite's naive UTC
