"""Engagements: opening one, firing transitions with the optimistic version check, the event history and its
replay check, capacity counts and overdue flags.

``advance`` is the one way a state changes. It checks, in this order: the engagement exists, the transition name is
known, the caller's ``version`` is current, the machine allows the transition from the current state, the actor's
role and membership, and the step's guard. Only then does it write — the state (conditional on the version), the
event row and the step's records — so any refusal leaves the engagement exactly as it was.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from authz.policy import check_membership, check_role, check_transition
from authz.policy import may_see_engagement as may_see
from authz.tables import REVIEW_ROLES
from core import china_time
from core.db import in_chunks, utcnow
from core.errors import ConflictError, InnodockError, NotFoundError
from pipeline import machine
from pipeline.guards import GUARDS, GuardContext, latest_agreement
from pipeline.models import AgreementRecord, Engagement, EngagementEvent
from pipeline.schemas import Actor, EngagementView, EventView, HistoryCheck, OverdueItem, ProposedTeam
from pipeline.vocab import Role, on_behalf_of


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def as_json(payload: dict[str, Any]) -> dict[str, Any]:
    """Payloads are stored as plain JSON (dates and amounts as strings)."""
    data: dict[str, Any] = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    return data


def load(session: Session, engagement_id: str, *, lock: bool = False) -> Engagement:
    row = session.get(Engagement, engagement_id, with_for_update=lock or None, populate_existing=True)
    if row is None:
        raise NotFoundError("对接项目不存在 / no such engagement", field="engagement_id")
    return row


def load_visible(session: Session, engagement_id: str, actor: Actor) -> Engagement:
    row = load(session, engagement_id)
    if not may_see(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id):
        # Same answer as a missing one: an outsider learns nothing about whether it exists.
        raise NotFoundError("对接项目不存在 / no such engagement", field="engagement_id")
    return row


def view(row: Engagement, *, today: date | None = None) -> EngagementView:
    overdue = None if today is None else is_overdue(row, today)
    return EngagementView(
        id=row.id, need_id=row.need_id, review_id=row.review_id, center_id=row.center_id,
        center_name=row.center_name, enterprise_id=row.enterprise_id, enterprise_name=row.enterprise_name,
        state=row.state, version=row.version, deadline=row.deadline, overdue=overdue, plan_round=row.plan_round,
        acceptance_round=row.acceptance_round, created_at=row.created_at, updated_at=row.updated_at,
        closed_at=row.closed_at, case_public=bool(row.case_public),
    )


def is_overdue(row: Engagement, today: date) -> bool:
    """Past the agreement's deadline and not yet ended. Closed late is not "overdue" but shows as not on time."""
    return row.deadline is not None and row.state not in machine.final_states() and row.deadline < today


def open_engagement(
    *,
    session: Session,
    need_id: str,
    center_id: str,
    actor: Actor,
    center_name: str | None = None,
    enterprise_id: str | None = None,
    enterprise_name: str | None = None,
    review_id: str | None = None,
    proposed_team: ProposedTeam | None = None,
) -> EngagementView:
    """Open the engagement for an accepted match, in ``communicating`` (技术、商务沟通), with its first event."""
    check_role("open_engagement", actor, REVIEW_ROLES["open_engagement"])
    busy = session.scalars(
        select(Engagement.id).where(Engagement.need_id == need_id,
                                    Engagement.state.not_in(machine.final_states())).limit(1)
    ).first()
    if busy is not None:
        raise ConflictError(f"该需求已有进行中的对接 {busy} / need {need_id} already has an open engagement {busy}",
                            field="need_id", code="engagement_open")
    now = utcnow()
    row = Engagement(
        id=new_id("eng"), need_id=need_id, review_id=review_id, center_id=center_id, center_name=center_name,
        enterprise_id=enterprise_id, enterprise_name=enterprise_name, state=machine.INITIAL_STATE, version=1,
        plan_round=0, acceptance_round=0, proposed_team=proposed_team.model_dump() if proposed_team else None,
        created_at=now, updated_at=now,
    )
    session.add(row)
    session.flush()
    session.add(EngagementEvent(
        engagement_id=row.id, seq=1, transition=machine.OPEN_EVENT, from_state=None, to_state=machine.INITIAL_STATE,
        actor_role=actor.role.value, actor_id=actor.label(), at=now,
        payload=as_json({"review_id": review_id, "center_id": center_id}),
    ))
    session.flush()
    return view(row)


def _stale(engagement_id: str, version: int, current: int | None = None) -> ConflictError:
    now = f"（当前版本 {current}）" if current is not None else ""
    now_en = f" (current version {current})" if current is not None else ""
    return ConflictError(
        f"对接项目 {engagement_id} 已被他人修改，版本 {version} 已过期{now}，请刷新后重试 / engagement changed "
        f"meanwhile: version {version} is stale{now_en}; reload and retry",
        field="version", code="stale_version",
    )


def allowed_for(row: Engagement, actor: Actor | None = None) -> list[str]:
    """Transitions allowed now from the engagement's state, and, given an actor, to that actor's role."""
    return machine.ENGAGEMENT.allowed(row.state, None if actor is None else actor.role)


def _for_whom(payload: dict[str, Any], transition: str, actor: Actor) -> dict[str, Any]:
    """The step's payload as its event records it: with the parties it was taken for, when its actor is not one of
    them (``pipeline.vocab.on_behalf_of``: the association's coordinator accepting the results for the enterprise)."""
    parties = on_behalf_of(transition, actor.role)
    return {**payload, "on_behalf_of": [p.value for p in parties]} if parties else payload


def advance(
    *,
    session: Session,
    engagement_id: str,
    transition: str,
    actor: Actor,
    version: int,
    payload: dict[str, Any] | None = None,
    today: date | None = None,
) -> EngagementView:
    """Fire ``transition`` on the engagement if ``version`` is still current; see the module docstring. ``today``:
    the day the step is taken (default the calendar's), against which a guard judges a date."""
    payload = dict(payload or {})
    row = load(session, engagement_id)
    # Who may see it comes first: to anyone else it does not exist, and nothing about its state or version is said.
    check_membership(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id)
    if transition not in machine.transitions():
        raise InnodockError(
            f"未知的流程步骤 {transition!r}，可用：{', '.join(machine.transitions())} / unknown transition",
            field="transition", code="unknown_transition",
        )
    check_transition(transition, actor)
    if row.version != version:
        raise _stale(engagement_id, version, row.version)
    allowed = machine.allowed_transitions(row.state)
    if transition not in allowed:
        listed = ", ".join(allowed) or "无（已结束）none, it has ended"
        raise ConflictError(
            f"当前状态 {row.state} 不能执行 {transition}；允许的步骤：{listed} / {transition} is not allowed from "
            f"{row.state}; allowed: {listed}",
            field="transition", code="transition_not_allowed",
        )
    target = machine.target_of(row.state, transition)
    records = GUARDS[transition](GuardContext(session=session, engagement=row, actor=actor, payload=payload,
                                               today=today or china_time.today()))

    now = utcnow()
    values: dict[str, Any] = {"state": target, "version": version + 1, "updated_at": now}
    if transition in ("submit_plan", "resubmit_plan"):
        values["plan_round"] = row.plan_round + 1
    if transition == "submit_results":
        values["acceptance_round"] = row.acceptance_round + 1
    if transition == "sign_agreement":
        signed = next((r for r in records if isinstance(r, AgreementRecord)), None)
        signed = signed or latest_agreement(session, row.id)
        values["deadline"] = signed.deadline if signed else None
    if target in machine.final_states():
        values["closed_at"] = now
    from_state = row.state
    try:
        result = session.execute(
            update(Engagement).where(Engagement.id == row.id, Engagement.version == version).values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _stale(engagement_id, version)
        session.add_all(records)
        session.add(EngagementEvent(
            engagement_id=row.id, seq=version + 1, transition=transition, from_state=from_state, to_state=target,
            actor_role=actor.role.value, actor_id=actor.label(), at=now, payload=as_json(_for_whom(payload, transition,
                                                                                                    actor)),
        ))
        session.flush()
    except (OperationalError, IntegrityError) as exc:
        # SQLite reports a concurrent writer as "database is locked"; a duplicate event seq means the same race.
        if isinstance(exc, OperationalError) and "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise _stale(engagement_id, version) from None
    session.refresh(row)
    return view(row)


def get_engagement(*, session: Session, engagement_id: str, actor: Actor, today: date | None = None) -> EngagementView:
    return view(load_visible(session, engagement_id, actor), today=today)


def engagements_by_id(*, session: Session, engagement_ids: Sequence[str], actor: Actor,
                      today: date | None = None) -> dict[str, EngagementView]:
    """:func:`get_engagement` of many engagements in one query (an enterprise's needs page read each accepted need's
    engagement on its own, issue 33); those the actor may not see, or that do not exist, are left out."""
    found: dict[str, EngagementView] = {}
    for ids in in_chunks(sorted(set(engagement_ids))):
        for row in session.scalars(select(Engagement).where(Engagement.id.in_(ids))
                                   .execution_options(populate_existing=True)):
            if may_see(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id):
                found[row.id] = view(row, today=today)
    return found


def list_engagements(
    *,
    session: Session,
    actor: Actor,
    state: str | None = None,
    center_id: str | None = None,
    need_id: str | None = None,
    today: date | None = None,
    overdue_only: bool = False,
) -> list[EngagementView]:
    stmt = select(Engagement).order_by(Engagement.created_at, Engagement.id)
    if state:
        if state not in machine.states():
            raise InnodockError(f"未知状态 {state!r}，可用：{', '.join(machine.states())} / unknown state",
                                field="state")
        stmt = stmt.where(Engagement.state == state)
    if center_id:
        stmt = stmt.where(Engagement.center_id == center_id)
    if need_id:
        stmt = stmt.where(Engagement.need_id == need_id)
    rows = [r for r in session.scalars(stmt)
            if may_see(actor, need_id=r.need_id, enterprise_id=r.enterprise_id, center_id=r.center_id)]
    if overdue_only:
        if today is None:
            raise InnodockError("查询逾期需给出日期 / overdue needs a date (today)", field="today")
        rows = [r for r in rows if is_overdue(r, today)]
    return [view(r, today=today) for r in rows]


def _events(session: Session, engagement_id: str) -> Sequence[EngagementEvent]:
    return session.scalars(
        select(EngagementEvent).where(EngagementEvent.engagement_id == engagement_id).order_by(EngagementEvent.seq)
    ).all()


def event_view(e: EngagementEvent) -> EventView:
    return EventView(seq=e.seq, transition=e.transition, from_state=e.from_state, to_state=e.to_state,
                     actor_role=Role(e.actor_role), actor_id=e.actor_id, at=e.at, payload=e.payload or {})


def history(*, session: Session, engagement_id: str, actor: Actor) -> list[EventView]:
    load_visible(session, engagement_id, actor)
    return [event_view(e) for e in _events(session, engagement_id)]


def verify_history(*, session: Session, engagement_id: str) -> HistoryCheck:
    """Replay the events through the machine: they must chain (each from_state is the previous to_state), number
    1..n without gaps, be allowed by the machine, and end in the stored state with version n."""
    row = load(session, engagement_id)
    events = _events(session, engagement_id)
    problems: list[str] = []
    if [e.seq for e in events] != list(range(1, len(events) + 1)):
        problems.append(f"event numbers are not 1..{len(events)}: {[e.seq for e in events]}")
    replayed: str | None = None
    if not events or events[0].transition != machine.OPEN_EVENT or events[0].to_state != machine.INITIAL_STATE:
        problems.append("the first event does not open the engagement in the initial state")
    else:
        names = []
        prev = events[0].to_state
        for e in events[1:]:
            if e.from_state != prev:
                problems.append(f"event {e.seq} starts from {e.from_state}, previous ended in {prev}")
            names.append(e.transition)
            prev = e.to_state
        try:
            replayed = machine.replay(names)
        except machine.TransitionNotAllowed as exc:
            problems.append(f"replay refused: {exc}")
        if replayed is not None and replayed != prev:
            problems.append(f"replay ends in {replayed}, events say {prev}")
    if replayed is not None and replayed != row.state:
        problems.append(f"replay ends in {replayed}, the engagement says {row.state}")
    if row.version != len(events):
        problems.append(f"version {row.version} but {len(events)} events")
    return HistoryCheck(engagement_id=row.id, ok=not problems, replayed_state=replayed, stored_state=row.state,
                        events=len(events), version=row.version, problems=problems)


def open_engagement_counts(*, session: Session) -> dict[str, int]:
    """Engagements not yet ended, per center id: what the matcher counts against a center's capacity."""
    rows = session.execute(
        select(Engagement.center_id, func.count()).where(Engagement.state.not_in(machine.final_states()))
        .group_by(Engagement.center_id)
    ).all()
    return {center_id: int(n) for center_id, n in rows}


def overdue_engagements(*, session: Session, today: date, actor: Actor | None = None) -> list[OverdueItem]:
    rows = session.scalars(
        select(Engagement).where(Engagement.deadline.is_not(None), Engagement.deadline < today,
                                 Engagement.state.not_in(machine.final_states())).order_by(Engagement.deadline)
    ).all()
    out = []
    for r in rows:
        if actor is not None and not may_see(actor, need_id=r.need_id, enterprise_id=r.enterprise_id,
                                             center_id=r.center_id):
            continue
        assert r.deadline is not None
        out.append(OverdueItem(engagement_id=r.id, center_id=r.center_id, state=r.state, deadline=r.deadline,
                               days_overdue=(today - r.deadline).days))
    return out


def require_member(row: Engagement, actor: Actor) -> None:
    """Membership for record writers; a hidden engagement reads as missing."""
    check_membership(actor, need_id=row.need_id, enterprise_id=row.enterprise_id, center_id=row.center_id)
