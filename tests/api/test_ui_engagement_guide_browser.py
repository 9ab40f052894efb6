"""Issue 30, item 6, in real headless Chromium: the engagement page's stepper, whose turn it is and what happens
next follow an engagement through two steps taken on the pages — the center hands in its plan on the plan's own
form, the association reviews it on the review's own form (a blank opinion refused beside the field, the reviewers
typed kept) — and the page fits a 390 px phone with no sideways scroll.

The fixture takes one engagement of the demo enterprise with the demo center to "team formed" through the API; the
rest is pages only. Screenshots ``guide-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
    sideways,
)
from tests.api.domainhelpers import AGREEMENT
from tests.pipeline.test_pipeline_attachments import pdf

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("guide-home")
    settings, passwords = seed_world(home)
    STATE["engagement"] = engagement_through(settings, CENTER, [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {}),
        ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}})])
    STATE["review"] = engagement_through(settings, None, [])  # a second need, waiting for review
    with serve(settings, passwords) as server:
        yield server


def _at(page: Page, step: str, turn: str, *, yours: bool) -> None:
    expect(page.locator('#progress .stepper li[aria-current="step"]')).to_have_attribute("data-step", step)
    expect(page.locator("#turn")).to_have_attribute("data-turn", turn)
    expect(page.locator("#turn .yours")).to_have_count(1 if yours else 0)


def _fits(page: Page) -> None:
    wide = sideways(page)
    assert wide <= 0, f"{page.url} scrolls sideways by {wide} px"



def _refused_beside(form: Locator, field: Locator, message: str) -> None:
    """A step refused where it was typed: the one field marked, and the one error beside it saying what is missing."""
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field-error")).to_have_count(1)
    expect(form.locator(".field-error")).to_contain_text(message)


def test_two_steps_on_their_own_forms_move_the_stepper_and_the_turn(people: People) -> None:
    path = f"/engagements/{STATE['engagement']}"
    center = people.login("demo-center")
    go(center, path)
    _at(center, "team_formed", "center", yours=True)
    expect(center.locator("#next")).to_contain_text("提交服务方案")
    plan = center.locator('form.step-form[data-step="submit_plan"]')
    expect(plan.locator("textarea")).to_have_count(1)
    expect(plan.locator("textarea[name=plan]")).to_have_attribute("required", "")
    shot(center, "guide-1-center-team-formed")
    plan.locator("textarea[name=plan]").fill("按 GB 38031-2020 第8.2条做针刺试验，样品 20 只")
    with center.expect_navigation():
        plan.get_by_role("button", name="提交服务方案", exact=True).click()
    _at(center, "plan_review", "center association", yours=False)  # whoever wrote the plan does not review it

    enterprise = people.login("demo-enterprise", viewport=PHONE)
    go(enterprise, path)
    _at(enterprise, "plan_review", "center association", yours=False)
    expect(enterprise.locator("#next")).to_contain_text("评审通过")
    _fits(enterprise)
    shot(enterprise, "guide-2-enterprise-phone-plan-review")

    assoc = people.login("demo-association")
    go(assoc, path)
    _at(assoc, "plan_review", "center association", yours=True)
    review = assoc.locator('form.step-form[data-step="approve_plan"]')
    review.locator("textarea[name=reviewers]").fill("王工\n李工")
    review.locator("textarea[name=opinion]").fill("   ")  # typed, but nothing said
    with assoc.expect_navigation():
        review.get_by_role("button", name="评审通过", exact=True).click()
    review = assoc.locator('form.step-form[data-step="approve_plan"]')
    expect(review.locator("textarea[name=reviewers]")).to_have_value("王工\n李工")  # kept
    opinion = review.locator("textarea[name=opinion]")
    _refused_beside(review, opinion, "请填写评审意见")
    expect(assoc.locator('form.step-form[data-step="reject_plan"] .field-error')).to_have_count(0)
    assert "error" not in assoc.url
    _at(assoc, "plan_review", "center association", yours=True)  # nothing moved
    shot(assoc, "guide-3-association-blank-opinion")
    opinion.fill("方案可行，样品数量足以判定一致性")
    with assoc.expect_navigation():
        review.get_by_role("button", name="评审通过", exact=True).click()
    _at(assoc, "delivering", "center", yours=False)
    expect(assoc.locator("#due")).to_be_visible()  # the agreement's deadline
    shot(assoc, "guide-4-association-approved")

    go(enterprise, path)
    _at(enterprise, "delivering", "center", yours=False)
    _fits(enterprise)
    shot(enterprise, "guide-5-enterprise-phone-delivering")
    go(center, path)
    _at(center, "delivering", "center", yours=True)
    # The delivery hands over the results (seed 000 Figure 1: 交付, then 验收 on them): sent with no file it is
    # refused beside the file field, the note typed kept, and nothing moves; with a file it goes to acceptance.
    delivery = center.locator("form.delivery-form")
    delivery.locator("textarea[name=note]").fill("检测报告已出具，随附原始记录")
    with center.expect_navigation():
        delivery.locator("button[type=submit]").click()
    delivery = center.locator("form.delivery-form")
    expect(delivery.locator("textarea[name=note]")).to_have_value("检测报告已出具，随附原始记录")  # kept
    files = delivery.locator("input[name=files]")
    _refused_beside(delivery, files, "请附上至少一个成果文件")
    _at(center, "delivering", "center", yours=True)  # nothing moved
    shot(center, "guide-8-center-delivery-without-a-file")
    files.set_input_files({"name": "检测报告.pdf", "mimeType": "application/pdf", "buffer": pdf()})
    with center.expect_navigation():
        delivery.locator("button[type=submit]").click()
    _at(center, "acceptance", "enterprise", yours=False)
    expect(center.locator(".delivery-item")).to_contain_text("检测报告.pdf")
    shot(center, "guide-9-center-delivered")


def test_the_intake_guide_fits_a_phone(people: People) -> None:
    ent = people.login("demo-enterprise", viewport=PHONE)
    go(ent, "/intake?new=1")
    guide = ent.locator("#intake-guide")
    expect(guide).to_have_attribute("open", "")
    expect(guide.locator("tbody tr")).to_have_count(8)
    expect(guide.locator('tr[data-step="raised"]')).to_contain_text("个工作日")
    _fits(ent)
    shot(ent, "guide-6-intake-phone")
    go(ent, "/needs")
    expect(ent.locator(".submitted-guide").first).to_contain_text("个工作日内完成")
    _fits(ent)
    shot(ent, "guide-7-needs-phone-submitted", full_page=False)
