"""A mark wished for is a preference, not a requirement (issue 27 / issue 28; a new user in Chromium, 2026-11-29).

"最好能有CMA，没有也行" was recorded in the need's required ``qualifications`` and the matcher then left out every
center without CMA, though the enterprise said in so many words that it is not a must. Now a mark said with a wish
(最好 / 优先 / 尽量 / prefer / ideally / if possible, or "没有也行 / 不强求 / not a must / nice to have" beside
it) goes to ``preferred_qualifications``; a mark said as required ("必须有CMA", "报告要带CMA章", "must be CNAS
accredited") stays in ``qualifications``. Corrections move it: a later "必须要CMA" makes it required, "CMA不需要了"
removes it. The reply says what happens. Driven as the JSON chat API drives the chat."""

from __future__ import annotations

import pytest

from core.settings import Settings
from intake.extract.service_types import split_qualifications
from tests.intake.test_intake_chat_probe6 import _drive
from tests.intake.test_intake_chat_rules import _last_reply


@pytest.mark.parametrize(("text", "required", "wished"), [
    ("最好能有CMA，没有也行", [], ["CMA"]),
    ("最好有CMA资质", [], ["CMA"]),
    ("CMA没有也行", [], ["CMA"]),
    ("有CNAS更好，不强求", [], ["CNAS"]),
    ("优先考虑有CNAS认可的实验室", [], ["CNAS"]),
    ("尽量找有CMA的机构", [], ["CMA"]),
    ("ideally CNAS accredited, not a must", [], ["CNAS"]),
    ("prefer a CMA lab", [], ["CMA"]),
    ("A CNAS-accredited lab would be nice to have", [], ["CNAS"]),
    ("CMA if possible", [], ["CMA"]),
    ("必须有CMA", ["CMA"], []),
    ("报告要带CMA章", ["CMA"], []),
    ("must be CNAS accredited", ["CNAS"], []),
    ("需要CNAS资质", ["CNAS"], []),
    ("最好是国家级检测中心，必须有CMA", ["CMA"], []),
    ("必须有CMA，CNAS最好也有", ["CMA"], ["CNAS"]),
    ("做盐雾测试", [], []),
    # 希望 is how a Chinese need says what it wants, a must as often as not: "希望出具CMA报告" is no wish that may
    # go unmet (read as one, a tender's report could be offered by a lab without CMA); a softer word still makes it one
    ("希望找有CMA资质的机构", ["CMA"], []),
    ("希望出具带CMA章的检测报告", ["CMA"], []),
    ("希望最好有CNAS", [], ["CNAS"]),
])
def test_a_wished_mark_is_told_from_a_required_one(text: str, required: list[str], wished: list[str]) -> None:
    assert split_qualifications(text) == (required, wished)


def _chat(settings: Settings, messages: list[str]) -> tuple[list[str], list[str], str]:
    views = _drive(settings, messages)
    need = views[-1].need
    return need.qualifications, need.preferred_qualifications, _last_reply(views[-1])


@pytest.mark.parametrize(("messages", "required", "wished"), [
    # the user's own words, in the first message and in a later one
    (["电池包要做振动测试，在江苏常州，最好能有CMA，没有也行"], [], ["CMA"]),
    (["电池包要做振动测试，在江苏常州", "最好能有CMA，没有也行"], [], ["CMA"]),
    (["Vibration test for our battery packs, Changzhou. Ideally CNAS accredited, not a must."], [], ["CNAS"]),
    (["Vibration test for our battery packs, Changzhou", "prefer a CMA lab"], [], ["CMA"]),
    # said as required: as before
    (["电池包要做振动测试，在江苏常州，必须有CMA"], ["CMA"], []),
    (["电池包要做振动测试，在江苏常州", "报告要带CMA章"], ["CMA"], []),
    (["Vibration test for battery packs in Changzhou, must be CNAS accredited"], ["CNAS"], []),
    # corrections move it
    (["电池包要做振动测试，在江苏常州，最好有CMA", "必须要CMA"], ["CMA"], []),
    (["电池包要做振动测试，在江苏常州，必须有CMA", "CMA没有也行"], [], ["CMA"]),
    (["电池包要做振动测试，在江苏常州，最好有CMA", "CMA不需要了"], [], []),
    (["Vibration test for battery packs in Changzhou, prefer CNAS", "CNAS is a must"], ["CNAS"], []),
])
def test_the_chat_keeps_a_wished_mark_apart_through_corrections(intake_settings: Settings, messages: list[str],
                                                                required: list[str], wished: list[str]) -> None:
    got_required, got_wished, reply = _chat(intake_settings, messages)
    assert (got_required, got_wished) == (required, wished), reply


@pytest.mark.parametrize("messages", [
    ["电池包要做振动测试，在江苏常州，最好能有CMA，没有也行"],
    ["电池包要做振动测试，在江苏常州", "最好能有CMA，没有也行"],
])
def test_the_reply_says_a_wished_mark_ranks_first_and_leaves_no_one_out(intake_settings: Settings,
                                                                        messages: list[str]) -> None:
    *_, reply = _chat(intake_settings, messages)
    assert "CMA 记为优先条件" in reply and "没有的也会推荐" in reply, reply
    assert "必须的资质要求" not in reply and "只推荐持有" not in reply, reply


def test_the_english_reply_says_it_too(intake_settings: Settings) -> None:
    *_, reply = _chat(intake_settings, ["Vibration test for our battery packs, Changzhou",
                                        "Ideally CNAS accredited, not a must."])
    assert "CNAS noted as a preference" in reply and "proposed too" in reply, reply
    assert "only providers holding" not in reply, reply


def test_a_wished_mark_made_required_is_said_so(intake_settings: Settings) -> None:
    *_, reply = _chat(intake_settings, ["电池包要做振动测试，在江苏常州，最好有CMA", "必须要CMA"])
    assert "CMA" in reply and "必须" in reply, reply


def test_the_card_moves_a_mark_between_required_and_wished(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["电池包要做振动测试，在江苏常州，必须有CMA",
                                     {"card": {"qualifications": [], "preferred_qualifications": ["CMA"]}}])
    need = views[-1].need
    assert (need.qualifications, need.preferred_qualifications) == ([], ["CMA"])
    reply = _last_reply(views[-1])
    assert "CMA 记为优先条件" in reply and "已去掉" not in reply, reply
    views = _drive(intake_settings, ["电池包要做振动测试，在江苏常州，最好有CMA",
                                     {"card": {"qualifications": ["CMA"], "preferred_qualifications": []}}])
    need = views[-1].need
    assert (need.qualifications, need.preferred_qualifications) == (["CMA"], [])
