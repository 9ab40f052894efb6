"""The inbox (issue 12 step 6): each domain event reaches the people who should act on it, nobody else, and each
person reads their own copy."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import form_login


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
