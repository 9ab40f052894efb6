"""The coordinators' console at volume (2026-11-28): a work list's SQL statements do not grow with its rows.

A province's platform holds thousands of needs; the review queue and the engagement board read each card's need
(its owner, its review, its grants, its enterprise's consents, the need itself) and each review's rounds and "can
help" offers. Read one by one that was five to seven statements a card, so a queue of 2,000 needs ran some 10,000
statements. The same pages are counted here at two sizes: the count must be the same."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event as sa_event

from core.db import get_engine
from flows import worklists
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login

# What each person opens: the pages and the list API behind them.
PAGES: dict[str, tuple[str, ...]] = {
    "coord-assoc": ("/review", "/review?status=all", "/review?status=all&q=电池&sort=budget", "/engagements",
                    "/api/v1/reviews?status=pending", "/api/v1/reviews"),
    "coord-center": ("/review?status=all", "/api/v1/reviews"),
    "admin": ("/review?status=all", "/engagements", "/api/v1/reviews"),
}


@contextmanager
def _counted(engine: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)


def _counts(c: TestClient, pages: dict[str, TestClient], as_: Logins, engine: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for user, paths in PAGES.items():
        for path in paths:
            with _counted(engine) as statements:
                answer = c.get(path, headers=as_(user)) if path.startswith("/api/") else pages[user].get(path)
            assert answer.status_code == 200, (user, path, answer.text[:300])
            out[f"{user} {path}"] = len(statements)
    return out


def test_the_queue_and_the_board_run_as_many_statements_for_nine_needs_as_for_three(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    pages = {}
    for user in PAGES:
        pages[user] = TestClient(c.app)
        assert form_login(pages[user], user).status_code == 303
        as_(user)  # logged in before anything is counted
    engine = get_engine(domain_world.settings)
    made, counted = 0, {}
    for size in (3, 9):
        while made < size:
            _need, review = submitted_need(c, as_("ent-a"))
            if made % 3 == 0:  # every third accepted: an engagement on the board
                accept_first(c, as_("coord-assoc"), review)
            made += 1
        counted[size] = _counts(c, pages, as_, engine)
    grew = {page: (counted[3][page], counted[9][page]) for page in counted[3] if counted[9][page] != counted[3][page]}
    assert grew == {}, grew
    # The cards are all there, and search still finds them.
    queue = pages["coord-assoc"].get("/review?status=all").text
    assert c.get("/api/v1/reviews", headers=as_("coord-assoc")).json()["total"] == 6  # pending: three accepted
    assert queue.count('class="card review-item') == 9


def test_the_queue_shows_a_page_of_cards_and_says_how_many_in_all(domain_client: TestClient,
                                                                  monkeypatch: Any) -> None:
    """A page shows QUEUE_PAGE cards (three here), says how many there are, and leads to the next; filters and search
    work over all of them, and keep to the page's address."""
    monkeypatch.setattr(worklists, "QUEUE_PAGE", 3)
    c, as_ = domain_client, Logins(domain_client)
    for i in range(7):
        submitted_need(c, as_("ent-a"), title=f"第{i}号电池包检测")
    co = TestClient(c.app)
    assert form_login(co, "coord-assoc").status_code == 303
    first = co.get("/review").text
    assert first.count('class="card review-item') == 3
    assert "共 7 条" in first and "第 1 页，共 3 页" in first and 'href="/review?page=2" rel="next"' in first
    last = co.get("/review?page=3").text
    assert last.count('class="card review-item') == 1 and 'href="/review?page=2" rel="prev"' in last
    found = co.get("/review?q=第5号&sort=newest").text
    assert found.count('class="card review-item') == 1 and "第5号电池包检测" in found and "共 1 条" in found
    english = co.get("/review?page=2&lang=en").text
    assert "7 in all" in english and "Page 2 of 3" in english
    beyond = co.get("/review?page=9")  # past the last page: the last page
    assert beyond.status_code == 200 and beyond.text.count('class="card review-item') == 1
    bad = co.get("/review?page=x")
    assert bad.status_code == 400 and "The page must be a whole number: x" in bad.text  # the English page, as chosen


def test_a_board_column_shows_its_first_cards_says_how_many_and_leads_to_the_rest(domain_client: TestClient,
                                                                                 monkeypatch: Any) -> None:
    """A column holds BOARD_COLUMN cards (two here) and its full count, with a link to that state alone, which holds
    BOARD_STATE (three here) and says how many more the search can find."""
    monkeypatch.setattr(worklists, "BOARD_COLUMN", 2)
    monkeypatch.setattr(worklists, "BOARD_STATE", 3)
    c, as_ = domain_client, Logins(domain_client)
    for i in range(5):
        _need, review = submitted_need(c, as_("ent-a"), title=f"第{i}号电池包检测")
        accept_first(c, as_("coord-assoc"), review)
    co = TestClient(c.app)
    assert form_login(co, "coord-assoc").status_code == 303
    board = co.get("/engagements").text
    assert board.count('class="card work-card board-card') == 2 and '<span class="count">5</span>' in board
    assert "还有 3 条，只看此状态" in board
    link = re.search(r'<p class="small board-more"><a href="([^"]+)"', board)
    assert link is not None
    one_state = co.get(link.group(1).replace("&amp;", "&")).text
    assert one_state.count('class="card work-card board-card') == 3 and "还有 2 条未显示" in one_state
    found = co.get(link.group(1).replace("&amp;", "&") + "&q=第4号").text
    assert found.count('class="card work-card board-card') == 1 and "第4号电池包检测" in found
