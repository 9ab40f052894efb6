"""Issue 14's browser test, in real headless Chromium: a center coordinator edits one of its capabilities on its own
entry's page, an association coordinator finds the change in the review queue, reads its diff and approves it, and
the public catalog shows the new text. Pages only — no API call and no database write after the fixture's set-up.
Every step leaves a screenshot in test-artifacts/ui/ named ``entry-…``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, dont_see, go, see, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

NEW_TITLE = "动力电池单体与模组热失控试验（含热扩散）"


def test_a_centers_capability_edit_is_approved_by_the_association(people: People) -> None:
    center = people.login("demo-center")
    assoc = people.login("demo-association")

    # The center coordinator opens its own entry from the menu and edits a capability's title.
    center.get_by_role("link", name="机构管理").click()
    center.get_by_role("link", name="维护本机构条目").click()
    capability = center.locator("details.cap-edit", has_text="热失控").first
    capability.locator("summary").click()
    old_title = capability.locator("input[name=title]").input_value()
    capability.locator("input[name=title]").fill(NEW_TITLE)
    capability.locator("input[name=note]").fill("新增模组级热扩散试验")
    with center.expect_navigation():
        capability.get_by_role("button", name="提交修改").click()
    see(center.locator("p.notice.done"), "修改已提交，待协会审核。")  # (a change waiting is a notice too)
    shot(center, "entry-00-center-submitted")
    go(center, "/centers/qic-js-battery")
    dont_see(center.locator("main"), NEW_TITLE)  # nothing public before approval

    # The association's queue shows it; its page shows the diff; approving applies it.
    assoc.get_by_role("link", name="条目变更审核").click()
    # The queue names the center (97c825e: not its id); the item carries the id for a script.
    item = assoc.locator('li.change-item[data-center="qic-js-battery"]').first
    expect(item).to_be_visible()
    dont_see(item, "qic-js-battery")
    item.get_by_role("link", name="查看").click()
    row = assoc.locator("tr.diff-row[data-field=title]")
    see(row.locator("td.before"), old_title)
    see(row.locator("td.after"), NEW_TITLE)
    shot(assoc, "entry-01-association-diff")
    with assoc.expect_navigation():
        assoc.get_by_role("button", name="批准").click()
    see(assoc.locator("span.change-status"), "已批准")

    # The public catalog shows the new title.
    go(assoc, "/centers/qic-js-battery")
    see(assoc.locator("ul.caps"), NEW_TITLE)
    shot(assoc, "entry-02-catalog")
