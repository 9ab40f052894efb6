"""Rules the chat and the need card share, and fixes of the chat's readers (issue 27): a deadline already past is
refused by both and asked again in the chat; "看情况" for the budget leaves it open in both; a later leave to name the
enterprise undoes a wish not to be named; a list's first item scores as its last; a title is no fragment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from intake import conversation, service
from intake.dialogue_eval import title_fragment
from intake.extract.product import _Candidate, _share_list_cues, extract_product
from intake.publish import title_flaws
from intake.schemas import SessionView

DAY = date(2026, 11, 26)
OPENER = "我们的电动牙刷想做防水等级检测，公司在杭州"
OPENER_EN = "We need waterproof testing of our electric toothbrushes; our plant is in Hangzhou."


def _views(settings: Settings, messages: Sequence[str], page_language: str | None = None) -> list[SessionView]:
    with session_scope(settings) as s:
        view = service.start_session(session=s, text=messages[0], today=DAY, page_language=page_language)
        views = [view]
        for text in messages[1:]:
            views.append(view := service.post_message(session=s, session_id=view.id, text=text, today=DAY,
                                                      page_language=page_language))
    return views


def _last_reply(view: SessionView) -> str:
    return [t.text for t in view.turns if t.role == "assistant"][-1]


# ---- 1. a deadline already past: one rule for the card and the chat

@pytest.mark.parametrize(("messages", "said"), [
    ([OPENER, "上个月底前要"], "期限2026年10月31日已经过去，请选今天（2026年11月26日）以后的日期。"),
    ([OPENER, "需要在2025年3月前完成"], "期限2025年2月28日已经过去，请选今天（2026年11月26日）以后的日期。"),
    ([OPENER_EN, "It must be done by March 2025."],
     "The deadline 2025-03-31 has passed; pick a date from 2026-11-26 on."),
    # (a first message is said back first: "已记下：服务类型 …；产品 电动牙刷；地区 浙江省杭州市。")
    ([OPENER + "，需要在2025年3月前完成"],
     "已记下：服务类型 防水等级检测 → 检验检测；产品 电动牙刷；地区 浙江省杭州市。\n"
     "期限2025年2月28日已经过去，请选今天（2026年11月26日）以后的日期。"),
])
def test_a_past_deadline_in_the_chat_is_not_stored_and_asked_again(intake_settings: Settings,
                                                                   messages: list[str], said: str) -> None:
    view = _views(intake_settings, messages)[-1]
    reply = _last_reply(view)
    assert view.need.deadline is None
    assert reply.startswith(said), reply
    en = messages[0] == OPENER_EN
    assert reply.endswith("By when should the work be done? For example \"within three months\" or a date." if en
                          else "希望什么时候之前完成？例如“三个月内”或具体日期。")
    assert view.question is not None and ("By when" in view.question if en else "什么时候" in view.question)


def test_after_a_past_deadline_a_good_one_is_taken(intake_settings: Settings) -> None:
    view = _views(intake_settings, [OPENER, "需要在2025年3月前完成", "三个月内"])[-1]
    assert view.need.deadline == date(2027, 2, 26)


def test_the_card_refuses_a_past_deadline_as_typed_with_the_chats_words(intake_settings: Settings) -> None:
    view = _views(intake_settings, [OPENER])[0]
    with session_scope(intake_settings) as s, pytest.raises(InnodockError) as refused:
        service.edit_fields(session=s, session_id=view.id, changes={"deadline": "2025年3月前"})
    assert refused.value.field == "deadline"
    assert str(refused.value.message).startswith("期限2025年2月28日已经过去，请选今天（2026年11月26日）以后的日期"
                                                 " / the deadline 2025-02-28 has passed")


def test_a_past_date_mentioned_in_passing_is_no_deadline() -> None:
    from intake.extract.deadline import passed_deadline  # (here: a test that fails alone without it)

    assert passed_deadline("2025年3月我们做过一次检测", DAY) is None
    assert passed_deadline("三个月内", DAY) is None
    assert passed_deadline("2025-03-01", DAY, answer=True) == date(2025, 3, 1)


# ---- 5. "看情况" for the budget: the chat and the card read it alike

@pytest.mark.parametrize("typed", ["看情况", "预算看情况", "看情况再说", "面议", "it depends"])
def test_the_card_leaves_the_budget_open_as_the_chat_does(intake_settings: Settings, typed: str) -> None:
    opener = OPENER + "，三个月内，预算5万"
    chat = _views(intake_settings, [OPENER + "，三个月内", typed])[-1]
    assert chat.need.budget.is_empty and "budget" not in chat.need.missing
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text=opener, today=DAY)
        card = service.edit_fields(session=s, session_id=view.id, changes={"budget": typed})
    assert card.need.budget.is_empty and "budget" not in card.need.missing
    assert _last_reply(card).startswith("好的，预算先不填。")


def test_budget_left_open_in_the_first_message_is_not_asked(intake_settings: Settings) -> None:
    view = _views(intake_settings, [OPENER + "，预算看情况，三个月内"])[0]
    # nothing of the need is asked; what waits is whether it may be published (secrecy unsaid)
    assert view.question == conversation.PUBLISH_OPEN[0] and "budget" not in view.need.missing


# ---- 4. a later leave to name the enterprise

NAME = "苏州恒达精密机械有限公司"


@pytest.mark.parametrize(("later", "said"), [
    ("可以写公司名", "好的，公开发布时可以写贵公司名称。"),
    ("公司名可以公开", "好的，公开发布时可以写贵公司名称。"),
])
def test_a_later_leave_to_name_undoes_the_wish(intake_settings: Settings, later: str, said: str) -> None:
    views = _views(intake_settings, [f"我们是{NAME}，电机外壳要做盐雾试验，可以公开，但别写我们公司名", later])
    assert views[0].need.anonymous and NAME in views[0].need.redactions
    need = views[-1].need
    assert not need.anonymous and NAME not in need.redactions and not need.confidential
    assert _last_reply(views[-1]).startswith(said)


def test_a_later_leave_to_name_in_english(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["We need salt spray testing of motor housings in Suzhou; it can be published, "
                                     "but don't name our company.", "Actually, you can use our name."])
    assert views[0].need.anonymous and not views[-1].need.anonymous
    assert _last_reply(views[-1]).startswith("Noted: your company's name may now appear where the need is published.")


def test_a_negated_leave_keeps_the_wish(intake_settings: Settings) -> None:
    views = _views(intake_settings, [f"我们是{NAME}，电机外壳要做盐雾试验，可以公开，但别写我们公司名",
                                     "公司名可以不写"])
    assert views[-1].need.anonymous and NAME in views[-1].need.redactions


def test_leave_to_name_a_confidential_need_keeps_it_confidential(intake_settings: Settings) -> None:
    views = _views(intake_settings, [f"我们是{NAME}，电机外壳要做盐雾试验，需要保密，别写我们公司名", "公司名可以公开"])
    need = views[-1].need
    assert need.confidential and not need.anonymous and NAME in need.redactions
    assert "需求仍为保密" in _last_reply(views[-1])


# ---- 3. a list's items share the cue after its last item

def test_the_first_item_of_a_list_scores_as_the_last_does() -> None:
    text = "电子万能试验机和数显游标卡尺需要校准"
    first = _Candidate("电子万能试验机", 0, 7, 1.0)
    last = _Candidate("数显游标卡尺", 8, 14, 5.0 - 8 * 0.002)  # its place costs start * 0.002
    _share_list_cues(text, [first, last])
    # as the last scores, less the smaller cost of an earlier place: ahead of it, however far apart they start
    assert first.score > last.score
    assert first.score == pytest.approx(5.0 + 0.01)


# ---- 2. titles that are fragments

@pytest.mark.parametrize("title", ["超声波测不需求", "水性防火涂料没有对应的标准需求", "防水等级防水等级检测需求",
                                   "几台三坐标测量机校准需求", "电动自行车控制器机构分析一下原因需求",
                                   "控制器按国标需求",
                                   "encrypted radio modulesEMC需求", "torque sensors: calibrat",
                                   "flow meters: can't measure", "gauges of: testing"])
def test_a_fragment_is_a_bad_title(title: str) -> None:
    assert title_fragment(title)


@pytest.mark.parametrize("title", ["超声波流量计关键参数测量需求", "不锈钢水槽失效分析需求", "储能电池包失效分析需求",
                                   "双组分胶粘剂检测需求", "陶瓷刹车片台架性能检测需求", "pressure gauges: calibration",
                                   "torque sensors: calibrated", "失效分析需求", "LED手电筒红外开关改进"])
def test_a_whole_title_is_no_fragment(title: str) -> None:
    assert not title_fragment(title)


def test_the_ultrasonic_flow_meter_is_read_whole() -> None:
    assert extract_product("我们的超声波流量计需要校准。") == "超声波流量计"
    assert extract_product("我们的电磁流量计需要校准。") == "电磁流量计"


def test_a_measurement_that_cannot_be_done_titles_by_its_category(intake_settings: Settings) -> None:
    view = _views(intake_settings, ["我们的超声波流量计需要校准。", "河南郑州。",
                                    "准确地说不是普通校准，是要测大口径工况下的流量，一般的装置测不了。"])[-1]
    assert view.need.title == "超声波流量计关键参数测量需求"
    assert not title_fragment(view.need.title)


@pytest.mark.parametrize(("text", "product", "title"), [
    ("我们的电动牙刷想做防水等级检测", "电动牙刷", "电动牙刷防水等级检测需求"),
    ("We need waterproof testing of our electric toothbrushes", "electric toothbrushes",
     "electric toothbrushes: waterproof testing"),
])
def test_the_rating_a_test_measures_is_no_product(intake_settings: Settings, text: str, product: str,
                                                  title: str) -> None:
    """"防水等级检测" read 防水等级 as the product, and the title "防水等级防水等级检测需求"; "waterproof testing" read
    "waterproof", titled "waterproof: testing"."""
    assert extract_product(text) == product
    need = _views(intake_settings, [text])[0].need
    assert need.product == product and need.title == title and not title_fragment(need.title)


@pytest.mark.parametrize("wish", ["不可以写公司名", "公司名称不可以公开"])
def test_not_allowed_to_name_is_a_wish_not_to_be_named(intake_settings: Settings, wish: str) -> None:
    """"不可以写公司名" was read as nothing, and "公司名称不可以公开" as "可以公开": the need said to be public."""
    views = _views(intake_settings, [f"我们是{NAME}，电机外壳要做盐雾试验，需要保密", wish])
    need = views[-1].need
    assert need.anonymous and need.confidential and NAME in need.redactions


@pytest.mark.parametrize(("messages", "region_question"), [
    (["我们的电动牙刷想做防水等级检测", "上个月底前要", "三个月内"], "您的企业或需要服务的地点在哪个省市"),
    (["We need waterproof testing of our electric toothbrushes.", "By March 2025.", "Within three months."],
     "Where is your company"),
])
def test_the_question_a_past_deadline_interrupted_is_asked_after_it(intake_settings: Settings, messages: list[str],
                                                                    region_question: str) -> None:
    view = _views(intake_settings, messages)[-1]
    assert view.need.deadline == date(2027, 2, 26)
    assert region_question in _last_reply(view) and view.question is not None and region_question in view.question


# ---- leftovers: a question about publishing, a title naming an accreditation, "testing for <product>"

@pytest.mark.parametrize(("confidential", "question"), [
    (False, "能公开吗"), (True, "这个需求能公开吗？"), (True, "需要保密吗？"), (False, "可以公开吗？"),
])
def test_a_question_about_publishing_is_answered_and_changes_nothing(intake_settings: Settings, confidential: bool,
                                                                     question: str) -> None:
    """"能公开吗" was read as leave to publish: a confidential need became public. A question back is answered (what
    is published, what never is) and the card keeps what it had."""
    opener = "我们的电机外壳要做盐雾试验，公司在苏州" + ("，需要保密" if confidential else "")
    views = _views(intake_settings, [opener, question])
    before, after = views[0].need, views[-1].need
    assert after.confidential is confidential and after.redactions == before.redactions
    assert after.model_dump(exclude={"text", "missing", "sources"}) == before.model_dump(
        exclude={"text", "missing", "sources"})
    reply = _last_reply(views[-1])
    assert "已改为不保密" not in reply and "已记下：不保密" not in reply
    assert ("本需求目前标记为保密" if confidential else "本需求目前未标记保密") in reply
    assert reply.startswith("公开发布的只有") and "联系人" in reply and "从不公开" in reply
    assert reply.endswith("希望什么时候之前完成？例如“三个月内”或具体日期。")


def test_a_question_about_publishing_in_english_is_answered_in_english(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["We need salt spray testing of our motor housings in Suzhou; keep it "
                                     "confidential.", "Will this be published?"])
    assert views[-1].need.confidential
    reply = _last_reply(views[-1])
    assert reply.startswith("Only ") and "never published" in reply and "Contact names" in reply
    assert "This need is marked confidential." in reply


def test_a_statement_that_it_may_be_public_still_clears_secrecy(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的电机外壳要做盐雾试验，公司在苏州，需要保密", "想了想，可以公开"])
    assert not views[-1].need.confidential


@pytest.mark.parametrize("title", ["三坐标测量机CNAS需求", "pressure gauges: CNAS", "电子天平CMA需求",
                                   "torque wrenches: CNAS, CMA"])
def test_a_title_that_names_only_a_qualification_is_bad(title: str) -> None:
    assert title_fragment(title)


@pytest.mark.parametrize("title", ["三坐标测量机CNAS校准需求", "实验室CNAS认可需求",
                                   "pressure gauges: CNAS calibration"])
def test_a_title_with_a_service_beside_the_qualification_is_no_fragment(title: str) -> None:
    assert not title_fragment(title)


@pytest.mark.parametrize(("text", "title"), [
    ("我们有几台三坐标测量机需要做CNAS校准", "三坐标测量机校准需求"),
    ("三坐标测量机要找有CNAS资质的机构", "三坐标测量机检验检测需求"),
    ("Our pressure gauges need CNAS calibration.", "pressure gauges: calibration"),
    ("Our torque sensors need calibration.", "torque sensors: calibration"),
])
def test_the_title_names_the_service_not_the_accreditation(intake_settings: Settings, text: str,
                                                           title: str) -> None:
    need = _views(intake_settings, [text])[0].need
    assert need.title == title and not title_fragment(need.title)


@pytest.mark.parametrize(("text", "product"), [
    ("We need waterproof testing for outdoor lamps.", "outdoor lamps"),
    ("We need salt spray testing for motor housings.", "motor housings"),
])
def test_testing_for_a_thing_reads_the_thing(text: str, product: str) -> None:
    assert extract_product(text) == product


# ---- what probing the chat as new enterprises found (15 conversations written with their cards first)

@pytest.mark.parametrize(("messages", "deadline"), [
    (["我们厂做不锈钢保温杯，杯盖漏水，想找机构做个检测", "温州", "春节前要拿到报告"], date(2027, 2, 5)),
    (["We need EMC testing for our industrial robot controllers.", "Our factory is in Suzhou.",
      "Before Chinese New Year."], date(2027, 2, 5)),
])
def test_before_the_spring_festival_is_a_deadline(intake_settings: Settings, messages: list[str],
                                                  deadline: date) -> None:
    """"春节前" / "Before Chinese New Year." were not read: the deadline was asked once more, then listed as not
    given."""
    view = _views(intake_settings, messages)[-1]
    assert view.need.deadline == deadline
    assert "deadline" not in view.need.missing


def test_a_past_spring_festival_is_no_deadline() -> None:
    from intake.extract.deadline import extract_deadline
    assert extract_deadline("去年春节前做过一次", DAY) is None
    assert extract_deadline("上次春节前送检过", DAY) is None
    assert extract_deadline("春节前", date(2027, 3, 1)) == date(2028, 1, 25)


def test_next_month_answering_the_product_question_is_the_deadline(intake_settings: Settings) -> None:
    """Asked for the product, "下个月" became the product (title "下个月ISO 9001需求") and no deadline."""
    views = _views(intake_settings, ["想对员工做一次ISO 9001内审员培训", "无锡", "下个月"])
    need = views[-1].need
    assert need.product is None and need.deadline == date(2026, 12, 31)
    assert "下个月" not in (need.title or "")


@pytest.mark.parametrize(("text", "low", "high"), [("预算三到五千", 3000, 5000), ("预算3-5千", 3000, 5000),
                                                   ("预算五到八千块", 5000, 8000), ("预算二十到三百元", 20, 300)])
def test_a_thousands_range_written_once_applies_to_both(text: str, low: int, high: int) -> None:
    from intake.extract.budget import extract_budget
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (low, high)


def test_a_budget_corrected_to_three_to_five_thousand(intake_settings: Settings) -> None:
    """"是三到五千" read 3–5000 元, and the chat said "预算改为：3–5000元"."""
    views = _views(intake_settings, ["我们厂做不锈钢保温杯，杯盖漏水，想找机构做个检测，公司在温州", "大概三五万",
                                     "不好意思，预算说错了，是三到五千"])
    need = views[-1].need
    assert (need.budget.min_yuan, need.budget.max_yuan) == (3000, 5000)
    assert _last_reply(views[-1]).startswith("已按您的更正，预算改为：3000–5000元（原为：3万–5万元）")


def test_a_bare_english_verb_is_no_name_for_the_service(intake_settings: Settings) -> None:
    """"We want to develop" was the service's phrase: "Noted the service type: We want to develop → technology R&D",
    title "sensor: We want to develop"."""
    views = _views(intake_settings, ["Can you help us?", "We want to develop a new sensor for measuring soil "
                                     "moisture, jointly with a university lab."])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["rnd"]
    assert need.title == "sensor: technology R&D"
    assert "We want" not in _last_reply(views[-1])


@pytest.mark.parametrize("correction", ["说错了，是企业标准，不是团体标准", "不是团体标准，是企业标准"])
def test_a_correction_within_one_service_keeps_it_in_the_new_words(intake_settings: Settings,
                                                                    correction: str) -> None:
    """"是企业标准，不是团体标准" ruled 标准研制 out: the card lost its service and the chat asked for one."""
    views = _views(intake_settings, ["想给我们的新型水性防火涂料制定一个团体标准，公司在成都", correction])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["standards"]
    assert need.phrases[need.service_types[0]] == "企业标准" and need.title == "水性防火涂料企业标准需求"
    assert _last_reply(views[-1]).startswith("已按您的更正，服务类型改为：企业标准 → 标准研制（原为：")


def test_kitchen_sinks_are_read_whole() -> None:
    """"sinks" read as a verb: "we make stainless steel kitchen sinks" gave "stainless steel kitchen"."""
    assert extract_product("Hi, we make stainless steel kitchen sinks and some customers report rust spots after a "
                           "few months.") == "stainless steel kitchen sinks"


def test_a_patent_agent_is_no_product_and_a_question_no_title(intake_settings: Settings) -> None:
    """"你们能帮忙找专利代理吗" read the product "代理" (title "代理专利代理需求"); the product given next was then
    "corrected" ("已按您的更正，产品改为：…（原为：代理）")."""
    views = _views(intake_settings, ["你们能帮忙找专利代理吗", "我们有个新的注塑模具冷却结构，想申请发明专利"])
    assert views[0].need.product is None and views[0].need.title == "专利代理需求"
    assert views[-1].need.product == "注塑模具冷却结构"
    assert _last_reply(views[-1]).startswith("已记下产品：注塑模具冷却结构。")


@pytest.mark.parametrize("opener", ["问一下，你们这平台怎么收费？", "Can you help us?"])
def test_a_question_to_the_platform_is_no_title(intake_settings: Settings, opener: str) -> None:
    assert _views(intake_settings, [opener])[0].need.title is None


def test_a_service_kept_while_its_words_are_ruled_out_is_renamed(intake_settings: Settings) -> None:
    """"只要分析原因，可靠性试验先不做了" kept 质量技术评价 (asked for again) but the title still named the refused
    "可靠性试验", and the chat said it found nothing new."""
    views = _views(intake_settings, ["我们的PCB板焊点开裂，想找机构分析原因并做可靠性试验，公司在佛山",
                                     "纠正一下：只要分析原因，可靠性试验先不做了"])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["quality_evaluation"]
    assert "可靠性试验" not in (need.title or "") and not need.phrases
    assert _last_reply(views[-1]).startswith(
        "已按您的更正，服务类型改为：质量技术评价（原为：可靠性试验 → 质量技术评价）")


# ---- the probe's leftovers (issue 27): a named mark's certification, a model kept on a product correction, the
# first message's question answered, county-level places, a provider of any kind

@pytest.mark.parametrize("text", ["锂电池储能柜需要做UL9540认证", "储能电池模组要做UL 1973认证",
                                  "电池包想做IEC 62619认证", "出口欧洲的电热水壶需要做CE认证", "插座要做CCC认证",
                                  "我们的充电桩要做TÜV认证", "CCC/CE认证", "出口产品要做CE、UKCA认证"])
def test_a_named_mark_asked_for_with_certification_is_testing(text: str) -> None:
    """"锂电池储能柜需要做UL9540认证" read no service: only a bare mark before 认证 ("UL认证") was a cue; a mark with
    its standard's number is the same product certification, 检验检测 as CCC/CE are (the service-type choices say
    so)."""
    from intake.extract.service_types import extract_service_types, firm_service_types

    assert [s.value for s in extract_service_types(text)] == ["inspection_testing"]
    assert [s.value for s in firm_service_types(text)] == ["inspection_testing"]


@pytest.mark.parametrize("text", ["我们已经通过了UL9540认证", "ISO 9001认证辅导", "去年做过CE认证"])
def test_a_mark_held_or_a_system_certification_is_not_a_product_certification(text: str) -> None:
    from intake.extract.service_types import extract_service_types

    assert "inspection_testing" not in [s.value for s in extract_service_types(text)]


def test_a_named_certification_gets_a_service_and_a_title(intake_settings: Settings) -> None:
    need = _views(intake_settings, ["锂电池储能柜需要做UL9540认证"])[0].need
    assert [s.value for s in need.service_types] == ["inspection_testing"]
    assert need.product == "锂电池储能柜" and need.title == "锂电池储能柜UL9540认证需求"


def test_a_certification_corrected_to_its_test_is_no_product(intake_settings: Settings) -> None:
    """"是UL9540A测试，不是认证" became the product."""
    views = _views(intake_settings, ["锂电池储能柜需要做UL9540认证", "不对，是UL9540A测试，不是认证"])
    need = views[-1].need
    assert need.product == "锂电池储能柜"
    assert [s.value for s in need.service_types] == ["inspection_testing"]


@pytest.mark.parametrize("correction", ["不是普通口罩，是KN95口罩", "产品应该是KN95", "口罩是KN95的，不是医用口罩",
                                        "不对，是KN95口罩"])
def test_a_product_correction_keeps_its_model_words(intake_settings: Settings, correction: str) -> None:
    """"口罩是KN95的，不是医用口罩" corrected the product to 口罩: KN95 was lost; "产品应该是KN95" made the product a
    bare model, KN95."""
    views = _views(intake_settings, ["我们生产口罩，想找机构做过滤效率检测，公司在东莞", correction])
    assert views[-1].need.product == "KN95口罩"
    assert _last_reply(views[-1]).startswith("已按您的更正，产品改为：KN95口罩（原为：口罩）。")


@pytest.mark.parametrize(("text", "product"), [("口罩是KN95的", "KN95口罩"), ("电池是18650型的", "18650电池"),
                                               ("口罩是我们自己的", None)])
def test_a_thing_said_to_be_of_a_model_is_named_with_it(text: str, product: str | None) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize("text", ["我们生产口罩，想找机构做过滤效率检测", "我们的充电器想做过载保护测试"])
def test_a_word_that_opens_with_guo_is_no_past_work(intake_settings: Settings, text: str) -> None:
    """"做过滤效率检测" read 做过 (done before): the request was a mention of past work and added no service."""
    need = _views(intake_settings, [text])[0].need
    assert need.service_types, need


@pytest.mark.parametrize(("opener", "answer"), [
    ("我们想做电池包的振动测试，你们能出CNAS报告吗？", "报告由承接需求的机构出具"),
    ("我们想做电池包的振动测试，费用大概多少？", "在这里描述和提交需求没有付费环节"),  # (the cost answered: probe 8)
    ("我们的电机外壳要做盐雾试验，这个需求能公开吗？", "公开发布的只有"),
    ("We need vibration testing of battery packs. How much will it cost?", "Describing and submitting a need"),
])
def test_a_question_in_the_first_message_is_answered(intake_settings: Settings, opener: str, answer: str) -> None:
    """A question in the first message went unanswered (only the next question came back); a later one is answered.
    The need is still read from the rest of the message."""
    view = _views(intake_settings, [opener])[0]
    reply = _last_reply(view)
    assert reply.startswith(answer), reply
    assert view.question is not None and reply.endswith(view.question)
    assert [s.value for s in view.need.service_types] == ["inspection_testing"]
    assert view.need.product and ("电池包" in view.need.product or "battery" in view.need.product
                                  or "电机外壳" in view.need.product)
    assert view.need.title and not title_fragment(view.need.title) and "电池包电池包" not in view.need.title
    if "CNAS" in opener:
        assert view.need.qualifications == ["CNAS"]


@pytest.mark.parametrize(("text", "region"), [
    ("我们在苏州昆山，想做盐雾试验", ("江苏省", "苏州市")),
    ("公司在江阴，想做盐雾试验", ("江苏省", "无锡市")),
    ("工厂在张家港，想做盐雾试验", ("江苏省", "苏州市")),
    ("我们是义乌的企业，想做盐雾试验", ("浙江省", "金华市")),
    ("公司在浦东，想做盐雾试验", ("上海市", "上海市")),
    ("工厂在河北平乡，想做自行车车架的疲劳试验", ("河北省", "邢台市")),
    ("我们在淳安县，想做盐雾试验", ("浙江省", "杭州市")),
    ("公司在慈溪，想做盐雾试验", ("浙江省", "宁波市")),
])
def test_a_county_level_place_is_read_as_its_prefecture(text: str, region: tuple[str, str]) -> None:
    """County-level cities and counties are read from the GB/T 2260 table (every county-level division under its
    prefecture), not a hand list of the best-known few: 平乡 (邢台) was not read."""
    from intake.extract.region import extract_region

    found, _ = extract_region(text)
    assert (found.province, found.city) == region


@pytest.mark.parametrize(("messages", "region"), [
    (["我们的电机外壳要做盐雾试验", "昆山"], ("江苏省", "苏州市")),
    (["我们的电机外壳要做盐雾试验", "平乡县"], ("河北省", "邢台市")),
    (["我们的电机外壳要做盐雾试验，公司在苏州", "改一下，地点是江阴"], ("江苏省", "无锡市")),
])
def test_a_county_level_place_answers_the_region_question(intake_settings: Settings, messages: list[str],
                                                          region: tuple[str, str]) -> None:
    need = _views(intake_settings, messages)[-1].need
    assert (need.region.province, need.region.city) == region


@pytest.mark.parametrize("text", ["我们是海南海口的椰子汁企业", "需要新建一条产线", "石棉检测", "白水性状检测控制方法",
                                  "整合行业资源", "商城上的产品", "工厂在平乡"])
def test_a_county_short_name_that_is_a_word_is_no_place(text: str) -> None:
    """A county's or district's short name alone is often a word first (资源县, 新建区, 石棉县, 白水县, 商城县) and is
    read only after its province or prefecture ("河北平乡"); read alone only where jieba cuts a word ("海南海口" holds
    no 南海, 佛山's district)."""
    from intake.extract.region import extract_region

    found, _ = extract_region(text)
    assert found.province in (None, "海南省"), (text, found)


def test_a_thing_to_be_exported_is_the_product_over_the_company_line() -> None:
    assert extract_product("义乌的小家电厂，电热水壶要出口欧洲，需要做CE认证") == "电热水壶"
    assert extract_product("我们是义乌的小商品出口企业，圣诞灯串要出口英国，需要做UKCA相关检测") != "小商品"


# ---- the second probe's leftovers (issue 27): a test added within a present type, a model corrected on its own
# noun, a question about a qualification answered

@pytest.mark.parametrize(("messages", "added", "said"), [
    (["我们想做电池包的振动测试，你们能出CNAS报告吗？", "我们在昆山", "一个月内", "三万以内", "另外还要做盐雾试验"],
     "盐雾试验", "已记下，另外要做：盐雾试验 → 检验检测。"),
    (["我们想做电池包的振动测试", "另外也要做跌落测试"], "跌落测试", "已记下，另外要做：跌落测试 → 检验检测。"),
    (["We need vibration testing of our battery packs.", "We also need a salt spray test."], "salt spray test",
     "Noted, also wanted: salt spray test → inspection and testing."),
])
def test_a_test_added_within_a_present_type_is_new_information(intake_settings: Settings, messages: list[str],
                                                                added: str, said: str) -> None:
    """"另外还要做盐雾试验" on a need already 检验检测 was answered "这条消息里没有读到新的信息": the type does not
    change, but the enterprise asked for one more test. It is said back, kept beside the category with the first one
    (the card shows "振动测试、盐雾试验 → 检验检测") and in the description; the title still reads."""
    from intake.schemas import phrase_items

    views = _views(intake_settings, messages)
    need, reply = views[-1].need, _last_reply(views[-1])
    assert reply.startswith(said), reply
    assert "没有读到新的信息" not in reply and "nothing new" not in reply
    assert [s.value for s in need.service_types] == ["inspection_testing"]
    phrase = need.phrases[need.service_types[0]]
    assert added in phrase and phrase != added, phrase
    assert phrase_items(phrase) == [*phrase_items(views[-2].need.phrases[need.service_types[0]]), added]
    assert need.text.endswith(messages[-1])
    assert need.title and not title_fragment(need.title) and not title_flaws(need.title, today=DAY)
    assert ("电池包" in need.title) if need.language == "zh" else ("battery" in need.title)


@pytest.mark.parametrize("later", ["还要做检测", "振动测试", "上次的盐雾试验是在别家做的",
                                   "需要做振动测试，出CNAS报告"])
def test_a_request_that_adds_no_test_item_is_not_new(intake_settings: Settings, later: str) -> None:
    """A bare service word, the same test again, a past test mentioned in passing, or a mark the provider must hold
    adds no test item."""
    views = _views(intake_settings, ["我们想做电池包的振动测试", later])
    assert views[-1].need.phrases == views[0].need.phrases
    assert "另外要做" not in _last_reply(views[-1])


@pytest.mark.parametrize(("opener", "correction", "product"), [
    ("我们的18650锂电池循环寿命不达标，想找机构分析一下原因", "更正：电池是21700型的，不是18650", "21700锂电池"),
    ("我们的锂电池循环寿命不达标，想找机构分析一下原因", "不对，电池是21700型的", "21700锂电池"),
    ("我们的18650锂电池循环寿命不达标，想找机构分析一下原因", "产品应该是21700", "21700锂电池"),
    ("我们生产口罩，想找机构做过滤效率检测", "口罩是KN95的，不是医用口罩", "KN95口罩"),
])
def test_a_model_correction_keeps_the_enterprises_own_noun(intake_settings: Settings, opener: str,
                                                           correction: str, product: str) -> None:
    """"电池是21700型的，不是18650" of a need about 18650锂电池 gave 21700电池: the enterprise's word was 锂电池."""
    views = _views(intake_settings, [opener, correction])
    assert views[-1].need.product == product
    assert _last_reply(views[-1]).startswith(f"已按您的更正，产品改为：{product}（原为：{views[0].need.product}）。")


def test_a_model_correction_that_rules_out_the_noun_takes_the_new_one(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的锂电池循环寿命不达标，想找机构分析一下原因",
                                     "不对，不是锂电池，是21700钠电池"])
    assert views[-1].need.product == "21700钠电池"


@pytest.mark.parametrize(("messages", "said"), [
    (["我们想做电池包的振动测试，你们能出CNAS报告吗？"],
     "报告由承接需求的机构出具，平台本身不出具报告。已把CNAS记为本需求的资质要求：匹配时只推荐持有CNAS资质的机构。"),
    (["我们想做电池包的振动测试", "你们能出CMA报告吗？"],
     "报告由承接需求的机构出具，平台本身不出具报告。已把CMA记为本需求的资质要求：匹配时只推荐持有CMA资质的机构。"),
    (["We need vibration testing of battery packs. Can you issue a CNAS report?"],
     "Reports are issued by the provider that takes on the need, not by the platform. CNAS is recorded as a "
     "qualification this need requires: only providers holding it are proposed."),
])
def test_a_question_about_a_qualification_is_answered_for_it(intake_settings: Settings, messages: list[str],
                                                              said: str) -> None:
    """"你们能出CNAS报告吗？" got the generic reply about how the platform goes on: it is answered for the mark asked
    about (the matcher's hard rule, matcher.rules.check_qualifications, leaves out a provider without it)."""
    view = _views(intake_settings, messages)[-1]
    reply = _last_reply(view)
    assert reply.startswith(said), reply
    assert "提交需求后" not in reply and "Once you submit" not in reply
    assert view.question is None or reply.endswith(view.question)


@pytest.mark.parametrize(("later", "phrase", "said"), [
    ("盐雾试验先不做了", "振动测试", "已去掉：盐雾试验。"),
    ("不对，不是盐雾试验，是跌落测试", "振动测试、跌落测试",
     "已按您的更正，服务类型改为：振动测试、跌落测试 → 检验检测（原为：振动测试、盐雾试验 → 检验检测）。")])
def test_one_test_of_several_ruled_out_keeps_the_others(intake_settings: Settings, later: str, phrase: str,
                                                        said: str) -> None:
    """Of "振动测试、盐雾试验", ruling out the salt spray test drops that test, not the type and the vibration test;
    it is said as what went (a swap, as the new list beside the old)."""
    views = _views(intake_settings, ["我们想做电池包的振动测试", "另外还要做盐雾试验", later])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["inspection_testing"]
    assert need.phrases[need.service_types[0]] == phrase
    assert _last_reply(views[-1]).startswith(said)


# ---- the last probe's leftovers (issue 27): with several tests the title named the category; each test is read
# whole in English, and said as a list is

@pytest.mark.parametrize(("messages", "title"), [
    (["我们想做电池包的振动测试", "另外还要做盐雾试验"], "电池包振动测试与盐雾试验需求"),
    (["我们想做电池包的振动测试", "另外还要做盐雾试验", "还要做跌落测试"], "电池包振动测试、盐雾试验等需求"),
    (["We need vibration testing of our battery packs.", "We also need a salt spray test."],
     "battery packs: vibration testing and salt spray test"),
    (["We need vibration testing of our battery packs.", "We also need a salt spray test.",
      "We also need drop testing."], "battery packs: vibration testing, salt spray test and more"),
])
def test_the_title_names_the_tests_the_enterprise_asked_for(intake_settings: Settings, messages: list[str],
                                                             title: str) -> None:
    """"另外还要做盐雾试验" on "电池包振动测试需求" made the title "电池包检验检测需求": the joined words were too
    long for a title, so the category's name stood for them. A person expects its own words: both tests, or the first
    two and 等 when there are more."""
    need = _views(intake_settings, messages)[-1].need
    assert need.title == title
    assert not title_fragment(need.title) and not title_flaws(need.title, today=DAY)


def test_drop_testing_is_a_test_not_a_negation(intake_settings: Settings) -> None:
    """"We also need drop testing." was read as dropping the testing: the chat said the service type changed."""
    views = _views(intake_settings, ["We need vibration testing of our battery packs.", "We also need drop testing."])
    reply = _last_reply(views[-1])
    assert reply.startswith("Noted, also wanted: drop testing → inspection and testing."), reply
    assert views[-1].need.phrases[views[-1].need.service_types[0]] == "vibration testing and drop testing"


@pytest.mark.parametrize(("text", "phrase"), [
    ("We need vibration testing of our battery packs.", "vibration testing"),
    ("We also need a salt spray test.", "salt spray test"),
    ("We need salt spray testing for motor housings.", "salt spray testing"),
    ("We need battery pack vibration testing.", "vibration testing"),
    ("We want to run UV ageing tests on the film.", "UV ageing tests"),
    ("We need routine tensile tests.", "tensile tests"),
    ("We need testing of our battery packs.", "testing"),
])
def test_an_english_test_is_read_with_its_name(text: str, phrase: str) -> None:
    """The cue alone read "testing" of "vibration testing" and "salt spray" of "a salt spray test", so the chat said
    an added test as "testing and salt spray". A run of three words or more before it holds the product too: its
    last word names the test."""
    from intake.extract.phrases import phrase_of
    from kb.vocab import ServiceType

    assert phrase_of(text, ServiceType.inspection_testing) == phrase


def test_several_tests_are_said_as_a_list() -> None:
    from intake.conversation import service_value
    from intake.schemas import Need
    from kb.vocab import ServiceType

    kind = ServiceType.inspection_testing
    need = Need(text="x", service_types=[kind],
                phrases={kind: "vibration testing and salt spray test and drop testing"})
    assert service_value(need, "en") == "vibration testing, salt spray test and drop testing → inspection and testing"
    need.phrases = {kind: "振动测试、盐雾试验、跌落测试"}
    assert service_value(need, "zh") == "振动测试、盐雾试验、跌落测试 → 检验检测"


@pytest.mark.parametrize(("product", "phrase", "language", "title"), [
    ("电池包", "振动测试、盐雾试验", "zh", "电池包振动测试与盐雾试验需求"),
    ("电池包", "振动测试、盐雾试验、跌落测试", "zh", "电池包振动测试、盐雾试验等需求"),
    ("新能源汽车动力电池包铝合金下壳体总成组件", "振动测试、盐雾试验", "zh",
     "新能源汽车动力电池包铝合金下壳体总成组件振动测试等需求"),  # both would pass the title's 30 characters
    ("电池包", "振动测试、高低温湿热交变循环试验", "zh", "电池包振动测试等需求"),  # one too long for a title
    ("电池包", "高低温湿热交变循环试验", "zh", "电池包检验检测需求"),
    ("battery packs", "vibration testing and salt spray test", "en",
     "battery packs: vibration testing and salt spray test"),
    ("battery packs", "vibration testing and salt spray test and drop testing", "en",
     "battery packs: vibration testing, salt spray test and more"),
])
def test_a_title_names_several_tests_and_shortens_naturally(product: str, phrase: str, language: str,
                                                             title: str) -> None:
    from intake.publish import TITLE_MAX, derive_title
    from intake.schemas import Need
    from kb.vocab import ServiceType

    kind = ServiceType.inspection_testing
    need = Need(text="x", product=product, service_types=[kind], phrases={kind: phrase}, language=language)
    assert derive_title(need) == title
    assert len(title) <= TITLE_MAX or language == "en"
