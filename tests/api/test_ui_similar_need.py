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
