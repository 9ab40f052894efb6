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
    TO_ACCEPTED,
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
    STATE["accepted"] = engagement_through(settings, CENTER, TO_ACCEPTED)
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


def test_the_two_ratings_are_two_named_steps_and_the_replaced_one_is_marked(people: People) -> None:
    # "服务质量问卷 / 提交问卷" and "满意度 ★ / 提交评价" side by side, and after rating again both ratings listed alike
    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{STATE['accepted']}")
    feedback = ent.locator("#feedback")
    expect(feedback.locator("#rating-steps")).to_contain_text("计入该机构的服务质量评价")
    expect(feedback.locator("#questionnaire-form h3")).to_have_text("① 服务质量问卷（只提交一次）")
    expect(feedback.locator("form.feedback-form h3")).to_have_text("② 总体满意度（以最后一次为准）")
    for stars in ("5", "4"):
        form = ent.locator("form.feedback-form")
        form.locator(f"input[name=satisfaction][value='{stars}']").check()
        with ent.expect_navigation():
            form.locator("button[type=submit]").click()
    feedback = ent.locator("#feedback")
    expect(feedback.locator(".rating.superseded")).to_have_count(1)
    expect(feedback.locator(".rating.superseded")).to_contain_text("已被后来的评分取代")
    expect(feedback.locator(".rating.superseded s")).to_contain_text("(5/5)")
    expect(feedback.locator(".rating.counting")).to_contain_text("(4/5)")
    expect(feedback.locator(".rating.counting")).to_contain_text("以此为准")
    shot(ent, "trial3-3-two-ratings")
