"""The twentieth probe of the chat (issue 27; tests/intake/data/dialogues_probe20.jsonl, cards and what a good reply
says written and committed alone in 7486708 before any of it ran). The probe's ten conversations (seven Chinese,
three English) end on their cards with the replies their cards expect, and each fault it found is held where it was
fixed: a budget's unit or currency corrected without its figure ("单位打错了 是万不是千" of 八千 read 1万; "oops sorry
that was USD not RMB" made the product and the title), a message that lets the need be published read as nothing and
its "oh" as the product ("oh and its fine to post this publicly, just please dont mention the customer's name"), a
customer's brand read as brand building, a wish not to be named read as secrecy of the whole need ("我们公司名字
别公开 其他的无所谓"), the budget left to the providers asked again ("预算你们定吧 合理就行"), an on-site wish
withdrawn and not said back ("算了 不要上门了"), "年前" read as no deadline, and two tests' names read as the product
("能效和安规")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake.extract.budget import budget_declined, extract_budget
from intake.extract.confidential import customer_unnamed, is_confidential, says_not_confidential, wants_anonymity
from intake.extract.deadline import extract_deadline
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card, with_gold
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import DAY, _last_reply

MOTORS = "你好 我们是常州武进做微型电机的 想找个高校合作 把电机温升降下来"


# ==== a budget's unit corrected without the figure said again ("啊不对 单位打错了 是万不是千" of 八千 read "万" as 1万,
# and the reply said the budget was changed to 1万元; p189)


@pytest.mark.parametrize(("first", "answer", "low", "high", "said"), [
    ("预算八千", "啊不对 单位打错了 是万不是千", 80000, 80000, "8万"),
    ("预算八千", "是万不是千", 80000, 80000, "8万"),
    ("8千左右", "单位写错了，是万", 80000, 80000, "8万"),
    ("两万以内", "不对 是千 不是万", None, 2000, "2000"),
    ("三到五千", "说错了 是万 不是千", 30000, 50000, "3万"),
])
def test_a_budget_unit_corrected_alone(intake_settings: Settings, first: str, answer: str, low: int | None,
                                       high: int, said: str) -> None:
    views = _drive(intake_settings, [MOTORS, "明年六月底前吧", first, answer])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert [need.budget.min_yuan, need.budget.max_yuan] == [low, high], reply
    assert said in reply and "原为" in reply, reply


def test_a_budget_figure_corrected_is_read_as_before(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [MOTORS, "明年六月底前吧", "预算八千", "不对，是八万"])
    assert views[-1].need.budget.max_yuan == 80000, _last_reply(views[-1])


# ==== a budget's currency corrected ("oops sorry that was USD not RMB" made the product "oops sorry that was USD" and
# the title; p196)

@pytest.mark.parametrize(("answer", "currency"), [
    ("oops sorry that was USD not RMB", "USD"),
    ("sorry I meant euros", "EUR"),
])
def test_a_budget_currency_corrected(intake_settings: Settings, answer: str, currency: str) -> None:
    views = _drive(intake_settings, ["Hello, we are a Dongguan based maker of bluetooth speakers, need FCC and CE "
                                     "testing for a new model before shipping to US retailers",
                                     "by mid january", "budget around 3000", answer])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.budget.currency == currency and need.budget.max_yuan is None, reply
    assert need.product == "bluetooth speakers" and "oops" not in (need.title or ""), (need.product, need.title)
    assert currency in reply and "3,000" in reply, reply


def test_a_budget_currency_corrected_in_chinese(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["深圳宝安做蓝牙耳机的 要做FCC测试", "下个月底前", "预算三到五千",
                                     "是美元 不是人民币"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.budget.currency == "USD" and need.product == "蓝牙耳机", (need.budget, need.product)
    assert "USD" in reply or "美元" in reply, reply


# ==== leave to publish said as "fine to post … publicly", and the customer not to be named ("oh and its fine to post
# this publicly, just please dont mention the customer's name anywhere" read nothing, and "oh" became the product and
# the title "oh: brand"; p198)

@pytest.mark.parametrize(("text", "public", "secret"), [
    ("oh and its fine to post this publicly", True, False),
    ("you can post it publicly", True, False),
    ("we can share it openly", True, False),
    ("please do not post it publicly", False, True),
    ("dont post this publicly", False, True),
])
def test_posting_publicly(text: str, public: bool, secret: bool) -> None:
    assert says_not_confidential(text) is public
    assert is_confidential(text) is secret


@pytest.mark.parametrize(("text", "customer", "own", "secret"), [
    ("just please dont mention the customer's name anywhere", True, False, False),
    ("keep the client's name out of it", True, False, False),
    ("客户的名字别写出来", True, False, False),
    ("不要透露客户名称", True, False, True),  # (said alone: secrecy as well, as with the enterprise's own name)
    ("don't mention our company", False, True, False),
    ("客户要求保密", False, False, True),
])
def test_the_customer_not_to_be_named(text: str, customer: bool, own: bool, secret: bool) -> None:
    assert customer_unnamed(text) is customer
    assert wants_anonymity(text) is own
    assert is_confidential(text) is secret


def test_a_message_that_lets_the_need_be_published_names_no_product(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [
        "hi we're an EV charger maker in Hefei Economic and Technological Development Zone. our customer (a big EV "
        "brand) wants the wallbox enclosures tested for IK10 impact and UV aging",
        "end of Q1 next year, budget 30-50k rmb",
        "oh and its fine to post this publicly, just please dont mention the customer's name anywhere"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "wallbox enclosures" and need.confidential is False, reply
    assert [s.value for s in need.service_types] == ["inspection_testing"], need.service_types
    assert "customer" in reply and "published" in reply, reply


def test_the_customer_not_to_be_named_in_the_first_message(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["宁波慈溪的 有批塑料卡扣老是断 想做失效分析 客户是宁波恒达汽配有限公司 "
                                     "客户的名字别写出来"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert "宁波恒达汽配有限公司" in "".join(need.redactions) and not need.confidential, need.redactions
    assert "客户名称" in reply, reply


@pytest.mark.parametrize(("text", "brand"), [
    ("our customer (a big EV brand) wants the wallbox enclosures tested", False),
    ("we supply a well-known brand and need a drop test", False),
    ("we want to build our own brand", True),
    ("need help with branding", True),
    ("brand building for our tea", True),
])
def test_a_brand_named_is_no_brand_building(text: str, brand: bool) -> None:
    assert (S.brand in extract_service_types(text)) is brand


# ==== a wish not to be named is no secrecy of the need, with the rest said to be fine to publish ("一两万吧 还有就是
# 我们公司名字别公开 其他的无所谓" marked the need confidential; p192)

@pytest.mark.parametrize(("text", "secret"), [
    ("我们公司名字别公开 其他的无所谓", False),
    ("公司名称不要公开 其他都可以公开", False),
    ("公司名称不要公开", True),  # (said alone: secrecy as well, as the fourth probe's p35 "另外这事别公开我们厂名" is)
    ("另外，这个需求请不要公开我们公司名称，需要保密", True),
    ("这个需求不要公开", True),
])
def test_a_wish_not_to_be_named_is_no_secrecy(text: str, secret: bool) -> None:
    assert is_confidential(text) is secret
    assert wants_anonymity(text) is ("名" in text)


# ==== the budget left to the providers ("预算你们定吧 合理就行" was asked again; p191)

@pytest.mark.parametrize(("text", "answer"), [
    ("预算你们定吧 合理就行", True),
    ("预算你们定吧", False),
    ("你们定吧", True),
    ("合适就行", True),
    ("费用您看着办", False),
])
def test_the_budget_left_to_the_providers(text: str, answer: bool) -> None:
    assert budget_declined(text, answer=answer)


def test_time_left_to_the_providers_is_no_budget() -> None:
    assert not budget_declined("时间你们定")


# ==== an on-site wish withdrawn ("算了 不要上门了 我们自己送过去 还便宜点 三千以内" took the budget and said nothing of
# the wish; p190)

def test_an_on_site_wish_withdrawn_is_said_back(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是嘉兴的一个五金厂 车间里有二十来把游标卡尺和几台电子称要校准 "
                                     "最好能派人上门来校", "下个月中旬之前吧",
                                     "算了 不要上门了 我们自己送过去 还便宜点 三千以内"])
    reply = _last_reply(views[-1])
    assert "不要上门" in reply and "3000" in reply, reply
    assert "不要上门" in (views[-1].need.text or ""), views[-1].need.text


# ==== "年前", spoken for before the Spring Festival, and a date after a clause typed without punctuation that ends on
# "做了" ("哦不对 老板说筒灯也一起做了 年前要拿到报告" read none, and was "could not tell what to correct"; p195)

@pytest.mark.parametrize(("text", "day"), [
    ("年前要拿到报告", date(2027, 2, 5)),
    ("赶在年前", date(2027, 2, 5)),
    ("老板说筒灯也一起做了 年前要拿到报告", date(2027, 2, 5)),
    ("老板说筒灯也一起做了 春节前要拿到报告", date(2027, 2, 5)),
    ("做了 两周内要结果", date(2026, 12, 10)),
    ("一年前做过", None),
    ("两年前买的设备", None),
    ("年前的那批货", None),
    ("十年前就开始做了", None),
    ("我们年前就做过一次", None),
])
def test_before_the_new_year(text: str, day: date | None) -> None:
    assert extract_deadline(text, DAY) == day


# ==== two tests' names are no product ("有LED吸顶灯和筒灯两款 都要做能效和安规检测" read 能效和安规, and the title
# "能效和安规检测需求"; p195)

@pytest.mark.parametrize(("text", "product"), [
    ("我们是中山做灯具的 有LED吸顶灯和筒灯两款 都要做能效和安规检测", "LED吸顶灯"),
    ("LED吸顶灯和筒灯都要做能效和安规检测", "LED吸顶灯"),
    ("空调要做能效检测", "空调"),  # (as before)
])
def test_two_tests_names_are_no_product(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_a_budget_read_as_before() -> None:
    assert extract_budget("预算八万").max_yuan == 80000


# ==== a thing dropped and taken back, and the one kept said as already so ("筒灯先不做了 只做吸顶灯" only asked the
# question again; "哦不对 老板说筒灯也一起做了 年前要拿到报告" was "could not tell what to correct"; p195)

def test_a_dropped_thing_taken_back(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是中山做灯具的 有LED吸顶灯和筒灯两款 都要做能效和安规检测",
                                     "筒灯先不做了 只做吸顶灯", "哦不对 老板说筒灯也一起做了 年前要拿到报告"])
    assert "LED吸顶灯" in _last_reply(views[1]) and views[1].need.product == "LED吸顶灯", _last_reply(views[1])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "LED吸顶灯和筒灯" and need.deadline == date(2027, 2, 5), reply
    assert "筒灯" in reply and "2027年2月5日" in reply, reply


def test_a_dropped_thing_taken_back_in_english(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hi, we make electric toothbrushes and water flossers in Shenzhen Longgang, both "
                                     "need IPX7 waterproof testing",
                                     "actually the flosser was already tested last month so just the toothbrush this "
                                     "time",
                                     "sorry, my boss says do the water flossers too"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "electric toothbrushes and water flossers", reply


def test_a_test_asked_for_too_is_no_thing_taken_back(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是中山做灯具的 LED吸顶灯要做能效检测 以前做过盐雾", "盐雾也要做"])
    assert views[-1].need.product == "LED吸顶灯", _last_reply(views[-1])


# ==== the service changed with "要不还是…吧" ("要不还是做失效分析吧 主要想知道为啥会发花" of a test added the analysis
# beside it; p193)

def test_the_service_changed_with_rather(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["东莞长安的 做手机中框 最近一批阳极氧化完颜色发花 想监测一下膜厚和色差",
                                     "要不还是做失效分析吧 主要想知道为啥会发花"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert [s.value for s in need.service_types] == ["quality_evaluation"], reply
    assert "原为" in reply, reply


# ==== the twentieth probe's conversations

DATA = Path(__file__).parent / "data" / "dialogues_probe20.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
# What the probe judged otherwise than its data says: "年前" is the day before the Spring Festival (2027-02-05), as
# "春节前" and "before chinese new year" are read (p176); the data wrote the festival's day.
DEADLINE_HELD = {"p195": "2027-02-05"}
SAYS_HELD = {("p195", "3"): ["筒灯", "2027年2月5日"]}
# Not yet on their cards (strict: each fails the day it is met, and comes off this list).
# (p191's "做电动平衡车 …", cut by jieba as 电动/n 平衡/a 车/zg, read 电动 until a one-character thing there ended the
# name: tests/intake/test_intake_product_read_right.py, 2026-11-30.)
LEFT: dict[str, str] = {}


@pytest.mark.parametrize("conversation", [
    pytest.param(c, marks=pytest.mark.xfail(reason=LEFT[c["id"]], strict=True)) if c["id"] in LEFT else c
    for c in CONVERSATIONS], ids=[c["id"] for c in CONVERSATIONS])
def test_a_twentieth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                         conversation: dict[str, Any]) -> None:
    assert_ends_on_card(intake_settings, with_gold(conversation, "deadline", DEADLINE_HELD), says_held=SAYS_HELD)
