"""A profile sent back unchanged files nothing, and the edit page says a change already waits (a new user's trial,
2026-11-29, /tmp/trial10shots b31_change_2: capacity "十二" where it was 12 gave "修改已提交，待协会审核" and
/changes/2 with no rows). No change: said so, nothing stored, through the API's change too (flows.entries.submit, the
one home). A change waiting for the association: the edit page says so with its link, so it is not filed twice."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in

EDIT = "/providers/qic-js-battery/edit"


def _profile_as_shown(page: str) -> dict[str, str]:
    form = page.split('id="profile-form"', 1)[1].split("</form>", 1)[0]
    data = {m.group(1): m.group(2) for m in re.finditer(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form)}
    text = re.search(r'<textarea name="description"[^>]*>(.*?)</textarea>', form, flags=re.S)
    data["description"] = text.group(1) if text else ""
    return data


def test_an_unchanged_profile_files_nothing_and_says_so(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    ui = signed_in(client, "coord-center")
    shown = _profile_as_shown(ui.get(EDIT).text)
    assert shown["capacity"] == "5", shown
    posted = ui.post(EDIT, data={**shown, "capacity": "五"}, follow_redirects=False)  # 5 in words: the same
    assert posted.status_code == 303 and "done=" not in posted.headers["location"], posted.headers
    said = read_error_cookie(posted.cookies.get(ERROR_COOKIE) or "")
    assert "没有改动" in said.get("message", ""), said
    assert client.get("/api/v1/providers/changes", headers=as_("coord-center")).json() == []

    api = client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"),
                      json={"records": [{"type": "center", "id": "qic-js-battery", "capacity": 5}]})
    assert api.status_code == 409 and api.json()["error"]["code"] == "nothing_changed", api.text
    assert "nothing was changed" in api.json()["error"]["message"]
    assert client.get("/api/v1/providers/changes", headers=as_("coord-center")).json() == []


def test_the_edit_page_says_a_change_waits_with_its_link(client: TestClient, world: World) -> None:
    ui = signed_in(client, "coord-center")
    page = ui.get(EDIT).text
    assert 'id="pending-changes"' not in page
    shown = _profile_as_shown(page)
    posted = ui.post(EDIT, data={**shown, "capacity": "6"}, follow_redirects=False)
    assert "done=waits" in posted.headers["location"], posted.headers
    waiting = client.get("/api/v1/providers/changes", headers=Logins(client)("coord-center")).json()
    assert len(waiting) == 1
    page = ui.get(EDIT).text
    banner = re.search(r'<p[^>]*id="pending-changes"[^>]*>(.*?)</p>', page, flags=re.S)
    assert banner, page[:3000]
    assert "待协会审核" in banner.group(1) and f'href="/changes/{waiting[0]["id"]}"' in banner.group(1), banner
    en = ui.get(f"{EDIT}?lang=en").text
    banner = re.search(r'<p[^>]*id="pending-changes"[^>]*>(.*?)</p>', en, flags=re.S)
    assert banner and "waiting for the association" in banner.group(1), banner
