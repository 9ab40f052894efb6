"""Integration keys over HTTP: what a working key can do, and every way a key fails (401, one error shape)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import Scope
from core.db import session_scope, utcnow
from tests.api.apihelpers import World, assert_error, bearer


def test_key_acts_for_its_org_with_its_scopes(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/auth/me", headers=bearer(world.keys["site"]))
    assert me.status_code == 200
    body = me.json()
    assert body["via"] == "key" and body["role"] == "association_coordinator" and body["user"] is None
    assert body["org"]["id"] == world.orgs["assoc"] and body["key"]["name"] == "site"
    assert sorted(body["scopes"]) == ["feed:read", "needs:write", "results:read", "webhooks:manage"]
    assert world.keys["site"] not in me.text


@pytest.mark.parametrize("header", [
    "Bearer garbage",
    "Bearer ik_00000000_" + "x" * 43,
    "Bearer ik_zzzzzzzz_abc",
    "Bearer is_notasession",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "ik_00000000_abc",
    "Bearer " + "ik_" * 200,
    "Bearer ' OR 1=1 --",
])
def test_garbage_credentials_are_401(client: TestClient, header: str) -> None:
    response = client.get("/api/v1/auth/me", headers={"Authorization": header})
    assert_error(response, 401, "unauthorized")


def test_right_prefix_wrong_secret_is_401(client: TestClient, world: World) -> None:
    secret = world.keys["site"]
    tampered = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert_error(client.get("/api/v1/auth/me", headers=bearer(tampered)), 401, "unauthorized")


def test_expired_key_is_401(client: TestClient, world: World) -> None:
    with session_scope(world.settings) as session:
        old = auth.create_api_key(session=session, org_id=world.orgs["assoc"], name="old", scopes=[Scope.feed_read],
                                  expires_days=1, now=utcnow() - timedelta(days=2))
    error = assert_error(client.get("/api/v1/auth/me", headers=bearer(old.secret)), 401, "unauthorized")
    assert "expired" in str(error["message"])


def test_revoked_key_is_401_at_once(client: TestClient, world: World) -> None:
    token = world.keys["ent-a-key"]
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 200
    from tests.api.apihelpers import login

    session_token = login(client, "ent-a")
    revoked = client.post(f"/api/v1/org/keys/{world.key_ids['ent-a-key']}/revoke", headers=bearer(session_token))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    error = assert_error(client.get("/api/v1/auth/me", headers=bearer(token)), 401, "unauthorized")
    assert "revoked" in str(error["message"])


def test_admin_creates_key_and_secret_is_shown_once(client: TestClient, world: World) -> None:
    from tests.api.apihelpers import login

    admin = bearer(login(client, "admin"))
    created = client.post("/api/v1/admin/keys", headers=admin, json={
        "org_id": world.orgs["b"], "name": "乙公司 ERP", "scopes": ["needs:write", "results:read"],
        "expires_days": 30})
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    assert secret.startswith("ik_" + created.json()["prefix"] + "_")
    listed = client.get("/api/v1/admin/keys", headers=admin, params={"org_id": world.orgs["b"]})
    assert listed.status_code == 200 and listed.json()["total"] == 2 and secret not in listed.text
    me = client.get("/api/v1/auth/me", headers=bearer(secret)).json()
    assert me["org"]["name"] == "乙公司" and me["role"] == "enterprise"


def test_keys_cannot_manage_keys(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/org/keys", headers=bearer(world.keys["site"]))
    assert_error(response, 403, "forbidden")
