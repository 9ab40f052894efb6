"""The tenth probe of the chat (issue 27; tests/intake/data/dialogues_probe10.jsonl, cards and what a good reply says
written and committed in b9e6dd6 before any of it ran): two answers in one message, the budget and the deadline
loosened in loose words ("预算可以再放宽点，到八万吧"), a group standard to draft, calibration of a line's gauges on
site, a question back about the fee, a bare model code as the product, a test dropped after it was read ("检测就不用
了"), an English need from Suzhou with its district in Chinese, "月底前" and "before Chinese New Year", secrecy said
last. The ten conversations end on their cards with the replies their cards expect, and each fault the probe (or a
variant of it in other words) found is held where it was fixed; every check below fails on b9e6dd6 but p101 and p103
whole and the guards named "as before", which hold what the fixes must not move."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake.dialogue import asks_beside, preferences, reopens
from intake.extract.budget import extract_budget
from intake.extract.deadline import extract_deadline
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import DAY, _last_reply

DATA = Path(__file__).parent / "data" / "dialogues_probe10.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]

# Judged: where the card and the chat part and the chat's reading is fair.
# - p104: "昆山" is said back as "江苏省苏州市": the card holds a province and a city, and 昆山 is a county-level city
#   of Suzhou; the card expected 昆山 in the reply.
SAYS_HELD = {("p104", "2"): ["苏州"]}

P99 = "我们厂给主机厂配套汽车内饰件，最近门板扶手被投诉气味大，想做一下VOC和气味性检测"
P100 = ("我们是东莞一家做储能电池pack的厂，有几块BMS保护板上的MOS管烧了，想找机构做失效分析，看看是设计问题还是"
        "器件本身的问题")
P104 = "我们SMT line上有8台锡膏测厚仪要做calibration，要出带CNAS标识的校准证书"
P105 = ("Hello, we are a German-invested plant in Suzhou 工业园区 making precision aluminium housings for medical "
        "devices. After anodizing, some housings show pitting and we need a lab to find the root cause.")
P107 = ("Our stamping line has about 40 pressure gauges and 12 torque wrenches that are due for calibration. We'd "
        "prefer the work done on site.")


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_tenth_probe_conversation_ends_on_its_card(intake_settings: Settings, conversation: dict[str, Any]) -> None:
    assert_ends_on_card(intake_settings, conversation, says_held=SAYS_HELD)


# ---- the product reader: the thing the need is about

@pytest.mark.parametrize(("text", "product"), [
    # an English need with its district in Chinese was read as Chinese, and named no product (p105; the title was
    # "some housings show pitting an…")
    (P105, "precision aluminium housings"),
    # the line that holds the gauges, not the gauges (p107)
    (P107, "pressure gauges"),
    ("Our lab has 3 spectrometers that need calibration.", "spectrometers"),
    # "an outdoor product" names no kind of thing (p108 read "outdoor", and asked the region instead of the product)
    ("We need a salt spray test and a UV ageing test for an outdoor product.", None),
    ("We need testing for our outdoor products.", None),
    # the company's line (给主机厂配套汽车内饰件) over the armrests the complaint is about (p99: 扶手 tagged a verb, and
    # 被投诉 no failure)
    (P99, "门板扶手"),
    # the company's line (做储能电池pack的厂) over the board a part of which burnt (p100)
    (P100, "BMS保护板"),
    # a thing introduced without its name (p102 read 有款新品 and said the code corrected it)
    ("我们有款新品要出口，需要做高低温循环和振动试验", None),
    # a certificate's wording (p104 read 要出带CNAS标识)
    (P104, "锡膏测厚仪"),
])
def test_the_product_reader_reads_the_thing(text: str, product: str | None) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    ("Our stamping line needs an energy audit.", "stamping line"), ("UV test for an outdoor lamp.", "outdoor lamp"),
    ("我们厂给主机厂配套汽车内饰件，想做VOC检测", "主机厂配套汽车内饰件"),
    ("汽车线束配套塑件制品3D打印技术：汽车线束上遇到新的塑件制品时，寻找合作单位", "汽车线束配套塑件制品3D"),
    ("我们是做储能电池pack的，想做针刺试验", "储能电池pack"), ("哦，是一款车载充电器，我们在无锡", "车载充电器"),
])
def test_the_product_reader_as_before(text: str, product: str | None) -> None:
    assert extract_product(text) == product


# ---- a bare model code, and what kind of thing it is

@pytest.mark.parametrize(("messages", "product", "said"), [
    # p102: "哦，是一款车载充电器，我们在无锡" kept TK-860B alone (the kind lost, the region taken)
    (["我们有款新品要出口，需要做高低温循环和振动试验", "TK-860B", "哦，是一款车载充电器，我们在无锡"],
     "TK-860B车载充电器", "已记下产品：TK-860B车载充电器"),
    # p108: "It's a plastic junction box for solar panels. We're in Ningbo." likewise
    (["We need a salt spray test and a UV ageing test for an outdoor product.", "XR-45",
      "It's a plastic junction box for solar panels. We're in Ningbo."], "XR-45 plastic junction box",
     "Noted the product: XR-45 plastic junction box"),
    # the model said as one: the product was "型号是TK-860B" / "Model XR-45", and the kind said next was lost
    (["我们有款新产品要做EMC测试", "型号是TK-860B", "它是一个车载充电器，在无锡"], "TK-860B车载充电器",
     "已记下产品：TK-860B车载充电器"),
    (["We need drop testing for a new product.", "Model XR-45.", "It is a handheld barcode scanner. We're in Xiamen."],
     "XR-45 handheld barcode scanner", "Noted the product: XR-45 handheld barcode scanner"),
])
def test_a_model_code_gets_its_kind(intake_settings: Settings, messages: list[str], product: str, said: str) -> None:
    views = _drive(intake_settings, messages)
    assert views[0].ask_field == "product", _last_reply(views[0])
    assert views[-1].need.product == product, views[-1].need.product
    assert _last_reply(views[-1]).startswith(said), _last_reply(views[-1])


def test_a_model_code_answered_is_the_product(intake_settings: Settings) -> None:
    view = _drive(intake_settings, ["我们有款新产品要做EMC测试", "型号是TK-860B"])[-1]
    assert view.need.product == "TK-860B" and _last_reply(view).startswith("已记下产品：TK-860B。"), _last_reply(view)


# ---- dates said relative to now, or moved

@pytest.mark.parametrize(("text", "day"), [
    ("Got it. End of next month works, and the budget is up to 40k RMB.", date(2026, 12, 31)),  # p106: not given
    ("End of next month works", date(2026, 12, 31)), ("Got it. End of this month works", date(2026, 11, 30)),
    ("ok, end of month", date(2026, 11, 30)),
    ("下月初吧", date(2026, 12, 10)), ("下个月初", date(2026, 12, 10)), ("Early next month.", date(2026, 12, 10)),
    ("mid next month then", date(2026, 12, 15)), ("by mid-next month", date(2026, 12, 15)),
    ("late next month", date(2026, 12, 31)),
    ("We can push the deadline to mid-January.", date(2027, 1, 15)),  # "I found nothing new in that message."
    ("push the deadline to January 15", date(2027, 1, 15)),
])
def test_a_deadline_said_relative_to_now(text: str, day: date) -> None:
    assert extract_deadline(text, DAY) == day


@pytest.mark.parametrize("text", ["We opened at the end of the month.", "We moved to Shanghai in mid-January"])
def test_no_deadline_as_before(text: str) -> None:
    assert extract_deadline(text, DAY) is None


def test_a_deadline_moved_in_english_is_a_correction(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["We need a failure analysis of cracked brass valves, plant in Ningbo.",
                                     "By December 20.", "Budget 20k.", "We can push the deadline to mid-January."])
    assert views[-1].need.deadline == date(2027, 1, 15)
    assert _last_reply(views[-1]).startswith("Deadline changed to 2027-01-15 (was: 2026-12-20)."), \
        _last_reply(views[-1])


# ---- a budget's ceiling raised

@pytest.mark.parametrize(("text", "low", "high"), [
    ("刚跟老板商量了一下，预算可以再放宽点，到八万吧", None, 80000),  # p100: 8万元 flat
    ("预算可以到八万", None, 80000), ("预算最多到八万", None, 80000), ("预算提高到十万", None, 100000),
    # as before
    ("预算三万", 30000, 30000), ("预算三到五万", 30000, 50000), ("预算从三万到五万", 30000, 50000),
    ("预算能给到五万", 50000, 50000),
])
def test_a_ceiling_raised_is_the_most(text: str, low: int | None, high: int) -> None:
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (low, high)


# ---- a wish for work on site, however it is typed

@pytest.mark.parametrize(("text", "wish"), [
    ("昆山，最好on-site，设备不方便搬", "最好on-site"),  # p104: no \b between 好 and o
    (P107, "We'd prefer the work done on site"),  # p107: "on site" with a space
    ("We need onsite calibration", "We need onsite calibration"),  # as before
])
def test_work_on_site_is_a_wish(text: str, wish: str) -> None:
    assert preferences(text) == [wish]


# ---- a test ruled out, the cause wanted

@pytest.mark.parametrize(("messages", "said"), [
    # "不用测了" kept 检验检测 beside the 质量技术评价 read from the cause
    (["我们的电机外壳做了盐雾测试后生锈了，想做个检测", "在常州", "不用测了，就是想知道为什么会生锈"],
     "已按您的更正，服务类型改为：质量技术评价"),
    # "want to know why" read no service, and the need was left with none ("brackets: technical need")
    (["We need salt spray testing for our brackets, plant in Hangzhou.",
      "Actually no need for testing, we mainly want to know why they rust."],
     "Service type changed to quality-technology evaluation"),
])
def test_a_test_ruled_out_for_the_cause(intake_settings: Settings, messages: list[str], said: str) -> None:
    view = _drive(intake_settings, messages)[-1]
    assert view.need.service_types == [S.quality_evaluation], view.need.service_types
    assert _last_reply(view).startswith(said), _last_reply(view)


@pytest.mark.parametrize(("messages", "said"), [
    # the opener holds both types (as p103's did under the head trained on 2026-11-28): the test goes, and the
    # cause asked for is said to stand; the reply said only "已去掉：检测 → 检验检测。"
    (["我们的不锈钢法兰焊缝附近开裂了，想做个检测，也想分析一下开裂原因", "检测就不用了，主要是想搞清楚为什么会裂"],
     "已去掉：检测 → 检验检测；服务类型为：质量技术评价。"),
    # as before: a type the enterprise named itself ("failure analysis") is not said again with the removal
    (["Our stainless flanges crack near the weld. We need testing and a failure analysis.",
      "No need for the testing, we mainly want to know why they crack."],
     "Removed: testing → inspection and testing.\n"),
])
def test_a_test_ruled_out_beside_the_cause_the_need_holds(intake_settings: Settings, messages: list[str],
                                                         said: str) -> None:
    first, last = _drive(intake_settings, messages)
    assert first.need.service_types == [S.inspection_testing, S.quality_evaluation]
    assert last.need.service_types == [S.quality_evaluation]
    assert _last_reply(last).startswith(said), _last_reply(last)


def test_knowing_why_asks_the_cause() -> None:
    assert extract_service_types("we mainly want to know why they rust") == [S.quality_evaluation]
    # as before: why a requirement holds is no cause to find
    assert S.quality_evaluation not in extract_service_types("we want to know why we need a type test")


# ---- a question about the need's own value is no question to the platform

def test_a_question_whether_a_date_will_do(intake_settings: Settings) -> None:
    """"时间能不能宽松点？三月底前行吗" got how the platform goes on ("提交需求后，系统会为您匹配…") before the date."""
    assert not asks_beside("时间能不能宽松点？三月底前行吗", DAY)
    assert asks_beside("你们多久能出报告？", DAY)  # as before
    view = _drive(intake_settings, ["我们的光伏支架要做盐雾试验，在常州，预算五万",
                                    "时间能不能宽松点？三月底前行吗"])[-1]
    assert view.need.deadline == date(2027, 3, 31)
    assert _last_reply(view).startswith("已记下期限：2027年3月31日。"), _last_reply(view)


@pytest.mark.parametrize(("messages", "product", "said"), [
    # "I could not tell what to correct": "Sorry," opened no correction
    (["We need drop testing for a new product.", "XR-45", "Sorry, it is XR-46."], "XR-46",
     "Product changed to XR-46 (was: XR-45)."),
    # another code corrects the code, it is not the code's kind (as before)
    (["我们有款新品要做跌落测试", "TK-860B", "不对，是TK-870B"], "TK-870B",
     "已按您的更正，产品改为：TK-870B（原为：TK-860B）。"),
])
def test_a_model_code_corrected(intake_settings: Settings, messages: list[str], product: str, said: str) -> None:
    view = _drive(intake_settings, messages)[-1]
    assert view.need.product == product and _last_reply(view).startswith(said), _last_reply(view)


# ---- an instrument named by its test is what a calibration is of

@pytest.mark.parametrize(("text", "types"), [
    # "温度曲线测试仪" read a test beside the calibration (the title "温度曲线测试仪需求")
    ("我们是一家外资企业，在苏州，SMT line上的reflow oven需要做温度曲线测试仪的calibration", [S.calibration]),
    ("我们需要校准耐压测试仪", [S.calibration]),
    # as before
    ("我们需要做耐压测试", [S.inspection_testing]),
    ("需要做耐压测试，还有绝缘测试仪的校准", [S.inspection_testing, S.calibration]),
])
def test_an_instrument_named_by_its_test(text: str, types: list[S]) -> None:
    assert extract_service_types(text) == types


# ---- a field asked to change, with no new value yet

@pytest.mark.parametrize(("messages", "said", "then", "field", "value"), [
    # "预算能不能再加点？" got how the platform goes on (the tenth probe's "left"), "Can we raise the budget a bit?"
    # "I found nothing new in that message"
    (["我们的光伏支架要做盐雾试验，在常州，预算五万，年底前", "预算能不能再加点？", "八万吧"],
     "可以，预算可以调整。\n大致预算是多少？", "已按您的更正，预算改为：8万元（原为：5万元）。", "budget", 80000),
    (["Our brackets need salt spray testing, plant in Changzhou, budget RMB 50,000, by end of year.",
      "Can we raise the budget a bit?", "RMB 80,000."],
     "Sure, the budget can be changed.\nWhat is the rough budget?", "Budget changed to RMB 80,000 (was: RMB 50,000).",
     "budget", 80000),
    (["Our brackets need salt spray testing, plant in Changzhou, budget RMB 50,000, by end of year.",
      "Could we have more time?", "End of March next year."],
     "Sure, the deadline can be changed.\nBy when", "Deadline changed to 2027-03-31", "deadline", date(2027, 3, 31)),
])
def test_a_field_asked_to_change_without_a_value_is_asked_for(intake_settings: Settings, messages: list[str],
                                                              said: str, then: str, field: str, value: Any) -> None:
    views = _drive(intake_settings, messages)
    assert _last_reply(views[1]).startswith(said), _last_reply(views[1])
    assert _last_reply(views[2]).startswith(then), _last_reply(views[2])
    got = views[2].need.budget.max_yuan if field == "budget" else views[2].need.deadline
    assert got == value


@pytest.mark.parametrize("text", ["When can you start? We may need to change the plan.", "我们的产品需要调整一下配方",
                                  "What's the price of a salt spray test?"])
def test_no_field_is_reopened_by_a_question_or_a_change_of_something_else(text: str) -> None:
    assert reopens(text) is None or asks_beside(text, DAY)


@pytest.mark.parametrize(("messages", "product", "first"), [
    # a model code as the very first message was lost, and answered in English (the tenth probe's "left" list)
    (["SN-2040", "这是我们的一款智能插座，要做CCC认证"], "SN-2040智能插座", "已记下：产品 SN-2040。\n您希望"),
    (["XR-45", "It's a plastic junction box for solar panels, we need UV aging tests."],
     "XR-45 plastic junction box", "已记下：产品 XR-45。\n"),
])
def test_a_model_code_as_the_first_message_is_the_product(intake_settings: Settings, messages: list[str],
                                                          product: str, first: str) -> None:
    views = _drive(intake_settings, messages)
    assert _last_reply(views[0]).startswith(first), _last_reply(views[0])
    assert views[-1].need.product == product


def test_a_greeting_in_latin_letters_is_still_answered_in_english(intake_settings: Settings) -> None:
    view = _drive(intake_settings, ["Hi there"])[-1]  # as before: words, not a code
    assert view.need.product is None and _last_reply(view).startswith("What service do you need?")
