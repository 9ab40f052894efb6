"""The review queue at volume, the fourth pass (2026-11-28): a page of the queue makes cards of its own needs only.

``flows.worklists.queue_cards`` read the card of every need of the status (at 300 needs, 0.31 s of the 0.54 s a page
took) to search, filter by service type and province, and sort by deadline or budget in Python. For the association
and the platform operator, who read every need of their queue whole, these are now asked of the stored needs in SQL
(``intake.service.needs_filtered``) and only the page's needs are made into cards; a center, which reads a proposed
need at its summary, is filtered on its cards as before. tests/flows/test_worklists_queue_page.py compares the rows,
counts and filter options with the old reading; here: how many cards a page makes, and that the search and the
province filter stay need-to-know — nobody finds a need by a word it may not read."""

from __future__ import annotations

from typing import Any

import pytest

from core.db import session_scope
from flows import worklists
from tests.flows.flowhelpers import Flows
from tests.flows.test_worklists_queue_page import NEEDS, PAGE, _before, _seed

# A confidential need whose place and a project name are marked secret: its published summary says neither, nor its
# product or enterprise (intake.publish.secrets_of); the association reads them all.
SECRET = {"title": "电芯针刺试验方案", "confidential": True, "product": "蓝鲸X9电芯",
          "region": {"province": "青海省", "city": "西宁市"}, "redactions": ["青海省", "西宁市", "北极星项目"],
          "budget": {"min_yuan": 70000, "max_yuan": 70000}}
SECRET_TEXT = "北极星项目的蓝鲸X9电芯需要做针刺和挤压试验，出具检测报告。"


def _carded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The needs made into cards, in order, as the queue reads them."""
    carded: list[str] = []
    real = worklists._card

    def counted(*, session: Any, need_id: str, read: Any) -> Any:
        carded.append(need_id)
        return real(session=session, need_id=need_id, read=read)

    monkeypatch.setattr(worklists, "_card", counted)
    return carded


@pytest.mark.parametrize("who", ["coord-assoc", "admin"])
def test_a_page_of_the_queue_makes_cards_of_its_own_needs_only(flows: Flows, who: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight needs, a page of three: each view — the search, a service type, a province, the deadline and budget
    sorts, a page past the last — makes the cards of the needs it shows and no other. Before: every need of the
    status, eight for each view of them all."""
    monkeypatch.setattr(worklists, "QUEUE_PAGE", PAGE)
    _seed(flows)
    carded = _carded(monkeypatch)
    views = [{}, {"status": "all"}, {"status": "all", "sort": "deadline"},
             {"status": "all", "sort": "budget", "page": "2"}, {"status": "all", "q": "电芯"},
             {"status": "all", "service_type": "standards"}, {"status": "all", "province": "江苏省", "sort": "newest"},
             {"status": "all", "sort": "budget", "page": "9"}, {"status": "all", "q": "检测", "low": "1"}]
    made = []
    for params in views:
        view = worklists.QueueFilter.parse(**params)
        carded.clear()
        with session_scope(flows.settings) as session:
            page = worklists.queue_cards(session=session, principal=flows(who), view=view)
        assert sorted(carded) == sorted(c.review.need_id for c in page.cards), params
        assert all(c.need is not None for c in page.cards), params
        made.append((len(page.cards), len(carded)))
    assert max(n for n, _ in made) == PAGE and all(n == m <= PAGE for n, m in made), made
    assert sum(n for n, _ in made) < len(views) * len(NEEDS)


def _found(flows: Flows, who: str, **params: str) -> list[str]:
    with session_scope(flows.settings) as session:
        page = worklists.queue_cards(session=session, principal=flows(who),
                                     view=worklists.QueueFilter.parse(status="all", **params))
    return [c.review.need_id for c in page.cards]


def test_nobody_finds_a_need_by_a_word_it_may_not_read(flows: Flows) -> None:
    """The confidential need's product, project, enterprise and secret place: the association and the platform
    operator read them (the need whole) and find it by them; the center it is proposed to reads its published summary
    only, and finds it by none of them — nor by its province, which its summary leaves out — while it finds it by
    what the summary says. Each answer is the one the cards gave (the old reading, ``_before``)."""
    secret_id, _review = flows.submitted_need(text=SECRET_TEXT, **SECRET)
    flows.submitted_need("ent-b", title="电池外壳盐雾试验", region={"province": "浙江省", "city": "宁波市"})
    secrets = [{"q": "北极星"}, {"q": "蓝鲸x9"}, {"q": "青海"}, {"q": "西宁"}, {"q": "针刺试验方案"},
               {"province": "青海省"}]
    with session_scope(flows.settings) as session:
        center_card = worklists.need_card(session=session, principal=flows("coord-center"), need_id=secret_id)
        enterprise = worklists.need_card(session=session, principal=flows("coord-assoc"), need_id=secret_id)
    assert center_card is not None and center_card.summary_only and center_card.province is None
    assert enterprise is not None and enterprise.enterprise_name
    secrets.append({"q": enterprise.enterprise_name})
    for params in secrets:
        for who in ("coord-assoc", "admin"):
            assert _found(flows, who, **params) == [secret_id], (who, params)
        assert _found(flows, "coord-center", **params) == [], params
        view = worklists.QueueFilter.parse(status="all", **params)
        for who in ("coord-assoc", "admin", "coord-center"):
            assert _found(flows, who, **params) == [c.review.need_id for c in _before(flows, who, view)["cards"]]
    said = center_card.title_in("zh") or ""
    assert said and "针刺" not in said
    assert secret_id in _found(flows, "coord-center", q=said)
    with session_scope(flows.settings) as session:  # the options: the center is offered no province it cannot read
        offered = worklists.queue_cards(session=session, principal=flows("coord-center"),
                                        view=worklists.QueueFilter.parse(status="all")).facets
        whole = worklists.queue_cards(session=session, principal=flows("coord-assoc"),
                                      view=worklists.QueueFilter.parse(status="all")).facets
    assert "青海省" not in offered.provinces and "青海省" in whole.provinces
