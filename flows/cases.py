"""Typical cases (issue 14 step 7): a closed engagement its client agreed to show, as the public reads it — the need as
it was published (redacted: a confidential need shows its generic summary only), the provider, when it closed.

The client decides (``pipeline.set_case_consent``: its people or an admin, once the results were accepted) and may
withdraw at any time; nothing else of the engagement (price, team, files, messages, scores) is ever shown.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy.orm import Session

from authz.principal import Principal
from flows.access import pipeline_actor
from intake import service as intake
from intake.schemas import Region
from kb.vocab import ServiceType
from pipeline import service as pipeline
from pipeline.schemas import CaseConsentView


class CaseView(BaseModel):
    title: str
    summary: str
    service_types: list[ServiceType]
    industry: str | None
    region: Region
    closed_on: date | None


def consent(*, session: Session, principal: Principal, engagement_id: str, public: bool) -> CaseConsentView:
    """The client agrees to show the engagement as a typical case of its provider, or withdraws that."""
    return pipeline.set_case_consent(session=session, engagement_id=engagement_id,
                                     actor=pipeline_actor(principal, session), public=public)


def cases_of(*, session: Session, center_id: str, limit: int = 10) -> list[CaseView]:
    """The provider's typical cases, newest first, for anyone (the catalog is public)."""
    found = pipeline.public_cases(session=session, center_id=center_id, limit=limit)
    versions = intake.published_versions(session=session, need_ids=[c.need_id for c in found])
    out = []
    for case in found:
        need = versions.get(case.need_id)
        if need is None:
            continue
        out.append(CaseView(title=need.title, summary=need.summary, service_types=need.service_types,
                            industry=need.industry, region=need.region, closed_on=case.closed_on))
    return out
