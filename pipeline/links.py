"""Who worked with a provider in a period (issue 29, item 3): the clients and the team experts of its engagements that
ran during it, which an independent evaluator must not be (``evaluation.independence.check_third_party``). Read by
``flows.independence``; nothing here decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.models import Engagement, TeamRecord


@dataclass(frozen=True)
class ProviderLinks:
    clients: frozenset[str]  # enterprise ids of its engagements in the period
    experts: frozenset[str]  # kb expert ids on their teams (leads and members)


def links(*, session: Session, center_id: str, start: date, end: date) -> ProviderLinks:
    """The engagements of ``center_id`` that ran during [start, end]: begun by its end, not closed before its start."""
    first = datetime.combine(start, time.min, tzinfo=UTC)
    last = datetime.combine(end, time.max, tzinfo=UTC)
    rows = [r for r in session.scalars(select(Engagement).where(Engagement.center_id == center_id))
            if _utc(r.created_at) <= last and (r.closed_at is None or _utc(r.closed_at) >= first)]
    ids = [r.id for r in rows]
    experts: set[str] = set()
    if ids:
        for team in session.scalars(select(TeamRecord).where(TeamRecord.engagement_id.in_(ids))):
            experts.add(team.lead_expert_id)
            experts.update(team.member_expert_ids or [])
    return ProviderLinks(clients=frozenset(r.enterprise_id for r in rows if r.enterprise_id),
                         experts=frozenset(experts))


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
