"""Proficiency testing and comparisons by the API and on the provider's page (issue 29, item 4): the provider's own
coordinator records one (201) and reads the list; another center's coordinator is refused (403) and an enterprise
too; a bad field is a 4xx naming it with nothing stored; the page's form comes back naming the field (the error
cookie; ``ui_console.js`` puts back what was typed) and, filled right, lists the result. The flow itself:
tests/flows/test_proficiency.py."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login

URL = "/api/v1/providers/qic-js-battery/proficiency"
GOOD = {"kind": "interlab_comparison", "scheme": "省质检院 2026 年锂电池容量比对", "item": "电池容量",
        "tested_on": "2026-04-20", "result": "satisfactory", "note": "z = 0.8"}


def test_the_api_records_reads_and_refuses_by_role_ownership_and_field(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    for bad, field in (({**GOOD, "result": "passed"}, "result"), ({**GOOD, "kind": ""}, "kind"),
                       ({**GOOD, "scheme": " "}, "scheme"), ({**GOOD, "tested_on": "2999-01-01"}, "tested_on"),
                       ({**GOOD, "tested_on": "yesterday"}, "tested_on")):
        refused = client.post(URL, headers=as_("coord-center"), json=bad)
        assert 400 <= refused.status_code < 500 and field in refused.json()["error"]["field"], refused.text
    assert client.get(URL, headers=as_("coord-center")).json() == []
    made = client.post(URL, headers=as_("coord-center"), json=GOOD)
    assert made.status_code == 201, made.text
    assert made.json()["result"] == "satisfactory" and made.json()["kind"] == "interlab_comparison"
    assert client.post(URL, headers=as_("coord-assoc"), json={**GOOD, "result": "不满意"}).status_code == 201
    listed = client.get(URL, headers=as_("coord-assoc")).json()
    assert [r["result"] for r in listed] == ["unsatisfactory", "satisfactory"]  # same day: newest first
    # Another center's records: the coordinator of qic-js-battery is not met-jx-rare's (403, as for filings).
    other = "/api/v1/providers/met-jx-rare/proficiency"
    assert_error(client.post(other, headers=as_("coord-center"), json=GOOD), 403)
    assert_error(client.get(other, headers=as_("coord-center")), 403)
    assert_error(client.post(URL, headers=as_("ent-a"), json=GOOD), 403)
    assert len(client.get(URL, headers=as_("coord-assoc")).json()) == 2


def test_the_page_form_names_the_field_stores_nothing_and_then_lists_the_result(client: TestClient,
                                                                                  world: World) -> None:
    as_ = Logins(client)
    ui = TestClient(client.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get("/providers/qic-js-battery")
    assert page.status_code == 200 and 'id="proficiency"' in page.text
    assert 'class="stack record-proficiency"' in page.text
    form = {**GOOD, "tested_on": "2999-01-01"}
    wrong = ui.post("/providers/qic-js-battery/proficiency", data=form, follow_redirects=False)
    assert wrong.status_code == 303 and form_error_field(wrong) == "tested_on", form_error(wrong)
    assert client.get(URL, headers=as_("coord-center")).json() == []
    back = ui.get(wrong.headers["location"])
    assert 'role="alert"' in back.text and "不能晚于今天" in back.text
    assert 'data-form-error-field="tested_on"' in back.text and '<details class="proficiency-form" open>' in back.text
    done = ui.post("/providers/qic-js-battery/proficiency", data=GOOD, follow_redirects=False)
    assert done.status_code == 303 and not form_error(done), form_error(done)
    shown = ui.get("/providers/qic-js-battery")
    assert "省质检院 2026 年锂电池容量比对" in shown.text and "实验室间比对" in shown.text and "满意" in shown.text
