"""Roles, scopes and tenancy: 403 for the wrong role or a missing scope, 404 for another tenant's ids."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.models import ApiKey
from accounts.schemas import Actor
from accounts.vocab import OrgKind, Role
from api.auth.deps import CurrentActor, allow
from authz.tenancy import actor_filter, scope_to_actor
from core.db import session_scope
from outbox import service as webhooks
from tests.api.apihelpers import World, assert_error, bearer, login


@pytest.mark.parametrize("username", ["ent-a", "coord-center", "coord-assoc"])
def test_admin_endpoints_refuse_other_roles(client: TestClient, world: World, username: str) -> None:
    headers = bearer(login(client, username))
    assert_error(client.get("/api/v1/admin/orgs", headers=headers), 403, "forbidden")
    refused = client.post("/api/v1/admin/orgs", headers=headers, json={"kind": "enterprise", "name": "影子公司"})
    assert_error(refused, 403, "forbidden")


def test_admin_endpoints_refuse_keys(client: TestClient, world: World) -> None:
    assert_error(client.get("/api/v1/admin/users", headers=bearer(world.keys["site"])), 403, "forbidden")


def test_admin_makes_orgs_and_users(client: TestClient, world: World) -> None:
    admin = bearer(login(client, "admin"))
    org = client.post("/api/v1/admin/orgs", headers=admin, json={"kind": "enterprise", "name": "丙公司",
                                                                  "credit_code": "91110000802100433B"})
    assert org.status_code == 201, org.text
    user = client.post("/api/v1/admin/users", headers=admin, json={
        "org_id": org.json()["id"], "username": "ent-c", "password": "long-enough-pw", "role": "enterprise",
        "display_name": "丙公司用户"})
    assert user.status_code == 201 and "password" not in user.json()
    assert login(client, "ent-c", "long-enough-pw").startswith("is_")
    orgs = client.get("/api/v1/admin/orgs", headers=admin, params={"limit": 2}).json()
    assert orgs["total"] == 5 and len(orgs["items"]) == 2
    wrong = client.post("/api/v1/admin/users", headers=admin, json={
        "org_id": org.json()["id"], "username": "ent-d", "password": "long-enough-pw", "role": "admin"})
    assert assert_error(wrong, 400, "invalid")["field"] == "role"


def test_scopes_are_enforced(client: TestClient, world: World) -> None:
    assert_error(client.get("/api/v1/webhooks/deliveries", headers=bearer(world.keys["feed-only"])), 403, "forbidden")
    assert client.get("/api/v1/webhooks/deliveries", headers=bearer(world.keys["site"])).status_code == 200


def test_another_tenants_key_is_invisible(client: TestClient, world: World) -> None:
    a = bearer(login(client, "ent-a"))
    mine = client.get("/api/v1/org/keys", headers=a).json()
    assert [k["name"] for k in mine["items"]] == ["ent-a-key"]
    theirs = client.get(f"/api/v1/org/keys/{world.key_ids['ent-b-key']}", headers=a)
    missing = client.get("/api/v1/org/keys/00000000-0000-0000-0000-000000000000", headers=a)
    assert assert_error(theirs, 404, "not_found")["field"] == assert_error(missing, 404, "not_found")["field"]
    assert world.orgs["b"] not in theirs.text
    assert_error(client.post(f"/api/v1/org/keys/{world.key_ids['ent-b-key']}/revoke", headers=a), 404)
    # ... and B's key still works: nothing changed.
    assert client.get("/api/v1/auth/me", headers=bearer(world.keys["ent-b-key"])).status_code == 200
    admin = bearer(login(client, "admin"))
    assert client.get(f"/api/v1/org/keys/{world.key_ids['ent-b-key']}", headers=admin).status_code == 200


def test_another_tenants_deliveries_are_invisible(client: TestClient, world: World) -> None:
    with session_scope(world.settings) as session:
        for org in ("a", "b"):
            webhooks.create_subscription(session=session, org_id=world.orgs[org], url=f"https://{org}.example.com/h",
                                         events=["match.accepted"])
        ids = webhooks.emit(session=session, event="match.accepted", payload={"need_id": "n-1"})
    assert len(ids) == 2
    a = bearer(world.keys["ent-a-key"])
    log = client.get("/api/v1/webhooks/deliveries", headers=a).json()
    assert log["total"] == 1 and log["items"][0]["org_id"] == world.orgs["a"]
    other = next(i for i in ids if i != log["items"][0]["id"])
    assert_error(client.get(f"/api/v1/webhooks/deliveries/{other}", headers=a), 404, "not_found")
    subs = client.get("/api/v1/webhooks/subscriptions", headers=a).json()
    assert [s["url"] for s in subs["items"]] == ["https://a.example.com/h"]
    # subscribing on another org's behalf is refused as if that org did not exist
    refused = client.post("/api/v1/webhooks/subscriptions", headers=a, json={
        "url": "https://a.example.com/x", "events": ["match.accepted"], "org_id": world.orgs["b"]})
    assert_error(refused, 404, "not_found")


def _actor(role: Role, org_id: str, kind: OrgKind, center_id: str | None = None) -> Actor:
    return Actor(org_id=org_id, org_kind=kind, org_name="x", role=role, via="session", user_id="u",
                 center_id=center_id)


def test_tenancy_filter_on_a_query(world: World) -> None:
    with session_scope(world.settings) as session:
        stmt = select(ApiKey.name)
        a = _actor(Role.enterprise, world.orgs["a"], OrgKind.enterprise)
        assert list(session.scalars(scope_to_actor(stmt, a, org_column=ApiKey.org_id))) == ["ent-a-key"]
        admin = _actor(Role.admin, world.orgs["assoc"], OrgKind.association)
        assert len(list(session.scalars(scope_to_actor(stmt, admin, org_column=ApiKey.org_id)))) == 5
        # a column the caller did not give cannot grant access: an enterprise with only a center column sees nothing
        none = scope_to_actor(stmt, a, center_column=ApiKey.name)
        assert list(session.scalars(none)) == []
    center = _actor(Role.center_coordinator, world.orgs["center"], OrgKind.center, "qic-js-battery")
    clause = actor_filter(center, enterprise_column=ApiKey.org_id, center_column=ApiKey.name)
    assert "api_key.name" in str(clause)


def test_guards_on_a_protected_route(world: World) -> None:
    """Tiny routes built the way domain routers are: each names its action (``allow``), whose role, scope and key
    rules ``authz.policy.authorize`` checks, the one place."""
    from api.app import create_app
    from api.config import ApiConfig

    router = APIRouter()

    @router.get("/api/v1/_probe/coordinators")
    def coordinators_only(actor: Actor = Depends(allow("opportunity.help"))) -> dict[str, str]:
        return {"center": actor.center_id or ""}

    @router.get("/api/v1/_probe/feed")
    def feed(actor: Actor = Depends(allow("feed.read"))) -> dict[str, str]:
        return {"org": actor.org_id}

    @router.get("/api/v1/_probe/any")
    def anyone(actor: CurrentActor) -> dict[str, str]:
        return {"role": actor.role.value}

    app = create_app(world.settings, ApiConfig(deliver_in_process=False))
    app.include_router(router)
    with TestClient(app) as c:
        center = bearer(login(c, "coord-center"))
        assert c.get("/api/v1/_probe/coordinators", headers=center).json() == {"center": "qic-js-battery"}
        assert_error(c.get("/api/v1/_probe/coordinators", headers=bearer(login(c, "ent-a"))), 403, "forbidden")
        assert_error(c.get("/api/v1/_probe/feed", headers=bearer(world.keys["ent-a-key"])), 403, "forbidden")
        assert c.get("/api/v1/_probe/feed", headers=bearer(world.keys["feed-only"])).status_code == 200
        assert c.get("/api/v1/_probe/feed", headers=center).status_code == 200  # the role's scopes
        assert_error(c.get("/api/v1/_probe/any"), 401, "unauthorized")
