"""UI logins over HTTP: the HttpOnly cookie, bearer session tokens, logout, expiry, and forged cross-site posts."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from accounts import service as auth
from api.auth.deps import SESSION_COOKIE
from core.db import session_scope, utcnow
from tests.api.apihelpers import PASSWORD, World, assert_error, bearer, login


def test_login_sets_httponly_cookie_and_me_works(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", json={"username": "coord-center", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token"].startswith("is_") and body["user"]["role"] == "center_coordinator"
    assert "password" not in response.text and "argon2" not in response.text
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    me = client.get("/api/v1/auth/me")  # the cookie from the login
    assert me.status_code == 200
    assert me.json()["org"]["center_id"] == "qic-js-battery" and me.json()["via"] == "session"
    assert "feed:read" in me.json()["scopes"]
    client.cookies.clear()
    me = client.get("/api/v1/auth/me", headers=bearer(body["token"]))
    assert me.status_code == 200 and me.json()["user"]["username"] == "coord-center"


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient) -> None:
    wrong = client.post("/api/v1/auth/login", json={"username": "ent-a", "password": "nope-nope"})
    unknown = client.post("/api/v1/auth/login", json={"username": "ghost", "password": PASSWORD})
    assert assert_error(wrong, 401, "unauthorized") == assert_error(unknown, 401, "unauthorized")
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")


def test_no_credentials_is_401_with_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/auth/me")
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_logout_ends_the_session(client: TestClient) -> None:
    token = login(client, "ent-a")
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 204
    assert_error(client.get("/api/v1/auth/me", headers=bearer(token)), 401, "unauthorized")


def test_logout_by_cookie_clears_it(client: TestClient) -> None:
    client.post("/api/v1/auth/login", json={"username": "ent-a", "password": PASSWORD})
    response = client.post("/api/v1/auth/logout")
    assert response.status_code == 204 and f'{SESSION_COOKIE}=""' in response.headers["set-cookie"]
    assert_error(client.get("/api/v1/auth/me"), 401)


def test_expired_session_is_401(client: TestClient, world: World) -> None:
    with session_scope(world.settings) as session:
        token, _ = auth.start_session(session=session, user_id=world.users["ent-a"], hours=1,
                                      now=utcnow() - timedelta(hours=2))
    error = assert_error(client.get("/api/v1/auth/me", headers=bearer(token)), 401, "unauthorized")
    assert "expired" in str(error["message"])


def test_disabled_user_loses_access(client: TestClient, world: World) -> None:
    from accounts.models import User

    token = login(client, "ent-b")
    with session_scope(world.settings) as session:
        session.get(User, world.users["ent-b"]).active = False  # type: ignore[union-attr]
    assert_error(client.get("/api/v1/auth/me", headers=bearer(token)), 401)


def test_cookie_post_from_another_site_is_refused(client: TestClient) -> None:
    client.post("/api/v1/auth/login", json={"username": "ent-a", "password": PASSWORD})
    key_id = "00000000-0000-0000-0000-000000000000"
    forged = client.post(f"/api/v1/org/keys/{key_id}/revoke", headers={"Origin": "https://evil.example.com"})
    assert_error(forged, 403, "forbidden")
    forged = client.post(f"/api/v1/org/keys/{key_id}/revoke", headers={"Sec-Fetch-Site": "cross-site"})
    assert_error(forged, 403, "forbidden")
    same_site = client.post(f"/api/v1/org/keys/{key_id}/revoke", headers={"Origin": "http://testserver"})
    assert_error(same_site, 404, "not_found")  # authenticated, and simply no such key


def test_password_guessing_is_throttled(world: World) -> None:
    from api.app import create_app
    from api.config import ApiConfig

    config = ApiConfig(deliver_in_process=False, login_free_failures=3, login_failures_per_address=5)
    app = create_app(world.settings, config)
    app.state.login_throttle.clock = lambda: 1000.0  # time stands still: every wait is still running
    with TestClient(app) as c:
        for _ in range(3):
            assert_error(c.post("/api/v1/auth/login", json={"username": "ent-a", "password": "guess-guess"}), 401)
        blocked = c.post("/api/v1/auth/login", json={"username": "ENT-A", "password": PASSWORD})
        assert_error(blocked, 429, "too_many_requests")
        assert blocked.headers["retry-after"] == "2"  # the first wait of the backoff
        # another user from the same address still logs in, until the address has used up its own allowance
        assert c.post("/api/v1/auth/login", json={"username": "ent-b", "password": PASSWORD}).status_code == 200
        for _ in range(2):
            assert_error(c.post("/api/v1/auth/login", json={"username": "ghost", "password": "x"}), 401)
        assert_error(c.post("/api/v1/auth/login", json={"username": "ent-b", "password": PASSWORD}), 429)


