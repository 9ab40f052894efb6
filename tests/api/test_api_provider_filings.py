"""Structured filings by the API and on the provider's page (issue 29, item 5): the annual report missing one of
seed 002 四(一)'s five contents is refused naming it (400, the field) with nothing stored; the page asks for each part
and goes back naming the missing one; a whole report is taken. The flow itself: tests/providers/
test_providers_filings.py."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from flows import obligations
from flows import providers as flow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, under_shanghai_rules
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login
from tests.providers.test_providers_filings import FIVE


def _report_id(world: World) -> int:
    under_shanghai_rules(world.settings)  # seed 002 四(一)'s annual report
    with session_scope(world.settings) as session:
        made = obligations.ensure_calendar(session=session, year=2026)
    return next(o.id for o in made if o.center_id == "qic-js-battery" and o.kind == "annual_report")


def test_the_api_and_the_page_refuse_a_report_missing_a_part_and_take_a_whole_one(client: TestClient,
                                                                                    world: World) -> None:
    as_ = Logins(client)
    report = _report_id(world)
    url = f"/api/v1/providers/obligations/{report}/filings"
    missing = client.post(url, headers=as_("coord-center"), json={"parts": {"capability": "能力保持良好"}})
    assert missing.status_code == 400, missing.text
    assert missing.json()["error"]["field"] == "content.parts.management"
    assert "管理运行情况" in missing.json()["error"]["message"]
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-center")).json() == []
    ui = TestClient(client.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get("/providers/qic-js-battery")
    assert page.status_code == 200 and 'name="part_social_responsibility"' in page.text
    assert "能力保持情况" in page.text and "以下各部分均须填写" in page.text
    posted = ui.post(f"/providers/qic-js-battery/obligations/{report}/file",
                     data={f"part_{k}": v for k, v in FIVE.items() if k != "business"}, follow_redirects=False)
    assert posted.status_code == 303, posted.text
    back = ui.get(posted.headers["location"])
    assert "业务开展情况" in back.text and 'role="alert"' in back.text
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-center")).json() == []
    whole = client.post(url, headers=as_("coord-center"), json={"parts": FIVE})
    assert whole.status_code == 201, whole.text
    assert whole.json()["content"]["parts"] == FIVE
    # Filed, each part stands on its own line under the obligation, named in the page's language (the provider's
    # life walked as a new user, 2026-11-28: "能力保持情况：…管理运行情况：…" ran together in one paragraph).
    for lang, names in (("zh", ("能力保持情况", "管理运行情况", "业务开展情况", "科研创新情况", "社会责任履行情况")),
                        ("en", ("capability maintained", "management and operation", "business carried out",
                                "research and innovation", "social responsibility"))):
        filed = ui.get(f"/providers/qic-js-battery?lang={lang}").text
        shown = filed.split('<dl class="filing-parts', 1)[1].split("</dl>", 1)[0]
        items = shown.split('<div data-part="')[1:]
        assert [i.split('"', 1)[0] for i in items] == list(FIVE)
        for item, name, key in zip(items, names, FIVE, strict=True):
            assert f"<dt>{name}</dt>" in item and f"<dd>{FIVE[key]}</dd>" in item, item
        if lang == "en":
            assert "能力保持情况" not in shown


def test_the_association_sets_a_yearly_plan_on_the_page_the_center_files_it_and_the_review_reaches_the_rating(
        client: TestClient, world: World) -> None:
    """A new user's trial in Chromium (2026-11-29, shots 96 and 53): the center could only file the quarterly report
    set for it, the association had no form to set an obligation, yet the scoresheet said "平台发展规划及服务目标 …
    2026 未报送" and the evaluation page that records come from "已审核的年度计划、报告". The association sets an annual
    plan (its period and due date) on the provider's page — the same use case as ``POST /api/v1/providers/{id}/
    obligations`` — the center files it there as it files any other, the association reviews it, and the reviewed
    score is what the rating form reads."""
    as_ = Logins(client)
    with session_scope(world.settings) as session:
        flow.sync(session=session)
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    for lang, words in (("zh", ("设定履职事项", "年度工作计划", "截止日期")),
                        ("en", ("Set an obligation", "annual work plan", "Due date"))):
        page = ui.get(f"/providers/qic-js-battery?lang={lang}").text
        form = page.split('id="set-obligation"', 1)[1].split("</form>", 1)[0]
        assert all(w in page for w in words), lang
        assert 'name="kind"' in form and 'value="annual_plan"' in form and 'value="annual_report"' in form
        assert 'name="period"' in form and 'name="due_on"' in form and 'type="date"' in form
    today = china_time.today()
    # A due date already past: back with the error on the field, nothing set.
    past = ui.post("/providers/qic-js-battery/obligations",
                   data={"kind": "annual_plan", "period": str(today.year),
                         "due_on": (today - timedelta(days=1)).isoformat()}, follow_redirects=False)
    assert past.status_code == 303 and form_error_field(past) == "due_on", form_error(past)
    set_ = ui.post("/providers/qic-js-battery/obligations",
                   data={"kind": "annual_plan", "period": str(today.year),
                         "due_on": (today + timedelta(days=30)).isoformat()}, follow_redirects=False)
    assert set_.status_code == 303 and not form_error(set_), form_error(set_)
    listed = client.get("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-center")).json()
    plan = next(o for o in listed if o["kind"] == "annual_plan" and o["period"] == str(today.year))
    assert plan["title"] == f"年度工作计划（{today.year}）/ annual work plan ({today.year})", plan
    assert "seed 001" in plan["clause"], plan
    # The center sees it with the filing form, files it; the association reviews it.
    center = TestClient(client.app)
    assert form_login(center, "coord-center").status_code == 303
    assert center.post("/providers/qic-js-battery/obligations",
                       data={"kind": "annual_plan", "period": "2030", "due_on": "2030-01-31"},
                       follow_redirects=False).status_code == 403
    mine = center.get("/providers/qic-js-battery").text
    assert f'data-obligation="{plan["id"]}"' in mine and 'id="set-obligation"' not in mine
    filed = center.post(f"/providers/qic-js-battery/obligations/{plan['id']}/file",
                        data={"text": "2026 年发展规划：扩充动力电池安全检测能力，服务目标 120 家企业。"},
                        follow_redirects=False)
    assert filed.status_code == 303 and not form_error(filed), form_error(filed)
    filing = next(f for f in client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-assoc")).json()
                  if f["obligation_id"] == plan["id"])
    reviewed = ui.post(f"/providers/qic-js-battery/filings/{filing['id']}/review", data={"score": "85"},
                       follow_redirects=False)
    assert reviewed.status_code == 303 and not form_error(reviewed), form_error(reviewed)
    sheet = ui.get(f"/evaluation/qic-js-battery/rate?period={today.year}").text
    row = sheet.split('data-item="development_plan"', 1)[1].split("</tr>", 1)[0]
    assert "未报送" not in row and ">85<" in row.replace(" ", ""), row
