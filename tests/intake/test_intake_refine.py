"""The LLM's pass at submission (issue 27, item 7): it fills only what was left empty, never what the enterprise
set, and its brief keeps no figure the conversation does not hold."""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.extract import extract, has_value
from intake.llm import LLMSettings
from intake.refine import refine, supported
from tests.intake.llm_standin import StandInChatModel

T = date(2026, 11, 21)
SAID = "我们是苏州的电池企业，储能电池夏天高温老报警。\n想找机构查清楚原因，最好三个月内。"
SETTINGS = LLMSettings(base_url="http://127.0.0.1:9/v1", model="stand-in-model",
                       structured_method="function_calling")


def _model(args: dict[str, Any], **kw: Any) -> StandInChatModel:
    return StandInChatModel(reading=lambda text: args, **kw)


def _answer(**extra: Any) -> dict[str, Any]:
    return {"service_types": ["quality_evaluation"], "province": "江苏省", "city": "苏州市", "product": "储能电池",
            "budget_min_yuan": None, "budget_max_yuan": None, "deadline": None, "confidential": False,
            "brief_problem": "储能电池在夏季高温时频繁报警，原因不明。",
            "brief_tried": None,
            "brief_evidence": "需要失效分析，查明高温报警的根本原因。", **extra}


def test_fills_an_empty_field_and_says_which() -> None:
    need = extract(SAID, today=T)
    need.product = None
    done = refine(need, SAID, today=T, settings=SETTINGS, model=_model(_answer()))
    assert done.filled == ["product"]
    assert done.need.product == "储能电池" and done.need.sources["product"] == "llm"
    assert done.need.brief is not None and done.need.brief.filled == ["product"]
    assert done.need.brief.model == "stand-in-model"
    assert "product" not in done.need.missing


def test_service_types_are_never_filled() -> None:
    """A need cannot be submitted without its service types, so the pass never sets them."""
    need = extract(SAID, today=T)
    need.service_types = []
    done = refine(need, SAID, today=T, settings=SETTINGS, model=_model(_answer()))
    assert done.need.service_types == [] and "service_types" not in done.filled


def test_never_changes_a_field_the_enterprise_set() -> None:
    need = extract(SAID, today=T)
    need.service_types = []
    need.product = None
    done = refine(need, SAID, today=T, settings=SETTINGS, model=_model(_answer()),
                  protected={"service_types", "product"})
    assert done.filled == []
    assert need.service_types == done.need.service_types == []
    assert done.need.product is None


def test_a_field_already_read_is_kept_even_when_the_model_reads_it_otherwise() -> None:
    need = extract(SAID, today=T)
    before = need.region
    done = refine(need, SAID, today=T, settings=SETTINGS,
                  model=_model(_answer(province="广东省", city="深圳市")))
    assert done.need.region == before
    assert "region" not in done.filled


def test_invented_values_are_not_filled() -> None:
    """The model's budget is in no word the enterprise said: the same check as every LLM reading drops it."""
    need = extract(SAID, today=T)
    assert not has_value(need, "budget")
    done = refine(need, SAID, today=T, settings=SETTINGS,
                  model=_model(_answer(budget_min_yuan=200000, budget_max_yuan=200000)))
    assert not has_value(done.need, "budget") and "budget" not in done.filled


def test_brief_sentences_with_made_up_figures_are_dropped() -> None:
    text = "储能电池夏季高温报警。已有 3 批次出现问题，损失约 50 万元。"
    kept = supported(text, SAID)
    assert kept == "储能电池夏季高温报警。"
    assert supported("三个月内查清楚原因。", SAID) == "三个月内查清楚原因。"
    assert supported("已召回 12 台。", SAID) is None
    assert supported("   ", SAID) is None


def test_a_brief_does_not_restate_fields_or_paste_the_conversation() -> None:
    """The fields show the budget, deadline and place as corrected; a small model copies the first value said."""
    said = "即食海参想做保质期验证研究。\n半年内。\n预算十万左右。\n应该是明年3月底前。\n改成十五万。"
    assert supported("即食海参保质期验证研究，预算十万左右，半年内完成。", said, T) == "即食海参保质期验证研究。"
    assert supported("Valve bodies cracked, within three months, around RMB 100,000.", "RMB 100,000", T) == \
        "Valve bodies cracked."
    long = "。".join(["储能电池包高温报警"] * 5) + "。"
    assert supported(long, said, T) == "储能电池包高温报警。储能电池包高温报警。"


def test_no_llm_means_no_pass() -> None:
    need = extract(SAID, today=T)
    done = refine(need, SAID, today=T, settings=LLMSettings())
    assert done.need == need and done.filled == [] and done.need.brief is None


def test_a_failing_model_keeps_the_need_and_says_why() -> None:
    need = extract(SAID, today=T)
    done = refine(need, SAID, today=T, settings=SETTINGS, model=_model({}, error=ConnectionError("refused")))
    assert done.need == need and done.need.brief is None
    assert done.notes and "LLM" in done.notes[0]


def test_a_confidential_need_does_not_leave_the_machine() -> None:
    need = extract(SAID, today=T)
    need.confidential = True
    remote = LLMSettings(base_url="https://llm.example.org/v1", model="m", structured_method="function_calling")
    model = _model(_answer())
    done = refine(need, SAID, today=T, settings=remote, model=model)
    assert model.sent == [] and done.need.brief is None
    assert "保密" in done.notes[0]


def test_the_whole_conversation_is_what_is_sent() -> None:
    need = extract(SAID, today=T)
    model = _model(_answer())
    refine(need, SAID, today=T, settings=SETTINGS, model=model)
    assert len(model.sent) == 1 and "储能电池夏天高温老报警" in model.sent[0] and "三个月内" in model.sent[0]


def test_a_place_named_only_for_past_work_fills_no_region() -> None:
    said = "我们做医用输液泵，需要做电磁兼容的型式检验。\n之前的注册检验是在北京一家所做的，这次想换个机构。"
    need = extract(said, today=T)
    assert need.region.province is None
    done = refine(need, said, today=T, settings=SETTINGS, model=_model(_answer(province="北京市", city="北京市")))
    assert done.need.region.province is None and "region" not in done.filled
