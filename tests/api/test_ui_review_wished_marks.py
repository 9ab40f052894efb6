"""A mark the need only wishes for (``preferred_qualifications``, "优先：CNAS") reads neutrally on the coordinator's
review page and in the API's coverage (a new user's trial, 2026-11-29: a wished mark the center lacks read "未覆盖",
styled as a missed requirement). It is a soft preference — a small boost for a holder, never a filter
(docs/matching.md §8s) — so not holding it says "不具备（不影响入选）" / "not held (does not affect selection)", is
never "未覆盖" / "not covered", and is not counted among the requirements covered."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import page_words, signed_in


def _wished(page: str) -> list[tuple[str, str]]:
    """(class, words) of each wished-mark line of the page's coverage lists."""
    return [(cls, page_words(body).strip()) for cls, body in
            re.findall(r'<li class="req ([^"]*)" data-kind="preferred_qualification">(.*?)</li>', page, re.S)]


def test_a_wished_mark_not_held_reads_neutrally(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"), preferred_qualifications=["DILAC"])
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    wished = [r for p in review["proposals"] for r in p["coverage"] if r["kind"] == "preferred_qualification"]
    assert wished and all(not r["covered"] and r["missing"] is None for r in wished), wished
    assert all("优先：DILAC — 不具备（不影响入选）" in r["evidence"] and "does not affect selection" in r["evidence"]
               for r in wished), wished
    for lang, said, never in (("zh", "不具备（不影响入选）", "未覆盖"),
                              ("en", "not held (does not affect selection)", "not covered")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        lines = _wished(page)
        assert lines, (lang, page_words(page)[:500])
        for cls, words in lines:
            assert "missing" not in cls.split() and "wished" in cls.split(), (lang, cls)
            assert said in words and never not in words, (lang, words)
        # the count is the requirements' alone: "覆盖 n/total 项" never counts the wish
        for card in re.findall(r'<div class="coverage" data-covered="(\d+)" data-total="(\d+)">(.*?)</div>', page,
                               re.S):
            asked = len(re.findall(r'<li class="req ', card[2])) - len(_wished(card[2]))
            assert int(card[1]) == asked, (lang, card[:2], asked)
