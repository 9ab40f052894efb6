"""No piece of a region's name is a key term: a center's opportunities page showed "州市" as one (a new user's trial,
2026-11-29). jieba's search-mode cut, which the lexical side reads, yields 常州, 州市 and 常州市 for 常州市; the key
terms left out the places (常州, 常州市) but not the piece across the suffix, which no dictionary tags a place."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from matcher import explain
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import signed_in

FRAGMENTS = ("州市", "城区", "门市", "市区")


def test_a_piece_of_a_place_name_is_no_key_term() -> None:
    assert explain.key_terms(["州市", "锂电池", "常州市", "城区", "门市", "热失控"]) == ["锂电池", "热失控"]
    assert explain.key_terms(["城市轨道", "超市货架"]) == ["城市轨道", "超市货架"]  # words that merely hold 市


def test_the_opportunities_page_shows_no_piece_of_a_region_name(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, _ = submitted_need(c, as_("ent-a"), text="江苏省常州市的动力电池企业，电芯需要做热失控试验，要CMA报告")
    [found] = c.get("/api/v1/centers/qic-js-battery/opportunities", headers=as_("coord-center")).json()
    assert found["need"]["id"] == need_id and found["need"]["region"]["city"] == "常州市", found["need"]
    assert found["key_terms"] and not set(found["key_terms"]) & set(FRAGMENTS), found["key_terms"]
    for lang in ("zh", "en"):
        page = signed_in(c, "coord-center", lang).get("/centers/qic-js-battery/opportunities").text
        terms = re.findall(r'<span class="tag" translate="no">([^<]*)</span>', page)
        assert terms and not set(terms) & set(FRAGMENTS), terms
