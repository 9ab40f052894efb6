"""Separation of duties on the obligations (a new user's trial, 2026-11-30): the association set a 年度工作报告
for qic-js-battery, filed it itself through the page's 报送 box ("协会代填测试"), then approved and scored it 80; the
history
read '报送 年度工作报告（2026）' and '审核通过 评分 80' with nobody named, and the reviewed score feeds the evaluation.
The provider files its own plans and reports; the association sets and reviews them (``authz.policy``): the
association's filing is refused through the API and the page (403, nothing stored), its view has no 报送 box, the
filer never reviews, and the history names who took each step."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from flows import providers as flow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login


def _report(client: TestClient, world: World) -> int:
    """The association sets this year's annual report for qic-js-battery (the API's use case, as the page's)."""
    as_ = Logins(client)
    with session_scope(world.settings) as session:
        flow.sync(session=session)
    today = china_time.today()
    made = client.post("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc"),
                       json={"kind": "annual_report", "period": str(today.year),
                             "due_on": (today + timedelta(days=30)).isoformat(),
                             "title": f"年度工作报告（{today.year}）/ annual work report ({today.year})",
                             "clause": "seed 001 §5.2.4"})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def test_the_association_cannot_file_a_providers_report_by_the_api_or_the_page(client: TestClient,
                                                                               world: World) -> None:
    as_ = Logins(client)
    report = _report(client, world)
    refused = client.post(f"/api/v1/providers/obligations/{report}/filings", headers=as_("coord-assoc"),
                          json={"text": "协会代填测试"})
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["field"] == "role"
    assert "机构本身报送" in refused.json()["error"]["message"]
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-assoc")).json() == []
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    page = ui.get("/providers/qic-js-battery").text
    row = page.split(f'data-kind="annual_report" data-period="{china_time.today().year}"', 1)[1].split("</tr>", 1)[0]
    assert "/file" not in row and 'name="text"' not in row, row
    assert "待机构报送" in row, row
    posted = ui.post(f"/providers/qic-js-battery/obligations/{report}/file", data={"text": "协会代填测试"},
                     follow_redirects=False)
    assert posted.status_code == 403, posted.text
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-assoc")).json() == []
    listed = client.get("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc")).json()
    assert next(o for o in listed if o["id"] == report)["done_on"] is None


def test_the_center_files_the_association_reviews_and_the_history_names_each(client: TestClient,
                                                                            world: World) -> None:
    as_ = Logins(client)
    report = _report(client, world)
    filed = client.post(f"/api/v1/providers/obligations/{report}/filings", headers=as_("coord-center"),
                        json={"text": "2026 年度工作报告：完成检验 300 批次。"})
    assert filed.status_code == 201, filed.text
    assert filed.json()["filed_by"].startswith("center_coordinator:")
    reviewed = client.post(f"/api/v1/providers/filings/{filed.json()['id']}/review", headers=as_("coord-assoc"),
                           json={"score": 80})
    assert reviewed.status_code == 200, reviewed.text
    for lang, center_said, assoc_said in (("zh", "机构协调员 coord-center", "协会协调员 coord-assoc"),
                                          ("en", "coord-center", "coord-assoc")):
        ui = TestClient(client.app)
        assert form_login(ui, "coord-assoc").status_code == 303
        page = ui.get(f"/providers/qic-js-battery?lang={lang}").text
        history = page.split('<table class="history">', 1)[1].split("</table>", 1)[0]
        filed_row = history.split('data-transition="file_filing"', 1)[1].split("</tr>", 1)[0]
        review_row = history.split('data-transition="review_filing"', 1)[1].split("</tr>", 1)[0]
        assert center_said in filed_row, filed_row
        assert assoc_said in review_row, review_row
        assert not form_error(ui.get(f"/providers/qic-js-battery?lang={lang}"))
