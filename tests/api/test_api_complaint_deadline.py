"""A complaint and its handling with a deadline (issue 12 step 5): the deadline is counted in working days on the
official calendar, shown to the parties, and once it passes unhandled the center and the association are reminded
once a day until the handling is recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from core.db import session_scope
from flows import engagements as engagements_flow
from flows.announce import OUTBOX
from flows.engagements import COMPLAINT_HANDLING_WORKDAYS
from providers.workdays import add_workdays
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login


def _complaint_notices(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = c.get("/api/v1/inbox", headers=headers).json()["items"]
    return [n for n in items if n["kind"] == "complaint"]


def test_a_complaint_is_due_in_working_days_and_reminded_once_a_day_until_handled(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, center, coordinator, other = as_("ent-a"), as_("coord-center"), as_("coord-assoc"), as_("ent-b")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, coordinator, review_id)["engagement_id"]
    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=coordinator,
                   json={"transition": "terminate", "version": 1, "payload": {"reason": "企业改变计划"}})
    assert ended.status_code == 200, ended.text

    before = add_workdays(date.today(), COMPLAINT_HANDLING_WORKDAYS).due_on
    filed = c.post(f"/api/v1/engagements/{eng}/feedback", headers=a, json={"complaint": "报告寄送比约定晚了三天"})
    after = add_workdays(date.today(), COMPLAINT_HANDLING_WORKDAYS).due_on
    assert filed.status_code == 201, filed.text
    due = date.fromisoformat(filed.json()["handling_due_on"])
    assert due in (before, after) and (due - date.today()).days >= COMPLAINT_HANDLING_WORKDAYS
    # A survey without a complaint has no deadline.
    survey = c.post(f"/api/v1/engagements/{eng}/feedback", headers=a, json={"satisfaction": 4})
    assert survey.status_code == 201 and survey.json()["handling_due_on"] is None

    # The engagement page shows the deadline, not yet overdue.
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get(f"/engagements/{eng}").text
    assert f"处理期限：{due.isoformat()}" in page and "complaint-due" in page

    with session_scope(domain_world.settings) as session:  # on the due day itself: not yet late
        assert engagements_flow.announce_overdue(session=session, today=due, outbox=OUTBOX) == 0
    late = due + timedelta(days=3)
    with session_scope(domain_world.settings) as session:
        assert engagements_flow.announce_overdue(session=session, today=late, outbox=OUTBOX) == 1
    with session_scope(domain_world.settings) as session:  # the same day again: already told
        assert engagements_flow.announce_overdue(session=session, today=late, outbox=OUTBOX) == 0
    reminders = [n for n in _complaint_notices(c, center) if "逾期" in n["title_zh"]]
    assert len(reminders) == 1 and "逾期 3 天" in reminders[0]["title_zh"]
    assert reminders[0]["link"] == f"/engagements/{eng}#feedback"
    assert any("逾期" in n["title_zh"] for n in _complaint_notices(c, coordinator))
    assert _complaint_notices(c, other) == []  # another enterprise hears nothing

    handled = c.post(f"/api/v1/engagements/{eng}/complaints/{filed.json()['id']}/handling", headers=center,
                     json={"handling": "已致电企业说明原因，并承诺改进寄送流程", "resolved": True})
    assert handled.status_code == 200, handled.text
    with session_scope(domain_world.settings) as session:  # handled: no more reminders
        assert engagements_flow.announce_overdue(session=session, today=late + timedelta(days=1),
                                                 outbox=OUTBOX) == 0
    assert "complaint-due" not in ui.get(f"/engagements/{eng}").text
