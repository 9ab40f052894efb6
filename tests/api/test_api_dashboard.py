"""The association's providers dashboard (issue 14 step 7): stages, overdue obligations, open rectifications with
their findings, ratings over time — by API, on its page with the chart, and as an Excel workbook; a center
coordinator and an enterprise are refused."""

from __future__ import annotations

import io
from datetime import timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from core import china_time
from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def test_the_dashboard_by_api_page_and_workbook(client: TestClient, world: World) -> None:
    c, as_ = client, Logins(client)
    assoc = as_("coord-assoc")
    for scale, period in ((1.0, "2025"), (0.2, "2026")):  # a good year, then a failing one
        run = c.post("/api/v1/evaluations", headers=assoc,
                     json={"center_id": CENTER, "period": period, "inputs": scaled_inputs(CENTER, scale)})
        assert run.status_code == 201, run.text
    [proposal] = [p for p in c.get("/api/v1/providers/proposals", headers=assoc).json() if p["center_id"] == CENTER]
    life = c.get(f"/api/v1/providers/{CENTER}", headers=assoc).json()["lifecycle"]
    decided = c.post(f"/api/v1/providers/proposals/{proposal['id']}/decision", headers=assoc,
                     json={"accept": True, "version": life["version"],
                           "payload": {"decided_on": china_time.today().isoformat(),
                                       "decision_document": "苏质协〔2026〕9号"}})
    assert decided.status_code == 200, decided.text
    # An obligation of a past year, backfilled: only an admin writes as of another day (clock.override).
    past = {"kind": "annual_report", "period": "2025", "due_on": "2026-02-28",
            "title": "2025 年度工作总结 / 2025 annual report", "clause": "种子 003 第十二条"}
    refused = c.post(f"/api/v1/providers/{CENTER}/obligations", headers=assoc, params={"today": "2026-01-05"},
                     json=past)
    assert_error(refused, 403)
    obligation = c.post(f"/api/v1/providers/{CENTER}/obligations", headers=as_("admin"),
                        params={"today": "2026-01-05"}, json=past)
    assert obligation.status_code == 201, obligation.text

    board = c.get("/api/v1/providers/dashboard", headers=assoc)
    assert board.status_code == 200, board.text
    body = board.json()
    stages = {s["state"]: s["count"] for s in body["stages"]}
    assert stages["rectifying"] == 1 and sum(stages.values()) == body["providers"]
    [rect] = body["rectifications"]
    assert rect["center_id"] == CENTER and rect["open_findings"] > 0 and rect["overdue_findings"] == 0
    assert rect["deadline"] == (china_time.today() + timedelta(days=180)).isoformat()
    assert any(o["center_id"] == CENTER and o["period"] == "2025" and o["days_overdue"] > 0
               for o in body["overdue_obligations"])
    [series] = [s for s in body["ratings"] if s["center_id"] == CENTER]
    assert [p["period"] for p in series["points"]] == ["2025", "2026"]
    assert series["points"][0]["total"] > series["points"][1]["total"]

    # A center and an enterprise are refused, by API and on the page.
    assert_error(c.get("/api/v1/providers/dashboard", headers=as_("coord-center")), 403)
    assert_error(c.get("/api/v1/providers/dashboard.xlsx", headers=as_("ent-a")), 403)
    ui_center = TestClient(c.app)
    assert form_login(ui_center, "coord-center").status_code == 303
    assert ui_center.get("/providers/dashboard").status_code == 403

    ui = TestClient(c.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    assert 'id="dashboard-link"' in ui.get("/providers").text
    page = ui.get("/providers/dashboard")
    assert page.status_code == 200
    assert "机构管理总览" in page.text and "整改中的机构" in page.text
    # Drawn as SVG in the page (issue 30, item 7): the ratings by period with the pass line, the obligations by month
    assert page.text.count('class="chart-svg"') == 2 and 'id="ratings-chart"' in page.text
    assert 'id="obligations-chart"' in page.text and "已逾期未完成" in page.text and "合格线 60" in page.text
    [february] = [m for m in body["obligation_months"] if m["month"] == "2026-02"]
    assert february["overdue"] >= 1
    # Each count links to the list behind it, and the list shows just those providers
    assert 'href="/providers?state=rectifying" id="kn-rectifying"><span class="n">1</span>' in page.text
    behind = ui.get("/providers?overdue=1")
    assert behind.status_code == 200 and f'data-center="{CENTER}"' in behind.text
    assert behind.text.count('<tr class="provider"') == len({o["center_id"] for o in body["overdue_obligations"]})
    rectifying = ui.get("/providers?state=rectifying")
    assert rectifying.text.count('<tr class="provider"') == 1 and f'data-center="{CENTER}"' in rectifying.text
    assert "Providers dashboard" in ui.get("/providers/dashboard?lang=en").text

    export = ui.get("/providers/dashboard.xlsx")
    assert export.status_code == 200 and export.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["生命周期 stages", "逾期履职 overdue", "整改 rectifications", "评级 ratings"]
    rows = list(book["整改 rectifications"].iter_rows(values_only=True))
    assert rows[0][0] == "机构 provider" and rows[1][0] == CENTER and rows[1][4] == rect["open_findings"]
    ratings = [r for r in book["评级 ratings"].iter_rows(min_row=2, values_only=True) if r[0] == CENTER]
    assert [r[2] for r in ratings] == ["2025", "2026"]
