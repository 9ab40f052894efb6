"""The association's coordinator signs in from the start page's front door in real headless Chromium (a new user's
trial, 2026-11-30, demo-association: "the coordinator's home page after login is the public catalog rather than their
work queue"): 登录并发布需求 asked for the enterprise's chat, which refused the coordinator, and 返回首页 led to the
catalog. It now lands on its review queue, in both languages. Screenshots ``landing-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, serve_world, shot

pytestmark = [*BROWSER_MARKS]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_world(tmp_path_factory.mktemp("landing-home")) as server:
        yield server


@pytest.mark.parametrize(("lang", "heading"), [("zh", "审核队列"), ("en", "Review queue")])
def test_the_coordinator_from_the_front_door_lands_on_its_review_queue(people: People, lang: str,
                                                                       heading: str) -> None:
    page = people.open(lang=lang)
    page.goto(f"{people.server.url}/")
    page.locator('.front-door a[href="/login?next=/intake"]').click()
    page.fill("input[name=username]", "demo-association")
    page.fill("input[name=password]", people.server.passwords["demo-association"])
    page.click("#login-form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.url.endswith("/review"), page.url
    expect(page.locator("h1")).to_contain_text(heading)
    shot(page, f"landing-1-coordinator-{lang}")
