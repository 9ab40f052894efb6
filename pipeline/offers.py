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
from typing import Any

from sqlalchemy import event, func, insert, select
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
    resubmission) keeps each provider's earlier row, its "can help" and whether it was told.

    The need's rows are read in one query, the day's counts of the providers that may be told in another, and the
    new rows written in one statement (an executemany): a submission sent a count and an INSERT per provider
    (issue 33). Each provider appears once in ``proposals``, so no row of this call changes another's count."""
    now = utcnow()
    existing = {r.center_id: r for r in _offers_of_need(session, need_id)}
    may_tell = [p.center_id for p in proposals if p.center_id not in already_proposed
                and (p.center_id not in existing or existing[p.center_id].notified_at is None)]
    counts = _told_today_many(session=session, center_ids=may_tell, now=now)
    told: list[OfferView] = []
    new: list[dict[str, Any]] = []
    for rank, proposal in enumerate(proposals, start=1):
        row = existing.get(proposal.center_id)
        tell = ((row is None or row.notified_at is None) and proposal.center_id not in already_proposed
                and counts.get(proposal.center_id, 0) < daily_cap)
        if row is None:
            values = {"need_id": need_id, "center_id": proposal.center_id, "center_name": proposal.center_name,
                      "rank": rank, "proposal": proposal.model_dump(mode="json"), "offered_at": now,
                      "notified_at": now if tell else None, "help_note": None, "help_by": None, "help_at": None}
            new.append(values)
            if tell:
                told.append(OfferView(need_id=need_id, center_id=proposal.center_id,
                                      center_name=proposal.center_name, rank=rank, proposal=proposal,
                                      offered_at=now, notified_at=now))
            continue
        row.rank, row.proposal = rank, proposal.model_dump(mode="json")
        if tell:
            row.notified_at = now
            told.append(_view(row))
    session.flush()
    if new:  # one executemany: the new rows are not read back in this call
        session.execute(insert(NeedOffer).execution_options(render_nulls=True), new)
        _forget(session, need_id)  # written past the session's rows: the next ask reads them
    return told


_HELD = "pipeline.need_offer_rows"  # session.info key: need id -> its offer rows (an empty list: it has none)
_HELD_MAX = 32
_HELD_LISTENING = "pipeline.need_offer_rows.listening"


def _offers_of_need(session: Session, need_id: str) -> list[NeedOffer]:
    """The need's offer rows, read once a transaction. A submission read them twice — the new review's "can help"
    (:func:`can_help`), then :func:`record_offers`' rows to keep — two SELECTs of one table a request (issue 33).
    Held until the transaction ends (a commit or a rollback, a savepoint's too, lets go); only this module writes the
    table, through these rows or forgetting them when it inserts, so what is held is what the database holds for
    this transaction."""
    held: dict[str, list[NeedOffer]] = session.info.get(_HELD) or {}
    if need_id in held:
        return held[need_id]
    rows = list(session.scalars(select(NeedOffer).where(NeedOffer.need_id == need_id).order_by(NeedOffer.id)))
    if not session.info.get(_HELD_LISTENING):
        # Sessions here do not expire on commit: rows (or a "none") held past their transaction could hide another
        # transaction's later write.
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(session, name, _release)
        session.info[_HELD_LISTENING] = True
    kept: dict[str, list[NeedOffer]] = session.info.setdefault(_HELD, {})
    kept[need_id] = rows
    if len(kept) > _HELD_MAX:
        del kept[next(iter(kept))]
    return rows


def _forget(session: Session, need_id: str) -> None:
    held: dict[str, list[NeedOffer]] = session.info.get(_HELD) or {}
    held.pop(need_id, None)


def _release(session: Session, *_: Any) -> None:
    session.info.pop(_HELD, None)


def _told_today_many(*, session: Session, center_ids: Collection[str], now: datetime) -> dict[str, int]:
    """:func:`told_today` of several providers in one query (those told of none today are left out)."""
    if not center_ids:
        return {}
    start, end = _day_bounds(now)
    rows = session.execute(select(NeedOffer.center_id, func.count()).where(
        NeedOffer.center_id.in_(sorted(set(center_ids))), NeedOffer.notified_at >= start,
        NeedOffer.notified_at < end).group_by(NeedOffer.center_id))
    return {center_id: int(n) for center_id, n in rows}


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
    rows = sorted((r for r in _offers_of_need(session, need_id) if r.help_at is not None),
                  key=lambda r: (_aware(r.help_at), r.id))
    return [CanHelp(center_id=r.center_id, center_name=r.center_name, note=r.help_note, by=r.help_by or "",
                    at=r.help_at) for r in rows if r.help_at is not None]


def can_help_of(*, session: Session, need_ids: Sequence[str]) -> dict[str, list[CanHelp]]:
    """:func:`can_help` of many needs in one query (a list of reviews read each need's offers in its own)."""
    ids = sorted(set(need_ids))
    found: dict[str, list[NeedOffer]] = {need_id: [] for need_id in ids}
    if ids:
        for row in session.scalars(select(NeedOffer).where(NeedOffer.need_id.in_(ids), NeedOffer.help_at.is_not(None))
                                   .order_by(NeedOffer.id)):
            found[row.need_id].append(row)
    return {need_id: [CanHelp(center_id=r.center_id, center_name=r.center_name, note=r.help_note, by=r.help_by or "",
                              at=r.help_at) for r in sorted(rows, key=lambda r: (_aware(r.help_at), r.id))
                      if r.help_at is not None]
            for need_id, rows in found.items()}


def _aware(at: datetime | None) -> datetime:
    """SQLite hands back naive UTC, a row written in this transaction holds an aware time: both ordered as UTC."""
    assert at is not None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
