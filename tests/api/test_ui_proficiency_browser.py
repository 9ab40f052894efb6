"""Issue 29, item 4, in real headless Chromium: a center coordinator records a proficiency test on its provider's
page. A scheme of blanks is refused by the server: the form comes back open, the error beside the scheme, what was
typed kept (``ui_console.js``); filled right, the result is listed. Screenshots ``proficiency-…`` in
test-artifacts/ui/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, go, see, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]


def test_a_refused_record_comes_back_kept_and_a_right_one_is_listed(people: People) -> None:
    center = people.login("demo-center")
    go(center, "/providers/qic-js-battery#proficiency")
    section = center.locator("section#proficiency")
    see(section, "暂无记录")
    section.locator("details.proficiency-form summary").click()
    form = section.locator("form.record-proficiency")
    form.locator("select[name=kind]").select_option("interlab_comparison")
    form.locator("input[name=scheme]").fill("   ")
    form.locator("input[name=item]").fill("锂电池容量")
    form.locator("input[name=tested_on]").fill("2026-04-20")
    form.locator("select[name=result]").select_option("questionable")
    form.locator("textarea[name=note]").fill("z = 2.4")
    with center.expect_navigation():
        form.get_by_role("button", name="记录结果").click()
    form = center.locator("section#proficiency form.record-proficiency")
    expect(form).to_be_visible()
    see(center.locator("main"), "请填写计划/组织方")
    expect(form.locator("input[name=scheme]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("input[name=item]")).to_have_value("锂电池容量")
    expect(form.locator("select[name=result]")).to_have_value("questionable")
    expect(form.locator("textarea[name=note]")).to_have_value("z = 2.4")
    shot(center, "proficiency-00-refused-kept")
    form.locator("input[name=scheme]").fill("省质检院 2026 年锂电池容量比对")
    with center.expect_navigation():
        form.get_by_role("button", name="记录结果").click()
    row = center.locator("section#proficiency table.proficiency tbody tr").first
    see(row, "省质检院 2026 年锂电池容量比对")
    see(row, "有问题")
    shot(center, "proficiency-01-listed")
