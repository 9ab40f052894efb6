"""A provider's application form names every wrong field at once, each on the page's own field, and stores nothing
("Forms lose input on errors", the product brief): the center's name missing, a figure and the head's years that
are not numbers were said one per submit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in


def _providers(client: TestClient) -> list[tuple[str, str]]:
    listed = client.get("/api/v1/providers", headers=Logins(client)("coord-assoc")).json()
    return sorted((p["center_id"], p["name"]) for p in listed["items"])


def test_an_application_names_every_wrong_field_at_once_and_stores_nothing(client: TestClient,
                                                                           world: World) -> None:
    ui = signed_in(client, "coord-assoc")
    posted = ui.post("/providers/applications", follow_redirects=False, data={
        "kind": "quality_inspection_center", "name": "", "region": "", "industries": "动力电池",
        "head_name": "陈立新", "years_quality": "十来年", "equipment_investment": "很多", "testing_revenue": "1,200"})
    assert posted.status_code == 303, posted.text
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
    fields = dict(said.get("fields") or ([[said.get("field"), said.get("message")]]))
    assert set(fields) == {"name", "years_quality", "equipment_investment"}, said
    assert "名称" in fields["name"] and "很多" in fields["equipment_investment"]
    assert "testing_revenue" not in fields
    before = _providers(client)
    again = ui.post("/providers/applications", follow_redirects=False, data={
        "kind": "quality_inspection_center", "name": "", "region": "江苏省常州市", "years_quality": "12",
        "equipment_investment": "一百二十"})
    said = read_error_cookie(again.cookies.get(ERROR_COOKIE) or "")
    assert said.get("field") == "name" and not said.get("fields"), said  # the figure and the years read
    assert _providers(client) == before  # nothing stored
