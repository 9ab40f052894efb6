"""The enterprise sees what is happening to its need, and why a center was chosen (a new user's trial: "my needs"
said only 等待中 until a center was accepted, then only its name). Real Chromium, Chinese and English.

While the association reviews: how many centers may suit the need, when it was submitted and last matched, and no
name of a center the coordinator has not vetted. Once a center is chosen: the coordinator's explanation of that
proposal (flows.explanations, the review page's), said for the enterprise, with the center's public profile.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    CJK,
    PHONE,
    LiveServer,
    People,
    api_login,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
    sideways,
)
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared world with two needs of the demo enterprise: one chosen for the demo center, one in review."""
    settings, passwords = seed_world(tmp_path_factory.mktemp("need-progress-home"))
    engagement_through(settings, "qic-js-battery", [])
    engagement_through(settings, None, [], need={"title": "电芯热失控试验（审核中）"})
    with serve(settings, passwords) as server:
        yield server


def _proposed_names(server: LiveServer) -> list[str]:
    """The names of the centers proposed for the pending need that fit it well (band high), as the association reads
    them: those the enterprise is told were found for it (flows.need_progress.found_for_you; in this world somebody
    can answer for each provider)."""
    assert server.settings is not None
    app = create_app(server.settings, ApiConfig(deliver_in_process=False),
                     matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            queue = c.get("/api/v1/reviews", headers=api_login(c, "demo-association")).json()["items"]
            return [p["center_name"] for r in queue for p in r["proposals"] if p["band"] == "high"]
    finally:
        matcher.reset()
        dispose_engines()


def test_the_enterprise_reads_how_far_the_review_got_and_why_its_center_was_chosen(
        people: People, live_server: LiveServer) -> None:
    names = _proposed_names(live_server)
    assert names
    page = people.login("demo-enterprise")
    go(page, "/needs")
    pending = page.locator("li.need-item", has_text="审核中")
    progress = pending.locator(".match-progress")
    expect(progress).to_contain_text(f"已为您找到 {len(names)} 家与您的需求契合的机构，协会正在审核")
    expect(progress).to_contain_text("提交")
    for name in names:
        expect(pending).not_to_contain_text(name)
    chosen = page.locator("li.need-item[data-review-status=accepted]")
    why = chosen.locator(".why-chosen")
    expect(why).to_contain_text("为什么选这家机构")
    expect(why.locator("li.req").first).to_be_visible()
    expect(why.locator("li.req[data-kind=service_type]")).to_contain_text("检验检测")
    profile = why.locator("a.center-profile")
    expect(profile).to_have_attribute("href", "/centers/qic-js-battery")
    shot(page, "need-progress-1-zh")

    english = people.login("demo-enterprise", lang="en", viewport=PHONE)  # English on a phone
    go(english, "/needs")
    pending_en = english.locator("li.need-item[data-review-status=pending]")
    expect(pending_en.locator(".match-progress")).to_contain_text(f"We found {len(names)}")
    why_en = english.locator("li.need-item[data-review-status=accepted] .why-chosen")
    expect(why_en).to_contain_text("Why this center")
    expect(why_en.locator("li.req[data-kind=service_type]")).to_contain_text("inspection and testing")
    # no Chinese of the page's own: its words (the heading, the labels, each verdict, the link) are English; the
    # need's product, a capability's name, the center's are data, quoted as they are on record
    own = why_en.locator("summary, .tag, .req-state, a.center-profile, .why-all-met, .why-missing")
    assert own.count() > 5
    for text in own.all_inner_texts():
        assert not CJK.search(text.replace("动力电池", "")), text
    assert sideways(english) <= 0  # the reasons wrap on a phone's width
    shot(english, "need-progress-2-en")
