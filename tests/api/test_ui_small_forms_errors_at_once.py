"""The smaller forms name every wrong field at once, each on its own field, and store nothing ("Forms lose input on
errors", the product brief): the password change said a wrong current password, then a weak new one, then a repeat
that differs, one per submit; the association's obligations form a kind, a year and a due date one by one; the
admin's new-user form a role, a username taken and a weak password; the APIs name each in ``fields``."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from core import china_time
from tests.api.apihelpers import PASSWORD, World, bearer, login
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in


def _said(posted: object) -> dict[str, str]:
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")  # type: ignore[attr-defined]
    assert said.get("message"), said
    return dict(said.get("fields") or [[said.get("field"), said.get("message")]])


def test_a_password_change_names_every_wrong_field_at_once_and_changes_nothing(client: TestClient,
                                                                              world: World) -> None:
    ui = signed_in(client, "ent-a")
    posted = ui.post("/account/password", follow_redirects=False, data={
        "current_password": "not-my-password", "new_password": "12345678", "new_password_again": "12345679"})
    assert posted.status_code == 303 and posted.headers["location"] == "/account", posted.headers
    fields = _said(posted)
    assert list(fields) == ["current_password", "new_password", "new_password_again"], fields
    assert "当前密码不正确" in fields["current_password"] and "两次" in fields["new_password_again"]
    page = ui.get("/account").text
    assert "有 3 处需要改正" in page and "12345678" not in page  # never a password
    assert login(client, "ent-a", PASSWORD)  # the password stands

    api = client.post("/api/v1/auth/password", headers=bearer(login(client, "ent-b")),
                      json={"current_password": "not-my-password", "new_password": "12345678"})
    assert api.status_code in (400, 422), api.text
    assert [f["field"] for f in api.json()["error"]["fields"]] == ["current_password", "new_password"], api.text
    assert login(client, "ent-b", PASSWORD)


def _obligations(client: TestClient) -> list[tuple[str, str]]:
    listed = client.get("/api/v1/providers/qic-js-battery/obligations", headers=Logins(client)("coord-assoc"))
    return sorted((o["kind"], o["period"]) for o in listed.json())


def test_the_obligations_form_names_every_wrong_field_at_once_and_sets_nothing(client: TestClient,
                                                                              world: World) -> None:
    before = _obligations(client)
    ui = signed_in(client, "coord-assoc")
    posted = ui.post("/providers/qic-js-battery/obligations", follow_redirects=False,
                     data={"kind": "annual_plan", "period": "明年", "due_on": "下个月底"})
    assert posted.status_code == 303, posted.text
    fields = _said(posted)
    assert list(fields) == ["period", "due_on"], fields
    assert "明年" in fields["period"] and "下个月底" in fields["due_on"]
    last_year = (china_time.today() - timedelta(days=400)).isoformat()
    posted = ui.post("/providers/qic-js-battery/obligations", follow_redirects=False,
                     data={"kind": "annual_audit", "period": "2026", "due_on": last_year})
    fields = _said(posted)
    assert list(fields) == ["kind", "due_on"], fields
    assert "早于今天" in fields["due_on"]
    assert _obligations(client) == before

    as_ = Logins(client)
    body = {"kind": "rectification_report", "period": "2026-R1", "title": "整改报告", "clause": "seed 002 四(三)",
            "due_on": (china_time.today() + timedelta(days=30)).isoformat()}
    made = client.post("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc"), json=body)
    assert made.status_code == 201, made.text
    again = client.post("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc"),
                        json={**body, "due_on": last_year})
    assert again.status_code in (400, 409, 422), again.text
    assert [f["field"] for f in again.json()["error"]["fields"]] == ["period", "due_on"], again.text
    assert len(_obligations(client)) == len(before) + 1


def _users(client: TestClient) -> int:
    listed = client.get("/api/v1/admin/users", headers=Logins(client)("admin"), params={"limit": 200}).json()
    return len(listed["items"])


def test_the_admin_s_new_user_form_names_every_wrong_field_at_once_and_makes_nobody(client: TestClient,
                                                                                   world: World) -> None:
    before = _users(client)
    ui = signed_in(client, "admin")
    posted = ui.post(f"/admin/orgs/{world.orgs['a']}/users", follow_redirects=False, data={
        "username": "ent-b", "role": "center_coordinator", "email": "zhang@example.cn", "password": "12345678"})
    assert posted.status_code == 303, posted.text
    fields = _said(posted)
    assert list(fields) == ["username", "role", "password"], fields  # as the form shows them
    assert "已被使用" in fields["username"] and "ent-b" in fields["username"]
    api = client.post("/api/v1/admin/users", headers=Logins(client)("admin"), json={
        "org_id": world.orgs["a"], "username": "ent-b", "role": "center_coordinator", "password": "12345678"})
    assert api.status_code in (400, 409, 422), api.text
    assert {f["field"] for f in api.json()["error"]["fields"]} == {"username", "password", "role"}, api.text
    assert _users(client) == before


def test_the_admin_s_invitation_names_every_wrong_field_at_once_and_invites_nobody(client: TestClient,
                                                                                   world: World) -> None:
    """The invitation said its name, then the role, then the email taken, one per submit, and its page built its own
    redirect (one field); now ``accounts.service.invite`` says them together and the page goes through ``refused``."""
    ui = signed_in(client, "admin")
    page = f"/admin/orgs/{world.orgs['a']}"
    posted = ui.post(f"{page}/invitations", follow_redirects=False, data={
        "display_name": "  ", "role": "center_coordinator", "email": "not-an-email"})
    assert posted.status_code == 303, posted.text
    fields = _said(posted)
    assert list(fields) == ["display_name", "role", "email"], fields  # the form's order
    assert "center_coordinator" in fields["role"] or "服务机构" in fields["role"], fields
