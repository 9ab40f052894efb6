"""Helpers for the api tests: a small world of tenants, logins, and the one error shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import ROLE_SCOPES, OrgKind, Role, Scope
from core.db import session_scope
from core.settings import Settings
from tests.kb.kbhelpers import CAP, CAP2, CENTER, CENTER2, EXPERT

PASSWORD = "correct-horse-battery"
TEST_BODY_LIMIT = 64 * 1024


def kb_records() -> list[dict[str, Any]]:
    """The kb tests' small catalog (two centers, one of them ``qic-js-battery``), typed for ``write_jsonl``."""
    return [CENTER, CENTER2, CAP, CAP2, EXPERT]


@dataclass
class World:
    settings: Settings
    orgs: dict[str, str] = field(default_factory=dict)  # name -> org id
    users: dict[str, str] = field(default_factory=dict)  # username -> user id
    keys: dict[str, str] = field(default_factory=dict)  # name -> secret
    key_ids: dict[str, str] = field(default_factory=dict)  # name -> key id


def build_world(settings: Settings) -> World:
    world = World(settings)
    with session_scope(settings) as session:
        a = auth.create_org(session=session, kind=OrgKind.enterprise, name="甲公司", credit_code="91350100M000100Y43")
        b = auth.create_org(session=session, kind=OrgKind.enterprise, name="乙公司")
        center = auth.create_org(session=session, kind=OrgKind.center, name="电池中心", center_id="qic-js-battery")
        assoc = auth.create_org(session=session, kind=OrgKind.association, name="质量协会")
        world.orgs.update({"a": a.id, "b": b.id, "center": center.id, "assoc": assoc.id})
        for username, org, role in [("ent-a", a, Role.enterprise), ("ent-b", b, Role.enterprise),
                                    ("coord-center", center, Role.center_coordinator),
                                    ("coord-assoc", assoc, Role.association_coordinator),
                                    ("admin", assoc, Role.admin)]:
            user = auth.create_user(session=session, org_id=org.id, username=username, password=PASSWORD, role=role)
            world.users[username] = user.id
        for name, org_id, scopes in [
            ("site", assoc.id, [Scope.feed_read, Scope.needs_write, Scope.results_read, Scope.webhooks_manage]),
            ("feed-only", assoc.id, [Scope.feed_read]),
            ("browser", assoc.id, [Scope.feed_read]),
            ("ent-a-key", a.id, [Scope.needs_write, Scope.webhooks_manage]),
            ("ent-b-key", b.id, [Scope.needs_write, Scope.webhooks_manage]),
        ]:
            created = auth.create_api_key(session=session, org_id=org_id, name=name, scopes=scopes,
                                          cors_origins=["https://site.example.org"] if name == "browser" else [])
            world.keys[name], world.key_ids[name] = created.secret, created.id
    return world


def second_association(world: World) -> None:
    """A second association in the same deployment (issue 31: tenancy between associations), with a coordinator
    (``coord-assoc2``), a key holding every scope (``assoc2-all``), and an enterprise that registered through it
    (``丙公司``, user ``ent-c``)."""
    with session_scope(world.settings) as session:
        other = auth.create_org(session=session, kind=OrgKind.association, name="另一协会")
        user = auth.create_user(session=session, org_id=other.id, username="coord-assoc2", password=PASSWORD,
                                role=Role.association_coordinator)
        world.orgs["assoc2"], world.users["coord-assoc2"] = other.id, user.id
        key = auth.create_api_key(session=session, org_id=other.id, name="assoc2-all",
                                  scopes=sorted(ROLE_SCOPES[Role.association_coordinator]))
        world.keys["assoc2-all"], world.key_ids["assoc2-all"] = key.secret, key.id
        ent = auth.create_org(session=session, kind=OrgKind.enterprise, name="丙公司", association_id=other.id)
        user = auth.create_user(session=session, org_id=ent.id, username="ent-c", password=PASSWORD,
                                role=Role.enterprise)
        world.orgs["c"], world.users["ent-c"] = ent.id, user.id


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    client.cookies.clear()  # callers choose: bearer token here, or the cookie in the cookie tests
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, object]:
    """The response is a 4xx in the one error shape (and, when given, with this code)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    if code is not None:
        assert body["error"]["code"] == code
    error: dict[str, object] = body["error"]
    return error
