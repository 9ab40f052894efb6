"""A refused form names every wrong field at once, each beside its field, and gives back what was typed (never a
password); the API says each field too, and a refused submit stores nothing ("Forms lose input on errors", the
product brief): the registration, through the one service function its API twin calls
(``accounts.service.registration_refusals``)."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts.models import Org, User
from authz.models import AuditEvent
from core.db import session_scope
from core.settings import Settings
from tests.api.apihelpers import World

GOOD = "Zhiliang-Jiance-2031"


def _count(settings: Settings, model: Any) -> int:
    with session_scope(settings) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _stored(settings: Settings) -> tuple[int, int, int]:
    return _count(settings, Org), _count(settings, User), _count(settings, AuditEvent)


def _beside(page: str) -> dict[str, str]:
    """Each field's own error on a page the server rendered: the note after the field, by the field's name."""
    return {name: html.unescape(text).strip() for name, text in
            re.findall(r'<span class="field-error" id="field-error-([a-z_]+)"[^>]*>(.*?)</span>', page, flags=re.S)}


def _value(page: str, name: str) -> str | None:
    found = re.search(rf'<input name="{name}"[^>]*?value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


# ---- the registration ----

def test_a_registration_names_every_wrong_field_at_once_keeps_the_input_and_stores_nothing(
        ui_client: TestClient, ui_world: World) -> None:
    before = _stored(ui_world.settings)
    refused = ui_client.post("/register", data={
        "org_name": "  ", "credit_code": "12345", "username": "张工", "display_name": "张工程师",
        "email": "zhang-at-example", "password": "12345678", "password_again": "12345679"})
    assert refused.status_code in (400, 422), refused.text[:500]
    beside = _beside(refused.text)
    assert set(beside) == {"org_name", "credit_code", "username", "email", "password", "password_again"}, beside
    assert "企业名称" in beside["org_name"] or "名称" in beside["org_name"]
    assert "统一社会信用代码" in beside["credit_code"]
    assert "用户名" in beside["username"] and "中文" in beside["username"]
    assert "邮箱" in beside["email"]
    assert "两次输入的密码不一致" in beside["password_again"]
    assert "密码" in beside["password"]
    for name in beside:  # each marked, and said by its note
        assert re.search(rf'name="{name}"[^>]*aria-invalid="true"', refused.text), name
    # the top line says how many, in the page's language
    assert "6 处需要改正" in refused.text
    # what was typed comes back, never a password
    assert _value(refused.text, "credit_code") == "12345"
    assert _value(refused.text, "username") == "张工"
    assert _value(refused.text, "display_name") == "张工程师"
    assert _value(refused.text, "email") == "zhang-at-example"
    assert "12345678" not in refused.text and "12345679" not in refused.text
    assert _stored(ui_world.settings) == before


def test_a_registration_names_a_taken_name_a_taken_username_and_a_weak_password_together(
        ui_client: TestClient, ui_world: World) -> None:
    before = _stored(ui_world.settings)
    refused = ui_client.post("/register", data={"org_name": " 甲公司 ", "username": "ent-a", "password": "password1",
                                         "password_again": "password1"})
    assert refused.status_code in (400, 409, 422)
    beside = _beside(refused.text)
    assert set(beside) == {"org_name", "username", "password"}, beside
    assert "已注册" in beside["org_name"] and "已被使用" in beside["username"]
    assert _stored(ui_world.settings) == before
    # the English page says each in English
    ui_client.cookies.set("lang", "en")
    english = ui_client.post("/register", data={"org_name": " 甲公司 ", "username": "ent-a", "password": "password1",
                                         "password_again": "password1"})
    said = _beside(english.text)
    assert set(said) == {"org_name", "username", "password"} and "taken" in said["username"]
    assert "3 fields need correcting" in english.text


def test_the_registration_api_names_every_field_it_refuses(ui_client: TestClient, ui_world: World) -> None:
    before = _stored(ui_world.settings)
    shape = ui_client.post("/api/v1/auth/register", json={"org_name": "", "username": "ab", "password": "short",
                                                   "email": "nope"})
    assert shape.status_code == 422
    named = {f["field"] for f in shape.json()["error"]["fields"]}
    assert named == {"org_name", "username", "password", "email"}, shape.json()
    taken = ui_client.post("/api/v1/auth/register", json={"org_name": "甲公司", "username": "ent-a",
                                                   "password": "password1"})
    assert 400 <= taken.status_code < 500
    error = taken.json()["error"]
    assert {f["field"] for f in error["fields"]} == {"org_name", "username", "password"}, error
    assert all(" / " in f["message"] for f in error["fields"])  # Chinese first, English too
    assert error["field"] == "org_name" and "3" in error["message"]
    assert _stored(ui_world.settings) == before
    # one wrong field is said as before: its own message, no list
    one = ui_client.post("/api/v1/auth/register", json={"org_name": "乙新公司", "username": "ent-a", "password": GOOD})
    assert one.status_code == 409 and one.json()["error"]["field"] == "username"
    assert "fields" not in one.json()["error"] or not one.json()["error"]["fields"]
