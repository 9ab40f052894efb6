"""A new user's trial of the chat (2026-11-30): a battery maker's quarrel with a customer and a supplier.

1. 千万 as "by all means" read as ten million: after a budget of 5–6万, "保密吧，客户和供应商的事千万别公开出去。"
   was answered "已按您的更正，预算改为：1000万元（原为：5万–6万元）". Numerals that make an idiom (千万别, 千万要,
   万万不可, 万一, 千千万万, 一万个不放心) hold no amount (intake.extract.numbers.without_numeral_idioms).
2. The summary to be published carried the chat's corrections: "产品写错了，鼓包的是电芯，不是模组" and "预算你弄错
   了，不是一千万，是五六万" (the stored need's 〔预算已更正为：…〕 marks were already left out). A field named as
   wrong ("产品写错了", "预算你弄错了", "the product was wrong") is chat, and in its sentence the wrong half ("不是模
   组", "not the modules") goes; the problem's words stay (intake.publish.refined).
3. "想找个第三方机构说清楚到底谁的责任" (an independent lab to settle who is at fault) read no service, and the service
   asked again was a list of all 16 categories (about 600 characters). Settling who is responsible (谁的责任,
   责任认定, 判定责任, 分清责任, "who is at fault") is failure analysis, 质量技术评价 (intake/data/lexicon.yaml); the
   service asked again is a short choice: the kinds the enterprise's words point to, and the common ones on one
   line, the rest left to the need card (intake.conversation.service_choices).
Driven as the JSON chat API drives the chat.
"""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake.conversation import COMMON_SERVICES, service_choices
from intake.extract.budget import extract_budget
from intake.extract.numbers import without_numeral_idioms
from intake.extract.service_types import extract_service_types
from intake.publish import public_description, refined
from kb.vocab import SERVICE_TYPE_EXAMPLES, SERVICE_TYPE_LABELS
from kb.vocab import ServiceType as S
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


# ==== 3. Settling who is at fault is failure analysis; the service asked again is a short choice

@pytest.mark.parametrize("text", [
    OPENER,
    "想找个第三方机构说清楚到底谁的责任",
    "客户和供应商互相推诿，需要第三方做个责任认定",
    "想请机构判定责任，是材料的问题还是加工的问题",
    "出了事故，要分清责任",
    "想找权威机构界定一下责任归属",
    "到底是谁的问题，想找第三方来判断",
    "We need an independent lab to settle who is at fault.",
    "We want a third party to find out whose fault it is.",
])
def test_settling_who_is_responsible_is_failure_analysis(text: str) -> None:
    assert extract_service_types(text) == [S.quality_evaluation], text


@pytest.mark.parametrize("text", ["谁负责送样？", "质量负责人姓王", "我们对客户负责，想做个型式试验"])
def test_responsibility_in_other_senses_is_no_analysis(text: str) -> None:
    assert S.quality_evaluation not in extract_service_types(text), text


def test_the_trial_s_opener_is_read_as_failure_analysis(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [OPENER])
    assert views[0].need.service_types == [S.quality_evaluation], _last_reply(views[0])
    assert views[0].ask_field != "service_types", _last_reply(views[0])


@pytest.mark.parametrize(("messages", "i"), [
    (["有个东西做出来老是不行", "就是我们加工的件"], 0),
    (["我们的注塑件客户老退货", "塑料外壳，表面有发白的印子"], 0),
    (["Something we make keeps going wrong", "It's the parts we machine"], 1),
])
def test_the_service_asked_again_is_a_short_choice(intake_settings: Settings, messages: list[str], i: int) -> None:
    views = _drive(intake_settings, messages)
    reply = _last_reply(views[-1])
    if views[-1].ask_field != "service_types":
        pytest.skip(f"the service was not asked again: {reply}")
    # the common kinds on one line, the rest left to the card: not every category with its phrases
    assert len(reply) < (200 if i == 0 else 450), (len(reply), reply)
    for common in (S.inspection_testing, S.quality_evaluation, S.calibration):
        assert SERVICE_TYPE_LABELS[common][i] in reply, reply
    assert SERVICE_TYPE_LABELS[S.digital_quality][i] not in reply and \
        SERVICE_TYPE_EXAMPLES[S.brand][i] not in reply, reply
    assert ("需求卡片" if i == 0 else "need card") in reply, reply


def test_the_choice_s_phrases_are_the_card_s_and_read_as_their_category() -> None:
    for kind, phrases in COMMON_SERVICES.items():
        for i, phrase in enumerate(phrases):
            if phrase:
                assert phrase in SERVICE_TYPE_EXAMPLES[kind][i], (kind, phrase)
                assert extract_service_types(phrase) == [kind], phrase
    assert "质量技术评价（失效分析）" in service_choices("zh", "我们的注塑件客户老退货，表面有发白的印子")
