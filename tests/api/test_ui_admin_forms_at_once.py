"""The administrator's last forms that said one wrong thing per submit now say all at once, each on its own field,
and store nothing (a new user's trial, 2026-11-29): the new organisation (a kind's rules, the name, the credit code,
an authority's body and jurisdiction, one by one), a key (its days read first and alone by the page, then the
schema's, then its scopes' rules) and a password reset (the policy's first reason alone: "12345678" was too common,
then, changed, digits only). The same mechanism as the other forms (core.errors.refuse_all, ui_common.refused)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, login
from tests.api.domainhelpers import Logins
from tests.api.test_ui_small_forms_errors_at_once import _said
from tests.api.uihelpers import signed_in


def _orgs(client: TestClient) -> int:
    return int(client.get("/api/v1/admin/orgs", headers=Logins(client)("admin"), params={"limit": 1}).json()["total"])


def test_the_new_organisation_names_every_wrong_field_at_once_and_makes_none(client: TestClient,
                                                                           world: World) -> None:
    before = _orgs(client)
    ui = signed_in(client, "admin")
    posted = ui.post("/admin/orgs", follow_redirects=False, data={
        "kind": "authority", "name": "  ", "center_id": "", "credit_code": "12345", "authority_body": "",
        "jurisdiction": ""})
    assert posted.status_code == 303 and posted.headers["location"] == "/admin/orgs", posted.headers
    fields = _said(posted)
    assert list(fields) == ["name", "credit_code", "authority_body", "jurisdiction"], fields  # the form's order
    assert "企业" in fields["credit_code"] and "类别" in fields["authority_body"], fields
    page = ui.get("/admin/orgs").text
    assert "有 4 处需要改正" in page, page

    # an enterprise: a credit code of the wrong shape and one taken are each said with the name's refusal
    posted = ui.post("/admin/orgs", follow_redirects=False, data={"kind": "enterprise", "name": "",
                                                                  "credit_code": "91350100M000100Y43"})
    fields = _said(posted)
    assert list(fields) == ["name", "credit_code"] and "已注册" in fields["credit_code"], fields

    api = client.post("/api/v1/admin/orgs", headers=Logins(client)("admin"), json={
        "kind": "center", "name": "某检验中心", "center_id": "no-such-center", "credit_code": "12345",
        "jurisdiction": "上海市"})
    assert api.status_code == 400, api.text  # the kb's unknown center is said with the rest, not alone as a 404
    assert [f["field"] for f in api.json()["error"]["fields"]] == ["center_id", "credit_code", "jurisdiction"], api.text
    assert _orgs(client) == before


def _keys(client: TestClient, world: World) -> int:
    listed = client.get("/api/v1/admin/keys", headers=Logins(client)("admin"), params={"org_id": world.orgs["a"]})
    return int(listed.json()["total"])


def test_a_new_key_names_every_wrong_field_at_once_and_makes_none(client: TestClient, world: World) -> None:
    before = _keys(client, world)
    ui = signed_in(client, "admin")
    back = f"/admin/orgs/{world.orgs['a']}"
    posted = ui.post(f"{back}/keys", follow_redirects=False, data={
        "name": " ", "expires_days": "九千天", "cors_origins": "not a site"})
    assert posted.status_code == 303 and posted.headers["location"] == back, posted.headers
    fields = _said(posted)
    assert list(fields) == ["name", "scopes", "expires_days", "cors_origins"], fields  # the form's order
    assert "九千天" in fields["expires_days"] and "有效天数" in fields["expires_days"], fields

    # the scopes' own rules are said with the rest: a browser key holding more than feed:read, and a bad day count
    posted = ui.post(f"{back}/keys", follow_redirects=False, data={
        "name": "官网", "scopes": ["feed:read", "needs:read"], "expires_days": "0",
        "cors_origins": "https://example.cn"})
    fields = _said(posted)
    assert list(fields) == ["scopes", "expires_days"], fields
    assert "feed:read" in fields["scopes"], fields

    api = client.post("/api/v1/admin/keys", headers=Logins(client)("admin"), json={
        "org_id": world.orgs["a"], "name": "官网", "scopes": ["feed:read", "needs:read"],
        "cors_origins": ["https://example.cn"]})
    assert api.status_code in (400, 422), api.text
    assert api.json()["error"]["field"] == "scopes", api.text
    assert _keys(client, world) == before


def test_a_password_reset_says_every_reason_of_the_policy_at_once(client: TestClient, world: World) -> None:
    ui = signed_in(client, "admin")
    posted = ui.post(f"/admin/users/{world.users['ent-b']}/password", follow_redirects=False,
                     data={"password": "12345678"})
    assert posted.status_code == 303 and posted.headers["location"] == f"/admin/orgs/{world.orgs['b']}", posted.text
    fields = _said(posted)
    assert list(fields) == ["password"], fields
    assert "过于常见" in fields["password"] and "只有数字" in fields["password"], fields
    api = client.post(f"/api/v1/admin/users/{world.users['ent-b']}/password", headers=Logins(client)("admin"),
                      json={"password": "13571357"})
    assert api.status_code == 422, api.text
    said = api.json()["error"]["message"]
    assert "只有数字" in said and "重复" in said, said  # digits only, and one short pattern repeated
    assert login(client, "ent-b")  # the password stands
