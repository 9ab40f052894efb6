"""退回补充 in real headless Chromium (a new user's trial of the regulator, 2026-11-29: the association could only
accept a filing): the association sets this year's plan, the center files it, the association returns it with its
reason, the center reads the reason on its page, finds what it filed in the form, edits it and files again; the
history shows every step. Screenshots ``filing-returned-…`` in test-artifacts/ui/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core import china_time
from tests.api.browserhelpers import BROWSER_MARKS, People, go, see, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
PLAN = "年度发展规划：扩充动力电池安全检测能力。"
REASON = "服务目标缺少量化指标，请补充全年服务企业数量"


def test_the_association_returns_a_plan_and_the_center_reads_why_and_files_again(people: People) -> None:
    today = china_time.today()
    assoc = people.login("demo-association")
    go(assoc, f"/providers/{CENTER}#obligations")
    setting = assoc.locator("form#set-obligation")
    setting.locator("select[name=kind]").select_option("annual_plan")
    setting.locator("[name=period]").fill(str(today.year))
    setting.locator("input[name=due_on]").fill((today + timedelta(days=30)).isoformat())
    with assoc.expect_navigation():
        setting.locator("button[type=submit]").click()

    center = people.login("demo-center")
    go(center, f"/providers/{CENTER}#obligations")
    plan_row = center.locator("tr.obligation[data-kind=annual_plan]")
    plan_row.locator("textarea[name=text]").fill(PLAN)
    with center.expect_navigation():
        plan_row.locator("form.file-obligation button[type=submit]").click()
    shot(center, "filing-returned-0-center-filed")
    see(center.locator("tr.obligation[data-kind=annual_plan] p.filing"), PLAN)

    go(assoc, f"/providers/{CENTER}?lang=zh#obligations")  # not the URL it is on: a hash alone reloads nothing
    row = assoc.locator("tr.obligation[data-kind=annual_plan]")
    back = row.locator("form.return-filing")
    see(back, "退回理由")
    back.locator("input[name=reason]").fill(REASON)
    shot(assoc, "filing-returned-1-association-returns")
    with assoc.expect_navigation():
        back.get_by_role("button", name="退回补充").click()
    see(assoc.locator("tr.obligation[data-kind=annual_plan]"), "已退回补充")

    go(center, f"/providers/{CENTER}?lang=zh#obligations")
    row = center.locator("tr.obligation[data-kind=annual_plan]")
    see(row.locator(".returned-filing"), REASON)
    text = row.locator("form.file-obligation textarea[name=text]")
    expect(text).to_have_value(PLAN)
    shot(center, "filing-returned-2-center-reads-the-reason")
    text.fill(PLAN + "服务目标：全年服务企业 120 家。")
    with center.expect_navigation():
        row.locator("form.file-obligation button[type=submit]").click()
    row = center.locator("tr.obligation[data-kind=annual_plan]")
    see(row, "全年服务企业 120 家")
    expect(row.locator(".returned-filing")).to_have_count(0)
    history = center.locator("table.history")
    expect(history.locator("tr[data-transition=return_filing]")).to_have_count(1)
    see(history.locator("tr[data-transition=return_filing]"), REASON)
    expect(history.locator("tr[data-transition=file_filing]")).to_have_count(2)
    shot(center, "filing-returned-3-filed-again")
