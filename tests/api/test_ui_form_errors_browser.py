"""A refused form in real headless Chromium names every wrong field at once, each beside its field, and keeps what was
typed (never a password): the registration, and the enterprise's satisfaction form, whose refusal goes back to the
engagement page with the stars still chosen and the complaint still typed ("Forms lose input on errors", the product
brief). Screenshots ``form-errors-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
from tests.api.domainhelpers import AGREEMENT, DELIVERY

pytestmark = BROWSER_MARKS

GOOD = "Zhiliang-Jiance-2031"
TYPED = {"org_name": "宜兴环保装备有限公司", "credit_code": "12345", "username": "demo-enterprise",
         "display_name": "张工", "email": "zhang@example"}


STATE: dict[str, Any] = {}
COMPLAINT = "纸质报告比约定晚了一周寄到"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("ui-form-errors-home"))
    STATE["engagement"] = engagement_through(settings, "qic-js-battery", [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {}),
        ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
        ("demo-center", "submit_plan", {"plan": "按 GB 38031 第 8.2 条做单体热失控试验"}),
        ("demo-association", "approve_plan", {"opinion": "方案可行"}),
        ("demo-center", "submit_results", {"delivery": DELIVERY}),
        # the stars are asked once the results are accepted (a new user's trial, 2026-11-29)
        ("demo-enterprise", "pass_acceptance", {"reasons": ["报告完整"]})])
    with serve(settings, passwords) as server:
        yield server


def test_a_registration_shows_every_wrong_field_at_once_and_keeps_what_was_typed(people: People) -> None:
    visitor = people.open()
    visitor.goto(f"{people.server.url}/register")
    form = visitor.locator("#register-form")
    for name, value in TYPED.items():
        form.locator(f"input[name={name}]").fill(value)
    form.locator("input[name=password]").fill("12345678")
    form.locator("input[name=password_again]").fill("12345679")
    form.locator("button[type=submit]").click()

    see(visitor.locator("#register-error"), "有 5 处需要改正")
    form = visitor.locator("#register-form")
    wrong = {"credit_code": "统一社会信用代码", "username": "已被使用", "email": "邮箱",
             "password": "密码", "password_again": "两次输入的密码不一致"}
    for name, words in wrong.items():
        field = form.locator(f"[name={name}]")
        expect(field).to_have_attribute("aria-invalid", "true")
        note = form.locator(f"#field-error-{name}")
        expect(note).to_be_visible()
        expect(note).to_contain_text(words)
        expect(field).to_have_attribute("aria-describedby", f"field-error-{name}" if name not in
                                        ("username", "password") else f"field-error-{name} {name}-rule")
    expect(form.locator(".field-error")).to_have_count(len(wrong))
    expect(form.locator("[name=org_name]")).not_to_have_attribute("aria-invalid", "true")
    for name, value in TYPED.items():  # what was typed is all there
        expect(form.locator(f"input[name={name}]")).to_have_value(value)
    expect(form.locator("input[name=password]")).to_have_value("")  # never a password
    expect(form.locator("input[name=password_again]")).to_have_value("")
    shot(visitor, "form-errors-1-registration")

    # the fields put right, the registration goes through on the next submit
    form.locator("input[name=credit_code]").fill("")
    form.locator("input[name=username]").fill("yx-zhang")
    form.locator("input[name=email]").fill("zhang@example.cn")
    form.locator("input[name=password]").fill(GOOD)
    form.locator("input[name=password_again]").fill(GOOD)
    form.locator("button[type=submit]").click()
    see(visitor.locator("#register-done"), "等待协会审核")


def test_a_refused_satisfaction_form_comes_back_with_the_stars_and_the_complaint(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{STATE['engagement']}")
    form = ent.locator("form.feedback-form")
    form.locator("textarea[name=complaint]").fill(COMPLAINT)  # a complaint without stars is taken
    with ent.expect_navigation():
        form.locator("button[type=submit]").click()
    see(ent.locator("#feedback"), COMPLAINT)
    form = ent.locator("form.feedback-form")
    form.locator("input[name=satisfaction][value='2']").check()
    form.locator("textarea[name=complaint]").fill(COMPLAINT)  # the same complaint again, with stars
    with ent.expect_navigation():
        form.locator("button[type=submit]").click()
    form = ent.locator("form.feedback-form")
    complaint = form.locator("textarea[name=complaint]")
    expect(complaint).to_have_value(COMPLAINT)
    expect(complaint).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#field-error-complaint")).to_contain_text("已经提交过")
    expect(form.locator("input[name=satisfaction][value='2']")).to_be_checked()
    expect(ent.locator("#feedback .feedback-item")).to_have_count(1)  # nothing kept of the refused submit
    shot(ent, "form-errors-2-satisfaction")
