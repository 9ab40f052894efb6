"""Association websites' feed: published needs as the public may see them (the redacted view, never the need), and
the providers with their standing (status, rating, commendation) and typical cases."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SessionDep
from api.domain_deps import FeedReader, Limit, Offset, aware
from api.errors import error_responses
from api.schemas import FeedProvider, Page
from api.shared import center_cards
from flows import catalog
from flows import needs as needs_flow
from intake.schemas import PublicNeed

router = APIRouter(prefix="/api/v1/feed", tags=["integration"],
                   responses=error_responses(400, 401, 403, 404, 422))


@router.get("/needs", response_model=Page[PublicNeed])
def feed(session: SessionDep, _actor: FeedReader, limit: Limit = 20, offset: Offset = 0) -> Page[PublicNeed]:
    """已发布需求（脱敏公开版本），最新在前 / published needs, redacted, newest first."""
    views, total = needs_flow.public_needs(session=session, limit=limit, offset=offset)
    return Page(items=aware(views), total=total, limit=limit, offset=offset)


@router.get("/needs/{need_id}", response_model=PublicNeed)
def feed_need(need_id: str, session: SessionDep, _actor: FeedReader) -> PublicNeed:
    return needs_flow.public_need(session=session, need_id=need_id)


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
