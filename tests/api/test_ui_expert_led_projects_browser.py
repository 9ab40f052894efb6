"""The expert forms of a center's entry page in real Chromium (a new user's trial, 2026-11-30: no field for the
projects an expert led, which the team-lead rule reads, and no 职称/学历 in "新增专家"): the expert's form shows the
count recorded, a count it cannot read is refused beside the field with what was typed kept, a good one is filed for
the association's approval; the new-expert form asks 职称, 学历 and projects led, in English too. Screenshots
``expert-led-…`` in test-artifacts/ui/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, go, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

EDIT = "/providers/qic-js-battery/edit"


def test_the_center_records_projects_led_and_a_new_experts_title_and_degree(people: People) -> None:
    center = people.login("demo-center")
    go(center, EDIT)
    fold = center.locator("details.expert-edit[data-expert=exp-1]")
    fold.locator("summary").click()
    led = fold.locator("[name=led_projects]")
    expect(led).to_have_value("6")
    led.fill("好几个")
    with center.expect_navigation():
        fold.locator("button[type=submit]").click()
    led = center.locator("details.expert-edit[data-expert=exp-1] [name=led_projects]")
    expect(led).to_have_attribute("aria-invalid", "true")
    expect(led).to_have_value("好几个")
    expect(center.locator("#field-error-led_projects")).to_contain_text("主持项目数")
    led.scroll_into_view_if_needed()
    shot(center, "expert-led-1-refused")
    led.fill("3")
    with center.expect_navigation():
        center.locator("details.expert-edit[data-expert=exp-1] button[type=submit]").click()
    assert "done=waits" in center.url, center.url
    english = people.login("demo-center", lang="en")
    go(english, EDIT)
    english.locator("details.expert-new summary").click()
    new = english.locator("details.expert-new form")
    for name in ("title_level", "degree", "led_projects"):
        expect(new.locator(f"[name={name}]")).to_be_visible()
    expect(new).to_contain_text("Projects led")
    expect(new.locator("select[name=title_level] option[value=senior]")).to_have_count(1)
    new.scroll_into_view_if_needed()
    shot(english, "expert-led-2-new-expert-en")
