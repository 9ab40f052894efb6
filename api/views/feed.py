"""Association websites' feed: published needs as the public may see them (the redacted view, never the need), and
the providers with their standing (status, rating, commendation) and typical cases."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import AfterValidator, StringConstraints

from api.conditional import NOT_MODIFIED, ConditionalRoute
from api.deps import SessionDep
from api.domain_deps import FeedReader, Lang, Limit, Offset, aware, feed_query_only
from api.errors import error_responses
from api.schemas import FeedNeed, FeedProvider, NeedFeedPage, Page
from api.shared import center_cards, need_page_url
from flows import catalog
from flows import needs as needs_flow
from intake.schemas import FeedCursor, FeedFilter, PublicNeed
from kb.vocab import ServiceType

# Sites poll these: every answer carries an ETag, and a poll that holds it gets 304 (api.conditional).
# A parameter a route does not read is refused by name (api.domain_deps.feed_query_only).
router = APIRouter(prefix="/api/v1/feed", tags=["integration"], route_class=ConditionalRoute,
                   dependencies=[Depends(feed_query_only)],
                   responses={**NOT_MODIFIED, **error_responses(400, 401, 403, 404, 422)})


# A value a site filters by is one it read in the feed itself: a service type's code, an industry's, a province's or
# a city's name as the items carry them. Several of one kind are alternatives; different kinds narrow together.
ServiceTypes = Annotated[list[ServiceType], Query(alias="service_type",
                                                  description="服务类型代码，可多个 / service type codes, any of")]
Names = Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=100)]], Query()]
Since = Annotated[datetime | None, Query(description="只要此时刻（含）之后发布的 / published at or after (ISO 8601; "
                                                     "no offset: UTC)")]

def _cursor(token: str | None) -> str | None:
    if token is not None:
        FeedCursor.parse(token)  # ValueError: 422 naming ``before``
    return token


Before = Annotated[str | None, Query(max_length=200, description="上一页返回的 next_before，取其后一页 / the "
                                     "next_before of the page before: the page after it"), AfterValidator(_cursor)]


@router.get("/needs", response_model=NeedFeedPage)
def feed(request: Request, session: SessionDep, _actor: FeedReader, limit: Limit = 20, offset: Offset = 0,
         service_types: ServiceTypes = [],  # noqa: B006 (FastAPI copies a query list's default)
         industry: Names = [],  # noqa: B006
         province: Names = [],  # noqa: B006
         city: Names = [],  # noqa: B006
         since: Since = None, before: Before = None, lang: Lang = "zh") -> NeedFeedPage:
    """已发布需求（脱敏公开版本），最新在前，可按服务类型、行业、省、市与发布时间筛选；``lang=en`` 时平台生成的文字
    为英文；翻页用 ``before=<next_before>``，期间新发布或撤下的需求不会使翻页错位 / published needs, redacted, newest
    first, filtered by service type, industry, province, city and publication time; ``lang=en`` says the platform's
    sentences in English; page with ``before=<next_before>``, which needs published or withdrawn meanwhile do not
    shift."""
    filters = FeedFilter(service_types=service_types, industries=industry, provinces=province, cities=city,
                         since=since, before=FeedCursor.parse(before) if before else None)
    found = needs_flow.public_needs(session=session, limit=limit, offset=offset, filters=filters)
    said = [_item(request, view, lang) for view in found.items]
    return NeedFeedPage(items=aware(said), total=found.total, limit=limit, offset=offset,
                        next_before=found.next.token() if found.next else None)


def _item(request: Request, view: PublicNeed, lang: str) -> FeedNeed:
    """A need of the feed in the site's language, with the address of its public page (``/needs/{id}``)."""
    said = needs_flow.public_in_language(view, lang)
    return FeedNeed(**said.model_dump(), url=need_page_url(request, view.id, lang))


@router.get("/needs/{need_id}", response_model=FeedNeed)
def feed_need(request: Request, need_id: str, session: SessionDep, _actor: FeedReader, lang: Lang = "zh") -> FeedNeed:
    return _item(request, needs_flow.public_need(session=session, need_id=need_id), lang)


@router.get("/providers", response_model=Page[FeedProvider])
def feed_providers(session: SessionDep, _actor: FeedReader, limit: Limit = 20,
                   offset: Offset = 0) -> Page[FeedProvider]:
    """服务机构名录：状态、服务质量评级（星级与等次）、示范推广与典型案例 / providers with their status, rating,
    commendation and typical cases, in catalog order."""
    centers = catalog.find_centers(session=session)
    window = centers[offset : offset + limit]
    cards = center_cards(session=session, centers=window, counts=catalog.capability_counts(session=session))
    items = [FeedProvider(**card.model_dump(), cases=catalog.cases(session=session, center_id=card.id))
             for card in cards]
    return Page(items=items, total=len(centers), limit=limit, offset=offset)
