"""The provider's yearly report names every part that is missing or too long at once, on the page (each on its
``part_<key>`` field) and by the API (each in ``fields``), and stores nothing ("Forms lose input on errors", the
product brief): it said one part per submit, so a report of five parts with three wrong was sent four times."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from core import china_time
from core.db import session_scope
from flows import providers as flow
from providers.filings import MAX_PART, MAX_TEXT
from providers.models import ProviderLifecycle
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in
from tests.providers.test_providers_filings import FIVE


def _report_id(client: TestClient, world: World) -> int:
    """The demo center's annual report of this year, set by the association on the provider's page; the center
    under the Shanghai profile, whose report has five parts (seed 002 四(一))."""
    with session_scope(world.settings) as session:
        flow.sync(session=session)
        lifecycle = session.get(ProviderLifecycle, "qic-js-battery")
        assert lifecycle is not None
        lifecycle.profile = "shanghai_qic"
    today = china_time.today()
    assoc = signed_in(client, "coord-assoc")
    set_ = assoc.post("/providers/qic-js-battery/obligations", follow_redirects=False, data={
        "kind": "annual_report", "period": str(today.year), "due_on": (today + timedelta(days=30)).isoformat()})
    assert set_.status_code == 303 and not read_error_cookie(set_.cookies.get(ERROR_COOKIE) or ""), set_.cookies
    listed = client.get("/api/v1/providers/qic-js-battery/obligations", headers=Logins(client)("coord-center"))
    return int(next(o["id"] for o in listed.json() if o["kind"] == "annual_report"))


def test_a_yearly_report_names_every_wrong_part_at_once_and_stores_nothing(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    report = _report_id(client, world)
    wrong = {**FIVE, "management": "", "research": "  ", "business": "x" * (MAX_PART + 1)}
    ui = signed_in(client, "coord-center")
    posted = ui.post(f"/providers/qic-js-battery/obligations/{report}/file", follow_redirects=False,
                     data={**{f"part_{k}": v for k, v in wrong.items()}, "text": "y" * (MAX_TEXT + 1)})
    assert posted.status_code == 303, posted.text
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
    fields = dict(said.get("fields") or [])
    assert set(fields) == {"part_management", "part_research", "part_business", "text"}, said
    assert "管理运行情况" in fields["part_management"] and "科研创新情况" in fields["part_research"]
    assert str(MAX_PART) in fields["part_business"] and str(MAX_TEXT) in fields["text"]
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-center")).json() == []

    api = client.post(f"/api/v1/providers/obligations/{report}/filings", headers=as_("coord-center"),
                      json={"parts": {"capability": "能力保持良好", "business": "报告 4200 份"}})
    assert api.status_code == 400
    error = api.json()["error"]
    assert [f["field"] for f in error["fields"]] == ["content.parts.management", "content.parts.research",
                                                    "content.parts.social_responsibility"], error
    assert error["field"] == "content.parts.management"
    assert client.get("/api/v1/providers/qic-js-battery/filings", headers=as_("coord-center")).json() == []
