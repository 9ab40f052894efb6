"""整改复核通过 with findings open, through the API and the provider's page (a new user's trial, 2026-11-30: it was
taken with no word while the page said '整改项 10 项未关闭'). The rule: ``providers.guards._pass_recheck``
(tests/providers/test_providers_recheck_open_findings.py for the flow). The API answers 409 naming ``findings``;
the page says beside the decision that the re-check waits, and a refused decision comes back marked on it; nothing
changes."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from providers import service as providers
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.test_ui_rectifying_status import CENTER, _step
from tests.api.uihelpers import signed_in


def test_the_recheck_waits_for_every_finding_on_the_api_and_the_page(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    _step(client, as_, "order_rectification", deadline=(china_time.today() + timedelta(days=45)).isoformat())
    with session_scope(world.settings) as session:
        providers.record_findings(session=session, center_id=CENTER, run_id=1, period="2026", actor="test", seeds=[
            providers.FindingSeed("service_effect", "服务成效", "service effectiveness", 40.0),
            providers.FindingSeed("promotion", "宣传推广", "promotion", 35.0)])
    one = client.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()
    today = china_time.today().isoformat()
    refused = client.post(f"/api/v1/providers/{CENTER}/transitions", headers=as_("coord-assoc"), json={
        "transition": "pass_recheck", "version": one["lifecycle"]["version"],
        "payload": {"grounds": "复核通过", "decided_on": today, "decision_document": "苏质协〔2026〕16号"}})
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["field"] == "findings" and "整改项 2 项未关闭" in error["message"] and "服务成效" in error["message"]
    for lang, said in (("zh", "尚有 2 项未关闭"), ("en", "2 still open")):
        ui = signed_in(client, "coord-assoc", lang)
        form = ui.get(f"/providers/{CENTER}").text.split('id="decide-form"', 1)[1].split("</form>", 1)[0]
        assert 'id="recheck-waits"' in form and said in form, (lang, form)
    ui = signed_in(client, "coord-assoc")
    posted = ui.post(f"/providers/{CENTER}/advance", follow_redirects=False, data={
        "version": str(one["lifecycle"]["version"]), "transition": "pass_recheck", "grounds": "复核通过",
        "decided_on": today, "decision_document": "苏质协〔2026〕16号"})
    assert posted.status_code == 303 and form_error_field(posted) == "findings", form_error(posted)
    assert "整改项 2 项未关闭" in form_error(posted)
    after = client.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()["lifecycle"]
    assert after["state"] == "rectifying" and after["version"] == one["lifecycle"]["version"]
