"""The need's lifecycle is the only way a need changes status (issue 32): a conversation that completes a draft
confirms it (draft → ready) through the lifecycle, and the need's history shows that step with who caused it."""

from __future__ import annotations

from datetime import date

from authz.principal import Principal
from authz.vocab import OrgKind, Role
from core.db import session_scope
from core.settings import Settings
from flows import needs
from intake import service as intake
from intake.schemas import Enterprise, NeedStatus

TODAY = date(2026, 11, 20)
ENTERPRISE = Principal(org_id="ent-1", org_kind=OrgKind.enterprise, org_name="常州蓝星电池", role=Role.enterprise,
                       via="session", user_id="u-ent-1", username="lan")
FIRST = "我们的储能电池夏天高温老报警，想找机构做失效分析"


def _history(settings: Settings, need_id: str) -> list[tuple[str, str | None, str, str]]:
    with session_scope(settings) as session:
        return [(h.transition, h.from_status, h.to_status, h.actor)
                for h in needs.history(session=session, principal=ENTERPRISE, need_id=need_id)]


def test_a_chat_that_completes_its_need_confirms_it_and_the_history_shows_draft_to_ready(
        sqlite_settings: Settings) -> None:
    with session_scope(sqlite_settings) as session:
        view = needs.start_chat(session=session, enterprise=Enterprise(id="ent-1", name="常州蓝星电池"), text=FIRST,
                                today=TODAY, principal=ENTERPRISE)
        need_id, chat_id = view.need.id or "", view.id
        assert view.need.status == NeedStatus.draft and view.question
    assert _history(sqlite_settings, need_id) == []  # a draft still being described has no step yet
    answers = iter(["江苏常州", "三个月内", "预算二十万", "不需要", "没有了", "没有了"])
    while view.need.status == NeedStatus.draft:
        with session_scope(sqlite_settings) as session:
            view = needs.chat(session=session, principal=ENTERPRISE, session_id=chat_id, text=next(answers))
    assert view.need.status == NeedStatus.ready and view.done
    assert _history(sqlite_settings, need_id) == [("confirm", "draft", "ready", "enterprise:ent-1")]
    with session_scope(sqlite_settings) as session:  # the stored status is the lifecycle's
        assert needs.my_needs(session=session, principal=ENTERPRISE)[0].need.status == NeedStatus.ready


def test_a_first_message_that_says_everything_is_confirmed_at_once_and_a_save_never_moves_the_status(
        sqlite_settings: Settings) -> None:
    with session_scope(sqlite_settings) as session:
        view = needs.start_chat(session=session, enterprise=Enterprise(id="ent-1"), today=TODAY,
                                text=FIRST + "，江苏苏州，三个月内完成，预算二十万，不需要保密", principal=ENTERPRISE)
        need_id = view.need.id or ""
    assert view.need.status == NeedStatus.ready and view.done  # nothing left to ask
    assert _history(sqlite_settings, need_id) == [("confirm", "draft", "ready", "enterprise:ent-1")]
    with session_scope(sqlite_settings) as session:  # a need stored with another status keeps the lifecycle's
        moved = view.need.model_copy(update={"status": NeedStatus.closed})
        assert intake.save_need(session=session, need=moved).status == NeedStatus.ready
    assert _history(sqlite_settings, need_id) == [("confirm", "draft", "ready", "enterprise:ent-1")]


def test_a_need_created_complete_is_confirmed_and_one_with_blockers_stays_a_draft(sqlite_settings: Settings) -> None:
    with session_scope(sqlite_settings) as session:
        complete = needs.create_need(session=session, principal=ENTERPRISE, enterprise=Enterprise(id="ent-1"),
                                     text="电芯针刺热失控试验，需CMA报告，江苏常州，三个月内",
                                     changes={"service_types": ["inspection_testing"]}, today=TODAY)
        vague = needs.create_need(session=session, principal=ENTERPRISE, enterprise=Enterprise(id="ent-1"),
                                  text="想找机构帮忙", changes={}, today=TODAY)
    assert complete.status == NeedStatus.ready and vague.status == NeedStatus.draft
    assert _history(sqlite_settings, complete.id or "") == [("confirm", "draft", "ready", "enterprise:ent-1")]
    assert _history(sqlite_settings, vague.id or "") == []
