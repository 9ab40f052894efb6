"""What walking the chat as a new enterprise found (issue 27, docs/intake.md "A walk as a new enterprise"), through
the chat as the API runs it: a request to look into why beside another service, and a wish not to be named."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.db import session_scope
from core.settings import Settings
from intake import service
from intake.schemas import SessionView

DAY = date(2026, 11, 26)


def _views(settings: Settings, messages: Sequence[str]) -> list[SessionView]:
    with session_scope(settings) as s:
        view = service.start_session(session=s, text=messages[0], today=DAY)
        views = [view]
        for text in messages[1:]:
            view = service.post_message(session=s, session_id=view.id, text=text, today=DAY)
            views.append(view)
    return views


def _types(view: SessionView) -> list[str]:
    return [s.value for s in view.need.service_types]


def test_looking_into_why_counts_beside_another_service(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的电机要做型式试验", "另外想找人帮忙看看为什么电机异响"])
    assert _types(views[-1]) == ["inspection_testing", "quality_evaluation"]
    assert "看看为什么" not in views[-1].need.title  # no question made into the service's name
    one = _views(intake_settings, ["想找人帮忙看看为什么电机异响，顺便做下检测"])[-1]
    assert _types(one) == ["inspection_testing", "quality_evaluation"]


def test_a_past_look_into_why_adds_nothing(intake_settings: Settings) -> None:
    views = _views(intake_settings, ["我们的电机要做型式试验", "上次也找人帮忙看过为什么电机异响，没看出来"])
    assert _types(views[-1]) == ["inspection_testing"]
