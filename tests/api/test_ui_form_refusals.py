"""Bad input a new user met in Chromium (2026-11-29), through TestClient: each is refused naming its field, what was
stored is kept, and the page and the API say the same.

- A blank title ("   ") on the needs page's 修改标题 was stored as no title and said "已保存。"; ``PATCH /needs``
  refuses it (the title is ``Short``: at least one character once stripped), so the page refuses it too, in the one
  use case (``flows.needs.edit_need``).
- A title over 200 characters is refused naming the field and its limit, by the page and the API alike.
- A refused registration frees its username and email for a new registration (the refused record stays, for the
  audit); a taken email names its field.
- Two passwords that differ mark the confirmation field, not the password.
- Accepting a proposal nobody can log in for is marked and asked again, as the assign-by-hand picker does.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.models import Org, User
from authz.models import AuditEvent
from core.db import session_scope
from providers.filings import MAX_TEXT
from tests.api.apihelpers import World, bearer, login
from tests.api.domainhelpers import Logins, create_need, submitted_need
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login

LONG_TITLE = "电芯针刺热失控试验" * 35 + "12345"  # 320 characters


def _alerts(html: str) -> list[str]:
    return re.findall(r'role="alert"[^>]*>(.*?)</p>', html, flags=re.S)


def _browser(c: TestClient, username: str) -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return ui


def test_a_blank_title_is_refused_by_the_page_as_by_patch_and_nothing_changes(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need = create_need(c, as_("ent-a"), title="电芯热失控试验")
    by_api = c.patch(f"/api/v1/needs/{need['id']}", headers=as_("ent-a"), json={"title": "   "})
    assert by_api.status_code == 422 and by_api.json()["error"]["field"] == "title", by_api.text
    ui = _browser(c, "ent-a")
    posted = ui.post(f"/needs/{need['id']}/title", data={"title": "   "}, follow_redirects=False)
    assert posted.status_code == 303, posted.text
    assert form_error_field(posted) == "title" and "标题" in form_error(posted), form_error(posted)
    assert "saved" not in posted.headers["location"]
    assert c.get(f"/api/v1/needs/{need['id']}", headers=as_("ent-a")).json()["title"] == "电芯热失控试验"
    page = ui.get("/needs")
    assert "已保存" not in page.text and "标题" in page.text and 'data-form-error-field="title"' in page.text


def test_an_over_long_title_is_refused_naming_the_field_and_its_limit(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need = create_need(c, as_("ent-a"), title="电芯热失控试验")
    assert len(LONG_TITLE) == 320
    by_api = c.patch(f"/api/v1/needs/{need['id']}", headers=as_("ent-a"), json={"title": LONG_TITLE})
    assert by_api.status_code == 422, by_api.text
    error = by_api.json()["error"]
    assert error["field"] == "title" and "200" in error["message"].split(" / ")[0], error
    assert "200" in error["message"].split(" / ")[-1], error
    ui = _browser(c, "ent-a")
    posted = ui.post(f"/needs/{need['id']}/title", data={"title": LONG_TITLE}, follow_redirects=False)
    assert posted.status_code == 303, posted.text  # the form comes back with what was typed (ui_console.js)
    assert form_error_field(posted) == "title", form_error(posted)
    assert "标题" in form_error(posted) and "200" in form_error(posted) and "320" in form_error(posted)
    assert c.get(f"/api/v1/needs/{need['id']}", headers=as_("ent-a")).json()["title"] == "电芯热失控试验"
    english = _browser(c, "ent-a").post(f"/needs/{need['id']}/title?lang=en", data={"title": LONG_TITLE},
                                        follow_redirects=False)
    assert "200" in form_error(english)


GOOD = "Zhiliang-Jiance-2031"


def _visitor(c: TestClient, last: int) -> TestClient:
    """A browser from its own address: registrations are throttled by address (5 tries)."""
    return TestClient(c.app, client=(f"203.0.113.{last}", 50000))


def _register(ui: TestClient, **fields: str) -> Any:
    data = {"org_name": "恒苏新材料有限公司", "username": "hengsu_wang", "display_name": "王经理",
            "email": "wang@hengsu.example.cn", "password": GOOD, "password_again": GOOD, **fields}
    return ui.post("/register", data=data)


def _audit(world: World, action: str) -> list[dict[str, Any]]:
    with session_scope(world.settings) as session:
        return [dict(e.detail or {}) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.at))]


def test_a_refused_registration_may_register_again_with_its_username_and_email(client: TestClient,
                                                                               world: World) -> None:
    first = _register(_visitor(client, 71))
    assert first.status_code == 201, first.text
    with session_scope(world.settings) as session:
        refused_org = session.scalar(select(Org.id).where(Org.name == "恒苏新材料有限公司"))
    assert refused_org
    coordinator = bearer(login(client, "coord-assoc"))
    refused = client.post(f"/api/v1/registrations/{refused_org}/refuse", headers=coordinator,
                          json={"note": "营业执照与名称不符"})
    assert refused.status_code == 200, refused.text
    # As the refusal dialog told the association: the enterprise can register again, as it was
    again = _register(_visitor(client, 72), org_name="恒苏新材料有限公司")
    assert again.status_code == 201, _alerts(again.text)
    with session_scope(world.settings) as session:
        orgs = {o.id: o.approval for o in session.scalars(select(Org).where(Org.name == "恒苏新材料有限公司"))}
        users = {u.username: (u.org_id, u.email, u.active) for u in session.scalars(
            select(User).where(User.org_id.in_(list(orgs))))}
    assert sorted(orgs.values()) == ["pending", "refused"]  # the refused record stays, for the audit
    new_org = next(o for o, a in orgs.items() if a == "pending")
    assert users["hengsu_wang"] == (new_org, "wang@hengsu.example.cn", True)
    old = [v for k, v in users.items() if v[0] == refused_org]
    assert len(old) == 1 and old[0][1] is None and old[0][2] is False, users
    released = _audit(world, "account.registration_released")
    assert released == [{"org_id": refused_org, "username": "hengsu_wang", "email": "wang@hengsu.example.cn",
                         "released_as": next(k for k, v in users.items() if v[0] == refused_org)}], released
    # A pending or approved registration still holds its username and email, naming the field
    taken = _register(_visitor(client, 73), org_name="另一家公司", username="hengsu_li")
    assert taken.status_code == 409
    assert any("邮箱" in a for a in _alerts(taken.text)) and 'name="email"' in taken.text
    assert re.search(r'name="email"[^>]*aria-invalid="true"', taken.text), taken.text
    english = _visitor(client, 74).post("/register?lang=en", data={
        "org_name": "Another Co", "username": "hengsu_en", "email": "wang@hengsu.example.cn", "password": GOOD,
        "password_again": GOOD})
    assert english.status_code == 409 and any("mail" in a for a in _alerts(english.text)), _alerts(english.text)


def test_passwords_that_differ_mark_the_confirmation_field(client: TestClient) -> None:
    differ = _register(_visitor(client, 75), password_again=GOOD + "!")
    assert differ.status_code == 422
    alerts = _alerts(differ.text)
    assert any("两次输入的密码不一致" in a and "再次输入密码" in a for a in alerts), alerts
    assert re.search(r'name="password_again"[^>]*aria-invalid="true"', differ.text), differ.text
    assert not re.search(r'name="password"[^>]*aria-invalid="true"', differ.text)


def _card(page: str, center: str) -> str:
    """A proposal's card on the review page, up to the next card (or the list's end)."""
    card = page[page.index(f'data-center="{center}"'):]
    ends = [i for i in (card.find('class="proposal card'), card.find("</ol>")) if i > 0]
    return card[:min(ends)] if ends else card


def test_accepting_a_provider_nobody_can_log_in_for_is_marked_and_asked_again(domain_client: TestClient,
                                                                               domain_world: World) -> None:
    """The review page marks a proposal nobody can log in for as the assign-by-hand picker does, its accept form
    asks first and says it was confirmed; without that the accept is refused (the API's 409 on
    ``confirm_no_coordinator``) and the review is as it was."""
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    center = "qic-js-battery"
    assert center in [p["center_id"] for p in review["proposals"]]
    ui = _browser(c, "coord-assoc")
    before = ui.get(f"/review/{review_id}").text
    card = _card(before, center)
    assert "暂无协调员" not in card and "confirm_no_coordinator" not in card
    with session_scope(domain_world.settings) as session:  # its one coordinator leaves
        user = session.scalar(select(User).where(User.username == "coord-center"))
        assert user is not None
        user.active = False
    page = ui.get(f"/review/{review_id}").text
    card = _card(page, center)
    assert "暂无协调员，无人能登录办理" in card
    form = card[card.index('class="accept-form"'):]
    form = form[:form.index("</form>")]
    assert 'data-confirm="「江苏省动力电池产品质量检验中心」目前没有能登录办理的协调员' in form
    assert 'name="confirm_no_coordinator" value="true"' in form
    english = ui.get(f"/review/{review_id}?lang=en").text
    assert "No coordinator: nobody can act for it" in english and "Accept it anyway?" in english
    ui.get(f"/review/{review_id}?lang=zh")

    by_api = c.post(f"/api/v1/reviews/{review_id}/accept", headers=as_("coord-assoc"),
                    json={"center_id": center, "version": review["version"]})
    assert by_api.status_code == 409 and by_api.json()["error"]["field"] == "confirm_no_coordinator", by_api.text
    unconfirmed = ui.post(f"/review/{review_id}/accept", data={"center_id": center, "version": review["version"]},
                          follow_redirects=False)
    assert unconfirmed.status_code == 303 and form_error_field(unconfirmed) == "confirm_no_coordinator"
    assert "没有能登录办理的协调员" in form_error(unconfirmed)
    still = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    assert (still["status"], still["version"], still["engagement_id"]) == ("pending", review["version"], None)
    confirmed = ui.post(f"/review/{review_id}/accept", data={"center_id": center, "version": review["version"],
                                                              "confirm_no_coordinator": "true"},
                        follow_redirects=False)
    assert confirmed.status_code == 303 and not form_error(confirmed), form_error(confirmed)
    done = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    assert done["status"] == "accepted" and done["accepted_center_id"] == center and done["engagement_id"]


def test_a_materials_note_over_its_limit_is_refused_not_cut_by_the_page_and_the_api(client: TestClient) -> None:
    """The pages cut a material's note at 300 characters without a word, where the API takes 2,000: now both take
    2,000 and refuse more naming the note's field (``flows.applications``)."""
    as_ = Logins(client)
    assoc = as_("coord-assoc")
    center = {"id": "qic-sh-sensor", "name": "上海市智能传感器产品质量检验中心",
              "kind": "quality_inspection_center", "region": "上海市浦东新区"}
    applied = client.post("/api/v1/providers", headers=assoc, json={"center": center, "materials": {
        "written_application": "书面申请", "preliminary_review": "初审意见", "recommendation": "推荐函"}})
    assert applied.status_code == 201, applied.text
    path = "/api/v1/providers/qic-sh-sensor/application/materials"
    long_note = "中心建设规划" * 334  # 2,004 characters
    by_api = client.post(path, headers=assoc, data={"note_construction_plan": long_note})
    assert by_api.status_code == 400, by_api.text
    error = by_api.json()["error"]
    assert error["field"] == "note_construction_plan" and "2000" in error["message"], error
    ui = _browser(client, "coord-assoc")
    by_page = ui.post("/providers/qic-sh-sensor/application/materials",
                      data={"note_construction_plan": long_note}, follow_redirects=False)
    assert by_page.status_code == 303 and form_error_field(by_page) == "note_construction_plan"
    assert "2000" in form_error(by_page) and "2004" in form_error(by_page)
    kept = "中心建设规划（第二版）" + "。" * 400  # over the pages' old 300, under 2,000: kept whole
    given = ui.post("/providers/qic-sh-sensor/application/materials", data={"note_construction_plan": kept},
                    follow_redirects=False)
    assert given.status_code == 303 and not form_error(given), form_error(given)
    filed = client.get("/api/v1/providers/qic-sh-sensor", headers=assoc).json()
    assert kept in json.dumps(filed, ensure_ascii=False), filed


def test_a_refusal_reason_over_its_limit_is_refused_not_cut(client: TestClient, world: World) -> None:
    made = _register(_visitor(client, 76), org_name="长理由公司", username="long-reason", email="")
    assert made.status_code == 201
    with session_scope(world.settings) as session:
        org_id = session.scalar(select(Org.id).where(Org.name == "长理由公司"))
    ui = _browser(client, "coord-assoc")
    reason = "营业执照信息与名称不符，" * 50  # 600 characters
    refused = ui.post(f"/admin/registrations/{org_id}/refuse", data={"note": reason}, follow_redirects=False)
    assert refused.status_code == 303, refused.text[:300]
    said = form_error(refused) if refused.status_code == 303 else " ".join(_alerts(refused.text))
    assert "500" in said and "600" in said, said
    with session_scope(world.settings) as session:
        org = session.get(Org, org_id)
        assert org is not None and (org.approval, org.review_note) == ("pending", None)


def test_a_proficiency_note_over_its_limit_is_refused_by_the_page_not_cut(client: TestClient) -> None:
    """The provider page's proficiency form cut every field at 2,000 characters before the use case saw it: a note of
    2,100 (the API's limit is 2,000) was stored as its first 2,000. Now the use case refuses it, naming the note."""
    as_ = Logins(client)
    url = "/api/v1/providers/qic-js-battery/proficiency"
    good = {"kind": "interlab_comparison", "scheme": "省质检院 2026 年锂电池容量比对", "item": "电池容量",
            "tested_on": "2026-04-20", "result": "satisfactory"}
    long_note = "z 值 0.8，" * 300  # 2,100 characters
    assert client.post(url, headers=as_("coord-center"), json={**good, "note": long_note}).status_code == 422
    ui = _browser(client, "coord-center")
    posted = ui.post("/providers/qic-js-battery/proficiency", data={**good, "note": long_note},
                     follow_redirects=False)
    assert posted.status_code == 303 and form_error_field(posted) == "note", form_error(posted)
    assert client.get(url, headers=as_("coord-center")).json() == []


def test_more_innovation_staff_than_staff_in_all_names_the_field_in_the_form_s_words(client: TestClient) -> None:
    """总人数 50 and 技术创新服务人员 80 on the profile form said "Value error, staff_innovation 不能多于 staff_total",
    no field marked (a new user in Chromium, 2026-11-29): now the form's own labels and the numbers typed, in both
    languages, the field marked, nothing stored; the API's answer names the field too."""
    as_ = Logins(client)
    url = "/api/v1/providers/qic-js-battery/changes"
    record = {"type": "center", "id": "qic-js-battery", "staff_total": 50, "staff_innovation": 80}
    before = client.get("/api/v1/centers/qic-js-battery", headers=as_("coord-center")).json()
    by_api = client.post(url, headers=as_("coord-center"), json={"records": [record]})
    assert by_api.status_code in (400, 422), by_api.text
    assert "staff_innovation" in by_api.json()["error"]["message"], by_api.text
    assert "Value error" not in by_api.json()["error"]["message"], by_api.text
    ui = _browser(client, "coord-center")
    posted = ui.post("/providers/qic-js-battery/edit", data={"record_type": "center", "staff_total": "50",
                                                             "staff_innovation": "80"}, follow_redirects=False)
    assert posted.status_code == 303 and "done=" not in posted.headers["location"], posted.headers
    message = form_error(posted)
    assert form_error_field(posted) == "staff_innovation", message
    zh, en = message.split(" / ", 1)
    assert "技术创新服务人员（80）不能多于总人数（50）" in zh and zh.count("技术创新服务人员") == 1, message
    assert en.count("Staff in innovation services") == 1, message  # the field said once, not "“…”：…" before it
    assert "Staff in innovation services (80)" in en and "Staff in all (50)" in en, message
    assert "Value error" not in message and "staff_total" not in message, message
    advanced = client.post(url, headers=as_("coord-center"), json={"records": [
        {**record, "staff_total": 120, "staff_innovation": 10, "staff_innovation_advanced": 12}]})
    assert advanced.status_code in (400, 422) and "staff_innovation_advanced" in advanced.json()["error"]["message"]
    assert client.get("/api/v1/centers/qic-js-battery", headers=as_("coord-center")).json() == before
    assert client.get("/api/v1/providers/changes", headers=as_("coord-center")).json() == []


def test_a_filing_s_text_over_its_limit_is_refused_naming_it_by_the_page_and_the_api(client: TestClient,
                                                                                   world: World) -> None:
    """A quarterly report's text took any length (5,000 characters through the provider page's 报送, a new user in
    Chromium, 2026-11-29; the page cut at 20,000 without a word). Its limit is the filing checks' own
    (providers.filings.MAX_TEXT): at the limit taken, beyond it refused naming the field, nothing stored."""
    as_ = Logins(client)
    set_ = client.post("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc"),
                       json={"kind": "quarterly_report", "period": "2026Q4", "due_on": "2026-12-31",
                             "title": "2026Q4 季度服务情况报告 / 2026Q4 quarterly service report",
                             "clause": "协会年度监督计划 / the association's supervision plan"})
    assert set_.status_code == 201, set_.text
    report = set_.json()["id"]
    url = f"/api/v1/providers/obligations/{report}/filings"
    too_long = "本季度完成委托检测。" * (MAX_TEXT // 10) + "多"
    by_api = client.post(url, headers=as_("coord-center"), json={"text": too_long})
    assert by_api.status_code == 400, by_api.text
    error = by_api.json()["error"]
    assert error["field"] == "content.text" and str(MAX_TEXT) in error["message"], error
    assert str(len(too_long)) in error["message"] and "报送内容" in error["message"].split(" / ")[0], error
    page = _browser(client, "coord-center").get("/providers/qic-js-battery")
    form = page.text.split(f'/obligations/{report}/file"', 1)[1].split("</form>", 1)[0]
    assert '<textarea name="text"' in form and f'maxlength="{MAX_TEXT}"' in form, form
    ui = _browser(client, "coord-center")
    posted = ui.post(f"/providers/qic-js-battery/obligations/{report}/file", data={"text": too_long},
                     follow_redirects=False)
    assert posted.status_code == 303 and form_error_field(posted) == "text", form_error(posted)
    assert str(MAX_TEXT) in form_error(posted) and "报送内容" in form_error(posted), form_error(posted)
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-center")).json() == []
    taken = client.post(url, headers=as_("coord-center"), json={"text": too_long[:MAX_TEXT]})
    assert taken.status_code == 201 and len(taken.json()["content"]["text"]) == MAX_TEXT, taken.text


def test_a_chinese_username_is_refused_for_its_characters_not_as_missing_or_short(client: TestClient,
                                                                                  world: World) -> None:
    """新建用户 with the username 张工 said "“用户名”未填写或过短" (a new user in Chromium, 2026-11-29): it is neither.
    The refusal says what a username may hold, from the one place usernames are checked (accounts.schemas), on the
    admin's page, the API and the registration page alike; nobody is made."""
    ui = _browser(client, "admin")
    posted = ui.post(f"/admin/orgs/{world.orgs['a']}/users", data={"username": "张工", "role": "enterprise",
                                                                    "password": GOOD}, follow_redirects=False)
    message = form_error(posted)
    assert form_error_field(posted) == "username", message
    zh, en = message.split(" / ", 1)
    assert "用户名只能用字母、数字和 _ . @ + -（不能用中文）" in zh and "过短" not in zh and "未填写" not in zh, message
    assert "letters, digits" in en and "Chinese" in en and "too short" not in en, message
    by_api = client.post("/api/v1/admin/users", headers=bearer(login(client, "admin")), json={
        "org_id": world.orgs["a"], "username": "张工", "password": GOOD, "role": "enterprise"})
    assert by_api.status_code in (400, 422) and by_api.json()["error"]["field"] == "username", by_api.text
    assert "不能用中文" in by_api.json()["error"]["message"], by_api.text
    registered = _register(_visitor(client, 41), username="王经理二号")
    assert "不能用中文" in registered.text and "过短" not in registered.text.split("<main", 1)[-1], registered.text
    with session_scope(world.settings) as session:
        assert session.scalar(select(User).where(User.username.in_(["张工", "王经理二号"]))) is None


def test_a_refused_registration_names_its_field_once(client: TestClient) -> None:
    """"“邮箱”格式不正确（邮箱）" said the field twice (a new user in Chromium, 2026-11-29): the form adds the field's
    name only when the refusal does not say it already ("两次输入的密码不一致（再次输入密码）" keeps it)."""
    for n, (lang, name) in enumerate((("zh", "邮箱"), ("en", "email"))):
        ui = _visitor(client, 51 + n)
        ui.cookies.set("lang", lang)
        alert = _alerts(_register(ui, email="not-an-email").text)
        assert len(alert) == 1 and alert[0].lower().count(name) == 1, alert
    differ = _register(_visitor(client, 71), password_again=GOOD + "x")
    assert "（再次输入密码）" in _alerts(differ.text)[0], _alerts(differ.text)
