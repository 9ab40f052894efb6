"""A new user's trial (2026-11-30) in real Chromium: 服务场地面积 = 99999999999999999999999 was accepted on
``/evaluation/qic-js-battery/rate``, the form reopened empty, and nothing could be saved part-way. The field carries
its bound; past it (the browser's own check off, as a hand-made request would be) the value is refused beside the
field, what was typed kept; a draft is saved, says how many items are still missing, and the reopened form shows it.
Screenshots ``rating-draft-…`` in test-artifacts/ui/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, go, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
PERIOD = "2022"
ABSURD = "99999999999999999999999"


def test_an_absurd_area_is_refused_beside_its_field_and_a_draft_is_kept(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, f"/evaluation/{CENTER}/rate?period={PERIOD}")
    form = assoc.locator("#rating-form")
    area, papers = form.locator("[name=premises_area]"), form.locator("[name=papers]")
    expect(area).to_have_attribute("max", "1000000")
    area.fill(ABSURD)
    papers.fill("12")
    form.evaluate("f => { f.noValidate = true; }")  # past the browser's own max, as the trial's value was sent
    with assoc.expect_navigation():
        assoc.locator("#save-draft").click()
    expect(area).to_have_attribute("aria-invalid", "true")
    expect(area).to_have_value(ABSURD)  # what was typed, kept
    expect(papers).to_have_value("12")
    expect(form.locator("#field-error-premises_area")).to_contain_text("服务场地面积")
    expect(form.locator("#field-error-premises_area")).to_contain_text("1000000")
    area.scroll_into_view_if_needed()
    shot(assoc, "rating-draft-1-absurd-area-refused")
    area.fill("1200")
    with assoc.expect_navigation():
        assoc.locator("#save-draft").click()
    expect(assoc.locator("#toast")).to_contain_text("草稿已保存")
    expect(assoc.locator("#toast")).to_contain_text("尚缺")
    shot(assoc, "rating-draft-2-saved")
    go(assoc, f"/evaluation/{CENTER}/rate?period={PERIOD}")  # reopened: the draft's values to edit
    expect(form.locator("[name=premises_area]")).to_have_value("1200")
    expect(form.locator("[name=papers]")).to_have_value("12")
    expect(assoc.locator("#missing [data-missing-item=premises_area]")).to_have_count(0)
    form.locator("[name=premises_area]").scroll_into_view_if_needed()
    shot(assoc, "rating-draft-3-reopened")
    go(assoc, f"/evaluation/{CENTER}/rate?period={PERIOD}&lang=en")
    expect(assoc.locator("#save-draft")).to_have_text("Save as a draft (not rated yet)")
    shot(assoc, "rating-draft-4-english")
