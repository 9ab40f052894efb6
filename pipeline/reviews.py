"""A coordinator's review of the providers the matcher proposed for a need (seed 000 §5.1.3 docking).

A review holds the proposals of its current round; re-running the matcher after the need changed adds a round and
keeps the old ones. A coordinator accepts one provider (with alternates) — which opens the engagement — declines a
single proposal or the whole round with a structured reason, or assigns a provider by hand. The enterprise sees
which provider took its need and why proposals were declined.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import event, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from authz.policy import check_role, may_see_review
from authz.tables import REVIEW_ROLES
from core.db import in_chunks, utcnow
from core.errors import ConflictError, InnodockError, NotFoundError, PermissionDeniedError
from kb import service as kb_service
from pipeline.engagements import new_id, open_engagement
from pipeline.models import MatchReview, ReviewRound
from pipeline.offers import can_help, can_help_of
from pipeline.schemas import (
    Actor,
    CanHelp,
    Decline,
    Interest,
    MatchProposal,
    ProposedTeam,
    QueuedReview,
    ReviewParties,
    ReviewView,
    RoundView,
    client_reference,
)
from pipeline.vocab import RejectReason, ReviewStatus, Role

ProposalInput = MatchProposal | dict[str, Any]
# How a re-docking round's note begins: what tells it apart from a coordinator's re-match (pipeline.labels).
REDOCK_NOTE = "重新对接 / re-docked"
# The longest reason an accept takes (the API's notes are as long): the enterprise reads it under "为什么选这家机构".
ACCEPT_REASON_MAX = 2_000


def _proposals(items: Sequence[ProposalInput] | dict[str, Any]) -> tuple[list[MatchProposal], bool | None]:
    """Accept a list of proposals or the matcher's whole result ``{"matches": [...], "low_confidence": ...}``."""
    low: bool | None = None
    if isinstance(items, dict):
        low = bool(items.get("low_confidence", False))
        items = items.get("matches") or []
    out: list[MatchProposal] = []
    for i, item in enumerate(items):
        try:
            out.append(item if isinstance(item, MatchProposal) else MatchProposal.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise InnodockError(f"匹配建议格式不正确 / invalid proposal: {first.get('msg')}",
                                field=f"proposals[{i}].{where}") from None
    ids = [p.center_id for p in out]
    if len(set(ids)) != len(ids):
        raise InnodockError("同一机构出现多次 / a center appears twice in the proposals", field="proposals")
    return out, low


def _load(session: Session, review_id: str) -> MatchReview:
    row = session.get(MatchReview, review_id, populate_existing=True)
    if row is None:
        raise NotFoundError("审核单不存在 / no such review", field="review_id")
    return row


def _round(session: Session, row: MatchReview) -> ReviewRound:
    rnd = session.scalars(select(ReviewRound).where(ReviewRound.review_id == row.id,
                                                    ReviewRound.round == row.round)).one()
    return rnd


def _rounds(session: Session, row: MatchReview) -> list[ReviewRound]:
    """All the review's rounds, in order."""
    return list(session.scalars(select(ReviewRound).where(ReviewRound.review_id == row.id)
                                .order_by(ReviewRound.round)))


def _current(rounds: Sequence[ReviewRound], row: MatchReview) -> ReviewRound:
    """The review's current round among ``rounds`` (all of them, from :func:`_rounds`)."""
    [current] = [r for r in rounds if r.round == row.round]
    return current


def proposed_centers(row: MatchReview) -> frozenset[str]:
    return frozenset(str(p.get("center_id")) for p in row.proposals or [] if p.get("center_id"))


def _load_visible(session: Session, review_id: str, actor: Actor) -> MatchReview:
    """The review, for someone it exists for: to anyone else it is missing, before anything about their role or its
    state is said."""
    row = _load(session, review_id)
    if not _visible(row, actor):
        raise NotFoundError("审核单不存在 / no such review", field="review_id")
    return row


def _visible(row: MatchReview, actor: Actor) -> bool:
    return may_see_review(actor, need_id=row.need_id, enterprise_id=row.enterprise_id,
                          proposed=proposed_centers(row),
                          accepted=row.accepted_center_id)


def _decline(d: dict[str, Any]) -> Decline:
    return Decline.model_validate(d)


def _standing(declined: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The declines of a round that were not undone: the ones that keep a center out of it."""
    return [d for d in declined or [] if not d.get("undone_at")]


_HELD_REVIEWS = "pipeline.need_review_rows"  # session.info key: need id -> its review row (None: it has none)
_HELD_MAX = 32
_HELD_LISTENING = "pipeline.need_review_rows.listening"


def _review_of_need(session: Session, need_id: str) -> MatchReview | None:
    """The need's review row (a need has at most one), read once a transaction. A submission asked three times — who
    may write the need, whether it was submitted before, and that no review exists before making one — each a
    SELECT, the identity map keeping no weak-referenced row and no "none" (issue 33). Held until the transaction
    ends (a commit or a rollback, a savepoint's too, lets go); only this module makes reviews, and it records the one
    it makes here, so what is held is what the database holds for this transaction."""
    held: dict[str, MatchReview | None] = session.info.get(_HELD_REVIEWS) or {}
    if need_id in held:
        return held[need_id]
    row = session.scalars(select(MatchReview).where(MatchReview.need_id == need_id)).first()
    _hold_review(session, need_id, row)
    return row


def _hold_review(session: Session, need_id: str, row: MatchReview | None) -> None:
    if not session.info.get(_HELD_LISTENING):
        # Sessions here do not expire on commit: held past its transaction, a row (or a "none") could hide another
        # transaction's later write.
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(session, name, _release_reviews)
        session.info[_HELD_LISTENING] = True
    held: dict[str, MatchReview | None] = session.info.setdefault(_HELD_REVIEWS, {})
    held.pop(need_id, None)
    held[need_id] = row
    if len(held) > _HELD_MAX:
        del held[next(iter(held))]


def _release_reviews(session: Session, *_: Any) -> None:
    session.info.pop(_HELD_REVIEWS, None)


def review_view(session: Session, row: MatchReview, *, with_rounds: bool = False,
                rounds: Sequence[ReviewRound] | None = None, helpers: list[CanHelp] | None = None) -> ReviewView:
    """``rounds``: the review's rounds, when the caller has them all already (a review it just made, a list read
    them together); ``helpers``: its need's "can help" offers, likewise."""
    if rounds is None:
        rounds = session.scalars(select(ReviewRound).where(ReviewRound.review_id == row.id)
                                 .order_by(ReviewRound.round)).all()
    current = next((r for r in rounds if r.round == row.round), None)
    round_views = [
        RoundView(round=r.round, proposals=[MatchProposal.model_validate(p) for p in r.proposals],
                  low_confidence=r.low_confidence, note=r.note, declined=[_decline(d) for d in r.declined or []],
                  interested=[Interest.model_validate(i) for i in r.interested or []],
                  created_by=r.created_by, created_at=r.created_at)
        for r in rounds
    ] if with_rounds else []
    return ReviewView(
        id=row.id, need_id=row.need_id, enterprise_id=row.enterprise_id, enterprise_name=row.enterprise_name,
        client_ref=client_reference(row.id), status=ReviewStatus(row.status), round=row.round, version=row.version,
        proposals=[MatchProposal.model_validate(p) for p in row.proposals or []], low_confidence=row.low_confidence,
        declined=[_decline(d) for d in _standing(current.declined if current else [])],
        interested=[Interest.model_validate(i) for i in (current.interested if current else []) or []],
        accepted_center_id=row.accepted_center_id, accepted_center_name=row.accepted_center_name,
        alternates=list(row.alternates or []), assigned_by_hand=row.assigned_by_hand, assign_note=row.assign_note,
        accept_reason=row.accept_reason,
        reject_reason=RejectReason(row.reject_reason) if row.reject_reason else None, reject_text=row.reject_text,
        decided_by=row.decided_by_id, decided_at=row.decided_at, engagement_id=row.engagement_id,
        rounds=round_views, can_help=can_help(session=session, need_id=row.need_id) if helpers is None else helpers,
        created_at=row.created_at, updated_at=row.updated_at,
        rematch_note=current.note if current is not None and current.round > 1 and current.note
        and not current.note.startswith(REDOCK_NOTE) else None,
    )


def submit_proposals(
    *,
    session: Session,
    need_id: str,
    actor: Actor,
    proposals: Sequence[ProposalInput] | dict[str, Any],
    enterprise_id: str | None = None,
    enterprise_name: str | None = None,
    low_confidence: bool = False,
) -> ReviewView:
    """Put a need and its proposed providers in the review queue."""
    check_role("submit_proposals", actor, REVIEW_ROLES["submit_proposals"])
    items, low = _proposals(proposals)
    if _review_of_need(session, need_id) is not None:
        raise ConflictError(f"需求 {need_id} 已在审核中，请用重新匹配 / need {need_id} is already under review; "
                            "use rematch", field="need_id", code="review_exists")
    now = utcnow()
    row = MatchReview(
        id=new_id("rev"), need_id=need_id, enterprise_id=enterprise_id, enterprise_name=enterprise_name,
        status=ReviewStatus.pending.value, round=1, version=1, proposals=[p.model_dump() for p in items],
        low_confidence=low if low is not None else low_confidence, alternates=[], assigned_by_hand=False,
        created_at=now, updated_at=now,
    )
    session.add(row)
    session.flush()
    first = ReviewRound(review_id=row.id, round=1, proposals=row.proposals, low_confidence=row.low_confidence,
                        note=None, declined=[], created_by=actor.label(), created_at=now)
    session.add(first)
    session.flush()
    _hold_review(session, need_id, row)
    return review_view(session, row, rounds=[first])


def _visible_rows(session: Session, actor: Actor, status: ReviewStatus | str | None) -> list[MatchReview]:
    """The rows of the reviews the actor may see, oldest first: the status chosen in SQL, who may see each decided
    by :func:`authz.policy.may_see_review`."""
    stmt = select(MatchReview).order_by(MatchReview.created_at, MatchReview.id)
    if status:
        try:
            stmt = stmt.where(MatchReview.status == ReviewStatus(status).value)
        except ValueError:
            raise InnodockError(f"未知审核状态 {status!r} / status must be pending, accepted or rejected",
                                field="status") from None
    return [r for r in session.scalars(stmt) if _visible(r, actor)]


def _views(session: Session, rows: Sequence[MatchReview]) -> list[ReviewView]:
    # Their rounds and offers read together: a queue of thousands read two more rows a review (2026-11-28).
    rounds: dict[str, list[ReviewRound]] = {r.id: [] for r in rows}
    for ids in in_chunks([r.id for r in rows]):
        for found in session.scalars(select(ReviewRound).where(ReviewRound.review_id.in_(ids))
                                     .order_by(ReviewRound.review_id, ReviewRound.round)):
            rounds[found.review_id].append(found)
    helpers: dict[str, list[CanHelp]] = {}
    for ids in in_chunks([r.need_id for r in rows]):
        helpers.update(can_help_of(session=session, need_ids=ids))
    return [review_view(session, r, rounds=rounds[r.id], helpers=helpers.get(r.need_id, [])) for r in rows]


def list_reviews(*, session: Session, actor: Actor, status: ReviewStatus | str | None = None) -> list[ReviewView]:
    """The review queue (``status="pending"``) or any reviews the actor may see, oldest first."""
    return _views(session, _visible_rows(session, actor, status))


def review_page(*, session: Session, actor: Actor, status: ReviewStatus | str | None = None, limit: int | None = None,
                offset: int = 0) -> tuple[list[ReviewView], int]:
    """A page of :func:`list_reviews` and how many there are in all: only the page's reviews are read whole (their
    proposals, rounds and offers), not every one of a queue of thousands (2026-11-28: a page of 20 of 2,000 made
    2,000 reviews' views)."""
    rows = _visible_rows(session, actor, status)
    window = rows[offset:] if limit is None else rows[offset: offset + limit]
    return _views(session, window), len(rows)


def queued_reviews(*, session: Session, actor: Actor,
                   status: ReviewStatus | str | None = None) -> list[QueuedReview]:
    """The reviews the actor may see, oldest first, as a work list filters and sorts them before it shows a page:
    their ids, needs, status, age and confidence, the status chosen in SQL; no proposal, round or offer is made
    into its view (:func:`reviews_by_id` reads the page's)."""
    return [QueuedReview(id=r.id, need_id=r.need_id, status=ReviewStatus(r.status), created_at=r.created_at,
                         low_confidence=bool(r.low_confidence)) for r in _visible_rows(session, actor, status)]


def reviews_by_id(*, session: Session, actor: Actor, review_ids: Sequence[str]) -> list[ReviewView]:
    """These reviews whole, in the order given, read together; those the actor may not see (or that do not exist)
    left out."""
    found: dict[str, MatchReview] = {}
    for ids in in_chunks(list(dict.fromkeys(review_ids))):
        found.update((r.id, r) for r in session.scalars(select(MatchReview).where(MatchReview.id.in_(ids))))
    return _views(session, [found[i] for i in dict.fromkeys(review_ids) if i in found and _visible(found[i], actor)])


def review_for_need(*, session: Session, need_id: str, actor: Actor, with_help: bool = True) -> ReviewView | None:
    """The need's review if the actor may see it: one indexed read (a need has at most one review), where scanning
    the list would grow with every need ever submitted. ``with_help=False``: for a caller that shows no "can help"
    offer (a need's result), they are not read and ``can_help`` is empty (issue 33: one statement a result)."""
    row = _review_of_need(session, need_id)
    if row is None or not _visible(row, actor):
        return None
    return review_view(session, row, helpers=None if with_help else [])


def reviews_for_needs(*, session: Session, need_ids: Sequence[str], actor: Actor) -> dict[str, ReviewView]:
    """:func:`review_for_need` of many needs: their reviews, rounds and "can help" offers read together (a list of
    an enterprise's needs read three statements a need, issue 33). A need without a review the actor may see is not
    in the answer. The rows are held for the transaction, as :func:`_review_of_need` holds one."""
    ids = sorted(set(need_ids))
    rows = [row for chunk in in_chunks(ids) for row in session.scalars(select(MatchReview)
                                                                     .where(MatchReview.need_id.in_(chunk)))]
    if len(ids) <= _HELD_MAX:
        found = {row.need_id: row for row in rows}
        for need_id in ids:
            _hold_review(session, need_id, found.get(need_id))
    visible = [row for row in rows if _visible(row, actor)]
    return {view.need_id: view for view in _views(session, visible)}


def review_parties(*, session: Session, need_id: str) -> ReviewParties:
    """The centers the need's review names now (this round's proposals, the accepted one): what need-to-know reads.
    A need with no review names none."""
    row = _review_of_need(session, need_id)
    if row is None:
        return ReviewParties()
    return ReviewParties(review_id=row.id, proposed=proposed_centers(row), accepted=row.accepted_center_id)


def review_parties_of(*, session: Session, need_ids: Sequence[str]) -> dict[str, ReviewParties]:
    """:func:`review_parties` of many needs in one query (a need with no review names none)."""
    ids = sorted(set(need_ids))
    found = {row.need_id: ReviewParties(review_id=row.id, proposed=proposed_centers(row),
                                        accepted=row.accepted_center_id)
             for row in (session.scalars(select(MatchReview).where(MatchReview.need_id.in_(ids))) if ids else ())}
    return {need_id: found.get(need_id, ReviewParties()) for need_id in ids}


def as_seen_by_center(view: ReviewView, *, center_id: str | None, show_enterprise: bool) -> ReviewView:
    """A review as one center may read it: its own proposal and its own declines only — never another center's
    proposal, score or decline — and the enterprise's name only where the need's details are open to it. Accepted
    for another center, it says the need went elsewhere (``taken_elsewhere``), not to whom."""

    def own(items: list[Any]) -> list[Any]:
        return [i for i in items if getattr(i, "center_id", None) == center_id]

    rounds = [r.model_copy(update={"proposals": own(r.proposals), "declined": own(r.declined),
                                   "interested": own(r.interested)}) for r in view.rounds]
    # A center may see its own "can help" only: whoever else offered is none of its business.
    mine = view.accepted_center_id == center_id
    return view.model_copy(update={
        "proposals": own(view.proposals), "declined": own(view.declined), "interested": own(view.interested),
        "rounds": rounds, "can_help": own(view.can_help),
        "enterprise_name": view.enterprise_name if show_enterprise else None,
        # The id would name the client as well as the name does: it appears beside the name on its public needs.
        "enterprise_id": view.enterprise_id if show_enterprise else None,
        "alternates": [], "engagement_id": view.engagement_id if mine else None,
        "accepted_center_id": view.accepted_center_id if mine else None,
        "accepted_center_name": view.accepted_center_name if mine else None,
        "assign_note": view.assign_note if mine else None,
        "accept_reason": view.accept_reason if mine else None,
        "taken_elsewhere": view.status == ReviewStatus.accepted and view.accepted_center_id is not None and not mine,
        "rematch_note": None,  # the association's words to itself and the enterprise, of the need's text
    })


def get_review(*, session: Session, review_id: str, actor: Actor) -> ReviewView:
    row = _load(session, review_id)
    if not _visible(row, actor):
        raise NotFoundError("审核单不存在 / no such review", field="review_id")
    return review_view(session, row, with_rounds=True)


def _require_open(row: MatchReview, *, also: tuple[ReviewStatus, ...] = ()) -> None:
    allowed = (ReviewStatus.pending, *also)
    if ReviewStatus(row.status) not in allowed:
        raise ConflictError(
            f"审核单状态为 {row.status}，此操作需 {'/'.join(allowed)} / review is {row.status}; this needs "
            f"{' or '.join(allowed)}",
            field="status", code="review_closed",
        )


def _check_conflict(row: MatchReview, center_id: str, center_name: str | None) -> None:
    """A provider never reviews or serves itself: the client and the provider must be different organisations."""
    if (row.enterprise_id and row.enterprise_id == center_id) or (
        row.enterprise_name and center_name and row.enterprise_name == center_name
    ):
        raise ConflictError("委托方与服务方为同一单位 / the client and the provider are the same organisation",
                            field="center_id", code="conflict_of_interest")


def _claim(session: Session, row: MatchReview, version: int | None) -> None:
    """Take the review for this decision: bump its version only if nobody decided meanwhile (and, when the caller
    gives the version it saw, only if that is still current). Called after every check, before any write."""
    seen = row.version if version is None else version
    # The row comes back from the UPDATE itself (RETURNING, over what the session held): a refresh after it was a
    # SELECT more a decision (issue 33).
    try:
        claimed = session.scalars(
            update(MatchReview).where(MatchReview.id == row.id, MatchReview.version == seen)
            .values(version=seen + 1).returning(MatchReview)
            .execution_options(synchronize_session=False, populate_existing=True)
        ).all()
    except OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        claimed = []
    if len(claimed) != 1:
        raise ConflictError(
            f"审核单 {row.id} 已被他人处理，版本 {seen} 已过期 / review changed meanwhile: version {seen} is stale; "
            "reload and retry",
            field="version", code="stale_version",
        )


def _decide(row: MatchReview, actor: Actor, status: ReviewStatus) -> None:
    row.status = status.value
    row.decided_by_role = actor.role.value
    row.decided_by_id = actor.label()
    row.decided_at = utcnow()
    row.updated_at = row.decided_at


def _open(session: Session, row: MatchReview, actor: Actor, center_id: str, center_name: str | None,
          team: ProposedTeam | None) -> str:
    eng = open_engagement(session=session, need_id=row.need_id, center_id=center_id, actor=actor,
                          center_name=center_name, enterprise_id=row.enterprise_id,
                          enterprise_name=row.enterprise_name, review_id=row.id, proposed_team=team)
    return eng.id


def accept(
    *,
    session: Session,
    review_id: str,
    center_id: str,
    actor: Actor,
    alternates: Sequence[str] = (),
    version: int | None = None,
    reason: str | None = None,
) -> ReviewView:
    """Accept one proposed provider (alternates are kept in order, for when it falls through) and open the
    engagement. ``reason``: why the association chose it, in its words, optional; the enterprise reads it under
    "为什么选这家机构" beside the machine's explanation (a new user's trial, 2026-11-30: it read the machine's only)."""
    row = _load_visible(session, review_id, actor)
    check_role("accept", actor, REVIEW_ROLES["accept"])
    _require_open(row)
    said = _accept_reason(reason)
    proposals = {p["center_id"]: p for p in row.proposals or []}
    # Every round read once: the current one's declines are checked, and all of them make the answer (which read
    # them again, issue 33); accepting writes none of them.
    rounds = _rounds(session, row)
    declined = {d.get("center_id") for d in _standing(_current(rounds, row).declined)}
    for cid, field in [(center_id, "center_id"), *((a, "alternates") for a in alternates)]:
        if cid not in proposals:
            raise InnodockError(f"机构 {cid} 不在本轮建议中（可用人工指派）/ center {cid} was not proposed in this "
                                "round; use assign_by_hand", field=field)
        if cid in declined:
            raise ConflictError(f"机构 {cid} 已被婉拒 / center {cid} was declined in this round", field=field)
    alts = list(dict.fromkeys(a for a in alternates if a != center_id))
    chosen = proposals[center_id]
    _check_conflict(row, center_id, chosen.get("center_name"))
    team = ProposedTeam.model_validate(chosen["team"]) if chosen.get("team") else None
    _claim(session, row, version)
    row.engagement_id = _open(session, row, actor, center_id, chosen.get("center_name"), team)
    row.accepted_center_id = center_id
    row.accepted_center_name = chosen.get("center_name")
    row.alternates = alts
    row.assigned_by_hand = False
    row.accept_reason = said
    _decide(row, actor, ReviewStatus.accepted)
    session.flush()
    return review_view(session, row, rounds=rounds)


def _accept_reason(reason: str | None) -> str | None:
    """An accept's reason as kept: trimmed, None when blank; too long (or holding a NUL, which no text column
    stores) refused on ``reason`` before anything is written."""
    said = (reason or "").strip()
    if len(said) > ACCEPT_REASON_MAX:
        raise InnodockError(f"选定理由最多 {ACCEPT_REASON_MAX} 字（现 {len(said)} 字）/ the reason is at most "
                            f"{ACCEPT_REASON_MAX} characters ({len(said)} given)", field="reason")
    if "\x00" in said:
        raise InnodockError("选定理由含无效字符 / the reason holds a NUL character", field="reason")
    return said or None


def reject(
    *,
    session: Session,
    review_id: str,
    actor: Actor,
    reason: RejectReason | str,
    text: str | None = None,
    center_id: str | None = None,
    version: int | None = None,
) -> ReviewView:
    """Decline one proposal (``center_id``) or, without it, the whole round, with a structured reason.

    A center coordinator may decline only its own center's proposal (reason ``provider_declined`` typically)."""
    row = _load_visible(session, review_id, actor)
    check_role("reject", actor, REVIEW_ROLES["reject"])
    _require_open(row)
    try:
        why = RejectReason(reason)
    except ValueError:
        raise InnodockError(f"驳回理由须为 {', '.join(r.value for r in RejectReason)} / unknown reason {reason!r}",
                            field="reason") from None
    text = (text or "").strip() or None
    if why == RejectReason.other and not text:
        raise InnodockError("理由为“其他”时须写明说明 / With the reason “other”, write an explanation", field="text")
    if actor.role == Role.center_coordinator and (center_id is None or center_id != actor.org):
        raise PermissionDeniedError("机构协调员只能婉拒本机构的建议 / a center coordinator may decline only its own "
                                    "center", field="center_id")
    if center_id is not None and center_id not in {p["center_id"] for p in row.proposals or []}:
        raise InnodockError(f"机构 {center_id} 不在本轮建议中 / center {center_id} is not proposed in this round",
                            field="center_id")
    _claim(session, row, version)
    rnd = _round(session, row)
    decline = Decline(center_id=center_id, reason=why, text=text, by=actor.label(), at=utcnow())
    rnd.declined = [*(rnd.declined or []), decline.model_dump(mode="json")]
    if center_id is None:
        row.reject_reason = why.value
        row.reject_text = text
        _decide(row, actor, ReviewStatus.rejected)
    else:
        row.updated_at = utcnow()
    session.flush()
    return review_view(session, row)


def undo_decline(*, session: Session, review_id: str, actor: Actor, center_id: str,
                 version: int | None = None) -> ReviewView:
    """Undo a wrong decline of one proposal, within its round (the review still open): the decline stays on record
    with who undid it, and the center may be accepted again. A whole round rejected is not undone here: a re-match
    starts the next one."""
    row = _load_visible(session, review_id, actor)
    check_role("undo_decline", actor, REVIEW_ROLES["undo_decline"])
    _require_open(row)
    rnd = _round(session, row)
    standing = [d for d in _standing(rnd.declined) if d.get("center_id") == center_id]
    if not standing:
        raise ConflictError(f"本轮没有对机构 {center_id} 的婉拒可撤销 / no standing decline of {center_id} in this "
                            "round", field="center_id", code="not_declined")
    _claim(session, row, version)
    now = utcnow()
    rnd.declined = [dict(d, undone_by=actor.label(), undone_at=now.isoformat()) if d is standing[-1] else d
                    for d in rnd.declined or []]
    row.updated_at = now
    session.flush()
    return review_view(session, row)


def rematch(
    *,
    session: Session,
    review_id: str,
    actor: Actor,
    proposals: Sequence[ProposalInput] | dict[str, Any],
    note: str | None = None,
    low_confidence: bool = False,
    version: int | None = None,
) -> ReviewView:
    """Replace the proposals after the need changed (the caller re-ran the matcher); earlier rounds are kept."""
    row = _load_visible(session, review_id, actor)
    check_role("rematch", actor, REVIEW_ROLES["rematch"])
    _require_open(row, also=(ReviewStatus.rejected,))
    items, low = _proposals(proposals)
    _claim(session, row, version)
    row.round += 1
    row.proposals = [p.model_dump() for p in items]
    row.low_confidence = low if low is not None else low_confidence
    row.status = ReviewStatus.pending.value
    row.reject_reason = row.reject_text = None
    row.decided_by_role = row.decided_by_id = None
    row.decided_at = None
    row.updated_at = utcnow()
    session.add(ReviewRound(review_id=row.id, round=row.round, proposals=row.proposals,
                            low_confidence=row.low_confidence, note=(note or "").strip() or None, declined=[],
                            created_by=actor.label(), created_at=row.updated_at))
    session.flush()
    return review_view(session, row)


def assign_by_hand(
    *,
    session: Session,
    review_id: str,
    center_id: str,
    actor: Actor,
    note: str,
    alternates: Sequence[str] = (),
    version: int | None = None,
) -> ReviewView:
    """Give the need to a provider the matcher did not propose (or after all proposals were declined); the
    coordinator's note says why, and the review is flagged as assigned by hand."""
    row = _load_visible(session, review_id, actor)
    check_role("assign_by_hand", actor, REVIEW_ROLES["assign_by_hand"])
    _require_open(row, also=(ReviewStatus.rejected,))
    if not note or not note.strip():
        raise InnodockError("人工指派须写明理由 / assigning by hand needs a note saying why", field="note")
    center = kb_service.get_center(session=session, center_id=center_id)
    _check_conflict(row, center.id, center.name)
    _claim(session, row, version)
    row.engagement_id = _open(session, row, actor, center.id, center.name, None)
    row.accepted_center_id = center.id
    row.accepted_center_name = center.name
    row.alternates = list(dict.fromkeys(a for a in alternates if a != center_id))
    row.assigned_by_hand = True
    row.assign_note = note.strip()
    row.accept_reason = None  # by hand, the note says why
    row.reject_reason = row.reject_text = None
    _decide(row, actor, ReviewStatus.accepted)
    session.flush()
    return review_view(session, row)


def redock(*, session: Session, review_id: str, actor: Actor, departed_center_id: str, reason: str | None = None,
           ) -> ReviewView:
    """The accepted provider pulled out, or the association ended the engagement: the review opens again with a
    new round offering the stored alternates (or, without any, the earlier proposals) less the provider that left,
    recorded as declined in that round with the reason. Earlier rounds and the ended engagement stay in the history;
    a coordinator accepts an alternate, re-matches or assigns by hand as in any round."""
    row = _load_visible(session, review_id, actor)
    check_role("redock", actor, REVIEW_ROLES["redock"])
    if ReviewStatus(row.status) != ReviewStatus.accepted:
        raise ConflictError(f"审核单状态为 {row.status}，无需重新对接 / review is {row.status}; nothing to re-dock",
                            field="status", code="review_not_accepted")
    by_center = {str(p.get("center_id")): p for p in row.proposals or []}
    offered = [by_center[a] for a in row.alternates or [] if a in by_center and a != departed_center_id]
    if not offered:
        offered = [p for p in row.proposals or [] if p.get("center_id") != departed_center_id]
    _claim(session, row, None)
    now = utcnow()
    text = (reason or "").strip() or "承接机构退出或对接终止 / the provider left or the engagement was ended"
    row.round += 1
    row.proposals = offered
    row.status = ReviewStatus.pending.value
    row.accepted_center_id = row.accepted_center_name = None
    row.engagement_id = None
    row.alternates = []
    row.assigned_by_hand = False
    row.assign_note = row.accept_reason = row.reject_reason = row.reject_text = None
    row.decided_by_role = row.decided_by_id = None
    row.decided_at = None
    row.updated_at = now
    departed = Decline(center_id=departed_center_id, reason=RejectReason.provider_declined, text=text,
                       by=actor.label(), at=now)
    session.add(ReviewRound(review_id=row.id, round=row.round, proposals=offered, low_confidence=row.low_confidence,
                            note=f"{REDOCK_NOTE}: {text}", declined=[departed.model_dump(mode="json")],
                            created_by=actor.label(), created_at=now))
    session.flush()
    return review_view(session, row)


def express_interest(*, session: Session, review_id: str, actor: Actor, note: str | None = None) -> ReviewView:
    """A proposed center says it can take the need, from the redacted summary (its answer besides declining). It
    decides nothing: the association still accepts, and the review's version is left alone so a coordinator's
    decision under way is not made stale by it. Saying it again updates the note."""
    row = _load_visible(session, review_id, actor)
    check_role("interest", actor, REVIEW_ROLES["interest"])
    if not _visible(row, actor):
        raise NotFoundError("审核单不存在 / no such review", field="review_id")
    _require_open(row)
    center_id = actor.org
    if center_id is None or center_id not in proposed_centers(row):
        raise PermissionDeniedError("本机构不在本轮建议中 / your center is not proposed in this round",
                                    field="center_id")
    rnd = _round(session, row)
    if center_id in {d.get("center_id") for d in _standing(rnd.declined)}:
        raise ConflictError("本机构已婉拒本轮建议 / your center declined in this round", field="center_id",
                            code="declined")
    entry = Interest(center_id=center_id, note=(note or "").strip() or None, by=actor.label(), at=utcnow())
    rnd.interested = [*(i for i in rnd.interested or [] if i.get("center_id") != center_id),
                      entry.model_dump(mode="json")]
    row.updated_at = entry.at
    session.flush()
    return review_view(session, row, with_rounds=True)
