"""The demo center's opportunities page in real headless Chromium (a new user's trial, 2026-11-29: demo-center read
only "暂时没有与贵机构相符的已发布需求"): demo-center opens it from its menu, finds the fitting published need, no
detail of a confidential one, the count of needs published now, and says it can help; the association sees it on the
need's review. Screenshots ``opportunities-demo-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, dont_see, go, nav, see, seed_world, serve, shot
from tests.api.test_ui_opportunities_browser import CONFIDENTIAL, SECRET, _submit
from tests.api.uihelpers import NEED_TEXT

pytestmark = BROWSER_MARKS

STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("opportunities-demo-home")
    settings, passwords = seed_world(home)
    STATE["public"] = _submit(settings, text=NEED_TEXT, title="储能电芯热失控试验")
    STATE["secret"] = _submit(settings, text=CONFIDENTIAL, confidential=True, redactions=[SECRET])
    with serve(settings, passwords) as server:
        yield server


def test_the_demo_center_finds_a_fitting_need_and_says_it_can_help(people: People) -> None:
    public_id, review_id = STATE["public"]
    center = people.login("demo-center")
    nav(center, "opportunities")
    see(center, "可承接需求")
    card = center.locator(f'li.opportunity[data-need="{public_id}"]')
    see(card, "储能电芯热失控试验")
    see(card, "匹配度")
    see(center, "目前共有 2 条已发布需求")
    for detail in (SECRET, "针刺", CONFIDENTIAL[:12]):
        dont_see(center, detail)
    shot(center, "opportunities-demo-center")

    card.locator("input[name=note]").fill("本中心下周可安排热失控试验")
    card.locator("form.help-form button").click()
    see(center, "已告知协会")
    see(center.locator(f'li.opportunity[data-need="{public_id}"] .helped'), "本中心下周可安排热失控试验")
    shot(center, "opportunities-demo-center-helped")

    assoc = people.login("demo-association")
    go(assoc, f"/review/{review_id}")
    expect(assoc.locator("#can-help")).to_contain_text("本中心下周可安排热失控试验")
    shot(assoc, "opportunities-demo-association")
