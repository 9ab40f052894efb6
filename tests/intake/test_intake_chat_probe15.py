"""The fourteenth probe's three left items (issue 27; the fifteenth probe's conversations follow in this file): a
failing part named after the company's line (电钻开关), English titles of a calibration ("torque wrenches:
calibrated"), and a budget in another currency published as no amount ("USD（金额面议）")."""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.phrases import phrases_for
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from intake.publish import band_in_language, budget_band, public_need
from intake.schemas import Budget, Need
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

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
    assert view.need.product == "电钻开关" and view.need.title == "电钻开关质量技术评价需求", view.need


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
