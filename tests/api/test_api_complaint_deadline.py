"""A complaint and its handling deadline over HTTP and on the engagement page (issue 12 step 5): the feedback posted
answers its deadline, the page shows it to the parties until the handling is recorded. How the deadline is counted in
working days, and the daily reminders once it passes, are tests/flows/test_engagements.py's."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login


def test_a_complaint_answers_its_deadline_and_the_page_shows_it_until_handled(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, center, coordinator = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, coordinator, review_id)["engagement_id"]
    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=coordinator,
                   json={"transition": "terminate", "version": 1, "payload": {"reason": "企业改变计划"}})
    assert ended.status_code == 200, ended.text

    filed = c.post(f"/api/v1/engagements/{eng}/feedback", headers=a, json={"complaint": "报告寄送比约定晚了三天"})
    assert filed.status_code == 201, filed.text
    due = date.fromisoformat(filed.json()["handling_due_on"])
    # A survey without a complaint has no deadline.
    survey = c.post(f"/api/v1/engagements/{eng}/feedback", headers=a, json={"satisfaction": 4})
    assert survey.status_code == 201 and survey.json()["handling_due_on"] is None

    # The engagement page shows the deadline, not yet overdue.
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get(f"/engagements/{eng}").text
    assert f"处理期限：{due.isoformat()}" in page and "complaint-due" in page

    handled = c.post(f"/api/v1/engagements/{eng}/complaints/{filed.json()['id']}/handling", headers=center,
                     json={"handling": "已致电企业说明原因，并承诺改进寄送流程", "resolved": True})
    assert handled.status_code == 200, handled.text
    assert "complaint-due" not in ui.get(f"/engagements/{eng}").text
