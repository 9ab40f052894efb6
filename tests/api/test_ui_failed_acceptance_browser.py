"""A failed acceptance told to the provider, in real headless Chromium (a new user's trial, 2026-11-30): the
enterprise clicks 验收未通过 on its page with its reason; the center's page opens its next step with the verdict and
the enterprise's words, the delivery card says 验收未通过 and why, in Chinese and in English, and its inbox notice
says it too. Screenshots ``failed-acceptance-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, engagement_through, go, seed_world, serve, shot
from tests.api.domainhelpers import AGREEMENT, DELIVERY

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

REASON = "报告缺少短路试验的温度曲线"
STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("failed-acceptance-home"))
    STATE["engagement"] = engagement_through(settings, "qic-js-battery", [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {}),
        ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
        ("demo-center", "submit_plan", {"plan": "按第8.2条试验"}),
        ("demo-association", "approve_plan", {"opinion": "可行"}),
        ("demo-center", "submit_results", {"delivery": DELIVERY})])
    with serve(settings, passwords) as server:
        yield server


def test_the_center_reads_the_failed_verdict_where_it_reads_its_next_step(people: People) -> None:
    path = f"/engagements/{STATE['engagement']}"
    enterprise = people.login("demo-enterprise")
    go(enterprise, path)
    verdict = enterprise.locator('form.step-form[data-step="fail_acceptance"]')
    verdict.locator("textarea[name=reasons]").fill(REASON)
    with enterprise.expect_navigation():
        verdict.locator("button[type=submit]").click()
    expect(enterprise.locator("#progress")).to_have_attribute("data-state", "delivering")

    center = people.login("demo-center")
    go(center, path)
    expect(center.locator("#next")).to_contain_text("验收未通过")
    expect(center.locator("#next")).to_contain_text(REASON)
    card = center.locator(".delivery-item").first
    expect(card.locator(".round-verdict")).to_have_text("验收未通过")
    expect(card.locator(".round-verdict")).to_have_class("tag round-verdict status-suspended")  # a warning, not green
    expect(card.locator(".round-reasons")).to_contain_text(REASON)
    shot(center, "failed-acceptance-1-center-zh")
    go(center, f"{path}?lang=en")
    expect(center.locator("#next")).to_contain_text("were not accepted")
    expect(center.locator("#next")).to_contain_text(REASON)
    expect(center.locator(".delivery-item").first.locator(".round-verdict")).to_have_text("not accepted")
    shot(center, "failed-acceptance-2-center-en")
    go(center, "/inbox?lang=zh")
    expect(center.locator("main")).to_contain_text(REASON)
    shot(center, "failed-acceptance-3-center-inbox")
