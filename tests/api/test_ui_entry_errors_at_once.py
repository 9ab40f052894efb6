"""A center coordinator's entry forms (the profile, a capability, an expert) name every wrong field at once, each on
the form's own field and in the page's language, and store nothing; the API's change (``POST
/api/v1/providers/{id}/changes``) lists each record's each wrong field in ``fields`` ("Forms lose input on errors",
the product brief): the page read the numbers and the service types itself, refusing the first it could not read,
then the change's day, then the first field kb refused, one per submit."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in

EDIT = "/providers/qic-js-battery/edit"
CHANGES = "/api/v1/providers/qic-js-battery/changes"


def _refused(ui: TestClient, data: dict[str, str]) -> dict[str, str]:
    """Each field the form's refusal names, with its reason as the page gives it (the cookie's fields)."""
    posted = ui.post(EDIT, data=data, follow_redirects=False)
    assert posted.status_code == 303 and "done=" not in posted.headers["location"], posted.headers
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
    assert said.get("message"), said
    return dict(said.get("fields") or [[said.get("field"), said.get("message")]])


def _shown(ui: TestClient) -> tuple[str, list[tuple[str, str]]]:
    """The page the refusal goes back to: its top line and each field's reason ``ui_console.js`` puts beside it."""
    page = ui.get(EDIT).text
    found = re.search(r"data-form-errors='([^']*)'", page)
    top = re.search(r'<p class="error"[^>]*>(.*?)</p>', page, flags=re.S)
    pairs = json.loads(html.unescape(found.group(1))) if found else []
    return html.unescape(top.group(1)) if top else "", [(f, m) for f, m in pairs]


def _nothing_stored(client: TestClient, before: dict[str, object]) -> None:
    as_ = Logins(client)
    assert client.get("/api/v1/providers/changes", headers=as_("coord-center")).json() == []
    assert client.get("/api/v1/centers/qic-js-battery", headers=as_("coord-center")).json() == before


def test_the_profile_form_names_every_wrong_field_at_once(client: TestClient, world: World) -> None:
    before = client.get("/api/v1/centers/qic-js-battery", headers=Logins(client)("coord-center")).json()
    ui = signed_in(client, "coord-center")
    tomorrow = (china_time.today() + timedelta(days=1)).isoformat()
    fields = _refused(ui, {"record_type": "center", "description": "新的简介", "capacity": "很多",
                           "staff_total": "十", "staff_innovation": "二十", "effective_on": tomorrow})
    assert set(fields) == {"capacity", "staff_innovation", "effective_on"}, fields
    assert "很多" in fields["capacity"] and "可同时承接" in fields["capacity"]
    assert "技术创新服务人员（20）不能多于总人数（10）" in fields["staff_innovation"]
    assert "晚于今天" in fields["effective_on"]
    top, beside = _shown(ui)
    assert "有 3 处需要改正" in top, top
    assert [f for f, _ in beside] == ["capacity", "staff_innovation", "effective_on"], beside
    for _, message in beside:  # each in the page's language alone
        assert re.search(r"[\u4e00-\u9fff]", message) and not re.search(r"[A-Za-z]{4,}", message), message
    _nothing_stored(client, before)


def test_a_capability_form_names_its_title_and_its_service_types_together(client: TestClient,
                                                                          world: World) -> None:
    before = client.get("/api/v1/centers/qic-js-battery", headers=Logins(client)("coord-center")).json()
    ui = signed_in(client, "coord-center")
    fields = _refused(ui, {"record_type": "capability", "title": " ", "description": "无人机电池包跌落试验",
                           "service_types": "检验检测; 飞行表演", "standards": "GB 38031"})
    assert set(fields) == {"title", "service_types"}, fields
    assert "飞行表演" in fields["service_types"] and "名称" in fields["title"]
    _nothing_stored(client, before)


def test_an_expert_form_names_every_wrong_field_at_once_in_english_too(client: TestClient, world: World) -> None:
    before = client.get("/api/v1/centers/qic-js-battery", headers=Logins(client)("coord-center")).json()
    ui = signed_in(client, "coord-center", "en")
    fields = _refused(ui, {"record_type": "expert", "name": "", "years_experience": "九十",
                           "fields": "电池安全", "effective_on": "上周五"})
    assert list(fields) == ["name", "years_experience", "effective_on"], fields  # as the form shows them
    top, beside = _shown(ui)
    assert "3 fields need correcting" in top, top
    said = dict(beside)
    assert "Years of work" in said["years_experience"] and "80" in said["years_experience"], said
    assert "date" in said["effective_on"], said
    for _, message in beside:  # each in the page's language: no Chinese but what was typed
        assert not re.search(r"[\u4e00-\u9fff]", message.replace("九十", "").replace("上周五", "")), message
    _nothing_stored(client, before)


def test_the_api_names_each_records_each_wrong_field_and_stores_nothing(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    before = client.get("/api/v1/centers/qic-js-battery", headers=as_("coord-center")).json()
    refused = client.post(CHANGES, headers=as_("coord-center"), json={"records": [
        {"type": "center", "id": "qic-js-battery", "capacity": -1, "staff_total": 10, "staff_innovation": 20},
        {"type": "capability", "id": "qic-js-battery-cap-new", "center_id": "qic-js-battery",
         "service_types": ["flying"]}]})
    assert refused.status_code in (400, 422), refused.text
    error = refused.json()["error"]
    assert error["code"] == "import_failed" and error["field"] == "records", error
    assert [f["field"] for f in error["fields"]] == [  # record by record, as a form shows the fields
        "records.0.capacity", "records.0.staff_innovation", "records.1.title", "records.1.service_types"], error
    assert all(f["message"] for f in error["fields"])
    tomorrow = (china_time.today() + timedelta(days=1)).isoformat()
    late = client.post(CHANGES, headers=as_("coord-center"), json={
        "effective_on": tomorrow, "records": [{"type": "center", "id": "qic-js-battery", "capacity": -1}]})
    assert late.status_code in (400, 422), late.text
    assert [f["field"] for f in late.json()["error"]["fields"]] == ["records.0.capacity", "effective_on"], late.text
    _nothing_stored(client, before)
