"""The knowledge base as its readers see it: the public catalog of centers and capabilities, a center's experts for
its own coordinators, and the centers a coordinator may assign a need to by hand.

The search over the catalog is here once, so the JSON API's ``/api/v1/centers`` and the catalog page find the same
centers for the same words.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core import china_time
from core.errors import NotFoundError
from evaluation import service as evaluation
from evaluation.schemas import PublicRating
from flows.cases import CaseView, cases_of
from kb import service as kb
from kb.rules import ComplianceCheck
from kb.schemas import CapabilityRecord, CenterRecord, ExpertRecord, KbStats
from kb.vocab import NEVER_APPROVED, CenterKind
from providers import service as providers
from providers.schemas import Commendation, Criticism


def stats(*, session: Session) -> KbStats:
    return kb.stats(session=session)


def kb_version(*, session: Session) -> int:
    return kb.kb_version(session=session)


def find_centers(*, session: Session, kind: CenterKind | None = None, text: str | None = None,
                 applying: bool = False) -> list[CenterRecord]:
    """Centers of a kind, and/or whose name, region, industries or description hold ``text`` (case-insensitive).
    A provider never approved (applied, under review, or its application rejected or withdrawn:
    ``kb.vocab.NEVER_APPROVED``) is in no public list (:func:`public_center`); ``applying``: listed too (the
    administrator binding an organisation to a provider the association applied for)."""
    centers = [c for c in kb.list_centers(session=session)
               if applying or c.effective_status not in NEVER_APPROVED]
    if kind is not None:
        centers = [c for c in centers if c.kind == kind]
    needle = (text or "").strip().lower()
    if needle:
        centers = [c for c in centers
                   if needle in " ".join([c.name, c.region or "", *(c.industries or []), c.description or ""]).lower()]
    return centers


def compliance(*, session: Session, center_id: str, today: date | None = None) -> list[ComplianceCheck]:
    """A provider's checks against the seed rules on its staff, as its page shows them."""
    return compliance_checks(session=session, today=today or china_time.today(),
                             center_ids=[center_id]).get(center_id, [])


def compliance_checks(*, session: Session, today: date,
                      center_ids: Collection[str] | None = None) -> dict[str, list[ComplianceCheck]]:
    """Providers' checks against the seed rules on their staff (``kb.compliance``), each citing the clause of the
    rules profile the provider is under (``providers.cited_checks``): the page, the API, matching's flags and the
    import's warnings all cite so."""
    found = kb.compliance(session=session, today=today, center_ids=center_ids)
    keys = [(cid, kind, region) for cid, kind, _status, region in kb.center_keys(session=session) if cid in found]
    return providers.cited_checks(session=session, centers=keys, found=found)


def capability_counts(*, session: Session) -> dict[str, int]:
    return kb.capability_counts(session=session)


def center(*, session: Session, center_id: str) -> CenterRecord:
    return kb.get_center(session=session, center_id=center_id)


def public_center(*, session: Session, center_id: str) -> CenterRecord:
    """A center as the public catalog shows it (its page, ``/api/v1/centers/{id}``): one whose application is not yet
    approved (申请中: applied or under review, seed 002 二(二)1–2, before 批准筹建) is not public, and is missing (404)
    like an unknown one (a new user's trial, 2026-11-29: an applicant's page was public, badged 筹建中, and so was one
    under review); nor is one whose application ended unapproved, rejected or withdrawn (未获批准: it was shown as
    已撤销, as if once a provider). Its own coordinators and the association read it on its provider's page."""
    found = kb.get_center(session=session, center_id=center_id)
    if found.effective_status in NEVER_APPROVED:
        raise NotFoundError(f"机构不存在 / no center with id {center_id!r}", field="id")  # as an unknown one
    return found


def shown_statuses(*, session: Session, centers: Collection[CenterRecord]) -> dict[str, str]:
    """The status the catalog's pages show for each center: its kb status, but 限期整改中 under a rectification order
    (``providers.rules.shown_status``; a new user's trial, 2026-11-29, read 运行中 there). The JSON keeps the kb's."""
    shown = providers.shown_statuses(session=session, center_ids=[c.id for c in centers])
    return {c.id: shown.get(c.id, c.effective_status.value) for c in centers}


def center_names(*, session: Session, center_ids: Collection[str]) -> dict[str, str]:
    """Each center by its name, in one query; a center the catalog no longer has keeps its id (a page names what it
    shows by name, not id)."""
    names = {c.id: c.name for c in kb.list_centers(session=session, ids=center_ids)} if center_ids else {}
    return {cid: names.get(cid, cid) for cid in center_ids}


def rating(*, session: Session, center_id: str) -> PublicRating | None:
    """The provider's public rating: its latest second- or third-party evaluation, never its self-assessment."""
    return ratings(session=session, center_ids=[center_id]).get(center_id)


def cases(*, session: Session, center_id: str) -> list[CaseView]:
    """The provider's typical cases, as the public reads them (``flows.cases``)."""
    return cases_of(session=session, center_id=center_id)


def criticisms(*, session: Session, center_id: str) -> list[Criticism]:
    """The provider's published 通报批评 (seed 002 四(二)), newest first, with date, reason and document."""
    return providers.criticisms(session=session, center_ids=[center_id]).get(center_id, [])


def commendations(*, session: Session, center_ids: list[str]) -> dict[str, Commendation]:
    """The providers among ``center_ids`` the association commended (激励管理·示范推广), as the public reads it."""
    return providers.commendations(session=session, center_ids=center_ids)


def ratings(*, session: Session, center_ids: list[str]) -> dict[str, PublicRating]:
    """The public ratings of a catalog page's providers, in one query each: the stars of the latest second- or
    third-party run, and its tier only where the provider's own rules grade by tiers (seed 003 art. 14's stations:
    ``providers.profiles.grades_by_tier``, the report's choice). A run scores every provider's tier against seed
    001's cuts, and the catalog showed 合格 beside a Jiangsu center whose rules grade none (a new user's trial,
    2026-11-29); a provider never rated has no entry, and the pages say 尚未评价 / Not yet evaluated."""
    rated = evaluation.public_ratings(session=session, center_ids=center_ids)
    if not rated:
        return rated
    centers = kb.list_centers(session=session, ids=list(rated))
    governing = providers.profiles_for(session=session, centers=[(c.id, c.kind, c.region) for c in centers])
    out = {}
    for c in centers:
        shown = rated[c.id]
        if not providers.grades_by_tier(governing[c.id], c.kind, c.region):
            shown = shown.model_copy(update={"tier_zh": None, "tier_en": None})
        out[c.id] = shown
    return {cid: out[cid] for cid in rated if cid in out}


def capabilities(*, session: Session, center_id: str) -> list[CapabilityRecord]:
    return kb.list_capabilities(session=session, center_ids=[center_id])


def capability(*, session: Session, capability_id: str) -> CapabilityRecord:
    return kb.get_capability(session=session, capability_id=capability_id)


def center_experts(*, session: Session, principal: Principal, center_id: str,
                   pools: bool = True) -> list[ExpertRecord]:
    """The center's own team and (``pools``) the members of its expert pools, for its coordinators and the
    association; another center's coordinator is told it is not theirs."""
    policy.check_own_center(principal, center_id)
    found = kb.get_center(session=session, center_id=center_id)
    return kb.list_experts(session=session, center_id=center_id,
                           pools=(found.expert_pools or []) if pools else [])


def demo_center(*, session: Session, preferred: str) -> CenterRecord | None:
    """The center the demo accounts stand for: ``preferred`` when the catalog has it, else the first one."""
    centers = kb.list_centers(session=session)
    return next((c for c in centers if c.id == preferred), centers[0] if centers else None)
