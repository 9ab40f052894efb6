"""Guards and small helpers the domain routers share: who counts as a coordinator, each action's guard, and
pagination."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from accounts.schemas import Actor
from api.auth.deps import allow
from api.schemas import Page

T = TypeVar("T")


Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


# One alias per action of ``authz.tables.ACTIONS``: a route names what it does, and the rule says who may.
ReviewReader = Annotated[Actor, Depends(allow("review.read"))]
ReviewDecider = Annotated[Actor, Depends(allow("review.decide"))]
ReviewDecliner = Annotated[Actor, Depends(allow("review.decline"))]
ReviewInterested = Annotated[Actor, Depends(allow("review.interest"))]
EngagementReader = Annotated[Actor, Depends(allow("engagement.read"))]
EngagementActor = Annotated[Actor, Depends(allow("engagement.act"))]
FeedReader = Annotated[Actor, Depends(allow("feed.read"))]
GroupManager = Annotated[Actor, Depends(allow("groups.manage"))]
TeamReader = Annotated[Actor, Depends(allow("team.read"))]
ExpertMatcher = Annotated[Actor, Depends(allow("expert.match"))]
Evaluator = Annotated[Actor, Depends(allow("evaluation.run"))]
Assigner = Annotated[Actor, Depends(allow("assignment.run"))]
KbManager = Annotated[Actor, Depends(allow("kb.manage"))]
JobReader = Annotated[Actor, Depends(allow("jobs.read"))]
ProviderReader = Annotated[Actor, Depends(allow("provider.read"))]
# One provider's record: an authority's officer too, each object ruled on by ``authz.policy`` (its jurisdiction, or
# for an application the decisions that came to it).
ProviderRecordReader = Annotated[Actor, Depends(allow("provider.record"))]
ProviderApplicant = Annotated[Actor, Depends(allow("provider.apply"))]
ProviderDecider = Annotated[Actor, Depends(allow("provider.decide"))]
ProviderEditor = Annotated[Actor, Depends(allow("provider.edit"))]
ProviderApprover = Annotated[Actor, Depends(allow("provider.approve"))]
ProviderFiler = Annotated[Actor, Depends(allow("provider.file"))]
ProviderDashboardReader = Annotated[Actor, Depends(allow("provider.dashboard"))]


def page(items: Sequence[T], *, limit: int, offset: int) -> Page[T]:
    return Page(items=aware(list(items[offset: offset + limit])), total=len(items), limit=limit, offset=offset)


def aware(value: T) -> T:
    """The same value with every naive datetime read as UTC: SQLite hands back the pipeline's and evaluation's
    timestamps without their zone, and the wire format promises RFC 3339 date-times."""
    out: T = _aware(value)
    return out


def _aware(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value
    if isinstance(value, BaseModel):
        changes = {name: _aware(getattr(value, name)) for name in type(value).model_fields}
        return value.model_copy(update=changes)
    if isinstance(value, list):
        return [_aware(v) for v in value]
    if isinstance(value, dict):
        return {k: _aware(v) for k, v in value.items()}
    return value
