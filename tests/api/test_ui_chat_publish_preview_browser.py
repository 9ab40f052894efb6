"""What will be public, seen before submitting (a new user's trial in Chromium, 2026-11-29): the public page showed
the chat word for word ("不好意思刚才说错了，预算应该是8万以内，老板批了。", "Sorry, I meant 80k RMB, not 60k."), and a
need whose enterprise never mentioned secrecy was published as not confidential, the chat never having asked. Now
the chat asks once, when the need is otherwise complete, whether the details may be public, and the page shows
beside the submit button the public title and summary exactly as the public page will (refined: the problem in the
enterprise's words, without the chat and the clauses a field holds).

Screenshots: test-artifacts/ui/publish-preview-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.browserhelpers import BROWSER_MARKS, TIMEOUT_MS, People, go, need_field, say, shot

pytestmark = BROWSER_MARKS


def last_reply(page: Page) -> str:
    return page.locator("#turns li.assistant p").last.inner_text()


def submit_and_open_public_page(page: Page) -> Page:
    """Submit the need, then open its public page from "my needs" as nobody logged in would read it."""
    page.click("#submit-need")
    page.wait_for_url(re.compile(r"/needs"), timeout=TIMEOUT_MS)
    href = page.locator("li.card").first.locator(".public-page a").first.get_attribute("href")
    assert href and re.search(r"/needs/\w+(?:\?lang=en)?$", href), href
    browser = page.context.browser
    assert browser is not None
    public = browser.new_page()  # a stranger's page: no login
    public.goto(href if href.startswith("http") else re.sub(r"(https?://[^/]+).*", r"\1", page.url) + href)
    return public


@pytest.mark.slow  # a real server and browser, two conversations, two submissions
def test_the_enterprise_sees_what_will_be_public_answers_the_question_and_the_page_shows_the_refined_need(
        people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/intake?new=1")
    preview = ent.locator("#publish-preview")
    say(ent, "我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析。预算6万左右。")
    # submittable already (the deadline is still asked): beside the enabled button, what will be public
    expect(ent.locator("#submit-need")).to_be_enabled()
    expect(ent.locator("#preview-summary")).to_contain_text("夏天MOS管老是烧")
    expect(ent.locator("#preview-summary")).not_to_contain_text("6万")
    say(ent, "不好意思刚才说错了，预算应该是8万以内，老板批了。")
    say(ent, "两个月内")
    # complete, secrecy never said: asked once, with what will be public
    assert "这些信息可以公开发布吗" in last_reply(ent)
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("公开展示的标题与摘要")
    # when, where and what (a new user's trial, 2026-11-30: published at once, before the review, and nothing said so)
    expect(ent.locator("#preview-when")).to_contain_text("提交后立即公开发布，协会审核在发布之后进行")
    expect(ent.locator("#preview-what")).to_contain_text("产品、服务类型、行业、地区、预算区间和期限")
    # and who reads the company's name, and when: the providers proposed, at once, before the association's review
    expect(ent.locator("#preview-who")).to_contain_text("系统匹配推荐的服务机构在协会审核之前就能看到贵公司名称")
    expect(ent.locator("#preview-summary")).to_contain_text("夏天MOS管老是烧")
    for noise in ("不好意思", "说错", "老板批了", "8万", "6万"):
        expect(ent.locator("#preview-summary")).not_to_contain_text(noise)
    title = ent.locator("#preview-title").inner_text()
    assert title and title in last_reply(ent)
    expect(need_field(ent, "confidential")).to_have_text("未说明")
    # the page's next question is the publishing question while it waits (it said "信息已足够，可以提交。"), after a
    # reload too; the reply does not say it before the question either
    expect(ent.locator("#next-question")).to_contain_text("这些信息可以公开发布吗")
    assert "信息已足够" not in last_reply(ent)
    ent.reload()
    expect(ent.locator("#next-question")).to_contain_text("这些信息可以公开发布吗")
    shot(ent, "publish-preview-1-asked")
    say(ent, "可以")
    assert "已记下：不保密" in last_reply(ent)
    expect(ent.locator("#next-question")).to_contain_text("信息已足够")
    expect(need_field(ent, "confidential")).to_have_text("否")
    expect(ent.locator("#preview-confidential")).to_be_hidden()
    shot(ent, "publish-preview-2-answered")
    public = submit_and_open_public_page(ent)
    expect(ent.locator("li.card").first.locator(".published-said")).to_contain_text(
        "已在平台公开需求页和接入平台的协会网站公开发布")
    shot(ent, "publish-preview-2b-my-needs")
    expect(public.locator("body")).to_contain_text("夏天MOS管老是烧", timeout=TIMEOUT_MS)
    expect(public.locator("body")).to_contain_text(title)
    for noise in ("不好意思", "说错", "老板批了"):
        expect(public.locator("main")).not_to_contain_text(noise)
    shot(public, "publish-preview-3-public-page")
    public.close()

    # In English, answered "no": the preview turns to what a confidential need publishes.
    go(ent, "/intake?new=1")
    ent.click("header a.lang")
    expect(ent.locator("html")).to_have_attribute("lang", "en", timeout=TIMEOUT_MS)
    say(ent, "We make LED street light drivers in Suzhou. The capacitors bulge after three months outdoors and we "
             "need a failure analysis. Budget about RMB 60,000.")
    say(ent, "Sorry, I meant 80k RMB, not 60k.")
    say(ent, "Within two months.")
    assert "may these details be made public" in last_reply(ent)
    expect(ent.locator("#next-question")).to_contain_text("may these details be made public")
    expect(preview).to_contain_text("Public title and summary")
    expect(ent.locator("#preview-summary")).to_contain_text("capacitors bulge")
    for noise in ("Sorry", "I meant", "80k", "60,000"):
        expect(ent.locator("#preview-summary")).not_to_contain_text(noise)
    shot(ent, "publish-preview-4-asked-en")
    say(ent, "no")
    assert "Marked confidential" in last_reply(ent)
    expect(ent.locator("#preview-confidential")).to_be_visible()
    expect(ent.locator("#preview-when")).to_contain_text("Published as soon as you submit")
    expect(ent.locator("#preview-what")).to_contain_text("service types, industry, region, budget band and deadline")
    expect(ent.locator("#preview-what")).to_contain_text("your company's name, your product and your own words are not")
    expect(ent.locator("#preview-who")).to_contain_text("nor do the providers proposed read it")
    expect(ent.locator("#preview-summary")).not_to_contain_text("capacitors")
    expect(ent.locator("#preview-summary")).to_contain_text("confidentiality agreement")
    shot(ent, "publish-preview-5-confidential-en")
    public = submit_and_open_public_page(ent)
    expect(ent.locator("li.card").first.locator(".published-said")).to_contain_text("Its desensitised summary is "
                                                                                    "published")
    expect(public.locator("main")).not_to_contain_text("capacitors", timeout=TIMEOUT_MS)
    shot(public, "publish-preview-6-public-page-confidential")
    public.close()
