"""Needs offered to providers (issue 28, item 6): a provider's published needs that fit it, and its "can help".

Both routes call :mod:`flows.opportunities`, as the provider's page and ``innodock opportunities`` do; who may read
or speak for a provider is ``authz.policy``'s (``opportunity.read`` / ``opportunity.help``, and a center coordinator
its own center only).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import StringConstraints

from accounts.schemas import NO_NUL, Actor
from api.auth.deps import allow
from api.deps import SessionDep, SettingsDep
from api.domain_deps import aware
from api.errors import error_responses
from api.matching import MatcherDep
from api.work_schemas import StrictIn
from flows import opportunities as opportunities_flow
from flows.opportunities import NOTE_MAX, Opportunity

router = APIRouter(prefix="/api/v1/centers", tags=["coordination"],
                   responses=error_responses(400, 401, 403, 404, 422))
OpportunityReader = Annotated[Actor, Depends(allow("opportunity.read"))]
OpportunityHelper = Annotated[Actor, Depends(allow("opportunity.help"))]
CenterId = Annotated[str, Path(min_length=1, max_length=64)]


class CanHelpIn(StrictIn):
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX, pattern=NO_NUL)] | None = None


@router.get("/{center_id}/opportunities", response_model=list[Opportunity])
def opportunities(center_id: CenterId, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
                  actor: OpportunityReader) -> list[Opportunity]:
    """适合本机构的已发布需求（公开版本），最适合的在前，并列出本机构适合的专家 / the published needs that fit the
    provider (their public views), best fit first, with its experts who fit each."""
    return aware(opportunities_flow.opportunities(session=session, settings=settings, matcher=setup,
                                                  principal=actor, center_id=center_id))


@router.post("/{center_id}/opportunities/{need_id}/help", response_model=Opportunity)
def can_help(center_id: CenterId, need_id: Annotated[str, Path(min_length=1, max_length=64)], body: CanHelpIn,
             session: SessionDep, actor: OpportunityHelper) -> Opportunity:
    """本机构可以承接（附简短说明），协会在该需求的审核中看到 / the provider can help, with a short note: the
    association sees it on the need's review."""
    return aware(opportunities_flow.can_help(session=session, principal=actor, center_id=center_id,
                                             need_id=need_id, note=body.note))
