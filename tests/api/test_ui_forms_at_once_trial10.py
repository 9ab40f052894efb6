"""The agreement, the team and the provider's profile forms name every wrong field of one submit at once (a new
user's trial in Chromium, 2026-11-29, /tmp/trial10shots b10_agreement_bad, b15_team_bad): an unreadable price hid a
completion date before the signing date, a lead also ticked as a member hid the lead's §4.2.1 shortfall, and the
profile's staff said one wrong field per submit. A price as written on an invoice ("75000元（含税）") is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until
from tests.api.domainhelpers import step as api_step
from tests.api.test_ui_agreement_team_at_once import JUNIOR, NOVICE, TYPED, _said, _version
from tests.api.test_ui_entry_errors_at_once import _nothing_stored, _refused
from tests.api.uihelpers import signed_in
from tests.kb.kbhelpers import do_import, write_jsonl


def test_an_unreadable_price_and_a_deadline_before_signing_are_said_together(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, Logins(c), until="reach_agreement")
    ui = signed_in(c, "coord-center")
    page = f"/engagements/{eng}/agreement"
    _, fields = _said(ui, page, {**TYPED, "version": _version(c, eng), "price_yuan": "七万五千块左右",
                                 "deadline": "2031-01-05", "signed_on": "2031-01-10"})
    assert list(fields) == ["price_yuan", "deadline"], fields
    assert "不是一个金额" in fields["price_yuan"] and "早于签订日期" in fields["deadline"], fields
    # a deadline already past as well as unreadable price: both
    _, fields = _said(ui, page, {**TYPED, "version": _version(c, eng), "price_yuan": "很多",
                                 "deadline": "2020-01-05", "signed_on": "2020-01-01"})
    assert list(fields) == ["price_yuan", "deadline"], fields
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "agreed"


def test_a_price_written_with_yuan_and_tax_included_is_read_as_the_number(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, Logins(c), until="reach_agreement")
    ui = signed_in(c, "coord-center")
    posted = ui.post(f"/engagements/{eng}/agreement", follow_redirects=False,
                     data={**TYPED, "version": _version(c, eng), "price_yuan": "75000元（含税）"})
    assert posted.status_code == 303 and "error" not in posted.cookies, posted.cookies
    got = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["agreement"]["price_yuan"]
    assert float(got) == 75000, got


def test_a_lead_ticked_as_a_member_is_said_with_the_lead_s_own_shortfall(
        domain_client: TestClient, domain_world: World, tmp_path: Path) -> None:
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "juniors.jsonl", [JUNIOR, NOVICE])).ok
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, Logins(c), until="reach_agreement")
    api_step(c, as_("coord-center"), eng, "sign_agreement", {"agreement": AGREEMENT})
    api_step(c, as_("ent-a"), eng, "countersign", {})
    ui = signed_in(c, "coord-center")
    _, fields = _said(ui, f"/engagements/{eng}/team", {"version": _version(c, eng), "lead": "exp-junior",
                                                             "members": ["exp-junior", "exp-novice"]})
    assert list(fields) == ["lead", "members"], fields
    assert "钱浩 不符合" in fields["lead"], fields
    assert "负责人不能同时列为成员" in fields["members"] and "孙强 不符合" in fields["members"], fields
    api = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-center"), json={
        "transition": "form_team", "version": _version(c, eng),
        "payload": {"team": {"lead": "exp-junior", "members": ["exp-junior", "exp-2"]}}})
    assert api.status_code == 400, api.text
    assert [f["field"] for f in api.json()["error"]["fields"]] == ["team.lead", "team.members"], api.text
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["team"] is None


def test_the_profile_names_too_many_innovation_staff_with_its_other_faults(client: TestClient,
                                                                          world: World) -> None:
    before = client.get("/api/v1/centers/qic-js-battery", headers=Logins(client)("coord-center")).json()
    ui = signed_in(client, "coord-center")
    data: dict[str, Any] = {"record_type": "center", "capacity": "十二", "staff_total": "120",
                            "staff_innovation": "200", "staff_full_time": "很多"}
    fields = _refused(ui, data)
    assert set(fields) == {"staff_innovation", "staff_full_time"}, fields
    _nothing_stored(client, before)
    fields = _refused(ui, {**data, "staff_full_time": "", "capacity": "十二个左右"})
    assert set(fields) == {"capacity", "staff_innovation"}, fields
    _nothing_stored(client, before)
