"""The inbox (issue 12 step 6): each domain event reaches the people who should act on it, nobody else, and each
person reads their own copy."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from flows import engagements as engagements_flow
from flows.announce import OUTBOX
from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login
from tests.conftest import run_cli


def _inbox(c: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    answer = c.get("/api/v1/inbox", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _kinds(c: TestClient, headers: dict[str, str]) -> list[str]:
    return [n["kind"] for n in _inbox(c, headers)["items"]]


def test_proposals_turns_and_complaints_reach_who_must_act(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, b, center, coordinator, admin = (as_("ent-a"), as_("ent-b"), as_("coord-center"), as_("coord-assoc"),
                                        as_("admin"))
    need_id, review_id = submitted_need(c, a)
    assert _kinds(c, center) == ["proposal"] and _kinds(c, coordinator) == ["proposal"]
    assert _kinds(c, a) == [] and _kinds(c, b) == []
    proposal = _inbox(c, center)["items"][0]
    assert proposal["link"] == f"/review/{review_id}" and proposal["refs"]["need_id"] == need_id

    review = c.get(f"/api/v1/reviews/{review_id}", headers=coordinator).json()
    eng = c.post(f"/api/v1/reviews/{review_id}/accept", headers=coordinator,
                 json={"center_id": "qic-js-battery", "version": review["version"]}).json()["engagement_id"]
    assert _kinds(c, a) == ["matched"] and _kinds(c, center)[0] == "matched"
    # Agreed: the provider's side signs next — the center and the association hear it, the enterprise does not.
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "reach_agreement", "version": 1}).status_code == 200
    assert _kinds(c, center)[0] == "your_turn" and _kinds(c, coordinator)[0] == "your_turn"
    assert _kinds(c, a) == ["matched"] and _kinds(c, b) == []
    turn = _inbox(c, center)["items"][0]  # each language's title names the state in that language only
    assert (turn["title_zh"], turn["title_en"]) == ("对接项目进入“达成一致”，请办理下一步",
                                                    "The engagement is at “agreed”: your step")

    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=coordinator,
                   json={"transition": "terminate", "version": 2, "payload": {"reason": "企业改变计划"}})
    assert ended.status_code == 200, ended.text
    assert c.post(f"/api/v1/engagements/{eng}/feedback", headers=a,
                  json={"complaint": "沟通不及时"}).status_code == 201
    assert "complaint" in _kinds(c, center) and "complaint" in _kinds(c, coordinator)
    assert "complaint" not in _kinds(c, b)

    # Each person reads their own copy: the coordinator marking all read leaves the admin's unread.
    before_admin = _inbox(c, admin)["unread"]
    assert before_admin > 0
    marked = c.post("/api/v1/inbox/read-all", headers=coordinator).json()["marked"]
    assert marked > 0 and _inbox(c, coordinator)["unread"] == 0 and _inbox(c, admin)["unread"] == before_admin
    one = _inbox(c, center)["items"][0]["id"]
    assert c.post(f"/api/v1/inbox/{one}/read", headers=center).json() == {"marked": 1}
    assert c.post(f"/api/v1/inbox/{one}/read", headers=center).json() == {"marked": 0}
    # Another organisation's notification does not exist for you; a key has no inbox.
    assert_error(c.post(f"/api/v1/inbox/{one}/read", headers=b), 404)
    assert_error(c.get("/api/v1/inbox", headers=bearer(domain_world.keys["site"])), 403)
    assert_error(c.post("/api/v1/inbox/99999999999/read", headers=center), 422)


def test_the_inbox_page_opens_a_notice_and_marks_it_read(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get("/inbox").text
    assert "有新的需求匹配建议待审核" in page and "未读 1" in page
    notice = _inbox(c, as_("coord-center"))["items"][0]["id"]
    opened = ui.post(f"/inbox/{notice}/open", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/review/{review_id}"
    assert "未读 0" in ui.get("/inbox").text
    assert "Inbox" in ui.get("/inbox?lang=en").text


@pytest.mark.slow  # over 5 s on a loaded 2-core machine (issue 15): a real process, or many requests
def test_overdue_engagements_are_announced_once_a_day(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, center = as_("ent-a"), as_("coord-center")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "reach_agreement", "version": 1}).status_code == 200
    signed = c.post(f"/api/v1/engagements/{eng}/transitions", headers=center,
                    json={"transition": "sign_agreement", "version": 2, "payload": {"agreement": AGREEMENT}})
    assert signed.status_code == 200, signed.text
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "countersign", "version": 3}).status_code == 200
    with session_scope(domain_world.settings) as session:  # before the deadline (2031-06-30): nothing
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 6, 1), outbox=OUTBOX) == 0
    with session_scope(domain_world.settings) as session:
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 7, 5), outbox=OUTBOX) == 1
    with session_scope(domain_world.settings) as session:  # the same day again: already told
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 7, 5), outbox=OUTBOX) == 0
    overdue = [n for n in _inbox(c, center)["items"] if n["kind"] == "overdue"]
    assert len(overdue) == 1 and "逾期 5 天" in overdue[0]["title_zh"]
    assert "overdue" not in _kinds(c, a)  # forming the team is the provider's step, not the client's
    assert "overdue" in _kinds(c, as_("coord-assoc"))
    # The command refuses a bad date in one line.
    bad = run_cli(domain_world.settings, "inbox", "overdue", "--today", "2031-13-01")
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1 and "today" in bad.stderr
