"""Experts and team proposals for coordinators: who at a center (and in its expert pools) could serve a need."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep, SettingsDep
from api.domain_deps import TeamReader
from api.errors import error_responses
from api.matching import MatcherDep
from api.work_schemas import ExpertOut
from flows import catalog, teams
from matcher.schemas import TeamProposal

router = APIRouter(prefix="/api/v1/centers", tags=["coordination"],
                   responses=error_responses(400, 401, 403, 404, 422))


@router.get("/{center_id}/experts", response_model=list[ExpertOut])
def center_experts(center_id: str, session: SessionDep, actor: TeamReader) -> list[ExpertOut]:
    """机构自有团队及其专家库成员 / the center's own team and the members of its expert pools."""
    experts = catalog.center_experts(session=session, principal=actor, center_id=center_id)
    return [ExpertOut(id=e.id, name=e.name, center_id=e.center_id, pools=e.pools or [],
                      title_level=e.title_level.value if e.title_level else None,
                      degree=e.degree.value if e.degree else None, years_experience=e.years_experience,
                      led_projects=e.led_projects, fields=e.fields or []) for e in experts]


@router.get("/{center_id}/team", response_model=TeamProposal)
def team_proposal(center_id: str, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
                  actor: TeamReader, need_id: Annotated[str, Query(min_length=1, max_length=64)],
                  members: Annotated[int, Query(ge=1, le=10)] = 3) -> TeamProposal:
    """为需求建议项目组（负责人符合 §4.2.1，成员符合 §4.2.2）/ a lead and members for the need."""
    return teams.proposal(session=session, settings=settings, matcher=setup, principal=actor, center_id=center_id,
                          need_id=need_id, members=members)
