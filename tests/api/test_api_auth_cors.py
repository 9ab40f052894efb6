"""CORS per integration: only origins of active keys are allowed, preflight included, and revocation applies at once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error, bearer, login

SITE = "https://site.example.org"
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}


def test_preflight_allowed_for_an_integration_origin(client: TestClient) -> None:
    response = client.options("/api/v1/webhooks/subscriptions", headers={"Origin": SITE, **PREFLIGHT})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == SITE
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]


def test_preflight_refused_for_other_origins(client: TestClient) -> None:
    for origin in ["https://evil.example.com", "https://site.example.org.evil.com", "null", "http://site.example.org"]:
        response = client.options("/api/v1/auth/me", headers={"Origin": origin, **PREFLIGHT})
        assert_error(response, 403, "forbidden")
        assert "access-control-allow-origin" not in response.headers


def test_preflight_refuses_unlisted_headers(client: TestClient) -> None:
    response = client.options("/api/v1/auth/me", headers={
        "Origin": SITE, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-secret-admin"})
    assert_error(response, 403)


def test_actual_requests_get_headers_only_when_allowed(client: TestClient, world: World) -> None:
    ok = client.get("/api/v1/feed/needs", headers={"Origin": SITE, **bearer(world.keys["browser"])})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == SITE
    # The browser key reads the feed and public data only (issue 31), "who am I" included; the answer still carries
    # the CORS headers, so the site's script can read the refusal.
    me = client.get("/api/v1/auth/me", headers={"Origin": SITE, **bearer(world.keys["browser"])})
    assert me.status_code == 403 and me.headers["access-control-allow-origin"] == SITE
    other = client.get("/api/v1/feed/needs", headers={"Origin": "https://evil.example.com",
                                                      **bearer(world.keys["browser"])})
    assert "access-control-allow-origin" not in other.headers and "Origin" in other.headers["vary"]
    error = client.get("/api/v1/auth/me", headers={"Origin": SITE})  # errors carry CORS headers too
    assert error.status_code == 401 and error.headers["access-control-allow-origin"] == SITE
    page = client.get("/healthz", headers={"Origin": SITE})  # only /api/ is cross-origin
    assert "access-control-allow-origin" not in page.headers


def test_revoking_the_key_withdraws_its_origins_at_once(client: TestClient, world: World) -> None:
    # warm the cache (its time-to-live is 300 s in these tests, so only the change notice can refresh it)
    assert client.options("/api/v1/auth/me", headers={"Origin": SITE, **PREFLIGHT}).status_code == 204
    admin = bearer(login(client, "admin"))
    assert client.post(f"/api/v1/org/keys/{world.key_ids['browser']}/revoke", headers=admin).status_code == 200
    assert_error(client.options("/api/v1/auth/me", headers={"Origin": SITE, **PREFLIGHT}), 403)
    created = client.post("/api/v1/admin/keys", headers=admin, json={
        "org_id": world.orgs["assoc"], "name": "new site", "scopes": ["feed:read"],
        "cors_origins": ["HTTPS://New.Example.org:443/"]})
    assert created.status_code == 201 and created.json()["cors_origins"] == ["https://new.example.org"]
    allowed = client.options("/api/v1/auth/me", headers={"Origin": "https://new.example.org", **PREFLIGHT})
    assert allowed.status_code == 204


