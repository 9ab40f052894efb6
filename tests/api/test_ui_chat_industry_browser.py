"""The need's industry on the chat's card, in real headless Chromium: a battery-pack maker was put in 机电 by the chat
("我们是做电动工具锂电池包的企业": 电动工具 came first), and the card had no editor for the industry. The chat now reads
the company's own line (电池制造, a GB/T 4754 group), and the card's industry editor searches GB/T 4754's groups as
the enterprise types (a list of suggestions, each with its division) or takes its own words: the chat says what
changed, a later correction of the product leaves the industry the enterprise set, and the submitted need carries
it. The English page does the same in English.

Screenshots: test-artifacts/ui/chat-industry-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    TIMEOUT_MS,
    People,
    need_field,
    say,
    shot,
)

pytestmark = BROWSER_MARKS


@pytest.mark.slow  # a real server and browser, a conversation, a card edit and a submission
def test_the_enterprise_corrects_the_industry_on_the_card_and_the_need_carries_it(people: People) -> None:
    ent = people.login("demo-enterprise")
    ent.goto(f"{people.server.url}/intake?new=1")
    say(ent, "我们是做电动工具锂电池包的企业，在江苏常州，电池包在循环测试后出现鼓包，想做失效分析，预算5万元，"
             "三个月内出报告")
    expect(need_field(ent, "industry")).to_have_text("电池制造")  # it was 机电
    shot(ent, "chat-industry-1-read")

    count = ent.locator("#turns li.assistant").count()
    ent.click('#need-fields button[data-edit="industry"]')
    editor = ent.locator('#need-fields .editor[data-editor="industry"]')
    box = editor.locator('input[name="industry"]')
    expect(box).to_have_value("电池制造")
    expect(box).to_be_focused()
    expect(editor).to_contain_text("输入几个字搜索国民经济行业分类（GB/T 4754）的行业并选择")
    choices = ent.locator("#industry-choices option")
    assert choices.count() > 200  # every GB/T 4754 group, offered as the enterprise types, never as one long menu
    expect(ent.locator('#industry-choices option[value="输配电及控制设备制造"]')).to_have_text("电气机械和器材制造业")
    box.fill("输配电")  # (Chromium offers the groups holding the words typed; its list is no part of a screenshot)
    shot(ent, "chat-industry-2-editor")
    box.fill("行" * 201)  # the server's limit, said before anything is sent
    editor.locator("button.save").click()
    expect(editor.locator(".field-error")).to_have_text("“行业”最多 200 个字，现有 201 个，请删减后再提交。")
    expect(ent.locator("#turns li.assistant")).to_have_count(count)
    box.fill("输配电及控制设备制造")
    editor.locator("button.save").click()
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    expect(ent.locator("#turns li.assistant p").last).to_contain_text(
        "已按您的更正，行业改为：输配电及控制设备制造（原为：电池制造）")
    expect(need_field(ent, "industry")).to_have_text("输配电及控制设备制造")
    expect(ent.locator('#need-fields dd[data-field="industry"] .saved-note')).to_contain_text("行业改为")
    shot(ent, "chat-industry-3-corrected")

    say(ent, "不对，产品是电池管理系统")
    expect(need_field(ent, "industry")).to_have_text("输配电及控制设备制造")  # set by the enterprise: kept

    ent.click("#submit-need")
    ent.wait_for_url(re.compile(r"/needs"))
    card = ent.locator("li.card").first
    card.locator("summary", has_text="已整理的需求").click()
    industry = card.locator("dl.facts dt", has_text="行业")
    expect(industry).to_be_visible()
    expect(card.locator("dl.facts dt:text-is('行业') + dd")).to_have_text("输配电及控制设备制造")
    shot(ent, "chat-industry-4-submitted")


def test_the_english_page_picks_the_industry_in_english(people: People) -> None:
    ent = people.login("demo-enterprise", lang="en")
    ent.goto(f"{people.server.url}/intake?new=1&lang=en")
    say(ent, "We make LED ceiling lights in Suzhou and need energy efficiency testing.")
    expect(need_field(ent, "industry")).to_have_text("lighting equipment")
    count = ent.locator("#turns li.assistant").count()
    ent.click('#need-fields button[data-edit="industry"]')
    editor = ent.locator('#need-fields .editor[data-editor="industry"]')
    expect(editor).to_contain_text("Type a few letters to search the national industry classification (GB/T 4754)")
    batteries = ent.locator('#industry-choices option[value="batteries"]')
    expect(batteries).to_have_text("electrical machinery and equipment")
    editor.locator('input[name="industry"]').fill("household electrical appliances")
    editor.locator("button.save").click()
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    expect(ent.locator("#turns li.assistant p").last).to_contain_text(
        "Industry changed to household electrical appliances (was: lighting equipment).")
    expect(need_field(ent, "industry")).to_have_text("household electrical appliances")
    shot(ent, "chat-industry-5-english")
