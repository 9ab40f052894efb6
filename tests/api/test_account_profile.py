"""A person's own display name and email (PATCH /api/v1/auth/me and the account page, one call:
flows.accounts.update_own_profile). Walked as a new enterprise on 2026-11-28, the account page offered only the
password: a typo in the name others see, or a changed email, had to go through an administrator."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from authz.models import AuditEvent
from core.db import session_scope
from tests.api.apihelpers import World, assert_error, bearer, login


def test_a_person_changes_their_own_name_and_email(client: TestClient, world: World) -> None:
    token = login(client, "ent-a")
    done = client.patch("/api/v1/auth/me", json={"display_name": "李工（质量部）", "email": "Li.Gong@Example.com"},
                        headers=bearer(token))
    assert done.status_code == 200, done.text
    assert done.json()["display_name"] == "李工（质量部）" and done.json()["email"] == "li.gong@example.com"
    me = client.get("/api/v1/auth/me", headers=bearer(token)).json()["user"]
    assert (me["display_name"], me["email"]) == ("李工（质量部）", "li.gong@example.com")
    # a field not sent stays; an email of null removes it
    assert client.patch("/api/v1/auth/me", json={"email": None}, headers=bearer(token)).json()["display_name"] == \
        "李工（质量部）"
    assert client.get("/api/v1/auth/me", headers=bearer(token)).json()["user"]["email"] is None
    with session_scope(world.settings) as session:
        fields = [e.detail["fields"] for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account.profile_changed")
            .order_by(AuditEvent.id))]
    assert fields == [["display_name", "email"], ["email"]]


def test_a_bad_or_taken_email_is_refused_whole_naming_the_field(client: TestClient, world: World) -> None:
    a, b = login(client, "ent-a"), login(client, "ent-b")
    assert client.patch("/api/v1/auth/me", json={"email": "b@example.com"}, headers=bearer(b)).status_code == 200
    before = client.get("/api/v1/auth/me", headers=bearer(a)).json()["user"]
    bad = client.patch("/api/v1/auth/me", json={"display_name": "新名字", "email": "not-an-email"}, headers=bearer(a))
    assert assert_error(bad, 422)["field"] == "email"
    taken = client.patch("/api/v1/auth/me", json={"display_name": "新名字", "email": "B@example.com"},
                         headers=bearer(a))
    assert assert_error(taken, 409)["field"] == "email"
    empty = client.patch("/api/v1/auth/me", json={"display_name": "  "}, headers=bearer(a))
    assert assert_error(empty, 422)["field"] == "display_name"
    role = client.patch("/api/v1/auth/me", json={"role": "admin"}, headers=bearer(a))
    assert assert_error(role, 422)["field"] == "role"
    assert client.get("/api/v1/auth/me", headers=bearer(a)).json()["user"] == before  # nothing half-changed


def test_a_key_has_no_profile_to_change(client: TestClient, world: World) -> None:
    refused = client.patch("/api/v1/auth/me", json={"display_name": "机器"}, headers=bearer(world.keys["ent-a-key"]))
    assert refused.status_code == 403
