"""A complaint and its handling deadline over HTTP and on the engagement page (issue 12 step 5): the feedback posted
answers its deadline, the page shows it to the parties until the handling is recorded. How the deadline is counted in
working days, and the daily reminders once it passes, are tests/flows/test_engagements.py's."""

from __future__ import annotations

from datetime import date, datetime

from fastapi.testclient import TestClient

from authz.principal import Principal
from authz.vocab import OrgKind, Role
from core.china_time import CHINA_TZ
from core.db import played_at, session_scope
from flows import engagements
from flows.announce import OUTBOX
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


def test_a_complaint_past_its_deadline_counted_from_its_filing_shows_overdue_on_the_page(
        domain_client: TestClient, domain_world: World) -> None:
    """The demo's complaint of 2026-03-18 (played on its day, ``core.db.played_at``) showed a deadline five working
    days after the day the demo was installed and never overdue: its deadline is 2026-03-25, and today it is late."""
    c, as_ = domain_client, Logins(domain_client)
    a, coordinator = as_("ent-a"), as_("coord-assoc")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, coordinator, review_id)["engagement_id"]
    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=coordinator,
                   json={"transition": "terminate", "version": 1, "payload": {"reason": "企业改变计划"}})
    assert ended.status_code == 200, ended.text
    ent = Principal(org_id=domain_world.orgs["a"], org_kind=OrgKind.enterprise, org_name="甲公司", role=Role.enterprise,
                    via="session", user_id=domain_world.users["ent-a"], username="ent-a")
    with played_at(datetime(2026, 3, 18, 10, 0, tzinfo=CHINA_TZ)), session_scope(domain_world.settings) as session:
        engagements.file_feedback(session=session, principal=ent, engagement_id=eng, satisfaction=None,
                                  complaint="报告寄送比约定晚了三天", outbox=OUTBOX)
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get(f"/engagements/{eng}").text
    assert "处理期限：2026-03-25" in page
    assert "已逾期" in page.split("处理期限：2026-03-25", 1)[1].split("</p>", 1)[0]
