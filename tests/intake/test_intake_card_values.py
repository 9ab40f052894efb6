"""Values the need card refuses, and amounts said whole (found walking the card as an enterprise).

A deadline already past, a negative budget and a slip of "999999999999万" were stored silently and reached the
coordinators' queue as "期限 2025-01-01" and "约1e+12万元"; a cleared title left the need "（未命名需求）". Each is
refused naming its field, with nothing stored changed, or — the title — made from the need again.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from intake import service
from intake.conversation import money_text
from intake.publish import budget_band
from intake.schemas import MAX_BUDGET_YUAN, Budget, wan

DAY = date(2026, 11, 26)
OPENER = "电机轴承开裂，想做失效分析，在江苏常州，预算五万，三个月内。"


def _opened(settings: Settings) -> str:
    with session_scope(settings) as s:
        return service.start_session(session=s, text=OPENER, today=DAY).id


@pytest.mark.parametrize(("field", "typed", "said"), [
    ("deadline", "2025-01-01", "已经过去"),
    ("deadline", "2026-11-25", "已经过去"),
    ("budget", "-5万", "负数"),
    ("budget", "－50000", "负数"),
    ("budget", "999999999999万", "超过100亿元"),
    ("budget", "20000000000", "超过100亿元"),
])
def test_a_value_no_need_can_have_is_refused_naming_its_field(intake_settings: Settings, field: str, typed: str,
                                                               said: str) -> None:
    session_id = _opened(intake_settings)
    with session_scope(intake_settings) as s:
        before = service.get_session(session=s, session_id=session_id)
    with session_scope(intake_settings) as s, pytest.raises(InnodockError) as refused:
        service.edit_fields(session=s, session_id=session_id, changes={field: typed})
    assert refused.value.field == field and said in str(refused.value)
    with session_scope(intake_settings) as s:
        after = service.get_session(session=s, session_id=session_id)
    assert after.need.budget == before.need.budget and after.need.deadline == before.need.deadline
    assert [t.text for t in after.turns] == [t.text for t in before.turns]  # nothing said, nothing stored


def test_today_and_the_largest_budget_are_taken(intake_settings: Settings) -> None:
    session_id = _opened(intake_settings)
    with session_scope(intake_settings) as s:
        view = service.edit_fields(session=s, session_id=session_id,
                                   changes={"deadline": DAY.isoformat(), "budget": str(MAX_BUDGET_YUAN)})
    assert view.need.deadline == DAY
    assert view.need.budget.max_yuan == MAX_BUDGET_YUAN


def test_a_cleared_title_is_made_from_the_need_again(intake_settings: Settings) -> None:
    session_id = _opened(intake_settings)
    with session_scope(intake_settings) as s:
        derived = service.get_session(session=s, session_id=session_id).need.title
        service.edit_fields(session=s, session_id=session_id, changes={"title": "轴承开裂原因分析"})
    with session_scope(intake_settings) as s:
        view = service.edit_fields(session=s, session_id=session_id, changes={"title": "   "})
    assert derived and view.need.title == derived
    assert "title" not in view.need.sources  # derived, so it follows the need again
    assert view.turns[-1].text.startswith(f"标题已按需求重新生成：{derived}")


@pytest.mark.parametrize(("yuan", "words"), [(300_000, "30"), (1_234_567, "123.4567"), (15_000, "1.5"),
                                             (MAX_BUDGET_YUAN, "1000000"), (9_999_999_999_990_000, "999999999999")])
def test_an_amount_in_wan_keeps_every_digit(yuan: int, words: str) -> None:
    assert wan(yuan) == words


def test_amounts_are_said_whole_in_the_chat_and_the_published_band() -> None:
    assert money_text(1_234_567, 1_234_567, "CNY", "zh") == "123.4567万元"
    assert money_text(10_000, 9_999_999_999_990_000, "CNY", "zh") == "1万–999999999999万元"
    shown = budget_band(Budget(min_yuan=12_345_678, max_yuan=12_345_678), coarse=False) or ""
    assert "e+" not in shown and "1234.5678万元" in shown
