"""Small faults of a new user's trial in Chromium (2026-11-29): a center's menu called the needs proposed to it
审核队列, though a center reviews nothing; the chat page of a need already submitted still offered 修改 on its card
and said "需求已提交，不能在对话中修改" only after a click."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.domainhelpers import NEED_TEXT
from tests.api.uihelpers import form_login


def _browser(c: TestClient, username: str) -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return ui


def _nav_review(page: str) -> str:
    found = re.search(r'<a href="/review" data-nav="review"[^>]*>([^<]*)</a>', page)
    assert found, page[:2000]
    return found.group(1).strip()


def test_a_center_s_menu_names_its_queue_for_the_center(domain_client: TestClient) -> None:
    center, assoc = _browser(domain_client, "coord-center"), _browser(domain_client, "coord-assoc")
    for lang, own, theirs in (("zh", "推荐给本机构的需求", "审核队列"), ("en", "Needs proposed to your center",
                                                                   "Review queue")):
        page = center.get(f"/review?lang={lang}").text
        assert _nav_review(page) == own and f"<h1>{own}</h1>" in page, lang
        assert theirs not in page, lang
        assert _nav_review(assoc.get(f"/review?lang={lang}").text) == theirs


def test_a_submitted_need_s_card_offers_no_edit_and_says_why(domain_client: TestClient) -> None:
    ui = _browser(domain_client, "ent-a")
    chat = ui.post("/ui/intake/message", json={"text": NEED_TEXT, "session_id": None}).json()
    draft = ui.get(f"/intake?s={chat['session_id']}").text
    assert re.search(r'<button type="button" class="edit link" data-edit="product" aria-label', draft)
    assert re.search(r'id="card-locked" hidden', draft)
    sent = ui.post("/ui/intake/submit", json={"session_id": chat["session_id"]})
    assert sent.status_code == 200, sent.text
    for lang, why in (("zh", "需求已提交，不能在对话中修改"), ("en", "The need was submitted")):
        page = ui.get(f"/intake?s={chat['session_id']}&lang={lang}").text
        buttons = re.findall(r'<button type="button" class="edit link"[^>]*>', page)
        assert buttons and all(" hidden disabled" in b for b in buttons), (lang, buttons[:2])
        locked = re.search(r'<p class="small card-locked" id="card-locked"( hidden)?>([^<]*)', page)
        assert locked and not locked.group(1) and why in locked.group(2), lang
