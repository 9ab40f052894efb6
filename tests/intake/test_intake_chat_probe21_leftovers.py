"""The twenty-first probe's leftovers (issue 27; tests/intake/data/dialogues_probe21.jsonl, and a new user's trial),
each held here by the message that showed it, then by the general shape it stands for, driven as the JSON chat API
drives the chat:

1. p199: "我们宁波北仑做汽车紧固件的 有一批达克罗螺栓要做480小时的酸性盐雾" read the company's line 汽车紧固件, not the
   bolts the test is for: a test named by its hours or its kind after the thing ("要做480小时的酸性盐雾") is the work
   asked for it, as "要做盐雾试验" is.
2. p205: "我们合肥这边做储能电池包的 pack要做正弦振动试验" read the English word "pack" (the title
   "pack正弦振动试验需求"): a word of the trade said in English for a thing named in Chinese before it ("pack" for
   电池包, "cell" for 电芯, "module" for 模组) names that thing again, and the Chinese name stands.
3. p208 with e5: "we run a small CNC shop in Kunshan, about 15 micrometers and calipers are due for calibration" read
   "small CNC" (the rules read "micrometers and calipers"): the chooser by meaning does not take back the company's
   line said in English over the thing the rules scored above it, as it does not in Chinese (p145).
4. "不对 是中性的" after "要做480小时的酸性盐雾" kept the title "…酸性盐雾需求" (the correction only in the
   description): a test's kind corrected where the enterprise's words for the test name the wrong kind changes those
   words, and the title and the card with them ("中性盐雾 → 检验检测"); said as a change of the service's words, the
   message kept in the description; words that name no kind ("振动测试") stay, as before.
5. "你们是检测机构还是中介" asked without a mark went unanswered ("你们是检测机构还是中介？" is answered): a question
   back to the platform is a question whatever its punctuation: one that asks the platform which of two things it is
   ("你们是X还是Y", "is this a lab or an agency"), marked or not."""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake import dialogue
from intake.extract.product import company_line, extract_product, product_candidates
from intake.product_choice import read_product
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply
from tests.intake.test_intake_product_choice import ThingEmbedder, _thing_chooser

PACKS = "我们合肥这边做储能电池包的 pack要做正弦振动试验 按客户的标准来"
BOLTS = "你好 我们宁波北仑做汽车紧固件的 有一批达克罗螺栓要做480小时的酸性盐雾 客户要第三方报告"


# ==== 1. the company's line over the part a test named by its conditions is for (p199)

@pytest.mark.parametrize(("text", "product"), [
    (BOLTS, "达克罗螺栓"),
    ("我们是做汽车紧固件的，有一批螺栓要做480小时的盐雾试验", "螺栓"),
    ("我们是做汽车紧固件的，有一批螺栓要做中性盐雾", "螺栓"),
    ("我们厂做五金件，有批支架要做96h的中性盐雾", "支架"),
    ("我们是做汽车电子的 控制器要做随机振动", "控制器"),
    ("我们是做汽车紧固件的，有一批螺栓要做盐雾试验", "螺栓"),  # (as before)
])
def test_a_test_named_by_its_conditions_is_the_part_s_work(text: str, product: str) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    ("我们是做汽车紧固件的，要做480小时的中性盐雾", "汽车紧固件"),  # no part named: the line is the thing
    ("我们是做汽车紧固件的，客户要做480小时的盐雾", "汽车紧固件"),  # the customer is no part
])
def test_the_line_stays_where_no_part_is_named(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_p199_opens_on_the_bolts(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [BOLTS])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "达克罗螺栓" and "螺栓" in (need.title or ""), (need.product, need.title, reply)
    assert "紧固件" not in (need.title or "") and "螺栓" in reply, reply


# ==== 2. an English word of the trade for the thing named in Chinese (p205)

@pytest.mark.parametrize(("text", "product"), [
    (PACKS, "储能电池包"),
    ("我们是做电池包的，PACK要做振动试验", "电池包"),
    ("我们是做锂电池电芯的 cell要做针刺试验", "锂电池电芯"),
    ("我们做储能模组的，module要做跌落测试", "储能模组"),
])
def test_a_trade_word_in_english_names_the_thing_said_in_chinese(text: str, product: str) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    ("我们是做电源的 PCBA要做老化测试", "PCBA"),  # an English name of another thing: that thing
    ("我们是做电池包的，pack的外壳要做盐雾试验", "外壳"),  # a part of the pack: the part
    ("pack要做振动试验", "pack"),  # nothing named in Chinese: the word as said
])
def test_another_thing_named_in_english_is_still_read(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_p205_opens_on_the_pack(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [PACKS])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "储能电池包" and "pack" not in (need.title or ""), (need.product, need.title, reply)


# ==== 3. the company's line said in English, not taken back by meaning (p208 with e5)

CNC = ("we run a small CNC shop in Kunshan, about 15 micrometers and calipers are due for calibration, need "
       "certificates for our IATF audit")


@pytest.mark.parametrize(("text", "line", "rules"), [
    (CNC, "small CNC", "micrometers and calipers"),
    ("We make hydraulic cylinders in Wuxi; the piston rods need a salt spray test.", "hydraulic cylinders",
     "piston rods"),
])
def test_the_line_said_in_english_is_not_taken_back_by_meaning(text: str, line: str, rules: str) -> None:
    assert extract_product(text) == rules
    _, cands = product_candidates(text)
    assert company_line(text, next(c for c in cands if c.text == line))
    assert read_product(text, chooser=_thing_chooser(), embed=ThingEmbedder([line]).encode_query) == rules


def test_the_line_said_alone_in_english_is_chosen_as_before() -> None:
    text = "We make hydraulic cylinders in Wuxi and need a salt spray test."  # nothing else named: the line
    assert read_product(text, chooser=_thing_chooser(),
                        embed=ThingEmbedder(["hydraulic cylinders"]).encode_query) == "hydraulic cylinders"


# ==== 4. a test's kind corrected changes the words that named the wrong kind, and the title with them

BRACKETS = "做镀锌支架的 在佛山 要做酸性盐雾试验"


@pytest.mark.parametrize(("opener", "answer", "before", "after"), [
    (BOLTS, "不对 是中性的 我看错客户的要求了", "酸性盐雾", "中性盐雾"),
    (BRACKETS, "不对 是中性的", "酸性盐雾试验", "中性盐雾试验"),
    (BRACKETS, "是中性盐雾不是酸性盐雾", "酸性盐雾试验", "中性盐雾试验"),
    (PACKS, "等下 我问了下 是随机的 不是正弦", "正弦振动试验", "随机振动试验"),
])
def test_a_kind_corrected_changes_the_test_s_words_and_the_title(intake_settings: Settings, opener: str,
                                                                 answer: str, before: str, after: str) -> None:
    views = _drive(intake_settings, [opener, answer])
    first, need, reply = views[0].need, views[-1].need, _last_reply(views[-1])
    assert list(first.phrases.values()) == [before] and before in (first.title or ""), (first.phrases, first.title)
    assert list(need.phrases.values()) == [after], (need.phrases, reply)
    assert after in (need.title or "") and before not in (need.title or ""), (need.title, reply)
    assert need.product == first.product and [s.value for s in need.service_types] == ["inspection_testing"]
    assert after in reply and before in reply, reply  # said as changed, from what
    assert "产品改为" not in reply and "Product changed" not in reply, reply
    assert answer in need.text and views[-1].ask_field == "deadline", (need.text, reply)


def test_words_that_name_no_kind_stay(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们做电机外壳 在常州 要做振动测试", "不对 是随机的"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert list(need.phrases.values()) == ["振动测试"] and need.title == views[0].need.title, (need.phrases, reply)
    assert "已记下您的更正" in reply, reply


# ==== 5. a question back to the platform, asked without its mark

SAUCE = "做辣椒酱的 想测一下保质期还有微生物指标 我们在湖南湘潭"


@pytest.mark.parametrize(("opener", "question"), [
    (SAUCE, "你们是检测机构还是中介"),
    (SAUCE, "你们到底是检测机构还是中介啊"),
    (SAUCE, "你们平台是自己做检测还是帮忙找机构"),
    ("we need our micrometers calibrated, we are in Kunshan", "is this a lab or some kind of agency"),
    ("we need our micrometers calibrated, we are in Kunshan", "are you a lab or an agency"),
])
def test_a_question_back_without_its_mark_is_answered_as_with_it(intake_settings: Settings, opener: str,
                                                                 question: str) -> None:
    unmarked = _drive(intake_settings, [opener, question])
    marked = _drive(intake_settings, [opener, question + ("?" if question.isascii() else "？")])
    reply, asked = _last_reply(unmarked[-1]), _last_reply(marked[-1])
    assert reply == asked, (reply, asked)
    assert ("平台本身不承接" if not question.isascii() else "The platform itself does not do the work") in reply, reply
    assert unmarked[-1].need.model_dump(exclude={"id", "created_at", "updated_at"}) == \
        unmarked[0].need.model_dump(exclude={"id", "created_at", "updated_at"}), reply  # nothing read into the card
    assert unmarked[-1].ask_field == unmarked[0].ask_field, reply


@pytest.mark.parametrize("text", [
    "我们的涂层老是起泡，想分析下是镀层问题还是前处理问题",  # a cause weighed: the need itself
    "还是按原来的 先做检测",
])
def test_a_choice_in_the_need_is_no_question_back(text: str) -> None:
    assert dialogue.asked_about(text) is None and not dialogue.only_asks(text)
