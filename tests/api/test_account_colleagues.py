"""An organisation's people invite their colleagues (accounts.service.invite / accept_invitation, one call for the
JSON routes and the colleagues page). Walked as a new enterprise on 2026-11-28, only an administrator could add a
person: a quality manager could not bring in the engineer who owns the need."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts import service as accounts
from accounts.models import Invitation
from authz.models import AuditEvent
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from tests.api.apihelpers import World, assert_error, bearer, login
from tests.api.uihelpers import form_login
from tests.conftest import invoke_cli


def _invite(client: TestClient, token: str, **body: object) -> dict[str, object]:
    done = client.post("/api/v1/org/invitations", json=body, headers=bearer(token))
    assert done.status_code == 201, done.text
    created: dict[str, object] = done.json()
    return created


def test_a_colleague_joins_through_the_link_with_the_inviters_role_and_organisation(
        client: TestClient, world: World) -> None:
    a = login(client, "ent-a")
    created = _invite(client, a, display_name="张工", email="Zhang@Example.com")
    assert created["status"] == "pending" and created["role"] == "enterprise" and created["org_id"] == world.orgs["a"]
    token = str(created["token"])
    assert created["path"] == f"/invite/{token}" and token.startswith("iv_")
    with session_scope(world.settings) as session:  # only the secret's hash is kept
        row = session.scalars(select(Invitation)).one()
        assert token not in (row.token_hash, row.id) and len(row.token_hash) == 64
    listed = client.get("/api/v1/org/colleagues", headers=bearer(a)).json()
    assert [i["display_name"] for i in listed["invitations"]] == ["张工"] and "token" not in listed["invitations"][0]
    made = client.post("/api/v1/auth/invitations/accept",
                       json={"token": token, "username": "zhanggong", "password": "Zhang-gong-2026"})
    assert made.status_code == 201, made.text
    user = made.json()
    # the name and email the inviter wrote stand when the colleague leaves them out
    assert (user["org_id"], user["role"], user["display_name"], user["email"]) == (
        world.orgs["a"], "enterprise", "张工", "zhang@example.com")
    need = client.post("/api/v1/needs", headers=bearer(a), json={"text": "电池包跌落后外壳开裂，想做失效分析"})
    assert need.status_code == 201, need.text
    colleague = bearer(login(client, "zhanggong", "Zhang-gong-2026"))
    me = client.get("/api/v1/auth/me", headers=colleague).json()
    assert me["org"]["id"] == world.orgs["a"]
    # the enterprise's needs are the colleague's to work on too: the one the manager wrote is listed and readable
    assert [n["id"] for n in client.get("/api/v1/needs", headers=colleague).json()["items"]] == [need.json()["id"]]
    assert client.get(f"/api/v1/needs/{need.json()['id']}", headers=colleague).status_code == 200
    after = client.get("/api/v1/org/colleagues", headers=bearer(a)).json()
    assert after["invitations"] == [] and "zhanggong" in [u["username"] for u in after["users"]]
    again = client.post("/api/v1/auth/invitations/accept",
                        json={"token": token, "username": "zhanggong2", "password": "Zhang-gong-2026"})
    assert assert_error(again, 404)["field"] == "token"  # used up
    with session_scope(world.settings) as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).where(
            AuditEvent.action.like("account.invitation%")).order_by(AuditEvent.id))]
    assert actions == ["account.invitation_created", "account.invitation_accepted"]


def test_another_organisation_sees_and_withdraws_none_of_them(client: TestClient, world: World) -> None:
    a, b = login(client, "ent-a"), login(client, "ent-b")
    created = _invite(client, a, display_name="李工")
    assert client.get("/api/v1/org/colleagues", headers=bearer(b)).json()["invitations"] == []
    other = client.post(f"/api/v1/org/invitations/{created['id']}/revoke", headers=bearer(b))
    assert assert_error(other, 404)["field"] == "invitation_id"
    assert client.post(f"/api/v1/org/invitations/{created['id']}/revoke", headers=bearer(a)).json()["status"] == \
        "revoked"
    late = client.post("/api/v1/auth/invitations/accept",
                       json={"token": created["token"], "username": "ligong", "password": "Li-gong-2026x"})
    assert assert_error(late, 404)["field"] == "token"
    # a key is no person: it invites nobody
    assert client.post("/api/v1/org/invitations", json={"display_name": "机器"},
                       headers=bearer(world.keys["ent-a-key"])).status_code == 403


def test_a_center_invites_a_center_coordinator(client: TestClient, world: World) -> None:
    created = _invite(client, login(client, "coord-center"), display_name="实验室主任")
    made = client.post("/api/v1/auth/invitations/accept",
                       json={"token": created["token"], "username": "lab-head", "password": "Shiyanshi-2026"})
    assert made.status_code == 201, made.text
    assert made.json()["role"] == "center_coordinator" and made.json()["org_id"] == world.orgs["center"]


def test_inviting_the_same_person_again_replaces_the_waiting_link(client: TestClient, world: World) -> None:
    a = login(client, "ent-a")
    first = _invite(client, a, display_name="王 工")
    second = _invite(client, a, display_name="王工")
    assert [i["id"] for i in client.get("/api/v1/org/colleagues", headers=bearer(a)).json()["invitations"]] == \
        [second["id"]]
    stale = client.post("/api/v1/auth/invitations/accept",
                        json={"token": first["token"], "username": "wanggong", "password": "Wang-gong-2026"})
    assert assert_error(stale, 404)["field"] == "token"


def test_a_bad_accept_names_its_field_and_leaves_the_link_usable(client: TestClient, world: World) -> None:
    a = login(client, "ent-a")
    created = _invite(client, a, display_name="赵工")
    taken = client.post("/api/v1/auth/invitations/accept",
                        json={"token": created["token"], "username": "ent-b", "password": "Zhao-gong-2026"})
    assert assert_error(taken, 409)["field"] == "username"
    weak = client.post("/api/v1/auth/invitations/accept",
                       json={"token": created["token"], "username": "zhaogong", "password": "12345678"})
    assert assert_error(weak, 422)["field"] == "password"
    assert [i["id"] for i in client.get("/api/v1/org/colleagues", headers=bearer(a)).json()["invitations"]] == \
        [created["id"]]  # nothing half-done: the link still waits
    made = client.post("/api/v1/auth/invitations/accept",
                       json={"token": created["token"], "username": "zhaogong", "password": "Zhao-gong-2026"})
    assert made.status_code == 201, made.text
    nonsense = client.post("/api/v1/auth/invitations/accept",
                           json={"token": "iv_not-a-link", "username": "x-gong", "password": "Xgong-2026-ok"})
    assert assert_error(nonsense, 404)["field"] == "token"


def test_an_invitation_names_who_and_refuses_a_taken_email(client: TestClient, world: World) -> None:
    a, b = login(client, "ent-a"), login(client, "ent-b")
    assert client.patch("/api/v1/auth/me", json={"email": "b@example.com"}, headers=bearer(b)).status_code == 200
    nameless = client.post("/api/v1/org/invitations", json={"display_name": "  "}, headers=bearer(a))
    assert assert_error(nameless, 422)["field"] == "display_name"
    taken = client.post("/api/v1/org/invitations", json={"display_name": "孙工", "email": "B@example.com"},
                        headers=bearer(a))
    assert assert_error(taken, 409)["field"] == "email"
    assert client.get("/api/v1/org/colleagues", headers=bearer(a)).json()["invitations"] == []


def test_an_administrator_invites_a_person_instead_of_choosing_their_password(client: TestClient,
                                                                               world: World) -> None:
    admin = login(client, "admin")
    made = client.post(f"/api/v1/admin/orgs/{world.orgs['center']}/invitations", headers=bearer(admin),
                       json={"display_name": "检测部主任", "role": "center_coordinator"})
    assert made.status_code == 201, made.text
    joined = client.post("/api/v1/auth/invitations/accept",
                         json={"token": made.json()["token"], "username": "jiance-zhuren", "password": "Zhuren-2026x"})
    assert (joined.json()["org_id"], joined.json()["role"]) == (world.orgs["center"], "center_coordinator")
    unfit = client.post(f"/api/v1/admin/orgs/{world.orgs['center']}/invitations", headers=bearer(admin),
                        json={"display_name": "某人", "role": "admin"})
    assert assert_error(unfit, 400)["field"] == "role"  # a role that does not fit the organisation
    nowhere = client.post("/api/v1/admin/orgs/no-such-org/invitations", headers=bearer(admin),
                          json={"display_name": "某人", "role": "enterprise"})
    assert assert_error(nowhere, 404)["field"] == "org_id"
    refused = client.post(f"/api/v1/admin/orgs/{world.orgs['a']}/invitations", headers=bearer(login(client, "ent-a")),
                          json={"display_name": "某人", "role": "enterprise"})
    assert refused.status_code == 403


def test_the_terminal_invites_and_prints_the_link(settings: Settings, world: World) -> None:
    done = invoke_cli(settings, "user", "invite", "--org", "乙公司", "--name", "钱工", "--base-url",
                      "https://innodock.example.org/")
    assert done.returncode == 0, done.stderr
    link = done.stdout.strip()
    assert link.startswith("https://innodock.example.org/invite/iv_") and "\n" not in link and link not in done.stderr
    with session_scope(world.settings) as session:
        assert accounts.invitation_by_token(session=session, token=link.rsplit("/", 1)[1]).org_name == "乙公司"
    missing = invoke_cli(settings, "user", "invite", "--org", "无此公司", "--name", "钱工")
    assert missing.returncode == 1 and "无此公司" in missing.stderr and "Traceback" not in missing.stderr


def test_the_admins_organisation_page_invites_and_shows_the_link_once(client: TestClient, world: World) -> None:
    assert form_login(client, "admin").status_code == 303
    page = f"/admin/orgs/{world.orgs['b']}"
    assert 'id="org-invite-form"' in client.get(page).text
    done = client.post(f"{page}/invitations", data={"display_name": "孙工", "role": "enterprise"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == page
    assert "/invite/" not in done.headers["location"]  # the link never rides in an address
    shown = client.get(page).text
    link = re.search(r'id="invite-url" class="secret" readonly value="([^"]+)"', shown)
    assert link and "/invite/iv_" in link.group(1)
    assert 'id="invite-url"' not in client.get(page).text  # once
    bad = client.post(f"{page}/invitations", data={"display_name": "", "role": "enterprise"})
    assert 'id="invite-url"' not in bad.text and 'role="alert"' in bad.text
    with session_scope(world.settings) as session:
        assert [r.display_name for r in session.scalars(select(Invitation))] == ["孙工"]


def test_a_link_opened_while_logged_in_says_so_and_makes_no_account(client: TestClient, world: World) -> None:
    """Walked as a new user (2026-11-28): opened in a browser where someone else was logged in (a shared office PC,
    a center's coordinator), the page offered the form without a word; the account was made, and the redirect to the
    login page bounced to the logged-in person's home, so the newcomer never saw it was done."""
    token = str(_invite(client, login(client, "ent-a"), display_name="周工")["token"])
    assert form_login(client, "ent-b").status_code == 303
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200 and 'id="invite-logged-in"' in page.text and "ent-b" in page.text
    assert 'id="invite-accept-form"' not in page.text and 'name="next" value="/invite/' in page.text
    sent = client.post(f"/invite/{token}", data={"username": "zhougong", "password": "Zhou-gong-2026x",
                                                 "password_again": "Zhou-gong-2026x"}, follow_redirects=False)
    assert sent.status_code == 409 and 'id="invite-logged-in"' in sent.text
    with session_scope(world.settings) as session:
        assert accounts.find_user(session=session, username="zhougong") is None
    out = client.post("/logout", data={"next": f"/invite/{token}"}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == f"/invite/{token}"  # back to the link, logged out
    assert 'id="invite-accept-form"' in client.get(f"/invite/{token}").text
    assert client.post("/logout", data={"next": "https://evil.example/"}, follow_redirects=False) \
        .headers["location"] == "/login"


def test_an_administrators_link_names_the_platform_not_the_administrator(client: TestClient, world: World) -> None:
    """Walked as a new user (2026-11-28): the English page said '平台管理员 invites you' (the admin's own display name);
    a person invited by an administrator is asked in by the platform, in the page's language."""
    admin = login(client, "admin")
    made = client.post(f"/api/v1/admin/orgs/{world.orgs['center']}/invitations", headers=bearer(admin),
                       json={"display_name": "检测部主任", "role": "center_coordinator"})
    token = made.json()["token"]
    with session_scope(world.settings) as session:
        assert accounts.invitation_by_token(session=session, token=token).invited_by == ""
    client.cookies.clear()
    english = client.get(f"/invite/{token}?lang=en").text
    intro = english.split('id="invite-intro">')[1].split("</p>")[0]
    assert intro.startswith("The platform&#39;s administrator invites you"), intro  # not the admin's own name
    colleague = str(_invite(client, login(client, "ent-a"), display_name="吴工")["token"])
    with session_scope(world.settings) as session:  # a colleague's own link still names them
        assert accounts.invitation_by_token(session=session, token=colleague).invited_by


def test_a_taken_username_on_the_english_page_is_said_in_english_brackets(client: TestClient, world: World) -> None:
    """Walked as a new user (2026-11-28): 'Username ent-b is taken（Username）', a Chinese bracket in English."""
    token = str(_invite(client, login(client, "ent-a"), display_name="郑工")["token"])
    client.cookies.clear()
    sent = client.post(f"/invite/{token}?lang=en", data={"username": "ent-b", "password": "Zheng-gong-2026x",
                                                        "password_again": "Zheng-gong-2026x"})
    said = sent.text.split('id="invite-error">')[1].split("</p>")[0]
    # The field named once: a refusal that names it is not followed by its name again (2026-11-29)
    assert sent.status_code == 409 and said == "Username ent-b is taken" and "（" not in said, said
    chinese = client.post(f"/invite/{token}?lang=zh", data={"username": "ent-b", "password": "Zheng-gong-2026x",
                                                           "password_again": "Zheng-gong-2026x"})
    assert chinese.text.split('id="invite-error">')[1].split("</p>")[0].count("用户名") == 1
    differ = client.post(f"/invite/{token}?lang=en", data={"username": "zheng", "password": "Zheng-gong-2026x",
                                                          "password_again": "Zheng-gong-2026y"})
    said = differ.text.split('id="invite-error">')[1].split("</p>")[0]
    assert said.endswith(" (Password again)") and "（" not in said, said


def test_the_admins_organisation_page_lists_the_waiting_invitations_and_withdraws_one(client: TestClient,
                                                                                       world: World) -> None:
    """The admin's organisation page had the invite form but listed no waiting invitation (docs/ui.md, 'left' of the
    colleagues' walk), so an administrator could neither see who was asked in nor withdraw a link sent by mistake.
    It lists who was invited, with which role, by whom, when and until when, and withdraws one with the revoke use
    case the colleagues page calls (flows.accounts.revoke_invitation), back on the same page."""
    made = _invite(client, login(client, "ent-a"), display_name="周工", email="zhou@example.com")
    with session_scope(world.settings) as session:  # and one from the terminal
        terminal = accounts_flow.invite_user(session=session, principal=None, org_id=world.orgs["a"],
                                             role="enterprise", display_name="吴工", email=None)
        inviter = accounts.find_user(session=session, username="ent-a")
        assert inviter is not None
    assert form_login(client, "admin").status_code == 303
    page = f"/admin/orgs/{world.orgs['a']}"
    shown = client.get(page).text
    rows = re.findall(r'<tr data-invitation="([^"]+)">(.*?)</tr>', shown, re.S)
    assert [r[0] for r in rows] == [terminal.id, made["id"]], rows  # newest first
    ours = dict(rows)[str(made["id"])]
    assert "周工" in ours and "zhou@example.com" in ours and "企业用户" in ours
    assert (inviter.display_name or inviter.username) in ours
    assert f'action="{page}/invitations/{made["id"]}/revoke"' in ours
    assert "运维人员（命令行）" in dict(rows)[terminal.id]
    english = client.get(f"{page}?lang=en").text
    assert "Invitations waiting" in english and "an operator at the terminal" in english
    assert "Invited by" in english and "运维人员" not in english
    client.get(f"{page}?lang=zh")  # the language the pages keep from here
    done = client.post(f"{page}/invitations/{made['id']}/revoke", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == page
    after = client.get(page).text
    assert "邀请已撤回" in after and f'data-invitation="{made["id"]}"' not in after
    with session_scope(world.settings) as session:
        assert session.get(Invitation, str(made["id"])).revoked_at is not None
        assert session.scalars(select(AuditEvent.actor).where(
            AuditEvent.action == "account.invitation_revoked")).all() == ["admin:admin@" + world.orgs["assoc"]]
    again = client.post(f"{page}/invitations/{made['id']}/revoke", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == page  # refused, back to its own page
    assert "已使用、已撤回或已过期" in client.get(page).text
    elsewhere = client.post(f"/admin/orgs/{world.orgs['b']}/invitations/{terminal.id}/revoke")
    assert elsewhere.status_code == 404  # another organisation's page withdraws none of this one's
    with session_scope(world.settings) as session:
        assert session.get(Invitation, terminal.id).revoked_at is None


def _joined(client: TestClient, token: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = client.get("/api/v1/inbox", headers=bearer(token)).json()["items"]
    return [n for n in items if n["kind"] == "joined"]


def test_whoever_invited_hears_that_the_colleague_joined(client: TestClient, world: World) -> None:
    """A colleague who accepted an invitation told no one: the inviter went on waiting, or invited them again (which
    fails: the email has an account). The inviter's inbox now says who joined, in both languages, linking the page
    where the colleague is listed; an administrator's invitation tells the administrators, the terminal's nobody."""
    a = login(client, "ent-a")
    created = _invite(client, a, display_name="冯工")
    assert _joined(client, a) == []
    made = client.post("/api/v1/auth/invitations/accept",
                       json={"token": created["token"], "username": "fenggong", "password": "Feng-gong-2026x"})
    assert made.status_code == 201, made.text
    [notice] = _joined(client, a)
    assert notice["title_zh"] == "冯工已接受邀请，加入了本单位（用户名 fenggong）", notice
    assert notice["title_en"] == "冯工 accepted the invitation and joined your organisation (username fenggong)"
    assert notice["link"] == "/account/colleagues" and not notice["read"]
    assert _joined(client, login(client, "ent-b")) == []  # another organisation hears nothing
    admin = login(client, "admin")
    asked = client.post(f"/api/v1/admin/orgs/{world.orgs['center']}/invitations", headers=bearer(admin),
                        json={"display_name": "褚工", "role": "center_coordinator"})
    assert asked.status_code == 201, asked.text
    assert client.post("/api/v1/auth/invitations/accept", json={
        "token": asked.json()["token"], "username": "chugong", "password": "Chu-gong-2026x"}).status_code == 201
    [told] = _joined(client, admin)
    assert told["link"] == f"/admin/orgs/{world.orgs['center']}"
    assert str(told["title_zh"]).startswith("褚工已接受邀请，加入了「") and "chugong" in str(told["title_en"])
    with session_scope(world.settings) as session:  # the terminal's invitation: nobody to tell, nothing refused
        by_terminal = accounts_flow.invite_user(session=session, principal=None, org_id=world.orgs["b"],
                                                role="enterprise", display_name="卫工", email=None)
        token = by_terminal.token
    assert client.post("/api/v1/auth/invitations/accept", json={
        "token": token, "username": "weigong", "password": "Wei-gong-2026x"}).status_code == 201
    assert _joined(client, login(client, "ent-b")) == []


def test_the_colleague_who_joined_is_not_told_that_it_joined(client: TestClient, world: World) -> None:
    """The "joined" notice goes to the inviter's role in its organisation, and the invitation gives the new colleague
    that role: it was told, in its own inbox, that it had accepted the invitation (unread, counted in its badge, to
    be opened and marked). It is not for the person it is about; the inviter and the role's others still read it."""
    a = login(client, "ent-a")
    created = _invite(client, a, display_name="冯工")
    made = client.post("/api/v1/auth/invitations/accept",
                       json={"token": created["token"], "username": "fenggong", "password": "Feng-gong-2026x"})
    assert made.status_code == 201, made.text
    [notice] = _joined(client, a)
    colleague = login(client, "fenggong", "Feng-gong-2026x")
    assert _joined(client, colleague) == []
    mine = client.get("/api/v1/inbox", headers=bearer(colleague)).json()
    assert notice["id"] not in [n["id"] for n in mine["items"]] and mine["unread"] == mine["total"] == 0, mine
    opened = client.post(f"/api/v1/inbox/{notice['id']}/read", headers=bearer(colleague))
    assert assert_error(opened, 404, "not_found")["field"] == "notification_id"
    assert client.post("/api/v1/inbox/read-all", headers=bearer(colleague)).json() == {"marked": 0}
    form_login(client, "fenggong", "Feng-gong-2026x")
    page = client.get("/inbox?lang=zh").text
    assert "已接受邀请" not in page, page
    [still] = _joined(client, a)  # the inviter's, unread: the colleague marked nothing of it
    assert still["id"] == notice["id"] and not still["read"]


# Chinese punctuation that has no place in an English sentence (the platform's own words, not what was typed).
CJK_PUNCTUATION = re.compile(r"[（）：，。；、“”「」！？]")


def test_the_english_registration_page_says_a_refusal_in_english_brackets(client: TestClient, world: World) -> None:
    """The colleagues' walk (2026-11-28) left 'the registration page has the same Chinese brackets' as the invitation
    page had: 'Username ent-b is taken（Username）' on the English page. Its field now in the page's brackets, and
    nothing of the English page's own words in Chinese punctuation."""
    form = {"org_name": "Liyang Storage Co", "username": "ent-b", "password": "Liyang-boss-2026x",
            "password_again": "Liyang-boss-2026x"}
    refused = client.post("/register?lang=en", data=form)
    said = refused.text.split('id="register-error">')[1].split("</p>")[0]
    # The field named once: a refusal that names it is not followed by its name again (2026-11-29)
    assert refused.status_code == 409 and said == "Username ent-b is taken" and "（" not in said, said
    differ = client.post("/register?lang=en", data={**form, "username": "ly-store", "password_again": "x" * 12})
    said = differ.text.split('id="register-error">')[1].split("</p>")[0]
    assert said.endswith(" (Password again)") and "（" not in said, said
    main = refused.text.split("<main")[1].split("</main>")[0]
    assert CJK_PUNCTUATION.findall(main) == [], CJK_PUNCTUATION.findall(main)
    page = client.get("/register?lang=en").text.split("<main")[1].split("</main>")[0]
    assert CJK_PUNCTUATION.findall(page) == []
    chinese = client.post("/register?lang=zh", data=form)
    assert chinese.text.split('id="register-error">')[1].split("</p>")[0].count("用户名") == 1
