"""Centers maintain their own entries (issue 14 step 3): a center coordinator's change (a form's record or an upload)
waits for an association coordinator's approval, with a diff and a change log; it reaches the catalog and the index
once approved; another center's records, a status, the provider's own approval and a stale change are refused with
nothing changed; a major change starts a change report due in working days on the official calendar."""

from __future__ import annotations

from datetime import date

import chinese_calendar
from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from flows import entries
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, under_shanghai_rules
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import ASSOC

CAP_ID = "cap-1"


def _cap(client: TestClient) -> dict[str, object]:
    return next(c for c in client.get("/api/v1/centers/qic-js-battery").json()["capability_list"]
                if c["id"] == CAP_ID)


def test_a_centers_change_waits_for_approval_and_then_reaches_the_catalog(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    old_title = _cap(client)["title"]
    proposed = client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"), json={
        "records": [{"type": "capability", "id": CAP_ID, "title": "动力电池单体及模组热失控试验"}],
        "note": "新增模组级试验能力"})
    assert proposed.status_code == 201, proposed.text
    change = proposed.json()["change"]
    assert change["status"] == "pending" and proposed.json()["applied"] is False
    assert _cap(client)["title"] == old_title  # nothing reaches the catalog before approval
    detail = client.get(f"/api/v1/providers/changes/{change['id']}", headers=as_("coord-assoc")).json()
    assert detail["diff"] == [{"record_type": "capability", "record_id": CAP_ID, "field": "title",
                               "before": old_title, "after": "动力电池单体及模组热失控试验", "deleted": False}]
    own = client.post(f"/api/v1/providers/changes/{change['id']}/decision", headers=as_("coord-center"),
                      json={"approve": True})
    assert own.status_code == 403  # the provider's own coordinator does not approve its change
    approved = client.post(f"/api/v1/providers/changes/{change['id']}/decision", headers=as_("coord-assoc"),
                           json={"approve": True, "note": "同意"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["applied"] and approved.json()["index"] == "ok"  # synced incrementally, here
    assert _cap(client)["title"] == "动力电池单体及模组热失控试验"
    again = client.post(f"/api/v1/providers/changes/{change['id']}/decision", headers=as_("coord-assoc"),
                        json={"approve": True})
    assert again.status_code == 409 and again.json()["error"]["code"] == "change_decided"
    log = client.get("/api/v1/providers/changes?status=approved", headers=as_("coord-center")).json()
    assert [c["id"] for c in log] == [change["id"]] and log[0]["decided_by"].startswith("association_coordinator")


def test_what_a_center_may_not_change_is_refused_with_nothing_stored(client: TestClient, world: World) -> None:
    as_ = Logins(client)

    def pending() -> int:
        return len(client.get("/api/v1/providers/changes", headers=as_("coord-assoc")).json())

    other = client.post("/api/v1/providers/met-jx-rare/changes", headers=as_("coord-center"),
                        json={"records": [{"type": "center", "id": "met-jx-rare", "description": "x"}]})
    # Another center is public (the catalog shows it), so it is "not yours", never "does not exist" (issue 16).
    assert other.status_code == 403 and other.json()["error"]["field"] == "center_id", other.json()
    smuggled = client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"), json={
        "records": [{"type": "capability", "id": "cap-2", "title": "改别人的能力"},
                    {"type": "center", "id": "qic-js-battery", "status": "withdrawn"}]})
    assert smuggled.status_code == 400 and smuggled.json()["error"]["code"] == "import_failed"
    message = smuggled.json()["error"]["message"]
    assert "form:1: center_id:" in message and "met-jx-rare" in message and "form:2: status:" in message
    upload = client.post("/api/v1/providers/qic-js-battery/uploads", headers=as_("coord-center"),
                         files={"files": ("mine.jsonl", '{"type": "capability", "id": "cap-x", "center_id": '
                                "\"met-jx-rare\", \"title\": \"别人的\", \"service_types\": [\"calibration\"]}\n")})
    assert upload.status_code == 400 and "mine.jsonl:1: center_id:" in upload.json()["error"]["message"]
    assert pending() == 0
    # The same flow for the association: its change applies at once.
    applied = client.post("/api/v1/providers/met-jx-rare/changes", headers=as_("coord-assoc"),
                          json={"records": [{"type": "center", "id": "met-jx-rare", "description": "协会更新的简介"}]})
    assert applied.status_code == 201 and applied.json()["applied"] and applied.json()["change"] is None
    assert client.get("/api/v1/centers/met-jx-rare").json()["description"] == "协会更新的简介"


def test_a_stale_change_is_refused_at_approval(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    first = client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"),
                        json={"records": [{"type": "capability", "id": CAP_ID, "title": "版本一"}]}).json()["change"]
    client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-assoc"),
                json={"records": [{"type": "capability", "id": CAP_ID, "title": "协会直接修改"}]})
    stale = client.post(f"/api/v1/providers/changes/{first['id']}/decision", headers=as_("coord-assoc"),
                        json={"approve": True})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "entry_changed"
    assert _cap(client)["title"] == "协会直接修改"


def test_a_major_change_is_a_change_report_due_in_ten_working_days(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    under_shanghai_rules(world.settings)  # seed 002 四(一)'s change reports
    made = client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"), json={
        "records": [{"type": "center", "id": "qic-js-battery", "qualifications": ["CMA", "CNAS", "CAL"]}],
        "effective_on": "2026-09-28"})
    assert made.status_code == 201, made.text
    obligations = client.get("/api/v1/providers/qic-js-battery/obligations", headers=as_("coord-center")).json()
    report = next(o for o in obligations if o["kind"] == "change_report")
    # seed 002 四(一), 10 working days (our reading of 及时) from 28 September 2026, across the National Day holiday:
    # the official calendar (chinese_calendar's own list of working days) has exactly ten up to the due day.
    due = date.fromisoformat(report["due_on"])
    assert len(chinese_calendar.get_workdays(date(2026, 9, 29), due)) == 10 and chinese_calendar.is_workday(due)
    assert due == date(2026, 10, 16) and report["done_on"] == china_time.today().isoformat()
    assert report["late"] is (china_time.today() > due) and "seed 002" in report["clause"]
    with session_scope(world.settings) as session:
        assert entries.changes_for(session=session, principal=ASSOC, status="pending")


def test_the_pages_edit_review_and_show_the_change(client: TestClient, world: World) -> None:
    form_login(client, "coord-center")
    page = client.get("/providers/qic-js-battery/edit")
    assert page.status_code == 200 and CAP_ID in page.text
    sent = client.post("/providers/qic-js-battery/edit", data={
        "record_type": "capability", "record_id": CAP_ID, "title": "网页上修改的标题",
        "service_types": "inspection_testing"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].endswith("done=waits")
    refused = client.post("/providers/qic-js-battery/upload", files={"files": (
        "bad.jsonl", '{"type": "capability", "id": "c9", "center_id": "qic-js-battery"}\n')})
    assert refused.status_code == 400 and "bad.jsonl:1: title:" in refused.text
    assert client.get("/changes").status_code == 200
    client.cookies.clear()
    form_login(client, "coord-assoc")
    queue = client.get("/changes").text
    change_id = queue.split('data-change="')[1].split('"')[0]
    shown = client.get(f"/changes/{change_id}").text
    assert "网页上修改的标题" in shown and 'id="change-decide-form"' in shown
    done = client.post(f"/changes/{change_id}/decide", data={"decision": "approve"}, follow_redirects=False)
    assert done.status_code == 303
    assert "网页上修改的标题" in client.get("/centers/qic-js-battery").text
