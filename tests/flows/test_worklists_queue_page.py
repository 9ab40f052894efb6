"""The review queue at volume, the third pass (2026-11-28): a page of the queue reads its own reviews whole, not every
review of the status.

``flows.worklists.queue_cards`` listed every review the viewer may see as a whole view — each one's proposals with
their explanations, its rounds, its "can help" offers — to filter, sort and count them in Python and show fifty:
about 3 s a page at 2,000 needs. The reviews of the status are now listed in SQL without their proposals
(``pipeline.reviews.queued_reviews``), filtered and sorted by their needs' cards, and only the page's reviews are read
whole (``reviews_by_id``); ``GET /api/v1/reviews`` pages the same way (``review_page``). What a page shows is the
same: the old reading is kept here (:func:`_before`) and compared, row for row, over every filter the page has."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import update

from core.db import session_scope
from flows import reviews as reviews_flow
from flows import worklists
from flows.need_progress import searched_by_hand
from kb.vocab import ServiceType
from pipeline import reviews as pipeline_reviews
from pipeline.models import MatchReview, ReviewRound
from pipeline.vocab import ReviewStatus
from tests.flows.flowhelpers import Flows

PAGE = 3

# Needs the page tells apart: titles, places, budgets and deadlines to filter and sort by, a confidential one (the
# center reads its summary), two enterprises.
NEEDS: tuple[dict[str, Any], ...] = (
    {"title": "电芯热失控试验", "region": {"province": "江苏省", "city": "常州市"},
     "budget": {"min_yuan": 30000, "max_yuan": 50000}, "deadline": "2031-03-01"},
    {"title": "电池包跌落失效分析", "region": {"province": "浙江省", "city": "宁波市"},
     "budget": {"min_yuan": 100000, "max_yuan": 200000}, "service_types": ["inspection_testing", "standards"]},
    {"title": "储能柜检测方案", "region": {"province": "江苏省", "city": "无锡市"}, "deadline": "2030-12-01"},
    {"title": "电芯针刺试验", "confidential": True, "region": {"province": "江苏省", "city": "常州市"},
     "budget": {"min_yuan": 60000, "max_yuan": 60000}},
    {"title": "BMS标准咨询", "service_types": ["standards"], "deadline": "2031-01-15"},
    {"title": "动力电池循环寿命测试", "region": {"province": "广东省", "city": "深圳市"},
     "budget": {"min_yuan": 80000, "max_yuan": 90000}, "deadline": "2031-03-01"},
    {"title": "电池外壳材料检测", "region": {"province": "浙江省", "city": "杭州市"}},
    {"title": "电芯一致性检测", "budget": {"min_yuan": 20000, "max_yuan": 20000}},
)


def _seed(flows: Flows) -> list[str]:
    reviews = []
    for i, fields in enumerate(NEEDS):
        _need, review = flows.submitted_need("ent-b" if i % 3 == 2 else "ent-a", **fields)
        reviews.append(review)
    flows.accept(reviews[1])
    flows.accept(reviews[5])
    current = flows.review(reviews[6])
    with session_scope(flows.settings) as session:
        reviews_flow.reject(session=session, principal=flows("coord-assoc"), review_id=reviews[6], reason="other",
                            text="不在服务范围", center_id=None, version=current.version, outbox=flows.outbox)
    with session_scope(flows.settings) as session:  # what the matcher said of two: too weak to trust
        session.execute(update(MatchReview).where(MatchReview.id.in_([reviews[2], reviews[4]]))
                        .values(low_confidence=True))
    return reviews


def _before(flows: Flows, who: str, view: worklists.QueueFilter) -> dict[str, Any]:
    """The page as the queue read it before: every review of the status whole, filtered, sorted and paged."""
    principal = flows(who)
    with session_scope(flows.settings) as session:
        status = None if view.status == "all" else ReviewStatus(view.status)
        reviews, _ = reviews_flow.queue(session=session, principal=principal, status=status)
        cards = worklists.need_cards(session=session, principal=principal, need_ids=[r.need_id for r in reviews])
        reach = reviews_flow.reachable(session=session, center_ids=[p.center_id for r in reviews for p in r.proposals])
        every = [worklists.QueueCard(review=r, need=cards.get(r.need_id), waiting_since=worklists.waiting_since(r),
                                     searched_by_hand=searched_by_hand(r, reach)) for r in reviews]
        shown = [c for c in every
                 if worklists._matches(c.need, service_type=view.service_type, province=view.province, q=view.q)
                 and (not view.low_only or c.review.low_confidence)]
        ordered = worklists._sorted(shown, view.sort, lambda c: c.need, lambda c: c.review.created_at)
        pages = worklists.pages(len(ordered))
        page = min(view.page, pages)
        return {"cards": ordered[(page - 1) * PAGE: page * PAGE], "total": len(ordered),
                "pending": sum(1 for c in ordered if c.review.status == ReviewStatus.pending), "page": page,
                "pages": pages, "facets": worklists._facets([c.need for c in every])}


def _now(flows: Flows, who: str, view: worklists.QueueFilter) -> dict[str, Any]:
    with session_scope(flows.settings) as session:
        found = worklists.queue_cards(session=session, principal=flows(who), view=view)
    return {"cards": found.cards, "total": found.total, "pending": found.pending, "page": found.page,
            "pages": found.pages, "facets": found.facets}


VIEWS: list[dict[str, str]] = [
    {"status": status, "sort": sort, "page": page}
    for status, sort, page in itertools.product(worklists.QUEUE_STATUSES, worklists.QUEUE_SORTS, ("1", "2", "9"))
] + [
    {"status": "all", "q": "电芯"}, {"status": "all", "q": "电芯", "sort": "budget"}, {"q": "常州"},
    {"status": "all", "q": "甲公司", "sort": "deadline"}, {"status": "all", "q": "nothing-like-it"},
    {"status": "all", "service_type": ServiceType.standards.value, "sort": "newest"},
    {"province": "江苏省"}, {"status": "all", "province": "浙江省", "page": "2"},
    {"status": "all", "province": "江苏省", "q": "试验", "sort": "deadline"},
    {"status": "all", "low": "1"}, {"low": "1", "sort": "budget"},
]


@pytest.mark.parametrize("who", ["coord-assoc", "coord-center", "admin"])
def test_a_page_of_the_queue_shows_the_rows_it_showed_before(flows: Flows, who: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worklists, "QUEUE_PAGE", PAGE)
    _seed(flows)
    seen = low = 0
    for params in VIEWS:
        view = worklists.QueueFilter.parse(**params)
        before, now = _before(flows, who, view), _now(flows, who, view)
        assert [c.review.id for c in now["cards"]] == [c.review.id for c in before["cards"]], params
        assert now == before, params  # the reviews as the viewer reads them, their cards, counts and facets
        seen += len(now["cards"])
        low += sum(1 for c in now["cards"] if c.review.low_confidence)
    assert seen > 0 and low > 0


def test_a_page_of_the_queue_reads_its_own_reviews_whole_and_no_more(flows: Flows,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted at four and at eight needs, a page of three: the reviews made into whole views and the rounds read,
    for the queue's page (every filter the page has) and for a page of GET /api/v1/reviews. Before: all of them."""
    monkeypatch.setattr(worklists, "QUEUE_PAGE", PAGE)
    made: list[str] = []
    real = pipeline_reviews.review_view

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(args[1].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_reviews, "review_view", counted)
    rounds: list[int] = []

    def loaded(target: Any, context: Any) -> None:
        rounds.append(target.id)

    sa_event.listen(ReviewRound, "load", loaded)
    views = [worklists.QueueFilter.parse(**v) for v in (
        {}, {"status": "all", "sort": "budget", "page": "2"}, {"status": "all", "q": "电", "province": "江苏省"},
        {"status": "all", "service_type": "inspection_testing", "sort": "deadline"}, {"status": "all", "low": "1"})]
    read: dict[int, list[tuple[int, int, int]]] = {}
    try:
        for size, fields in enumerate(NEEDS, start=1):
            flows.submitted_need(**fields)
            if size not in (4, 8):
                continue
            read[size] = []
            for view in views:
                made.clear()
                rounds.clear()
                with session_scope(flows.settings) as session:
                    page = worklists.queue_cards(session=session, principal=flows("coord-assoc"), view=view)
                read[size].append((len(page.cards), len(made), len(rounds)))
            made.clear()
            rounds.clear()
            with session_scope(flows.settings) as session:
                items, total = reviews_flow.queue(session=session, principal=flows("coord-assoc"),
                                                  status=ReviewStatus.pending, limit=2, offset=1)
            assert total == size
            read[size].append((len(items), len(made), len(rounds)))
    finally:
        sa_event.remove(ReviewRound, "load", loaded)
    for size, counts in read.items():  # each review of the page made once, its one round read once
        assert all(shown == whole == rounds_read for shown, whole, rounds_read in counts), (size, counts)
    assert [c[0] for c in read[8]][:4] == [3, 3, 3, 3], read
