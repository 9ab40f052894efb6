"""The association says why it chose a center, and the enterprise reads it under "为什么选这家机构" (a new user's
trial, 2026-11-30: the accept form had no reason field, so the enterprise only ever read the machine's explanation).
Real Chromium: the coordinator accepts a proposal with a reason on the review page; the enterprise reads it as the
association's words, in Chinese and in English. Screenshots ``accept-reason-…``."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    CJK,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
)

pytestmark = BROWSER_MARKS

CENTER = "qic-js-battery"
REASON = "该中心离贵司最近，去年做过同类电芯的热失控试验，报告认可度高。"
REVIEW: dict[str, str] = {}
QUOTED = re.compile(r'"[^"]*"')


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared world with one need of the demo enterprise in review."""
    settings, passwords = seed_world(tmp_path_factory.mktemp("accept-reason-home"))
    REVIEW["id"] = engagement_through(settings, None, [], need={"title": "电芯热失控试验（选定理由）"})
    with serve(settings, passwords) as server:
        yield server


def test_the_association_says_why_and_the_enterprise_reads_it(people: People, live_server: LiveServer) -> None:
    coordinator = people.login("demo-association")
    go(coordinator, f"/review/{REVIEW['id']}")
    form = coordinator.locator(f"li.proposal[data-center={CENTER}] form.accept-form")
    reason = form.locator("textarea[name=reason]")
    expect(reason).to_be_visible()
    expect(form).to_contain_text("企业可见")  # the coordinator knows who reads it
    reason.fill(REASON)
    shot(coordinator, "accept-reason-1-form")
    form.locator("button.accept").click()
    coordinator.wait_for_url(lambda url: "/review/" not in url)

    enterprise = people.login("demo-enterprise")
    go(enterprise, "/needs")
    why = enterprise.locator("li.need-item[data-review-status=accepted] .why-chosen")
    said = why.locator(".why-association")
    expect(said).to_contain_text("协会的说明")
    expect(said).to_contain_text(REASON)
    shot(enterprise, "accept-reason-2-zh")

    english = people.login("demo-enterprise", lang="en")
    go(english, "/needs")
    said_en = english.locator("li.need-item[data-review-status=accepted] .why-chosen .why-association")
    expect(said_en).to_contain_text("In the association's words")
    expect(said_en).to_contain_text(REASON)  # the association's own words, as written
    # The explanation reads as English (the trial, 2026-11-30: Chinese key terms, "Decisive phrase", "its texts
    # contain '热失控试验'"): the enterprise's and the catalog's Chinese words quoted and introduced in English
    why_en = english.locator("li.need-item[data-review-status=accepted] .why-chosen")
    expect(why_en.locator("li.req[data-kind=phrase] .tag")).to_have_text("Key requirement")
    expect(why_en.locator("li.req[data-kind=phrase]")).to_contain_text('its documents mention "')
    terms = why_en.locator(".why-terms")
    expect(terms).to_contain_text('shares with the center\'s capabilities: "')
    lines = why_en.locator("li.req, .why-terms, .why-missing").all_inner_texts()
    assert len(lines) > 3
    for line in lines:
        assert not CJK.search(QUOTED.sub("", line)), line
        assert "its texts" not in line and "Decisive" not in line, line
    shot(english, "accept-reason-3-en")
