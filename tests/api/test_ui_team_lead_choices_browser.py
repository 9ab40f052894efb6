"""The team form in real headless Chromium (a new user's trial, 2026-11-29, /tmp/trial10shots b15_team_bad,
b16_after_team): the lead's choices say, for each expert, whether they meet seed 000 §4.2.1 and if not why
(kb.rules.qualifies_as_lead, the rule the team's check applies), before anything is sent; and a lead also ticked as a
member is said with the lead's own shortfall and a member's, each beside its control, in one submit. Both languages.
Screenshots ``team-lead-choices-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
)
from tests.api.domainhelpers import AGREEMENT
from tests.api.test_ui_team_errors_browser import JUNIOR, NOVICE
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = BROWSER_MARKS

STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("ui-team-lead-choices-home")
    settings, passwords = seed_world(home)
    assert do_import(settings, write_jsonl(home / "juniors.jsonl", [JUNIOR, NOVICE])).ok
    STATE["engagement"] = engagement_through(settings, "qic-js-battery", [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {})])
    with serve(settings, passwords) as server:
        yield server


def _send_team(page: Page, lead: str, members: list[str]) -> None:
    form = page.locator("form.team-form")
    form.locator("select[name=lead]").select_option(lead)
    for box in form.locator("input[name=members]").all():
        box.set_checked(box.get_attribute("value") in members)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_the_lead_s_choices_say_who_may_lead_and_a_lead_ticked_as_member_is_said_with_the_rest(
        people: People) -> None:
    center = people.login("demo-center")
    page = f"/engagements/{STATE['engagement']}"
    go(center, page)
    lead = center.locator("form.team-form select[name=lead]")
    junior = lead.locator("option[value=exp-junior]")
    expect(junior).to_contain_text("不符合组长条件")
    expect(junior).to_contain_text("需硕士或副高以上")
    expect(junior).to_contain_text("工作 3 年，需 5 年")
    expect(junior).to_contain_text("未主持过项目")
    expect(junior).to_have_attribute("data-lead-fits", "no")
    fits = lead.locator("option[data-lead-fits=yes]")
    assert fits.count() >= 1
    expect(fits.first).to_contain_text("符合组长条件")
    expect(center.locator("#lead-choices-hint")).to_contain_text("4.2.1")
    shot(center, "team-lead-choices-1-zh")

    _send_team(center, "exp-junior", ["exp-junior", "exp-novice"])
    form = center.locator("form.team-form")
    expect(form.locator("#field-error-lead")).to_contain_text("钱浩 不符合")
    expect(form.locator("#field-error-members")).to_contain_text("负责人不能同时列为成员")
    expect(form.locator("#field-error-members")).to_contain_text("孙强 不符合")
    expect(form.locator("select[name=lead]")).to_have_value("exp-junior")
    expect(form.locator("input[name=members][value=exp-novice]")).to_be_checked()
    shot(center, "team-lead-choices-2-refused")

    go(center, f"{page}?lang=en")
    junior = center.locator("form.team-form select[name=lead] option[value=exp-junior]")
    expect(junior).to_contain_text("short of the lead's conditions")
    expect(junior).to_contain_text("needs a master's or an associate-senior title")
    expect(junior).not_to_contain_text("学历")
    shot(center, "team-lead-choices-3-en")
