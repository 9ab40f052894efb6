"""An engagement's step forms name every wrong field of their record at once, each on its own field, and change
nothing ("Forms lose input on errors", the product brief): the step records' one reader
(``pipeline.guards.parse_model``, every step's) said the first field it refused, so an agreement with its deadline
and its signing date both not dates took two submits. The API's step names each in ``fields``."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until
from tests.api.uihelpers import signed_in

TYPED = {"scope": "单体热失控试验", "deliverables": "CMA 检测报告", "price_yuan": "48000", "schedule": "六周",
         "deadline": "2031-06-30", "confidentiality_clause": "双方对试验数据保密", "signed_on": "2026-01-10",
         "client_party": "甲公司", "provider_party": "江苏省动力电池产品质量检验中心"}


def _said(ui: TestClient, eng: str, c: TestClient, data: dict[str, Any]) -> dict[str, str]:
    version = c.get(f"/api/v1/engagements/{eng}", headers=Logins(c)("coord-center")).json()["version"]
    posted = ui.post(f"/engagements/{eng}/agreement", follow_redirects=False, data={**data, "version": version})
    assert posted.status_code == 303, posted.text
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
    assert said.get("message"), said
    return dict(said.get("fields") or [[said.get("field"), said.get("message")]])


def test_an_agreement_names_every_wrong_field_at_once_and_signs_nothing(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, Logins(c), until="reach_agreement")
    ui = signed_in(c, "coord-center")
    fields = _said(ui, eng, c, {**TYPED, "deadline": "明年六月", "signed_on": "一月十日"})
    assert set(fields) == {"deadline", "signed_on"}, fields
    assert "签订日期" in fields["signed_on"], fields
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "agreed"

    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["version"]
    api = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-center"), json={
        "transition": "sign_agreement", "version": version,
        "payload": {"agreement": {**AGREEMENT, "deadline": "soon", "signed_on": "today"}}})
    assert api.status_code in (400, 422), api.text
    named = {f["field"] for f in api.json()["error"]["fields"]}
    assert named == {"agreement.deadline", "agreement.signed_on"}, api.text
    assert "“完成期限”" in api.json()["error"]["message"], api.text
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "agreed"
