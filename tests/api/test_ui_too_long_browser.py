"""Text longer than its field takes, in real headless Chromium: refused with its field, its limit and the length
typed, never cut (a new user pasted a 320-character title on /needs → 修改标题 and the browser's maxlength saved its
first 200 without a word, 2026-11-29). ``ui_console.js`` moves a posting form's maxlength to data-maxlength and keeps
a submit over it on the page; a blank title goes to the server, which refuses it (``flows.needs.typed_texts``) and
the form comes back with what was typed. Screenshots ``too-long-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, engagement_through, go, seed_world, serve, shot

pytestmark = [*BROWSER_MARKS]

STATE: dict[str, Any] = {}
LONG = "电芯针刺热失控试验" * 35 + "12345"  # 320 characters


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("too-long-home")
    settings, passwords = seed_world(home)
    STATE["review"] = engagement_through(settings, None, [])  # the demo enterprise's need, waiting for review
    with serve(settings, passwords) as server:
        yield server


def _title_form(page: Page) -> Any:
    page.locator("details.title-edit summary").first.click()
    return page.locator("form.title-form").first


def test_an_over_long_title_is_refused_on_the_page_and_a_blank_one_by_the_server(people: People) -> None:
    page = people.login("demo-enterprise")
    go(page, "/needs")
    form = _title_form(page)
    field = form.locator("input[name=title]")
    before = field.input_value()
    assert before and field.get_attribute("maxlength") is None and field.get_attribute("data-maxlength") == "200"
    field.fill(LONG)
    expect(field).to_have_value(LONG)  # nothing cut as it is typed or pasted
    url = page.url
    form.locator("button[type=submit]").click()
    note = form.locator(".field-error")
    expect(note).to_have_text("“标题”最多 200 个字，现有 320 个，请删减后再提交。")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(LONG)
    assert page.url == url
    shot(page, "too-long-title-zh")
    go(page, "/needs")  # nothing was sent: the title is as it was
    expect(_title_form(page).locator("input[name=title]")).to_have_value(before)

    form = page.locator("form.title-form").first
    form.locator("input[name=title]").fill("   ")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    form = page.locator("form.title-form").first
    expect(form.locator(".field-error")).to_contain_text("标题不能为空")
    expect(form.locator("input[name=title]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("input[name=title]")).to_have_value("   ")  # what was typed, kept
    shot(page, "too-long-title-blank-zh")

    english = people.login("demo-enterprise", lang="en")
    go(english, "/needs?lang=en")
    form = _title_form(english)
    form.locator("input[name=title]").fill(LONG)
    form.locator("button[type=submit]").click()
    expect(form.locator(".field-error")).to_have_text(
        "“Title” takes at most 200 characters; this has 320: shorten it and send it again.")
    shot(english, "too-long-title-en")

    form.locator("input[name=title]").fill("电芯针刺热失控试验")
    with english.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(english.locator("form.title-form").first.locator("input[name=title]")).to_have_value("电芯针刺热失控试验")
