"""The fourth probe of the chat (issue 27; tests/intake/data/chat_probe/conversations_4.jsonl, cards written and
committed before any of it ran): the twelve conversations end on their cards, and each fault the probe found is held
at the depth where it was fixed — the budget (a price per item with the number of items; "看方案再谈"), the dialogue
(a mind changed back; "好的，谢谢" / "Thanks!"; a ruled-out system named by its head word), the product reader (the
kinds of a test, "做抛釉砖的", a surface of the product, measuring instruments in a list) and the service-type words
(a HACCP system to set up)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake import conversation as chat
from intake.dialogue_eval import product_exact, reply_language, title_fragment
from intake.extract.budget import budget_declined, extract_budget
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from intake.publish import title_flaws
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_rules import DAY, OPENER, OPENER_EN, _last_reply, _views

DATA = Path(__file__).parent / "data" / "chat_probe" / "conversations_4.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_fourth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                      conversation: dict[str, Any]) -> None:
    gold = conversation["gold"]
    views = _views(intake_settings, conversation["messages"])
    need = views[-1].need
    assert need.product is not None and gold["product"].casefold() in need.product.casefold()
    if "product_also" in gold:  # two products in one need: both on the card
        assert gold["product_also"] in need.product
    assert [s.value for s in need.service_types] == gold["types"]
    assert [need.region.province, need.region.city] == gold["region"]
    assert need.deadline == (date.fromisoformat(gold["deadline"]) if gold["deadline"] else None)
    assert [need.budget.min_yuan, need.budget.max_yuan] == gold["budget"]
    assert need.confidential is gold["conf"]
    assert need.title and not title_fragment(need.title) and not title_flaws(need.title, today=DAY)
    replies = [t.text for t in views[-1].turns if t.role == "assistant"]
    assert not any(r.startswith(chat.NOTHING_NEW) for r in replies), replies
    if reply_language(conversation["messages"][0]) == "en":
        assert all(reply_language(r) == "en" for r in replies), replies


# ---- the budget

@pytest.mark.parametrize(("text", "budget"), [
    ("我们一共送5个型号，每个型号预算两千左右", (10000, 10000)),
    ("单件500元，共20件", (10000, 10000)),
    ("检测费500元/个，一共30个", (15000, 15000)),
    ("每台校准费300元左右，一共8台", (2400, 2400)),
    ("Up to 500 yuan per sample, we have 40 samples.", (None, 20000)),
    ("We have 12 samples, budget 300 yuan each.", (3600, 3600)),
    # no number of the same items: the amount is the budget as said
    ("每个样品预算800元", (800, 800)),
    ("预算两万，每个型号测3项", (20000, 20000)),
    ("预算三万以内，一共5个型号", (None, 30000)),
])
def test_a_price_per_item_with_the_number_of_items_is_the_whole(text: str, budget: tuple[int | None, ...]) -> None:
    got = extract_budget(text)
    assert (got.min_yuan, got.max_yuan) == budget


@pytest.mark.parametrize("text", ["费用看方案再谈", "预算看方案再定", "费用等报价了再说", "价格到时候再谈"])
def test_a_budget_left_to_the_proposal_is_declined(text: str) -> None:
    assert budget_declined(text)
    assert extract_budget(text).is_empty


def test_a_budget_left_to_the_proposal_is_not_asked_again(intake_settings: Settings) -> None:
    views = _views(intake_settings, [OPENER, "三个月内", "费用看方案再谈"])
    assert views[1].question is not None and "预算" in views[1].question
    assert _last_reply(views[-1]).startswith("好的，预算先不填。")
    assert views[-1].question == chat.PUBLISH_OPEN[0]  # nothing of the need asked: whether it may be published waits


# ---- the dialogue

def test_a_mind_changed_back_is_taken(intake_settings: Settings) -> None:
    """"算了，还是在东莞吧" after a correction to 深圳: the region stayed 深圳, and the chat said nothing of it."""
    view = _views(intake_settings, ["我们有一批汽车紧固件要做盐雾测试", "工厂在东莞",
                                    "哦不对，货现在放在深圳的仓库，就在深圳检吧",
                                    "算了，还是在东莞吧，运过去太麻烦"])[-1]
    assert (view.need.region.province, view.need.region.city) == ("广东省", "东莞市")
    assert "地区改为：广东省东莞市（原为：广东省深圳市）" in _last_reply(view)


@pytest.mark.parametrize(("messages", "starts"), [
    ([OPENER, "三个月内", "预算两万", "好的，谢谢"], "不客气。"),
    ([OPENER_EN, "Within three months.", "Budget about 20,000 yuan.", "Thanks!"], "You're welcome."),
    ([OPENER, "三个月内", "预算两万", "好的"], "好的。"),
    ([OPENER_EN, "Within three months.", "Budget about 20,000 yuan.", "ok"], "OK."),
    ([OPENER, "谢谢"], "不客气。"),
])
def test_a_courtesy_is_answered_as_a_person_would(intake_settings: Settings, messages: list[str],
                                                  starts: str) -> None:
    """"好的，谢谢" was answered "这条消息里没有读到新的信息", "Thanks!" "I found nothing new in that message"."""
    first, view = _views(intake_settings, messages)[-2:]
    reply = _last_reply(view)
    assert reply.startswith(starts), reply
    assert view.need == first.need or view.need.model_dump() == first.need.model_dump()


def test_an_ok_before_a_question_is_not_said_back(intake_settings: Settings) -> None:
    reply = _last_reply(_views(intake_settings, [OPENER, "好的"])[-1])
    assert reply == chat.REASK[0] + chat.QUESTIONS["deadline"][0]


def test_a_system_ruled_out_by_its_head_word_is_removed(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的宠物食品要出口，想做个检测", "哦对了，还想顺便请人帮我们建一下HACCP体系",
                                     "体系的事先不弄了，这次就做检测"])
    assert [s.value for s in views[1].need.service_types] == ["inspection_testing", "training_consulting"]
    assert [s.value for s in views[2].need.service_types] == ["inspection_testing"]
    # Said as what went, not as the whole list beside the old one ("已按您的更正，服务类型改为：…（原为：…）").
    assert _last_reply(views[2]).startswith("已去掉：HACCP体系 → 质量技术培训与咨询。")


# ---- the product

@pytest.mark.parametrize(("text", "product"), [
    ("你好，我们是常州的一家电机厂，新能源汽车的驱动电机要做振动和温升测试", "驱动电机"),
    ("我们是佛山的一家陶瓷厂，做抛釉砖的，最近窑炉烧成后砖面老是出现针孔，想找高校帮忙攻关一下工艺", "抛釉砖"),
    ("我们厂的电子天平和砝码需要做校准，在山东青岛", "电子天平和砝码"),
    ("车间的游标卡尺和千分尺要做校准", "游标卡尺和千分尺"),
])
def test_the_product_is_the_thing_not_its_test_or_surface(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_a_list_read_whole_is_the_list_on_the_card() -> None:
    """The dialogue benchmark's exactness: "卡尺、千分尺" is the card's "卡尺和千分尺"; one item alone is not."""
    assert product_exact("卡尺、千分尺", "卡尺和千分尺")
    assert product_exact("电子天平和砝码", "电子天平、砝码")
    assert not product_exact("卡尺", "卡尺和千分尺")
    assert not product_exact("卡尺、千分尺、量块", "卡尺和千分尺")


# ---- service types

@pytest.mark.parametrize(("text", "types"), [
    ("还想顺便请人帮我们建一下HACCP体系", [S.training_consulting]),
    ("想导入FSSC 22000食品安全管理体系", [S.training_consulting]),
])
def test_a_food_safety_system_to_set_up(text: str, types: list[S]) -> None:
    assert extract_service_types(text) == types


@pytest.mark.parametrize("later", ["盐雾测试先不做了", "别的测试都不用做"])
def test_a_test_never_asked_for_ruled_out_leaves_the_need_as_it_was(intake_settings: Settings, later: str) -> None:
    """Ruling out a test the need never named ("盐雾测试先不做了" of a need for 振动测试), or "the others", removed
    检验检测 and the vibration test with it (found reading the fourth probe's fix for a system ruled out)."""
    views = _views(intake_settings, ["我们想做电池包的振动测试，公司在苏州", later])
    need = views[-1].need
    assert [s.value for s in need.service_types] == ["inspection_testing"]
    assert need.phrases[need.service_types[0]] == "振动测试"
    reply = _last_reply(views[-1])
    assert "已去掉" not in reply
    # Heard and said so, rather than the question asked again as if nothing was said.
    assert reply.startswith("好的，不做盐雾测试。" if "盐雾" in later else "好的，其他的都不做。"), reply
