"""Published needs offered to the providers they fit (issue 28, item 6), and the providers' "can help".

The caller runs the matcher on the need's public view (never its confidential details) and hands the proposals
over; here they are kept, one row per (need, provider), with whether the provider was told. A provider is told of
at most ``daily_cap`` new needs a day: the rest still wait on its opportunities page. A provider that can help says
so with a short note, and the association reads it on the need's review (``can_help``). Only this module writes
``pipeline_need_offer``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from authz.policy import check_role
from authz.tables import REVIEW_ROLES
from core.db import utcnow
from core.errors import NotFoundError, PermissionDeniedError
from pipeline.models import NeedOffer
from pipeline.schemas import Actor, CanHelp, MatchProposal, OfferView
from pipeline.vocab import Role


def _view(row: NeedOffer) -> OfferView:
    return OfferView(need_id=row.need_id, center_id=row.center_id, center_name=row.center_name, rank=row.rank,
                     proposal=MatchProposal.model_validate(row.proposal), offered_at=row.offered_at,
                     notified_at=row.notified_at, help_note=row.help_note, help_by=row.help_by, help_at=row.help_at)


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def told_today(*, session: Session, center_id: str, now: datetime | None = None) -> int:
    """How many needs the provider was told of on this (UTC) day."""
    start, end = _day_bounds(now or utcnow())
    return int(session.scalar(select(func.count()).select_from(NeedOffer).where(
        NeedOffer.center_id == center_id, NeedOffer.notified_at >= start, NeedOffer.notified_at < end)) or 0)


def record_offers(*, session: Session, need_id: str, proposals: Sequence[MatchProposal], daily_cap: int,
                  already_proposed: Collection[str] = ()) -> list[OfferView]:
    """Keep the providers the need's public view fits, best first; answer those to be told now: not already proposed
    for the need (they heard of it as a proposal), and under ``daily_cap`` needs told today. A need offered again (a
    resubmission) keeps each provider's earlier row, its "can help" and whether it was told."""
    now = utcnow()
    existing = {r.center_id: r for r in session.scalars(select(NeedOffer).where(NeedOffer.need_id == need_id))}
    told: list[NeedOffer] = []
    for rank, proposal in enumerate(proposals, start=1):
        row = existing.get(proposal.center_id)
        if row is None:
            row = NeedOffer(need_id=need_id, center_id=proposal.center_id, center_name=proposal.center_name,
                            rank=rank, proposal=proposal.model_dump(mode="json"), offered_at=now)
            session.add(row)
        else:
            row.rank, row.proposal = rank, proposal.model_dump(mode="json")
        if row.notified_at is None and proposal.center_id not in already_proposed \
                and told_today(session=session, center_id=proposal.center_id, now=now) < daily_cap:
            row.notified_at = now
            told.append(row)
        session.flush()
    return [_view(r) for r in told]


def list_offers(*, session: Session, center_id: str, need_ids: Collection[str] | None = None) -> list[OfferView]:
    """The provider's offers (of these needs), best fit first."""
    stmt = select(NeedOffer).where(NeedOffer.center_id == center_id)
    if need_ids is not None:
        stmt = stmt.where(NeedOffer.need_id.in_(list(need_ids)))
    views = [_view(r) for r in session.scalars(stmt.order_by(NeedOffer.offered_at.desc(), NeedOffer.id))]
    return sorted(views, key=lambda v: (-v.proposal.score, v.rank, v.need_id))


def record_help(*, session: Session, need_id: str, center_id: str, actor: Actor, note: str | None) -> OfferView:
    """The provider says it can help with a need it was offered; saying it again updates the note. The flow has
    checked that the need is still published and that the caller speaks for the provider."""
    check_role("can_help", actor, REVIEW_ROLES["can_help"])
    if actor.role == Role.center_coordinator and actor.org != center_id:
        raise PermissionDeniedError("只能代表本机构表示可承接 / you can speak for your own center only",
                                    field="center_id")
    row = session.scalars(select(NeedOffer).where(NeedOffer.need_id == need_id,
                                                  NeedOffer.center_id == center_id)).first()
    if row is None:
        raise NotFoundError("该需求不在本机构的可承接需求中 / this need is not among the center's opportunities",
                            field="need_id")
    row.help_note = (note or "").strip() or None
    row.help_by = actor.label()
    row.help_at = utcnow()
    session.flush()
    return _view(row)


def can_help(*, session: Session, need_id: str) -> list[CanHelp]:
    """The providers that said they can help with the need, first said first."""
    rows = session.scalars(select(NeedOffer).where(NeedOffer.need_id == need_id, NeedOffer.help_at.is_not(None))
                           .order_by(NeedOffer.help_at, NeedOffer.id))
    return [CanHelp(center_id=r.center_id, center_name=r.center_name, note=r.help_note, by=r.help_by or "",
                    at=r.help_at) for r in rows if r.help_at is not None]
