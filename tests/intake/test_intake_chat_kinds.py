"""The kinds of failure the second dialogue set and walking the chat in Chromium found (issue 27), each as a general
rule: the page's language for the replies, a first message that is only a correction, a product said with the
condition it fails under, corrections of the product in Chinese and English, an amount answering another question,
a product named with the service, a move, an English negation, a weekday deadline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pytest

from core.db import session_scope
from core.settings import Settings
from intake import service
from intake.extract.deadline import extract_deadline
from intake.extract.product import extract_product
from intake.publish import title_flaws
from intake.schemas import SessionView

DAY = date(2026, 11, 26)  # a Thursday


def _views(settings: Settings, messages: Sequence[str], page_language: str | None = None) -> list[SessionView]:
    with session_scope(settings) as s:
        view = service.start_session(session=s, text=messages[0], today=DAY, page_language=page_language)
        views = [view]
        for text in messages[1:]:
            view = service.post_message(session=s, session_id=view.id, text=text, today=DAY,
                                        page_language=page_language)
            views.append(view)
    return views


def _replies(view: SessionView) -> list[str]:
    return [t.text for t in view.turns if t.role == "assistant"]


# ---- (a) the page's language

def test_chinese_typed_on_the_english_page_gets_english_replies(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的LED路灯电源在南方雨季故障率很高，想找机构做失效分析", "广西南宁"],
                   page_language="en")
    replies = _replies(views[-1])
    # what the first message was read as comes first, the enterprise's own words kept as typed
    assert replies[0] == "Noted: service type 失效分析 → quality-technology evaluation; product LED路灯电源.\n" \
                         "Where is your company or the site needing the service (province/city)? Must the provider " \
                         "be local?"
    assert replies[1].startswith("Noted the region: Nanning, Guangxi.")  # (in English since the seventh probe)
    assert views[-1].need.language == "zh"  # what was read from the text stays the text's language


def test_without_a_page_the_replies_follow_the_text(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的LED路灯电源在南方雨季故障率很高，想找机构做失效分析", "广西南宁"])
    assert all(re.search(r"[\u4e00-\u9fff]{4}", r) for r in _replies(views[-1]))
    assert _replies(views[-1])[0].startswith("已记下：服务类型 失效分析 → 质量技术评价；产品 LED路灯电源。\n您的企业")


def test_english_typed_on_the_chinese_page_gets_chinese_replies(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["We need a failure analysis of cracked ceramic insulators.", "Baoding, Hebei."],
                   page_language="zh")
    assert _replies(views[-1])[1].startswith("已记下地区：河北省保定市。")


def test_the_card_answers_in_the_conversation_language(intake_settings: Settings) -> None:
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="想给我们的电动牙刷做防水等级检测", today=DAY,
                                     page_language="en")
        view = service.edit_fields(session=s, session_id=view.id, changes={"budget": "五千"})
    assert _replies(view)[-1].startswith("Noted the budget")


# ---- (b) a first message that is only a correction

@pytest.mark.parametrize(("text", "title"), [("不对，是失效分析", "失效分析需求"),
                                             ("No, not testing - failure analysis.", "failure analysis need")])
def test_a_first_message_that_is_only_a_correction(intake_settings: Settings, text: str, title: str) -> None:
    need = _views(intake_settings, [text])[0].need
    assert [s.value for s in need.service_types] == ["quality_evaluation"]  # not the testing it rules out
    assert need.title == title


@pytest.mark.parametrize("title", ["是失效分析", "不对，是失效分析", "not testing - failure analysis",
                                   "Actually calibration"])
def test_a_correction_leftover_is_a_title_flaw(title: str) -> None:
    assert title_flaws(title) == ["correction"]


def test_a_problem_title_has_no_correction_flaw() -> None:
    assert title_flaws("储能电池包失效分析需求") == [] and title_flaws("solenoid valves: failure analysis") == []


# ---- (c) the product said with the condition it fails under

@pytest.mark.parametrize(("text", "product"), [
    ("储能电池包高温报警", "储能电池包"),
    ("最近储能电池包高温报警很频繁，想做失效分析", "储能电池包"),
    ("电机控制器过压保护老是误动作", "电机控制器"),
    # the company's line said to introduce it gives way to the thing that fails…
    ("我们是做户外储能电源的，今年夏天返修回来的机器里，储能电池包高温报警的特别多，想找机构做失效分析。",
     "储能电池包"),
    # …but not when it is named again: then it is that thing
    ("我们是做核电阀门的，想测一下阀门在高温高压下的密封泄漏率，现有的设备测不准。", "核电阀门"),
    ("我们是做户外储能电源的，想做失效分析", "户外储能电源"),
    ("高温合金叶片做检测", "高温合金叶片"),
    ("我们研发了一款新型陶瓷刹车片，想按国标做台架性能检测。", "陶瓷刹车片"),
    ("我们想给自家的赣南脐橙做品牌规划，再注册个商标", "赣南脐橙"),
])
def test_the_product_is_the_thing_not_its_condition(text: str, product: str) -> None:
    assert extract_product(text) == product


# ---- corrections of the product

@pytest.mark.parametrize(("messages", "product"), [
    (["想给我们的不锈钢保温杯做个检测，要出CMA报告的。", "温州瑞安的",
      "哦不好意思，不是保温杯，是保温饭盒，杯子那个已经做完了"], "保温饭盒"),
    (["We need a failure analysis on cracked ceramic insulators.", "Baoding, Hebei.",
      "Sorry, they're not ceramic, they're composite insulators."], "composite insulators"),
])
def test_a_product_correction_takes_the_right_half(intake_settings: Settings, messages: list[str],
                                                   product: str) -> None:
    assert _views(intake_settings, messages)[-1].need.product == product


def test_a_move_changes_the_region_and_names_no_product(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["We need an invention patent filing for our new e-bike folding hinge.",
                                     "We're based in Yongkang, Zhejiang.",
                                     "Sorry, correction: we moved to Wenzhou last month, the company is there now."])
    need = views[-1].need
    assert (need.region.province, need.region.city) == ("浙江省", "温州市")
    assert need.product == "e-bike folding hinge"


# ---- answers that hold another field, or the product beside the service

def test_an_amount_answering_the_product_question_is_the_budget(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["你好，想找个机构帮忙", "做个盐雾试验", "五千以内"])
    assert views[1].ask_field == "product"
    need = views[-1].need
    assert need.product is None and (need.budget.min_yuan, need.budget.max_yuan) == (None, 5000)
    assert views[-1].ask_field == "product"  # asked once more


def test_a_question_asked_once_more_says_it_comes_back_to_it(intake_settings: Settings) -> None:
    # The re-ask's lead-in, in each language: the English one read "One more time: " (the third probe's note).
    zh = _views(intake_settings, ["你好，想找个机构帮忙", "做个盐雾试验", "五千以内"])
    assert zh[-1].ask_field == "product" and "还想再确认一下：" in _replies(zh[-1])[-1]
    en = _views(intake_settings, ["Hello, we need some help.", "A salt spray test.", "Under 5000 yuan."])
    assert en[-1].ask_field == "product", _replies(en[-1])
    assert "Back to my earlier question: " in _replies(en[-1])[-1]


def test_the_product_named_with_the_service_lands(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["你好，想找个机构帮忙", "我们的PE给水管要做卫生性能检测，要CMA报告"])
    assert views[-1].need.product == "PE给水管"
    assert views[-1].ask_field == "region"


def test_an_english_product_answer_lands_from_its_first_clause(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["No, not testing - failure analysis.",
                                     "Aluminium die-cast housings for EV motor controllers, some of them crack "
                                     "during assembly."])
    assert views[-1].need.product == "Aluminium die-cast housings"


# ---- an English negation; a weekday deadline

def test_forget_rules_a_service_out(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["We make PET bottles. We need migration testing, and help drafting a group "
                                     "standard for recycled PET.", "Guangzhou.",
                                     "On second thought, forget the standard for now, just the testing."])
    assert [s.value for s in views[1].need.service_types] == ["inspection_testing", "standards"]
    assert [s.value for s in views[-1].need.service_types] == ["inspection_testing"]


@pytest.mark.parametrize(("text", "deadline"), [
    ("下周五之前", date(2026, 12, 4)), ("本周六前交报告", date(2026, 11, 28)), ("下下周一出结果", date(2026, 12, 7)),
    ("下个星期二前", date(2026, 12, 1)), ("下周三来取样", None)])
def test_a_weekday_deadline(text: str, deadline: date | None) -> None:
    assert extract_deadline(text, DAY) == deadline


# ---- confidentiality said as a negation (found in Chromium: "…，不保密。" put 保密：是 on the card)

@pytest.mark.parametrize("messages", [
    ["我们是常州的储能电池厂，储能电池包要做热失控检测，需要CMA报告，预算5万元，三个月内完成，不保密。"],
    ["储能电池包要做热失控检测，常州，预算5万元，三个月内。", "这个不保密，可以公开。"],
    ["储能电池包要做热失控检测，常州，预算5万元，三个月内，要保密。", "算了，不保密了。"],
])
def test_not_confidential_said_as_a_negation(intake_settings: Settings, messages: list[str]) -> None:
    views = _views(intake_settings, messages)
    need = views[-1].need
    assert need.confidential is False
    assert "confidential" in need.sources  # said: the card shows 否, not 未说明
    if len(messages) > 1:
        assert "不保密" in _replies(views[-1])[-1]


# ---- two messages of one conversation at once

def test_two_messages_at_once_never_overwrite_each_other(intake_settings: Settings) -> None:
    """The later of two messages posted at once was written over the earlier: its turn and its fields were lost.
    The one that read the conversation before the other was stored is refused (409), and nothing of it is kept."""
    from core.errors import ConflictError
    from intake.models import IntakeSession

    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="电机轴承开裂，想做失效分析，在常州。", today=DAY)
    with pytest.raises(ConflictError) as refused, session_scope(intake_settings) as late:
        seen = late.get(IntakeSession, view.id)  # the second message has read the conversation …
        with session_scope(intake_settings) as first:  # … when the first is stored
            service.post_message(session=first, session_id=view.id, text="预算五万元。", today=DAY)
        assert seen is not None and len(seen.turns) == 2  # (held: the session keeps rows weakly)
        service.post_message(session=late, session_id=view.id, text="三个月内完成。", today=DAY)
    assert refused.value.code == "conversation_changed" and refused.value.field == "session_id"
    with session_scope(intake_settings) as s:
        stored = service.get_session(session=s, session_id=view.id)
    said = [t.text for t in stored.turns if t.role == "user"]
    assert said == ["电机轴承开裂，想做失效分析，在常州。", "预算五万元。"]
    assert stored.need.budget.max_yuan == 50_000 and stored.need.deadline is None
    # sent again, it lands on top of the first
    with session_scope(intake_settings) as s:
        again = service.post_message(session=s, session_id=view.id, text="三个月内完成。", today=DAY)
    assert again.need.deadline is not None and again.need.budget.max_yuan == 50_000


def test_a_question_sent_back_while_a_message_is_stored_is_refused_not_a_500(intake_settings: Settings) -> None:
    """The coordinator's question, added to the conversation when the need is sent back, raced a message of the
    enterprise's like two messages do, and its write that lost (StaleDataError) was a 500."""
    from core.errors import ConflictError
    from intake.models import IntakeSession

    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="电机轴承开裂，想做失效分析，在常州，预算五万元，三个月内。",
                                     today=DAY)
        need_id = view.need.id or ""
        service.publish_need(session=s, need_id=need_id)
        service.advance_need(session=s, need_id=need_id, transition="queue", by=None)
    with pytest.raises(ConflictError) as refused, session_scope(intake_settings) as late:
        seen = late.get(IntakeSession, view.id)  # the send-back has read the conversation …
        with session_scope(intake_settings) as first:  # … when a message is stored
            service.post_message(session=first, session_id=view.id, text="轴承型号是6205。", today=DAY)
        assert seen is not None
        service.advance_need(session=late, need_id=need_id, transition="send_back", by=None, note="哪种电机？")
    assert refused.value.code == "conversation_changed"
    with session_scope(intake_settings) as s:
        stored = service.get_session(session=s, session_id=view.id)
        assert [t.role for t in stored.turns][-2:] == ["user", "assistant"]  # the message kept, nothing half-done
        assert service.sent_back_question(session=s, need_id=need_id) is None
        # sent again, the question joins the conversation after the message
        service.advance_need(session=s, need_id=need_id, transition="send_back", by=None, note="哪种电机？")
    with session_scope(intake_settings) as s:
        turns = service.get_session(session=s, session_id=view.id).turns
    assert (turns[-1].role, turns[-1].text) == ("coordinator", "哪种电机？")


def test_two_opens_of_a_needs_conversation_make_one(intake_settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A need made without the chat gets its conversation when it is opened; two opens at once (two tabs) each found
    none and each made one. The need has one conversation, and the open that lost takes it."""
    from intake.schemas import Need
    from kb.vocab import ServiceType

    with session_scope(intake_settings) as s:
        need = service.save_need(session=s, need=Need(text="电机轴承开裂，想做失效分析。",
                                                      service_types=[ServiceType.quality_evaluation]),
                                 enterprise_id="ent-1")
    need_id = need.id or ""
    looked = service.session_for_need
    opened: list[SessionView] = []

    def found_none_then_the_other_open_is_stored(**kwargs: object) -> SessionView | None:
        if not opened:  # the second open has looked and found none …
            monkeypatch.setattr(service, "session_for_need", looked)
            with session_scope(intake_settings) as first:  # … when the first is stored
                opened.append(service.open_session_for_need(session=first, need_id=need_id, today=DAY))
            return None
        return looked(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "session_for_need", found_none_then_the_other_open_is_stored)
    with session_scope(intake_settings) as late:
        again = service.open_session_for_need(session=late, need_id=need_id, today=DAY)
    assert again.id == opened[0].id
    with session_scope(intake_settings) as s:
        from sqlalchemy import func, select

        from intake.models import IntakeSession
        assert s.scalar(select(func.count()).where(IntakeSession.need_id == need_id)) == 1


# ---- the open question, as the chat page shows it again (found walking the chat)

def test_the_open_question_after_a_card_edit_is_the_question_not_its_acknowledgement(
        intake_settings: Settings) -> None:
    """The "next question" box showed the card edit's acknowledgement ("已按您的更正，预算改为…") on reload: the
    stored conversation's question was its last reply's text."""
    from intake.conversation import QUESTIONS

    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="电机轴承开裂，想做失效分析，在常州。", today=DAY)
        asked = view.ask_field
        assert asked is not None and asked != "budget"
        edited = service.edit_fields(session=s, session_id=view.id, changes={"budget": "五万"})
        assert "预算" in _replies(edited)[-1]  # acknowledged in the conversation …
    with session_scope(intake_settings) as s:
        stored = service.get_session(session=s, session_id=view.id)
    assert stored.ask_field == asked
    assert stored.question == edited.question == QUESTIONS[asked][0]  # … and the box still asks


def test_the_open_question_follows_a_language_switch(intake_settings: Settings) -> None:
    """After the person switched the page's language, the chat page showed the question still open in the old one;
    it is the asked field's question in the language chosen."""
    from intake.conversation import QUESTIONS

    views = _views(intake_settings, ["电机轴承开裂，想做失效分析，在常州。"], page_language="zh")
    asked = views[-1].ask_field
    assert asked is not None
    with session_scope(intake_settings) as s:
        english = service.get_session(session=s, session_id=views[-1].id, page_language="en")
        unchosen = service.get_session(session=s, session_id=views[-1].id)
    assert english.question == QUESTIONS[asked][1]
    assert unchosen.question == QUESTIONS[asked][0]  # no choice made: the conversation's own language


# ---- filler is no product (found walking the chat: "看看产品" and "这边有个技术问题想咨询下" became the product)

@pytest.mark.parametrize("messages", [
    ["你好，我们想找个机构帮忙看看产品的问题", "我们是做不锈钢保温杯的，最近客户投诉杯子保温效果不行"],
    ["你好", "我们这边有个技术问题想咨询下", "是风电齿轮箱的轴承，跑了一年就点蚀了，想做失效分析"],
])
def test_filler_is_no_product(intake_settings: Settings, messages: list[str]) -> None:
    views = _views(intake_settings, messages)
    for view in views[:-1]:
        assert view.need.product is None, view.need.product
    last = views[-1].need
    assert last.product and any(w in last.product for w in ("保温杯", "轴承", "齿轮箱")), last.product
    assert "看看" not in (last.title or "") and "咨询下" not in (last.title or "")


def test_a_product_correction_changes_the_product_alone(intake_settings: Settings) -> None:
    """Found walking the chat: after the card's chips were set to testing and the one-stop service, "产品改成一次性医用
    口罩" dropped 检验检测 from them and left the product as it was."""
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="口罩检测", today=DAY)
        view = service.edit_fields(session=s, session_id=view.id,
                                   changes={"service_types": ["inspection_testing", "infrastructure_collab"]})
        before = list(view.need.service_types)
        view = service.post_message(session=s, session_id=view.id, text="产品改成一次性医用口罩", today=DAY)
    assert view.need.service_types == before
    assert view.need.product == "一次性医用口罩"
    assert "产品改为：一次性医用口罩" in _replies(view)[-1] and "服务类型" not in _replies(view)[-1]


# ---- found walking the chat: English corrections, and what a test measures is no product

@pytest.mark.parametrize(("messages", "field", "value"), [
    (["We need burst pressure tests for PET bottles, we're in Ningbo, Zhejiang.",
      "Change the product to PET preforms, not bottles."], "product", "PET preforms"),
    (["Our stainless steel valves leak, we need to find out why. We're based in Ningbo.",
      "No, the region is Hangzhou, not Ningbo."], "city", "杭州市"),
])
def test_english_corrections_are_taken(intake_settings: Settings, messages: list[str], field: str,
                                       value: str) -> None:
    need = _views(intake_settings, messages)[-1].need
    assert (need.region.city if field == "city" else need.product) == value


def test_the_analyte_of_a_test_is_no_product(intake_settings: Settings) -> None:
    need = _views(intake_settings, ["月饼保质期验证", "不对，是要做微生物检测"])[-1].need
    assert need.product != "微生物" and [s.value for s in need.service_types] == ["inspection_testing"]
    assert extract_product("我们是做辣椒酱的，出口日本之前要做一下农残和重金属检测") == "辣椒酱"


def test_as_soon_as_possible_is_said_back_as_such(intake_settings: Settings) -> None:
    """"越快越好" was answered "好的，期限先不填" (found walking the chat): no date, but not left open either."""
    views = _views(intake_settings, ["不锈钢法兰需要做盐雾试验，要CMA报告", "河北石家庄，越快越好"])
    assert "按尽快安排" in _replies(views[-1])[-1] and "先不填" not in _replies(views[-1])[-1]
    views = _views(intake_settings, ["Salt spray tests for stainless steel flanges, with a CMA report.",
                                     "We're in Shijiazhuang, Hebei, and we need it as soon as possible."])
    assert "as soon as possible" in _replies(views[-1])[-1]
