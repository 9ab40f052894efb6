"""Faults a new user met in real Chromium (issue 27, 2026-11-29): a small injection-moulding firm chatted at /intake
about snap clips (卡扣) of PP with 30 % glass fibre that snap when its customer fits them. Each fault is held here with
the user's own messages, then by the general shape it stands for, driven as the JSON chat API drives the chat:

1. "就是注塑出来的卡扣，PP加了30%玻纤，客户装的时候一掰就断，断口发白" read nothing (no product, no service; the title
   "就是注塑出来的卡扣"): a part that snaps when handled, its fracture described, is a failure to analyse, and the
   thing made by a process ("注塑出来的卡扣") is the product.
2. "在常州武进，外地机构也可以" answering the region question made 外地 the product ("外地质量技术评价需求"): a clause
   about where the provider may be names no product, and "外地机构也可以" is no wish for a local provider.
3. "产品就是汽车空调出风口的卡扣啊，前面说了" was "这条消息里没有读到新的信息": a product stated with 产品就是…啊 is
   taken.
4. Clearing a field on the card was said as "产品改为：None（原为：注塑件）": a cleared field is said as cleared.
5. "五万块钱abc" typed on the card over 5万 was said as "预算改为：5万元（原为：5万元）": an edit that changes nothing
   is said as unchanged.
6. "最好 报告有CMA" (the wish word and the mark apart) recorded CMA as required without the caveat every other wish
   for a mark gets.
7. The public page of the need showed only the first, empty opener ("我们产品有点问题"): the public summary carries
   the messages that hold the need's content, scrubbed as before."""

from __future__ import annotations

from datetime import date

import pytest

from core.settings import Settings
from intake import conversation as chat
from intake import publish
from intake.dialogue_eval import title_fragment
from intake.extract.product import extract_product
from intake.extract.service_types import extract_service_types
from intake.publish import public_need, title_flaws
from intake.schemas import Need
from kb.products import NOT_A_PRODUCT
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import DAY, _last_reply

CLIPS = "就是注塑出来的卡扣，PP加了30%玻纤，客户装的时候一掰就断，断口发白"
OPENER = "我们产品有点问题"
WALK = [OPENER, CLIPS, "在常州武进，外地机构也可以", "产品就是汽车空调出风口的卡扣啊，前面说了", "最好能有CMA",
        "两个月内", "预算5万", "不保密"]


def _nothing_new(reply: str) -> bool:
    return reply.startswith((*chat.NOTHING_NEW, *chat.UNREAD_CORRECTION))


# ==== 1. a snapping part described: the product and a failure to analyse

@pytest.mark.parametrize("messages", [[CLIPS], [OPENER, CLIPS]], ids=["opener", "answer"])
def test_the_clips_are_read(intake_settings: Settings, messages: list[str]) -> None:
    views = _drive(intake_settings, messages)
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product is not None and "卡扣" in need.product, (need.product, reply)
    assert need.service_types == [S.quality_evaluation], reply
    assert need.title and not need.title.startswith("就是") and not title_fragment(need.title) \
        and not title_flaws(need.title, today=DAY), need.title
    assert "卡扣" in reply and not _nothing_new(reply), reply


@pytest.mark.parametrize(("text", "product"), [
    (CLIPS, "卡扣"),
    # the same shape, other words: a part made by a process, handled and broken, its fracture described
    ("冲压出来的垫片，客户一折就断", "垫片"),
    ("压铸出来的支架，装配时一拧就断，断口发亮", "支架"),
    ("注塑的外壳，用户一摔就裂", "外壳"),
    ("就是吹塑出来的瓶子，断口发白", "瓶子"),
])
def test_a_part_broken_when_handled_is_a_failure_to_analyse(text: str, product: str) -> None:
    assert extract_service_types(text) == [S.quality_evaluation]
    assert (extract_product(text) or "").endswith(product), extract_product(text)


@pytest.mark.parametrize("text", [
    # a cross-section is no fracture, and a break named without how it came is no request by itself
    "寻找大断面型材性能提升技术",
    "我们的支架要做盐雾试验",
])
def test_no_failure_read_where_none_is_described(text: str) -> None:
    assert S.quality_evaluation not in extract_service_types(text)


def test_a_title_from_a_clause_drops_its_filler() -> None:
    need = Need(text="就是客户那边的装配线老是停，一直找不到头绪")
    assert not (publish.derive_title(need) or "").startswith("就是"), publish.derive_title(need)


# ==== 2. where the provider may be is no product, and "外地机构也可以" no wish for a local one

@pytest.mark.parametrize("answer", [
    "在常州武进，外地机构也可以",
    "在苏州，本地外地都可以",
    "东莞的，周边的机构也行",
    "宁波，省外的实验室也没问题",
    "杭州 异地机构也可以",
])
def test_where_the_provider_may_be_is_no_product(intake_settings: Settings, answer: str) -> None:
    views = _drive(intake_settings, ["注塑卡扣断裂 要做失效分析", answer])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "注塑卡扣", (need.product, reply)
    assert need.region.province and need.local_only is False, (need.region, reply)
    assert "产品" not in reply, reply


def test_the_walk_s_region_answer_names_no_product(intake_settings: Settings) -> None:
    views = _drive(intake_settings, WALK[:3])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert "外地" not in (need.product or "") and "外地" not in (need.title or ""), (need.product, need.title)
    assert [need.region.province, need.region.city] == ["江苏省", "常州市"] and not need.local_only, reply
    assert "产品：外地" not in reply, reply


def test_elsewhere_allowed_takes_back_local_only(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["注塑卡扣断裂 要做失效分析", "常州，必须本地机构", "外地机构也可以"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert views[1].need.local_only and not need.local_only, reply
    assert "不限本地机构" in reply and need.product == "注塑卡扣", reply


@pytest.mark.parametrize("word", ["外地", "本地", "当地", "省内", "省外", "附近", "周边", "异地"])
def test_a_place_of_the_provider_is_never_a_product(word: str) -> None:
    assert word in NOT_A_PRODUCT
    assert extract_product(f"{word}机构也可以") is None


# ==== 3. a product stated with 产品就是…啊, and "前面说了"

@pytest.mark.parametrize(("said", "product"), [
    ("产品就是汽车空调出风口的卡扣啊，前面说了", "卡扣"),
    ("产品就是蓝牙耳机的充电盒呀，刚才说过了", "充电盒"),
    ("产品其实就是电动车的充电器嘛", "充电器"),
])
def test_a_product_stated_with_jiushi_is_taken(intake_settings: Settings, said: str, product: str) -> None:
    views = _drive(intake_settings, ["我们产品有点问题，想找机构做失效分析", "常州", said])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product and need.product.endswith(product), (need.product, reply)
    assert not _nothing_new(reply) and "产品" in reply, reply


def test_the_walk_takes_the_stated_product(intake_settings: Settings) -> None:
    views = _drive(intake_settings, WALK[:4])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product and "卡扣" in need.product, (need.product, reply)
    assert not _nothing_new(reply), reply


# ==== 4. a field cleared on the card is said as cleared; 5. an edit that changes nothing is said as unchanged

ZH = ["我们的注塑件要做失效分析", "常州", "两个月内", "5万"]
EN = ["we need failure analysis on our injection moulded clips", "Changzhou", "within two months", "budget 50k"]


@pytest.mark.parametrize(("field", "zh", "en"), [
    ("product", "已清除产品（原为：注塑件）", "Product cleared (was: injection moulded clips)"),
    ("region", "已清除地区（原为：江苏省常州市）", "Region cleared (was: Changzhou, Jiangsu)"),
    ("deadline", "已清除期限（原为：2027年1月26日）", "Deadline cleared (was: 2027-01-26)"),
    ("budget", "已清除预算（原为：5万元）", "Budget cleared (was: RMB 50,000)"),
])
def test_a_field_cleared_on_the_card_is_said_as_cleared(intake_settings: Settings, field: str, zh: str,
                                                        en: str) -> None:
    for messages, said in ((ZH, zh), (EN, en)):
        views = _drive(intake_settings, [*messages, {"card": {field: ""}}])
        reply = _last_reply(views[-1])
        assert said in reply and "None" not in reply, reply


@pytest.mark.parametrize(("typed", "zh", "en"), [
    ("五万块钱abc", "预算仍为：5万元", "The budget is still RMB 50,000"),
    ("5万", "预算仍为：5万元", "The budget is still RMB 50,000"),
    ("50000", "预算仍为：5万元", "The budget is still RMB 50,000"),
])
def test_an_edit_that_changes_nothing_is_said_as_unchanged(intake_settings: Settings, typed: str, zh: str,
                                                           en: str) -> None:
    for messages, said in ((ZH, zh), (EN, en)):
        views = _drive(intake_settings, [*messages, {"card": {"budget": typed}}])
        reply = _last_reply(views[-1])
        assert "改为" not in reply and "changed to" not in reply and "原为" not in reply, reply
        assert said in reply or len(views[-1].turns) == len(views[-2].turns), reply


# ==== 6. a mark wished for, the wish word apart from the mark
# (it was recorded as required, with a caveat; a mark wished for is now a preferred one, which matching ranks first
# and filters no one by: tests/intake/test_intake_preferred_marks.py, issue 27 / issue 28)

@pytest.mark.parametrize("said", ["最好能有CMA", "最好…有CMA", "最好 报告有CMA", "最好……能出CMA报告", "最好吧 有CMA"])
def test_a_mark_wished_for_is_said_with_its_caveat(intake_settings: Settings, said: str) -> None:
    views = _drive(intake_settings, ["注塑卡扣断裂 要做失效分析", "常州", said])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.qualifications == [] and need.preferred_qualifications == ["CMA"], reply
    assert "CMA 记为优先条件" in reply and "没有的也会推荐" in reply, reply


def test_a_mark_wished_for_in_english_keeps_its_caveat(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["we need failure analysis on our injection moulded clips", "Changzhou",
                                     "ideally, CMA accredited"])
    reply = _last_reply(views[-1])
    assert "CMA noted as a preference" in reply and "proposed too" in reply, reply


def test_a_mark_required_is_no_wish(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["注塑卡扣断裂 要做失效分析", "常州", "必须有CMA"])
    reply = _last_reply(views[-1])
    assert "CMA" in reply and "如果只是优先而非必须" not in reply, reply


# ==== 7. the public summary carries the messages that hold the need's content

def test_the_public_summary_carries_the_need_s_content(intake_settings: Settings) -> None:
    views = _drive(intake_settings, WALK)
    need = views[-1].need
    summary = public_need(need, "n-1").summary
    for words in ("卡扣", "PP加了30%玻纤", "断口发白"):
        assert words in summary, summary


def test_the_public_summary_of_a_one_message_need_is_its_problem(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["你好，我们是常州的注塑厂。卡扣装配时断裂，想找机构做失效分析。"])
    summary = public_need(views[-1].need, "n-1").summary
    assert summary == views[-1].need.problem, summary


def test_a_marked_detail_of_a_later_message_stays_out_of_the_summary(intake_settings: Settings) -> None:
    """The later messages are scrubbed as the first is: a string the enterprise marked never shows."""
    views = _drive(intake_settings, [OPENER, "注塑卡扣给华锐汽车配套的，客户装的时候一掰就断，断口发白"])
    need = views[-1].need.model_copy(update={"redactions": ["华锐汽车"]})
    summary = public_need(need, "n-1").summary
    assert "断口发白" in summary and "华锐" not in summary, summary
    assert "华锐" not in publish.center_view(need, "n-1").summary


def test_the_walk_ends_on_its_card(intake_settings: Settings) -> None:
    views = _drive(intake_settings, WALK)
    need = views[-1].need
    assert need.product and "卡扣" in need.product and "外地" not in need.product, need.product
    assert need.service_types == [S.quality_evaluation]
    assert [need.region.province, need.region.city] == ["江苏省", "常州市"] and not need.local_only
    assert need.preferred_qualifications == ["CMA"] and not need.qualifications  # "最好能有CMA": a wish
    assert need.budget.max_yuan == 50000 and need.deadline == date(2027, 1, 26)
    assert need.title and "外地" not in need.title and not title_fragment(need.title), need.title
    said = [t.text for t in views[-1].turns if t.role == "assistant"]
    assert not any(_nothing_new(r) for r in said), said
