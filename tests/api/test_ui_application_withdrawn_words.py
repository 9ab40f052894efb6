"""An application withdrawn before approval reads as 撤回申请 / withdraw the application wherever the step is named,
not 退出 (an approved provider leaving the register, seed 003 art. 22): a new user's trial (2026-11-29) read
"退出 → 撤回申请" on the history of a station that had only applied. The provider's page (its decision list, the
confirmation, the history, zh and en) and the notices; a provider withdrawn after approval still reads 退出."""

from __future__ import annotations

import html
import json
import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, bearer, login
from tests.api.test_provider_never_approved import DECIDED, GOOD, _applicant_under_review, _step
from tests.api.uihelpers import page_words, signed_in


def _history_step(page: str) -> str:
    row = re.search(r'<tr data-transition="withdraw">(.*?)</tr>', page, re.S)
    assert row, page
    return page_words(row.group(1)).strip().split(" ", 1)[1]  # after the row's number


def _confirm(page: str) -> str:
    """What the decision form asks before a withdrawal goes out (its data-confirm-by, for ui_console.js)."""
    found = re.search(r"data-confirm-by='([^']*)'", page)
    assert found, page
    return str(json.loads(html.unescape(found.group(1)))["messages"]["withdraw"])


def test_an_application_withdrawn_reads_as_withdrawn_not_as_an_exit(ui_client: TestClient, ui_world: World) -> None:
    center_id, assoc = _applicant_under_review(ui_client, "sg-takes-back")
    ui = signed_in(ui_client, "coord-assoc")
    before = ui.get(f"/providers/{center_id}").text
    option = re.search(r'<option value="withdraw">([^<]*)</option>', before)
    assert option and option.group(1) == "撤回申请", option
    assert "撤回「" in _confirm(before) and "的申请吗" in _confirm(before)  # it asks about the application

    _step(ui_client, assoc, center_id, "withdraw", DECIDED)
    page = ui.get(f"/providers/{center_id}").text
    assert _history_step(page).startswith("撤回申请") and "退出" not in _history_step(page), _history_step(page)
    english = signed_in(ui_client, "coord-assoc", lang="en").get(f"/providers/{center_id}").text
    said = _history_step(english)
    assert "withdraw the application" in said and "application withdrawn" in said, said

    own = bearer(login(ui_client, "sg-takes-back", GOOD))
    notices = ui_client.get("/api/v1/inbox", headers=own).json()["items"]
    told = [n for n in notices if n["kind"] == "decision" and "撤回申请" in n["title_zh"]]
    assert told, notices
    assert all("退出" not in n["title_zh"] and "withdraw the application" in n["title_en"] for n in told), told


def test_a_provider_withdrawn_after_approval_still_reads_as_an_exit(ui_client: TestClient, ui_world: World) -> None:
    center_id, assoc = _applicant_under_review(ui_client, "sg-leaves")
    _step(ui_client, assoc, center_id, "approve_build", {**DECIDED, "experts": ["黄工"], "opinion": "同意建站"})
    ui = signed_in(ui_client, "coord-assoc")
    page = ui.get(f"/providers/{center_id}").text
    option = re.search(r'<option value="withdraw">([^<]*)</option>', page)
    assert option and option.group(1) == "退出" and "退出吗" in _confirm(page), option
    _step(ui_client, assoc, center_id, "withdraw", DECIDED)
    assert _history_step(ui.get(f"/providers/{center_id}").text).startswith("退出")
