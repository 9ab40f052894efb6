"""The chat page tried as a new enterprise would (2026-11-28), in real headless Chromium: what the try found wrong on
the page itself, each checked where a person meets it.

- "Start a new need" showed only after a reload, never once the first message had started a conversation.
- "Start a new need", then the language switch: the enterprise's last draft came back, and the new words were added
  to that old need (the submitted need held both conversations).
- A second message sent while the first answer was on its way started a second conversation: the need was split.
- On the English page the card's editors opened with Chinese ("8万", "江苏省常州市") and the budget hint named 万.
- After a card edit was saved (or cancelled) the focus fell to the top of the page.
- On a phone the chat's acknowledgement of a card edit was above the card, out of view.
- A card edit that changed nothing showed the chat's previous reply a second time (the page always appended the last
  turn).

Screenshots: test-artifacts/ui/chat-newuser-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.api.browserhelpers import (
    ARTIFACTS,
    BROWSER_MARKS,
    CJK,
    PHONE,
    TIMEOUT_MS,
    People,
    go,
    need_field,
    say,
    shot,
)

pytestmark = BROWSER_MARKS

# The page's own fetch held until the test opens the gate: an answer "on its way" for as long as the test needs,
# with no clock involved.
HOLD_ANSWERS = """() => {
  const real = window.fetch;
  let open;
  window.__gate = new Promise((resolve) => { open = resolve; });
  window.__openGate = open;
  window.fetch = (...args) => window.__gate.then(() => real(...args));
}"""


def answers(page: Page) -> int:
    return page.locator("#turns li.assistant").count()


def save_card(page: Page, field: str, value: str) -> None:
    """Open a field's editor on the card, type, save; wait for the chat's acknowledgement."""
    count = answers(page)
    page.click(f'#need-fields button[data-edit="{field}"]')
    page.locator(f'#need-fields .editor[data-editor="{field}"] input[name="{field}"]').fill(value)
    page.locator(f'#need-fields .editor[data-editor="{field}"] button.save').click()
    expect(page.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)


@pytest.mark.slow  # a real server and browser, three chat turns and three card edits
def test_a_new_need_in_english_stays_new_waits_for_each_answer_and_its_card_speaks_english(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/intake?new=1")
    say(ent, "我们的产品出了点问题，想找人看看。")  # a draft left behind

    # "Start a new need", then English: a new conversation still, not the draft just left.
    ent.click("#start-new")
    expect(ent.locator("#turns li.user")).to_have_count(0, timeout=TIMEOUT_MS)
    ent.click("header a.lang")
    expect(ent.locator("html")).to_have_attribute("lang", "en", timeout=TIMEOUT_MS)
    expect(ent.locator("#turns li.user")).to_have_count(0)

    # A second message while the first answer is on its way waits in the box, and then joins the same conversation.
    ent.evaluate(HOLD_ANSWERS)
    first = answers(ent)
    ent.fill("#chat-input", "We need thermal runaway tests on an energy storage battery pack.")
    ent.press("#chat-input", "Enter")
    expect(ent.locator("#chat-send")).to_be_disabled()
    ent.fill("#chat-input", "We are in Changzhou, Jiangsu.")
    ent.press("#chat-input", "Enter")
    expect(ent.locator("#chat-input")).to_have_value("We are in Changzhou, Jiangsu.")
    expect(ent.locator("#turns li.user")).to_have_count(1)
    ent.evaluate("window.__openGate()")
    expect(ent.locator("#turns li.assistant")).to_have_count(first + 1, timeout=TIMEOUT_MS)
    expect(ent.locator("#chat-input")).to_be_focused()
    ent.press("#chat-input", "Enter")
    expect(ent.locator("#turns li.assistant")).to_have_count(first + 2, timeout=TIMEOUT_MS)
    ent.reload()  # the address names the conversation: both messages are in it
    expect(ent.locator("#turns li.user")).to_have_count(2, timeout=TIMEOUT_MS)

    # The card's editors open with what the English card says, and give the focus back to the field.
    budget_input = ent.locator('#need-fields .editor[data-editor="budget"] input[name="budget"]')
    assert not CJK.search(budget_input.get_attribute("placeholder") or "")
    save_card(ent, "budget", "80000")
    expect(ent.locator('#need-fields button[data-edit="budget"]')).to_be_focused()
    expect(ent.locator('#need-fields dd[data-field="budget"] .saved-note')).to_contain_text("budget")
    ent.click('#need-fields button[data-edit="budget"]')
    expect(budget_input).to_have_value("RMB 80,000")
    budget_input.fill("RMB 100,000-300,000")
    count = answers(ent)
    budget_input.press("Enter")
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    expect(need_field(ent, "budget")).to_contain_text("100,000")
    # The region the chat read opens as the card says it; saved unchanged, nothing new is said (the last reply was
    # shown again); then changed, and said.
    region = ent.locator('#need-fields .editor[data-editor="region"]')
    ent.click('#need-fields button[data-edit="region"]')
    expect(region.locator('input[name="region"]')).to_have_value("Changzhou, Jiangsu")
    count = answers(ent)
    region.locator("button.save").click()
    expect(region).to_be_hidden(timeout=TIMEOUT_MS)
    expect(ent.locator("#turns li.assistant")).to_have_count(count)
    expect(ent.locator("#need-fields .saved-note")).to_have_count(0)
    save_card(ent, "region", "苏州")
    ent.click('#need-fields button[data-edit="region"]')
    expect(region.locator('input[name="region"]')).to_have_value("Suzhou, Jiangsu")
    shot(ent, "chat-newuser-1-english-card-editor")
    region.locator("button.cancel").click()
    expect(ent.locator('#need-fields button[data-edit="region"]')).to_be_focused()
    expect(ent.locator('#need-fields dd[data-field="region"] .saved-note')).to_contain_text("Suzhou")


@pytest.mark.slow  # a real server and browser, one chat turn and one card edit
def test_on_a_phone_shift_enter_makes_a_line_and_a_card_edit_is_acknowledged_beside_the_field(people: People) -> None:
    ent = people.login("demo-enterprise", viewport=PHONE)
    go(ent, "/intake?new=1")
    box = ent.locator("#chat-input")
    box.press_sequentially("储能电池包夏天高温老是报警")
    box.press("Shift+Enter")
    box.press_sequentially("想做热失控检测，我们在常州")
    expect(box).to_have_value("储能电池包夏天高温老是报警\n想做热失控检测，我们在常州")
    expect(ent.locator("#turns li.user")).to_have_count(0)
    count = answers(ent)
    box.press("Enter")
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    expect(ent.locator("#turns li.user p")).to_have_text("储能电池包夏天高温老是报警\n想做热失控检测，我们在常州")

    # A service type added on the card, far below the chat on a phone: the acknowledgement shows where they are.
    count = answers(ent)
    ent.click('#need-fields button[data-edit="service_types"]')
    choices = ent.locator('#need-fields .editor[data-editor="service_types"]')
    choices.locator("label.chip", has_text="标准研制").locator("input").check()
    choices.locator("button.save").click()
    expect(ent.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)
    expect(ent.locator('#need-fields button[data-edit="service_types"]')).to_be_focused()
    note = ent.locator('#need-fields dd[data-field="service_types"] .saved-note')
    expect(note).to_contain_text("服务类型")
    expect(note).to_contain_text("标准研制")
    expect(note).to_be_in_viewport()
    # Where the person is (shot() would scroll to the top first).
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ent.screenshot(path=str(ARTIFACTS / "chat-newuser-2-phone-card-edit-acknowledged.png"))
    # The next message clears it: the chat is where the conversation goes on.
    say(ent, "预算十万左右")
    expect(note).to_have_count(0)
