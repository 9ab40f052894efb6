"""The shared form helper (api.pages.ui_common.form_post) once per form family of the providers' console and the
queue (issue 30, item 1, the families the agreement's tests do not cover): a number typed as people type it is read
by intake's number reader ("九十", "两"), and a refused value comes back to its page in the error cookie naming its
field — never in the address — so the page marks that field and keeps the rest."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def _ui(client: TestClient, username: str) -> TestClient:
    ui = TestClient(client.app)
    assert form_login(ui, username).status_code == 303
    return ui


def test_a_filing_review_reads_the_score_as_typed(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    due = (date.today() + timedelta(days=20)).isoformat()
    made = client.post(f"/api/v1/providers/{CENTER}/obligations", headers=as_("coord-assoc"),
                       json={"kind": "quarterly_report", "period": "2026Q4", "due_on": due,
                             "title": "季度报告 / quarterly report", "clause": "协会监督计划 / supervision plan"})
    assert made.status_code == 201, made.text
    filed = client.post(f"/api/v1/providers/obligations/{made.json()['id']}/filings", headers=as_("coord-center"),
                        json={"text": "本季度完成检测 12 项"})
    assert filed.status_code == 201, filed.text
    assoc = _ui(client, "coord-assoc")
    path = f"/providers/{CENTER}/filings/{filed.json()['id']}/review"
    for typed in ("很好", "一百二十"):
        refused = assoc.post(path, data={"score": typed, "note": "内容完整"}, follow_redirects=False)
        assert refused.status_code == 303 and form_error_field(refused) == "score", typed
        assert "应为 0–100 之间的数字" in form_error(refused)
    done = assoc.post(path, data={"score": "八十五", "note": "内容完整"}, follow_redirects=False)
    assert done.status_code == 303 and form_error(done) == ""
    [filing] = client.get(f"/api/v1/providers/{CENTER}/filings", headers=as_("coord-assoc")).json()
    assert filing["score"] == 85.0


def test_the_batch_assignment_reads_how_many_alternates(client: TestClient, world: World) -> None:
    assoc = _ui(client, "coord-assoc")
    refused = assoc.post("/assignments", data={"alternates": "十一"}, follow_redirects=False)
    assert refused.status_code == 303 and form_error_field(refused) == "alternates"
    fraction = assoc.post("/assignments", data={"alternates": "1.5"}, follow_redirects=False)
    assert form_error_field(fraction) == "alternates" and "应为 0–10 之间的整数" in form_error(fraction)
    started = assoc.post("/assignments", data={"alternates": "两"}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/assignments/")


def test_a_provider_decision_and_a_corrective_action_name_their_field(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    assoc = _ui(client, "coord-assoc")
    version = client.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()["lifecycle"]["version"]
    refused = assoc.post(f"/providers/{CENTER}/advance", follow_redirects=False,
                         data={"transition": "order_rectification", "version": str(version), "grounds": "评级不合格",
                               "decided_on": date.today().isoformat(), "decision_document": "苏质协〔2026〕1号"})
    assert refused.status_code == 303 and form_error_field(refused).endswith("deadline")

    run = client.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                      json={"center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, 0.2)})
    assert run.status_code == 201, run.text
    first = client.get(f"/api/v1/providers/{CENTER}/findings", headers=as_("coord-center")).json()[0]
    center = _ui(client, "coord-center")
    bad = center.post(f"/providers/{CENTER}/findings/{first['id']}/step", follow_redirects=False,
                      data={"step": "plan_action", "version": str(first["version"]), "action": "补充培训",
                            "owner": "质量负责人", "due_on": "下个月"})
    assert bad.status_code == 303 and form_error_field(bad) == "due_on" and "error=" not in bad.headers["location"]
