"""What walking the chat as a new enterprise found (issue 27, docs/intake.md "A walk as a new enterprise"), through
the chat as the API runs it: a request to look into why beside another service, and a wish not to be named (in
the chat and in a need written at once)."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import session_scope
from core.settings import Settings
from intake import publish, service
from intake.extract import extract
from intake.schemas import Enterprise, SessionView
from tests.intake.test_intake_chat_kinds import _views

DAY = date(2026, 11, 26)




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


NAME = "苏州恒达精密机械有限公司"


def _published(view: SessionView) -> list[str]:
    need = view.need
    public = publish.public_need(need, "n-1")
    center = publish.center_view(need, "n-1")
    return [public.model_dump_json(), center.model_dump_json()]


@pytest.mark.parametrize(("messages", "ack"), [
    (["我们是苏州恒达精密机械有限公司，电机外壳要做盐雾试验，预算3万", "可以公开，但别写我们公司名"],
     "好的，公开发布时不写贵公司名称"),
    (["Our motor housings need salt spray testing, budget RMB 30,000.",
      "It can be public, but don't name our company."],
     "your company's name will not appear in anything published"),
])
def test_a_wish_not_to_be_named_keeps_the_name_out_of_every_public_view(
        intake_settings: Settings, messages: list[str], ack: str) -> None:
    """"可以公开，但别写我们公司名" was not recorded: the need is public, and the company's name — as stored on the
    need's enterprise, and as written in the text — appears in no published view; the reply says so in the person's
    language."""
    with session_scope(intake_settings) as s:
        view = service.start_session(session=s, text=messages[0], today=DAY,
                                     enterprise=Enterprise(id="ent-hd", name=NAME))
        view = service.post_message(session=s, session_id=view.id, text=messages[1], today=DAY)
    need = view.need
    assert need.anonymous and not need.confidential
    assert ack in [t.text for t in view.turns if t.role == "assistant"][-1]
    for published in _published(view):
        assert NAME not in published and "恒达" not in published, published
    assert publish.public_need(need, "n-1").summary  # public: its words are shown, without the name


def test_the_wish_read_from_a_need_written_at_once() -> None:
    need = extract("我们是苏州恒达精密机械有限公司，电机外壳要做盐雾试验，可以公开，但不要写我们公司的名字", today=DAY)
    need.enterprise = Enterprise(id="ent-hd", name="恒达精密")
    assert need.anonymous and not need.confidential and NAME in need.redactions
    public = publish.public_need(need, "n-2").model_dump_json()
    assert NAME not in public and "恒达精密" not in public
    assert not extract("可以公开，写我们公司名也没关系", today=DAY).anonymous


def test_a_wish_not_to_be_named_in_the_first_message_is_said_back(intake_settings: Settings) -> None:
    opener = "我们是苏州恒达精密机械有限公司，电机外壳要做盐雾试验，可以公开，但别写我们公司名"
    view = _views(intake_settings, [opener])[0]
    reply = [t.text for t in view.turns if t.role == "assistant"][-1]
    assert view.need.anonymous and reply.startswith(
        "已记下：服务类型 盐雾试验 → 检验检测；产品 电机外壳；地区 江苏省苏州市。\n好的，公开发布时不写贵公司名称。")
    assert view.question and "不写贵公司名称" not in view.question  # the open question is the question alone
