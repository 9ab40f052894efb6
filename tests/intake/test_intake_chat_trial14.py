"""A new user's trial of the chat (2026-11-30): a battery maker's quarrel with a customer and a supplier.

1. 千万 as "by all means" read as ten million: after a budget of 5–6万, "保密吧，客户和供应商的事千万别公开出去。"
   was answered "已按您的更正，预算改为：1000万元（原为：5万–6万元）". Numerals that make an idiom (千万别, 千万要,
   万万不可, 万一, 千千万万, 一万个不放心) hold no amount (intake.extract.numbers.without_numeral_idioms).
Driven as the JSON chat API drives the chat.
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.numbers import without_numeral_idioms
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

OPENER = ("我们是做储能电池模组的，深圳那边一个客户说我们的模组用了半年就鼓包，电芯是合肥一家供应商的，"
          "他们一口咬定是我们焊接的问题，想找个第三方机构说清楚到底谁的责任")


# ==== 1. 千万别, 千万要, 万一: no amount

@pytest.mark.parametrize("text", [
    "保密吧，客户和供应商的事千万别公开出去。",
    "千万不要把我们公司名字写出来",
    "这个事千万不能让客户知道",
    "报告千万要盖CMA章",
    "千万记得先联系我",
    "千万注意别把样品弄坏了",
    "运输的时候千万小心",
    "这个千万得保密",
    "万万不可公开",
    "万万没想到会鼓包",
    "千万千万要保密",
    "万一测出来是我们的问题怎么办",
    "预算万一不够再说",
    "我们对这批货一万个不放心",
    "全国千千万万的客户都在用",
])
def test_a_numeral_idiom_holds_no_amount(text: str) -> None:
    assert extract_budget(text).is_empty, extract_budget(text)
    assert extract_budget("预算" + text).is_empty, extract_budget("预算" + text)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("预算一千万", 10_000_000, 10_000_000),
    ("项目总投资两千万，千万别超", 20_000_000, 20_000_000),
    ("预算五六万，千万要快", 50_000, 60_000),
    ("预算一万一", 11_000, 11_000),
    ("预算万一不够，最多十万", None, 100_000),
    ("预算1千万左右", 10_000_000, 10_000_000),
])
def test_an_amount_beside_an_idiom_is_still_read(text: str, low: int | None, high: int) -> None:
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (low, high), budget


def test_the_idiom_is_blanked_in_place() -> None:
    text = "客户的事千万别公开，万一传出去就麻烦了"
    blanked = without_numeral_idioms(text)
    assert len(blanked) == len(text) and "千万" not in blanked and "万一" not in blanked
    assert without_numeral_idioms("预算一千万，一万一也行") == "预算一千万，一万一也行"


def test_the_trial_s_secrecy_keeps_the_budget(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [OPENER, "预算五六万吧", "保密吧，客户和供应商的事千万别公开出去。"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert (need.budget.min_yuan, need.budget.max_yuan) == (50_000, 60_000), reply
    assert need.confidential, reply
    assert "1000万" not in reply and "预算改为" not in reply, reply
    assert "已更正为" not in need.text, need.text
