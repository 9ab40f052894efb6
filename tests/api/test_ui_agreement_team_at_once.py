"""The agreement and the team forms name every wrong or missing field at once, each on its own box, and change
nothing ("Forms lose input on errors", the product brief; a new user's trial, 2026-11-29). The agreement's page read
the price itself (an unreadable one said alone, before anything else) and its missing fields were one message on
``agreement``, which no box is; the team said its lead's rule alone, its members' on the next submit. The API's step
lists the same in ``fields``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until
from tests.api.domainhelpers import step as api_step
from tests.api.uihelpers import signed_in
from tests.kb.kbhelpers import do_import, write_jsonl

TYPED = {"scope": "单体热失控试验", "deliverables": "CMA 检测报告", "price_yuan": "48000", "schedule": "六周",
         "deadline": "2031-06-30", "confidentiality_clause": "双方对试验数据保密", "signed_on": "2026-01-10",
         "client_party": "甲公司", "provider_party": "江苏省动力电池产品质量检验中心"}
# Below seed 000 §4.2.1 as a lead (bachelor, intermediate, 3 years, nothing led), and below §4.2.2(1) as a member.
JUNIOR = {"type": "expert", "id": "exp-junior", "name": "钱浩", "center_id": "qic-js-battery",
          "title_level": "intermediate", "degree": "bachelor", "years_experience": 3, "led_projects": 0}
NOVICE = {"type": "expert", "id": "exp-novice", "name": "孙强", "center_id": "qic-js-battery", "degree": "other",
          "years_experience": 1}


def _version(c: TestClient, eng: str) -> int:
    version: int = c.get(f"/api/v1/engagements/{eng}", headers=Logins(c)("coord-center")).json()["version"]
    return version


def _said(ui: TestClient, path: str, data: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The page's refusal: its top message and each field marked with its own reason."""
    posted = ui.post(path, follow_redirects=False, data=data)
    assert posted.status_code == 303, posted.text
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
    assert said.get("message"), said
    return said["message"], dict(said.get("fields") or [[said.get("field"), said.get("message")]])


def _api_sign(c: TestClient, eng: str, agreement: dict[str, Any]) -> Any:
    return c.post(f"/api/v1/engagements/{eng}/transitions", headers=Logins(c)("coord-center"), json={
        "transition": "sign_agreement", "version": _version(c, eng), "payload": {"agreement": agreement}})


def test_an_unreadable_price_is_said_with_the_agreement_s_other_wrong_and_missing_fields(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, Logins(c), until="reach_agreement")
    ui = signed_in(c, "coord-center")
    page = f"/engagements/{eng}/agreement"

    _, fields = _said(ui, page, {**TYPED, "version": _version(c, eng), "price_yuan": "很多", "scope": "",
                                 "deadline": "明年六月"})
    assert list(fields) == ["scope", "price_yuan", "deadline"], fields  # the form's order, each on its box
    assert "不是一个金额" in fields["price_yuan"] and "服务范围" in fields["scope"], fields
    assert "完成期限" in fields["deadline"], fields

    # missing fields alone: each on its own box (they were one message on "agreement", no box marked)
    _, fields = _said(ui, page, {**TYPED, "version": _version(c, eng), "scope": "", "schedule": "  "})
    assert list(fields) == ["scope", "schedule"], fields
    _, fields = _said(ui, page, {**TYPED, "version": _version(c, eng), "confidentiality_clause": ""})
    assert list(fields) == ["confidentiality_clause"] and "保密条款" in fields["confidentiality_clause"], fields
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "agreed"

    # the API reads the price as the page does, and says the same at once
    api = _api_sign(c, eng, {**AGREEMENT, "price_yuan": "很多", "scope": None, "signed_on": "today"})
    assert api.status_code == 400, api.text
    listed = [(f["field"], f["message"]) for f in api.json()["error"]["fields"]]
    assert [f for f, _ in listed] == ["agreement.scope", "agreement.price_yuan", "agreement.signed_on"], listed
    assert "不是一个金额" in listed[1][1], listed
    missing = _api_sign(c, eng, {k: v for k, v in AGREEMENT.items() if k not in ("scope", "schedule")})
    error = missing.json()["error"]  # the one summary on "agreement", as before, and each field listed
    assert error["field"] == "agreement" and "scope" in error["message"] and "schedule" in error["message"], error
    assert [f["field"] for f in error["fields"]] == ["agreement.scope", "agreement.schedule"], error
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "agreed"

    signed = _api_sign(c, eng, {**AGREEMENT, "price_yuan": "4.8万"})
    assert signed.status_code == 200, signed.text
    got = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["agreement"]["price_yuan"]
    assert float(got) == 48000, got


def test_every_rule_the_team_fails_is_said_at_once_beside_the_lead_and_the_members(
        domain_client: TestClient, domain_world: World, tmp_path: Path) -> None:
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "juniors.jsonl", [JUNIOR, NOVICE])).ok
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, Logins(c), until="reach_agreement")
    api_step(c, as_("coord-center"), eng, "sign_agreement", {"agreement": AGREEMENT})
    api_step(c, as_("ent-a"), eng, "countersign", {})
    ui = signed_in(c, "coord-center")

    message, fields = _said(ui, f"/engagements/{eng}/team", {"version": _version(c, eng), "lead": "exp-junior",
                                                             "members": ["exp-novice", "exp-2"]})
    assert list(fields) == ["lead", "members"], fields  # both, each on the form's own control
    assert "项目负责人 钱浩 不符合" in fields["lead"] and "成员 孙强 不符合" in fields["members"], fields
    assert "2" in message, message

    # the lead alone: named on "lead", a field the form has
    message, fields = _said(ui, f"/engagements/{eng}/team", {"version": _version(c, eng), "lead": "exp-junior",
                                                             "members": ["exp-2"]})
    assert list(fields) == ["lead"] and "钱浩" in message, (message, fields)

    api = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-center"), json={
        "transition": "form_team", "version": _version(c, eng),
        "payload": {"team": {"lead": "exp-junior", "members": ["exp-novice"]}}})
    assert api.status_code == 400, api.text
    assert [f["field"] for f in api.json()["error"]["fields"]] == ["team.lead", "team.members"], api.text
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["team"] is None
