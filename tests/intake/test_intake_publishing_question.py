"""The publishing question (seed 000 §5.1.3 publish, §5.2.4 secrecy): a new user's trial (2026-11-29) found a need
published as not confidential though secrecy was never mentioned, the chat never having asked. Once nothing is
left to ask and the enterprise never said whether the need is confidential, the chat asks once whether the details
may be public, with the public title and summary exactly as the public page will show them
(``intake.publish.preview``); a bare answer right after it sets the need's confidentiality, any other message is
read as usual, and the question is asked once more after it (twice at most)."""

from __future__ import annotations

from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from intake import conversation, publish, service
from intake.schemas import SessionView
from tests.intake.test_intake_chat_probe6 import _drive  # the JSON chat API, as the probes drive it

ASKED = ("这些信息可以公开发布吗", "may these details be made public")
ZH = "我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析，预算8万以内，两个月内要结果。"
EN = ("We make LED street light drivers in Suzhou. The capacitors bulge after three months outdoors and we need a "
      "failure analysis. Budget about RMB 80,000, results within two months.")


def _replies(view: SessionView) -> list[str]:
    return [t.text for t in view.turns if t.role == "assistant"]


def _asked(reply: str) -> bool:
    return any(a in reply for a in ASKED)


@pytest.mark.parametrize("opener", [ZH, EN])
def test_a_complete_need_whose_secrecy_was_never_said_is_asked_once_with_its_preview(
        intake_settings: Settings, opener: str) -> None:
    [view] = _drive(intake_settings, [opener])
    assert view.done and view.need.confidentiality is None
    reply = _replies(view)[-1]
    assert _asked(reply), reply
    title, summary = publish.preview(view.need, view.need.language)
    assert title == view.need.title and f"{title}" in reply and summary in reply
    assert publish.public_need(view.need, view.need.id or "").summary == summary  # what the page will publish


@pytest.mark.parametrize(("answer", "confidential"), [
    ("可以", False), ("公开吧", False), ("没问题", False), ("yes", False), ("可以公开", False),
    ("保密", True), ("不要公开", True), ("不行", True), ("no", True),
])
def test_a_bare_answer_sets_the_need_s_confidentiality(intake_settings: Settings, answer: str,
                                                         confidential: bool) -> None:
    views = _drive(intake_settings, [ZH, answer])
    need = views[-1].need
    assert need.confidential is confidential and need.confidentiality is confidential
    assert need.sources.get("confidential") == "user"
    reply = _replies(views[-1])[-1]
    assert ("已标记为保密需求" if confidential else "已记下：不保密") in reply, reply
    assert not _asked(reply)


@pytest.mark.parametrize("messages", [
    [ZH.replace("。", "，不用保密。")],
    [ZH.replace("。", "，工艺数据要保密。")],
    [EN + " This is not confidential."],
    ["我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析。", "预算8万以内", "两个月内，项目需要保密"],
])
def test_it_is_not_asked_when_secrecy_was_said(intake_settings: Settings, messages: list[str]) -> None:
    views = _drive(intake_settings, messages)
    assert views[-1].need.confidentiality is not None
    assert not any(_asked(r) for r in _replies(views[-1]))


@pytest.mark.parametrize(("courtesy", "said"), [("好的", "好的。"), ("ok", "好的。")])
def test_a_bare_ok_is_a_courtesy_and_answers_nothing(intake_settings: Settings, courtesy: str, said: str) -> None:
    views = _drive(intake_settings, [ZH, courtesy])
    assert views[-1].need.confidentiality is None
    assert _replies(views[-1])[-1].startswith(said)


def test_it_is_asked_twice_at_most_and_another_message_is_read_as_usual(intake_settings: Settings) -> None:
    views = _drive(intake_settings, [ZH, "另外样品大概有20个，都是同一批次的。", "不对，预算是10万以内", "可以"])
    replies = _replies(views[-1])
    assert [_asked(r) for r in replies] == [True, True, False, False]
    need = views[-1].need
    assert need.budget.max_yuan == 100_000  # read as any message is
    assert need.confidentiality is None  # "可以" long after the question answers nothing


@pytest.mark.parametrize(("messages", "confidential"), [
    ([ZH, "不好意思，预算应该是10万以内", "可以"], False),
    ([EN, "Sorry, I meant RMB 120,000.", "no"], True),
])
def test_a_correction_sent_after_the_question_does_not_drop_it(intake_settings: Settings, messages: list[str],
                                                                confidential: bool) -> None:
    """A new user's trial (2026-11-30, both languages): the correction after the question got "信息已足够，可以提交"
    and the need went public with secrecy never said. The question is asked again after it, and answered."""
    views = _drive(intake_settings, messages)
    replies = _replies(views[-1])
    assert _asked(replies[1]) and replies[1].rstrip().endswith(("？", "?", "。", ".")), replies[1]
    assert views[-1].need.confidential is confidential and views[-1].need.sources.get("confidential") == "user"


def test_a_card_edit_that_completes_the_need_asks_it(intake_settings: Settings) -> None:
    messages: list[str | dict[str, Any]] = [
        "我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析。",
        {"card": {"budget": "8万以内", "deadline": "2027-03-31"}}]
    views = _drive(intake_settings, messages)
    replies = _replies(views[-1])
    assert sum(_asked(r) for r in replies) == 1 and _asked(replies[-1]), replies[-1]
    views = _drive(intake_settings, [*messages, "保密"])
    assert views[-1].need.confidential is True


def test_the_card_s_secrecy_is_said_secrecy(intake_settings: Settings) -> None:
    views = _drive(intake_settings, ["我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析。",
                                     {"card": {"confidential": False}}, "预算8万以内", "两个月内"])
    assert not any(_asked(r) for r in _replies(views[-1]))


@pytest.mark.parametrize(("opener", "language"), [(ZH, "zh"), (EN, "en")])
def test_while_it_waits_the_open_question_is_the_publishing_question_and_the_last_thing_said(
        intake_settings: Settings, opener: str, language: str) -> None:
    """The page's "下一个问题" said "信息已足够，可以提交。" while the question waited, and the reply said it too,
    before the question: now the question is what the conversation waits on, and the last thing said."""
    [view] = _drive(intake_settings, [opener])
    assert view.question is not None and _asked(view.question), view.question
    with session_scope(intake_settings) as s:  # the page reopened (a reload): still waiting on it
        again = service.get_session(session=s, session_id=view.id, page_language=language)
    assert again.question == view.question
    reply = _replies(view)[-1]
    assert conversation.DONE[1 if language == "en" else 0] not in reply, reply
    assert reply.rstrip().endswith(conversation.publishing_question(*publish.preview(view.need, language),
                                                                    language)), reply
    answered = _drive(intake_settings, [opener, "可以" if language == "zh" else "yes"])[-1]
    assert answered.question is None  # answered: nothing waits, the page says it may be submitted
    assert conversation.DONE[1 if language == "en" else 0] in _replies(answered)[-1]
    other = _drive(intake_settings, [opener, "另外样品大概有20个，都是同一批次的。"])[-1]
    assert other.question is not None and _asked(other.question)  # another message: asked once more, waited on
    third = _drive(intake_settings, [opener, "另外样品大概有20个，都是同一批次的。", "样品下周可以寄出。"])[-1]
    assert third.question is None  # and after that, not asked again, nor waited on


@pytest.mark.parametrize(("opener", "language"), [(ZH, "zh"), (EN, "en")])
def test_the_session_view_carries_what_will_be_public(intake_settings: Settings, opener: str, language: str) -> None:
    """The chat page showed the public title and summary; the JSON API's view had none (one home:
    intake.publish.preview)."""
    [view] = _drive(intake_settings, [opener])
    title, summary = publish.preview(view.need, language)
    assert view.preview is not None
    assert (view.preview.title, view.preview.summary, view.preview.confidential) == (title, summary, False)
    secret = _drive(intake_settings, [opener, "保密" if language == "zh" else "no"])[-1]
    assert secret.preview is not None and secret.preview.confidential is True
    assert (secret.preview.title, secret.preview.summary) == publish.preview(secret.need, language)
