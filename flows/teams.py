"""A project team proposed for a need (seed 000 §4.2.1 lead, §4.2.2 members), from a center's team and its expert
pools: for the center's own coordinators and the association."""

from __future__ import annotations

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.settings import Settings
from flows import access
from flows.matching import MatcherSetup, propose_team
from intake.schemas import Need
from kb import service as kb
from matcher.schemas import MatchQuery, TeamProposal


def proposal(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal, center_id: str,
             need_id: str, members: int) -> TeamProposal:
    """A center that may read only the summary matches its experts to the summary: the team proposal is no way
    round need-to-know."""
    policy.check_own_center(principal, center_id)
    kb.get_center(session=session, center_id=center_id)
    read = access.read_need(session=session, principal=principal, need_id=need_id)
    need = read.need or Need(text=read.center.text or read.center.summary if read.center else "",
                             service_types=read.center.service_types if read.center else [],
                             industry=read.center.industry if read.center else None)
    return propose_team(session=session, settings=settings, setup=matcher, center_id=center_id,
                        need=MatchQuery.from_need(need), members=members)
