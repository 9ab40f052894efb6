from __future__ import annotations

from datetime import date

import pytest

from core.db import session_scope
from core.errors import InnodockError, NotFoundError
from core.settings import Settings
from intake import service
from intake.schemas import NeedStatus


def _start(settings: Settings, text: str, today: date) -> str:
    with session_scope(settings) as s:
        view = service.start_session(session=s, text=text, today=today)
        return view.id


def test_first_question_is_the_most_decision_relevant(intake_settings: Settings, today: date) -> None:
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="我们的锂电池高温鼓包，很头疼", today=today)
    assert view.need.service_types == []
    assert view.ask_field == "service_types"
    assert view.question and "服务" in view.question
    assert not view.done


def test_conversation_fills_fields_in_order_and_never_repeats(intake_settings: Settings, today: date) -> None:
    sid = _start(intake_settings, "我们的储能电池夏天高温老报警，想找机构做失效分析", today)
    asked: list[str] = []
    answers = {"region": "我们在江苏苏州", "deadline": "三个月", "budget": "预算二十万左右"}
    for _ in range(6):
        with session_scope(intake_settings) as s:
            view = service.get_session(session=s, session_id=sid)
            if view.done:
                break
            field = view.ask_field
            assert field is not None and field not in asked
            asked.append(field)
            view = service.post_message(session=s, session_id=sid, text=answers[field], today=today)
    assert asked == ["region", "deadline", "budget"]
    assert view.done
    need = view.need
    assert (need.region.province, need.region.city) == ("江苏省", "苏州市")
    assert need.deadline == date(2027, 2, 21)
    assert (need.budget.min_yuan, need.budget.max_yuan) == (200_000, 200_000)
    assert need.status == NeedStatus.ready


def test_corrections_override_earlier_answers(intake_settings: Settings, today: date) -> None:
    sid = _start(intake_settings, "我们在江苏，想做电机的型式试验，预算20万，年底前", today)
    with session_scope(intake_settings) as s:
        view = service.post_message(session=s, session_id=sid, text="不是江苏，是浙江", today=today)
        assert view.need.region.province == "浙江省"
        view = service.post_message(session=s, session_id=sid, text="预算改成30万", today=today)
        assert view.need.budget.max_yuan == 300_000
        assert view.need.deadline == date(2026, 12, 31)


def test_skipping_a_question_moves_on(intake_settings: Settings, today: date) -> None:
    sid = _start(intake_settings, "想做电机的型式试验", today)
    with session_scope(intake_settings) as s:
        first = service.get_session(session=s, session_id=sid).ask_field
        view = service.post_message(session=s, session_id=sid, text="不知道", today=today)
    assert view.ask_field != first
    assert first in view.asked


def test_english_user_gets_english_questions(intake_settings: Settings, today: date) -> None:
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text="We need calibration of our pressure gauges.", today=today)
    assert view.need.language == "en"
    assert view.question and view.question.isascii()


@pytest.mark.parametrize("bad", ["", "   ", None])
def test_empty_message_is_rejected_and_session_intact(intake_settings: Settings, today: date, bad: str | None) -> None:
    sid = _start(intake_settings, "我们在苏州，想做失效分析", today)
    with session_scope(intake_settings) as s:
        before = service.get_session(session=s, session_id=sid)
    with pytest.raises(InnodockError), session_scope(intake_settings) as s:
        service.post_message(session=s, session_id=sid, text=bad, today=today)  # type: ignore[arg-type]
    with session_scope(intake_settings) as s:
        after = service.get_session(session=s, session_id=sid)
    assert after.model_dump() == before.model_dump()


@pytest.mark.parametrize("bad", ["😀😀😀", "<script>alert(1)</script>", "？？？"])
def test_unreadable_message_gets_a_question_back(intake_settings: Settings, today: date, bad: str) -> None:
    sid = _start(intake_settings, "我们在苏州，想做失效分析", today)
    with session_scope(intake_settings) as s:
        before = service.get_session(session=s, session_id=sid)
        view = service.post_message(session=s, session_id=sid, text=bad, today=today)
    assert view.error == "unreadable" and view.question
    with session_scope(intake_settings) as s:
        after = service.get_session(session=s, session_id=sid)
    assert after.need == before.need and after.asked == before.asked and after.turns == before.turns


def test_failure_mid_write_rolls_back(intake_settings: Settings, today: date, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = _start(intake_settings, "我们在苏州，想做失效分析", today)
    with session_scope(intake_settings) as s:
        before = service.get_session(session=s, session_id=sid)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(service.dialogue, "next_field", boom)
    with pytest.raises(RuntimeError), session_scope(intake_settings) as s:
        service.post_message(session=s, session_id=sid, text="预算20万", today=today)
    with session_scope(intake_settings) as s:
        after = service.get_session(session=s, session_id=sid)
    assert after.model_dump() == before.model_dump()


def test_long_and_mixed_input_never_crashes(intake_settings: Settings, today: date) -> None:
    long_text = ("我们在苏州做电机，需要型式试验。" * 7000)[:100_000]
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text=long_text, today=today)
        assert view.need.region.city == "苏州市"
        view = service.post_message(session=s, session_id=view.id, text="12345 67890", today=today)
        assert view.need is not None
        view = service.post_message(session=s, session_id=view.id, text="Мы хотим испытания 🚀 <b>нет</b>", today=today)
        assert view.need is not None


def test_unknown_session(intake_settings: Settings, today: date) -> None:
    with pytest.raises(NotFoundError), session_scope(intake_settings) as s:
        service.post_message(session=s, session_id="nope", text="hi", today=today)


def test_service_type_correction_replaces(intake_settings: Settings, today: date) -> None:
    sid = _start(intake_settings, "我们在苏州，压力表需要做检测", today)
    with session_scope(intake_settings) as s:
        view = service.post_message(session=s, session_id=sid, text="不是检测，是校准", today=today)
    assert [t.value for t in view.need.service_types] == ["calibration"]
