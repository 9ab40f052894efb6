"""What a new user's trial in real Chromium found on the engagement pages (2026-11-29, the third list), in headless
Chromium: a refused price stands at its field, not at the top of a long page. Screenshots ``trial3-…`` in
test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import (
    ARTIFACTS,
    BROWSER_MARKS,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
)

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("trial3-home")
    settings, passwords = seed_world(home)
    STATE["agreed"] = engagement_through(settings, CENTER, [("demo-enterprise", "reach_agreement", {})])
    with serve(settings, passwords) as server:
        yield server


def test_a_negative_price_is_refused_at_its_field(people: People) -> None:
    # "“-80000”不是一个金额…" stood at the top of the page, about 1000 px above the agreement's form, and -80000 is an
    # amount: a negative one
    center = people.login("demo-center")
    go(center, f"/engagements/{STATE['agreed']}")
    form = center.locator("form.agreement-form")
    for name, value in (("scope", "单体热失控试验"), ("deliverables", "CMA 检测报告"), ("price_yuan", "-80000"),
                        ("schedule", "六周"), ("deadline", "2031-06-30"), ("confidentiality_clause", "双方保密")):
        form.locator(f"[name={name}]").fill(value)
    with center.expect_navigation():
        form.locator("button[type=submit]").click()
    form = center.locator("form.agreement-form")
    price = form.locator("[name=price_yuan]")
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(price).to_have_value("-80000")  # kept
    expect(form.locator(".field-error")).to_have_count(1)
    expect(form.locator(".field-error")).to_contain_text("金额不能是负数")
    expect(form.locator(".field-error")).not_to_contain_text("不是一个金额")
    # said once, where it was typed: the page's top does not say it again, a screen away from the form
    expect(center.locator("main p.error[role=alert]")).to_be_hidden()
    expect(price).to_be_in_viewport()
    center.screenshot(path=str(ARTIFACTS / "trial3-1-agreement-negative-price-view.png"))  # as it stands, scrolled
    shot(center, "trial3-2-agreement-negative-price-whole")
