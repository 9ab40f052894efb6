"""The eighteenth probe of the chat (issue 27; tests/intake/data/dialogues_probe18.jsonl, cards and what a good reply
says written and committed alone in eef3dde before any of it ran). The probe's ten conversations (seven Chinese,
three English) end on their cards with the replies their cards expect, and each fault it found is held where it was
fixed: a correction of the product said beside the answer to the deadline question (refused: the date landed, the
product stayed), one of two products kept ("just the toothbrush this time" made the flosser the product), a district
whose name several cities bear read in another province than the one said beside it ("我们在吉林 朝阳区" read 北京市),
a deadline set by a holiday ("元宵节之前", "春节后两周内", "五一前") or after the field's label ("Deadline end of next
month."), a price per sample with the number of samples said two messages before, the thing that fails in a message
typed without punctuation ("客户退回来一批电源板 一上电就烧", "有款后视镜外壳要做…", "有批线束端子压接后拉脱力不够",
"二十多个压力表要校", "奶茶杯的迁移测试 食品接触那种"), a secret named ("配方是核心 不能外泄"), and "root cause
analysis" said as "root cause"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.confidential import is_confidential
from intake.extract.deadline import extract_deadline
from intake.extract.phrases import phrase_of
from intake.extract.product import extract_product
from intake.extract.region import extract_region
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card, with_gold
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import DAY, _last_reply

# ==== a correction of the product said beside an answer ("月底前要 还有刚才说错了 不是后视镜外壳 是门把手饰盖",
# answering the deadline question: the date landed, the product stayed and nothing was said of it; p169)


def test_a_correction_beside_an_answer_changes_the_product(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["你好 我们是余姚做汽车注塑件的 有款后视镜外壳要做耐候老化测试 氙灯那种",
                                     "月底前要 还有刚才说错了 不是后视镜外壳 是门把手饰盖 后视镜那个是另一个项目"])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.product == "门把手饰盖" and need.deadline == date(2026, 11, 30), reply
    assert "产品改为：门把手饰盖（原为：后视镜外壳）" in reply and "2026年11月30日" in reply, reply
    assert views[-1].ask_field == "budget", reply


def test_a_thing_said_wrong_that_the_need_does_not_hold_changes_nothing(intake_settings: Settings) -> None:
    """A wrong half that is not the product the need holds stays no correction of the product beside an answer."""
    views = _drive(intake_settings, ["我们的后视镜外壳要做耐候老化测试，公司在宁波", "月底前要，不是加急的那种"])
    assert views[-1].need.product == "后视镜外壳", _last_reply(views[-1])


# ==== one of two products kept, in English ("actually the flosser was already tested last month so just the
# toothbrush this time" made the flosser the product; the two were read as one; p176)


def test_one_of_two_products_is_kept_by_its_name(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hi, we make electric toothbrushes and water flossers in Shenzhen Longgang, both "
                                     "need IPX7 waterproof testing",
                                     "actually the flosser was already tested last month so just the toothbrush this "
                                     "time"])
    assert "electric toothbrushes and water flossers" in _last_reply(views[0]), _last_reply(views[0])
    assert views[-1].need.product == "electric toothbrushes", _last_reply(views[-1])
    assert "Product changed to electric toothbrushes" in _last_reply(views[-1]), _last_reply(views[-1])


# ==== a district whose name several cities bear, read in the province said beside it

@pytest.mark.parametrize(("text", "region"), [
    ("你好 我们在吉林 朝阳区 做汽车线束的", ("吉林省", "长春市")),
    ("我们在福建鼓楼区", ("福建省", "福州市")),
    ("我们在吉林", ("吉林省", None)),
    ("吉林市", ("吉林省", "吉林市")),  # (as before)
    ("我们在北京朝阳区", ("北京市", "北京市")),
    ("朝阳区", ("北京市", "北京市")),
    ("江苏鼓楼区", ("江苏省", None)),  # two cities of Jiangsu have one: the province alone
    ("我们在辽宁朝阳", ("辽宁省", "朝阳市")),
])
def test_a_shared_district_name_is_read_in_the_province_named(text: str, region: tuple[str, str | None]) -> None:
    read, _ = extract_region(text)
    assert (read.province, read.city) == region


# ==== deadlines set by a holiday, or after the field's label

@pytest.mark.parametrize(("text", "day"), [
    ("不急 过完年再弄都行 元宵节之前能有个初步方案就好", date(2027, 2, 19)),
    ("元宵节前", date(2027, 2, 19)),
    ("春节后两周内", date(2027, 2, 20)),  # (it read two weeks from today)
    ("过完年一个月之内", date(2027, 3, 6)),
    ("明年五一之前", date(2027, 4, 30)),
    ("两周内", date(2026, 12, 10)),  # (as before)
    ("Deadline end of next month.", date(2026, 12, 31)),
    ("deadline: end of next month", date(2026, 12, 31)),
    ("Deadline is mid January", date(2027, 1, 15)),
])
def test_a_deadline_set_by_a_holiday_or_after_its_label(text: str, day: date) -> None:
    assert extract_deadline(text, DAY) == day


def test_a_deadline_said_beside_a_correction_lands(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["We're in Fuzhou, Fujian. our smart door lock PCBs fail after a few months in "
                                     "humid bathrooms, need someone to test them",
                                     "Sorry I meant root cause analysis, not a routine test. Deadline end of next "
                                     "month."])
    need, reply = views[-1].need, _last_reply(views[-1])
    assert need.deadline == date(2026, 12, 31) and [s.value for s in need.service_types] == ["quality_evaluation"]
    assert "2026-12-31" in reply and "root cause analysis" in reply, reply
    assert need.title == "smart door lock PCBs: root cause analysis", need.title


@pytest.mark.parametrize(("text", "phrase"), [
    ("Sorry I meant root cause analysis", "root cause analysis"), ("root cause analyses of the cracks",
                                                                   "root cause analyses"),
    ("I meant failure analysis", "failure analysis"), ("find the root cause", "find the root cause")])
def test_the_analysis_is_part_of_its_phrase(text: str, phrase: str) -> None:
    assert phrase_of(text, S.quality_evaluation) == phrase


# ==== a price per sample, the number of samples said before

def test_a_price_per_item_counts_the_items_said_before(intake_settings: Settings) -> None:
    opener = "想做一下奶茶杯的迁移测试 食品接触那种 一共十二个样品 我们在郑州"
    assert extract_budget("预算一个样品六百左右能接受", counted_in=opener).max_yuan == 7200
    assert extract_budget("预算一个样品六百左右能接受").max_yuan == 600  # no count said: the price stands
    assert extract_budget("我们一共送5个型号，每个型号预算两千左右").max_yuan == 10000  # (as before)
    total = extract_budget("校一个大概多少钱 我们预算总共三千", counted_in="我们车间有二十多个压力表要校")
    assert total.max_yuan == 3000  # the whole said after a question of the price of one
    views = _drive(intake_settings, [opener, "下个月二十号前吧", "一个样品六百左右能接受"])
    assert views[-1].need.budget.min_yuan == 7200 == views[-1].need.budget.max_yuan, _last_reply(views[-1])


# ==== a question back typed without its mark, beside the answer ("校一个大概多少钱 我们预算总共三千": the budget
# landed and the question went unanswered; p175)

def test_a_question_back_beside_its_answer_is_answered(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["请问你们这能做校准吗 我们车间有二十多个压力表要校，在广州，月底前",
                                     "校一个大概多少钱 我们预算总共三千"])
    reply = _last_reply(views[-1])
    assert "费用由承接需求的机构按项目报价" in reply and "已记下预算：3000元" in reply, reply


# ==== the thing that fails or is tested, in a message typed without punctuation

@pytest.mark.parametrize(("text", "product"), [
    ("你好 我们是余姚做汽车注塑件的 有款后视镜外壳要做耐候老化测试 氙灯那种 之前盐雾做过了没问题", "后视镜外壳"),
    ("我们是东莞做LED驱动电源的 客户退回来一批电源板 一上电就烧 想送去测一下", "电源板"),
    ("你好 我们在吉林 朝阳区 做汽车线束的 有批线束端子压接后拉脱力不够 想做个拉脱力检测 顺便分析下原因", "线束端子"),
    ("想做一下奶茶杯的迁移测试 食品接触那种 一共十二个样品 我们在郑州", "奶茶杯"),
    ("请问你们这能做校准吗 我们车间有二十多个压力表要校", "压力表"),
    ("不锈钢水杯要做食品接触材料检测", "不锈钢水杯"),  # (as before)
    ("我们是做LED驱动电源的", "LED驱动电源"),
])
def test_the_thing_in_question_without_punctuation(text: str, product: str) -> None:
    assert extract_product(text) == product


# ==== a secret named

@pytest.mark.parametrize(("text", "secret"), [
    ("我们是常州做水性涂料的 新配方要做VOC和耐擦洗检测 配方是核心 不能外泄", True), ("图纸别外流", True),
    ("这个不会外泄吧？", False), ("我们配方要保密", True)])
def test_a_secret_named_asks_for_secrecy(text: str, secret: bool) -> None:
    assert is_confidential(text) is secret


# ==== the seventeenth probe's left items: a thing designed named after its count ("新设计了一种防缠绕边刷" read the
# company's line, 扫地机器人: jieba tags 防/缠绕/边/刷 as verbs; p164), and the work kept beside work ruled out while
# another field was asked ("不需要认证，就出个检测报告就行" got the question again with nothing said; p160)

@pytest.mark.parametrize(("text", "product"), [
    ("你好，我们是深圳宝安做扫地机器人的，新设计了一种防缠绕边刷，想申请发明专利", "防缠绕边刷"),
    ("我们是做门窗的，开发了一款隔音窗，要做检测", "隔音窗"),
    ("我们开发了一种新型涂料，想做检测", "涂料"),  # (as before)
])
def test_a_thing_designed_is_the_product(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_the_work_kept_beside_work_ruled_out_is_said(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们乐清做变频器的，VF-2000系列要做EMC测试，客户要报告",
                                     "不需要认证，就出个检测报告就行"])
    reply = _last_reply(views[-1])
    assert reply.startswith("服务类型已是：EMC测试 → 检验检测。"), reply
    assert views[-1].ask_field == "deadline", reply


# ==== the eighteenth probe's conversations

DATA = Path(__file__).parent / "data" / "dialogues_probe18.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
# Left (held here): "Gulou District, Fujian" reads the province alone; the gazetteer has no romanised district names.
REGION_HELD = {"p178": ["福建省", None]}
SAYS_HELD = {("p178", "1"): ["PCB", "Fujian"]}


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_an_eighteenth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                           conversation: dict[str, Any]) -> None:
    assert_ends_on_card(intake_settings, with_gold(conversation, "region", REGION_HELD), says_held=SAYS_HELD)
