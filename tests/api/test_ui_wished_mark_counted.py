"""A wished mark on the coverage lines (a new user's trial, 2026-11-30): "CMA：具备（加分项） — 优先：CMA — 具备" said
the wish twice (the line's state, then its evidence, which says the same), and "覆盖 3/4 项" stood over five listed
lines with no word of which line was not counted (the wished mark, docs/matching.md §8s)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import page_words, signed_in


def _wished_lines(page: str) -> list[str]:
    return [page_words(body).strip() for body in
            re.findall(r'<li class="req [^"]*" data-kind="preferred_qualification">(.*?)</li>', page, re.S)]


def test_the_count_says_the_wished_marks_it_lists_are_not_counted(domain_client: TestClient,
                                                                   domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"), preferred_qualifications=["CNAS"])
    for lang, not_counted in (("zh", "不计入"), ("en", "not counted")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        cards = re.findall(r'<div class="coverage" data-covered="(\d+)" data-total="(\d+)">(.*?)</div>', page, re.S)
        assert cards, lang
        for _covered, total, card in cards:
            listed = len(re.findall(r'<li class="req ', card))
            wished = len(_wished_lines(card))
            count = re.search(r'<small class="req-count"[^>]*>(.*?)</small>', card, re.S)
            assert count, lang
            said = page_words(count.group(1))
            assert int(total) + wished == listed, (lang, total, listed)
            if wished:  # the lines not counted are said to be so
                assert not_counted in said and str(wished) in said.split(not_counted)[0][-40:], (lang, said)
            else:
                assert not_counted not in said, (lang, said)


def test_a_wished_mark_is_said_once_on_why_this_center(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"), preferred_qualifications=["CNAS"])
    accept_first(c, as_("coord-assoc"), review_id)
    for lang in ("zh", "en"):
        page = signed_in(c, "ent-a", lang).get("/needs").text
        lines = _wished_lines(page)
        assert lines, lang
        for line in lines:
            assert "优先：" not in line and "preferred:" not in line, (lang, line)
            assert line.count("CNAS") == 1, (lang, line)
