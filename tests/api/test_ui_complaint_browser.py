"""Issue 30, item 2, in real headless Chromium: a complaint is closed by the enterprise's confirmation, in the pages
alone. The enterprise complains on its engagement page; the center records its handling; the enterprise reads
"handled, awaiting your confirmation" with the day it has to answer by, reopens the complaint with its reason; the
center handles it again; the enterprise confirms (asked first, naming the complaint) and the complaint is closed,
its history naming both sides' steps. The closed complaint on a 390 px phone in English, nothing scrolling sideways.
Screenshots ``complaint-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    LiveServer,
    People,
    engagement_through,
    go,
    see,
    seed_world,
    serve,
    shot,
)
from tests.api.domainhelpers import AGREEMENT, DELIVERY

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
COMPLAINT = "纸质报告比约定晚了一周寄到"
STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("complaint-home")
    settings, passwords = seed_world(home)
    STATE["engagement"] = engagement_through(settings, CENTER, [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {}),
        ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
        ("demo-center", "submit_plan", {"plan": "按 GB 38031 第 8.2 条做单体热失控试验"}),
        ("demo-association", "approve_plan", {"opinion": "方案可行"}),
        ("demo-center", "submit_results", {"delivery": DELIVERY})])
    with serve(settings, passwords) as server:
        yield server


def _submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def _handle(center: Page, text: str) -> None:
    go(center, f"/engagements/{STATE['engagement']}")
    center.locator("form.handling-form textarea[name=handling]").fill(text)
    _submit(center, "form.handling-form")
    see(center.locator("#feedback"), text)
    expect(center.locator("#feedback .complaint-state")).to_have_attribute("data-complaint-state", "handled")
    expect(center.locator("form.complaint-confirm-form")).to_have_count(0)  # the provider cannot close it


def test_a_complaint_is_closed_by_the_enterprises_confirmation(people: People) -> None:
    eng = STATE["engagement"]
    ent, center = people.login("demo-enterprise"), people.login("demo-center")
    go(ent, f"/engagements/{eng}")
    ent.locator("form.feedback-form textarea[name=complaint]").fill(COMPLAINT)
    _submit(ent, "form.feedback-form")
    see(ent.locator("#feedback"), COMPLAINT)
    expect(ent.locator("#feedback .complaint-state")).to_have_attribute("data-complaint-state", "open")

    _handle(center, "已核实为快递延误，已补寄并改用加急寄送")
    go(ent, f"/engagements/{eng}")
    feedback = ent.locator("#feedback")
    see(feedback, "已处理，待企业确认")
    see(feedback.locator(".complaint-confirm-by"), "前确认处理结果")
    shot(ent, "complaint-01-awaiting-the-enterprise")
    feedback.locator("form.complaint-reopen-form textarea[name=reason]").fill("补寄的报告缺少原始记录")
    _submit(ent, "form.complaint-reopen-form")
    expect(ent.locator("#toast")).to_contain_text("已重新投诉")
    expect(ent.locator("#feedback .complaint-state")).to_have_attribute("data-complaint-state", "open")

    _handle(center, "已补寄原始记录并电话确认收到")
    go(ent, f"/engagements/{eng}")
    asked: list[str] = []
    ent.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    _submit(ent, "form.complaint-confirm-form")
    assert asked and asked[0].startswith(f"确认后，投诉「{COMPLAINT}」即关闭"), asked
    expect(ent.locator("#toast")).to_contain_text("投诉已关闭")
    feedback = ent.locator("#feedback")
    expect(feedback.locator(".complaint-state")).to_have_attribute("data-complaint-state", "closed")
    see(feedback.locator(".complaint-state"), "由委托企业确认后关闭")
    steps = feedback.locator(".complaint-history li")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_contain_text("登记处理结果（已解决）")
    expect(steps.nth(1)).to_contain_text("企业不满意，重新投诉")
    expect(steps.nth(1)).to_contain_text("补寄的报告缺少原始记录")
    expect(steps.nth(3)).to_contain_text("企业确认处理结果")
    expect(feedback.locator("form.complaint-reopen-form, form.complaint-confirm-form")).to_have_count(0)
    shot(ent, "complaint-02-closed-by-the-enterprise")

    phone = people.login("demo-enterprise", viewport=PHONE, lang="en")
    go(phone, f"/engagements/{eng}")
    feedback = phone.locator("#feedback")
    see(feedback, "closed on the client's confirmation")
    see(feedback, "the enterprise reopened the complaint")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "complaint-03-closed-phone-en")
