"""Faults the walks through the UI noticed and left (docs/ui.md, "Faults left by the walks, fixed (2026-11-28)"),
each checked in real headless Chromium where a person meets it, each failing before its fix:

1. An inbox notice stayed "新" after its reader had opened the page it leads to by another way (the board, "my
   needs"): only the inbox's own button marked it read.

One world for the module: the UI catalog and the demo accounts, the demo enterprise's need accepted for the demo
center. Screenshots ``walk-faults-…``."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    LiveServer,
    People,
    engagement_through,
    go,
    see,
    seed_world,
    serve,
    shot,
)

pytestmark = BROWSER_MARKS

CENTER = "qic-js-battery"
WORLD: dict[str, str] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("walk-faults-home"))
    WORLD["matched"] = engagement_through(settings, CENTER, [])
    with serve(settings, passwords) as server:
        yield server


def test_a_notice_is_read_once_its_reader_opened_what_it_leads_to(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/inbox")
    notice = ent.locator('li.notice[data-kind="matched"]')
    expect(notice).to_have_count(1)
    see(notice, "新")
    # Opened from the board, not from the inbox
    go(ent, "/engagements")
    with ent.expect_navigation():
        ent.locator(f'a[href="/engagements/{WORLD["matched"]}"]').first.click()
    go(ent, "/inbox")
    expect(notice).not_to_contain_text("新")
    expect(notice).not_to_have_class(re.compile(r"\bunread\b"))
    see(ent.locator("#unread"), "0")
    shot(ent, "walk-faults-01-inbox-read")
