"""Issue 16's days in real Chromium, on a desktop (Chinese) and on a phone (English): an enterprise's junk is refused
with the reason, a real need is drafted (a correction acknowledged, the conversation surviving a language switch) and
submitted; a coordinator filters the queue by the address, reads an explanation as a fit with its reasons and sends
the need back as unclear; the enterprise reads the question once, amends the draft in its conversation and
resubmits; the coordinator re-matches and assigns a provider by hand. Screenshots ``console-<viewport>-NN-*.png``
under test-artifacts/ui/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    DESKTOP,
    PHONE,
    People,
    go,
    need_field,
    say,
    shot,
)

pytestmark = BROWSER_MARKS

QUESTION = "请说明电芯的容量和针刺试验的具体条件"


def _no_sideways_scroll(page: Page, viewport: ViewportSize) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def _last_answer(page: Page) -> str:
    return page.locator("#turns li.assistant p").last.inner_text()


@pytest.mark.slow  # two people, four chat turns, matching three times, a dozen pages
def _submit(ent: Page) -> None:
    """Submit the chat's need. The other run's need (its tag apart, the same words) is open: the page asks first,
    and the enterprise goes on (flows.similar_needs); run alone, nothing is asked."""
    ent.click("#submit-need")
    asked = ent.locator("#similar-need")
    expect(asked.or_(ent.locator("#my-needs"))).to_be_visible()
    if asked.count():
        asked.locator("button.submit-anyway").click()
    ent.wait_for_url(re.compile(r"/needs"))


@pytest.mark.parametrize(("viewport", "lang"), [(DESKTOP, "zh"), (PHONE, "en")], ids=["desktop-zh", "phone-en"])
def test_drafted_sent_back_amended_resubmitted_rematched_assigned(people: People, viewport: ViewportSize,
                                                                   lang: str) -> None:
    name = "desktop" if viewport is DESKTOP else "phone"
    tag = f"LFP-{name.upper()}"
    ent = people.login("demo-enterprise", viewport=viewport, lang=lang)

    # Junk is answered, and refused with the reason beside a disabled button.
    go(ent, "/intake?new=1")
    say(ent, "asdf 123 ？？？")
    expect(ent.locator("#blockers")).to_be_visible()
    expect(ent.locator("#submit-need")).to_be_disabled()
    _no_sideways_scroll(ent, viewport)
    shot(ent, f"console-{name}-01-junk-refused")

    # A real need: the first message fills most fields; a correction is acknowledged.
    go(ent, "/intake?new=1")
    say(ent, f"我们是常州一家动力电池企业，电芯型号{tag}需要做热失控试验，要求出具CMA检测报告。")
    # the card names the place in the page's language (the seventh probe, 052b569)
    expect(need_field(ent, "region")).to_contain_text("常州" if lang == "zh" else "Changzhou")
    say(ent, "预算5万元，希望12月底前完成")
    say(ent, "预算改成8万")
    # in the language the person chose on the switch, whatever language the message was in (issue 27)
    assert ("已按您的更正，预算改为：8万元（原为：5万元）" if lang == "zh"
            else "Budget changed to RMB 80,000 (was: RMB 50,000)") in _last_answer(ent)
    expect(ent.locator("#submit-need")).to_be_enabled()
    turns = ent.locator("#turns li").count()
    # The conversation is stored on the server: a language switch (and so a re-login) reopens it.
    ent.click("a.lang")
    ent.wait_for_load_state()
    expect(ent.locator("#turns li")).to_have_count(turns)
    ent.click("a.lang")
    expect(ent.locator("#turns li")).to_have_count(turns)
    # Reopened, the conversation shows its latest answer, not its first lines.
    expect(ent.locator("#turns li").last).to_be_in_viewport()
    shot(ent, f"console-{name}-02-chat-correction")
    _submit(ent)
    need_card = ent.locator("li.need-item", has_text=tag).first
    need_id = need_card.get_attribute("id")
    assert need_id

    # The coordinator filters the queue; the filter lives in the address.
    co = people.login("demo-association", viewport=viewport, lang=lang)
    expect(co).to_have_url(re.compile(r"/review$"))
    co.select_option("#queue-filters select[name=service_type]", "inspection_testing")
    co.fill("#queue-filters input[name=q]", tag)
    co.select_option("#queue-filters select[name=sort]", "newest")
    co.click("#queue-filters button[type=submit]")
    co.wait_for_url(re.compile(r"q="))
    query = parse_qs(urlparse(co.url).query)
    assert query["q"] == [tag] and query["service_type"] == ["inspection_testing"] and query["sort"] == ["newest"]
    expect(co.locator("#queue li.review-item")).to_have_count(1)
    card = co.locator("#queue li.review-item").first
    expect(card.locator("dl.card-facts")).to_be_visible()
    # Its title in the site's green as the inbox's titles, not the browser's default blue (walk 2026-11-29).
    expect(card.locator("h2 a")).to_have_css("color", "rgb(11, 110, 79)")
    _no_sideways_scroll(co, viewport)
    shot(co, f"console-{name}-03-queue-filtered")
    co.goto(co.url)  # the bookmark opens the same view
    expect(co.locator("#queue li.review-item")).to_have_count(1)

    # Reading an explanation: a fit out of 100 with its band, the reasons, internals folded away.
    card.locator("h2 a").click()
    co.wait_for_url(re.compile(r"/review/rev"))
    proposal = co.locator("li.proposal").first
    expect(proposal.locator(".fit .value")).to_have_text(re.compile(r"^\d{1,3}$"))
    expect(proposal.locator(".fit .band")).to_be_visible()
    # The fit comes from the score and the coverage (matcher.explain.fit_of): a center covering every requirement is
    # never shown 低, nor below one that misses some (issue 28, item 5).
    full = co.locator("li.proposal:has(.coverage[data-covered='5'][data-total='5'])").first
    expect(full.locator(".fit .band")).not_to_have_class(re.compile(r"\blow\b"))
    fits = {li.get_attribute("data-center"): int(li.locator(".fit .value").inner_text())
            for li in co.locator("li.proposal").all()}
    assert fits[full.get_attribute("data-center")] == max(fits.values())
    proposal.locator("details.why > summary").click()
    expect(proposal.locator(".evidence.passages")).to_be_visible()
    expect(proposal.locator("details.internals table")).to_be_hidden()
    expect(proposal.locator(".terms .tag").first).to_be_visible()
    _no_sideways_scroll(co, viewport)
    shot(co, f"console-{name}-04-explanation")
    review_url = co.url

    # Sent back as unclear, with a question.
    whole = co.locator("form.reject-form.panel")
    whole.locator("select[name=reason]").select_option("need_unclear")
    whole.locator("input[name=text]").fill(QUESTION)
    asked: list[str] = []
    co.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))  # declining asks first
    whole.locator("button[type=submit]").click()
    expect(co.locator("#rematch")).to_be_visible()
    assert asked and asked[0].startswith("驳回后本轮推荐全部作废" if lang == "zh" else "Every proposal of this round")

    # The enterprise reads the question once, amends the draft in its conversation and resubmits.
    go(ent, "/needs")
    sent_back = ent.locator(f'li.need-item[id="{need_id}"]')
    expect(sent_back.locator(".sent-back-question")).to_contain_text(QUESTION)
    assert ent.locator("body").inner_text().count(QUESTION) == 1
    _no_sideways_scroll(ent, viewport)
    shot(ent, f"console-{name}-05-sent-back")
    sent_back.locator("a.amend").click()
    ent.wait_for_url(re.compile(r"/intake"))
    expect(ent.locator("#turns li.coordinator")).to_contain_text(QUESTION)
    say(ent, "电芯容量280Ah，针刺速度25mm/s，观察1小时不起火不爆炸")
    expect(ent.locator("#submit-need")).to_be_enabled()
    shot(ent, f"console-{name}-06-amended")
    _submit(ent)
    expect(ent.locator(f'li.need-item[id="{need_id}"]')).to_have_attribute("data-need-status", "in_review")

    # The coordinator re-matches, then assigns a provider the matcher did not propose, by hand.
    co.goto(review_url)
    expect(co.locator(".round")).to_be_visible()
    rounds_before = co.locator(".round").inner_text()
    co.locator("#rematch button[type=submit]").click()
    expect(co.locator(".round")).not_to_have_text(rounds_before)
    assign = co.locator("#assign")
    assign.locator("input[name=center_id]:not([disabled])").first.check()  # the picker (issue 30, item 3)
    assign.locator("input[name=note]").fill("该中心有同类电芯的针刺试验经验")
    _no_sideways_scroll(co, viewport)
    shot(co, f"console-{name}-07-rematched")
    # A provider nobody can act for asks once more (test_ui_assign_browser.py holds that question to its words).
    co.once("dialog", lambda dialog: dialog.accept())
    assign.locator("form.assign-form button[type=submit]").click()
    co.wait_for_url(re.compile(r"/engagements/"))

    go(co, "/engagements")
    expect(co.locator("nav.stepper li")).to_have_count(9)
    expect(co.locator("li.board-card .mini-stepper").first).to_be_visible()
    _no_sideways_scroll(co, viewport)
    shot(co, f"console-{name}-08-board")
