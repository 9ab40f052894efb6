"""The whole way over HTTP: an enterprise chats and submits, a coordinator accepts, the enterprise sees the result,
and the engagement runs through seed 000 Figure 1 to satisfaction — with the webhooks each step announces."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient

from tests.api.domainhelpers import AGREEMENT, NEED_TEXT, Logins


def _step(client: TestClient, headers: dict[str, str], eng: str, transition: str, version: int,
          payload: dict[str, object] | None = None) -> dict[str, object]:
    response = client.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                           json={"transition": transition, "version": version, "payload": payload or {}})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert body["version"] == version + 1
    return body


def test_enterprise_to_coordinator_to_closed_engagement(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent, assoc, center = as_("ent-a"), as_("coord-assoc"), as_("coord-center")
    for who in (assoc, as_("ent-b")):
        sub = c.post("/api/v1/webhooks/subscriptions", headers=who, json={
            "url": "http://127.0.0.1:9/hook", "events": ["need.published", "match.accepted",
                                                         "engagement.state_changed"]})
        assert sub.status_code == 201, sub.text

    # The enterprise describes its need; the draft fills in and the chat asks what is missing.
    chat = c.post("/api/v1/intake/sessions", headers=ent, json={"text": "电芯热失控，想做检测"})
    assert chat.status_code == 201, chat.text
    session_id, need_id = chat.json()["id"], chat.json()["need"]["id"]
    assert chat.json()["question"] and chat.json()["need"]["enterprise"]["name"] == "甲公司"
    answer = c.post(f"/api/v1/intake/sessions/{session_id}/messages", headers=ent, json={"text": NEED_TEXT})
    assert answer.status_code == 200, answer.text
    assert "inspection_testing" in answer.json()["need"]["service_types"]
    turns = c.get(f"/api/v1/intake/sessions/{session_id}", headers=ent).json()["turns"]
    assert turns[0]["text"] == "电芯热失控，想做检测"
    edited = c.patch(f"/api/v1/needs/{need_id}", headers=ent,
                     json={"title": "电芯热失控试验", "deadline": "2031-06-30"})
    assert edited.status_code == 200 and edited.json()["title"] == "电芯热失控试验"
    listed = c.get("/api/v1/needs", headers=ent).json()
    assert [n["id"] for n in listed["items"]] == [need_id] and listed["total"] == 1

    submitted = c.post(f"/api/v1/needs/{need_id}/submit", headers=ent)
    assert submitted.status_code == 200, submitted.text
    review_id = submitted.json()["review_id"]
    assert submitted.json()["public"]["title"] == "电芯热失控试验"
    assert c.get(f"/api/v1/needs/{need_id}/result", headers=ent).json()["review_status"] == "pending"

    # The coordinator sees it in the queue with the explanation and accepts the battery center.
    queue = c.get("/api/v1/reviews", headers=assoc).json()
    assert [r["id"] for r in queue["items"]] == [review_id]
    review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
    best = review["proposals"][0]
    assert best["center_id"] == "qic-js-battery" and best["reasons"] and best["capabilities"][0]["capability_id"]
    team = c.get("/api/v1/centers/qic-js-battery/team", headers=center, params={"need_id": need_id})
    assert team.status_code == 200, team.text
    assert team.json()["lead"]["expert_id"] == "exp-1"
    accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                      json={"center_id": "qic-js-battery", "version": review["version"]})
    assert accepted.status_code == 200, accepted.text
    eng = accepted.json()["engagement_id"]

    # The enterprise sees the result: which provider, not the scores.
    result = c.get(f"/api/v1/needs/{need_id}/result", headers=ent)
    assert result.json()["accepted_center_id"] == "qic-js-battery" and result.json()["engagement_id"] == eng
    assert result.json()["need_status"] == "matched" and "score" not in result.text

    _step(c, ent, eng, "reach_agreement", 1)
    _step(c, center, eng, "sign_agreement", 2, {"agreement": AGREEMENT})
    assert c.get(f"/api/v1/needs/{need_id}", headers=ent).json()["status"] == "matched"  # signed by one side only
    _step(c, ent, eng, "countersign", 3)
    assert c.get(f"/api/v1/needs/{need_id}", headers=ent).json()["status"] == "in_engagement"
    _step(c, center, eng, "form_team", 4, {"team": {"lead": "exp-1", "members": ["exp-2"]}})
    _step(c, center, eng, "submit_plan", 5, {"plan": "按 GB 38031-2020 第8.2条试验"})
    _step(c, assoc, eng, "approve_plan", 6, {"opinion": "方案可行", "reviewers": ["张审"]})
    digest = hashlib.sha256(b"report").hexdigest()
    _step(c, center, eng, "submit_results", 7, {"delivery": {"note": "报告已交付", "files": [
        {"name": "report.pdf", "sha256": digest, "size": 6, "media_type": "application/pdf"}]}})
    wrong = c.post(f"/api/v1/engagements/{eng}/transitions", headers=center,
                   json={"transition": "pass_acceptance", "version": 8, "payload": {"reasons": ["自己验收"]}})
    assert wrong.status_code == 403  # the provider does not accept its own work
    closed = _step(c, ent, eng, "pass_acceptance", 8, {"reasons": ["报告完整"]})
    assert closed["state"] == "closed"
    assert c.get(f"/api/v1/needs/{need_id}", headers=ent).json()["status"] == "closed"  # 项目终结 closes the need
    feedback = c.post(f"/api/v1/engagements/{eng}/feedback", headers=ent, json={"satisfaction": 5})
    assert feedback.status_code == 201, feedback.text

    detail = c.get(f"/api/v1/engagements/{eng}", headers=ent).json()
    assert [e["transition"] for e in detail["events"]][-1] == "pass_acceptance" and len(detail["events"]) == 9
    assert detail["feedback"][0]["satisfaction"] == 5
    board = c.get("/api/v1/engagements/board", headers=center).json()
    assert [e["id"] for e in board["closed"]["items"]] == [eng] and board["communicating"]["items"] == []

    # Webhooks: the association hears everything; another enterprise only the public need.
    events = [d["event"] for d in c.get("/api/v1/webhooks/deliveries", headers=assoc,
                                        params={"limit": 100}).json()["items"]]
    assert events.count("need.published") == 1 and events.count("match.accepted") == 1
    assert events.count("engagement.state_changed") == 8
    others = {d["event"] for d in c.get("/api/v1/webhooks/deliveries", headers=as_("ent-b")).json()["items"]}
    assert others == {"need.published"}
