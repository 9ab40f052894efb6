"""Unsent chat text was lost on reload: an enterprise typed a long message, the page reloaded (or they went to another
page and came back), and the box was empty. The page now keeps the unsent draft in the browser's sessionStorage,
keyed by the chat's session id (before the first answer names it, by "a new chat"), puts it back on load, and drops
it once the message is sent.

Screenshots: test-artifacts/ui/chat-draft-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, TIMEOUT_MS, People, go, say, shot

pytestmark = BROWSER_MARKS

LONG = ("我们是常州的一家锂电池模组厂，去年下半年开始有客户反映电池包在低温环境下容量衰减很快，零下十度时只剩六成左右，"
        "我们自己查了电芯一致性和BMS的均衡策略都没发现明显问题，想找一家有CNAS资质的机构做低温性能测试和失效分析，")
MORE = "另外我们希望检测报告能在两个月内出来，因为客户那边催得比较紧，"


@pytest.mark.slow  # a real server and browser
def test_an_unsent_message_survives_a_reload_and_is_gone_once_sent(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/intake?new=1")
    box = ent.locator("#chat-input")
    # A new chat, nothing sent yet: typed, then the page reloads.
    box.fill(LONG)
    ent.reload()
    expect(box).to_have_value(LONG)
    shot(ent, "chat-draft-1-new-chat-reloaded")
    # Sent: the conversation is named in the address, and the box stays empty after a reload.
    say(ent, LONG)
    ent.wait_for_url(re.compile(r"/intake\?s=\w+"), timeout=TIMEOUT_MS)
    ent.reload()
    expect(ent.locator("#turns li.user").last).to_contain_text("低温环境下容量衰减")
    expect(box).to_have_value("")
    # Typed in the named conversation, away to "my needs" and back: the draft is there.
    chat_url = ent.url
    box.fill(MORE)
    go(ent, "/needs")
    ent.go_back()
    ent.wait_for_url(chat_url, timeout=TIMEOUT_MS)
    expect(box).to_have_value(MORE)
    ent.reload()
    expect(box).to_have_value(MORE)
    shot(ent, "chat-draft-2-conversation-reloaded")
    # Another, new chat does not get this conversation's draft.
    go(ent, "/intake?new=1")
    expect(box).to_have_value("")
    ent.goto(chat_url)
    expect(box).to_have_value(MORE)
    # Sent: the draft is gone, after a reload too.
    say(ent, MORE)
    expect(box).to_have_value("")
    ent.reload()
    expect(ent.locator("#turns li.user").last).to_contain_text("两个月内")
    expect(box).to_have_value("")
    shot(ent, "chat-draft-3-sent-reloaded")
