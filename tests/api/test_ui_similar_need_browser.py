"""Submitting a need nearly the same as an open one is asked about, not refused (a new user's trial), in real
Chromium: the chat page says "您在 X 月 X 日提交过相似的需求《…》，仍要提交吗？" above its submit button, links the
earlier need, and "仍要提交这条需求" submits this one; in English the same, in English words, and the other choice,
"Go to the need already submitted and discard this draft", goes there and withdraws the draft (a new user's trial,
2026-11-30: the big submit button, clicked again, only asked the question again, and an abandoned draft stayed a
draft on "my needs"). The big button is hidden while the two choices wait."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import (
    BROWSER_MARKS,
    CJK,
    LiveServer,
    People,
    engagement_through,
    say,
    seed_world,
    serve,
    shot,
)

pytestmark = BROWSER_MARKS

MESSAGE = "我们是常州的储能电池厂，储能电池包要做热失控检测，需要CMA报告，预算5万元，三个月内完成，不保密。"
TITLE = "储能电池包热失控检测（第一批）"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared world with the demo enterprise's need of the same words, submitted and in review."""
    settings, passwords = seed_world(tmp_path_factory.mktemp("similar-need-home"))
    engagement_through(settings, None, [], need={"text": MESSAGE, "title": TITLE})
    with serve(settings, passwords) as server:
        yield server


def test_a_need_like_an_open_one_is_asked_about_and_submitted_when_the_enterprise_goes_on(people: People) -> None:
    ent = people.login("demo-enterprise")
    ent.goto(f"{people.server.url}/intake?new=1")
    say(ent, MESSAGE)
    expect(ent.locator("#submit-need")).to_be_enabled()
    ent.click("#submit-need")
    box = ent.locator("#similar-need")
    asked = re.compile(r"您在 \d+ 月 \d+ 日提交过相似的需求《" + re.escape(TITLE) + "》，仍要提交吗？")
    expect(box).to_contain_text(asked)
    expect(box.locator("a.similar-link")).to_have_attribute("href", re.compile(r"^/needs#"))
    # two choices, said plainly; the big button, which only asked again, is out of the way while they wait
    expect(box).to_contain_text("请选择：")
    expect(box.get_by_role("button", name="转到已提交的需求，放弃这份草稿")).to_be_visible()
    expect(ent.locator("#submit-need")).to_be_hidden()
    assert "/intake" in ent.url  # nothing submitted yet
    shot(ent, "similar-need-1-asked-zh")
    box.get_by_role("button", name="仍要提交这条需求").click()
    ent.wait_for_url(re.compile(r"/needs#"))
    expect(ent.locator("li.need-item[data-review-status=pending]")).to_have_count(2)

    english = people.login("demo-enterprise", lang="en")
    english.goto(f"{people.server.url}/intake?new=1")
    say(english, MESSAGE)
    expect(english.locator("#submit-need")).to_be_enabled()
    english.click("#submit-need")
    box_en = english.locator("#similar-need")
    expect(box_en).to_contain_text("you submitted a similar need")
    # (the latest similar one now: the need just submitted; its title is the enterprise's data, quoted)
    assert not CJK.search(re.sub(r"“[^”]*”", "", box_en.inner_text())), box_en.inner_text()
    expect(box_en.get_by_role("button", name="Submit anyway")).to_be_visible()
    expect(english.locator("#submit-need")).to_be_hidden()
    shot(english, "similar-need-2-asked-en")
    # the other choice: to the need already submitted, this draft withdrawn (no draft left on "my needs")
    box_en.get_by_role("button", name="Go to the need already submitted and discard this draft").click()
    english.wait_for_url(re.compile(r"/needs#"))
    expect(english.locator("li.need-item[data-review-status=pending]")).to_have_count(2)
    expect(english.locator("li.need-item.draft")).to_have_count(0)
    expect(english.locator("li.need-item[data-need-status=withdrawn]")).to_have_count(1)
    shot(english, "similar-need-3-discarded-en")
    english.goto(f"{people.server.url}/intake")  # the chat page does not reopen the discarded draft
    expect(english.locator("#turns li.user")).to_have_count(0)
