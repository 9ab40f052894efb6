"""The sixteenth probe of the chat (issue 27; tests/intake/data/dialogues_probe16.jsonl, cards and what a good reply
says written and committed alone in 464c7e2 before any of it ran). First, the fifteenth probe's left items: two tests
asked for said back as one ("need 能效测试 and a safety test report" was "test report"), a standard's number said by
its category alone ("GB/T 2423.17" was "已记下服务类型：检验检测"), and 技术研发 read with e5 beside a request to find a
failure's cause ("插拔几百次之后就接触不良，想找人分析下原因")."""

from __future__ import annotations

import numpy as np
import pytest

from api.pages.ui_need import need_rows
from core.settings import Settings
from intake.extract.budget import extract_budget
from intake.extract.phrases import phrases_for
from intake.extract.service_types import extract_service_types
from intake.schemas import phrase_items
from intake.semantic import TYPES, ServiceTypeHead, asks_the_cause_only
from kb.vocab import ServiceType as S
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
    rows = {r["key"]: r["value"] for r in need_rows(need, "en")}
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
