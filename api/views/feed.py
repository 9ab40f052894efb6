"""Association websites' feed: published needs as the public may see them (the redacted view, never the need)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SessionDep
from api.domain_deps import FeedReader, Limit, Offset, aware
from api.errors import error_responses
from api.schemas import Page
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
