"""The console through TestClient (issue 16 steps 4-5): administration, self-registration with approval, consents and
the person's own password in the pages, each through the same service call as the API; the HTML error pages (JSON
kept for the API); /docs served from the package; one language per page; money, dates and "未说明"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts import service as auth
from accounts.credit_code import check_character
from accounts.models import ApiKey, Org, User
from accounts.vocab import Approval
from api.app import create_app
from api.config import ApiConfig
from api.pages.ui_format import in_language, yes_no
from api.pages.ui_need import need_rows
from authz.models import AuditEvent
from core import china_time
from core.db import session_scope
from core.settings import Settings
from flows import inbox as inbox_flow
from intake.schemas import Budget, Need
from matcher import service as matcher
from tests.api.apihelpers import PASSWORD, World, bearer, build_world, login
from tests.api.domainhelpers import accept_first, submitted_need
from tests.api.uihelpers import form_login, ui_kb_records, use_tiny_embedder
from tests.conftest import invoke_cli
from tests.kb.kbhelpers import do_import, write_jsonl

GOOD = "Zhiliang-Jiance-2031"


@pytest.fixture
def console_world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", ui_kb_records())).ok
    yield build_world(settings)
    matcher.reset()


@pytest.fixture
def ui(console_world: World) -> Iterator[TestClient]:
    # Five registrations from an address, then a wait long enough that no slow machine outlasts it.
    app = create_app(console_world.settings, ApiConfig(deliver_in_process=False, register_free_attempts=5,
                                                       login_backoff_base_seconds=600,
                                                       register_attempts_per_address=50))
    use_tiny_embedder(app)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _as(client: TestClient, username: str, password: str = PASSWORD) -> None:
    answer = form_login(client, username, password)
    assert answer.status_code == 303, answer.text


def _alerts(html: str) -> list[str]:
    return re.findall(r'role="alert"[^>]*>(.*?)</p>', html, flags=re.S)


def _toast(html: str) -> str | None:
    found = re.search(r'<div class="toast" role="status"[^>]*><span>(.*?)</span>', html)
    return found.group(1) if found else None


def _count(world: World, model: Any, *where: Any) -> int:
    with session_scope(world.settings) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# ---- administration ----

def test_an_admin_creates_an_organisation_a_user_and_a_key_in_the_pages(ui: TestClient,
                                                                         console_world: World) -> None:
    _as(ui, "admin")
    made = ui.post("/admin/orgs", data={"kind": "enterprise", "name": "常州新材料有限公司"})
    assert made.status_code == 200 and _toast(made.text) == "组织已创建"
    org_id = str(made.url).rsplit("/", 1)[1]
    assert "常州新材料有限公司" in made.text
    assert _toast(ui.get(f"/admin/orgs/{org_id}").text) is None  # the notice shows once

    weak = ui.post(f"/admin/orgs/{org_id}/users", data={"username": "cz-boss", "role": "enterprise",
                                                        "password": "12345678"})
    assert _alerts(weak.text) and _count(console_world, User, User.username == "cz-boss") == 0
    wrong_role = ui.post(f"/admin/orgs/{org_id}/users", data={"username": "cz-boss", "role": "admin",
                                                              "password": GOOD})
    assert any("管理员" in a for a in _alerts(wrong_role.text)) and _count(console_world, User,
                                                                          User.username == "cz-boss") == 0
    user = ui.post(f"/admin/orgs/{org_id}/users", data={"username": "cz-boss", "role": "enterprise",
                                                        "display_name": "王经理", "password": GOOD})
    assert _toast(user.text) == "用户已创建" and 'data-user="cz-boss"' in user.text

    # A key's scopes are its role's: an enterprise's key cannot read the feed, and nothing is stored.
    beyond = ui.post(f"/admin/orgs/{org_id}/keys", data={"name": "ERP", "scopes": ["needs:read", "feed:read"]})
    assert beyond.status_code == 200 and any("feed:read" in a for a in _alerts(beyond.text))
    assert _count(console_world, ApiKey, ApiKey.org_id == org_id) == 0
    assert 'value="feed:read"' not in ui.get(f"/admin/orgs/{org_id}").text  # the form offers the role's only
    created = ui.post(f"/admin/orgs/{org_id}/keys", data={"name": "ERP", "scopes": ["needs:read", "needs:write"],
                                                          "expires_days": "30"})
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    secret = re.search(r'value="(ik_[^"]+)"', created.text)
    assert secret
    # The key works at the API with exactly what it was given; the organisation's page never shows the secret.
    me = ui.get("/api/v1/auth/me", headers=bearer(secret.group(1)))
    assert me.status_code == 200 and sorted(me.json()["scopes"]) == ["needs:read", "needs:write"]
    # days valid as people type them (the admin's day walked as a new user, 2026-11-28: "九十" was refused by the
    # browser's digits-only pattern, in the browser's language); out of range refused naming the field
    ninety = ui.post(f"/admin/orgs/{org_id}/keys", data={"name": "ERP-2", "scopes": ["needs:read"],
                                                         "expires_days": "九十"})
    assert ninety.status_code == 201 and (china_time.today() + timedelta(days=90)).isoformat() in ninety.text
    too_long = ui.post(f"/admin/orgs/{org_id}/keys", data={"name": "ERP-3", "scopes": ["needs:read"],
                                                           "expires_days": "一万"})
    assert any(a.startswith("有效天数：") and "1–3650" in a for a in _alerts(too_long.text)), _alerts(too_long.text)
    page = ui.get(f"/admin/orgs/{org_id}").text
    assert secret.group(1) not in page and secret.group(1).split("_")[1] in page
    key_id = re.search(r'data-key="([^"]+)"', page)
    assert key_id
    revoked = ui.post(f"/admin/keys/{key_id.group(1)}/revoke")
    assert _toast(revoked.text) == "密钥已吊销" and "data-confirm" in page
    ui.cookies.clear()
    assert ui.get("/api/v1/auth/me", headers=bearer(secret.group(1))).status_code == 401


def test_account_responses_in_the_pages_end_logins_and_are_audited(ui: TestClient, console_world: World) -> None:
    victim = TestClient(ui.app)
    _as(victim, "ent-b")
    assert victim.get("/needs", follow_redirects=False).status_code == 200
    _as(ui, "admin")
    b = console_world.users["ent-b"]
    disabled = ui.post(f"/admin/users/{b}/disable")
    assert _toast(disabled.text) == "用户已停用，其登录已全部结束"
    assert victim.get("/needs", follow_redirects=False).status_code == 303  # back to the login page
    assert form_login(victim, "ent-b").status_code == 401
    ui.post(f"/admin/users/{b}/enable")
    _as(victim, "ent-b")
    ended = ui.post(f"/admin/users/{b}/sessions/end")
    assert _toast(ended.text) == "该用户的登录已全部结束"
    assert victim.get("/needs", follow_redirects=False).status_code == 303
    weak = ui.post(f"/admin/users/{b}/password", data={"password": "password1"})
    assert _alerts(weak.text) and form_login(victim, "ent-b").status_code == 303  # nothing changed
    reset = ui.post(f"/admin/users/{b}/password", data={"password": GOOD})
    assert _toast(reset.text) == "密码已重设，该用户的登录已全部结束"
    assert victim.get("/needs", follow_redirects=False).status_code == 303
    assert form_login(victim, "ent-b", GOOD).status_code == 303
    # An admin cannot lock themselves out; the refusal is on the page, in its language.
    me = console_world.users["admin"]
    ui.cookies.set("lang", "en")
    self_lockout = ui.post(f"/admin/users/{me}/disable")
    ui.cookies.set("lang", "zh")
    assert any("your own account" in a for a in _alerts(self_lockout.text))
    assert not any(re.search(r"[\u4e00-\u9fff]", a) for a in _alerts(self_lockout.text))
    org_b = console_world.orgs["b"]
    ui.post(f"/admin/orgs/{org_b}/disable")
    assert form_login(victim, "ent-b", GOOD).status_code == 401
    ui.post(f"/admin/orgs/{org_b}/enable")
    # The audit log in sentences with names, newest first; the kinds are in the markup only, never read out.
    audit = ui.get("/admin/audit").text
    said = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r'<li data-action="[^"]+">(.*?)</li>', audit)]
    for action in ("account.user_disabled", "account.sessions_ended", "account.password_reset",
                   "account.org_disabled"):
        assert f'data-action="{action}"' in audit and action not in "".join(said)
    assert any("admin（管理员） 停用了「乙公司」，并结束了其 1 个登录" in s for s in said), said
    assert any("admin（管理员） 停用了用户「ent-b」，并结束了其 1 个登录" in s for s in said)
    assert any("admin（管理员） 重置了用户「ent-b」的密码" in s for s in said)
    assert not any(console_world.users["ent-b"] in s or org_b in s for s in said)  # no id, whatever the entry
    only = ui.get("/admin/audit", params={"action": "account.password_reset"}).text
    assert '<option value="account.password_reset" selected>重置密码</option>' in only
    assert set(re.findall(r'data-action="([^"]+)"', only)) == {"account.password_reset"}
    # Another role has none of these pages; a missing user or organisation is the HTML 404.
    assert ui.post("/admin/users/nope/disable").status_code == 404
    assert ui.get("/admin/orgs/nope").status_code == 404
    _as(victim, "ent-b", GOOD)
    for path in ("/admin/orgs", "/admin/audit", "/admin/registrations"):
        refused = victim.get(path)
        assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")


def test_a_person_changes_their_own_password_and_their_other_logins_end(ui: TestClient,
                                                                         console_world: World) -> None:
    other = TestClient(ui.app)
    _as(other, "ent-a")
    _as(ui, "ent-a")
    # A refusal goes back to the page (303), naming its field, as the profile's does (the enterprise's day walked
    # again, 2026-11-29: tests/api/test_ui_enterprise_walk2_browser.py marks it beside the field)
    differ = ui.post("/account/password", data={"current_password": PASSWORD, "new_password": GOOD,
                                                "new_password_again": GOOD + "x"})
    assert differ.history[0].status_code == 303 and "两次输入的新密码不一致" in _alerts(differ.text)
    assert 'data-form-error-field="new_password_again"' in differ.text
    wrong = ui.post("/account/password", data={"current_password": "not-it", "new_password": GOOD,
                                               "new_password_again": GOOD})
    assert wrong.history[0].status_code == 303 and _alerts(wrong.text) == ["当前密码不正确"]
    assert 'data-form-error-field="current_password"' in wrong.text
    assert _count(console_world, AuditEvent, AuditEvent.action == "account.password_changed",
                  AuditEvent.outcome == "refused") == 1
    common = ui.post("/account/password", data={"current_password": PASSWORD, "new_password": "iloveyou1",
                                                "new_password_again": "iloveyou1"})
    assert common.history[0].status_code == 303 and 'data-form-error-field="new_password"' in common.text
    done = ui.post("/account/password", data={"current_password": PASSWORD, "new_password": GOOD,
                                              "new_password_again": GOOD})
    assert _toast(done.text) == "密码已修改，其他设备上的登录已结束"
    assert ui.get("/needs", follow_redirects=False).status_code == 200  # this login goes on
    assert other.get("/needs", follow_redirects=False).status_code == 303  # the other one ended


def test_a_person_changes_their_own_name_and_email_on_the_account_page(ui: TestClient, console_world: World) -> None:
    """The account page offered only the password (the enterprise's day walked as a new user, 2026-11-28): the
    name others see and the email are now a form of their own, the same call as ``PATCH /api/v1/auth/me``."""
    _as(ui, "ent-a")
    page = ui.get("/account").text
    assert 'action="/account/profile"' in page and 'name="display_name"' in page and 'name="email"' in page
    done = ui.post("/account/profile", data={"display_name": "王工（品质部）", "email": "wang@example.com"})
    assert _toast(done.text) == "个人信息已保存"
    assert 'value="王工（品质部）"' in done.text and 'value="wang@example.com"' in done.text
    bad = ui.post("/account/profile", data={"display_name": "别的名字", "email": "wang-at-example"})
    assert _alerts(bad.text) == ["“邮箱”格式不正确"], _alerts(bad.text)
    assert 'value="王工（品质部）"' in bad.text  # nothing half-changed: the name stays as saved
    with session_scope(console_world.settings) as session:
        user = session.get(User, console_world.users["ent-a"])
        assert user is not None and (user.display_name, user.email) == ("王工（品质部）", "wang@example.com")
    cleared = ui.post("/account/profile", data={"display_name": "王工（品质部）", "email": ""})
    assert _toast(cleared.text) == "个人信息已保存"
    with session_scope(console_world.settings) as session:
        assert session.get(User, console_world.users["ent-a"]).email is None  # type: ignore[union-attr]


def test_an_organisation_sees_and_revokes_its_own_keys_only(ui: TestClient, console_world: World) -> None:
    _as(ui, "ent-a")
    page = ui.get("/account/keys").text
    assert "ent-a-key" in page and "ent-b-key" not in page
    assert ui.post(f"/account/keys/{console_world.key_ids['ent-b-key']}/revoke").status_code == 404
    done = ui.post(f"/account/keys/{console_world.key_ids['ent-a-key']}/revoke")
    assert _toast(done.text) == "密钥已吊销"
    assert ui.get("/api/v1/auth/me", headers=bearer(console_world.keys["ent-a-key"])).status_code == 401
    assert ui.get("/api/v1/auth/me", headers=bearer(console_world.keys["ent-b-key"])).status_code == 200


# ---- self-registration ----

def _register(client: TestClient, **fields: str) -> Any:
    data = {"org_name": "溧阳储能科技有限公司", "username": "ly-boss", "display_name": "李总",
            "password": GOOD, "password_again": GOOD, **fields}
    return client.post("/register", data=data)


def test_an_enterprise_registers_and_waits_for_an_associations_approval(ui: TestClient,
                                                                         console_world: World) -> None:
    assert ui.get("/register").status_code == 200
    done = _register(ui)
    assert done.status_code == 201 and "等待协会审核" in done.text
    with session_scope(console_world.settings) as session:
        org = session.scalars(select(Org).where(Org.name == "溧阳储能科技有限公司")).one()
        org_id = org.id
        assert org.approval == Approval.pending.value
    waiting = form_login(ui, "ly-boss", GOOD)
    assert waiting.status_code == 403 and "等待协会审核" in waiting.text
    assert not ui.cookies.get("innodock_session")
    api_login = ui.post("/api/v1/auth/login", json={"username": "ly-boss", "password": GOOD})
    assert api_login.status_code == 403 and api_login.json()["error"]["code"] == "pending_approval"
    # The wrong password still gets the one vague answer: nobody learns the account exists.
    assert form_login(ui, "ly-boss", "Wrong-Password-1").status_code == 401

    _as(ui, "coord-assoc")
    queue = ui.get("/admin/registrations").text
    assert "溧阳储能科技有限公司" in queue and "李总" in queue
    approved = ui.post(f"/admin/registrations/{org_id}/approve")
    assert _toast(approved.text) == "已通过注册，该企业现在可以登录"
    again = ui.post(f"/admin/registrations/{org_id}/approve")
    assert _alerts(again.text) == ["该注册已审核"]
    assert form_login(ui, "ly-boss", GOOD).headers["location"] == "/intake"


def test_a_refused_registration_is_told_why_and_bad_or_duplicate_input_is_refused(
        ui: TestClient, console_world: World) -> None:
    orgs, users = _count(console_world, Org), _count(console_world, User)
    cases: list[tuple[dict[str, str], int, str]] = [
        ({"org_name": " 甲公司 "}, 409, "已注册"),  # build_world's enterprise, spaces aside
        ({"username": "ent-a"}, 409, "用户名 ent-a 已被使用"),
        ({"password_again": GOOD + "!"}, 422, "两次输入的密码不一致"),
        ({"password": "password1", "password_again": "password1"}, 422, "密码"),
        ({"credit_code": "91350100M000100Y40"}, 400, "统一社会信用代码"),
    ]
    for fields, status, words in cases:
        refused = _register(ui, **fields)
        assert refused.status_code == status, (fields, refused.text[:300])
        assert any(words in a for a in _alerts(refused.text)), (fields, _alerts(refused.text))
        assert 'value="溧阳储能科技有限公司"' in refused.text or "org_name" in fields  # what was typed stays
        assert GOOD not in refused.text  # never the password
    assert (_count(console_world, Org), _count(console_world, User)) == (orgs, users)
    # Throttled like failed logins: this app allows 5 attempts from an address, then 429 with the wait.
    throttled = _register(ui, org_name="又一家公司", username="another")
    assert throttled.status_code == 429 and any("秒后再试" in a for a in _alerts(throttled.text))

    # another address: the count is the deployment's, so a second app on this database shares this one's
    fresh = TestClient(create_app(console_world.settings, ApiConfig(deliver_in_process=False)),
                       client=("203.0.113.60", 50000))
    code = "91320400MA1X2Y3W4" + check_character("91320400MA1X2Y3W4")
    made = fresh.post("/api/v1/auth/register", json={"org_name": "金坛电池材料有限公司", "username": "jt-boss",
                                                     "password": GOOD, "credit_code": code})
    assert made.status_code == 201 and made.json()["org"]["approval"] == "pending"
    org_id = made.json()["org"]["id"]
    coordinator = bearer(login(fresh, "coord-assoc"))
    listed = fresh.get("/api/v1/registrations", headers=coordinator).json()
    assert [r["org"]["id"] for r in listed["items"]] == [org_id]
    no_reason = fresh.post(f"/api/v1/registrations/{org_id}/refuse", headers=coordinator, json={})
    assert no_reason.status_code == 400 and no_reason.json()["error"]["field"] == "note"
    _as(ui, "coord-assoc")
    empty = ui.post(f"/admin/registrations/{org_id}/refuse", data={"note": ""})
    assert any("理由" in a for a in _alerts(empty.text))
    ui.post(f"/admin/registrations/{org_id}/refuse", data={"note": "营业执照信息与名称不符"})
    told = form_login(ui, "jt-boss", GOOD)
    assert told.status_code == 403 and "营业执照信息与名称不符" in told.text
    # A refused enterprise may register again under its name (with another username).
    anew = fresh.post("/api/v1/auth/register", json={"org_name": "金坛电池材料有限公司", "username": "jt-boss-2",
                                                     "password": GOOD, "credit_code": code})
    assert anew.status_code == 201, anew.text
    # An enterprise's key or a center coordinator cannot decide registrations.
    assert fresh.get("/api/v1/registrations", headers=bearer(login(fresh, "coord-center"))).status_code == 403


# ---- consents ----

def test_an_enterprise_grants_and_revokes_an_associations_consent_in_the_pages(ui: TestClient,
                                                                                console_world: World) -> None:
    _as(ui, "ent-a")
    page = ui.get("/consents").text
    assert "质量协会" in page and 'name="association_org_id"' in page
    granted = ui.post("/consents", data={"association_org_id": console_world.orgs["assoc"], "note": "代为提交"})
    assert _toast(granted.text) == "已授权该协会代为办理"
    api = ui.get("/api/v1/consents", headers=bearer(login(ui, "ent-a"))).json()
    assert [(c["association_org_id"], c["note"], c["revoked_at"]) for c in api] == [
        (console_world.orgs["assoc"], "代为提交", None)]
    _as(ui, "ent-a")
    twice = ui.post("/consents", data={"association_org_id": console_world.orgs["assoc"]})
    assert twice.status_code == 200 and _toast(twice.text) is None
    assert "data-confirm" in twice.text and _count(console_world, AuditEvent,
                                                   AuditEvent.action == "consent.granted") == 1
    not_association = ui.post("/consents", data={"association_org_id": console_world.orgs["b"]})
    assert any("协会不存在" in a for a in _alerts(not_association.text))
    _as(ui, "coord-assoc")
    assert "甲公司" in ui.get("/consents").text and 'name="association_org_id"' not in ui.get("/consents").text
    assert ui.post(f"/consents/{api[0]['id']}/revoke").status_code == 403  # the enterprise's decision
    _as(ui, "ent-b")
    assert ui.post(f"/consents/{api[0]['id']}/revoke").status_code == 404  # another enterprise's: missing
    _as(ui, "ent-a")
    revoked = ui.post(f"/consents/{api[0]['id']}/revoke")
    assert _toast(revoked.text) == "授权已撤销"


# ---- no developer seams ----

def test_pages_answer_errors_in_html_and_the_api_in_json(ui: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _as(ui, "ent-a")
    for path in ("/engagements/eng-that-is-not-there", "/no/such/page", "/review/rev-nope"):
        answer = ui.get(path)
        assert answer.headers["content-type"].startswith("text/html"), path
        assert answer.status_code in (403, 404) and "<h1>" in answer.text and '"error"' not in answer.text
    missing = ui.get("/api/v1/engagements/eng-that-is-not-there")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert ui.get("/api/v1/no/such/route").json()["error"]["code"] == "not_found"
    bad_form = ui.post("/engagements/eng-x/advance", data={"transition": "reach_agreement", "version": "seven"})
    assert bad_form.status_code == 422 and bad_form.headers["content-type"].startswith("text/html")
    assert "“版本”应为整数" in bad_form.text
    chat = ui.post("/ui/intake/message", json={})
    assert chat.status_code == 422 and chat.json()["error"]["field"] == "text"  # the page script's JSON stays

    def broken(**_kw: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(inbox_flow, "inbox", broken)
    crashed = ui.get("/inbox?lang=en")
    assert crashed.status_code == 500 and crashed.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in crashed.text and "database on fire" not in crashed.text
    api_crash = ui.get("/api/v1/inbox")
    assert api_crash.status_code == 500 and api_crash.json()["error"]["code"] == "internal_error"
    assert "database on fire" not in api_crash.text


def test_the_login_page_names_no_command_and_docs_draw_from_the_package(ui: TestClient) -> None:
    login_page = ui.get("/login").text
    assert "innodock demo-accounts" not in login_page and 'href="/register"' in login_page
    for path in ("/docs", "/redoc"):
        html = ui.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html
        for source in sources:
            asset = ui.get(source)
            assert asset.status_code == 200 and len(asset.content) > 1000, source
    assert ui.get("/docs/assets/../../api/app.py").status_code == 404
    assert ui.get("/docs/assets/app.py").status_code == 404


def test_one_language_per_page_and_one_way_to_write_money_and_nothing() -> None:
    message = "企业的密钥不能有这些权限范围：feed:read / a key of a enterprise organisation cannot hold: feed:read"
    assert in_language(message, "zh") == "企业的密钥不能有这些权限范围：feed:read"
    assert in_language(message, "en") == "a key of a enterprise organisation cannot hold: feed:read"
    named = "企业“溧阳”已注册 / the enterprise '溧阳' is already registered"
    assert in_language(named, "en") == "the enterprise '溧阳' is already registered"
    # A message that quotes the person's Chinese words in both halves (found on the review queue's batch form).
    quoted = "“很多”应为 0–10 之间的整数 / “很多” should be a whole number from 0 to 10"
    assert in_language(quoted, "zh") == "“很多”应为 0–10 之间的整数"
    assert in_language(quoted, "en") == "“很多” should be a whole number from 0 to 10"
    # No space before the separator after a closing full-width bracket (the authorization layer's refusals, the
    # rules' reasons): it was shown whole, both languages on one page.
    tight = "协调员无权办理：签署协议（可办理的角色：机构协调员）/ a coordinator may not sign the agreement"
    assert in_language(tight, "zh") == "协调员无权办理：签署协议（可办理的角色：机构协调员）"
    assert in_language(tight, "en") == "a coordinator may not sign the agreement"
    for untouched in ("按 GB/T 4754 分类", "a / b", "检测 / 校准 两项", "型号 / “甲型” 两种", "（甲）/ 乙",
                      "第 1 / 2 页"):
        assert in_language(untouched, "zh") == untouched
    assert yes_no(None, "zh") == "未说明" and yes_no(False, "zh") == "否"
    quiet = Need(text="电芯热失控试验", budget=Budget(max_yuan=50_000), deadline=date(2031, 12, 31))
    rows = {r["key"]: r["value"] for r in need_rows(quiet, "zh")}
    assert rows["budget"] == "不超过5万元" and rows["confidential"] is None  # the page writes 未说明
    said = quiet.model_copy(update={"sources": {"confidential": "user"}})
    assert {r["key"]: r["value"] for r in need_rows(said, "zh")}["confidential"] == "否"


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_engagement_history_names_people_and_asks_before_ending(ui: TestClient, console_world: World) -> None:
    ent, assoc = bearer(login(ui, "ent-a")), bearer(login(ui, "coord-assoc"))
    _, review_id = submitted_need(ui, ent)
    engagement = accept_first(ui, assoc, review_id)["engagement_id"]
    step = ui.post(f"/api/v1/engagements/{engagement}/transitions", headers=ent,
                   json={"transition": "reach_agreement", "version": 1, "payload": {}})
    assert step.status_code == 200, step.text
    _as(ui, "coord-assoc")
    page = ui.get(f"/engagements/{engagement}").text
    history = page[page.index('<ol class="history">'):]
    assert "coord-assoc · 协会协调员" in history and "企业用户" in history, history
    assert not UUID.search(history) and "版本" not in page
    assert re.search(r'value="terminate"[^>]*data-confirm="确定终止「[^」]+」的对接吗？终止后', page)


def test_registrations_are_decided_at_the_terminal_too(settings: Settings) -> None:
    with session_scope(settings) as session:
        waiting = auth.register_enterprise(session=session, org_name="丹阳光学镜片有限公司", username="dy-boss",
                                           password=GOOD)
        auth.register_enterprise(session=session, org_name="句容农机有限公司", username="jr-boss", password=GOOD)
    listed = invoke_cli(settings, "org", "registrations")
    assert listed.returncode == 0 and "丹阳光学镜片有限公司" in listed.stdout and "dy-boss" in listed.stdout
    assert invoke_cli(settings, "org", "approve", "丹阳光学镜片有限公司").returncode == 0
    no_reason = invoke_cli(settings, "org", "refuse", "句容农机有限公司")
    assert no_reason.returncode == 2  # typer: --reason is required
    refused = invoke_cli(settings, "org", "refuse", "句容农机有限公司", "--reason", "名称与执照不符")
    assert refused.returncode == 0, refused.stderr
    again = invoke_cli(settings, "org", "approve", "丹阳光学镜片有限公司")
    assert again.returncode == 1 and "已审核" in again.stderr and "Traceback" not in again.stderr
    with TestClient(create_app(settings, ApiConfig(deliver_in_process=False))) as client:
        assert client.post("/api/v1/auth/login", json={"username": "dy-boss", "password": GOOD}).status_code == 200
        told = client.post("/api/v1/auth/login", json={"username": "jr-boss", "password": GOOD})
        assert told.status_code == 403 and "名称与执照不符" in told.json()["error"]["message"]
    everything = invoke_cli(settings, "org", "registrations", "--all")
    assert "approved" in everything.stdout and "refused" in everything.stdout
    with session_scope(settings) as session:
        assert auth.get_org(session=session, org_id=waiting.org.id).approval == Approval.approved
