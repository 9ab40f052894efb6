"""Guards and small helpers the domain routers share: who counts as a coordinator, each action's guard, and
pagination."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from accounts.schemas import Actor
from api.auth.deps import allow
from api.schemas import Page

T = TypeVar("T")


Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
# The platform's own sentences (a confidential need's title and summary, the budget band) and the public page's
# address in the caller's language; the enterprise's words stay as written.
Lang = Annotated[Literal["zh", "en"],
                 Query(description="平台生成文字与公开页面地址的语言 / the language of the platform's sentences and of "
                                   "the public page's address")]


# One alias per action of ``authz.tables.ACTIONS``: a route names what it does, and the rule says who may.
ReviewReader = Annotated[Actor, Depends(allow("review.read"))]
ReviewDecider = Annotated[Actor, Depends(allow("review.decide"))]
NeedCorrector = Annotated[Actor, Depends(allow("need.correct"))]
ReviewDecliner = Annotated[Actor, Depends(allow("review.decline"))]
ReviewInterested = Annotated[Actor, Depends(allow("review.interest"))]
EngagementReader = Annotated[Actor, Depends(allow("engagement.read"))]
EngagementActor = Annotated[Actor, Depends(allow("engagement.act"))]
FeedReader = Annotated[Actor, Depends(allow("feed.read"))]
GroupManager = Annotated[Actor, Depends(allow("groups.manage"))]
TeamReader = Annotated[Actor, Depends(allow("team.read"))]
ExpertMatcher = Annotated[Actor, Depends(allow("expert.match"))]
Evaluator = Annotated[Actor, Depends(allow("evaluation.run"))]
EvaluationReader = Annotated[Actor, Depends(allow("evaluation.read"))]
Assigner = Annotated[Actor, Depends(allow("assignment.run"))]
KbManager = Annotated[Actor, Depends(allow("kb.manage"))]
JobReader = Annotated[Actor, Depends(allow("jobs.read"))]
ProviderReader = Annotated[Actor, Depends(allow("provider.read"))]
ProviderListReader = Annotated[Actor, Depends(allow("provider.list"))]
# One provider's record: an authority's officer too, each object ruled on by ``authz.policy`` (its jurisdiction, or
# for an application the decisions that came to it).
ProviderRecordReader = Annotated[Actor, Depends(allow("provider.record"))]
ProviderApplicant = Annotated[Actor, Depends(allow("provider.apply"))]
ProviderDecider = Annotated[Actor, Depends(allow("provider.decide"))]
ProviderEditor = Annotated[Actor, Depends(allow("provider.edit"))]
ProviderApprover = Annotated[Actor, Depends(allow("provider.approve"))]
ProviderFiler = Annotated[Actor, Depends(allow("provider.file"))]
ProviderDashboardReader = Annotated[Actor, Depends(allow("provider.dashboard"))]

def _query_names(route: Any) -> set[str] | None:
    """The query parameters a route reads, its dependencies' too (a walk of a few nodes)."""
    dependant = getattr(route, "dependant", None)
    return None if dependant is None else _aliases(dependant)


def _aliases(dependant: Any) -> set[str]:
    found = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        found |= _aliases(sub)
    return found


def feed_query_only(request: Request, _actor: FeedReader) -> None:
    """A feed route's dependency: a query parameter the route does not read is refused with 422 naming it, and the
    one it was probably meant to be. Websites filter and page the feed by hand-written URLs, and a misspelt filter
    (``?service_types=`` for ``?service_type=``, ``?page=``) was ignored: the site showed the whole feed as if it
    were the needs it asked for (the association website's walk, 2026-11-28). Asked after the key, so a caller
    without one is told that first."""
    known = _query_names(request.scope.get("route"))
    if known is None:
        return
    for name in request.query_params:
        if name in known:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        hint_zh = f"，是否应为 {close[0]}" if close else ""
        hint_en = f"; did you mean {close[0]}?" if close else ""
        raise RequestValidationError([{
            "type": "extra_forbidden", "loc": ("query", name), "input": request.query_params[name],
            "msg": f"此接口没有参数 {name}{hint_zh}（可用：{'、'.join(sorted(known))}） / no parameter {name} here"
                   f"{hint_en} (it takes: {', '.join(sorted(known))})"}])


def page(items: Sequence[T], *, limit: int, offset: int) -> Page[T]:
    return Page(items=aware(list(items[offset: offset + limit])), total=len(items), limit=limit, offset=offset)


def aware(value: T) -> T:
    """The same value with every naive datetime read as UTC: SQLite hands back the pipeline's and evaluation's
    timestamps without their zone, and the wire format promises RFC 3339 date-times."""
    out: T = _aware(value)
    return out


def _aware(value: Any) -> Any:
    """``value`` itself where nothing in it changes (PostgreSQL's timestamps are aware already): a page of the feed
    copied every item and each of its parts on every request (issue 33)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _aware(old)
            if new is not old:
                changes[name] = new
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list):
        items = [_aware(v) for v in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        entries = {k: _aware(v) for k, v in value.items()}
        return value if all(entries[k] is v for k, v in value.items()) else entries
    return value
