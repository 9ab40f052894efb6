"""The web UI in real headless Chromium against a real uvicorn server: an enterprise describes a need in the chat and
submits it, a coordinator opens the explanation and accepts a match, the enterprise sees the result; and the chat on
a phone-sized screen. Screenshots go to test-artifacts/ui/ (gitignored).

The harness (server, Chromium, one context per person, screenshots) is tests/api/browserhelpers.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    People,
    assert_chinese,
    go,
    need_field,
    need_source,
    say,
    shot,
)
from tests.api.uihelpers import ANSWER_TEXT, NEED_TEXT

pytestmark = BROWSER_MARKS


@pytest.mark.slow  # over 5 s on a busy machine: two chat turns, matching, two logins
def test_need_to_accepted_match_in_the_browser(people: People) -> None:
    ent = people.login("demo-enterprise")
    expect(ent).to_have_url(re.compile(r"/intake$"))
    expect(ent.locator("h1")).to_have_text("描述您的技术难题")

    say(ent, NEED_TEXT)
    expect(need_field(ent, "service_types")).to_have_text("热失控试验 → 检验检测")  # its words, its category
    expect(need_field(ent, "region")).to_have_text("江苏省常州市")
    expect(need_field(ent, "qualifications")).to_have_text("CMA")
    expect(need_source(ent, "service_types")).to_be_hidden()  # read by the rules (no LLM here): no reader's mark
    expect(need_source(ent, "deadline")).to_be_hidden()  # nothing read yet, nothing to attribute
    expect(ent.locator("#next-question")).not_to_have_text("—")
    say(ent, ANSWER_TEXT)
    expect(need_field(ent, "budget")).to_have_text("约5万元")
    expect(need_field(ent, "deadline")).to_have_text(re.compile(r"^\d{4}-12-31$"))
    assert_chinese(ent)
    shot(ent, "1-enterprise-chat")

    ent.click("#submit-need")
    ent.wait_for_url(re.compile(r"/needs"))
    card = ent.locator("li.card").first
    expect(card).to_contain_text("等待协调员审核")
    expect(card).to_contain_text(NEED_TEXT)

    co = people.login("demo-association")
    expect(co).to_have_url(re.compile(r"/review$"))
    item = co.locator("#queue li.review-item").first
    expect(item).to_contain_text("常州示例新能源材料有限公司")
    item.locator("a.button").click()
    co.wait_for_url(re.compile(r"/review/rev"))
    proposal = co.locator('li.proposal[data-center="qic-js-battery"]')
    expect(proposal).to_contain_text("江苏省动力电池产品质量检验中心")
    proposal.locator("details.explain > summary").click()
    explanation = proposal.locator("details.explain")
    expect(explanation.locator(".evidence.passages")).to_be_visible()
    expect(explanation).to_contain_text("相关能力条目")
    expect(explanation).to_contain_text("动力电池单体热失控试验")
    expect(explanation).to_contain_text("关键词")
    expect(explanation).not_to_contain_text("技术细节")  # the matcher's internals are for admins only
    assert_chinese(co)
    shot(co, "2-coordinator-review")
    proposal.locator('input[name="alternates"][value="plat-gd-battery"]').check()
    proposal.locator("button.accept").click()
    co.wait_for_url(re.compile(r"/engagements/"))
    expect(co.locator("#state")).to_have_text("技术、商务沟通")
    # the association records the agreement for both sides, and its button says so (5fcb861)
    expect(co.locator("#advance-form button[value=reach_agreement]")).to_have_text("代企业和机构达成一致")
    shot(co, "3-coordinator-engagement")

    ent.reload()
    card = ent.locator("li.card").first
    expect(card.locator(".provider")).to_contain_text("江苏省动力电池产品质量检验中心")
    expect(card).to_contain_text("已接受")
    assert_chinese(ent)
    shot(ent, "4-enterprise-result")


def test_chat_on_a_phone_sized_screen(people: People) -> None:
    page = people.login("demo-enterprise", viewport=PHONE)
    go(page, "/intake")
    say(page, "我们是佛山的陶瓷企业，需要对釉面砖做耐磨性检测，三个月内完成。")
    expect(need_field(page, "service_types")).to_have_text("耐磨性检测 → 检验检测")
    # One column: nothing wider than the screen, and the structured need below the chat.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chat = page.locator("section.chat").bounding_box()
    card = page.locator("aside.need-card").bounding_box()
    assert chat and card and card["y"] >= chat["y"] + chat["height"] - 1 and card["width"] <= PHONE["width"]
    assert_chinese(page)
    shot(page, "5-phone-chat")


def test_evaluation_page_with_radar_chart(people: People) -> None:
    page = people.login("demo-center", viewport={"width": 1024, "height": 800})
    page.click('header nav a[data-nav="evaluation"]')
    page.wait_for_url(re.compile(r"/evaluation/qic-js-battery$"))
    expect(page.locator("table.scores tr")).to_have_count(4)
    expect(page.locator("table.scores")).to_contain_text("一级指标得分")
    radar = page.locator("img.radar")
    expect(radar).to_be_visible()
    expect(page.locator(".stars")).to_contain_text("★")
    assert page.evaluate("document.querySelector('img.radar').naturalWidth") > 200
    assert_chinese(page)
    shot(page, "6-evaluation")
