"""Structured filings by the API and on the provider's page (issue 29, item 5): the annual report missing one of
seed 002 四(一)'s five contents is refused naming it (400, the field) with nothing stored; the page asks for each part
and goes back naming the missing one; a whole report is taken. The flow itself: tests/providers/
test_providers_filings.py."""

from __future__ import annotations

from fastapi.testclient import TestClient

from core.db import session_scope
from flows import obligations
from flows import providers as flow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import form_login
from tests.providers.test_providers_filings import FIVE


def _report_id(world: World) -> int:
    with session_scope(world.settings) as session:
        flow.sync(session=session)
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
