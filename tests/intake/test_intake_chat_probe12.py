"""The twelfth probe of the chat (issue 27; tests/intake/data/dialogues_probe12.jsonl, cards and what a good reply
says written and committed in 7aeeacb before any of it ran): voice dictation with no punctuation and fillers (那个、就是
说、嗯), forwarded e-mails with a header, a sent date and a signature block (Chinese and English), a formula or drawings
declared confidential mid-chat, the region corrected ("不是苏州，是无锡"), traditional characters (繁體), what the
platform is and whether posting costs, a bare "嗯" / "ok", budgets in US dollars, which service fits asked back, a
product dropped, and a request to start over. The ten conversations end on their cards with the replies their cards
expect (with the rules, as the chat runs without a model), and each fault the probe found is held where it was fixed.
49 of its 71 checks fail on 7aeeacb (counted by running this file there, the names it imports that did not exist yet
stubbed); the other 22 are p119, p121 and p122 whole and nineteen guards named "as before", which hold what the fixes
must not move."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake import conversation as chat
from intake.dialogue import asked_about, starts_over
from intake.extract.language import simplified
from intake.extract.phrases import phrases_for
from intake.extract.product import extract_product
from intake.extract.service_types import extract_qualifications, extract_service_types, firm_service_types
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card, replies, with_gold
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

DATA = Path(__file__).parent / "data" / "dialogues_probe12.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]

# Judged: where the card and the chat part and the chat's reading is fair.
# - p123: the product is read in simplified characters (蓝牙耳机, as the rules and the matcher read; the message is
#   kept as typed in the description), where the card wrote 耳機.
PRODUCT_HELD = {"p123": "蓝牙耳机"}
# - p125: the chat answers which service fits and asks it (with the rules alone nothing reads a service in "turn
#   yellow and get brittle"); since the thirteenth probe it proposes the failure analysis "turn yellow" points to,
#   and "ok" takes it, so the need ends on its card.
TYPES_HELD: dict[str, list[str]] = {}
ASK_HELD = {("p125", "1"): "service_types",
            # - p128: the deadline was asked twice (turns 1 and 2); the third time the chat moves on to the budget
            ("p128", "3"): "budget"}

P123 = ("您好，我們是台資企業，工廠在東莞塘廈，主要生產藍牙耳機。新款耳機要出口歐美，"
        "需要做無線射頻（RF）和電磁相容（EMC）測試，報告需要CNAS認可。")
P126 = ["Hi, we need salt spray testing for our door hinges, factory in Foshan.",
        "Sorry, wrong request - let's start over. The hinges are handled already. What we need now is an LFGB "
        "food-contact migration test for our stainless steel frying pans, made at our Jieyang plant."]


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_twelfth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                       conversation: dict[str, Any]) -> None:
    views = assert_ends_on_card(intake_settings, with_gold(conversation, "product", PRODUCT_HELD),
                                types_held=TYPES_HELD, ask_held=ASK_HELD)
    assert views[-1].need.budget.currency == conversation["gold"].get("currency", "CNY")


# ---- traditional characters (p123: no region, deadline or budget read, the product 無線射頻)

def test_traditional_characters_are_read_as_simplified() -> None:
    assert simplified("工廠在東莞塘廈，希望兩週內完成，預算大約三萬人民幣") == (
        "工厂在东莞塘厦，希望两周内完成，预算大约三万人民币")
    assert simplified("我们在苏州，做检测 OK 2026") == "我们在苏州，做检测 OK 2026"  # (simplified text as typed)
    assert len(simplified(P123)) == len(P123)

    # OpenCC's table with its phrases: a character both scripts use is converted only where it means the other word
    # (乾燥 → 干燥, 乾隆 stays; 顯著 → 显著), characters the hand table of the probe's first fix lacked are read
    # (鏈條, 齒輪箱), Taiwan's 銲 is 焊, and simplified words are never rewritten (建立, 文件, 智慧 stay).
    assert simplified("乾燥箱，乾隆年間，效果顯著") == "干燥箱，乾隆年间，效果显著"
    assert simplified("鏈條與齒輪箱的銲接") == "链条与齿轮箱的焊接"
    assert simplified("建立文件管理和智慧工厂") == "建立文件管理和智慧工厂"


@pytest.mark.parametrize(("messages", "region", "said"), [
    ([P123], ["广东省", "东莞市"], "广东省东莞市"),
    (["我們的電動牙刷要做防水測試，公司在杭州", "預算十萬左右"], ["浙江省", "杭州市"], "10万元"),
    (["我們要做鹽霧試驗，工廠在寧波", "兩個月內"], ["浙江省", "宁波市"], "2027年1月26日"),
])
def test_a_need_in_traditional_characters(intake_settings: Settings, messages: list[str], region: list[str],
                                          said: str) -> None:
    views = _drive(intake_settings, messages)
    need = views[-1].need
    assert [need.region.province, need.region.city] == region
    assert need.service_types == [S.inspection_testing]
    assert said in _last_reply(views[-1]) or said in replies(views)[0], replies(views)
    assert need.text.startswith(messages[0][:6])  # the enterprise's words kept as typed


# ---- CNAS认可 of a report or of the lab is a mark, not accreditation applied for (p123 read 资质与认定申报辅导 alone)

@pytest.mark.parametrize(("text", "types", "quals"), [
    ("需要做无线射频（RF）和电磁相容（EMC）测试，报告需要CNAS认可。", [S.inspection_testing], ["CNAS"]),
    ("出具CNAS认可的检测报告", [S.inspection_testing], ["CNAS"]),
    ("要做盐雾试验，找CNAS认可的实验室", [S.inspection_testing], ["CNAS"]),
])
def test_cnas_accreditation_of_the_report_is_a_mark(text: str, types: list[S], quals: list[str]) -> None:
    assert extract_service_types(text) == types
    assert extract_qualifications(text) == quals


@pytest.mark.parametrize("text", ["我们实验室要申请CNAS认可", "想申请CNAS认可，需要辅导", "CNAS认可咨询"])
def test_cnas_accreditation_applied_for_as_before(text: str) -> None:
    assert extract_service_types(text) == [S.qualification_consulting]
    assert extract_qualifications(text) == []


# ---- starting over (p126 kept the door hinges of the request taken back)

@pytest.mark.parametrize(("messages", "product", "region", "said"), [
    (P126, "stainless steel frying pans", ["广东省", "揭阳市"], "Sure, starting over"),
    (["我们要给门铰链做盐雾试验，厂在佛山",
      "不好意思说乱了，重新来吧：我们是揭阳做不锈钢锅具的，要做食品接触材料迁移测试"],
     "不锈钢锅具", ["广东省", "揭阳市"], "好的，重新开始"),
    (["我们要给门铰链做盐雾试验，厂在佛山", "刚才说的都不算，我们要给电热水壶做CCC认证，在中山"],
     "电热水壶", ["广东省", "中山市"], "好的，重新开始"),
])
def test_a_request_to_start_over_clears_the_card(intake_settings: Settings, messages: list[str], product: str,
                                                 region: list[str], said: str) -> None:
    view = _drive(intake_settings, messages)[-1]
    need = view.need
    assert need.product == product
    assert [need.region.province, need.region.city] == region
    assert need.service_types == [S.inspection_testing]
    assert messages[0] not in (need.text or "")  # (the description is what follows the request to start over)
    assert _last_reply(view).startswith(said), _last_reply(view)


def test_start_over_with_nothing_after_it_asks_afresh(intake_settings: Settings) -> None:
    view = _drive(intake_settings, ["我们要给门铰链做盐雾试验，厂在佛山", "重新来吧"])[-1]
    assert view.need.product is None and view.need.service_types == [] and view.need.region.province is None
    assert _last_reply(view).startswith(chat.STARTED_OVER[0]) and view.ask_field == "service_types"


@pytest.mark.parametrize("text", ["想重新来一次测试", "重新开始生产以后出现问题", "我们要重新做一次盐雾试验",
                                  "We need to start over the production line after the test."])
def test_no_request_to_start_over_as_before(text: str) -> None:
    assert starts_over(text) is None


# ---- a budget in another currency said back with its amount (was "USD（金额面议）" / "USD (amount to agree)")

@pytest.mark.parametrize(("messages", "said"), [
    (["我们想测一下锂电池隔膜的孔隙率和透气度，公司在合肥", "两周内吧", "预算5000美元左右，我们是外资公司，走美元结算"],
     "已记下预算：5000美元"),
    (["We need EMC testing of our routers, plant in Suzhou. Budget is around USD 3,000."], "budget USD 3,000"),
    (["我们要做盐雾试验，公司在宁波", "一个月内", "预算1万欧元以内"], "1万欧元"),
])
def test_a_foreign_budget_is_said_with_its_amount(intake_settings: Settings, messages: list[str], said: str) -> None:
    views = _drive(intake_settings, messages)
    assert said in _last_reply(views[-1]), _last_reply(views[-1])
    assert views[-1].need.budget.currency != "CNY" and views[-1].need.budget.max_yuan is None


# ---- what the platform is, and which service fits (answered with what is published, and how the platform goes on)

@pytest.mark.parametrize(("text", "about"), [
    ("你好，请问你们这个平台是干什么的？发布需求要收费吗？", "platform+cost"),
    ("你们是干什么的？", "platform"),
    ("What is this platform? Is it free to post a need?", "platform+cost"),
    ("发布需求要收费吗？", "cost"),
    ("是做检测还是做分析？我们该选哪个服务？", "which_service"),
    ("We're not sure - is this a testing job or some kind of analysis? Which service should we choose?",
     "which_service"),
    ("Which service type fits best for us?", "which_service"),
])
def test_what_is_asked_about_the_platform(text: str, about: str) -> None:
    assert asked_about(text) == about


@pytest.mark.parametrize("text", ["这个需求能公开吗？", "Who can see our need?"])
def test_publishing_asked_as_before(text: str) -> None:
    assert asked_about(text) == "publishing"


@pytest.mark.parametrize(("messages", "starts", "holds", "product"), [
    (["你好，请问你们这个平台是干什么的？发布需求要收费吗？"], chat.PLATFORM[0], chat.COST[0], None),
    (["What is this platform? Is it free to post a need?"], chat.PLATFORM[1], chat.COST[1], None),
    (["我们的塑料外壳晒了几个月就发黄变脆，是做检测还是做分析？该选哪个服务？"], chat.WHICH_SERVICE[0], "塑料外壳",
     "塑料外壳"),
])
def test_the_platform_and_the_service_asked_about_are_answered(intake_settings: Settings, messages: list[str],
                                                               starts: str, holds: str, product: str | None) -> None:
    view = _drive(intake_settings, messages)[-1]
    reply = _last_reply(view)
    assert reply.startswith(starts) and holds in reply, reply
    assert chat.PUBLISHING[0] not in reply and chat.PUBLISHING[1] not in reply
    assert view.need.product == product
    assert view.need.service_types == []  # ("检测" / "testing" in the question is no service asked for)


def test_which_service_asked_later_says_what_is_noted(intake_settings: Settings) -> None:
    messages = ["我们要做盐雾试验，在宁波", "Which service type fits best for us?"]
    reply = _last_reply(_drive(intake_settings, messages)[-1])
    assert reply.startswith(chat.WHICH_SERVICE[0]) and "按您的描述先记为：盐雾试验 → 检验检测" in reply, reply


# ---- the product reader

@pytest.mark.parametrize(("text", "product"), [
    # an -ing word that says what a thing is for ("frying pans" read "stainless steel"; "camping lanterns" nothing)
    ("We need an LFGB migration test for our stainless steel frying pans.", "stainless steel frying pans"),
    ("We need an LFGB migration test for our frying pans.", "frying pans"),
    ("We need a lab in China to run IPX4 water-spray and 1 m drop tests on our LED camping lanterns before the spring "
     "order ships.", "LED camping lanterns"),
    ("Our hiking boots need a slip resistance test.", "hiking boots"),
    # the part that fails, not the bigger thing it is part of (p125 read the meters), said with that bigger thing
    # (issue 27 item 6: "housings" alone says nothing of what they house)
    ("Hi. The ABS housings of our outdoor smart meters turn yellow and get brittle after a few months in the sun.",
     "outdoor smart meter ABS housings"),
    ("The seals of our pumps leak.", "pump seals"),
])
def test_the_product_reader_reads_the_thing(text: str, product: str) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    ("The accuracy of our meters is poor.", "meters"), ("Some of our brackets crack.", "brackets"),
    ("A batch of our castings cracked.", "castings"), ("Most of our valves leak.", "valves"),
    ("The gearbox of our 3-ton model needs a bench fatigue test.", "gearbox"),
    ("Running a salt spray test on our brackets.", "brackets"),
    ("We make aerial work platforms and need an EMC test.", "aerial work platforms"),
])
def test_the_product_reader_as_before(text: str, product: str) -> None:
    assert extract_product(text) == product


# ---- titles and the words for the service

@pytest.mark.parametrize(("messages", "title"), [
    # a forwarded mail's opening ("转发一封我们质量部的邮件，麻烦帮忙发布一下需求" was p120's title)
    (["转发一封我们质量部的邮件，麻烦帮忙发布一下需求：\n\n各位好：\n近期我司出口的一批不锈钢真空保温杯在客户处反馈内胆焊缝"
      "渗漏，现需委托第三方做氦质谱检漏测试，出具CMA报告。"], "不锈钢真空保温杯"),
    (["Forwarding this from our US office:\n\nWe need IPX4 and drop tests on our LED camping lanterns."],
     "LED camping lanterns"),
    # the count word of what is to be made ("水性工业涂料开发一款需求")
    (["我们是常州一家做水性工业涂料的企业，想找高校或者研究院合作，开发一款耐盐雾1000小时以上的水性防腐涂料，用在工程机械上"],
     "水性工业涂料开发需求"),
    # a partner is no name for the work ("gear pumps: university partner", then "gear pumps: help us redesign")
    (["We're in Yantai. We'd like a university partner to help us redesign the internal gears of our gear pumps."],
     "gear pumps: redesign"),
])
def test_a_title_from_the_thing(intake_settings: Settings, messages: list[str], title: str) -> None:
    need = _drive(intake_settings, messages)[-1].need
    assert need.title and need.title.startswith(title), need.title
    assert "转发" not in need.title and "Forward" not in need.title and "一款" not in need.title


@pytest.mark.parametrize(("text", "phrase"), [
    ("想开发一款新的温控器", "开发"),
    ("想研发一款智能门锁", "研发"),  # as before
    ("想找高校合作开发一种低噪音齿轮泵", "高校合作开发"),  # as before
])
def test_the_words_for_the_service(text: str, phrase: str) -> None:
    assert phrases_for(text, extract_service_types(text)) == {S.rnd: phrase}


# ---- service types

@pytest.mark.parametrize("text", [
    # a design to be made again, with a university (p128 read no service)
    "We'd like a university partner to help us redesign the internal gears of our gear pumps to cut noise.",
    "We want to redesign our gearbox to reduce noise.",
    "We want a partner to improve the design of our valves.",
    "想找高校帮我们重新设计齿轮，降低噪音",
])
def test_a_redesign_is_rnd(text: str) -> None:
    assert extract_service_types(text) == [S.rnd]


def test_a_redesign_done_is_no_request_as_before() -> None:
    assert extract_service_types("We redesigned the housing last year, it still cracks; we need a failure "
                                 "analysis.") == [S.quality_evaluation]


@pytest.mark.parametrize("text", ["你好，我们苏州这边做汽车线束的，想给新开发的高压连接器做个插拔寿命和温升测试",
                                  "我们的充电枪需要做温升测试和插拔测试"])
def test_a_connectors_tests_are_firm(text: str) -> None:
    # (p122 with e5: the head vetoed the test, and the chat asked which service; firm cues hold beside the head)
    assert firm_service_types(text) == [S.inspection_testing]
