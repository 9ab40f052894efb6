"""The message box keeps its size when a message over its limit is refused, in real headless Chromium (a new user's
trial, 2026-11-29, /tmp/trial10shots a05_long_chat: a 4,500-character message was rightly refused, but the reason,
set beside the box inside the chat form's row, squeezed the box to a ~50px strip). The reason goes on its own line
under the box; the box keeps its width and height and what was typed. Both languages. Screenshots
``chat-box-size-…`` in test-artifacts/ui/."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, shot

pytestmark = BROWSER_MARKS


def test_a_refused_long_message_leaves_the_box_its_size_and_its_text(people: People) -> None:
    for lang, words, said in (("zh", "电动自行车电机控制器", "最多 4000 个字"),
                              ("en", "Motor controller test. ", "at most 4000")):
        ent = people.login("demo-enterprise", lang=lang)
        ent.goto(f"{people.server.url}/intake?new=1&lang={lang}")
        box = ent.locator("#chat-input")
        before = box.bounding_box()
        assert before is not None
        long = (words * (4600 // len(words) + 1))[:4500]
        box.fill(long)
        ent.click("#chat-send")
        note = ent.locator("#chat-form .field-error.too-long")
        expect(note).to_contain_text(said)
        expect(box).to_have_value(long)
        after, placed, send = box.bounding_box(), note.bounding_box(), ent.locator("#chat-send").bounding_box()
        assert after is not None and placed is not None and send is not None
        assert after["width"] >= before["width"] - 2 and after["height"] >= before["height"] - 2, (before, after)
        assert placed["y"] >= after["y"] + after["height"] - 1, (after, placed)  # under the box, not beside it
        assert send["x"] >= after["x"] + after["width"] - 1  # the send button still beside the box
        shot(ent, f"chat-box-size-{lang}")
