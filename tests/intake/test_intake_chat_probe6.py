"""The sixth probe of the chat (issue 27; tests/intake/data/chat_probe/conversations_6.jsonl, cards written and
committed in 5bd4e28 before any of it ran): the twelve conversations, card edits included, end on their cards with
the replies their cards expect at key turns, and each fault the probe found is held at the depth where it was fixed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from intake import conversation as chat
from intake import service
from intake.dialogue_eval import reply_language, title_fragment
from intake.extract.deadline import extract_deadline
from intake.extract.phrases import phrase_of
from intake.extract.service_types import extract_service_types
from intake.publish import derive_title, title_flaws
from intake.schemas import Need, SessionView, phrase_items
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_rules import DAY, _last_reply

DATA = Path(__file__).parent / "data" / "chat_probe" / "conversations_6.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]

# Left: the product reader's faults (intake/extract/product.py, not edited by the probe; fixed after it, below):
# the chat reads these products, where the cards have the one in brackets. The product is not checked for
# them; the rest of each card holds. (p63, "We need 12 torque wrenches calibrated to ISO 6789-2:2017", read none: a
# count between the wish and the thing hid its cue; it reads its card's product since. p61, "我们是做PCBA的，要做thermal
# cycling和vibration test两项", read "thermal": English words in Chinese are read as English ones are since. p55,
# "我们厂做不锈刚水槽 客户要盐雾实验报告", read none: the typo 不锈刚 broke the line's cue; it is read across it since.
# p56, "一批量具：数显卡尺（0-150mm）6把、外径千分尺（0-25mm）4把", read 量具: the things a colon lists after a
# collective noun are read since, "数显卡尺、外径千分尺". p65, "We make LED grow lights in Xiamen", read none: "grow"
# broke the phrase as a verb; a verb's bare form after a singular noun and before a thing's head is part of its name
# since. None is left.)
PRODUCT_LEFT: dict[str, str | None] = {}


def _drive(settings: Settings, messages: list[str | dict[str, Any]]) -> list[SessionView]:
    """The conversation as the JSON chat API drives it: the first message starts the session, a text is a message
    (``POST /intake/sessions/{id}/messages``), ``{"card": {...}}`` an edit on the card (``…/fields``)."""
    views: list[SessionView] = []
    with session_scope(settings) as s:
        for m in messages:
            if not views:
                assert isinstance(m, str)
                views.append(service.start_session(session=s, text=m, today=DAY))
            elif isinstance(m, dict):
                views.append(service.edit_fields(session=s, session_id=views[-1].id, changes=m["card"]))
            else:
                views.append(service.post_message(session=s, session_id=views[-1].id, text=m, today=DAY))
    return views


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_sixth_probe_conversation_ends_on_its_card(intake_settings: Settings, conversation: dict[str, Any]) -> None:
    gold = conversation["gold"]
    views = _drive(intake_settings, conversation["messages"])
    need = views[-1].need
    if conversation["id"] in PRODUCT_LEFT:
        assert need.product == PRODUCT_LEFT[conversation["id"]]  # (when the reader is fixed: on the card, and out)
    elif gold["product"] is None:
        assert need.product is None
    else:
        assert need.product is not None and gold["product"].casefold() in need.product.casefold(), need.product
    assert [s.value for s in need.service_types] == gold["types"]
    assert [need.region.province, need.region.city] == gold["region"]
    assert need.deadline == (date.fromisoformat(gold["deadline"]) if gold["deadline"] else None)
    assert [need.budget.min_yuan, need.budget.max_yuan] == gold["budget"]
    assert need.confidential is gold["conf"]
    if "quals" in gold:
        assert need.qualifications == gold["quals"]
    assert need.title and not title_fragment(need.title) and not title_flaws(need.title, today=DAY), need.title
    replies = [t.text for t in views[-1].turns if t.role == "assistant"]
    assert not any(r.startswith((*chat.NOTHING_NEW, *chat.UNREAD_CORRECTION)) for r in replies), replies
    # (p61 writes Chinese with English words, "Hi 我们是做PCBA的，要做thermal cycling和vibration test两项": its card
    # counts it Chinese, and the chat answers in Chinese)
    if all(reply_language(m) == "en" for m in conversation["messages"] if isinstance(m, str)):
        assert all(reply_language(r) == "en" for r in replies), replies
    for turn, expect in conversation.get("expect", {}).items():
        view = views[int(turn) - 1]
        reply = _last_reply(view)
        for said in expect.get("says", []):
            assert said in reply, (turn, reply)
        if "ask" in expect:
            assert view.ask_field == expect["ask"], (turn, reply)
        if "not_ask" in expect:
            assert view.ask_field != expect["not_ask"], (turn, reply)


def _views(settings: Settings, messages: list[str | dict[str, Any]]) -> list[SessionView]:
    return _drive(settings, messages)


# ---- the budget refused in other words

HOUSINGS = ["Hi, our aluminum die-cast housings crack near the bolt holes after assembly. We need a failure analysis. "
            "We're in Kunshan.", "within 6 weeks"]
VALVES = ["我们的不锈钢球阀想做密封性能检测，公司在温州", "两个月内"]


@pytest.mark.parametrize(("messages", "said"), [
    ([*HOUSINGS, "I can't share the budget yet."], "Fine, the budget is left open."),
    ([*HOUSINGS, "We cannot disclose the budget at this point."], "Fine, the budget is left open."),
    ([*HOUSINGS, "Sorry, I'm not able to share that."], "Fine, the budget is left open."),
    ([*VALVES, "预算暂时不能透露"], "好的，预算先不填。"),
    ([*VALVES, "这个不好透露"], "好的，预算先不填。"),
    # (found probing around this probe: "预算不想说" was followed by the budget question itself, and "费用方面暂时保密"
    # marked the need confidential)
    ([*VALVES, "预算不想说"], "好的，预算先不填。"),
    ([*VALVES, "费用方面暂时保密"], "好的，预算先不填。"),
])
def test_a_budget_refused_in_other_words_is_left_open(intake_settings: Settings, messages: list[str],
                                                      said: str) -> None:
    """"I can't share the budget yet." was "I found nothing new in that message." (p66)."""
    view = _views(intake_settings, messages)[-1]
    assert _last_reply(view).startswith(said), _last_reply(view)
    assert view.need.budget.is_empty and view.ask_field != "budget" and not view.need.confidential


def test_sharing_a_budget_is_no_refusal(intake_settings: Settings) -> None:
    view = _views(intake_settings, [*HOUSINGS, "I can share the budget: about 20,000 yuan."])[-1]
    assert (view.need.budget.min_yuan, view.need.budget.max_yuan) == (20000, 20000)


# ---- the end of a quarter

@pytest.mark.parametrize(("text", "day"), [
    ("by end of Q1", date(2027, 3, 31)), ("By the end of Q1.", date(2027, 3, 31)),
    ("before the end of Q2", date(2027, 6, 30)), ("by the end of the first quarter", date(2027, 3, 31)),
    ("end of Q4", date(2026, 12, 31)), ("by end of Q1 2028", date(2028, 3, 31)),
    ("一季度末前", date(2027, 3, 31)), ("第二季度末", date(2027, 6, 30)), ("Q1结束前", date(2027, 3, 31)),
    ("一季度结束之前", date(2027, 3, 31)), ("Q3末", date(2027, 9, 30)),
    # as before
    ("Q1 next year", date(2027, 3, 31)), ("明年一季度", date(2027, 3, 31)),
])
def test_the_end_of_a_quarter_is_a_deadline(text: str, day: date) -> None:
    """"by end of Q1" and "By the end of Q1." read no date (p61, p63); the English answer then became the product
    ("Noted the product: By the end of Q1.", the title "By the end of Q1: calibrated")."""
    assert extract_deadline(text, DAY) == day


@pytest.mark.parametrize(("text", "secret"), [
    ("预算暂时不能透露", False), ("价格不能透露", False), ("预算不方便透露", False), ("费用方面暂时保密", False),
    ("价格暂不公开", False), ("预算保密，技术资料也要保密", True),
    # secrecy as before
    ("技术参数不能透露", True), ("配方不能透露", True), ("预算三万，技术参数不能透露", True), ("需要保密", True),
])
def test_a_budget_not_told_is_no_secrecy(text: str, secret: bool) -> None:
    """"预算暂时不能透露" marked the need confidential ("好的，预算先不填；已标记为保密需求。", found writing this
    probe's tests): the budget is what is withheld."""
    from intake.extract.confidential import is_confidential
    assert is_confidential(text) is secret


# ---- service types: a calibration's accreditation, tests named in English within Chinese, a test said loosely

@pytest.mark.parametrize(("text", "types"), [
    ("本公司计量室需外送校准一批量具：数显卡尺（0-150mm）6把、外径千分尺（0-25mm）4把，依据JJG 30-2012和JJG 21-2008，"
     "要求出具CNAS校准证书。", [S.calibration]),
    ("We need 12 torque wrenches calibrated to ISO 6789-2:2017, with CNAS-accredited certificates.", [S.calibration]),
    ("压力表需要校准，要有CNAS资质", [S.calibration]),
    # a test asked for beside the calibration stays
    ("压力表需要校准，另外阀门要做CNAS检测报告", [S.inspection_testing, S.calibration]),
    ("压力表需要校准，另外还要送检一批阀门，出CMA报告", [S.inspection_testing, S.calibration]),
    ("要求出具CNAS报告", [S.inspection_testing]),
])
def test_an_accreditation_beside_a_calibration_asks_no_test(text: str, types: list[S]) -> None:
    """"要求出具CNAS校准证书" and "with CNAS-accredited certificates" added 检验检测 to a calibration (p56, p63): the
    mark names who may calibrate."""
    assert extract_service_types(text) == types


@pytest.mark.parametrize(("text", "types"), [
    ("Hi 我们是做PCBA的，要做thermal cycling和vibration test两项", [S.inspection_testing]),
    ("我们要做drop test和salt spray", [S.inspection_testing]),
    ("想找人做个failure analysis", [S.quality_evaluation]),
    # Chinese tests beside an acronym read as before
    ("要做EMC测试", [S.inspection_testing]), ("IP65测试", [S.inspection_testing]),
])
def test_english_words_in_a_chinese_sentence_are_read(text: str, types: list[S]) -> None:
    """"要做thermal cycling和vibration test两项" read no service (an English word runs into the Chinese after it with
    no word boundary between; p61), so the chat asked which service twice and listed it as not given."""
    assert extract_service_types(text) == types


@pytest.mark.parametrize(("text", "types"), [
    ("我们厂做不锈刚水槽 客户要盐雾实验报告", [S.inspection_testing]),
    ("要做高低温实验", [S.inspection_testing]),
    ("还有镀层厚度也要测下", [S.inspection_testing]),
    ("帮我们测下硬度", [S.inspection_testing]),
    # no test
    ("我们有自己的实验室", []), ("测下限要多少", []), ("实验室要搬到下个月", []),
])
def test_a_test_said_loosely_is_a_test(text: str, types: list[S]) -> None:
    """"客户要盐雾实验报告" (实验 for 试验, as it is often typed) read no service, so the chat asked which one; and
    "还有镀层厚度也要测下", answering the product question, became the product "还有镀层" (p55)."""
    assert extract_service_types(text) == types


# ---- a continuation is no product

SINKS = ["我们厂做不锈刚水槽 客户要盐雾实验报告", "佛山顺得", "下周五前 急", "钱不好说 看你们报价"]


def test_a_test_added_is_no_product(intake_settings: Settings) -> None:
    """"还有镀层厚度也要测下" became the product "还有镀层" ("已记下产品：还有镀层。", and the title
    "还有镀层盐雾实验需求"; p55)."""
    view = _views(intake_settings, [*SINKS, "还有镀层厚度也要测下"])[-1]
    assert not (view.need.product or "").startswith("还有"), view.need.product
    assert "已记下产品" not in _last_reply(view), _last_reply(view)


# ---- a test named by more words than a phrase held, ruled out

LIGHTS = "We make LED grow lights in Xiamen and need IP65 testing and a photobiological safety test."


def test_two_tests_named_in_english_are_each_an_item() -> None:
    assert phrase_items(phrase_of(LIGHTS, S.inspection_testing)) == ["IP65 testing", "photobiological safety test"]
    assert phrase_items(phrase_of("need a salt spray test and a static load test", S.inspection_testing)) == [
        "salt spray test", "static load test"]


def test_a_long_test_named_and_ruled_out_is_removed(intake_settings: Settings) -> None:
    """"skip the photobiological safety test" of that need was "Noted: no safety test." (the phrase held "IP65
    testing" alone) and the need kept it (p65)."""
    view = _views(intake_settings, [LIGHTS, "Actually, skip the photobiological safety test, we already have that "
                                            "report."])[-1]
    assert phrase_items(view.need.phrases[S.inspection_testing]) == ["IP65 testing"]
    assert _last_reply(view).startswith("Removed: photobiological safety test."), _last_reply(view)


# ---- titles: no sentence of the enterprise's before a colon, no clause that rules something out

def _need(text: str, language: str = "zh", **fields: Any) -> Need:
    return Need(text=text, language=language, **fields)  # type: ignore[arg-type]


def test_a_sentence_before_a_colon_is_no_heading() -> None:
    """"本公司计量室需外送校准一批量具：数显卡尺…" was titled by its first sentence (p56)."""
    text = "本公司计量室需外送校准一批量具：数显卡尺（0-150mm）6把、外径千分尺（0-25mm）4把，要求出具CNAS校准证书。"
    need = _need(text, product="量具", service_types=[S.calibration], phrases={S.calibration: "校准"})
    assert derive_title(need) == "量具校准需求"
    heading = _need("LED手电筒红外开关改进：开关在低温下失灵", product="LED手电筒")
    assert derive_title(heading) == "LED手电筒红外开关改进"


def test_a_line_that_rules_a_test_out_is_no_title() -> None:
    """A need with no product was titled "skip the photobiological safe…" from the message that ruled it out (p65)."""
    need = _need(f"{LIGHTS}\nActually, skip the photobiological safety test, we already have that report.", "en",
                 service_types=[S.inspection_testing], phrases={S.inspection_testing: "IP65 testing"})
    assert derive_title(need) == "IP65 testing need"
    need = _need("我们在苏州想做振动测试和盐雾测试\n不用做盐雾测试了", service_types=[S.inspection_testing],
                 phrases={S.inspection_testing: "振动测试"})
    assert derive_title(need) == "振动测试需求"


@pytest.mark.parametrize(("text", "phrase"), [
    ("还有镀层厚度也要测下", "镀层厚度测试"), ("帮我们测下硬度", "硬度测试"),
    ("想测一下阀门的密封性能", "密封性能测试"),
    ("我们想测一下", None), ("能否帮忙测一下这批304不锈钢板的化学成分和力学性能？", None),
])
def test_a_test_asked_for_in_a_word_is_named_by_its_thing(text: str, phrase: str | None) -> None:
    assert phrase_of(text, S.inspection_testing) == phrase


def test_a_test_asked_for_in_a_word_is_added(intake_settings: Settings) -> None:
    """"还有镀层厚度也要测下" was "这条消息里没有读到新的信息" (p55)."""
    view = _views(intake_settings, [*SINKS, "还有镀层厚度也要测下"])[-1]
    assert _last_reply(view).startswith("已记下，另外要做：镀层厚度测试"), _last_reply(view)
    assert phrase_items(view.need.phrases[S.inspection_testing]) == ["盐雾实验", "镀层厚度测试"]


# ---- found probing variants of this probe's conversations

CALIPERS = "We need salt spray testing for our brake calipers, factory in Ningbo."
DISCS = ["我们做汽车刹车盘的，想做个盐雾测试", "宁波", "月底", "一万左右"]
HANDLES = ["我们需要做一个盐雾试验，样品是汽车门把手", "常州", "两周内", "8000以内"]


@pytest.mark.parametrize(("messages", "product", "said"), [
    # typed without punctuation: the clauses were one ("刚才说错了  刹车卡钳" became the product and the title)
    ([*DISCS, "刚才说错了 不是刹车盘 是刹车卡钳"], "刹车卡钳",
     "已按您的更正，产品改为：刹车卡钳（原为：汽车刹车盘）。"),
    # "Sorry, not X, Y" was "I could not tell what to correct"
    ([CALIPERS, "Within 2 months", "Budget 20-30k", "Sorry, not brake calipers, brake discs."], "brake discs",
     "Product changed to brake discs (was: brake calipers)."),
])
def test_a_product_corrected_tersely_is_taken(intake_settings: Settings, messages: list[str], product: str,
                                              said: str) -> None:
    view = _views(intake_settings, messages)[-1]
    assert view.need.product == product
    assert _last_reply(view).startswith(said), _last_reply(view)


def test_a_region_typed_with_a_space_is_read(intake_settings: Settings) -> None:
    view = _views(intake_settings, [DISCS[0], "宁波 北仑"])[-1]
    assert (view.need.region.province, view.need.region.city) == ("浙江省", "宁波市")


def test_a_budget_corrected_figure_for_figure(intake_settings: Settings) -> None:
    """"不好意思，不是8000，是18000" of a budget of 8,000 was "这条消息里没有读到新的信息"."""
    view = _views(intake_settings, [*HANDLES, "不好意思，不是8000，是18000"])[-1]
    assert (view.need.budget.min_yuan, view.need.budget.max_yuan) == (18000, 18000)
    assert _last_reply(view).startswith("已按您的更正，预算改为：1.8万元"), _last_reply(view)


def test_a_figure_that_is_not_the_budget_corrects_no_budget(intake_settings: Settings) -> None:
    view = _views(intake_settings, [*HANDLES, "不好意思，不是20个样品，是30个"])[-1]
    assert (view.need.budget.min_yuan, view.need.budget.max_yuan) == (None, 8000)


def test_actually_asking_for_more_is_an_addition(intake_settings: Settings) -> None:
    """"Actually, we also need a vibration test." was "I could not tell what to correct"."""
    view = _views(intake_settings, [CALIPERS, "Actually, we also need a vibration test."])[-1]
    assert phrase_items(view.need.phrases[S.inspection_testing]) == ["salt spray testing", "vibration test"]
    assert _last_reply(view).startswith("Noted, also wanted: vibration test"), _last_reply(view)


@pytest.mark.parametrize(("text", "day"), [
    ("by next Friday", date(2026, 12, 4)), ("before this Friday", date(2026, 11, 27)),
    ("next Friday", date(2026, 12, 4)),
    ("end of month", date(2026, 11, 30)), ("by end of month", date(2026, 11, 30)),
    # a past or passing mention is no deadline
    ("We tested it at the end of month", None), ("we met next Friday", None),
])
def test_english_weekdays_and_month_ends_are_deadlines(text: str, day: date | None) -> None:
    """"by next Friday" and "end of month" read no date: each was asked again, then listed as not given."""
    assert extract_deadline(text, DAY) == day


def test_an_english_greeting_is_answered_in_english(intake_settings: Settings) -> None:
    """"Hi" got "您希望机构提供哪类服务？" on the JSON API (no page language)."""
    assert reply_language(_last_reply(_views(intake_settings, ["Hi"])[-1])) == "en"
    assert reply_language(_last_reply(_views(intake_settings, ["你好"])[-1])) == "zh"


@pytest.mark.parametrize(("messages", "product"), [
    # "产品是PP材质的汽车保险杠" read the material "PP材质"; "我们的产品是电动牙刷 需要做IPX7防水测试…" read "IPX7" (and
    # the title "IPX7IPX7防水测试需求")
    (["我们厂是做塑料件的 想找人做个失效分析 产品老开裂", "东莞长安", "产品是PP材质的汽车保险杠"], "汽车保险杠"),
    (["我们的产品是电动牙刷 需要做IPX7防水测试和跌落测试 在深圳"], "电动牙刷"),
    (["We need EMC testing, plant in Suzhou. The product is a smart water meter."], "smart water meter"),
    # no name after the cue: the reader's, as before
    (["我们产品是出口的，要做电热水壶的CE认证，在宁波"], "电热水壶"),
])
def test_a_product_said_in_so_many_words_is_taken(intake_settings: Settings, messages: list[str],
                                                  product: str) -> None:
    view = _views(intake_settings, messages)[-1]
    assert view.need.product == product
    assert view.need.title and product in view.need.title


def test_the_product_is_failing_names_no_product() -> None:
    from intake.dialogue import stated_product
    assert stated_product("the product is failing in the field", today=DAY) is None
    assert stated_product("产品是什么不重要", today=DAY) is None


@pytest.mark.parametrize(("text", "day"), [
    ("Deadline: Jan 15", date(2027, 1, 15)), ("Jan 25", date(2027, 1, 25)), ("by mid-January", date(2027, 1, 15)),
    ("late February", date(2027, 2, 28)), ("early March", date(2027, 3, 10)),
    # a notice's date, or a month part in passing, is none
    ("DATE: July 15, 2008 A Request for Proposals", None), ("We tested it in mid-January", None),
])
def test_a_date_said_alone_in_english_is_a_deadline(text: str, day: date | None) -> None:
    """"Deadline: Jan 15" was "I found nothing new in that message" (the colon ends a clause, and "Jan 15" alone read
    no date)."""
    assert extract_deadline(text, DAY) == day


def test_a_deadline_corrected_date_for_date_in_english(intake_settings: Settings) -> None:
    """"Sorry, Jan 25 not Jan 15" was "I could not tell what to correct"."""
    view = _views(intake_settings, ["We need an IP67 test for our outdoor junction boxes, we are in Ningbo",
                                    "Deadline: Jan 15", "Sorry, Jan 25 not Jan 15"])[-1]
    assert view.need.deadline == date(2027, 1, 25)
    assert _last_reply(view).startswith("Deadline changed to 2027-01-25 (was: 2027-01-15)."), _last_reply(view)


def test_a_patent_asked_for_after_it_is_named(intake_settings: Settings) -> None:
    """"另外专利也想顺便申请几个" was "这条消息里没有读到新的信息"."""
    view = _views(intake_settings, ["我们想申请高新技术企业认定，需要找机构辅导，公司做智能门锁的", "合肥",
                                    "另外专利也想顺便申请几个"])[-1]
    assert [s.value for s in view.need.service_types] == ["ip", "qualification_consulting"]
    assert view.need.phrases[S.ip] == "专利申请"
    assert extract_service_types("专利已经申请了") == []


@pytest.mark.parametrize(("messages", "said"), [
    (["We need REACH SVHC testing for our zippers, Xiamen, Fujian", "Can you also check RoHS?"],
     "Noted, also wanted: RoHS testing → inspection and testing."),
    (["We need REACH SVHC testing for our zippers, Xiamen, Fujian", "Can you also do a salt spray test?"],
     "Noted, also wanted: salt spray test → inspection and testing."),
    (["我们的拉链要做REACH检测，在厦门", "你们能顺便做一下RoHS检测吗？"], "已记下，另外要做：RoHS检测 → 检验检测。"),
])
def test_a_polite_request_for_one_more_test_is_a_request(intake_settings: Settings, messages: list[str],
                                                         said: str) -> None:
    """"Can you also check RoHS?" got how the platform goes on and added nothing; "Can you also do a salt spray
    test?" added it but opened with that answer too."""
    reply = _last_reply(_views(intake_settings, messages)[-1])
    assert reply.startswith(said), reply
    assert chat.QUESTION_BACK[1] not in reply and chat.QUESTION_BACK[0] not in reply


@pytest.mark.parametrize("text", ["Our parts are RoHS compliant.", "我们的产品符合RoHS要求"])
def test_rohs_said_of_the_product_asks_no_test(text: str) -> None:
    assert extract_service_types(text) == []


def test_a_model_said_before_the_product_is_kept(intake_settings: Settings) -> None:
    """"产品是304的保温杯" after the card's "316不锈钢保温杯" read 保温杯: the model was the correction."""
    view = _views(intake_settings, ["我们的不锈钢保温杯要做食品接触材料检测，在永康",
                                    {"card": {"product": "316不锈钢保温杯"}}, "产品是304的保温杯"])[-1]
    assert view.need.product == "304不锈钢保温杯"
    assert _last_reply(view).startswith("已按您的更正，产品改为：304不锈钢保温杯（原为：316不锈钢保温杯）。")


INVERTERS = ["我们做光伏逆变器的，想做IEC 62109认证，顺便做个EMC测试", "深圳南山", "春节前", "十万左右"]


def test_a_mark_with_its_standard_number_names_the_service() -> None:
    """"IEC 62109认证" was too long for a phrase, so the need had no words for its service. (The EMC test asked for
    beside it, "顺便做个EMC测试", is one more of its items since the sixteenth probe.)"""
    assert phrase_of(INVERTERS[0], S.inspection_testing) == "IEC 62109认证、EMC测试"


def test_a_bare_no_after_a_clause_rules_that_clause_out(intake_settings: Settings) -> None:
    """"EMC我们已经做过了，不用" was "这条消息里没有读到新的信息". (Since the sixteenth probe the first message's
    "顺便做个EMC测试" is one of the need's items, so ruling it out takes it away: it was "好的，不做EMC", said of a test
    never asked for.)"""
    view = _views(intake_settings, [*INVERTERS, "EMC我们已经做过了，不用"])[-1]
    assert _last_reply(view).startswith("已去掉：EMC测试。"), _last_reply(view)
    assert view.need.phrases[S.inspection_testing] == "IEC 62109认证"
    assert [s.value for s in view.need.service_types] == ["inspection_testing"]


def test_a_service_maybe_wanted_later_is_not_added(intake_settings: Settings) -> None:
    """"Also we might need CE certification later, not now." added CE certification (检验检测)."""
    view = _views(intake_settings, ["Our company makes hydraulic valves in Wuxi. We're not sure which standards apply "
                                    "for export to the EU.", "Within a month", "No budget yet",
                                    "Also we might need CE certification later, not now."])[-1]
    assert [s.value for s in view.need.service_types] == ["information"]


@pytest.mark.parametrize(("text", "budget"), [
    ("预算一个两百，一共一万", (10000, 10000)), ("单价200元，合计1万元", (10000, 10000)),
    ("我们一共送5个型号，每个型号预算两千左右", (10000, 10000)), ("公司一共100人，预算5万", (50000, 50000)),
])
def test_a_total_is_the_budget(text: str, budget: tuple[int, int]) -> None:
    """"预算一个两百，一共一万" read 200 yuan (the price of one beside the word 预算)."""
    from intake.extract.budget import extract_budget
    read = extract_budget(text)
    assert (read.min_yuan, read.max_yuan) == budget


def test_a_budget_left_open_and_given_later_is_taken(intake_settings: Settings) -> None:
    """"not sure about budget, I'll ask" … "He says up to 5000" was "I found nothing new in that message"."""
    view = _views(intake_settings, ["My boss asked me to find a lab for formaldehyde testing of our office furniture",
                                    "we're in Foshan, Shunde", "ASAP", "not sure about budget, I'll ask",
                                    "He says up to 5000"])[-1]
    assert (view.need.budget.min_yuan, view.need.budget.max_yuan) == (None, 5000)
    assert _last_reply(view).startswith("Noted the budget: up to RMB 5,000."), _last_reply(view)


@pytest.mark.parametrize(("text", "secret"), [
    ("对了这个不能公开，涉及客户", True), ("这个需求不可以公开", True), ("数据不得公开", True),
    # questions whether it may be public ask nothing
    ("能不能公开？", False), ("可不可以公开", False), ("不能公开吗？", False),
])
def test_not_to_be_published_is_secrecy(text: str, secret: bool) -> None:
    """"对了这个不能公开，涉及客户" was "这条消息里没有读到新的信息"."""
    from intake.extract.confidential import is_confidential
    assert is_confidential(text) is secret


def test_a_count_corrected_changes_no_product(intake_settings: Settings) -> None:
    """"wait, actually 5 gauges not 3" made the product "actually 5 gauges" ("Product changed to …")."""
    view = _views(intake_settings, ["Need CNAS calibration for 3 pressure gauges, Tianjin", "by Dec 20",
                                    "budget 1500", "wait, actually 5 gauges not 3"])[-1]
    assert view.need.product == "pressure gauges"
    assert not _last_reply(view).startswith("Product changed"), _last_reply(view)


def test_a_problem_taken_to_a_university_is_rnd() -> None:
    """"我们有一个技术难题想找高校合作：铝合金压铸件气孔率高" read no service: asked twice, then not given."""
    assert extract_service_types("我们有一个技术难题想找高校合作：铝合金压铸件气孔率高") == [S.rnd]
    assert phrase_of("我们有一个技术难题想找高校合作：铝合金压铸件气孔率高", S.rnd) is None
    assert extract_service_types("我们有和高校合作的经验，这次想做检测") == [S.inspection_testing]


def test_a_patent_application_is_named_by_what_is_filed() -> None:
    """p64 was titled "solid-state electrolytes: file a PCT patent" (the cue stopped at "patent")."""
    text = ("We are a university spin-off developing solid-state electrolytes and want to file a PCT patent "
            "application for our new sulfide electrolyte.")
    assert phrase_of(text, S.ip) == "PCT patent application"
    assert phrase_of("We want to file patents on it.", S.ip) == "file patents"


@pytest.mark.parametrize(("later", "said", "item"), [
    ("Sorry, we do not need the salt spray test anymore, only a vibration test.",
     "Service type changed to vibration test → inspection and testing (was: salt spray testing → inspection and "
     "testing).", "vibration test"),
])
def test_one_test_ruled_out_and_another_asked_is_a_swap(intake_settings: Settings, later: str, said: str,
                                                        item: str) -> None:
    """The vibration test was not added (no request word but "only"), and the need was left with no service."""
    view = _views(intake_settings, [CALIPERS, later])[-1]
    assert view.need.phrases[S.inspection_testing] == item
    assert _last_reply(view).startswith(said), _last_reply(view)


def test_a_swap_said_in_chinese(intake_settings: Settings) -> None:
    view = _views(intake_settings, ["我们的刹车卡钳要做盐雾测试，在宁波", "盐雾测试不用做了，只要做振动测试"])[-1]
    assert view.need.phrases[S.inspection_testing] == "振动测试"


def test_an_english_product_corrected_by_a_longer_name(intake_settings: Settings) -> None:
    """"Not the drivers, the power supplies." was "I could not tell what to correct"."""
    view = _views(intake_settings, ["We need EMC testing for LED drivers in Suzhou",
                                    "Not the drivers, the power supplies."])[-1]
    assert view.need.product == "power supplies"


@pytest.mark.parametrize(("text", "types"), [
    ("产品 是 锂电池 要做 UN38.3", [S.inspection_testing]), ("我们做五金的 想做个盐雾 在温州 预算三千 下个月底",
                                                      [S.inspection_testing]),
    ("我们做过振动", []), ("盐雾试验", [S.inspection_testing]),
])
def test_a_test_named_by_its_kind_or_standard_alone(text: str, types: list[S]) -> None:
    """"要做 UN38.3" and "想做个盐雾" read no service: the chat asked which, twice, and listed it as not given."""
    assert extract_service_types(text) == types
