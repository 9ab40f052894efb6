"""The explanation of the chosen center as the enterprise reads it in English (a new user's trial, 2026-11-30): it
showed Chinese key terms and the matcher's jargon to an English reader ("热失控试验: met — its texts contain
'热失控试验'", "Decisive phrase"). Said for the enterprise (flows.explanations.said_to_the_enterprise, what
flows.need_progress gives "my needs" and the need's result), the fixed phrases are English, and the enterprise's and
the catalog's own Chinese words stay, quoted and introduced in English; the Chinese page is left as it is."""

from __future__ import annotations

import re

from flows.explanations import explain_proposal, said_to_the_enterprise
from pipeline.schemas import MatchProposal

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r'"[^"]*"')

# The coverage as matcher.requirements writes it ("中文 / English")
PROPOSAL = MatchProposal(
    center_id="qic-js-battery", center_name="江苏省动力电池产品质量检验中心", score=0.6, fit=90, band="high",
    coverage=[
        {"kind": "product_family", "requirement": "动力电池", "covered": True,
         "evidence": "机构名称含「动力电池」 / the center's name says 动力电池"},
        {"kind": "service_type", "requirement": "检验检测", "covered": True,
         "evidence": "能力「动力电池单体热失控试验」提供检验检测 / capability '动力电池单体热失控试验' "
                     "offers inspection and testing"},
        {"kind": "qualification", "requirement": "CMA", "covered": True,
         "evidence": "能力「动力电池单体热失控试验」具备 CMA / capability '动力电池单体热失控试验' holds CMA"},
        {"kind": "phrase", "requirement": "热失控试验", "covered": True,
         "evidence": "支撑材料含「热失控试验」 / its texts contain '热失控试验'"},
        {"kind": "phrase", "requirement": "热扩散试验", "covered": False,
         "missing": "缺少：「热扩散试验」 / missing: '热扩散试验'"},
        {"kind": "product_family", "requirement": "储能电池包", "covered": True,
         "evidence": "储能电池包 属于 电池 / product 储能电池包 is a kind of 电池"},
    ])


def _unquoted(text: str) -> str:
    return QUOTED.sub("", text)


def test_the_english_explanation_quotes_the_chinese_words_and_says_the_rest_in_english() -> None:
    said = said_to_the_enterprise(explain_proposal(PROPOSAL, "en").requirements, "en")
    for r in said:
        assert not CJK.search(_unquoted(r.requirement)), r.requirement
        assert not CJK.search(_unquoted(r.text)), r.text
        assert "'" not in r.text.replace("center's", ""), r.text  # one kind of quotes: "…"
        assert "its texts" not in r.text, r.text  # the matcher's word for a center's documents
    by = {(r.kind, r.covered): r for r in said}
    assert by[("phrase", True)].requirement == '"热失控试验"'
    assert by[("phrase", True)].text == 'its documents mention "热失控试验"'
    assert by[("service_type", True)].text == "capability \"动力电池单体热失控试验\" offers inspection and testing"
    assert said[0].text == 'the center\'s name says "动力电池"'
    assert said[-1].text == 'product "储能电池包" is a kind of "电池"'
    assert by[("phrase", False)].text == 'missing: "热扩散试验"'


def test_the_chinese_explanation_is_left_as_it_reads() -> None:
    why = explain_proposal(PROPOSAL, "zh").requirements
    assert said_to_the_enterprise(why, "zh") == why
