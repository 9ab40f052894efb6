from __future__ import annotations

from datetime import date

import pytest

from intake.extract.deadline import add_months, deadline_declined, extract_deadline

T = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三个月内出报告", date(2027, 2, 21)), ("within three months", date(2027, 2, 21)),
        ("两周内", date(2026, 12, 5)), ("十天内", date(2026, 12, 1)), ("45天内", date(2027, 1, 5)),
        ("一个月内", date(2026, 12, 21)), ("半年内", date(2027, 5, 21)), ("年底前", date(2026, 12, 31)),
        ("明年3月底前", date(2027, 3, 31)), ("明年一季度", date(2027, 3, 31)), ("明年上半年", date(2027, 6, 30)),
        ("下个月15号前", date(2026, 12, 15)), ("本月底前", date(2026, 11, 30)), ("2027年1月10日前", date(2027, 1, 10)),
        ("2027-03-15", date(2027, 3, 15)), ("12月25日前", date(2026, 12, 25)), ("明年年中", date(2027, 6, 30)),
        ("明年Q2完成", date(2027, 6, 30)), ("一年半内完成", date(2028, 5, 21)), ("时间一个月", date(2026, 12, 21)),
        ("十个工作日内", date(2026, 12, 4)), ("元旦前", date(2026, 12, 31)),
        ("by the end of March 2027", date(2027, 3, 31)), ("Deadline: December 20.", date(2026, 12, 20)),
        ("in the first half of next year", date(2027, 6, 30)), ("by Q1 next year", date(2027, 3, 31)),
        ("within 6 weeks", date(2027, 1, 2)),
    ],
)
def test_deadline_table_of_need_fields(text: str, expected: date) -> None:
    assert extract_deadline(text, T) == expected


@pytest.mark.parametrize(
    "text",
    ["尽快", "越快越好", "ASAP", "保质期三个月", "合同期一年", "公司成立十年", "两个月内启动", "最近三个月废品率上升",
     "去年年底做过一次", "使用半年就生锈", "Soles crack after 3 months of use", "合作期三年"],
)
def test_durations_that_are_not_deadlines(text: str) -> None:
    assert extract_deadline(text, T) is None


def test_several_dates_take_the_completion() -> None:
    assert extract_deadline("两个月内启动，半年内完成", T) == date(2027, 5, 21)


def test_month_end_clamping() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert extract_deadline("三个月内", date(2026, 11, 30)) == date(2027, 2, 28)
    assert extract_deadline("一个月内", date(2027, 1, 31)) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_month_without_year_rolls_to_next_year_when_past() -> None:
    assert extract_deadline("3月底前", T) == date(2027, 3, 31)
    assert extract_deadline("年底前", date(2026, 3, 10)) == date(2026, 12, 31)


def test_asap_answers_the_question() -> None:
    assert deadline_declined("尽快")
    assert not deadline_declined("三个月内")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("一个半月内出结论", date(2027, 1, 5)), ("项目周期18个月", date(2028, 5, 21)),
     ("Timeline: 4 weeks.", date(2026, 12, 19)),
     ("预算3万，两周。", date(2026, 12, 5)), ("明年6月验收", date(2027, 6, 30)), ("一个季度内完成", date(2027, 2, 21)),
     ("明年3月份以前", date(2027, 2, 28))],
)
def test_added_readings(text: str, expected: date) -> None:
    assert extract_deadline(text, T) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "下个季度" is the next quarter (its regex group is "下个", and it was read as this quarter's end, moving a
    # corrected deadline earlier: found walking the chat); "下个季度前" is before the next one starts
    ("期限改成下个季度吧", date(2027, 3, 31)), ("下个季度内完成就行", date(2027, 3, 31)),
    ("下季度要出报告", date(2027, 3, 31)), ("下个季度前完成", date(2026, 12, 31)), ("本季度内", date(2026, 12, 31)),
])
def test_next_quarter(text: str, expected: date) -> None:
    assert extract_deadline(text, date(2026, 11, 26)) == expected
