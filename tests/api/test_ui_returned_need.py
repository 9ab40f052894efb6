"""A need the association returned (需求不清，需补充) and a provider nobody can log in for, as the enterprise meets
them (a new user's trial in Chromium, 2026-11-29): the header's "提出需求" reopened the returned need and merged a new,
unrelated problem into it; the notice and the /needs card did not say why it was returned; and a need handed to a
provider with no coordinator was announced as taken."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.domainhelpers import NEED_TEXT, Logins, submitted_need
from tests.api.uihelpers import signed_in, ui_chat

QUESTION = "请补充输液泵流量范围（mL/h）和现有流量标准装置的型号"
OTHER = "我们是常州一家做储能电池模组的企业，需要按GB/T 36276做热失控扩散试验，要CMA报告，预算10万，两个月内完成"


def _returned(c: TestClient) -> tuple[TestClient, str, str]:
    """ent-a's need, submitted in the chat and returned by the association with its question: (its browser, the need,
    its conversation)."""
    ent = signed_in(c, "ent-a")
    chat = ui_chat(ent, NEED_TEXT)
    chat = ui_chat(ent, "预算5万元，希望12月底前完成", chat["session_id"])
    submitted = ent.post("/ui/intake/submit", json={"session_id": chat["session_id"]})
    assert submitted.status_code == 200, submitted.text
    assoc = Logins(c)("coord-assoc")
    review_id = submitted.json()["review_id"]
    version = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["version"]
    sent = c.post(f"/api/v1/reviews/{review_id}/reject", headers=assoc,
                  json={"reason": "need_unclear", "text": QUESTION, "version": version})
    assert sent.status_code == 200, sent.text
    return ent, chat["need_id"], chat["session_id"]


def test_the_headers_new_need_is_new_and_the_returned_one_is_continued_only_by_choice(
        domain_client: TestClient) -> None:
    c = domain_client
    ent, need_id, session_id = _returned(c)
    before = c.get(f"/api/v1/needs/{need_id}", headers=Logins(c)("ent-a")).json()
    page = ent.get("/intake").text  # the header's 提出需求
    assert session_id not in page and NEED_TEXT not in page and QUESTION not in page
    assert "被退回" in page and f"/intake?need={need_id}" in page  # a way back to it, said, not taken
    new = ui_chat(ent, OTHER)
    assert new["need_id"] != need_id
    after = c.get(f"/api/v1/needs/{need_id}", headers=Logins(c)("ent-a")).json()
    assert after["text"] == before["text"] and "储能" not in after["text"]
    # Continuing it is the explicit choice, with a banner naming it and a way to start a new need instead.
    amend = ent.get(f"/intake?need={need_id}").text
    assert f"您正在补充被退回的需求「{before['title']}」" in amend and QUESTION in amend
    assert 'href="/intake?new=1"' in amend
    english = ent.get(f"/intake?s={session_id}&lang=en").text
    assert "You are amending the returned need" in english


def test_the_returned_need_says_it_was_returned_and_why_until_it_is_resubmitted(domain_client: TestClient) -> None:
    c = domain_client
    ent, need_id, session_id = _returned(c)
    ent_headers = Logins(c)("ent-a")
    [back] = [n for n in c.get("/api/v1/inbox", headers=ent_headers).json()["items"] if n["kind"] == "sent_back"]
    assert QUESTION in back["title_zh"] and QUESTION in back["title_en"]
    ui_chat(ent, "流量范围1到1200 mL/h", session_id)  # amended in the chat, not yet resubmitted
    mine = ent.get("/needs").text
    card = mine[mine.index(f'id="{need_id}"'):]
    assert "已退回" in card and QUESTION in card
    assert "已退回" in ent.get("/needs?lang=en").text or "Returned" in ent.get("/needs?lang=en").text


def test_a_need_handed_to_a_provider_nobody_can_act_for_is_not_said_to_be_taken(domain_client: TestClient) -> None:
    c = domain_client
    ent, assoc = Logins(c)("ent-a"), Logins(c)("coord-assoc")
    need_id, review_id = submitted_need(c, ent, text="电池包需要做失效分析，常州，预算十万")
    version = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["version"]
    assigned = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                      json={"center_id": "met-jx-rare", "note": "企业指定", "version": version,
                            "confirm_no_coordinator": True})
    assert assigned.status_code == 200, assigned.text
    [matched] = [n for n in c.get("/api/v1/inbox", headers=ent).json()["items"] if n["kind"] == "matched"]
    assert "已确定承接机构" not in matched["title_zh"] and "协会正在安排" in matched["title_zh"]
    assert "arranging" in matched["title_en"]
    ui = signed_in(c, "ent-a")
    card = ui.get("/needs").text
    card = card[card.index(f'id="{need_id}"'):]
    assert "协会正在安排" in re.sub(r"\s+", "", card)
