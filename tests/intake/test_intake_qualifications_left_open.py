"""A qualification left to the platform was not heard: "不知道要啥资质，你们看着办" got "这条消息里没有读到新的信息"
(and the English "not sure what certification we need, you decide" got "I could not tell what to correct"). As "你们推
荐吧" leaves the service type to the platform, this leaves the qualification to it: no qualification is required, and
the provider or the association may suggest one. The need's qualifications are settled as none required
(``Need.qualifications_open``), said back, shown on the card, kept from the submission's LLM pass, and a mark asked
for later in so many words still counts."""

from __future__ import annotations

import re

import pytest

from api.pages.ui_need import need_rows
from core.db import session_scope
from core.settings import Settings
from intake import dialogue, service
from tests.intake.test_intake_chat_probe6 import _drive

ZH = "我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析，预算8万以内，两个月内要结果。"
EN = ("We make LED street light drivers in Suzhou. The capacitors bulge after three months outdoors and we need a "
      "failure analysis. Budget about RMB 80,000, results within two months.")
SAID = ("资质要求：不限，服务机构或协会可以给出建议", "no qualification is required; the provider or the association "
        "may suggest one")


def _row(need: object, lang: str) -> str | None:
    return next(r["value"] for r in need_rows(need, lang) if r["key"] == "qualifications")  # type: ignore[arg-type]


@pytest.mark.parametrize(("opener", "message", "lang"), [
    (ZH, "不知道要啥资质，你们看着办", "zh"),
    (ZH, "资质方面没什么要求，你们定就行", "zh"),
    (EN, "not sure what certification we need, you decide", "en"),
    (EN, "No particular accreditation is required.", "en"),
])
def test_a_qualification_left_to_the_platform_is_none_required_and_said_back(
        intake_settings: Settings, opener: str, message: str, lang: str) -> None:
    views = _drive(intake_settings, [opener, message])
    need = views[-1].need
    assert need.qualifications == [] and need.qualifications_open is True
    reply = views[-1].turns[-1].text
    assert SAID[1 if lang == "en" else 0] in reply, reply
    assert "没有读到新的信息" not in reply and "could not tell" not in reply
    assert need.text == views[0].need.text  # the field holds it: the description is as it was
    assert _row(need, lang) == ("不限（服务机构或协会可以给出建议）" if lang == "zh"
                                else "none required (the provider or the association may suggest one)")
    with session_scope(intake_settings) as s:  # the submission's LLM pass leaves it as the enterprise said
        _need, _said, protected = service.refinement_inputs(session=s, need_id=need.id or "")
    assert "qualifications" in protected


def test_said_in_the_first_message_it_is_said_back_with_the_rest(intake_settings: Settings) -> None:
    [view] = _drive(intake_settings, ["我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析，不知道要啥资质，"
                                      "你们看着办"])
    assert view.need.qualifications_open is True and view.need.qualifications == []
    assert "资质要求 不限（服务机构或协会可以给出建议）" in view.turns[-1].text, view.turns[-1].text
    assert "资质" not in (view.question or "")


def test_mid_dialogue_it_is_heard_and_the_open_question_follows(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析。",
                                     "不知道要啥资质，你们看着办", "两个月内", "预算8万以内"])
    # the deadline neither asked again nor listed as not given (the publishing question names 期限 among what a
    # confidential need publishes, so the word alone says nothing)
    last = views[-1].turns[-1].text
    assert SAID[0] in views[1].turns[-1].text and "希望什么时候之前完成" not in last
    assert not re.search(r"暂未提供[^。\n]*期限", last), last
    need = views[-1].need
    assert need.qualifications_open is True and need.deadline is not None and need.budget.max_yuan == 80_000
    assert not any("资质" in (v.question or "") for v in views)  # never asked


def test_a_mark_asked_for_later_counts(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [ZH, "不知道要啥资质，你们看着办", "还是要CNAS资质吧"])
    need = views[-1].need
    assert need.qualifications == ["CNAS"] and need.qualifications_open is False


@pytest.mark.parametrize("text", ["不知道要啥资质，你们看着办", "资质没要求",
                                  "not sure what certification we need, you decide",
                                  "No particular accreditation is required."])
def test_read_as_left_open(text: str) -> None:
    assert dialogue.qualifications_left_open(text)


@pytest.mark.parametrize("text", ["需要CNAS资质", "不需要CMA资质", "你们有什么资质？", "不知道，你们推荐吧",
                                  "We need a CNAS-accredited lab.", "Do you have CNAS accreditation?"])
def test_not_read_as_left_open(text: str) -> None:
    assert not dialogue.qualifications_left_open(text)


@pytest.mark.parametrize("text", ["不需要认证，就出个检测报告就行", "No certification needed, just the test report."])
def test_certification_work_ruled_out_is_not_a_qualification_left_open(text: str) -> None:
    """认证 / certification is also a kind of service: ruling it out leaves no qualification open (probe18)."""
    assert not dialogue.qualifications_left_open(text)
