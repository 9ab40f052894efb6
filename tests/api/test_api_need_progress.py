"""``GET /api/v1/needs/{id}/result`` says where the need stands and why its center was chosen, as "my needs" does
(flows.needs.outcome and flows.needs.my_needs read one flow function, flows.need_progress.progress_of): the count of
centers found while the association reviews, never their names; the coordinator's explanation of the chosen one
after. Another enterprise reads nothing of it (404); a proposed center reads its own part, without the count.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.domainhelpers import NEED_TEXT, Logins

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_result_says_the_progress_and_why_the_center_was_chosen(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent, assoc, center, other = as_("ent-a"), as_("coord-assoc"), as_("coord-center"), as_("ent-b")
    made = c.post("/api/v1/needs", headers=ent, json={"text": NEED_TEXT, "service_types": ["inspection_testing"]})
    assert made.status_code == 201, made.text
    need_id = made.json()["id"]
    review_id = c.post(f"/api/v1/needs/{need_id}/submit", headers=ent).json()["review_id"]
    review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
    names = [p["center_name"] for p in review["proposals"]]

    pending = c.get(f"/api/v1/needs/{need_id}/result", headers=ent).json()["progress"]
    assert pending["stage"] == "reviewing" and pending["found"] == len(names) and pending["chosen"] is None
    assert f"已为您找到 {len(names)} 家与您的需求契合的机构" in pending["said"]
    assert (pending["unanswered"], pending["partial"]) == (0, 0)  # flows.need_progress.found_for_you: each fits
    assert not any(name in str(pending) for name in names)
    english = c.get(f"/api/v1/needs/{need_id}/result", headers=ent, params={"lang": "en"}).json()["progress"]
    assert not CJK.search(english["said"]), english["said"]

    # the rule: another enterprise reads nothing of it; a proposed center its own part, without the count
    assert c.get(f"/api/v1/needs/{need_id}/result", headers=other).status_code == 404
    as_center = c.get(f"/api/v1/needs/{need_id}/result", headers=center)
    assert as_center.status_code == 200 and as_center.json()["progress"] is None

    accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                      json={"center_id": review["proposals"][0]["center_id"], "version": review["version"]})
    assert accepted.status_code == 200, accepted.text
    chosen = c.get(f"/api/v1/needs/{need_id}/result", headers=ent).json()["progress"]
    assert chosen["stage"] == "chosen"
    why = chosen["chosen"]
    assert why["center_id"] == review["proposals"][0]["center_id"]
    assert why["profile_path"] == f"/centers/{why['center_id']}"
    coverage = review["proposals"][0]["coverage"]
    assert [(r["kind"], r["covered"]) for r in why["requirements"]] == [(r["kind"], r["covered"]) for r in coverage]
    assert all(not r["covered"] for r in why["missing"])


def test_the_associations_reason_for_its_choice_reaches_the_enterprise(domain_client: TestClient) -> None:
    """Accepting a match takes an optional reason (a new user's trial, 2026-11-30: the accept had no reason field,
    so the enterprise read only the machine's explanation): too long, a 422 naming ``reason`` and nothing decided;
    given, the result's "why this center" says it as the association's words."""
    c, as_ = domain_client, Logins(domain_client)
    ent, assoc = as_("ent-a"), as_("coord-assoc")
    made = c.post("/api/v1/needs", headers=ent, json={"text": NEED_TEXT, "service_types": ["inspection_testing"]})
    need_id = made.json()["id"]
    review_id = c.post(f"/api/v1/needs/{need_id}/submit", headers=ent).json()["review_id"]
    review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
    body = {"center_id": review["proposals"][0]["center_id"], "version": review["version"]}

    too_long = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc, json={**body, "reason": "长" * 2001})
    assert too_long.status_code == 422 and "reason" in too_long.text, too_long.text
    assert c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["status"] == "pending"

    said = "该中心离贵司最近，做过同类电芯的热失控试验。"
    accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc, json={**body, "reason": said})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["accept_reason"] == said
    chosen = c.get(f"/api/v1/needs/{need_id}/result", headers=ent).json()["progress"]["chosen"]
    assert chosen["reason"] == said and chosen["by_hand"] is False
