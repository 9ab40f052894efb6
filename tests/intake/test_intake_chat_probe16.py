"""The sixteenth probe of the chat (issue 27; tests/intake/data/dialogues_probe16.jsonl, cards and what a good reply
says written and committed alone in 464c7e2 before any of it ran). First, the fifteenth probe's left items: two tests
asked for said back as one ("need 能效测试 and a safety test report" was "test report"), a standard's number said by
its category alone ("GB/T 2423.17" was "已记下服务类型：检验检测"), and 技术研发 read with e5 beside a request to find a
failure's cause ("插拔几百次之后就接触不良，想找人分析下原因"). Then the probe's eight conversations (five Chinese,
three English) end on their cards with the replies their cards expect, and each fault it found is held where it was
fixed: the thing a failure is said of in a correction ("有色差的是后盖，不是中框"), a mark alone beside a failure
analysis, "湖北仙桃", the enterprise's own routine work as a mention, the budget left to the boss, "要做的是EMC测试" in
a correction, a design to improve beside the cause, a plant that "builds" its product, the company's line giving way
to the part that fails in English."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from api.pages.ui_need import need_rows
from core.settings import Settings
from intake import conversation as chat
from intake.extract.budget import budget_declined, extract_budget
from intake.extract.phrases import phrases_for
from intake.extract.product import extract_product
from intake.extract.region import extract_region
from intake.extract.service_types import extract_service_types
from intake.schemas import phrase_items
from intake.semantic import TYPES, ServiceTypeHead, asks_the_cause_only
from kb.vocab import ServiceType as S
from tests.intake.probehelpers import assert_ends_on_card
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

# ==== the fifteenth probe's left items

# ---- every test asked for is named, in the enterprise's words ("need 能效测试 and a safety test report" was said
# "test report → inspection and testing": the Chinese name had no cue of its own, and "test report" hid the safety
# test; "要做能效测试，还要一份安全检测报告" kept the first test alone)


@pytest.mark.parametrize(("text", "items"), [
    ("need 能效测试 and a safety test report", ["能效测试", "safety test"]),
    ("要做能效测试，还要一份安全检测报告", ["能效测试", "安全检测"]),
    ("我们要做能效测试，另外要一份安全测试报告", ["能效测试", "安全测试"]),
    ("要做盐雾试验，另外还要做振动测试", ["盐雾试验", "振动测试"]),
    ("We need CE testing and 能效测试 for our kettles.", ["CE testing", "能效测试"]),
    ("need 盐雾测试 and a vibration test", ["盐雾测试", "vibration test"]),
    ("We need a safety test report.", ["safety test"]),
    ("need an EMC test report and a safety test report", ["EMC test", "safety test"]),
    ("想做细菌过滤效率和颗粒过滤效率的检测", ["细菌过滤效率检测", "颗粒过滤效率检测"]),
])
def test_every_test_asked_for_is_named(text: str, items: list[str]) -> None:
    assert phrase_items(phrases_for(text, extract_service_types(text))[S.inspection_testing]) == items


@pytest.mark.parametrize(("text", "phrase"), [
    ("要做能效测试", "能效测试"),
    ("要做盐雾试验，另外振动测试不用做", "盐雾试验"),  # a test ruled out is none of the need's
    ("要做盐雾试验，检测报告要中英文", "盐雾试验"),  # what the report is to be, not one more test
    ("能接受的检测费大概2000元，主要检测饲料的粗蛋白", "检测"),  # a clause before 的, no test's name
    ("我们的电池要检测，预算两万", "检测"),
    ("We need a test report.", "test report"),
])
def test_words_that_name_no_second_test(text: str, phrase: str) -> None:
    assert phrases_for(text, extract_service_types(text))[S.inspection_testing] == phrase


def test_the_chat_and_the_card_name_both_tests(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["Hi, our company is in 佛山顺德, we make 空气炸锅 (air fryers) for export to the "
                                     "EU and need 能效测试 and a safety test report."])
    reply, need = _last_reply(views[0]), views[0].need
    assert "能效测试 and safety test → inspection and testing" in reply, reply
    rows = {r["key"]: r["value"] for r in need_rows(need, "en", phrases=True)}
    assert "能效测试" in rows["service_types"] and "safety test" in rows["service_types"], rows
    zh = _drive(intake_settings, ["我们在佛山顺德做空气炸锅，要做能效测试，还要一份安全检测报告"])[0]
    assert "能效测试、安全检测 → 检验检测" in _last_reply(zh), _last_reply(zh)


# ---- a standard's number is said back as the enterprise gave it ("GB/T 2423.17" answering the service question was
# "已记下服务类型：检验检测"; "按GB 4706.1做" the same)

OPENER = "你好，我们是厦门做户外LED显示屏的，客户对显示屏箱体的耐腐蚀有要求，想找机构帮忙"


@pytest.mark.parametrize(("answer", "said"), [
    ("GB/T 2423.17", "GB/T 2423.17 → 检验检测"),
    ("按GB 4706.1做", "GB 4706.1 → 检验检测"),
    ("要按IEC 60068-2-11做测试", "IEC 60068-2-11测试 → 检验检测"),
])
def test_a_standard_number_is_said_back(intake_settings: Settings, answer: str, said: str) -> None:
    view = _drive(intake_settings, [OPENER, answer])[-1]
    assert said in _last_reply(view), _last_reply(view)
    assert [s.value for s in view.need.service_types] == ["inspection_testing"]
    assert view.need.title == "显示屏箱体检验检测需求", view.need.title  # the number is no title's word


@pytest.mark.parametrize(("text", "phrase"), [
    ("We need testing to IEC 60335-2-9.", "IEC 60335-2-9 testing"),
    ("按GB/T 2423.17做盐雾试验", "盐雾试验"),  # a test named keeps its name
])
def test_a_norm_beside_a_test(text: str, phrase: str) -> None:
    assert phrases_for(text, extract_service_types(text))[S.inspection_testing] == phrase


def test_a_standard_number_in_a_long_text_names_no_test() -> None:
    text = "农村供水工程水质检测项目，检测指标执行GB 5749-2022，共200个水样，需在一个月内完成检测"
    assert "GB 5749" not in phrases_for(text, extract_service_types(text))[S.inspection_testing]


# ---- a standard's number is no amount ("按GB 4706.1做" answering the budget question was "已记下预算：4706元")

@pytest.mark.parametrize("text", ["预算按GB 4706.1做", "预算GB/T 2423.17", "budget: per IEC 60335-1"])
def test_a_standard_number_is_no_budget(text: str) -> None:
    assert extract_budget(text).is_empty, extract_budget(text)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("按GB 4706.1做，预算5000", 5000, 5000), ("budget between 5,000 and 8,000 RMB", 5000, 8000),
    ("16GB 4000元", 4000, 4000)])
def test_amounts_beside_a_standard_as_before(text: str, low: int, high: int) -> None:
    budget = extract_budget(text)
    assert (budget.min_yuan, budget.max_yuan) == (low, high)


def test_a_standard_number_answering_the_budget_question(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们在宁波做电水壶，要做安全检测", "下个月底前", "按GB 4706.1做"])
    assert views[-1].need.budget.is_empty and "4706元" not in _last_reply(views[-1]), _last_reply(views[-1])


# ---- R&D the head adds beside a request to find a failure's cause (with e5, "我们的汽车线束连接器插拔几百次之后就
# 接触不良，想找人分析下原因" read 质量技术评价 and 技术研发: the head gave R&D 0.74, over its own add bar, 0.7)

def _head() -> ServiceTypeHead:
    """A head whose probabilities are given (its weights zero), with the committed head's bars."""
    return ServiceTypeHead(model_id="stand-in", weights=np.zeros((len(TYPES), 4)), bias=np.zeros(len(TYPES)),
                           add=0.7, veto=0.1, own={S.rnd: (0.7, 0.0), S.inspection_testing: (0.8, 0.2)})


def _proba(**p: float) -> np.ndarray:
    out = np.full(len(TYPES), 0.05)
    for k, v in p.items():
        out[TYPES.index(S(k))] = v
    return out


@pytest.mark.parametrize("text", [
    "我们的汽车线束连接器插拔几百次之后就接触不良，想找人分析下原因",
    "我们的开关按了几千次以后就失灵了，想请人查一下是什么原因",
    "Our connectors lose contact after a few hundred mating cycles; we want someone to find out why.",
])
def test_rnd_is_not_added_beside_a_cause_asked(text: str) -> None:
    read = _head().read([S.quality_evaluation], _proba(quality_evaluation=0.81, rnd=0.74), 0.0, text=text)
    assert read == [S.quality_evaluation]


@pytest.mark.parametrize("text", [
    "连接器插拔几百次之后就接触不良，想找人分析原因并改进设计",
    "The fingerprint module fails outdoors. We'd like to understand why and improve the design.",
    "电机用了三个月就烧了，想找人分析原因，看看怎么解决",
])
def test_rnd_beside_a_cause_and_a_change_wished_as_before(text: str) -> None:
    assert not asks_the_cause_only(text)
    read = _head().read([S.quality_evaluation], _proba(quality_evaluation=0.81, rnd=0.74), 0.0, text=text)
    assert read == [S.quality_evaluation, S.rnd]


def test_rnd_the_rules_read_stays_beside_a_cause() -> None:
    text = "产品开裂，想找人分析下原因"  # (no wish: but the rules' own R&D is never taken away by this step)
    read = _head().read([S.quality_evaluation, S.rnd], _proba(quality_evaluation=0.81, rnd=0.74), 0.0, text=text)
    assert read == [S.quality_evaluation, S.rnd]


# ==== the sixteenth probe's conversations

DATA = Path(__file__).parent / "data" / "dialogues_probe16.jsonl"
CONVERSATIONS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_a_sixteenth_probe_conversation_ends_on_its_card(intake_settings: Settings,
                                                         conversation: dict[str, Any]) -> None:
    assert_ends_on_card(intake_settings, conversation)


# ---- the company's line gives way to the part that fails, in English as in Chinese ("we're a small startup …,
# making smart door locks. The fingerprint module sometimes stops recognising fingers …" read the line; p156)

@pytest.mark.parametrize(("text", "product"), [
    ("Hi, we're a small startup in Nanshan, Shenzhen, making smart door locks. The fingerprint module sometimes stops "
     "recognising fingers after a few weeks outdoors. We'd like to understand why and improve the design.",
     "fingerprint module"),
    ("We make e-bikes and the motor controller keeps resetting.", "motor controller"),
    ("Our company produces power tools; the battery pack swells after a few dozen charge cycles.", "battery pack"),
    ("We are a manufacturer of LED lamps. The driver board fails after 500 hours.", "driver board"),
    # as before: things of the line that fail, a thing asked for beside it, the line alone
    ("We make brake calipers in Wuhu. Several castings cracked in the field.", "brake calipers"),
    ("We make smart door locks and need EMC testing.", "smart door locks"),
])
def test_the_line_gives_way_to_the_part_that_fails(text: str, product: str) -> None:
    assert extract_product(text) == product


# ---- a correction that names the thing a failure is said of ("不好意思说错了，有色差的是后盖，不是中框" made the
# product "是后盖", the title "是后盖检验检测需求"; p154)

@pytest.mark.parametrize(("said", "product"), [
    ("不好意思说错了，有色差的是后盖，不是中框", "后盖"),
    ("说错了，开裂的其实是外壳，不是支架", "外壳"),
    ("不对，漏水的是阀体，不是阀盖", "阀体"),
])
def test_the_thing_a_failure_is_said_of_corrects_the_product(intake_settings: Settings, said: str,
                                                             product: str) -> None:
    views = _drive(intake_settings, ["我们在东莞做五金件，最近一批支架出现问题，想找机构分析下原因", said])
    assert views[-1].need.product == product, _last_reply(views[-1])
    assert f"产品改为：{product}（原为：" in _last_reply(views[-1]), _last_reply(views[-1])


# ---- a mark alone beside other work names who may do it, not a test ("想找有CNAS资质的机构分析下原因" added 检验检测;
# p154)

@pytest.mark.parametrize(("text", "types"), [
    ("想找有CNAS资质的机构分析下原因", [S.quality_evaluation]),
    ("最近一批手机中框阳极氧化后出现色差，想找有CNAS资质的机构分析下原因", [S.quality_evaluation]),
    ("需要有CNAS资质的机构做检测", [S.inspection_testing]),  # a test asked for in so many words
    ("奶茶粉菌落总数超标，急需找CMA机构复检，并帮我们排查原因", [S.inspection_testing, S.quality_evaluation]),
    ("我们按装配图反复检查过线序，飞控还是一连就烧", []),  # 反复检查 is no retest
])
def test_a_mark_alone_beside_other_work(text: str, types: list[S]) -> None:
    assert extract_service_types(text) == types


# ---- a county-level city under its province, after the province's name ("湖北仙桃" read 湖北省 with no city; p153)

@pytest.mark.parametrize(("text", "city"), [
    ("我们是湖北仙桃做医用口罩的", "仙桃市"), ("我们在湖北天门", "天门市"), ("河南济源的工厂", "济源市"),
    ("湖北潜江", "潜江市"), ("仙桃", "仙桃市"), ("广东开平", "江门市")])
def test_a_city_under_its_province(text: str, city: str) -> None:
    assert extract_region(text)[0].city == city


# ---- the enterprise's own routine work is a passing mention ("…的检测实验室，平时自己做来料检测，现在有十几把扭矩扳手
# 和两台拉力试验机到期需要校准" read 检验检测 beside the calibration, and the product 来料; p155)

@pytest.mark.parametrize("text", [
    "我们是合肥一家汽车零部件企业的检测实验室，平时自己做来料检测，现在有十几把扭矩扳手到期需要校准",
    "我们厂平时都自己做出厂检验，这次有一批压力表需要检定",
])
def test_own_routine_work_asks_for_nothing(intake_settings: Settings, text: str) -> None:
    need = _drive(intake_settings, [text])[0].need
    assert [s.value for s in need.service_types] == ["calibration"], need.service_types
    assert need.product not in ("来料", "出厂"), need.product


# ---- the budget left to someone else ("预算这个我得问一下老板" was asked again at once; p153)

@pytest.mark.parametrize(("text", "answer"), [
    ("预算这个我得问一下老板", False), ("我得问一下老板", True), ("费用要请示一下领导", False),
    ("I need to check the budget with my boss.", False), ("I'll ask my boss first", True)])
def test_a_budget_left_to_the_boss(text: str, answer: bool) -> None:
    assert budget_declined(text, answer=answer) and extract_budget(text).is_empty


@pytest.mark.parametrize("text", ["预算两万，问一下老板能不能加", "问一下你们老板"])
def test_what_is_no_budget_left_to_the_boss(text: str) -> None:
    assert not budget_declined(text, answer=True)


def test_the_chat_leaves_the_budget_to_the_boss_and_takes_it_later(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是湖北仙桃做医用口罩的，想做细菌过滤效率检测", "两周内",
                                     "预算这个我得问一下老板", "老板说最多八千"])
    assert _last_reply(views[2]).startswith("好的，预算先不填"), _last_reply(views[2])
    assert views[-1].need.budget.max_yuan == 8000 and "不超过8000元" in _last_reply(views[-1])


# ---- what is to be done, said in a correction ("要做的是EMC测试，不是普通的功能测试" was said "服务类型改为：要做的是
# EMC测试 → 检验检测"; p152)

@pytest.mark.parametrize("said", ["说清楚一点，要做的是EMC测试，不是普通的功能测试",
                                  "不对，需要做的是EMC测试，不是功能测试"])
def test_what_is_to_be_done_is_said_in_its_words(intake_settings: Settings, said: str) -> None:
    views = _drive(intake_settings, ["我们公司在常州武进，想找个机构帮我们做一下测试", "电动自行车控制器", said])
    assert views[-1].need.phrases[S.inspection_testing] == "EMC测试", _last_reply(views[-1])
    assert "要做的是" not in _last_reply(views[-1]) and "需要做的是" not in _last_reply(views[-1])


# ---- a better design asked beside the cause ("We'd like to understand why and improve the design." read the failure
# analysis alone; p156), and a plant that builds its product ("builds PCB assemblies" read none; p158)

def test_a_design_to_improve_beside_the_cause() -> None:
    text = ("The fingerprint module stops recognising fingers outdoors. We'd like to understand why and improve the "
            "design.")
    types = extract_service_types(text)
    assert types == [S.quality_evaluation, S.rnd]
    assert phrases_for(text, types)[S.rnd] == "design improvement"


@pytest.mark.parametrize(("text", "product"), [
    ("Hello, our plant in Kunshan builds PCB assemblies for industrial controllers. We need vibration tests.",
     "PCB assemblies"),
    ("Our factory builds LED drivers; we need EMC tests.", "LED drivers"),
    ("Our factory assembles LED drivers; we need EMC tests.", "LED drivers"),  # (read "factory assembles LED drivers")
])
def test_a_plant_that_builds_its_product(text: str, product: str) -> None:
    assert extract_product(text) == product


# ---- one of two things named ruled out, the other kept ("另外拉力试验机先不校了，只校扭矩扳手" of a need read as 拉力
# 试验机 was "这条消息里没有读到新的信息"; p155)

@pytest.mark.parametrize(("messages", "product"), [
    (["我们在合肥，有十几把扭矩扳手和两台拉力试验机到期需要校准", "另外拉力试验机先不校了，只校扭矩扳手"], "扭矩扳手"),
    (["我们在宁波，有一批压力表和温度计需要检定", "压力表这次不做了，只做温度计"], "温度计"),
])
def test_the_thing_kept_of_two_is_the_product(intake_settings: Settings, messages: list[str], product: str) -> None:
    view = _drive(intake_settings, messages)[-1]
    assert view.need.product == product, _last_reply(view)
    assert f"产品改为：{product}" in _last_reply(view), _last_reply(view)


# ---- a question whether the work can be done by a date ("两个星期内能出报告吗？" got how the platform goes on; p153):
# answered as a question of timing, the date read as the deadline

@pytest.mark.parametrize(("said", "deadline"), [
    ("两个星期内能出报告吗？", "2026年12月10日"), ("月底前能做完吗？", "2026年11月30日"),
    ("Can you have the report by 15 December?", "2026-12-15")])
def test_a_date_asked_about_is_answered_with_the_timing(intake_settings: Settings, said: str, deadline: str) -> None:
    opener = ("We make medical masks in Xiantao and need filtration efficiency tests." if said.isascii()
              else "我们是湖北仙桃做医用口罩的，想做细菌过滤效率检测")
    reply = _last_reply(_drive(intake_settings, [opener, said])[-1])
    assert reply.startswith((chat.TIMING[0], chat.TIMING[1])) and deadline in reply, reply


# ---- two things tested by one test of two words ("lead and cadmium release testing" was said "cadmium release
# testing"; p157)

@pytest.mark.parametrize(("text", "phrase"), [
    ("We produce ceramic tableware in Chaozhou and need lead and cadmium release testing for the FDA.",
     "lead and cadmium release testing"),
    ("Our toys need lead and phthalate content testing.", "lead and phthalate content testing"),
    ("We need an IP54 dust and water test.", "IP54 dust and water test"),  # (as before)
    ("We need salt spray and vibration testing", "salt spray and vibration testing"),  # (as before)
])
def test_two_things_tested_by_one_test(text: str, phrase: str) -> None:
    assert phrases_for(text, extract_service_types(text))[S.inspection_testing] == phrase
