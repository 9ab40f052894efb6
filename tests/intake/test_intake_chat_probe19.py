"""The nineteenth probe of the chat (issue 27; tests/intake/data/dialogues_probe19.jsonl, cards and what a good reply
says written and committed alone in 42ec4fe before any of it ran). The probe's ten conversations (seven Chinese,
three English) end on their cards with the replies their cards expect, and each fault it found is held where it was
fixed: an apology before the answer to the product question made the product ("oh sorry, the parts are die-cast
aluminium brackets…" read "oh sorry", and the title on it), a budget said bare beside corrections of other fields
lost ("五千以内 然后刚才有两个说错了 厂在常州不在无锡…"), an English range whose first figure's "k" was carried to a
second written out whole ("5k to eight thousand" read 5,000–8,000,000), or with words between "budget" and the figures
("Budget somewhere between 5k and eight thousand." read none), a deadline said relative to an event named earlier
("展会前一个礼拜", "a week before the audit") lost, and a romanised district that names its city's province ("Huangyan,
Taizhou" read Jiangsu's Taizhou; "the plant is in Luqiao" was "nothing new")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.deadline import event_deadline, extract_deadline
from intake.extract.phrases import phrase_of
from intake.extract.product import extract_product
from intake.extract.region import extract_region
from intake.extract.service_types import extract_service_types
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import DAY, _last_reply

# ==== an apology or a sound before the answer to the product question ("oh sorry, the parts are die-cast aluminium
# brackets for e-bike frames" made "oh sorry" the product and the title; p186)


@pytest.mark.parametrize(("answer", "product"), [
    ("oh sorry, the parts are die-cast aluminium brackets for e-bike frames", "die-cast aluminium brackets"),
    ("sorry about that, they are stainless steel hinges", "stainless steel hinges"),
    ("哦不好意思 产品是塑料卡扣 用在汽车门板上的", "塑料卡扣"),
])
def test_an_apology_before_the_product_is_no_product(intake_settings: Settings, answer: str, product: str) -> None:
    opener = ("We need a failure analysis on some cracked parts, our customer sent back about 30 pcs last week"
              if answer.isascii() else "想做个失效分析 客户投诉说断了好几个")
    views = _drive(intake_settings, [opener, answer])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == product, reply
    assert "sorry" not in (need.title or "").casefold() and "不好意思" not in (need.title or ""), need.title


# ==== a budget said bare beside corrections of other fields, while another question was asked ("五千以内 然后刚才有
# 两个说错了 厂在常州不在无锡 时间也不是月底 是下个月十号": both corrections taken, the budget lost; p179)

@pytest.mark.parametrize("answer", [
    "五千以内 然后刚才有两个说错了 厂在常州不在无锡 时间也不是月底 是下个月十号",
    "五千以内 然后厂在常州不在无锡",
    "三万左右吧，另外地址写错了，是常州",
])
def test_a_bare_budget_beside_corrections_lands(intake_settings: Settings, answer: str) -> None:
    views = _drive(intake_settings, ["你好 我们是无锡做不锈钢管件的 有批弯头焊缝那里发黑生锈 想做个盐雾测式 "
                                     "月底前要结果",
                                     answer])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.region.city == "常州市", reply
    assert need.budget.max_yuan in (5000, 30000) and "预算" in reply, reply


# ==== English budgets: a first figure's "k" is not carried to a second written out whole, and words may stand between
# "budget" and its figures ("Budget somewhere between 5k and eight thousand." read none; "5k to eight thousand" read
# 5,000-8,000,000; p188)

@pytest.mark.parametrize(("text", "low", "high"), [
    ("Budget somewhere between 5k and eight thousand.", 5000, 8000),
    ("Budget 5k to eight thousand", 5000, 8000),
    ("budget 5k to 8,000 rmb", 5000, 8000),
    ("our budget is roughly somewhere around 12k", 12000, 12000),
    ("Budget between 5k and 8k.", 5000, 8000),  # (as before)
    ("预算八千到一万二吧", 8000, 12000),  # (as before)
    ("10到30万", 100000, 300000),  # (as before: the magnitude at the end applies to both)
])
def test_an_english_budget_range(text: str, low: int, high: int) -> None:
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (low, high)


# ==== a deadline set against an event named with its day ("12月20号要去参加一个展会", then "展会前一个礼拜要拿到报告"
# was lost, the fair's day taken for the deadline; "a customer audit on Dec 15", then "a week before the audit" was
# "I could not tell what to correct"; p181, p188)

@pytest.mark.parametrize(("text", "said", "day"), [
    ("展会前一个礼拜要拿到报告 还得留时间寄样品", "新款要做EN71测试 12月20号要去参加一个展会", date(2026, 12, 13)),
    ("验厂前三天要拿到证书", "下周五客户要来验厂", date(2026, 12, 1)),
    ("Actually we'd want the certificates a week before the audit to be safe.",
     "We have a customer audit on Dec 15 and need our 8 pressure transducers calibrated.", date(2026, 12, 8)),
    ("we need the report two weeks before the trade fair", "our trade fair is on 20 December", date(2026, 12, 6)),
    ("We have a customer audit on Dec 15 and need our pressure transducers calibrated before it.", "",
     date(2026, 12, 15)),
    ("展会前一个礼拜要拿到报告", "", None),  # the fair's day never said: no date
    ("两周内", "12月20号要去参加一个展会", date(2026, 12, 10)),  # (as before)
])
def test_a_deadline_set_against_an_event(text: str, said: str, day: date | None) -> None:
    assert (extract_deadline(text, DAY) or event_deadline(text, DAY, said=said)) == day


@pytest.mark.parametrize(("text", "day"), [
    ("新款要做EN71测试 12月20号要去参加一个展会", None),  # the fair's day is no deadline
    ("12月20号要去参展 报告要在那之前出来", None),
    ("12月20号前要拿到报告", date(2026, 12, 20)),  # (as before)
])
def test_the_day_of_an_event_is_no_deadline(text: str, day: date | None) -> None:
    assert extract_deadline(text, DAY) == day


def test_a_deadline_against_an_event_lands_in_the_chat(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hello, we're an auto parts plant in Wuhu, Anhui. We have a customer audit on "
                                     "Dec 15 and need our 8 pressure transducers calibrated with certificates before "
                                     "it.",
                                     "Actually we'd want the certificates a week before the audit to be safe. Budget "
                                     "somewhere between 5k and eight thousand."])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.deadline == date(2026, 12, 8) and (need.budget.min_yuan, need.budget.max_yuan) == (5000, 8000), reply
    assert "Deadline changed to 2026-12-08 (was: 2026-12-15)" in reply, reply


# ==== a romanised district names its city's province ("Huangyan, Taizhou" read Jiangsu's 泰州; "the plant is in
# Luqiao" was "I found nothing new", and Luqiao the product; p187)

@pytest.mark.parametrize(("text", "region"), [
    ("Hi, we're a mould maker in Huangyan, Taizhou.", ("浙江省", "台州市")),
    ("the plant is in Luqiao", ("浙江省", "台州市")),
    ("our factory is in Jiaojiang", ("浙江省", "台州市")),
    ("we're in Jingjiang, Taizhou", ("江苏省", "泰州市")),  # 靖江 is Jiangsu's Taizhou
    ("Taizhou, Zhejiang", ("浙江省", "台州市")),  # (as before)
    ("we are in Taizhou", ("江苏省", "泰州市")),  # (as before: alone, the better known)
])
def test_a_romanised_district_decides_its_city(text: str, region: tuple[str, str]) -> None:
    read, _ = extract_region(text)
    assert (read.province, read.city) == region


def test_another_district_of_the_same_city_is_said_as_already_so(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hi, we're a mould maker in Huangyan, Taizhou. Our H13 core inserts crack after "
                                     "about 20k shots, looking for a university to help improve the heat treatment "
                                     "process",
                                     "btw Huangyan is just our office, the plant is in Luqiao"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert (need.region.province, need.region.city) == ("浙江省", "台州市") and need.product == "H13 core inserts"
    assert reply.startswith("The region is already Taizhou, Zhejiang."), reply


@pytest.mark.parametrize(("text", "product"), [
    ("Our H13 core inserts crack after about 20k shots", "H13 core inserts"),  # ("H13 core": inserts read a verb)
    ("we need to insert the pins", None),
])
def test_inserts_are_things(text: str, product: str | None) -> None:
    assert extract_product(text) == product


# ==== a university sought with a measure word or two kinds of partner ("想找个高校或者研究所合作 把我们一款产品的噪音
# 降下来" read no service, the service asked twice; p183), and a typo of the test word ("想做个盐雾测式" read none;
# p179)

@pytest.mark.parametrize(("text", "types"), [
    ("苏州吴中这边 想找个高校或者研究所合作 把我们一款产品的噪音降下来 客户投诉挺多的", [S.rnd]),
    ("想找家大学合作 解决下异响问题", [S.rnd]),
    ("想找高校合作", [S.rnd]),  # (as before)
    ("我们之前和高校合作过", []),  # (as before: done, no request)
    ("你好 我们是无锡做不锈钢管件的 有批弯头焊缝那里发黑生锈 想做个盐雾测式 月底前要结果", [S.inspection_testing]),
    ("要做个跌落测式", [S.inspection_testing]),
    ("这是测式样品", []),
])
def test_the_service_read_through(text: str, types: list[S]) -> None:
    assert extract_service_types(text) == types


def test_a_typo_of_the_test_word_is_written_right_in_the_phrase() -> None:
    assert phrase_of("想做个盐雾测式 月底前要结果", S.inspection_testing) == "盐雾测试"


# ==== a model said with its family, answering the product question ("型号是DX-90 手持吸尘器系列的" kept the family
# alone; p183)

@pytest.mark.parametrize(("answer", "product"), [
    ("型号是DX-90 手持吸尘器系列的 主要是电机那块响", "DX-90手持吸尘器"),
    ("型号KX-200，电动牙刷", "KX-200电动牙刷"),
    ("电动牙刷", "电动牙刷"),  # (as before)
])
def test_a_model_with_its_family_is_the_product(intake_settings: Settings, answer: str, product: str) -> None:
    views = _drive(intake_settings, ["想找个高校合作 把我们一款产品的噪音降下来 我们在苏州", answer])
    assert views[-1].need.product == product, _last_reply(views[-1])


@pytest.mark.parametrize(("answer", "product"), [
    ("model XR-45, it's a plastic junction box for solar panels", "XR-45 plastic junction box"),
    ("Model XR-45.", "XR-45"),  # (as before: the code alone, and its kind asked for later)
])
def test_a_model_with_its_kind_said_in_english(intake_settings: Settings, answer: str, product: str) -> None:
    views = _drive(intake_settings, ["We need EMC testing for our new product, we're in Ningbo", answer])
    assert views[-1].need.product == product, _last_reply(views[-1])


# ==== the wrong half of a correction of the place is no wish ("不对 上门的地方不是苏州 是我们南通的工厂" wrote
# "上门的地方不是苏州" into the description as a wish; p180)

@pytest.mark.parametrize(("answer", "wish"), [
    ("不对 上门的地方不是苏州 是我们南通的工厂 三坐标在那边", None),
    ("要上门，不是苏州是南通", "要上门"),  # the wish said apart from the place corrected
    ("最好上门校准，不是送检", "最好上门校准"),  # (as before: no place ruled out)
])
def test_the_wrong_half_of_a_place_corrected_is_no_wish(intake_settings: Settings, answer: str,
                                                         wish: str | None) -> None:
    views = _drive(intake_settings, ["我们公司在苏州 想找人上门校准一台三坐标测量机 要带CNAS标识的证书", answer])
    reply = _last_reply(views[-1])
    assert views[-1].need.region.city == ("南通市" if "南通" in answer else "苏州市"), reply
    assert "上门的地方不是苏州" not in reply, reply
    if wish:
        assert f"已记下：“{wish}”" in reply, reply


# ==== a question back about a mark, typed without its mark or asked for a yes or no
# ("你们这边合作的实验室有CNAS资质吗 客户那边要CNAS的报告", "Do the labs you work with have CNAS accreditation?"
# were only "noted"; p185, p188)

@pytest.mark.parametrize(("opener", "asked", "said"), [
    ("我们是惠州做锂电池的 电芯要出口 得做UN38.3运输测试", "你们这边合作的实验室有CNAS资质吗 客户那边要CNAS的报告",
     "已把CNAS记为本需求的资质要求：匹配时只推荐持有CNAS资质的机构。"),
    ("我们是惠州做锂电池的 电芯要出口 得做UN38.3运输测试", "合作的机构能出CNAS报告吗 我们客户要的",
     "报告由承接需求的机构出具，平台本身不出具报告。已把CNAS记为本需求的资质要求"),
    ("We're an auto parts plant in Wuhu, Anhui, need our pressure transducers calibrated with certificates.",
     "Do the labs you work with have CNAS accreditation? The auditor checks for that.",
     "CNAS is recorded as a qualification this need requires: only providers holding it are proposed."),
])
def test_a_question_back_about_a_mark_is_answered(intake_settings: Settings, opener: str, asked: str,
                                                   said: str) -> None:
    views = _drive(intake_settings, [opener, asked])
    assert said in _last_reply(views[-1]) and views[-1].need.qualifications == ["CNAS"], _last_reply(views[-1])


# ==== which of the enterprise's things, before the wish, is no part of the test's name
# ("深圳龙华 做筋膜枪的 新款要做EMC测试" was the phrase "新款要做EMC测试", said back as
# "服务类型 新款要做EMC测试 → 检验检测"; p182)

@pytest.mark.parametrize(("text", "phrase"), [
    ("深圳龙华 做筋膜枪的 新款要做EMC测试 顺便想申请个外观专利", "EMC测试"),
    ("深圳 做音箱的 这批也要做跌落测试", "跌落测试"),
    ("新款要做EMC测试", "EMC测试"),  # (as before)
])
def test_the_thing_before_the_wish_is_no_part_of_the_test(text: str, phrase: str) -> None:
    assert phrase_of(text, S.inspection_testing) == phrase


def test_a_new_product_developed_keeps_its_phrase() -> None:
    assert phrase_of("我们想做新品研发", S.rnd) == "新品研发"  # (as before: 新品 is what is developed)


# ==== the nineteenth probe's conversations

DATA = Path(__file__).parent / "data" / "dialogues_probe19.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
# Not yet on their cards (strict: each fails the day it is met, and comes off this list). p179 and p185 (the company's
# line read over the part in question) came off with issue 27 item 6's line-vs-part reading
# (tests/intake/test_intake_product_line.py).
LEFT: dict[str, str] = {}


@pytest.mark.parametrize("conversation", [
    pytest.param(c, marks=pytest.mark.xfail(reason=LEFT[c["id"]], strict=True)) if c["id"] in LEFT else c
    for c in CONVERSATIONS], ids=[c["id"] for c in CONVERSATIONS])
def test_a_nineteenth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                          conversation: dict[str, Any]) -> None:
    assert_ends_on_card(intake_settings, conversation)
