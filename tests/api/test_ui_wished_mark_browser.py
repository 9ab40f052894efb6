"""In real headless Chromium: a mark the need only wishes for (优先：DILAC, a defence lab accreditation) that no
proposed center holds reads neutrally on the coordinator's review page — "不具备（不影响入选）" / "not held (does not
affect selection)", not the "未覆盖" / "not covered" of a missed requirement (a new user's trial, 2026-11-29).
Screenshots ``wished-mark-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, engagement_through, go, seed_world, serve, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("wished-home")
    settings, passwords = seed_world(home)
    STATE["review"] = engagement_through(settings, None, [], need={"preferred_qualifications": ["DILAC"]})
    with serve(settings, passwords) as server:
        yield server


def test_a_wished_mark_not_held_is_no_miss(people: People) -> None:
    for lang, said, never in (("zh", "不具备（不影响入选）", "未覆盖"),
                              ("en", "not held (does not affect selection)", "not covered")):
        assoc = people.login("demo-association", lang=lang)
        go(assoc, f"/review/{STATE['review']}")
        wished = assoc.locator(".coverage li.req[data-kind='preferred_qualification']")
        expect(wished.first).to_be_visible()
        assert wished.count() == assoc.locator("li.proposal").count()
        for i in range(wished.count()):
            line = wished.nth(i)
            expect(line).to_have_class("req wished")
            expect(line.locator(".req-what")).to_have_text("DILAC")
            expect(line.locator(".req-state")).to_have_text(said)
            expect(line).not_to_contain_text(never)
        shot(assoc, f"wished-mark-{lang}")
