"""English phrases that read wrong on the pages the enterprise and the association's coordinator see (a new user's
trial, 2026-11-30): the engagement's "Now with: <enterprise> or <provider> your turn", "Why you withdraw", and, read
on the same pages, "Why the engagement ends", "Allowed steps", "Deadline the need asked for". Real Chromium, English,
an engagement in 技术、商务沟通; the Chinese page keeps its words. Screenshots ``english-phrases-…``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, engagement_through, go, seed_world, serve, shot

pytestmark = BROWSER_MARKS

ENGAGEMENT: dict[str, str] = {}
# Said wrong before (each once on these pages): none may come back
WRONG = ("Now with", "your turn", "Why you withdraw", "Why the engagement ends", "Allowed steps",
         "Deadline the need asked for")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared world with the demo enterprise's need accepted for the demo center, in 技术、商务沟通."""
    settings, passwords = seed_world(tmp_path_factory.mktemp("english-phrases-home"))
    ENGAGEMENT["id"] = engagement_through(settings, "qic-js-battery", [])
    with serve(settings, passwords) as server:
        yield server


def test_the_engagement_page_reads_as_english(people: People, live_server: LiveServer) -> None:
    path = f"/engagements/{ENGAGEMENT['id']}"
    enterprise = people.login("demo-enterprise", lang="en")
    go(enterprise, path)
    turn = enterprise.locator("#turn")
    expect(turn).to_contain_text("Next to act:")
    expect(turn.locator(".yours")).to_have_text("Your turn")
    expect(enterprise.locator("main")).to_contain_text("Steps you can take")
    expect(enterprise.locator("main")).to_contain_text("Requested deadline")
    expect(enterprise.locator("form:has(button[value=withdraw])")).to_contain_text("Reason for withdrawing")
    text = enterprise.locator("main").inner_text()
    assert not [w for w in WRONG if w in text], text
    shot(enterprise, "english-phrases-1-enterprise")

    coordinator = people.login("demo-association", lang="en")
    go(coordinator, path)
    expect(coordinator.locator("#turn")).to_contain_text("Next to act:")
    expect(coordinator.locator("form:has(button[value=terminate])")).to_contain_text(
        "Reason for ending the engagement")
    text = coordinator.locator("main").inner_text()
    assert not [w for w in WRONG if w in text], text
    shot(coordinator, "english-phrases-2-association")

    chinese = people.login("demo-enterprise")
    go(chinese, path)
    expect(chinese.locator("#turn")).to_contain_text("当前由")
    expect(chinese.locator("#turn .yours")).to_have_text("轮到您办理")
    expect(chinese.locator("form:has(button[value=withdraw])")).to_contain_text("撤回理由")
