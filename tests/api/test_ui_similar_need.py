"""The chat page asks before a need nearly the same as an open one of the enterprise's is submitted (a new user's
trial): ``POST /ui/intake/submit`` with ``check_similar`` answers with the question, the earlier need's link and
nothing submitted; sent again without it (the page's "仍要提交"), the need is submitted as any other. The page's
script asks on the first click only (api/static/ui_chat.js)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.domainhelpers import NEED_TEXT, Logins, submitted_need
from tests.api.uihelpers import ANSWER_TEXT, form_login


def test_a_similar_need_is_asked_about_then_submitted_when_the_enterprise_goes_on(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    first, _review = submitted_need(c, as_("ent-a"))
    ui = TestClient(c.app)
    assert form_login(ui, "ent-a").status_code == 303
    chat = ui.post("/ui/intake/message", json={"text": NEED_TEXT}).json()
    ui.post("/ui/intake/message", json={"text": ANSWER_TEXT, "session_id": chat["session_id"]})

    asked = ui.post("/ui/intake/submit", json={"session_id": chat["session_id"], "check_similar": True})
    assert asked.status_code == 200, asked.text
    similar = asked.json()["similar"]
    assert similar["need_id"] == first and similar["link"] == f"/needs#{first}"
    assert similar["said"].startswith("您在 ") and similar["said"].endswith("提交过相似的需求《" + similar["title"]
                                                                          + "》，仍要提交吗？")
    assert "need_id" not in asked.json()
    mine = c.get("/api/v1/needs", headers=as_("ent-a"), params={"status": "in_review"}).json()
    assert [n["id"] for n in mine["items"]] == [first]  # nothing submitted

    said = ui.post("/ui/intake/submit?lang=en", json={"session_id": chat["session_id"], "check_similar": True})
    assert said.json()["similar"]["said"].startswith("On ")

    went_on = ui.post("/ui/intake/submit", json={"session_id": chat["session_id"]})
    assert went_on.status_code == 200, went_on.text
    assert went_on.json()["need_id"] != first and went_on.json()["redirect"].startswith("/needs#")


def test_going_to_the_need_already_submitted_discards_the_draft(domain_client: TestClient) -> None:
    """The other choice, said as plainly (a new user's trial, 2026-11-30: the draft the enterprise abandoned for
    the need it had submitted stayed a draft on "my needs", and the chat page reopened it): "转到已提交的需求，放弃
    这份草稿" takes the draft back (withdrawn: never submitted, published or matched) and goes to the earlier need."""
    c, as_ = domain_client, Logins(domain_client)
    first, _review = submitted_need(c, as_("ent-a"))
    ui = TestClient(c.app)
    assert form_login(ui, "ent-a").status_code == 303
    chat = ui.post("/ui/intake/message", json={"text": NEED_TEXT}).json()
    ui.post("/ui/intake/message", json={"text": ANSWER_TEXT, "session_id": chat["session_id"]})
    draft = chat["need_id"]
    for lang, discard in (("zh", "转到已提交的需求，放弃这份草稿"),
                          ("en", "Go to the need already submitted and discard this draft")):
        similar = ui.post(f"/ui/intake/submit?lang={lang}",
                          json={"session_id": chat["session_id"], "check_similar": True}).json()["similar"]
        assert similar["discard"] == discard and similar["go_on"] and similar["choose"], similar

    # another enterprise cannot discard it, nor may the earlier need be another's
    other = TestClient(c.app)
    assert form_login(other, "ent-b").status_code == 303
    refused = other.post("/ui/intake/similar/discard", json={"session_id": chat["session_id"], "need_id": first})
    assert refused.status_code == 404, refused.text
    assert c.get(f"/api/v1/needs/{draft}", headers=as_("ent-a")).json()["status"] == "ready"

    gone = ui.post("/ui/intake/similar/discard", json={"session_id": chat["session_id"], "need_id": first})
    assert gone.status_code == 200, gone.text
    assert gone.json()["redirect"] == f"/needs#{first}"
    assert c.get(f"/api/v1/needs/{draft}", headers=as_("ent-a")).json()["status"] == "withdrawn"
    assert c.get(f"/api/v1/needs/{first}", headers=as_("ent-a")).json()["status"] == "in_review"
    page = ui.get("/needs").text
    card = page.split(f'id="{draft}"', 1)[1].split("</li>", 1)[0]
    assert "继续填写" not in card and "已撤回" in card, card
    assert chat["session_id"] not in ui.get("/intake").text  # the chat page does not reopen it


def test_a_discard_clicked_twice_stands_and_a_draft_submitted_meanwhile_is_not_discarded(
        domain_client: TestClient) -> None:
    """A double click discards once and goes to the earlier need both times; a draft submitted meanwhile (from
    another tab) is not taken back by the discard: 409, naming the conversation, and it stays submitted."""
    c, as_ = domain_client, Logins(domain_client)
    first, _review = submitted_need(c, as_("ent-a"))
    ui = TestClient(c.app)
    assert form_login(ui, "ent-a").status_code == 303
    chats = []
    for _ in range(2):
        chat = ui.post("/ui/intake/message", json={"text": NEED_TEXT}).json()
        ui.post("/ui/intake/message", json={"text": ANSWER_TEXT, "session_id": chat["session_id"]})
        chats.append(chat)
        body = {"session_id": chat["session_id"], "need_id": first}
        if len(chats) == 1:
            for _click in range(2):
                gone = ui.post("/ui/intake/similar/discard", json=body)
                assert gone.status_code == 200 and gone.json()["redirect"] == f"/needs#{first}", gone.text
    body = {"session_id": chats[1]["session_id"], "need_id": first}
    assert ui.post("/ui/intake/submit", json={"session_id": chats[1]["session_id"]}).status_code == 200
    late = ui.post("/ui/intake/similar/discard", json=body)
    assert late.status_code == 409 and late.json()["error"]["field"] == "session_id", late.text
    assert c.get(f"/api/v1/needs/{chats[1]['need_id']}", headers=as_("ent-a")).json()["status"] == "in_review"
