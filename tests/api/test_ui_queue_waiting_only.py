"""In the review queue with status 全部, accepted needs still counted '已等待 339天' (a new user's trial, 2026-11-30):
a waiting time is said only of a review that still waits (pending); a decided one says when it was decided."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login


def _card(page: str, review_id: str) -> str:
    found = re.search(rf'<li class="card review-item[^"]*" data-review="{review_id}".*?</li>', page, re.S)
    assert found, review_id
    return found.group(0)


def test_only_a_review_that_still_waits_says_how_long(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, waiting = submitted_need(c, as_("ent-a"))
    _, decided = submitted_need(c, as_("ent-a"), text="我们是苏州的储能企业，电池包需要做针刺热失控试验，需要CMA报告。")
    accept_first(c, as_("coord-assoc"), decided)
    ui = TestClient(c.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    for lang, waited, decided_on in (("zh", "已等待", "审核于"), ("en", "Waiting", "Decided")):
        ui.cookies.set("lang", lang)
        page = ui.get("/review?status=all").text
        assert waited in _card(page, waiting), lang
        card = _card(page, decided)
        assert waited not in card and decided_on in card, (lang, card)


def test_a_need_the_enterprise_was_told_is_searched_by_hand_is_marked_in_the_queue(
        domain_client: TestClient, domain_world: World) -> None:
    """The enterprise read "协会正在人工为您查找" while nothing in the association's queue said a search was due (a new
    user's trial, 2026-11-30). Every proposal declined, nothing found stands for it: its card says 待人工查找 to the
    association."""
    c, as_ = domain_client, Logins(domain_client)
    _, searched = submitted_need(c, as_("ent-a"))
    assoc = as_("coord-assoc")
    review = c.get(f"/api/v1/reviews/{searched}", headers=assoc).json()
    for proposal in review["proposals"]:
        version = c.get(f"/api/v1/reviews/{searched}", headers=assoc).json()["version"]
        declined = c.post(f"/api/v1/reviews/{searched}/reject", headers=assoc,
                          json={"reason": "not_suitable", "center_id": proposal["center_id"], "version": version})
        assert declined.status_code == 200, declined.text
    ui = TestClient(c.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    for lang, mark in (("zh", "待人工查找"), ("en", "search by hand")):
        ui.cookies.set("lang", lang)
        page = ui.get("/review").text
        assert mark in _card(page, searched), lang
