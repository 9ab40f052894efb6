"""The fifteenth probe of the chat (issue 27; tests/intake/data/dialogues_probe15.jsonl, cards and what a good reply
says written and committed alone in e045235 before any of it ran): two fields corrected in two successive messages,
answers in fragments with fillers ("嗯，宁波"), a standard number pasted as the whole answer (GB/T 2423.17), one of two
service types removed, deadlines as dates in other formats ("12月15号前", "by 15 Dec", "Dec 18th at the latest"),
traditional characters, Chinese and English in one message. The eight conversations end on their cards with the
replies their cards expect (with the rules, as the chat runs without a model; readings judged, below), and each fault
the probe found is held where it was fixed. First, the fourteenth probe's three left items: a failing part named
after the company's line (电钻开关), English titles of a calibration ("torque wrenches: calibrated"), and a budget in
another currency published as no amount ("USD（金额面议）")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.pages.ui_intake import card_values
from api.pages.ui_need import need_rows
from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.deadline import extract_deadline
from intake.extract.phrases import phrases_for
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from intake.product_choice import read_product
from intake.publish import band_in_language, budget_band, public_need
from intake.schemas import Budget, Need
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card, with_gold
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import DAY, _last_reply
from tests.intake.test_intake_product_choice import ThingEmbedder, _thing_chooser

DATA = Path(__file__).parent / "data" / "dialogues_probe15.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]

# Judged: where the card and the chat part and the chat's reading is fair.
# - p147: the product is read in simplified characters (散热风扇, as the rules and the matcher read; the message is kept
#   as typed), as p123 of the twelfth probe was judged; the card wrote 風扇.
# - p150: the enterprise gave the thing in both languages, "空气炸锅 (air fryers)": the Chinese name is read, the card
#   wrote "air fryer".
PRODUCT_HELD = {"p147": "散热风扇", "p150": "空气炸锅"}
# - p143, p149: the budget was asked, and the next two messages corrected other fields instead; the chat asks a question
#   once more and then moves on, listing it as not given (issue 27's rule), and took the budget when it came. The cards
#   expected the budget asked a third time.
ASK_HELD: dict[tuple[str, str], str | None] = {("p143", "4"): None, ("p149", "4"): None}


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_fifteenth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                         conversation: dict[str, Any]) -> None:
    assert_ends_on_card(intake_settings, with_gold(conversation, "product", PRODUCT_HELD), ask_held=ASK_HELD)


# ==== the fourteenth probe's left items

# ---- the failing part after the company's line ("我们是做电动工具的，有客户反映电钻开关用了两周就失灵" read 电动工具:
# jieba tags 开关 a verb, and what customers report of a thing was no subject's lead)

@pytest.mark.parametrize(("text", "product"), [
    ("我们是做电动工具的，有客户反映电钻开关用了两周就失灵", "电钻开关"),
    ("我们是做电动工具的，电钻开关用了两周就失灵，想找机构分析原因", "电钻开关"),
    ("我们是做家电的，客户反映空调开关用了一个月就坏了", "空调开关"),
    ("我们的电源开关要做寿命测试", "电源开关"),
    ("我们是做电动工具的，有一批锂电池包充放电几十次就鼓包了", "锂电池包"),  # (as before)
    ("我们是做汽车零部件的，需要做盐雾试验", "汽车零部件"),  # the line, nothing else named (as before)
])
def test_a_failing_part_after_the_line(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_the_chat_reads_the_switch_that_fails(intake_settings: Settings) -> None:
    text = "我们是做电动工具的，有客户反映电钻开关用了两周就失灵，想找机构分析原因，公司在永康"
    view = _drive(intake_settings, [text])[-1]
    # (the symptom stated, 失灵, is named in the title: test_intake_chat_trial10)
    assert view.need.product == "电钻开关" and view.need.title == "电钻开关失灵质量技术评价需求", view.need


# ---- English words for a calibration are its noun ("need our torque wrenches calibrated": the card said
# "calibrated → calibration and verification", the title "torque wrenches: calibrated")

@pytest.mark.parametrize(("text", "phrase"), [
    ("We need our torque wrenches calibrated, with a certificate.", "calibration"),
    ("We need 12 torque wrenches calibrated to ISO 6789-2:2017.", "calibration"),
    ("Our pressure gauges need to be calibrated and we want certificates.", "calibration"),
])
def test_a_participle_is_said_by_its_noun(text: str, phrase: str) -> None:
    assert phrases_for(text, extract_service_types(text))[S.calibration] == phrase


def test_an_english_calibration_title(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hello, we assemble e-bike motors in Wujin, Changzhou, and need our torque "
                                     "wrenches calibrated, with a certificate.", "Within ten days.",
                                     "OK. Five hundred yuan."])
    assert views[-1].need.title == "torque wrenches: calibration", views[-1].need.title
    assert "calibration → calibration and verification" in _last_reply(views[0])


# ---- a budget in another currency is published in it ("USD（金额面议）", "amount to be agreed", was what every page
# showed of "About 1,200 US dollars."; no exchange rate is guessed, and the yuan fields stay empty)

@pytest.mark.parametrize(("text", "zh", "en"), [
    ("About 1,200 US dollars.", "约1200美元", "about USD 1,200"),
    ("总部给的预算是八千欧元", "约8000欧元", "about EUR 8,000"),
    ("预算不超过5000欧元", "不超过5000欧元", "up to EUR 5,000"),
    ("budget under 5,000 euros", "不超过5000欧元", "up to EUR 5,000"),
    ("at least €20,000", "2万欧元以上", "EUR 20,000 or more"),
    ("预算两三千美元", "2000–3000美元", "USD 2,000–3,000"),
    ("预算12万美元", "约12万美元", "about USD 120,000"),
])
def test_a_foreign_budget_is_published_in_its_currency(text: str, zh: str, en: str) -> None:
    budget = extract_budget(text)
    assert budget.currency != "CNY" and budget.min_yuan is None and budget.max_yuan is None, budget
    assert budget_band(budget, coarse=False) == zh and budget_band(budget, coarse=False, lang="en") == en
    assert band_in_language(zh, "en") == en  # a published view's band, said on the English page


def test_a_confidential_foreign_budget_shows_its_band_in_its_currency() -> None:
    budget = extract_budget("About 1,200 US dollars.")
    assert budget_band(budget, coarse=True) == "5000美元以下"
    assert budget_band(budget, coarse=True, lang="en") == band_in_language("5000美元以下", "en") == "up to USD 5,000"
    eight = extract_budget("总部给的预算是八千欧元")
    assert budget_band(eight, coarse=True) == "5000–2万欧元"
    assert band_in_language("5000–2万欧元", "en") == "EUR 5,000–20,000"


def test_a_foreign_budget_with_no_amount_is_to_be_agreed_as_before() -> None:
    assert budget_band(Budget(currency="USD"), coarse=False) == "USD（金额面议）"
    assert budget_band(Budget(currency="USD"), coarse=False, lang="en") == "USD (amount to be agreed)"


def test_the_published_need_carries_the_foreign_band() -> None:
    need = Need(text="Drop tests on phone cases. About 1,200 US dollars.", product="phone cases",
                service_types=[S.inspection_testing], budget=extract_budget("About 1,200 US dollars."))
    assert public_need(need, "n-1").budget_band == "约1200美元"


def test_a_pair_before_a_currency_is_in_that_currency() -> None:
    """"预算两三千美元" read 2,000–3,000 yuan: a pair's currency after it was never looked at."""
    assert extract_budget("预算两三千美元").currency == "USD"
    assert (extract_budget("预算两三千").min_yuan, extract_budget("预算两三千").max_yuan) == (2000, 3000)


def test_the_chat_says_a_bounded_foreign_budget_back_with_its_bound(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们在太仓，汽车座椅调角器要做盐雾测试，希望一月底前完成", "预算不超过5000欧元"])
    assert "不超过5000欧元" in _last_reply(views[-1]) and views[-1].need.budget.currency == "EUR"


# ==== the fifteenth probe's faults

# ---- an answer to the deadline question became the product ("Dec 18th at the latest", p150: "Product changed to Dec
# 18th at the latest (was: 空气炸锅)", and the deadline was never read)

@pytest.mark.parametrize(("text", "day"), [
    ("Dec 18th at the latest", date(2026, 12, 18)),
    ("18 December", date(2026, 12, 18)),
    ("10 January", date(2027, 1, 10)),
    ("And the deadline should be 10 January, not end of Dec.", date(2027, 1, 10)),
    ("the deadline should be Jan 10, not end of Dec.", date(2027, 1, 10)),
    ("by 15 Dec", date(2026, 12, 15)),  # (read before: a guard)
    ("12月15号前", date(2026, 12, 15)),  # (read before)
])
def test_a_date_said_day_first_or_with_at_the_latest(text: str, day: date) -> None:
    assert extract_deadline(text, DAY) == day


@pytest.mark.parametrize("text", ["We tested 10 samples in May", "We have 3 March", "founded 12 May 2010"])
def test_a_day_and_month_that_is_no_deadline(text: str) -> None:
    assert extract_deadline(text, DAY) is None


@pytest.mark.parametrize("answer", ["the week before Christmas", "Dec 18th at the latest"])
def test_an_answer_to_the_deadline_question_is_never_the_product(intake_settings: Settings, answer: str) -> None:
    view = _drive(intake_settings, ["We make air fryers in Foshan and need a safety test report.", answer])[-1]
    assert view.need.product == "air fryers" and "Product changed" not in _last_reply(view), _last_reply(view)


# ---- a deadline corrected in so many words ("And the deadline should be 10 January, not end of Dec.", p149: "I found
# nothing new in that message")

def test_a_deadline_corrected_day_first(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hi, we make stainless steel kitchen sinks in Zhongshan and need a salt spray "
                                     "test with a report.", "end of Dec",
                                     "And the deadline should be 10 January, not end of Dec."])
    assert views[-1].need.deadline == date(2027, 1, 10)
    assert "Deadline changed to 2027-01-10 (was: 2026-12-31)" in _last_reply(views[-1]), _last_reply(views[-1])


# ---- a standard's number pasted as the answer to the service question (p145: "GB/T 2423.17" became the product,
# "已按您的更正，产品改为：GB/T 2423.17（原为：显示屏箱体）", and no service was read)

@pytest.mark.parametrize("answer", ["GB/T 2423.17", "GB/T 2423.17-2008", "IEC 60068-2-11", "ISO 9227:2017"])
def test_a_standard_number_answers_the_service_question_as_a_test(intake_settings: Settings, answer: str) -> None:
    view = _drive(intake_settings, ["你好，我们是厦门做户外LED显示屏的，客户对显示屏箱体的耐腐蚀有要求，想找机构帮忙",
                                    answer])[-1]
    assert view.need.product == "显示屏箱体" and [s.value for s in view.need.service_types] == ["inspection_testing"]
    assert "检验检测" in _last_reply(view) and "产品改为" not in _last_reply(view), _last_reply(view)


# ---- the company's line said after where it is (p143: "我们厂在绍兴柯桥，做纺织印染的，有一批窗帘面料要做色牢度检测"
# read 纺织印染, the title "纺织印染色牢度检测需求")

@pytest.mark.parametrize(("text", "product"), [
    ("你好，我们厂在绍兴柯桥，做纺织印染的，有一批窗帘面料要做色牢度检测，日本客户要看报告", "窗帘面料"),
    ("我们是做纺织的，面料要做色牢度检测", "面料"),
])
def test_a_line_said_after_its_place_gives_way(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_the_line_is_not_taken_back_by_meaning() -> None:
    """With e5, p145 read 户外LED显示屏 (the line) where the rules read 显示屏箱体: a chooser that reads the line as the
    likelier thing does not take it over the thing the rules scored above it."""
    text = "你好，我们是厦门做户外LED显示屏的，客户对显示屏箱体的耐腐蚀有要求，想找机构帮忙"
    embed = ThingEmbedder(["户外LED显示屏"]).encode_query
    assert read_product(text, chooser=_thing_chooser(), embed=embed) == "显示屏箱体"
    other = "我们是做紧固件的，仓库在宁波，需要做盐雾试验"  # the line alone, and the chooser's pick stands
    assert read_product(other, chooser=_thing_chooser(), embed=ThingEmbedder(["紧固件"]).encode_query) == "紧固件"


# ---- a patent asked for before its kind ("申请个外观专利" was said as typed, "申请个外观专利 → 知识产权申请")

def test_a_patent_asked_for_is_named_by_its_kind() -> None:
    text = "我们是东莞做蓝牙耳机的，新款要做EMC测试，另外想顺便申请个外观专利"
    assert phrases_for(text, extract_service_types(text))[S.ip] == "外观专利申请"


def test_a_type_removed_is_said_in_those_words(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是东莞做蓝牙耳机的，新款要做EMC测试，另外想顺便申请个外观专利",
                                     "专利那个先不弄了，只做EMC"])
    assert "已去掉：外观专利申请 → 知识产权申请" in _last_reply(views[-1]), _last_reply(views[-1])
    assert [s.value for s in views[-1].need.service_types] == ["inspection_testing"]


# ---- the chat's card said a foreign budget was not given, beside "Noted the budget: 1,200 US dollars" (the card's
# row and the editor read the yuan figures alone)

@pytest.mark.parametrize(("text", "lang", "row", "editor"), [
    ("About 1,200 US dollars.", "en", "about USD 1,200", "1,200 US dollars"),
    ("总部给的预算是八千欧元", "zh", "约8000欧元", "八千欧元"),
    ("预算两三千美元", "zh", "2000–3000美元", "两三千 USD"),
])
def test_the_card_shows_a_foreign_budget(text: str, lang: str, row: str, editor: str) -> None:
    need = Need(text=text, product="phone cases", service_types=[S.inspection_testing], budget=extract_budget(text))
    rows = {r["key"]: r["value"] for r in need_rows(need, lang)}
    assert rows["budget"] == row
    assert card_values(need, lang)["budget"] == editor
    read_back = extract_budget(editor)
    assert (read_back.currency, read_back.amount_text is not None) == (need.budget.currency, True)


def test_a_yuan_budget_on_the_card_as_before() -> None:
    need = Need(text="预算20万", budget=extract_budget("预算20万"))
    assert card_values(need, "zh")["budget"] == "20万"


# ---- variants of the probe's dates in other formats: a month and day in figures ("12.15前", "12/15之前") and
# Christmas read no date, and the deadline was asked again

@pytest.mark.parametrize(("text", "day"), [
    ("12.15前", date(2026, 12, 15)),
    ("12/15之前", date(2026, 12, 15)),
    ("截止12.15", date(2026, 12, 15)),
    ("圣诞节前吧", date(2026, 12, 24)),
    ("before Christmas", date(2026, 12, 24)),
    ("by Christmas", date(2026, 12, 25)),
])
def test_a_date_in_figures_or_by_a_festival(text: str, day: date) -> None:
    assert extract_deadline(text, DAY) == day


@pytest.mark.parametrize("text", ["3.5", "12.15", "价格12.5元", "版本3.2", "温度在5/10之间", "预算2.5万"])
def test_figures_that_are_no_date(text: str) -> None:
    assert extract_deadline(text, DAY) is None


def test_a_date_in_figures_answers_the_deadline_question(intake_settings: Settings) -> None:
    view = _drive(intake_settings, ["我们是东莞做蓝牙耳机的，新款要做EMC测试", "12.15前"])[-1]
    assert view.need.deadline == date(2026, 12, 15) and "2026年12月15日" in _last_reply(view), _last_reply(view)
