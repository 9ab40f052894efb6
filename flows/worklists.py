"""The coordinators' work lists: the review queue and the engagement board as cards a person can tell apart (title,
product, service types, region, budget, deadline, age, state), filtered, searched and sorted.

Each card reads its need through :func:`flows.access.read_need`, at the viewer's level of detail: the association sees
the need whole, a proposed or accepted center the redacted summary until the details are opened to it (seed 000
§5.2.4), a center that left sees nothing of it. Search runs over what the card shows, so a center can never find a
need by a word it may not read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from authz import policy
from authz.policy import Detail
from authz.principal import Principal
from core.errors import InnodockError, NotFoundError
from flows import access, workflow
from flows import engagements as engagements_flow
from flows import reviews as reviews_flow
from flows.need_progress import searched_by_hand
from flows.paging import page_number
from intake import service as intake
from intake.publish import band_in_language, budget_band, confidential_title
from intake.schemas import NeedStatus
from kb.vocab import ServiceType
from pipeline.schemas import EngagementView, QueuedReview, ReviewView
from pipeline.vocab import ReviewStatus

QUEUE_SORTS: tuple[str, ...] = ("oldest", "newest", "deadline", "budget")
BOARD_SORTS: tuple[str, ...] = ("deadline", "updated", "newest")
QUEUE_STATUSES: tuple[str, ...] = ("pending", "accepted", "rejected", "all")
MAX_QUERY = 100
# Cards a page of the review queue shows: a province's queue holds thousands (2026-11-28: all were rendered).
QUEUE_PAGE = 50
# Cards a column of the engagement board shows: all of the board's, or one state's when the board is filtered to it
# (a province's board held 461 in one column, 452 KB of page, 2026-11-28); the column says how many it holds.
BOARD_COLUMN = 30
BOARD_STATE = 200


@dataclass(frozen=True)
class NeedCard:
    """A need as a card shows it, at the viewer's level: ``summary_only`` when the viewer reads the published summary
    (no product unless the need is public, no enterprise unless it may know it)."""

    need_id: str
    title: str | None
    product: str | None
    industry: str | None
    service_types: tuple[ServiceType, ...]
    province: str | None
    city: str | None
    budget: str | None  # the band in Chinese, as the API returns it ("5万–20万元")
    budget_en: str | None  # the band in English ("RMB 50,000–200,000"), said from the figures where the viewer has them
    budget_max: int | None  # for sorting; None where the viewer sees only a band
    deadline: date | None
    confidential: bool
    summary_only: bool
    enterprise_name: str | None = None
    summary: str | None = None
    withdrawn: bool = False  # its enterprise took it back: its review says so (flows.needs.review_said)

    def budget_in(self, lang: str) -> str | None:
        """The budget in the page's language."""
        return self.budget_en if lang == "en" else self.budget

    def title_in(self, lang: str) -> str | None:
        """The title in the page's language: a confidential need read at its summary carries the platform's title,
        said in that language (:func:`intake.publish.confidential_title`); any other is the enterprise's words."""
        if self.confidential and self.summary_only:
            return confidential_title(service_types=self.service_types, industry=self.industry, lang=lang)
        return self.title

    def words(self) -> str:
        """What search may look in: only what the card shows."""
        parts = [self.title, self.product, self.industry, self.province, self.city, self.enterprise_name,
                 self.summary]
        return " ".join(p for p in parts if p).casefold()


def need_card(*, session: Session, principal: Principal, need_id: str) -> NeedCard | None:
    """The card of one need for this viewer; None when the viewer may not read the need at all."""
    try:
        read = access.read_need(session=session, principal=principal, need_id=need_id)
    except NotFoundError:
        return None
    return _card(session=session, need_id=need_id, read=read)


def need_cards(*, session: Session, principal: Principal, need_ids: Sequence[str]) -> dict[str, NeedCard]:
    """:func:`need_card` of many needs, read together (:func:`flows.access.read_needs`): a work list's statements
    do not grow with its cards; the needs the viewer may not read are left out."""
    reads = access.read_needs(session=session, principal=principal, need_ids=need_ids)
    cards = {need_id: _card(session=session, need_id=need_id, read=read) for need_id, read in reads.items()}
    return {need_id: card for need_id, card in cards.items() if card is not None}


def _card(*, session: Session, need_id: str, read: access.NeedRead) -> NeedCard | None:
    if read.need is not None:
        need = read.need
        return NeedCard(
            need_id=need_id, title=need.title, product=need.product, industry=need.industry,
            service_types=tuple(need.service_types), province=need.region.province, city=need.region.city,
            budget=budget_band(need.budget, coarse=False), budget_en=budget_band(need.budget, coarse=False, lang="en"),
            budget_max=need.budget.max_yuan or need.budget.min_yuan,
            deadline=need.deadline, confidential=need.confidential, summary_only=False,
            enterprise_name=need.enterprise.name, summary=(need.text or "")[:200],
            withdrawn=need.status == NeedStatus.withdrawn)
    center = read.center
    if center is None:
        return None
    return NeedCard(
        need_id=need_id, title=center.title, product=center.product, industry=center.industry,
        service_types=tuple(center.service_types), province=center.region.province, city=center.region.city,
        budget=center.budget_band, budget_en=band_in_language(center.budget_band, "en"), budget_max=None,
        deadline=center.deadline, confidential=center.confidential,
        summary_only=read.level != Detail.full, enterprise_name=center.enterprise_name, summary=center.summary,
        withdrawn=(read.status or intake.need_owner(session=session, need_id=need_id).status) == NeedStatus.withdrawn)


def budget_in(band: str | None, lang: str) -> str | None:
    """A published need's budget band (or a center's view of one) in the page's language: they carry it in Chinese
    only, as the API returns it ("5万–20万元"); an English page reads "RMB 50,000–200,000"
    (``intake.publish.band_in_language``). A card says its own (:meth:`NeedCard.budget_in`): made from the figures
    where the viewer reads the need whole."""
    return band_in_language(band, lang)


@dataclass(frozen=True)
class QueueFilter:
    """The queue's view, as the page's address carries it (so it can be bookmarked)."""

    status: str = "pending"
    service_type: ServiceType | None = None
    province: str | None = None
    q: str = ""
    low_only: bool = False
    sort: str = "oldest"
    page: int = 1

    @classmethod
    def parse(cls, *, status: str = "pending", service_type: str = "", province: str = "", q: str = "",
              low: str = "", sort: str = "oldest", page: str = "1") -> QueueFilter:
        """From the address's parameters; a value the page never offers is a 400 naming the parameter."""
        number = page_number(page)
        if status not in QUEUE_STATUSES:
            raise InnodockError(f"未知的审核状态 / unknown status: {status[:40]}", field="status")
        if sort not in QUEUE_SORTS:
            raise InnodockError(f"未知的排序 / unknown sort: {sort[:40]}", field="sort")
        kind = _service_type(service_type)
        return cls(status=status, service_type=kind, province=province.strip()[:40] or None,
                   q=q.strip()[:MAX_QUERY], low_only=low in ("1", "true", "on"), sort=sort, page=number)

    def link(self, *, page: int) -> str:
        """The address of this view at another page (the defaults left out)."""
        params = {"status": self.status if self.status != "pending" else "",
                  "service_type": self.service_type.value if self.service_type else "",
                  "province": self.province or "", "q": self.q, "low": "1" if self.low_only else "",
                  "sort": self.sort if self.sort != "oldest" else "", "page": str(page) if page > 1 else ""}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/review?{query}" if query else "/review"


def pages(total: int) -> int:
    """How many pages of :data:`QUEUE_PAGE` cards ``total`` cards fill (one at least: an empty list is its first)."""
    return max(1, -(-total // QUEUE_PAGE))


def _service_type(value: str) -> ServiceType | None:
    if not value:
        return None
    try:
        return ServiceType(value)
    except ValueError:
        raise InnodockError(f"未知的服务类型 / unknown service type: {value[:40]}", field="service_type") from None


def waiting_since(review: ReviewView) -> datetime | None:
    """Since when a review has waited for the association, or None once it no longer waits (decided)."""
    return review.created_at if review.status == ReviewStatus.pending else None


@dataclass(frozen=True)
class QueueCard:
    review: ReviewView
    need: NeedCard | None
    # Since when the review has waited: only while it waits (pending). A decided one had its age counted on, "已等待
    # 339天" for a need accepted long ago (a new user's trial, 2026-11-30); it says review.decided_at instead.
    waiting_since: datetime | None
    # The association has to look for a provider by hand, as the enterprise is told (flows.need_progress.
    # searched_by_hand: waiting, and no proposal fits well with somebody to answer for it).
    searched_by_hand: bool = False


def _queue_cards(session: Session, reviews: Sequence[ReviewView], cards: dict[str, NeedCard]) -> list[QueueCard]:
    """The page's cards; whom somebody can answer for is asked once for the page's proposals (one statement, and
    none when nothing on the page waits)."""
    waiting = [p.center_id for r in reviews if r.status == ReviewStatus.pending for p in r.proposals]
    reach = reviews_flow.reachable(session=session, center_ids=waiting) if waiting else set()
    return [QueueCard(review=r, need=cards.get(r.need_id), waiting_since=waiting_since(r),
                      searched_by_hand=searched_by_hand(r, reach)) for r in reviews]


@dataclass(frozen=True)
class Facets:
    """The values the filters offer: those present in the unfiltered list, so no option leads to nothing."""

    service_types: list[ServiceType] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)


def _matches(card: NeedCard | None, *, service_type: ServiceType | None, province: str | None, q: str) -> bool:
    if service_type is not None and (card is None or service_type not in card.service_types):
        return False
    if province is not None and (card is None or card.province != province):
        return False
    return not q or (card is not None and q.casefold() in card.words())


def _facets(cards: Sequence[NeedCard | None], states: Sequence[str] = ()) -> Facets:
    kinds = {s for c in cards if c is not None for s in c.service_types}
    return Facets(service_types=[s for s in ServiceType if s in kinds],
                  provinces=sorted({c.province for c in cards if c is not None and c.province}),
                  states=list(dict.fromkeys(states)))


def _sorted(items: list[Any], key: str, need: Callable[[Any], NeedCard | None], made: Callable[[Any], datetime],
            updated: Callable[[Any], datetime] | None = None) -> list[Any]:
    """Oldest first by default; a deadline or budget sort puts the cards without one last, oldest first among
    equals."""
    by_age = sorted(items, key=made)
    if key == "newest":
        return list(reversed(by_age))
    if key == "updated" and updated is not None:
        return sorted(by_age, key=updated, reverse=True)
    if key == "deadline":
        def due(item: Any) -> tuple[int, date]:
            card = need(item)
            return (0, card.deadline) if card is not None and card.deadline else (1, date.max)
        return sorted(by_age, key=due)
    if key == "budget":
        def most(item: Any) -> tuple[int, int]:
            card = need(item)
            return (0, -card.budget_max) if card is not None and card.budget_max is not None else (1, 0)
        return sorted(by_age, key=most)
    return by_age


@dataclass(frozen=True)
class QueuePage:
    """The page of the queue a view asks for: its cards, how many the filters keep in all (and of them pending), the
    page shown (the last when the address asks past it) of how many, and the values the filters can offer."""

    cards: list[QueueCard]
    total: int
    pending: int
    page: int
    pages: int
    facets: Facets


def queue_cards(*, session: Session, principal: Principal, view: QueueFilter) -> QueuePage:
    """The page of the reviews the caller may see that ``view`` asks for, as cards, filtered and sorted; and the
    values the filters can offer. The reviews of the status are listed in SQL without their proposals, rounds or
    offers; only the page's :data:`QUEUE_PAGE` reviews are read whole (2026-11-28: every review of 2,000 was, about
    3 s a page), and only the page's needs are made into cards: the association and the platform operator read
    every need of their queue whole, so its search, service type, province and deadline and budget sorts are asked
    of the stored needs in SQL (``intake.service.needs_filtered``; 2026-11-28: every need's card of the status was
    read, 0.31 s of 0.54 s at 300 needs). A center reads its needs at their summary until the details are opened to
    it, so its queue (the needs proposed to it) is filtered on its cards, searching only what it reads."""
    status = None if view.status == "all" else ReviewStatus(view.status)
    queued = reviews_flow.queued(session=session, principal=principal, status=status)
    if not policy.reads_reviewed_needs_whole(principal):
        return _queue_page_on_cards(session=session, principal=principal, view=view, queued=queued)
    kept = [r for r in queued if not view.low_only or r.low_confidence]
    by_need = {r.need_id: r for r in kept}  # a need has one review at most
    asks_needs = bool(view.q) or view.service_type is not None or view.province is not None \
        or view.sort in ("deadline", "budget")
    pending_ids = [r.need_id for r in kept if r.status == ReviewStatus.pending]

    def window(page: int) -> tuple[list[QueuedReview], int, int]:
        if not asks_needs:
            ordered = list(reversed(kept)) if view.sort == "newest" else kept
            return ordered[(page - 1) * QUEUE_PAGE: page * QUEUE_PAGE], len(ordered), len(pending_ids)
        found = intake.needs_filtered(
            session=session, need_ids=list(by_need), q=view.q, service_type=view.service_type,
            province=view.province, sort=view.sort, limit=QUEUE_PAGE, offset=(page - 1) * QUEUE_PAGE,
            marked=pending_ids)
        return [by_need[i] for i in found.ids], found.total, found.marked

    shown, total, pending = window(view.page)
    count = pages(total)
    page = min(view.page, count)
    if page != view.page:  # the address asked past the last page: the last
        shown, total, pending = window(page)
    kinds, provinces = intake.needs_filter_values(session=session, need_ids=[r.need_id for r in queued])
    cards = need_cards(session=session, principal=principal, need_ids=[r.need_id for r in shown])
    reviews = reviews_flow.reviews_by_id(session=session, principal=principal, review_ids=[r.id for r in shown])
    return QueuePage(cards=_queue_cards(session, reviews, cards),
                     total=total, pending=pending, page=page, pages=count,
                     facets=Facets(service_types=kinds, provinces=provinces))


def _queue_page_on_cards(*, session: Session, principal: Principal, view: QueueFilter,
                         queued: list[QueuedReview]) -> QueuePage:
    """:func:`queue_cards` for a viewer that reads some of its needs below whole: filtered and sorted on the cards of
    every need of the status, the search in what each card shows."""
    cards = need_cards(session=session, principal=principal, need_ids=[r.need_id for r in queued])
    kept = [r for r in queued
            if _matches(cards.get(r.need_id), service_type=view.service_type, province=view.province, q=view.q)
            and (not view.low_only or r.low_confidence)]
    ordered = _sorted(kept, view.sort, lambda r: cards.get(r.need_id), lambda r: r.created_at)
    count = pages(len(ordered))
    page = min(view.page, count)
    shown = ordered[(page - 1) * QUEUE_PAGE: page * QUEUE_PAGE]
    reviews = reviews_flow.reviews_by_id(session=session, principal=principal, review_ids=[r.id for r in shown])
    return QueuePage(cards=_queue_cards(session, reviews, cards),
                     total=len(ordered), pending=sum(1 for r in ordered if r.status == ReviewStatus.pending),
                     page=page, pages=count, facets=_facets([cards.get(r.need_id) for r in queued]))


@dataclass(frozen=True)
class BoardFilter:
    state: str | None = None
    q: str = ""
    overdue_only: bool = False
    sort: str = "deadline"

    @classmethod
    def parse(cls, *, state: str = "", q: str = "", overdue: str = "", sort: str = "deadline") -> BoardFilter:
        if state and state not in workflow.states():
            raise InnodockError(f"未知的对接状态 / unknown state: {state[:40]}", field="state")
        if sort not in BOARD_SORTS:
            raise InnodockError(f"未知的排序 / unknown sort: {sort[:40]}", field="sort")
        return cls(state=state or None, q=q.strip()[:MAX_QUERY], overdue_only=overdue in ("1", "true", "on"),
                   sort=sort)


@dataclass(frozen=True)
class BoardCard:
    engagement: EngagementView
    need: NeedCard | None
    step: int  # 1-based position on Figure 1's steps (workflow.figure1_steps); 0: ended without closing
    ended: bool


def _board_words(card: BoardCard) -> str:
    return (card.need.words() if card.need is not None else "") + " " + (card.engagement.center_name or "").casefold()


def board_cards(*, session: Session, principal: Principal, view: BoardFilter,
                today: date) -> tuple[dict[str, list[BoardCard]], Facets]:
    """The caller's engagements by state (every state of the machine, in its order), as cards, filtered and sorted;
    and the values the filters can offer."""
    rows, _ = engagements_flow.engagements(session=session, principal=principal, today=today)
    cards = need_cards(session=session, principal=principal, need_ids=[row.need_id for row in rows])
    every = []
    for row in rows:
        card = cards.get(row.need_id)
        if card is not None and row.enterprise_name is None:  # the engagement hides the client: so does its card
            card = replace(card, enterprise_name=None)
        every.append(BoardCard(engagement=row, need=card, step=workflow.figure1_step(row.state),
                               ended=row.state in workflow.final_states() and row.state != "closed"))
    shown = [c for c in every
             if (view.state is None or c.engagement.state == view.state)
             and (not view.overdue_only or c.engagement.overdue)
             and (not view.q or view.q.casefold() in _board_words(c))]
    ordered = _sorted(shown, view.sort, lambda c: c.need, lambda c: c.engagement.created_at,
                      lambda c: c.engagement.updated_at)
    if view.sort == "deadline":  # the agreement's deadline is the engagement's; else the need's
        ordered = sorted(ordered, key=lambda c: (0, c.engagement.deadline) if c.engagement.deadline else
                         (1, c.need.deadline or date.max) if c.need is not None else (2, date.max))
    out: dict[str, list[BoardCard]] = {s: [] for s in workflow.states()}
    for card in ordered:
        out.setdefault(card.engagement.state, []).append(card)
    return out, _facets([c.need for c in every], [c.engagement.state for c in every])
