"""Common technical problems (共性技术难题, seed 002): similar open needs of several enterprises, published and
solved once.

:mod:`flows.groups` is the use case (the matcher computes the groups, intake stores and publishes them). Association
coordinators build and publish; integrations read published groups with their members' public views only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.conditional import NOT_MODIFIED, ConditionalRoute
from api.deps import SessionDep, SettingsDep
from api.domain_deps import FeedReader, GroupManager, Limit, Offset, feed_query_only, page
from api.errors import error_responses
from api.matching import MatcherDep
from api.schemas import Page
from flows import groups as groups_flow
from flows.groups import PublishedGroup
from intake.schemas import ProblemGroup, PublicNeed

router = APIRouter(tags=["coordination"], responses=error_responses(400, 401, 403, 404, 413, 422))


class GroupBuildIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threshold: Annotated[float, Field(ge=0.5, le=0.999, description="相似阈值（余弦）/ cosine to join")] = 0.9


class PublicGroup(BaseModel):
    id: str
    title: str
    summary: str | None = None
    needs: list[PublicNeed]

    @classmethod
    def of(cls, group: PublishedGroup) -> PublicGroup:
        return cls(id=group.id, title=group.title, summary=group.summary, needs=group.needs)


@router.post("/api/v1/groups/build", response_model=list[ProblemGroup])
def build_groups(body: GroupBuildIn, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
                 _actor: GroupManager) -> list[ProblemGroup]:
    """归并相似的开放需求为共性难题 / group similar open needs of several enterprises."""
    return groups_flow.build(session=session, settings=settings, matcher=setup, threshold=body.threshold)


@router.get("/api/v1/groups", response_model=Page[ProblemGroup])
def list_groups(session: SessionDep, _actor: GroupManager, limit: Limit = 20, offset: Offset = 0
                ) -> Page[ProblemGroup]:
    return page(groups_flow.groups(session=session), limit=limit, offset=offset)


@router.post("/api/v1/groups/{group_id}/publish", response_model=PublicGroup)
def publish_group(group_id: str, session: SessionDep, _actor: GroupManager) -> PublicGroup:
    """发布共性难题（成员需求只以脱敏公开版本出现）/ publish a group; members appear only as public views."""
    return PublicGroup.of(groups_flow.publish(session=session, group_id=group_id))


def feed_groups(session: SessionDep, _actor: FeedReader, limit: Limit = 20, offset: Offset = 0) -> Page[PublicGroup]:
    """已发布的共性难题 / published common problems."""
    views = [PublicGroup.of(g) for g in groups_flow.published(session=session)]
    return page(views, limit=limit, offset=offset)


# A feed route, tagged and answered 304 as the rest of the feed is (api.conditional).
router.add_api_route("/api/v1/feed/groups", feed_groups, methods=["GET"], response_model=Page[PublicGroup],
                     tags=["integration"], responses=NOT_MODIFIED, route_class_override=ConditionalRoute,
                     dependencies=[Depends(feed_query_only)])
