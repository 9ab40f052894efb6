"""Experts ranked directly for a need (an expert consultation without a center), for the association."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep, SettingsDep
from api.domain_deps import ExpertMatcher
from api.errors import error_responses
from api.matching import MatcherDep
from flows import experts
from matcher.schemas import ExpertMatchResult

router = APIRouter(prefix="/api/v1/experts", tags=["coordination"],
                   responses=error_responses(400, 401, 403, 404, 422))


@router.get("/match", response_model=ExpertMatchResult)
def match_experts(session: SessionDep, settings: SettingsDep, setup: MatcherDep, actor: ExpertMatcher,
                  need_id: Annotated[str, Query(min_length=1, max_length=64)],
                  top: Annotated[int, Query(ge=1, le=experts.MAX_TOP)] = 10) -> ExpertMatchResult:
    """为需求直接匹配专家：排除利益冲突（列出原因），给出匹配依据 / experts ranked for a need, with reasons; conflicts
    of interest are excluded and listed with the reason, experts with no text listed apart."""
    return experts.for_need(session=session, settings=settings, matcher=setup, principal=actor, need_id=need_id,
                            top=top).result
