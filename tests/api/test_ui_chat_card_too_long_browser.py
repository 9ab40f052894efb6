"""Text longer than a chat page's field takes, in real headless Chromium: refused with its field, its limit and the
length typed, never cut (the twenty-first probe's leftovers, issue 27). The need card's editors beside the chat kept
``maxlength`` on their inputs (产品 200, 地区 100, 期限 and 预算 200 though the server takes 40), so the browser
dropped what was typed past it without a word; the message box the same at 4,000. Each limit is the server's
(``api.needs_schemas``), carried as data-maxlength; a save or a send over it stays on the page, the field marked and
named with its limit and the length typed (the console forms' words, ``ui_console.js``), what was typed kept.
Screenshots ``chat-too-long-…`` in test-artifacts/ui/."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.api.browserhelpers import BROWSER_MARKS, People, need_field, say, shot

pytestmark = BROWSER_MARKS

PRODUCT = "电池包" * 80 + "12345"  # 245 characters
BUDGET = "大概五万左右，具体看报价，如果能一次做完所有项目的话可以适当多一点，最多不超过八万元吧"  # over 40 characters


def _editor(page: Page, key: str) -> tuple[Locator, Locator]:
    page.click(f'#need-fields button[data-edit="{key}"]')
    editor = page.locator(f'#need-fields .editor[data-editor="{key}"]')
    return editor, editor.locator(f'input[name="{key}"]')


def test_the_card_refuses_text_over_a_field_s_limit_naming_it(people: People) -> None:
    ent = people.login("demo-enterprise")
    expect(ent).to_have_url(re.compile(r"/intake$"))
    ent.goto(f"{people.server.url}/intake?new=1")
    say(ent, "电池包要做振动测试，在江苏常州")
    turns = ent.locator("#turns li.assistant").count()
    product_before = need_field(ent, "product").inner_text()

    editor, field = _editor(ent, "product")
    assert field.get_attribute("maxlength") is None and field.get_attribute("data-maxlength") == "200"
    field.fill(PRODUCT)
    expect(field).to_have_value(PRODUCT)  # nothing cut as it is typed or pasted
    editor.locator("button.save").click()
    note = editor.locator(".field-error")
    expect(note).to_have_text("“产品”最多 200 个字，现有 245 个，请删减后再提交。")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(PRODUCT)
    shot(ent, "chat-too-long-1-product")
    expect(ent.locator("#turns li.assistant")).to_have_count(turns)  # nothing was sent
    expect(need_field(ent, "product")).to_have_text(product_before)
    editor.locator("button.cancel").click()

    editor, field = _editor(ent, "budget")
    assert field.get_attribute("maxlength") is None and field.get_attribute("data-maxlength") == "40"
    field.fill(BUDGET)
    editor.locator("button.save").click()
    expect(editor.locator(".field-error")).to_have_text(f"“预算”最多 40 个字，现有 {len(BUDGET)} 个，请删减后再提交。")
    shot(ent, "chat-too-long-2-budget")
    field.fill("五万")
    editor.locator("button.save").click()
    expect(ent.locator("#turns li.assistant")).to_have_count(turns + 1)
    expect(need_field(ent, "budget")).to_contain_text("5万")

    _, region = _editor(ent, "region")
    assert region.get_attribute("maxlength") is None and region.get_attribute("data-maxlength") == "100"


def test_the_message_box_refuses_a_message_over_its_limit(people: People) -> None:
    ent = people.login("demo-enterprise", lang="en")
    ent.goto(f"{people.server.url}/intake?new=1&lang=en")
    box = ent.locator("#chat-input")
    assert box.get_attribute("maxlength") is None and box.get_attribute("data-maxlength") == "4000"
    long = "Salt spray test for our brackets. " * 120  # 4,080 characters
    box.fill(long)
    ent.click("#chat-send")
    # (the message box is a form's field: ui_console.js refuses it beside the box, as on the console's forms)
    expect(ent.locator("#chat-form .field-error.too-long")).to_have_text(
        f"“Describe your technical problem” takes at most 4000 characters; this has {len(long)}: shorten it and "
        "send it again.")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value(long)
    expect(ent.locator("#turns li.user")).to_have_count(0)
    shot(ent, "chat-too-long-3-message-en")
