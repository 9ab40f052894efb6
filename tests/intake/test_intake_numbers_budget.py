from __future__ import annotations

import pytest

from intake.extract.budget import budget_declined, budget_withheld, extract_budget
from intake.extract.numbers import parse_count, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十万", 200_000), ("1.5万", 15_000), ("一万五", 15_000), ("两百万", 2_000_000), ("2百万", 2_000_000),
     ("200,000", 200_000), ("一百零五", 105), ("三千五", 3_500), ("一点五万", 15_000), ("十五", 15), ("十", 10)],
)
def test_parse_number_reads_chinese_and_arabic(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_parse_count_rejects_fractions_and_words() -> None:
    assert parse_count("三") == 3
    assert parse_count("three") == 3
    assert parse_count("1.5") is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("预算20万", 200_000, 200_000), ("预算二十万左右", 200_000, 200_000), ("约20万", 200_000, 200_000),
        ("预算 RMB 200,000", 200_000, 200_000), ("1.5万元", 15_000, 15_000), ("预算3k", 3_000, 3_000),
        ("两百万", 2_000_000, 2_000_000), ("10到30万", 100_000, 300_000), ("10~30万", 100_000, 300_000),
        ("七八万", 70_000, 80_000), ("预算两三百万", 2_000_000, 3_000_000), ("不超过5万", None, 50_000),
        ("五万以内", None, 50_000), ("under RMB 50,000", None, 50_000), ("5万以上", 50_000, None),
        ("至少5万", 50_000, None), ("budget between RMB 20,000 and 40,000", 20_000, 40_000),
        ("budget of 1.2 million yuan", 1_200_000, 1_200_000), ("预算5w", 50_000, 50_000),
        # a new user on the English chat page (2026-11-28): the cue was cut by a 16-character window to "o more
        # than" and read as a minimum; "not more than", "not over" and a trailing "at least" were not read at all
        ("budget no more than RMB 5,000", None, 5_000), ("budget not more than RMB 5000", None, 5_000),
        ("Budget: not over RMB 8,000", None, 8_000), ("budget of RMB 50,000 at least", 50_000, None),
        ("budget more than RMB 5,000", 5_000, None), ("预算至少人民币5000元", 5_000, None),
    ],
)
def test_budget_table_of_need_fields(text: str, low: int | None, high: int | None) -> None:
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "电池循环500次后容量衰减到80%，45℃下更严重",
        "999足金首饰含量检测",
        "我司年产值约8000万元，想找原因",
        "已经花了30多万都没解决",
        "年产10万吨的管件厂",
        "Annual revenue is RMB 3 billion.",
        "精度0.005mm，压力110MPa",
        "公司成立于2010年",
        "预算几千块钱",
        "员工300人，注册资本5000万",
    ],
)
def test_numbers_that_are_not_budgets(text: str) -> None:
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (None, None)


def test_money_spent_is_skipped_but_the_budget_kept() -> None:
    budget = extract_budget("我们已经花了30多万做实验，这次预算10万。")
    assert (budget.min_yuan, budget.max_yuan) == (100_000, 100_000)


def test_planned_total_investment_is_a_budget() -> None:
    assert extract_budget("项目总投资500万，三年内完成").max_yuan == 5_000_000
    assert extract_budget("今年已经投入200万进行环保改造，预算15万左右").min_yuan == 150_000


def test_foreign_currency_is_kept_without_yuan_figures() -> None:
    budget = extract_budget("budget USD 15,000")
    assert budget.currency == "USD"
    assert (budget.min_yuan, budget.max_yuan) == (None, None)


def test_open_budget_is_an_answer() -> None:
    assert budget_declined("预算面议")
    assert not budget_declined("预算20万")


def test_pairs_ranges_and_written_once_magnitudes() -> None:
    budget = extract_budget("钱不多，一两万吧")
    assert (budget.min_yuan, budget.max_yuan) == (10_000, 20_000)
    budget = extract_budget("预算：二十至三十万")
    assert (budget.min_yuan, budget.max_yuan) == (200_000, 300_000)
    budget = extract_budget("经费：叁拾万元")
    assert (budget.min_yuan, budget.max_yuan) == (300_000, 300_000)


@pytest.mark.parametrize("text", ["预算暂时不能公开", "费用方面暂时保密", "报价请勿透露", "价格不希望透露",
                                  "预算多少不好说"])
def test_a_budget_withheld_is_one_rule_for_the_budget_and_for_secrecy(text: str) -> None:
    """The budget withheld was two rules, budget's (declined) and confidential's (no secrecy), and they disagreed:
    "预算暂时不能公开" was both declined and confidential, "报价请勿透露" neither. Budget's rule now reads both."""
    from intake.extract.confidential import is_confidential
    assert budget_declined(text) and budget_withheld(text) and not is_confidential(text)
