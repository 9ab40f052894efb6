"""Issue 28, item 6, in real headless Chromium: a center coordinator opens its opportunities page from the
navigation, finds a published need that fits its center, says it can help with a short note, and the association
sees it on the need's review; a confidential need, ranked on its published summary alone, is not offered, and the
enterprise's marked words and its text are absent. Screenshots ``opportunities-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORDS
from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    SECOND_CENTER_USER,
    LiveServer,
    People,
    dont_see,
    go,
    nav,
    see,
    seed_world,
    serve,
    shot,
)
from tests.api.uihelpers import NEED_TEXT
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS

STATE: dict[str, Any] = {}
SECRET = "天枢三号"
CONFIDENTIAL = f"我们在常州做{SECRET}储能电芯，针刺后热失控，需要做动力电池热失控试验，要求出具CMA检测报告。"


def _submit(settings: Any, **need: Any) -> tuple[str, str]:
    """A need of the demo enterprise submitted by the API: (need id, review id)."""
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            token = c.post("/api/v1/auth/login", json={"username": "demo-enterprise",
                                                       "password": DEMO_PASSWORDS["demo-enterprise"]}).json()["token"]
            c.cookies.clear()
            headers = {"Authorization": f"Bearer {token}"}
            made = c.post("/api/v1/needs", headers=headers, json={"service_types": ["inspection_testing"], **need})
            assert made.status_code == 201, made.text
            submitted = c.post(f"/api/v1/needs/{made.json()['id']}/submit", headers=headers)
            assert submitted.status_code == 200, submitted.text
            return str(made.json()["id"]), str(submitted.json()["review_id"])
    finally:
        matcher.reset()
        dispose_engines()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("opportunities-home")
    settings, passwords = seed_world(home)
    STATE["public"] = _submit(settings, text=NEED_TEXT, title="储能电芯热失控试验")
    STATE["secret"] = _submit(settings, text=CONFIDENTIAL, confidential=True, redactions=[SECRET])
    with serve(settings, passwords) as server:
        yield server


def test_a_center_finds_a_fitting_need_says_it_can_help_and_the_association_sees_it(people: People) -> None:
    public_id, review_id = STATE["public"]
    secret_id, _ = STATE["secret"]
    center = people.login(SECOND_CENTER_USER)  # the provider the matcher puts first for these needs
    nav(center, "opportunities")
    see(center, "可承接需求")
    card = center.locator(f'li.opportunity[data-need="{public_id}"]')
    see(card, "储能电芯热失控试验")
    see(card, "匹配度")
    # A confidential need is ranked on its published summary alone ("某企业寻求检验检测服务"), which fits no
    # provider well enough to be offered: being offered it would tell the provider what the hidden text is about.
    expect(center.locator(f'li.opportunity[data-need="{secret_id}"]')).to_have_count(0)
    for detail in (SECRET, "针刺", CONFIDENTIAL[:12]):
        dont_see(center, detail)
    shot(center, "opportunities-center")

    card.locator("input[name=note]").fill("下周即可安排热失控试验")
    card.locator("form.help-form button").click()
    see(center, "已告知协会")
    see(center.locator(f'li.opportunity[data-need="{public_id}"] .helped'), "下周即可安排热失控试验")
    dont_see(center, SECRET)

    assoc = people.login("demo-association")
    go(assoc, "/review")
    see(assoc.locator(f'li.review-item[data-review="{review_id}"]'), "主动表示可以承接的机构")
    go(assoc, f"/review/{review_id}")
    panel = assoc.locator("#can-help")
    see(panel, "下周即可安排热失控试验")
    shot(assoc, "opportunities-association-review")
