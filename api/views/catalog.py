"""The public catalog: centers and capabilities as anyone may see them (no personal data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.auth.deps import public
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas import CapabilityPublic, CenterDetail, CenterPublic, ComplianceOut, Page
from api.shared import center_cards
from flows import catalog
from kb.schemas import KbStats
from kb.vocab import CenterKind

router = APIRouter(prefix="/api/v1", tags=["catalog"], responses=error_responses(400, 404, 422),
                   dependencies=[Depends(public)])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]
SearchText = Annotated[str | None, Query(max_length=100, description="名称、地区或行业 / name, region, industry")]


@router.get("/kb/stats", response_model=KbStats)
def kb_stats(session: SessionDep) -> KbStats:
    return catalog.stats(session=session)


@router.get("/centers", response_model=Page[CenterPublic])
def list_centers(
    session: SessionDep,
    kind: CenterKind | None = None,
    q: SearchText = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[CenterPublic]:
    centers = catalog.find_centers(session=session, kind=kind, text=q)
    counts = catalog.capability_counts(session=session)
    window = centers[offset : offset + limit]
    return Page(items=center_cards(session=session, centers=window, counts=counts), total=len(centers), limit=limit,
                offset=offset)


@router.get("/centers/{center_id}", response_model=CenterDetail)
def get_center(center_id: str, session: SessionDep) -> CenterDetail:
    center = catalog.public_center(session=session, center_id=center_id)
    caps = catalog.capabilities(session=session, center_id=center_id)
    base = CenterPublic.of(center, capabilities=len(caps), rating=catalog.rating(session=session, center_id=center_id),
                           commendation=catalog.commendations(session=session, center_ids=[center_id]).get(center_id))
    checks = [ComplianceOut(rule=c.rule, clause=c.clause, verdict=c.verdict, reasons=list(c.reasons))
              for c in catalog.compliance(session=session, center_id=center_id)]
    return CenterDetail(**base.model_dump(), capability_list=[CapabilityPublic.of(c) for c in caps],
                        staff_total=center.staff_total, staff_innovation=center.staff_innovation,
                        staff_full_time=center.staff_full_time, staff_part_time=center.staff_part_time,
                        compliance=checks, cases=catalog.cases(session=session, center_id=center_id),
                        criticisms=catalog.criticisms(session=session, center_id=center_id))


@router.get("/capabilities/{capability_id}", response_model=CapabilityPublic)
def get_capability(capability_id: str, session: SessionDep) -> CapabilityPublic:
    return CapabilityPublic.of(catalog.capability(session=session, capability_id=capability_id))
