"""A new user's trial of the chat (2026-11-30): a battery maker's quarrel with a customer and a supplier.

1. 千万 as "by all means" read as ten million: after a budget of 5–6万, "保密吧，客户和供应商的事千万别公开出去。"
   was answered "已按您的更正，预算改为：1000万元（原为：5万–6万元）". Numerals that make an idiom (千万别, 千万要,
   万万不可, 万一, 千千万万, 一万个不放心) hold no amount (intake.extract.numbers.without_numeral_idioms).
2. The summary to be published carried the chat's corrections: "产品写错了，鼓包的是电芯，不是模组" and "预算你弄错
   了，不是一千万，是五六万" (the stored need's 〔预算已更正为：…〕 marks were already left out). A field named as
   wrong ("产品写错了", "预算你弄错了", "the product was wrong") is chat, and in its sentence the wrong half ("不是模
   组", "not the modules") goes; the problem's words stay (intake.publish.refined).
Driven as the JSON chat API drives the chat.
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.numbers import without_numeral_idioms
from intake.publish import public_description, refined
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


# ==== 2. The chat's corrections are no part of the published summary

@pytest.mark.parametrize(("text", "language", "kept", "gone"), [
    ("产品写错了，鼓包的是电芯，不是模组", "zh", "鼓包的是电芯", ["写错", "模组"]),
    ("预算你弄错了，不是一千万，是五六万", "zh", "", ["弄错", "一千万", "五六万"]),
    ("不是一千万〔预算已更正为：5万–6万元〕", "zh", "", ["一千万", "更正"]),
    ("产品名称填错了，是伺服电机，不是步进电机", "zh", "是伺服电机", ["填错", "步进电机"]),
    ("你们搞错了，开裂的是外壳不是支架", "zh", "开裂的是外壳不是支架", ["搞错"]),
    ("Sorry, the product was wrong, it's the cells that swell, not the modules.", "en",
     "It's the cells that swell.", ["Sorry", "wrong", "modules"]),
])
def test_a_correction_s_talk_and_wrong_half_are_not_published(
        text: str, language: str, kept: str, gone: list[str]) -> None:
    out = refined(text, language)
    assert out == kept, out
    for word in gone:
        assert word not in out, out


@pytest.mark.parametrize("text", [
    "他们一口咬定是我们焊接的问题，我们觉得不是焊接的问题，是电芯本身鼓包。",
    "不是所有批次都开裂，只有夏天生产的那批。",
    "The coating peels, not the base metal.",
])
def test_a_problem_s_not_is_kept_outside_a_correction(text: str) -> None:
    assert refined(text, "en" if text.isascii() else "zh") == text


def test_the_trial_s_summary_keeps_the_problem_and_drops_the_corrections(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [OPENER, "产品写错了，鼓包的是电芯，不是模组", "预算五六万吧",
                                     "预算你弄错了，不是一千万，是五六万"])
    need = views[-1].need
    summary = public_description(need)
    assert "一口咬定是我们焊接的问题" in summary and "说清楚到底谁的责任" in summary, summary
    assert "鼓包的是电芯" in summary, summary
    for word in ("写错", "不是模组", "弄错", "一千万", "五六万", "〔", "更正"):
        assert word not in summary, summary
