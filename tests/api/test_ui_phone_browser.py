"""The pages tried on a phone as a new user would (2026-11-28): 390 × 844, touch, Chinese first, then English — the
enterprise's chat to a submitted need, its needs and an engagement's messages; the center's queue and review page;
the association's review page. What the try found, each checked where a person meets it (docs/ui.md, "On a phone,
walked as a new user"):

- A link or a model number pasted into the chat ("https://pan…xlsx", "BMS-V2.3.1-CZ-…-REV-B") is one long word: it
  widened the whole page (the chat to 709 px), the send button out of reach; "my needs", the review page and an
  engagement's messages the same.
- The browser tests' sideways check on a phone (``scrollWidth - innerWidth``) could not fail: a phone context's
  ``window.innerWidth`` grows with the page. ``browserhelpers.sideways`` measures against the viewport's width.
- The re-match's box "仍推荐已因不适合被婉拒的机构" broke across two lines of the form.
- The center's note "可说明能力与排期（选填）" / "Capacity, schedule (optional)" and the English queue's search example
  "title, product, enterprise" were cut short.
- The need card's "修改" buttons were 26 × 20 px, the toast's × 19 × 19 px: below the 24 px of WCAG 2.5.8.
- A message sent on an engagement was answered "已办理".
- The chat's hint "Enter 发送，Shift+Enter 换行" named a key the phone has not got, and the keyboard's Enter, which
  sends, did not say so.

Screenshots: test-artifacts/ui/phone-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    TIMEOUT_MS,
    LiveServer,
    People,
    engagement_through,
    go,
    say,
    seed_world,
    serve,
    shot,
    sideways,
)

pytestmark = BROWSER_MARKS

LINK = ("https://pan.example.com/s/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_report_"
        "BMS-V2.3.1-20261128-thermal-runaway-test-data.xlsx")
MODEL = "BMS-V2.3.1-CZ-ENERGYSTORAGE-PACK-20261128-REV-B"
FIRST = f"常州储能电池企业，电池管理系统型号{MODEL}在高温下报警，想做热失控测试，三个月内完成，预算十万，资料见 {LINK}"
WORLD: dict[str, str] = {}

# Whether a field's example (its placeholder) is shown whole: its text measured in the field's own font.
PLACEHOLDER_FITS = """(i) => {
  const cs = getComputedStyle(i), ctx = document.createElement('canvas').getContext('2d');
  ctx.font = cs.font;
  const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  return ctx.measureText(i.placeholder).width <= room + 1;
}"""


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("ui-phone-home"))
    WORLD["engagement"] = engagement_through(settings, "qic-js-battery", [])
    WORLD["review"] = engagement_through(settings, None, [])  # pending, proposed to the demo center
    with serve(settings, passwords) as server:
        yield server


def fits(page: Page) -> None:
    """Nothing wider than the phone (``sideways``: measured against 390 px, not ``window.innerWidth``)."""
    wide = sideways(page)
    assert wide <= 0, f"{page.url} is {wide} px wider than a {PHONE['width']} px phone"


def in_view(page: Page, target: Locator) -> None:
    box = target.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def big_enough(target: Locator) -> None:
    box = target.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box


def test_the_sideways_check_sees_a_page_wider_than_the_phone(people: People) -> None:
    """The check the browser tests made on a phone, ``scrollWidth - innerWidth``, was 0 on a page 709 px wide:
    innerWidth grows with the page. ``sideways`` is not fooled."""
    page = people.open(viewport=PHONE)
    page.goto(f"{people.server.url}/login")
    assert sideways(page) <= 0
    page.evaluate("() => { const d = document.createElement('div'); d.style.width = '700px';"
                  " d.textContent = 'x'; document.querySelector('main').append(d); }")
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0  # the old check
    assert sideways(page) > 0


@pytest.mark.slow  # a real server and browser: a chat, a submission, four pages on a phone
def test_a_long_word_keeps_every_page_to_the_phone_width(people: People) -> None:
    ent = people.login("demo-enterprise", viewport=PHONE)
    go(ent, "/intake?new=1")
    say(ent, FIRST)
    fits(ent)
    in_view(ent, ent.locator("#chat-send"))
    in_view(ent, ent.locator("#chat-input"))
    # Enter sends: the phone's keyboard says so on its key, and no hint names a Shift+Enter the phone has not got.
    expect(ent.locator("#chat-input")).to_have_attribute("enterkeyhint", "send")
    expect(ent.locator("#chat-keys")).to_be_hidden()
    shot(ent, "phone-01-chat-long-word")
    # The card's "修改" is a thumb's size, one per row.
    for edit in ent.locator("#need-fields button.edit").all():
        big_enough(edit)
    ent.click('#need-fields button[data-edit="product"]')
    product = ent.locator('#need-fields .editor[data-editor="product"]')
    product.locator('input[name="product"]').fill(f"{MODEL}电池管理系统")
    count = ent.locator("#turns li.assistant").count()
    product.locator("button.save").click()
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    fits(ent)
    shot(ent, "phone-02-card-long-word")
    with ent.expect_navigation():
        ent.click("#submit-need")
    fits(ent)
    shot(ent, "phone-03-my-needs-long-word")

    # An engagement's message with the link.
    go(ent, f"/engagements/{WORLD['engagement']}")
    fits(ent)
    ent.locator("form.message-form textarea[name=body]").fill(f"试验数据在这里：{LINK}")
    with ent.expect_navigation():
        ent.locator("form.message-form button[type=submit]").click()
    expect(ent.locator("#messages .message-body").last).to_contain_text("pan.example.com")
    fits(ent)
    expect(ent.locator("#toast")).to_contain_text("留言已发送")  # not "已办理", as after a step
    big_enough(ent.locator("#toast .toast-close"))
    shot(ent, "phone-04-engagement-message-long-word")

    # The association reads the need, in English.
    assoc = people.login("demo-association", viewport=PHONE, lang="en")
    go(assoc, f"/review?q={MODEL}")  # the product the card was given
    with assoc.expect_navigation():
        assoc.locator("#queue a[href^='/review/']").first.click()
    expect(assoc.locator("main")).to_contain_text(MODEL)
    fits(assoc)
    shot(assoc, "phone-05-review-long-word-en")


@pytest.mark.slow  # a real server and browser: the review page as the center and the association, two languages
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_review_pages_read_whole_on_a_phone(people: People, lang: str) -> None:
    center = people.login("demo-center", viewport=PHONE, lang=lang)
    go(center, "/review")
    fits(center)
    search = center.locator('#queue-filters input[name="q"]')
    assert search.evaluate(PLACEHOLDER_FITS), search.get_attribute("placeholder")
    go(center, f"/review/{WORLD['review']}")
    fits(center)
    note = center.locator(".interest-form input[name=note]").first
    assert note.evaluate(PLACEHOLDER_FITS), note.get_attribute("placeholder")
    shot(center, f"phone-06-center-review-{lang}")
    # On a desktop too: beside the decline form the note was 160 px, "可说明能力与排期（选填" (a center's day walked on
    # 2026-11-29)
    desk = people.login("demo-center", lang=lang)
    go(desk, f"/review/{WORLD['review']}")
    note = desk.locator(".interest-form input[name=note]").first
    assert note.evaluate(PLACEHOLDER_FITS), note.get_attribute("placeholder")
    shot(desk, f"phone-06b-center-review-desktop-{lang}")

    assoc = people.login("demo-association", viewport=PHONE, lang=lang)
    go(assoc, f"/review/{WORLD['review']}")
    fits(assoc)
    # The re-match's box and its words are one block: a single box on screen, not the end of one line and the
    # start of the next.
    box = assoc.locator(".rematch-form label.check")
    assert box.evaluate("el => el.getClientRects().length") == 1
    shot(assoc, f"phone-07-association-review-{lang}")
