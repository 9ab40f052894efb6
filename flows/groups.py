"""Common technical problems (共性技术难题, seed 002): similar open needs of several enterprises, grouped, published
and solved once.

The matcher (which owns the embeddings) computes the clusters; intake stores and publishes the groups. Open needs
include those no provider fits (``no_provider``): a problem nobody on the platform can solve alone is exactly what a
group is for. Published groups show their members' public views only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.settings import Settings
from flows.matching import MatcherSetup, group_texts
from intake import service as intake
from intake.schemas import Need, ProblemGroup, PublicNeed


@dataclass(frozen=True)
class PublishedGroup:
    id: str
    title: str
    summary: str | None
    needs: list[PublicNeed]


def build(*, session: Session, settings: Settings, matcher: MatcherSetup, threshold: float) -> list[ProblemGroup]:
    """Group the open needs whose texts are at least ``threshold`` alike (cosine), and store the groups."""

    def grouping(needs: Sequence[Need]) -> list[list[str]]:
        clusters = group_texts(settings=settings, setup=matcher, texts=[n.text for n in needs], threshold=threshold)
        return [[needs[i].id or "" for i in cluster] for cluster in clusters]

    return intake.group_open_needs(session=session, grouping=grouping)


def groups(*, session: Session) -> list[ProblemGroup]:
    return intake.list_groups(session=session)


def publish(*, session: Session, group_id: str) -> PublishedGroup:
    """Publish a group: its members appear only as their public views."""
    data = intake.publish_group(session=session, group_id=group_id)
    return PublishedGroup(id=data["id"], title=data["title"], summary=data.get("summary"),
                          needs=[PublicNeed.model_validate(n) for n in data["needs"]])


def published(*, session: Session) -> list[PublishedGroup]:
    return [PublishedGroup(id=g.id or "", title=g.title, summary=g.summary,
                           needs=intake.published_members(session=session, need_ids=g.need_ids))
            for g in intake.list_groups(session=session, published_only=True)]
