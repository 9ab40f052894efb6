"""The check every chat probe's conversations share (the ninth probe on): the conversation, driven as the JSON chat
API drives it, ends on its gold card with a title that is no fragment, no reply says "nothing new" or "could not
tell", an English conversation is answered in English, and each turn's expected reply says what it should and asks
what it should. What a probe judged differently from its gold is passed in (``types_held``, ``says_held``,
``ask_held``) and written beside the probe's data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from core.settings import Settings
from intake import conversation as chat
from intake.dialogue_eval import reply_language, title_fragment
from intake.publish import title_flaws
from intake.schemas import SessionView
from tests.intake.test_intake_chat_probe6 import _drive
from tests.intake.test_intake_chat_rules import DAY, _last_reply


def with_gold(conversation: dict[str, Any], field: str, held: Mapping[str, Any]) -> dict[str, Any]:
    """The conversation with its gold ``field`` as the probe judged it where ``held`` names it (a product or a
    deadline read otherwise than the probe's data says, written beside the probe's data), else as it is."""
    if conversation["id"] not in held:
        return conversation
    return {**conversation, "gold": {**conversation["gold"], field: held[conversation["id"]]}}


def replies(views: Sequence[SessionView]) -> list[str]:
    return [t.text for t in views[-1].turns if t.role == "assistant"]


def assert_ends_on_card(settings: Settings, conversation: dict[str, Any], *,
                        types_held: Mapping[str, list[str]] | None = None,
                        says_held: Mapping[tuple[str, str], list[str]] | None = None,
                        ask_held: Mapping[tuple[str, str], str | None] | None = None) -> list[SessionView]:
    gold, cid = conversation["gold"], conversation["id"]
    views = _drive(settings, conversation["messages"])
    need = views[-1].need
    assert need.product is not None and gold["product"].casefold() in need.product.casefold(), need.product
    assert [s.value for s in need.service_types] == (types_held or {}).get(cid, gold["types"])
    assert need.qualifications == gold.get("quals", [])
    assert [need.region.province, need.region.city] == gold["region"]
    assert need.deadline == (date.fromisoformat(gold["deadline"]) if gold["deadline"] else None)
    assert [need.budget.min_yuan, need.budget.max_yuan] == gold["budget"]
    assert need.confidential is gold["conf"]
    assert need.title and not title_fragment(need.title) and not title_flaws(need.title, today=DAY), need.title
    said = replies(views)
    assert not any(r.startswith((*chat.NOTHING_NEW, *chat.UNREAD_CORRECTION)) for r in said), said
    if all(reply_language(m) == "en" for m in conversation["messages"]):
        assert all(reply_language(r) == "en" for r in said), said
    for turn, expect in conversation.get("expect", {}).items():
        view = views[int(turn) - 1]
        reply = _last_reply(view)
        key = (cid, turn)
        for words in (says_held or {}).get(key, expect.get("says", [])):
            assert words.casefold() in reply.casefold(), (turn, reply)
        if key in (ask_held or {}) or "ask" in expect:
            assert view.ask_field == (ask_held or {}).get(key, expect.get("ask")), (turn, reply)
    return views
