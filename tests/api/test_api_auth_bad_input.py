"""Bad input at the identity endpoints: 4xx in the one error shape, and nothing stored changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts.models import Org, User
from core.db import session_scope
from tests.api.apihelpers import TEST_BODY_LIMIT, World, assert_error, bearer, login


def _counts(world: World) -> tuple[int, int]:
    with session_scope(world.settings) as session:
        return (session.scalar(select(func.count()).select_from(Org)) or 0,
                session.scalar(select(func.count()).select_from(User)) or 0)


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    return bearer(login(client, "admin"))


@pytest.mark.parametrize(("body", "field"), [
    ('{"kind": "enterprise", "name": ', None),  # malformed JSON
    ('[1, 2, 3]', None),
    ('{"kind": "laboratory", "name": "x"}', "kind"),
    ('{"kind": "enterprise", "name": 42}', "name"),
    ('{"kind": "enterprise"}', "name"),
    ('{"kind": "enterprise", "name": "x", "is_admin": true}', "is_admin"),  # unknown field refused
    ('{"kind": "enterprise", "name": "   "}', "name"),
    ('{"kind": "enterprise", "name": "x", "credit_code": "not-a-code"}', "credit_code"),
])
def test_bad_org_bodies(client: TestClient, world: World, admin: dict[str, str], body: str,
                        field: str | None) -> None:
    before = _counts(world)
    response = client.post("/api/v1/admin/orgs", content=body.encode(),
                           headers={**admin, "Content-Type": "application/json"})
    error = assert_error(response, response.status_code)
    assert 400 <= response.status_code < 500
    if field:
        assert error["field"] == field
    assert _counts(world) == before


@pytest.mark.parametrize("body", [
    {"username": "ent-a", "password": 12345678},
    {"username": ["ent-a"], "password": "x"},
    {"username": "ent-a"},
    {"username": "ent-a", "password": "x", "remember": True},
    {"username": "' OR 1=1 --", "password": "' OR '1'='1"},
    {"username": "ent-a", "password": ""},
])
def test_bad_login_bodies(client: TestClient, body: dict[str, object]) -> None:
    response = client.post("/api/v1/auth/login", json=body)
    assert response.status_code in (401, 422)
    assert_error(response, response.status_code)
    assert "set-cookie" not in response.headers


def test_huge_body_is_413(client: TestClient, world: World, admin: dict[str, str]) -> None:
    before = _counts(world)
    big = b'{"kind": "enterprise", "name": "' + b"x" * (TEST_BODY_LIMIT + 10) + b'"}'
    response = client.post("/api/v1/admin/orgs", content=big, headers={**admin, "Content-Type": "application/json"})
    assert_error(response, 413, "payload_too_large")
    ten_mb = client.post("/api/v1/auth/login", content=b"{" + b" " * 10_000_000 + b"}",
                         headers={"Content-Type": "application/json"})
    assert_error(ten_mb, 413, "payload_too_large")
    assert _counts(world) == before


def test_huge_chunked_body_is_413(client: TestClient, admin: dict[str, str]) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "enterprise", "name": "'
        for _ in range(20):
            yield b"y" * 8192
        yield b'"}'

    response = client.post("/api/v1/admin/orgs", content=chunks(), headers={**admin,
                                                                            "Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_error(response, 413, "payload_too_large")


def test_bad_content_length_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", content=b"{}", headers={"Content-Length": "abc",
                                                                          "Content-Type": "application/json"})
    assert_error(response, 400, "bad_request")


INJECTIONS = ["x'); DROP TABLE api_user; --", "<script>alert('x')</script>", "Robert'); DELETE FROM api_org;--",
              "名称\" OR \"1\"=\"1"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_are_plain_text(client: TestClient, world: World, admin: dict[str, str],
                                          text: str) -> None:
    created = client.post("/api/v1/admin/orgs", headers=admin, json={"kind": "enterprise", "name": text})
    assert created.status_code == 201 and created.json()["name"] == text
    got = client.get(f"/api/v1/admin/orgs/{created.json()['id']}", headers=admin)
    assert got.json()["name"] == text and got.headers["content-type"].startswith("application/json")
    user = client.post("/api/v1/admin/users", headers=admin, json={
        "org_id": created.json()["id"], "username": "inj-user", "password": "long-enough-pw", "role": "enterprise",
        "display_name": text})
    assert user.status_code == 201 and user.json()["display_name"] == text
    assert _counts(world) == (5, 6)  # the tables are all still there, with one more row each
    assert_error(client.get(f"/api/v1/admin/orgs/{text}", headers=admin), 404, "not_found")
    assert_error(client.get("/api/v1/org/keys/' OR '1'='1", headers=bearer(login(client, "ent-a"))), 404)


def test_nul_characters_are_refused_not_crashing(client: TestClient, world: World, admin: dict[str, str]) -> None:
    before = _counts(world)
    body = client.post("/api/v1/admin/orgs", headers=admin, json={"kind": "enterprise", "name": "甲\u0000公司"})
    assert assert_error(body, 400, "control_character")["field"] == "name"
    assert assert_error(client.get("/api/v1/admin/orgs/abc%00def", headers=admin), 400, "control_character")["field"] \
        == "path"
    bad_query = client.get("/api/v1/admin/users", headers=admin, params={"org_id": "a\x00b"})
    assert assert_error(bad_query, 400, "control_character")["field"] == "org_id"
    assert _counts(world) == before
