"""The association sets the quarterly service report on the provider's page (a new user's trial, 2026-11-30): the
form offered only the yearly plan and report while the seeded obligations are quarterly reports
(``flows.demo_history``). The same use case as the yearly ones (``flows.obligations.create``): its period is a
quarter ("2026Q4"), a wrong one refused on its field with nothing set, titled and cited in both languages."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from flows import providers as flow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login


def test_the_association_sets_a_quarterly_report_and_the_center_files_it(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    with session_scope(world.settings) as session:
        flow.sync(session=session)
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    for lang, said in (("zh", "季度服务情况报告"), ("en", "quarterly service report")):
        form = ui.get(f"/providers/qic-js-battery?lang={lang}").text.split('id="set-obligation"', 1)[1]
        form = form.split("</form>", 1)[0]
        assert 'value="quarterly_report"' in form and said in form, lang
    due = (china_time.today() + timedelta(days=30)).isoformat()
    before = client.get("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc")).json()
    for kind, period in (("quarterly_report", "2026Q5"), ("quarterly_report", "2026"), ("annual_plan", "2026Q4")):
        refused = ui.post("/providers/qic-js-battery/obligations", data={"kind": kind, "period": period,
                                                                          "due_on": due}, follow_redirects=False)
        assert refused.status_code == 303 and form_error_field(refused) == "period", (kind, period)
        assert ("季度" if kind == "quarterly_report" else "年份") in form_error(refused)
    assert client.get("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc")).json() == before
    set_ = ui.post("/providers/qic-js-battery/obligations",
                   data={"kind": "quarterly_report", "period": "2026q4", "due_on": due}, follow_redirects=False)
    assert set_.status_code == 303 and not form_error(set_), form_error(set_)
    listed = client.get("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-assoc")).json()
    made = next(o for o in listed if o["kind"] == "quarterly_report")
    assert made["period"] == "2026Q4"
    assert made["title"] == "季度服务情况报告（2026Q4）/ quarterly service report (2026Q4)", made
    assert "协会监督计划" in made["clause"] and "supervision plan" in made["clause"]
    for lang, cited, other in (("zh", "本项目的解读", "our reading"), ("en", "our reading", "本项目的解读")):
        row = ui.get(f"/providers/qic-js-battery?lang={lang}").text.split(
            'data-kind="quarterly_report" data-period="2026Q4"', 1)[1].split("</tr>", 1)[0]
        assert cited in row and other not in row, (lang, row)
    filed = client.post(f"/api/v1/providers/obligations/{made['id']}/filings", headers=as_("coord-center"),
                        json={"text": "2026Q4 完成委托检测 15 项。"})
    assert filed.status_code == 201, filed.text
