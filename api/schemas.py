"""Wire schemas shared by the routers: pagination and the public views of the catalog."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from evaluation.schemas import PublicRating
from flows.cases import CaseView
from intake.schemas import PublicNeed
from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import KIND_LABELS
from providers.schemas import Commendation, Criticism

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class FeedNeed(PublicNeed):
    """A published need as the feed gives it: the public view, and the address of its public page."""

    url: str = Field(description="本需求的公开页面，网站可链接至此（``lang=en`` 时为英文页面）/ the need's public "
                                 "page on this platform, for a website to link to (the English page with ``lang=en``)")


class NeedFeedPage(Page[FeedNeed]):
    """A page of the needs' feed, with where the next one begins (keyset paging, ``intake.schemas.FeedCursor``)."""

    next_before: str | None = Field(
        None, description="下一页：作为 ?before= 传回；为空表示已是最后一页 / the next page: send it back as "
                          "?before=; null on the last page")


class CenterPublic(BaseModel):
    """A center as anyone may see it: no contact person (personal data, kb-v1)."""

    id: str
    name: str
    kind: str
    kind_label: str
    kind_label_en: str = Field(description="英文类别名 / the kind in English (a site in English had the Chinese "
                                           "name alone)")
    status: str
    region: str | None = None
    industries: list[str] = Field(default_factory=list)
    qualifications: list[str] = Field(default_factory=list)
    expert_pools: list[str] = Field(default_factory=list)
    description: str | None = None
    capacity: int | None = None
    capabilities: int = 0
    rating: PublicRating | None = Field(None, description="服务质量评级：最近一次完整的第二方或第三方评价，"
                                                           "自评不计 / the rating: the latest complete second- or "
                                                           "third-party evaluation; a self-assessment never shows")
    commendation: Commendation | None = Field(None, description="激励管理·示范推广：协会的表彰决定 / the "
                                                                "association's commendation (incentive management)")

    @classmethod
    def of(cls, center: CenterRecord, *, capabilities: int = 0, rating: PublicRating | None = None,
           commendation: Commendation | None = None) -> CenterPublic:
        return cls(
            id=center.id, name=center.name, kind=center.kind.value, kind_label=KIND_LABELS[center.kind][0],
            kind_label_en=KIND_LABELS[center.kind][1],
            status=center.effective_status.value, region=center.region, industries=center.industries or [],
            qualifications=center.qualifications or [], expert_pools=center.expert_pools or [],
            description=center.description, capacity=center.capacity, capabilities=capabilities, rating=rating,
            commendation=commendation,
        )


class FeedProvider(CenterPublic):
    """A provider as an association's website shows it (issue 14 step 7): its catalog entry with its status, rating
    (tier and stars), commendation and typical cases, each case as its need was published."""

    cases: list[CaseView] = Field(default_factory=list)


class CapabilityPublic(BaseModel):
    id: str
    center_id: str
    title: str
    description: str | None = None
    service_types: list[str]
    industries: list[str] = Field(default_factory=list)
    standards: list[str] = Field(default_factory=list)
    qualifications: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, cap: CapabilityRecord) -> CapabilityPublic:
        return cls(
            id=cap.id, center_id=cap.center_id, title=cap.title, description=cap.description,
            service_types=[s.value for s in cap.service_types], industries=cap.industries or [],
            standards=cap.standards or [], qualifications=cap.qualifications or [],
        )


class ComplianceOut(BaseModel):
    """One seed rule on the provider's staff (``kb.rules.center_compliance``): met, not met, or not reported."""

    rule: str
    clause: str
    verdict: str
    reasons: list[str] = Field(default_factory=list)


class CenterDetail(CenterPublic):
    capability_list: list[CapabilityPublic] = Field(default_factory=list)
    cases: list[CaseView] = Field(
        default_factory=list,
        description="典型案例：委托企业同意公开、已验收的项目（脱敏）/ typical cases: accepted engagements their "
                    "clients agreed to show, redacted")
    staff_total: int | None = None
    staff_innovation: int | None = None
    staff_full_time: int | None = None
    staff_part_time: int | None = None
    compliance: list[ComplianceOut] = Field(default_factory=list)
    criticisms: list[Criticism] = Field(
        default_factory=list, description="通报批评：协会公开的批评决定（日期、理由、文号），最新在前 / public "
                                          "criticisms the association published (date, reason, document), newest first")
