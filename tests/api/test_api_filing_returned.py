"""退回补充: the association returns a provider's yearly plan (or report) for revision with its reason, instead of only
accepting it (a new user's trial of the regulator, 2026-11-29). The provider sees the reason on its page, edits what it
filed and files again; the filing, the return and the new filing are each a row of the provider's history. One use
case, ``flows.obligations.return_filing``, for the API, the page and the CLI; the permission is the review's
(``provider.approve``, and never for one's own provider: ``authz.policy``)."""

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
from tests.conftest import invoke_cli

CENTER = "qic-js-battery"
PLAN = "2026 年发展规划：扩充动力电池安全检测能力。"
REASON = "服务目标缺少量化指标，请补充服务企业数量"


def _plan_filed(client: TestClient, world: World) -> tuple[TestClient, TestClient, int, int]:
    """The association sets this year's plan on the provider's page, the center files it: (the association's page
    client, the center's, the obligation, the filing)."""
    with session_scope(world.settings) as session:
        flow.sync(session=session)
    today = china_time.today()
    assoc = TestClient(client.app)
    assert form_login(assoc, "coord-assoc").status_code == 303
    set_ = assoc.post(f"/providers/{CENTER}/obligations",
                      data={"kind": "annual_plan", "period": str(today.year),
                            "due_on": (today + timedelta(days=30)).isoformat()}, follow_redirects=False)
    assert set_.status_code == 303 and not form_error(set_), form_error(set_)
    as_ = Logins(client)
    listed = client.get(f"/api/v1/providers/{CENTER}/obligations", headers=as_("coord-center")).json()
    plan = next(o for o in listed if o["kind"] == "annual_plan" and o["period"] == str(today.year))
    center = TestClient(client.app)
    assert form_login(center, "coord-center").status_code == 303
    filed = center.post(f"/providers/{CENTER}/obligations/{plan['id']}/file", data={"text": PLAN},
                        follow_redirects=False)
    assert filed.status_code == 303 and not form_error(filed), form_error(filed)
    filing = next(f for f in client.get(f"/api/v1/providers/{CENTER}/filings", headers=as_("coord-assoc")).json()
                  if f["obligation_id"] == plan["id"])
    return assoc, center, plan["id"], filing["id"]


def test_the_association_returns_a_plan_with_its_reason_and_the_center_files_it_again(client: TestClient,
                                                                                      world: World) -> None:
    as_ = Logins(client)
    assoc, center, plan, filing = _plan_filed(client, world)
    url = f"/api/v1/providers/filings/{filing}/return"
    # no reason: refused naming it, nothing changes
    blank = client.post(url, headers=as_("coord-assoc"), json={"reason": "  "})
    assert blank.status_code == 400 and blank.json()["error"]["field"] == "reason", blank.text
    # the provider does not return its own filing
    assert client.post(url, headers=as_("coord-center"), json={"reason": REASON}).status_code == 403
    # the association's page offers it beside the review, in both languages
    for lang, words in (("zh", ("退回补充", "退回理由")), ("en", ("Return for revision", "Reason for returning"))):
        page = assoc.get(f"/providers/{CENTER}?lang={lang}").text
        form = page.split(f'action="/providers/{CENTER}/filings/{filing}/return"', 1)[1].split("</form>", 1)[0]
        assert 'name="reason"' in form and all(w in page for w in words), lang
    empty = assoc.post(f"/providers/{CENTER}/filings/{filing}/return", data={"reason": ""}, follow_redirects=False)
    assert empty.status_code == 303 and form_error_field(empty) == "reason", form_error(empty)
    returned = assoc.post(f"/providers/{CENTER}/filings/{filing}/return", data={"reason": REASON},
                          follow_redirects=False)
    assert returned.status_code == 303 and not form_error(returned), form_error(returned)
    got = next(f for f in client.get(f"/api/v1/providers/{CENTER}/filings", headers=as_("coord-center")).json()
               if f["id"] == filing)
    assert got["return_reason"] == REASON and got["returned_by"] and got["score"] is None
    # returned, it is neither reviewed nor returned again
    assert client.post(f"/api/v1/providers/filings/{filing}/review", headers=as_("coord-assoc"),
                       json={"score": 80}).status_code == 409
    assert client.post(url, headers=as_("coord-assoc"), json={"reason": REASON}).status_code == 409
    # the obligation is open again; the center reads the reason, with what it filed in the form to edit
    listed = client.get(f"/api/v1/providers/{CENTER}/obligations", headers=as_("coord-center")).json()
    assert next(o for o in listed if o["id"] == plan)["done_on"] is None
    for lang, said in (("zh", "已退回补充"), ("en", "Returned for revision")):
        mine = center.get(f"/providers/{CENTER}?lang={lang}").text
        row = mine.split(f'data-obligation="{plan}"', 1)[0].rsplit('<tr class="obligation', 1)[1]
        assert said in row and REASON in row, lang
        form = mine.split(f'data-obligation="{plan}"', 1)[1].split("</form>", 1)[0]
        assert PLAN in form, lang
    again = center.post(f"/providers/{CENTER}/obligations/{plan}/file",
                        data={"text": PLAN + "服务目标：全年服务企业 120 家。"}, follow_redirects=False)
    assert again.status_code == 303 and not form_error(again), form_error(again)
    filings = [f for f in client.get(f"/api/v1/providers/{CENTER}/filings", headers=as_("coord-assoc")).json()
               if f["obligation_id"] == plan]
    assert [f["id"] == filing for f in filings] == [True, False]
    accepted = client.post(f"/api/v1/providers/filings/{filings[1]['id']}/review", headers=as_("coord-assoc"),
                           json={"score": 88})
    assert accepted.status_code == 200, accepted.text
    # every step in the provider's history: filed, returned with its reason, filed again, accepted
    events = client.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()["lifecycle"]["events"]
    steps = [(e["transition"], e["grounds"]) for e in events if e["transition"].endswith("_filing")]
    assert [s for s, _ in steps] == ["file_filing", "return_filing", "file_filing", "review_filing"], steps
    assert steps[1][1] == REASON
    history = assoc.get(f"/providers/{CENTER}?lang=en").text.split('<table class="history">', 1)[1]
    assert "returned for revision" in history and REASON in history


def test_the_terminal_returns_a_filing_through_the_same_use_case(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    _, _, plan, filing = _plan_filed(client, world)
    refused = invoke_cli(world.settings, "provider", "return-filing", str(filing), "--as",
                         f"center_coordinator:wang@{CENTER}", "--reason", REASON)
    assert refused.returncode != 0
    done = invoke_cli(world.settings, "provider", "return-filing", str(filing), "--as",
                      "association_coordinator:zhou", "--reason", REASON, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stdout and REASON in done.stdout
    listed = client.get(f"/api/v1/providers/{CENTER}/obligations", headers=as_("coord-center")).json()
    assert next(o for o in listed if o["id"] == plan)["done_on"] is None
