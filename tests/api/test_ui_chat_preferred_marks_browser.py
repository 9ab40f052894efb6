"""A mark wished for on the need card (issue 27 / issue 28), in real headless Chromium: "最好能有CMA，没有也行" was
shown and matched as a required qualification. The card now says 优先（非必须）：CMA, the chat says what that does,
and the card's editor has two rows of marks, 必须 and 优先: ticking CMA under 必须 moves it there (unticked under
优先), and the chat says it is required now. The English page says the same in English.

Screenshots: test-artifacts/ui/chat-marks-*.png.
"""

from __future__ import annotations

import re

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


def test_a_wished_mark_is_shown_as_preferred_and_moved_on_the_card(people: People) -> None:
    ent = people.login("demo-enterprise")
    expect(ent).to_have_url(re.compile(r"/intake$"))
    ent.goto(f"{people.server.url}/intake?new=1")
    say(ent, "电池包要做振动测试，在江苏常州，最好能有CMA，没有也行")
    reply = ent.locator("#turns li.assistant p").last
    expect(reply).to_contain_text("CMA 记为优先条件：有 CMA 的机构排在前面，没有的也会推荐")
    expect(need_field(ent, "qualifications")).to_have_text("优先（非必须）：CMA")
    shot(ent, "chat-marks-1-preferred")

    count = ent.locator("#turns li.assistant").count()
    ent.click('#need-fields button[data-edit="qualifications"]')
    editor = ent.locator('#need-fields .editor[data-editor="qualifications"]')
    expect(editor).to_contain_text("必须具备（没有的机构不推荐）")
    expect(editor).to_contain_text("优先（有的机构排在前面，没有的也推荐）")
    required = editor.locator('input[name="qualifications"][value="CMA"]')
    wished = editor.locator('input[name="preferred_qualifications"][value="CMA"]')
    expect(wished).to_be_checked()
    expect(required).not_to_be_checked()
    shot(ent, "chat-marks-2-editor")
    required.check()
    expect(wished).not_to_be_checked()  # one mark, one list
    editor.locator("button.save").click()
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    expect(ent.locator("#turns li.assistant p").last).to_contain_text("CMA改为必须的资质要求")
    expect(need_field(ent, "qualifications")).to_have_text("CMA")
    shot(ent, "chat-marks-3-required")


def test_the_english_page_says_preferred(people: People) -> None:
    ent = people.login("demo-enterprise")
    ent.goto(f"{people.server.url}/intake?new=1&lang=en")
    say(ent, "Vibration test for our battery packs in Changzhou. Ideally CNAS accredited, not a must.")
    expect(ent.locator("#turns li.assistant p").last).to_contain_text("CNAS noted as a preference")
    expect(need_field(ent, "qualifications")).to_have_text("preferred, not required: CNAS")
    shot(ent, "chat-marks-4-english")
