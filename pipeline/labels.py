"""What the coordinators' decisions teach the matcher (issue 28, item 4): every review decision read as labelled
(need, center) pairs, from the review's own record — no second copy of it is kept.

- an engagement opened from a review is an acceptance, or an assignment by hand (``pipeline_engagement.review_id``;
  it survives re-docking, which clears the review's accepted center): ``positive``;
- a proposal declined in a round (``pipeline_review_round.declined``) with its reason: ``negative`` when declined as
  not suitable, ``neutral`` for a reason that says nothing of the fit (no capacity, a conflict of interest, the
  provider declining or leaving, an unclear need). A decline undone within its round is no label at all: undoing
  it withdraws it;
- the whole round declined: one label per proposal of it not declined on its own, with the round's reason;
- a coordinator's re-match: the proposals of the round before that were still standing, passed over (``neutral``).
  A re-docking round (the provider left) is not a re-match.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.models import Engagement, MatchReview, ReviewRound
from pipeline.reviews import REDOCK_NOTE, _visible
from pipeline.schemas import Actor, LabelDecision, LabelKind, ReviewLabel
from pipeline.vocab import RejectReason

# Declined as not suitable is what a decline says about the fit; every other reason is about something else.
NEGATIVE_REASONS = frozenset({RejectReason.not_suitable})


def _kind(reason: RejectReason) -> LabelKind:
    return LabelKind.negative if reason in NEGATIVE_REASONS else LabelKind.neutral


def _at(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _of_review(row: MatchReview, rounds: list[ReviewRound], engagements: list[Engagement]) -> list[ReviewLabel]:
    out: list[ReviewLabel] = []
    base: dict[str, Any] = {"need_id": row.need_id, "review_id": row.id}
    for i, rnd in enumerate(rounds):
        scores = {str(p.get("center_id")): p for p in rnd.proposals or []}
        standing = [d for d in rnd.declined or [] if not d.get("undone_at")]
        declined_one = set()
        for d in standing:
            reason = RejectReason(d["reason"])
            if d.get("center_id"):
                cid = str(d["center_id"])
                declined_one.add(cid)
                p = scores.get(cid, {})
                out.append(ReviewLabel(**base, center_id=cid, center_name=p.get("center_name"), round=rnd.round,
                                       decision=LabelDecision.declined, label=_kind(reason), reason=reason,
                                       text=d.get("text"), score=p.get("score"), by=d.get("by"), at=_at(d["at"])))
        for d in standing:
            if d.get("center_id"):
                continue
            reason = RejectReason(d["reason"])
            for cid, p in scores.items():
                if cid not in declined_one:
                    out.append(ReviewLabel(**base, center_id=cid, center_name=p.get("center_name"), round=rnd.round,
                                           decision=LabelDecision.round_rejected, label=_kind(reason),
                                           reason=reason, text=d.get("text"), score=p.get("score"),
                                           by=d.get("by"), at=_at(d["at"])))
        after = rounds[i + 1] if i + 1 < len(rounds) else None
        whole = any(not d.get("center_id") for d in standing)
        if after is not None and not (after.note or "").startswith(REDOCK_NOTE) and not whole:
            taken = {e.center_id for e in engagements if e.created_at is not None
                     and rnd.created_at <= _aware(e.created_at, rnd.created_at) < after.created_at}
            for cid, p in scores.items():
                if cid not in declined_one and cid not in taken:
                    out.append(ReviewLabel(**base, center_id=cid, center_name=p.get("center_name"), round=rnd.round,
                                           decision=LabelDecision.rematched, label=LabelKind.neutral,
                                           text=after.note, score=p.get("score"), by=after.created_by,
                                           at=after.created_at))
    for eng in engagements:
        opened_in = _round_at(rounds, eng.created_at)
        proposed = {str(p.get("center_id")): p for p in (opened_in.proposals if opened_in is not None else [])}
        current = eng.id == row.engagement_id
        by_hand = row.assigned_by_hand if current else eng.center_id not in proposed
        p = proposed.get(eng.center_id, {})
        out.append(ReviewLabel(**base, center_id=eng.center_id, center_name=eng.center_name,
                               round=opened_in.round if opened_in is not None else row.round,
                               decision=LabelDecision.assigned_by_hand if by_hand else LabelDecision.accepted,
                               label=LabelKind.positive, text=row.assign_note if by_hand and current else None,
                               score=None if by_hand else p.get("score"),
                               by=row.decided_by_id if current else None, at=eng.created_at))
    return out


def _aware(value: datetime, like: datetime) -> datetime:
    """SQLite hands back naive UTC: compare like with like."""
    if value.tzinfo is None and like.tzinfo is not None:
        return value.replace(tzinfo=like.tzinfo)
    if value.tzinfo is not None and like.tzinfo is None:
        return value.replace(tzinfo=None)
    return value


def _round_at(rounds: list[ReviewRound], when: datetime) -> ReviewRound | None:
    """The round an engagement was opened in: the last one created before it."""
    found = None
    for rnd in rounds:
        if rnd.created_at <= _aware(when, rnd.created_at):
            found = rnd
    return found


def review_labels(*, session: Session, actor: Actor, need_ids: Collection[str] | None = None) -> list[ReviewLabel]:
    """Every decision on the reviews the actor may see (of these needs), as labelled (need, center) pairs, oldest
    first."""
    stmt = select(MatchReview).order_by(MatchReview.created_at, MatchReview.id)
    if need_ids is not None:
        stmt = stmt.where(MatchReview.need_id.in_(list(need_ids)))
    reviews = [r for r in session.scalars(stmt) if _visible(r, actor)]
    if not reviews:
        return []
    ids = [r.id for r in reviews]
    rounds: dict[str, list[ReviewRound]] = {}
    for rnd in session.scalars(select(ReviewRound).where(ReviewRound.review_id.in_(ids))
                               .order_by(ReviewRound.review_id, ReviewRound.round)):
        rounds.setdefault(rnd.review_id, []).append(rnd)
    engagements: dict[str, list[Engagement]] = {}
    for eng in session.scalars(select(Engagement).where(Engagement.review_id.in_(ids))
                               .order_by(Engagement.created_at, Engagement.id)):
        engagements.setdefault(eng.review_id or "", []).append(eng)
    out: list[ReviewLabel] = []
    for row in reviews:
        out += _of_review(row, rounds.get(row.id, []), engagements.get(row.id, []))
    return sorted(out, key=lambda lab: (_naive(lab.at), lab.need_id, lab.center_id))


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None) if value.tzinfo is not None else value


def declined_as_unsuitable(*, session: Session, need_ids: Collection[str] | None = None) -> dict[str, set[str]]:
    """need id -> the centers declined as not suitable for it (one proposal, or the whole round), declines undone
    left out: what a re-match does not propose again. Every need when ``need_ids`` is None."""
    stmt = select(MatchReview.need_id, ReviewRound).join(ReviewRound, ReviewRound.review_id == MatchReview.id)
    if need_ids is not None:
        stmt = stmt.where(MatchReview.need_id.in_(list(need_ids)))
    out: dict[str, set[str]] = {}
    for need_id, rnd in session.execute(stmt):
        standing = [d for d in rnd.declined or [] if not d.get("undone_at")
                    and RejectReason(d["reason"]) in NEGATIVE_REASONS]
        for d in standing:
            found = [str(d["center_id"])] if d.get("center_id") else [str(p.get("center_id"))
                                                                        for p in rnd.proposals or []]
            out.setdefault(need_id, set()).update(found)
    return out
