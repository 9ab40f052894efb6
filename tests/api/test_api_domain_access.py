"""Who sees what: tenants and roles on the domain endpoints (another tenant's rows are 404, a wrong role 403)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import Logins, accept_first, create_need, submitted_need


def test_enterprise_b_cannot_reach_a_s_needs_sessions_or_engagements(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, b = as_("ent-a"), as_("ent-b")
    chat = c.post("/api/v1/intake/sessions", headers=a, json={"text": "需要电池检测"}).json()
    need_id, review_id = submitted_need(c, a)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    for method, path, body in [
        ("GET", f"/api/v1/needs/{need_id}", None), ("PATCH", f"/api/v1/needs/{need_id}", {"title": "改"}),
        ("POST", f"/api/v1/needs/{need_id}/submit", None), ("POST", f"/api/v1/needs/{need_id}/withdraw", None),
        ("GET", f"/api/v1/needs/{need_id}/result", None), ("GET", f"/api/v1/intake/sessions/{chat['id']}", None),
        ("POST", f"/api/v1/intake/sessions/{chat['id']}/messages", {"text": "补充"}),
        ("GET", f"/api/v1/engagements/{eng}", None), ("GET", f"/api/v1/engagements/{eng}/history", None),
        ("POST", f"/api/v1/engagements/{eng}/transitions", {"transition": "withdraw", "version": 1,
                                                            "payload": {"reason": "x"}}),
        ("POST", f"/api/v1/engagements/{eng}/feedback", {"satisfaction": 1}),
    ]:
        response = c.request(method, path, headers=b, json=body)
        assert_error(response, 404)
        assert "甲公司" not in response.text and "电池" not in response.text
    assert c.get("/api/v1/needs", headers=b).json()["total"] == 0
    assert c.get("/api/v1/engagements", headers=b).json()["total"] == 0
    assert c.get(f"/api/v1/engagements/{eng}", headers=a).json()["state"] == "communicating"  # nothing changed


def test_enterprise_cannot_call_coordinator_endpoints(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    _, review_id = submitted_need(c, a)
    for method, path, body in [
        ("GET", "/api/v1/reviews", None), ("GET", f"/api/v1/reviews/{review_id}", None),
        ("POST", f"/api/v1/reviews/{review_id}/accept", {"center_id": "qic-js-battery", "version": 1}),
        ("POST", f"/api/v1/reviews/{review_id}/reject", {"reason": "not_suitable", "version": 1}),
        ("POST", f"/api/v1/reviews/{review_id}/assign", {"center_id": "qic-js-battery", "note": "x", "version": 1}),
        ("POST", f"/api/v1/reviews/{review_id}/rematch", {"version": 1}),
        ("GET", "/api/v1/centers/qic-js-battery/experts", None),
        ("GET", "/api/v1/kb/export", None),
        ("POST", "/api/v1/evaluations", {"center_id": "qic-js-battery", "period": "2024"}),
        ("GET", "/api/v1/feed/needs", None),
    ]:
        assert_error(c.request(method, path, headers=a, json=body), 403)
    assert c.get(f"/api/v1/needs/{submitted_need(c, a)[0]}/result", headers=a).json()["review_status"] == "pending"


def test_center_coordinator_sees_only_its_centers_work(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc, center = as_("coord-assoc"), as_("coord-center")
    need_id, review_id = submitted_need(c, as_("ent-a"))
    assert [r["id"] for r in c.get("/api/v1/reviews", headers=center).json()["items"]] == [review_id]
    # A review that proposes another center only: the center coordinator does not see it.
    other = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                   json={"center_id": "met-jx-rare", "note": "地区就近", "version": 1,
                         "confirm_no_coordinator": True})  # nobody logs in for it here
    assert other.status_code == 200, other.text
    eng = other.json()["engagement_id"]
    assert_error(c.get(f"/api/v1/engagements/{eng}", headers=center), 404)
    assert c.get("/api/v1/engagements", headers=center).json()["total"] == 0
    assert c.get("/api/v1/engagements", headers=assoc).json()["total"] == 1
    assert_error(c.post(f"/api/v1/engagements/{eng}/transitions", headers=center,
                        json={"transition": "reach_agreement", "version": 1}), 404)
    # Another center is public (the catalog shows it): the answer says it is not this coordinator's, not "missing"
    # (issue 16); what belongs to it — an evaluation run by id, an engagement — stays 404.
    for path in ("/api/v1/centers/met-jx-rare/experts", "/api/v1/centers/met-jx-rare/evaluations/latest",
                 f"/api/v1/centers/met-jx-rare/team?need_id={need_id}"):
        refused = assert_error(c.get(path, headers=center), 403, "forbidden")
        assert refused["field"] == "center_id" and "本机构" in str(refused["message"])
    # Accepting is the association's: a center coordinator may decline only for its own center.
    _, second = submitted_need(c, as_("ent-a"), title="第二个需求")
    assert_error(c.post(f"/api/v1/reviews/{second}/accept", headers=center,
                        json={"center_id": "qic-js-battery", "version": 1}), 403)
    declined = c.post(f"/api/v1/reviews/{second}/reject", headers=center,
                      json={"reason": "no_capacity", "center_id": "qic-js-battery", "version": 1})
    assert declined.status_code == 200, declined.text
    result = c.get(f"/api/v1/needs/{declined.json()['need_id']}/result", headers=as_("ent-a")).json()
    assert result["declined"][0]["reason"] == "no_capacity" and "coord" not in str(result)


def test_confidential_need_details_only_for_its_enterprise_and_coordinators(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    secret = "甲公司独有的固态电解质配方"
    need = create_need(c, a, confidential=True, problem=f"{secret}导致热失控", redactions=[secret])
    assert_error(c.get(f"/api/v1/needs/{need['id']}", headers=as_("coord-center")), 404)  # not yet assigned
    c.post(f"/api/v1/needs/{need['id']}/submit", headers=a)
    assert c.get(f"/api/v1/needs/{need['id']}", headers=a).json()["confidential"] is True
    assert c.get(f"/api/v1/needs/{need['id']}", headers=as_("coord-assoc")).json()["problem"].startswith(secret)
    # proposed to it, but need-to-know: the details only once they are opened to it as the accepted center
    assert_error(c.get(f"/api/v1/needs/{need['id']}", headers=as_("coord-center")), 404)
    assert_error(c.get(f"/api/v1/needs/{need['id']}", headers=as_("ent-b")), 404)


def test_feed_shows_only_redacted_published_needs(domain_client: TestClient, domain_world: World) -> None:
    c, as_, world_keys = domain_client, Logins(domain_client), domain_world.keys
    a = as_("ent-a")
    secret = "甲公司独有的固态电解质配方"
    draft = create_need(c, a, title="尚未提交的需求")
    need_id, _ = submitted_need(c, a, confidential=True, problem=f"{secret}导致热失控", redactions=[secret])
    site = bearer(world_keys["site"])
    feed = c.get("/api/v1/feed/needs", headers=site)
    assert feed.status_code == 200, feed.text
    assert [n["id"] for n in feed.json()["items"]] == [need_id]
    assert secret not in feed.text and "甲公司" not in feed.text and draft["id"] not in feed.text
    assert set(feed.json()["items"][0]) == {"id", "title", "summary", "product", "service_types", "industry",
                                            "region", "budget_band", "deadline", "confidential", "published_at",
                                            "url"}
    assert feed.json()["items"][0]["product"] is None  # a confidential need's product is never published
    assert_error(c.get(f"/api/v1/feed/needs/{draft['id']}", headers=site), 404)
    assert_error(c.get(f"/api/v1/needs/{need_id}", headers=bearer(world_keys["feed-only"])), 403)
    assert_error(c.get("/api/v1/feed/needs", headers=bearer(world_keys["ent-a-key"])), 403)
    assert_error(c.get("/api/v1/feed/needs"), 401)
    # The association's site key submits on an enterprise's behalf and reads the result; it cannot decide reviews.
    org_b = c.get("/api/v1/auth/me", headers=as_("ent-b")).json()["org"]["id"]
    made = c.post("/api/v1/needs", headers=site, json={"text": "需要电池检测", "enterprise_id": org_b,
                                                       "service_types": ["inspection_testing"]})
    assert made.status_code == 201, made.text
    assert set(made.json()) == {"id", "status", "confidential"}  # no needs:read: an acknowledgement only
    assert c.post(f"/api/v1/needs/{made.json()['id']}/submit", headers=site).status_code == 200
    result = c.get(f"/api/v1/needs/{made.json()['id']}/result", headers=site)
    assert result.status_code == 200 and result.json()["review_status"] == "pending"
    assert_error(c.get("/api/v1/reviews", headers=site), 403)
    assert c.get("/api/v1/needs", headers=as_("ent-b")).json()["total"] == 1
