"""Experts found for a need directly, without a center: an expert consultation (顾问咨询, seed 000 §5.3.1) from the
association's expert pool (专家库, seed 003 art. 5(4) and art. 9). One home for the CLI's ``innodock match
--experts``, the API's ``GET /api/v1/experts/match`` and the page ``/needs/{need_id}/experts``.

The need is read at the caller's level of detail (``flows.access.read_need``), so a caller without the right to a
confidential need is told it does not exist, as everywhere. Its enterprise (name, id, credit code) is what conflicts
of interest are checked against; a caller who may read only a center's view of the need (no enterprise) gets no
ranking that could leak it, since ``expert.match`` admits only the association and admins (``authz.tables``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from authz.principal import Principal
from core.errors import InnodockError
from core.settings import Settings
from flows import access
from flows.matching import MatcherSetup, match_experts, query_from_text
from intake.schemas import Need
from matcher.schemas import ExpertMatchResult, MatchQuery

MAX_TOP = 50


def _check_top(top: int) -> None:
    if not 1 <= top <= MAX_TOP:
        raise InnodockError(f"top 须在 1–{MAX_TOP} 之间 / top must be 1–{MAX_TOP}", field="top")


@dataclass(frozen=True)
class ExpertsForNeed:
    need: access.NeedRead  # what the caller may read of the need (the page shows it)
    result: ExpertMatchResult


def for_need(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal, need_id: str,
             top: int = 10) -> ExpertsForNeed:
    """Experts for a stored need, ranked on what the caller may read of it (404 ``need_id`` when nothing)."""
    _check_top(top)
    read = access.read_need(session=session, principal=principal, need_id=need_id)
    if read.need is not None:
        query = MatchQuery.from_need(read.need)
    else:
        view = read.center
        text = (view.text or view.summary) if view is not None else ""
        query = MatchQuery.from_need(Need(text=text or need_id))
    result = match_experts(session=session, settings=settings, setup=matcher, need=query, top_k=top)
    return ExpertsForNeed(need=read, result=result.model_copy(update={"need_id": need_id}))


def for_text(*, session: Session, settings: Settings, matcher: MatcherSetup, text: str,
             enterprise: str | None = None, top: int = 10) -> ExpertMatchResult:
    """Experts for a need's own words at the terminal; ``enterprise`` (a name or id) is whom conflicts of interest
    are checked against, since free text rarely names its own enterprise reliably."""
    _check_top(top)
    if not text or not text.strip():
        raise InnodockError("请给出需求文本 / give the need's text", field="experts")
    query = query_from_text(text)
    if enterprise and enterprise.strip():
        name = enterprise.strip()
        query = query.model_copy(update={"enterprise_name": name, "enterprise_id": name})
    return match_experts(session=session, settings=settings, setup=matcher, need=query, top_k=top)
