"""Bad input on the domain endpoints: 4xx in the one error shape, and nothing stored changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from accounts import service as auth
from core.db import session_scope, utcnow
from tests.api.apihelpers import TEST_BODY_LIMIT, World, assert_error, bearer
from tests.api.domainhelpers import NEED_TEXT, Logins, create_need, submitted_need


def _count(c: TestClient, headers: dict[str, str]) -> int:
    total: int = c.get("/api/v1/needs", headers=headers).json()["total"]
    return total


def test_malformed_wrong_unknown_and_huge_bodies_change_nothing(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    need = create_need(c, a)
    before = c.get(f"/api/v1/needs/{need['id']}", headers=a).json()
    cases: list[tuple[str, str, dict[str, Any], int]] = [
        ("POST", "/api/v1/needs", {"content": b'{"text": "x",', "headers": {"Content-Type": "application/json"}}, 422),
        ("POST", "/api/v1/needs", {"json": {"text": 5}}, 422),
        ("POST", "/api/v1/needs", {"json": {"text": "x", "service_types": "inspection_testing"}}, 422),
        ("POST", "/api/v1/needs", {"json": {"text": "x", "budget": {"max_yuan": -1}}}, 422),
        ("POST", "/api/v1/needs", {"json": {"text": "x", "owner": "someone"}}, 422),
        ("POST", "/api/v1/needs", {"json": {"text": ""}}, 422),
        ("POST", "/api/v1/needs", {"json": {"text": "x" * (TEST_BODY_LIMIT + 10)}}, 413),
        ("POST", "/api/v1/intake/sessions", {"json": {"text": "a\x00b"}}, 400),
        ("PATCH", f"/api/v1/needs/{need['id']}", {"json": {"deadline": "next week"}}, 422),
        ("PATCH", f"/api/v1/needs/{need['id']}", {"json": {"status": "matched"}}, 422),
        ("PATCH", f"/api/v1/needs/{need['id']}", {"json": {"enterprise": {"id": "other"}}}, 422),
        ("PATCH", f"/api/v1/needs/{need['id']}", {"content": b"[1, 2", "headers": {"Content-Type": "application/json"}},
         422),
    ]
    for method, path, kwargs, status in cases:
        headers = {**a, **kwargs.pop("headers", {})}
        assert_error(c.request(method, path, headers=headers, **kwargs), status)
    assert _count(c, a) == 1
    assert c.get(f"/api/v1/needs/{need['id']}", headers=a).json() == before


def test_injection_strings_are_data_not_code(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    for probe in ["' OR '1'='1", "1; DROP TABLE intake_needs; --", "../../etc/passwd", "<script>alert(1)</script>"]:
        assert_error(c.get(f"/api/v1/needs/{probe}", headers=a), 404)
        assert_error(c.get(f"/api/v1/engagements/{probe}", headers=a), 404)
        assert_error(c.get("/api/v1/reviews/" + probe.replace("/", "%2F"), headers=as_("coord-assoc")), 404)
    sneaky = "<script>alert(1)</script>'; DROP TABLE intake_needs; --"
    need = create_need(c, a, title=sneaky, text=NEED_TEXT + sneaky)
    stored = c.get(f"/api/v1/needs/{need['id']}", headers=a)
    assert stored.json()["title"] == sneaky and stored.headers["content-type"].startswith("application/json")
    assert_error(c.get("/api/v1/needs", headers=a, params={"status": "' OR 1=1 --"}), 422)
    assert _count(c, a) == 1
    assert_error(c.get("/api/v1/engagements", headers=a, params={"state": "closed' OR '1'='1"}), 400)


def test_another_tenants_ids_in_bodies(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, b = as_("ent-a"), as_("ent-b")
    assert_error(c.post("/api/v1/needs", headers=a, json={"text": "检测", "enterprise_id": domain_world.orgs["b"]}),
                 404)
    assert_error(c.post("/api/v1/needs", headers=as_("coord-assoc"),
                        json={"text": "检测", "enterprise_id": domain_world.orgs["center"]}), 404)
    assert _count(c, b) == 0 and _count(c, a) == 0
    _, review_id = submitted_need(c, a)
    bad_center = c.post(f"/api/v1/reviews/{review_id}/accept", headers=as_("coord-assoc"),
                        json={"center_id": "met-jx-rare", "alternates": ["no-such"], "version": 1})
    assert_error(bad_center, 400)
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    assert review["status"] == "pending" and review["version"] == 1


def test_expired_and_revoked_keys_are_refused(domain_client: TestClient, domain_world: World) -> None:
    c = domain_client
    with session_scope(domain_world.settings) as session:
        old = auth.create_api_key(session=session, org_id=domain_world.orgs["assoc"], name="old", scopes=["feed:read"],
                                  expires_days=1, now=utcnow() - timedelta(days=2))
    assert_error(c.get("/api/v1/feed/needs", headers=bearer(old.secret)), 401)
    site = bearer(domain_world.keys["site"])
    assert c.get("/api/v1/feed/needs", headers=site).status_code == 200
    with session_scope(domain_world.settings) as session:
        auth.revoke_api_key(session=session, key_id=domain_world.key_ids["site"])
    assert_error(c.get("/api/v1/feed/needs", headers=site), 401)
    assert_error(c.post("/api/v1/needs", headers=site, json={"text": "检测", "enterprise_id": domain_world.orgs["a"]}),
                 401)
    assert_error(c.get("/api/v1/feed/needs", headers=bearer("ik_" + "0" * 40)), 401)
