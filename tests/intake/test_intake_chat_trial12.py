"""What the twenty-third probe left (issue 27, 2026-11-29; tests/intake/data/dialogues_probe23.jsonl, written before
the code; docs/intake.md, "The twenty-third probe"): the chat's readers of the product and of the enterprise's words
for a service, each fault held by the probe's message and by variants of its general shape.

1. A thing named at the head of a clause that says what befalls it, beside the service asked ("仪表板饰条有气味，
   主机厂要求做VOC和气味检测" after "做汽车内饰件"), did not replace the company's line read from the first message:
   the more exact thing the need is about was lost (p219). (p217's "RV减速机跑一段时间回差就变大" is not yet read so:
   the product reader reads "RV减速机跑一段时间", the time of use run into the name.)
2. An English test named by two words before a generic one ("thermal resistance testing") ran past the length an
   English phrase may have, and was cut to its last word ("resistance testing"; p222).
3. A choice between two causes ("看看是焊接工艺的问题还是材料的问题") was the service's words, cut to "问题还是",
   and the title held that fragment; the analysis named before it ("做个断口分析") was not read (p221).
4. A thing named after the company's line with the environmental tests asked for it, named bare in a list ("我们是西安
   做机载电源的，电源模块要做温度冲击和振动这些环境试验"), lost to the line (p220).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.settings import Settings
from intake.dialogue_eval import title_fragment
from intake.extract.phrases import phrase_of
from intake.extract.product import extract_product
from kb.vocab import ServiceType as S
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the earlier probes drive it
from tests.intake.test_intake_chat_rules import _last_reply

DATA = Path(__file__).parent / "data"
PROBE23 = {c["id"]: c for c in map(json.loads, (DATA / "dialogues_probe23.jsonl").read_text("utf-8").splitlines())}


# ==== 1. A thing opening a clause that says what befalls it names the product over the company's line

@pytest.mark.parametrize(("messages", "product"), [
    (PROBE23["p219"]["messages"][:2], "仪表板饰条"),
    (["我们是台州做水泵的企业", "QJ潜水泵用了半年就渗水，想找机构做失效分析"], "QJ潜水泵"),
    (["宁波的注塑厂，做家电配件", "空调面板有异味，客户要求做气味检测"], "空调面板"),
])
def test_a_thing_opening_its_clause_beside_the_service_replaces_the_line(intake_settings: Settings,
                                                                          messages: list[str], product: str) -> None:
    views = _drive(intake_settings, messages)
    assert views[-1].need.product == product, _last_reply(views[-1])


@pytest.mark.parametrize("messages", [
    # nothing named at the clause's head: the line stays
    ["我们是常州一家做减速机的企业", "跑一段时间回差就变大，想找机构做精度测试"],
    # the same thing said again by its line's name
    ["我们是常州一家做减速机的企业", "减速机跑一段时间回差就变大，想找机构做精度测试"],
])
def test_the_line_stays_when_no_other_thing_opens_the_clause(intake_settings: Settings, messages: list[str]) -> None:
    views = _drive(intake_settings, messages)
    assert views[-1].need.product == "减速机", _last_reply(views[-1])


# ==== 1b. The thing an environmental test is asked for, named after the company's line, is the product

@pytest.mark.parametrize(("text", "product"), [
    (PROBE23["p220"]["messages"][0], "电源模块"),
    ("我们是苏州做车载充电机的，功率模块要做温度循环和跌落这些可靠性试验", "功率模块"),
])
def test_a_thing_an_environmental_test_is_asked_for_beats_the_line(text: str, product: str) -> None:
    assert extract_product(text) == product


def test_probe23_p220_keeps_the_module(intake_settings: Settings) -> None:
    views = _drive(intake_settings, PROBE23["p220"]["messages"])
    assert views[1].need.product == "电源模块", _last_reply(views[1])
    assert views[-1].need.product == "电源模块", _last_reply(views[-1])


# ==== 2. An English test of two named words and a generic one is said whole

@pytest.mark.parametrize(("text", "phrase"), [
    ("We need thermal resistance testing for a customer audit", "thermal resistance testing"),
    ("We need insulation resistance testing on our motors", "insulation resistance testing"),
    ("Please arrange electromagnetic compatibility testing", "electromagnetic compatibility testing"),
    ("We need vibration testing", "vibration testing"),
])
def test_an_english_test_of_two_words_is_said_whole(text: str, phrase: str) -> None:
    assert phrase_of(text, S.inspection_testing) == phrase


def test_probe23_p222_says_the_whole_test(intake_settings: Settings) -> None:
    views = _drive(intake_settings, PROBE23["p222"]["messages"])
    need = views[-1].need
    assert need.phrases.get(S.inspection_testing) == "thermal resistance testing", need.phrases
    # (the title never holds the cut name; the whole one is longer than an English title's room for the work, which
    # then names the category)
    assert need.title is not None and ("thermal resistance testing" in need.title
                                       or "resistance testing" not in need.title), need.title


# ==== 3. A choice between two causes is no name for the work; the analysis named is

@pytest.mark.parametrize("text", [
    "想找人做个断口分析，看看是焊接工艺的问题还是材料的问题",
    "帮忙看看是设计的问题还是装配的问题",
    "想请专家判断一下是原材料的问题还是热处理的问题",
])
def test_a_choice_of_causes_is_no_phrase(text: str) -> None:
    phrase = phrase_of(text, S.quality_evaluation)
    assert phrase is None or "还是" not in phrase, phrase


@pytest.mark.parametrize(("text", "phrase"), [
    ("想找人做个断口分析，看看是焊接工艺的问题还是材料的问题", "断口分析"),
    ("螺栓断了，想做断口分析", "断口分析"),
])
def test_a_fracture_analysis_is_named(text: str, phrase: str) -> None:
    assert phrase_of(text, S.quality_evaluation) == phrase


def test_a_fracture_described_still_names_no_phrase() -> None:
    # (the earlier reading: "断口发白" is the failure, not the work's name)
    phrase = phrase_of("客户装的时候一掰就断，断口发白", S.quality_evaluation)
    assert phrase is None or "断口" not in phrase, phrase


def test_a_title_holding_a_choice_is_a_fragment() -> None:
    assert title_fragment("电动自行车车架开裂问题还是需求")
    assert not title_fragment("电动自行车车架开裂断口分析需求")


def test_probe23_p221_title_names_the_analysis(intake_settings: Settings) -> None:
    views = _drive(intake_settings, PROBE23["p221"]["messages"])
    need = views[-1].need
    assert need.phrases.get(S.quality_evaluation) == "断口分析", need.phrases
    assert need.title is not None and "还是" not in need.title and "断口分析" in need.title, need.title
    assert not title_fragment(need.title)
