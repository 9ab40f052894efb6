"""A returned need and a new one, in real Chromium (a new user's trial, 2026-11-29): the association returned the
enterprise's infusion-pump need as unclear; the enterprise clicked "提出需求" in the header and described a new
battery-module problem, and the chat had reopened the returned need and merged the new text into it as corrections.
Now the header's "提出需求" starts a new need, naming the returned one with the way to it; the returned need is
untouched, its card says it was returned and why; continuing it is a choice, with a banner naming it and a way to a
new need instead. Screenshots ``returned-need-0…3`` under test-artifacts/ui/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, go, need_field, say, shot

pytestmark = BROWSER_MARKS

PUMP = ("我们公司在苏州生产医用输液泵，型号IP-77，流量精度在出厂检验时超差，需要校准流量标准装置并出具CMA报告，"
        "预算4万元，一个月内完成。")
QUESTION = "请补充输液泵流量范围（mL/h）和现有流量标准装置的型号、准确度等级"
BATTERY = ("我们是常州一家做储能电池模组的企业，新设计的280Ah磷酸铁锂储能模组需要按GB/T 36276做热失控扩散试验，"
           "要CMA报告，预算10万，两个月内完成。")


@pytest.mark.slow  # two people, a submission with matching, a return and a new need in the chat
def test_the_headers_new_need_is_new_and_the_returned_one_stays_as_it_was(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/intake?new=1")
    say(ent, PUMP)
    expect(ent.locator("#submit-need")).to_be_enabled()
    title = need_field(ent, "title").inner_text()
    ent.click("#submit-need")
    ent.wait_for_url(re.compile(r"/needs"))
    need_id = ent.url.split("#", 1)[1]

    co = people.login("demo-association")
    go(co, "/review?q=IP-77")
    co.locator("#queue li.review-item h2 a").first.click()
    co.wait_for_url(re.compile(r"/review/rev"))
    whole = co.locator("form.reject-form.panel")
    whole.locator("select[name=reason]").select_option("need_unclear")
    whole.locator("input[name=text]").fill(QUESTION)
    co.once("dialog", lambda dialog: dialog.accept())
    whole.locator("button[type=submit]").click()
    expect(co.locator("#rematch")).to_be_visible()

    # The header's 提出需求: a new need, the returned one named with the way to it, not opened.
    go(ent, "/needs")
    ent.locator('header a[href="/intake"]').first.click()
    ent.wait_for_url(re.compile(r"/intake$"))
    waiting = ent.locator("#returned-waiting")
    expect(waiting).to_contain_text(title)
    expect(waiting.locator(f'a[href="/intake?need={need_id}"]')).to_be_visible()
    expect(ent.locator("#turns li.coordinator")).to_have_count(0)
    expect(ent.locator("#turns li.user")).to_have_count(0)
    shot(ent, "returned-need-0-new-need")
    say(ent, BATTERY)
    assert "更正" not in ent.locator("#turns li.assistant p").last.inner_text()
    expect(need_field(ent, "product")).not_to_contain_text("输液泵")
    shot(ent, "returned-need-1-new-need-typed")

    # The returned need is as it was, and its card says it was returned and why.
    go(ent, "/needs")
    card = ent.locator(f'li.need-item[id="{need_id}"]')
    expect(card.locator(".status-returned")).to_contain_text("已退回")
    expect(card.locator(".sent-back-question")).to_contain_text(QUESTION)
    expect(card.locator("p.quote")).to_have_text(PUMP)
    expect(ent.locator("li.need-item.draft", has_text="储能")).to_have_count(1)
    shot(ent, "returned-need-2-needs")

    # Continuing it is a choice: a banner names it, with the way to a new need instead.
    card.locator("a.amend").click()
    ent.wait_for_url(re.compile(r"/intake\?"))
    banner = ent.locator("#amending-returned")
    expect(banner).to_contain_text(f"您正在补充被退回的需求「{title}」")
    expect(banner).to_contain_text(QUESTION)
    expect(banner.locator('a[href="/intake?new=1"]')).to_be_visible()
    shot(ent, "returned-need-3-amending")
