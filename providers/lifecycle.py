"""Providers' lifecycles: applying, firing transitions with the optimistic version check, entering providers from a
kb-v1 import, the flags matching reads, and transitions proposed to the association.

``advance`` is the one way a state changes. It checks, in this order: the provider exists, the transition name is
known, the caller's role, that the caller does not speak for the provider (for decisions), the version, that the
machine allows the transition from the current state, and the step's guard. Only then does it write — the state
(conditional on the version) and the event row — so any refusal leaves the provider exactly as it was. The caller
(``flows.providers``) then sets the kb status the new state shows as, in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from authz.policy import check_not_own_provider, check_provider_transition
from authz.principal import Principal
from core import china_time
from core.db import utcnow
from core.errors import ConflictError, InnodockError, NotFoundError
from kb.rules import ComplianceCheck
from kb.vocab import CenterKind, CenterStatus
from providers import machine, profiles, rules
from providers.guards import GUARDS, GuardContext, missing_materials, profile_of
from providers.improvement import SETTLED
from providers.models import Finding, ProviderEvent, ProviderLifecycle, TransitionProposal
from providers.schemas import Commendation, Criticism, EventView, Flag, LifecycleDetail, LifecycleView, ProposalView

SYSTEM = "system:import"


def _json(payload: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    return data


def _load(session: Session, center_id: str) -> ProviderLifecycle:
    row = session.get(ProviderLifecycle, center_id, populate_existing=True)
    if row is None:
        raise NotFoundError(f"机构 {center_id} 没有生命周期记录 / no provider {center_id!r}", field="center_id")
    return row


def flags_of(row: ProviderLifecycle, today: date) -> list[Flag]:
    """What matching and the pages flag: a state of :data:`providers.rules.FLAGGED`, and a building or rectification
    deadline that has passed (seed 002 二(二)2 筹建期; 四(二) 限期整改)."""
    out: list[Flag] = []
    if row.state in rules.FLAGGED:
        zh, en = rules.FLAGGED[row.state]
        out.append(Flag(code=row.state, zh=zh, en=en))
    if row.state in ("building", "acceptance") and row.build_deadline is not None and row.build_deadline < today:
        out.append(Flag(code="build_overdue", zh=f"筹建超期（期限 {row.build_deadline}）",
                        en=f"building overdue (deadline {row.build_deadline})"))
    if row.state == "rectifying" and row.rectification_deadline is not None and row.rectification_deadline < today:
        out.append(Flag(code="rectification_overdue", zh=f"整改逾期（期限 {row.rectification_deadline}）",
                        en=f"rectification overdue (deadline {row.rectification_deadline})"))
    return out


def _view(row: ProviderLifecycle, today: date, principal: Principal | None = None) -> LifecycleView:
    kind = CenterKind(row.kind)
    profile = profile_of(row)
    allowed = machine.PROVIDER.allowed(row.state, None if principal is None else principal.role)
    return LifecycleView(
        center_id=row.center_id, kind=kind, profile=profile.id, profile_name=profile.label(),
        state=row.state, state_label=machine.state_label(row.state),
        status=rules.derived_status(row.state), version=row.version, construction=row.construction,
        materials={str(k): str(v) for k, v in (row.materials or {}).items()},
        missing_materials=missing_materials(profile, row.materials or {}) if row.state == "applied" else [],
        build_deadline=row.build_deadline, rectification_deadline=row.rectification_deadline,
        operating_since=row.operating_since, commended_on=row.commended_on, commended_for=row.commended_for,
        flags=flags_of(row, today), allowed_transitions=allowed,
        created_at=row.created_at, updated_at=row.updated_at,
    )


def _event_view(e: ProviderEvent) -> EventView:
    return EventView(seq=e.seq, transition=e.transition, from_state=e.from_state, to_state=e.to_state,
                     actor_role=e.actor_role, actor_id=e.actor_id, at=e.at, grounds=e.grounds,
                     decided_on=e.decided_on, decision_document=e.decision_document, deadline=e.deadline,
                     payload=e.payload or {})


def history(*, session: Session, center_id: str) -> list[EventView]:
    rows = session.scalars(select(ProviderEvent).where(ProviderEvent.center_id == center_id)
                           .order_by(ProviderEvent.seq))
    return [_event_view(e) for e in rows]


def get_lifecycle(*, session: Session, center_id: str, today: date,
                  principal: Principal | None = None) -> LifecycleDetail:
    row = _load(session, center_id)
    return LifecycleDetail(**_view(row, today, principal).model_dump(),
                           events=history(session=session, center_id=center_id))


def list_lifecycles(*, session: Session, today: date, state: str | None = None,
                    center_ids: Collection[str] | None = None) -> list[LifecycleView]:
    stmt = select(ProviderLifecycle).order_by(ProviderLifecycle.center_id)
    if state is not None:
        if state not in machine.states():
            raise InnodockError(f"未知状态 {state!r}，可用：{', '.join(machine.states())} / unknown state",
                                field="state")
        stmt = stmt.where(ProviderLifecycle.state == state)
    if center_ids is not None:  # in SQL: a page asks for one provider's (flows.providers.center_standing)
        stmt = stmt.where(ProviderLifecycle.center_id.in_(list(center_ids)))
    return [_view(r, today) for r in session.scalars(stmt).all()]


def shown_statuses(*, session: Session, center_ids: Collection[str]) -> dict[str, str]:
    """The status the pages show for each of these providers that has a lifecycle (:func:`rules.shown_status`), in
    one query: the catalog's cards read the kb's status, which says 运行中 under a rectification order."""
    if not center_ids:
        return {}
    rows = session.execute(select(ProviderLifecycle.center_id, ProviderLifecycle.state)
                           .where(ProviderLifecycle.center_id.in_(sorted(set(center_ids)))))
    return {center_id: rules.shown_status(state, rules.derived_status(state)) for center_id, state in rows}


def provider_flags(*, session: Session, today: date) -> dict[str, list[Flag]]:
    """Every flagged provider's flags, in one query: what matching is handed as plain data."""
    out: dict[str, list[Flag]] = {}
    for row in session.scalars(select(ProviderLifecycle).where(ProviderLifecycle.state.not_in(
            machine.final_states()))):
        found = flags_of(row, today)
        if found:
            out[row.center_id] = found
    return out


def commendations(*, session: Session, center_ids: Collection[str] | None = None) -> dict[str, Commendation]:
    """The commended providers among ``center_ids`` (every one when ``None``), in one query. A step away from good
    standing clears a commendation (``providers.guards.UNCOMMENDED``), so what is stored is what holds."""
    stmt = select(ProviderLifecycle).where(ProviderLifecycle.commended_on.is_not(None))
    if center_ids is not None:
        stmt = stmt.where(ProviderLifecycle.center_id.in_(list(center_ids)))
    return {r.center_id: Commendation(commended_on=r.commended_on, period=r.commended_for)
            for r in session.scalars(stmt) if r.commended_on is not None}


CRITICISM = "publish_criticism"  # 通报批评 (seed 002 四(二)), the machine's step


def criticisms(*, session: Session, center_ids: Collection[str]) -> dict[str, list[Criticism]]:
    """The 通报批评 published of each provider among ``center_ids``, newest first: each lifecycle event of the step,
    with its decision date, reason and document, as it was recorded (append-only)."""
    rows = session.scalars(select(ProviderEvent).where(ProviderEvent.transition == CRITICISM,
                                                       ProviderEvent.center_id.in_(list(center_ids)))
                           .order_by(ProviderEvent.decided_on.desc(), ProviderEvent.seq.desc()))
    out: dict[str, list[Criticism]] = {}
    for e in rows:
        if e.decided_on is not None:
            out.setdefault(e.center_id, []).append(Criticism(decided_on=e.decided_on, grounds=e.grounds or "",
                                                             decision_document=e.decision_document))
    return out


def profile_for(*, session: Session, center_id: str, kind: CenterKind,
                region: str | None = None) -> profiles.Profile:
    """The rules profile that governs a provider; one without a lifecycle yet gets its kind's default where it is
    (``region``: a Jiangsu center's is Jiangsu's, not the kind's default anywhere)."""
    row = session.get(ProviderLifecycle, center_id)
    return profile_of(row) if row is not None else profiles.default_for(kind, region)


def profiles_for(*, session: Session,
                 centers: Iterable[tuple[str, CenterKind, str | None]]) -> dict[str, profiles.Profile]:
    """:func:`profile_for` of each of ``centers`` — (id, kind, region) — in one query (a catalog page lists many)."""
    wanted = list(centers)
    ids = [cid for cid, _kind, _region in wanted]
    rows = {r.center_id: r for r in session.scalars(select(ProviderLifecycle)
                                                    .where(ProviderLifecycle.center_id.in_(ids)))} if ids else {}
    return {cid: profile_of(rows[cid]) if cid in rows else profiles.default_for(kind, region)
            for cid, kind, region in wanted}


def cited_checks(*, session: Session, centers: Iterable[tuple[str, CenterKind, str | None]],
                 found: Mapping[str, list[ComplianceCheck]]) -> dict[str, list[ComplianceCheck]]:
    """Each provider's staff checks (``found``, by center id) citing the clause of the rules profile it is under
    (``rules.cited_check``); ``centers``: (id, kind, region) of those providers, to find their profiles in one
    query."""
    governing = profiles_for(session=session, centers=[c for c in centers if c[0] in found])
    return {cid: [rules.cited_check(governing[cid], c) for c in checks] if cid in governing else list(checks)
            for cid, checks in found.items()}


def known_ids(*, session: Session) -> set[str]:
    return set(session.scalars(select(ProviderLifecycle.center_id)))


def _actor(principal: Principal | None) -> tuple[str, str]:
    if principal is None:
        return "system", SYSTEM
    return principal.role.value, principal.audit_label()


# ---- entering providers ----

def apply(*, session: Session, center_id: str, kind: CenterKind, materials: dict[str, str], construction: bool,
          principal: Principal, profile: str | None = None, region: str | None = None) -> LifecycleView:
    """An application (seed 002 二(二)1; seed 003 art. 6(一)): the provider starts at ``applied`` under the rules
    profile the association chose (``profile``; none: its kind's default in its province, ``region``), materials
    may still be completed until the review starts."""
    chosen = profiles.choose(profile, kind, region)
    if session.get(ProviderLifecycle, center_id) is not None:
        raise ConflictError(f"机构 {center_id} 已有生命周期记录 / provider {center_id} already has a lifecycle",
                            field="center_id", code="provider_exists")
    now = utcnow()
    row = ProviderLifecycle(center_id=center_id, kind=kind.value, profile=chosen.id, state=machine.INITIAL_STATE,
                            version=1,
                            construction=construction, materials=dict(materials), created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    role, who = _actor(principal)
    session.add(ProviderEvent(center_id=center_id, seq=1, transition=machine.APPLY_EVENT, from_state=None,
                              to_state=machine.INITIAL_STATE, actor_role=role, actor_id=who, at=now,
                              payload=_json({"materials": sorted(materials), "construction": construction,
                                             "profile": chosen.id})))
    session.flush()
    return _view(row, now.date())


def complete_materials(*, session: Session, center_id: str, materials: dict[str, str], today: date,
                       principal: Principal) -> LifecycleView:
    """Materials given after the application, while it waits for its review (``applied``; seed 002 二(二)1, seed 003
    art. 6(一)): each joins what was filed (a note or reference added to the one before), so the review can start.
    Once the review started, the materials are the reviewers'; 409."""
    row = session.get(ProviderLifecycle, center_id)
    if row is None:
        raise NotFoundError(f"机构 {center_id} 没有申请记录 / provider {center_id} did not apply", field="center_id")
    if row.state != machine.INITIAL_STATE:
        raise ConflictError(f"申请已进入“{machine.state_label(row.state)}”，材料不能再补充 / the application is past "
                            "its review's start: materials can no longer be added", field="center_id",
                            code="application_closed")
    known = {m.key for m in rules.materials_for(profile_of(row))}
    merged = dict(row.materials or {})
    for key, given in materials.items():
        if key not in known:
            raise InnodockError(f"没有材料 {key[:40]!r} / no such material under this profile",
                                field=f"materials.{key[:40]}")
        if given.strip():
            merged[key] = f"{merged[key]}；{given.strip()}" if merged.get(key) else given.strip()
    row.materials = merged
    row.version += 1
    row.updated_at = utcnow()
    session.flush()
    return _view(row, today, principal)


def import_conflict(*, session: Session, center_id: str, status: CenterStatus) -> str | None:
    """Why a kb-v1 import may not set ``status`` on this provider, or None: an existing provider's status is its
    lifecycle's, and only ``--replace`` resets it."""
    row = session.get(ProviderLifecycle, center_id)
    if row is None:
        return None
    shown = rules.derived_status(row.state)
    if shown == status:
        return None
    return (f"机构状态由其生命周期决定（当前 {machine.state_label(row.state)} → {shown.value}），导入不能改为 "
            f"{status.value}；请用 innodock provider advance，或以 --replace 整体替换 / the status of an existing "
            f"provider follows its lifecycle (now {row.state}, shown as {shown.value}); an import cannot set "
            f"{status.value} unless --replace")


def record_import(*, session: Session, center_id: str, kind: CenterKind, status: CenterStatus,
                  principal: Principal | None, replace: bool, region: str | None = None) -> bool:
    """A kb-v1 import's center: a new provider starts at :data:`providers.rules.IMPORT_START` with an "imported"
    event; an existing one is reset there (another "imported" event) only by a replacing import whose status differs.
    Returns whether anything was written."""
    row = session.get(ProviderLifecycle, center_id)
    target = rules.IMPORT_START[status]
    role, who = _actor(principal)
    now = utcnow()
    if row is None:
        row = ProviderLifecycle(center_id=center_id, kind=kind.value, profile=profiles.default_for(kind, region).id,
                                state=target, version=1, construction=False, materials={}, created_at=now,
                                updated_at=now, operating_since=None)
        session.add(row)
        session.flush()
        session.add(ProviderEvent(center_id=center_id, seq=1, transition=machine.IMPORT_EVENT, from_state=None,
                                  to_state=target, actor_role=role, actor_id=who, at=now,
                                  payload={"status": status.value}))
        session.flush()
        return True
    changed = row.kind != kind.value
    if replace and rules.derived_status(row.state) != status:
        seq = row.version + 1
        session.add(ProviderEvent(center_id=center_id, seq=seq, transition=machine.IMPORT_EVENT,
                                  from_state=row.state, to_state=target, actor_role=role, actor_id=who, at=now,
                                  payload={"status": status.value, "replace": True}))
        row.state, row.version, row.updated_at = target, seq, now
        row.build_deadline = row.rectification_deadline = None
        changed = True
    if row.kind != kind.value and kind not in profile_of(row).kinds:
        row.profile = profiles.default_for(kind, region).id  # a profile that does not govern the new kind gives way
    row.kind = kind.value
    session.flush()
    return changed


def implied(*, center_id: str, kind: CenterKind, status: CenterStatus, today: date,
            principal: Principal | None = None, region: str | None = None) -> LifecycleDetail:
    """The lifecycle a kb center without one will get (:func:`ensure_lifecycles`, on the first write that needs it),
    as a read shows it meanwhile: a read writes nothing."""
    now = utcnow()
    state = rules.IMPORT_START[status]
    row = ProviderLifecycle(center_id=center_id, kind=kind.value, profile=profiles.default_for(kind, region).id,
                            state=state, version=1, construction=False, materials={}, created_at=now,
                            updated_at=now)
    event = EventView(seq=1, transition=machine.IMPORT_EVENT, from_state=None, to_state=state, actor_role="system",
                      actor_id=SYSTEM, at=now, payload={"status": status.value})
    return LifecycleDetail(**_view(row, today, principal).model_dump(), events=[event])


def ensure_lifecycles(*, session: Session,
                      centers: Iterable[tuple[str, CenterKind, CenterStatus, str | None]]) -> list[str]:
    """Providers for kb centers that have none (entered before lifecycles existed, or by a path that wrote the kb
    alone), each with an "imported" event at the state its status names. Returns the ids entered."""
    have = known_ids(session=session)
    made = []
    for center_id, kind, status, region in centers:
        if center_id not in have:  # (the region chooses its rules: a Zhejiang center's are not Shanghai's)
            record_import(session=session, center_id=center_id, kind=kind, status=status, principal=None,
                          replace=False, region=region)
            made.append(center_id)
    return made


# ---- transitions ----

def _stale(center_id: str, version: int, current: int | None = None) -> ConflictError:
    now = f"（当前版本 {current}）" if current is not None else ""
    return ConflictError(f"机构 {center_id} 已被他人修改，版本 {version} 已过期{now}，请刷新后重试 / provider changed "
                         f"meanwhile: version {version} is stale", field="version", code="stale_version")


def _open_findings(session: Session, center_id: str, transition: str) -> tuple[str, ...]:
    """The provider's findings not closed by a re-check, for the guard of passing the rectification's re-check (only
    that step reads them: ``providers.guards._pass_recheck``)."""
    if transition != "pass_recheck":
        return ()
    rows = session.scalars(select(Finding).where(Finding.center_id == center_id, Finding.state.not_in(SETTLED))
                           .order_by(Finding.id)).all()
    return tuple(f"{r.indicator_zh} / {r.indicator_en}" for r in rows)


def advance(*, session: Session, center_id: str, transition: str, version: int, payload: dict[str, Any] | None,
            principal: Principal, today: date) -> LifecycleView:
    """Fire ``transition`` if ``version`` is still current; see the module docstring."""
    payload = dict(payload or {})
    row = _load(session, center_id)
    if transition not in machine.transitions():
        raise InnodockError(f"未知的生命周期步骤 {transition!r}，可用：{', '.join(machine.transitions())} / unknown "
                            "transition", field="transition", code="unknown_transition")
    check_provider_transition(transition, principal)
    if transition in rules.DECISIONS:
        check_not_own_provider(principal, center_id, what="决定")
    if row.version != version:
        raise _stale(center_id, version, row.version)
    allowed = machine.allowed_transitions(row.state)
    if transition not in allowed:
        listed = ", ".join(allowed) or "无（已结束）none, it has ended"
        raise ConflictError(f"当前状态 {row.state} 不能执行 {transition}；允许的步骤：{listed} / {transition} is not "
                            f"allowed from {row.state}; allowed: {listed}", field="transition",
                            code="transition_not_allowed")
    target = machine.target_of(row.state, transition)
    step = GUARDS[transition](GuardContext(row=row, payload=payload, today=today,
                                           open_findings=_open_findings(session, center_id, transition)))
    recorded = dict(payload)
    measure = profile_of(row).measure(transition)
    if measure is not None:  # a supervision measure: the clause its profile names it by, on its record
        recorded["measure"] = {"profile": profile_of(row).id, "zh": measure.zh, "clause": measure.clause,
                               "reading": measure.reading}
    now = utcnow()
    values: dict[str, Any] = {"state": target, "version": version + 1, "updated_at": now, **step.row_values}
    role, who = _actor(principal)
    try:
        result = session.execute(update(ProviderLifecycle).where(ProviderLifecycle.center_id == center_id,
                                                                 ProviderLifecycle.version == version)
                                 .values(**values).execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _stale(center_id, version)
        session.add(ProviderEvent(center_id=center_id, seq=version + 1, transition=transition, from_state=row.state,
                                  to_state=target, actor_role=role, actor_id=who, at=now, grounds=step.grounds,
                                  decided_on=step.decided_on, decision_document=step.decision_document,
                                  deadline=step.deadline, payload=_json(recorded)))
        session.flush()
    except (OperationalError, IntegrityError) as exc:
        if isinstance(exc, OperationalError) and "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise _stale(center_id, version) from None
    session.refresh(row)
    return _view(row, today)


def change_profile(*, session: Session, center_id: str, profile: str, reason: str, version: int,
                   principal: Principal, today: date) -> LifecycleView:
    """The association changes the rules profile that governs a provider, with its reason recorded in the history
    (a ``change_profile`` event; the state stays). Refused, writing nothing: a profile that does not govern the
    provider's kind, the one it has, no reason, a stale version, or someone speaking for the provider."""
    row = _load(session, center_id)
    check_not_own_provider(principal, center_id, what="变更适用规则")
    chosen = profiles.choose(profile, CenterKind(row.kind))
    if not reason.strip():
        raise InnodockError("请写明变更适用规则的理由 / the reason for the change is required", field="reason")
    if row.version != version:
        raise _stale(center_id, version, row.version)
    before = profile_of(row)
    if chosen.id == before.id:
        raise ConflictError(f"该机构已适用 {chosen.label()} / the provider is under this profile already",
                            field="profile", code="profile_unchanged")
    now = utcnow()
    role, who = _actor(principal)
    result = session.execute(update(ProviderLifecycle).where(ProviderLifecycle.center_id == center_id,
                                                             ProviderLifecycle.version == version)
                             .values(profile=chosen.id, version=version + 1, updated_at=now)
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _stale(center_id, version)
    session.add(ProviderEvent(center_id=center_id, seq=version + 1, transition=machine.PROFILE_EVENT,
                              from_state=row.state, to_state=row.state, actor_role=role, actor_id=who, at=now,
                              grounds=reason.strip(), payload={"from": before.id, "to": chosen.id}))
    session.flush()
    session.refresh(row)
    return _view(row, today)


def record_filing_step(*, session: Session, center_id: str, step: str, principal: Principal, grounds: str | None,
                       payload: dict[str, Any], decided_on: date | None = None) -> None:
    """A yearly plan's or report's step (``machine.FILING_EVENTS``: filed, returned for revision, accepted) as a row of
    the provider's history, the state unchanged: the association's return and its reason, and the filing that
    answers it, are on the record like every decision (a new user's trial, 2026-11-29). ``decided_on``: the day of
    the association's decision it records (its review, its return, a record it files itself), shown as the row's
    决定日期 like every other decision's (the same trial found it blank). A provider without a lifecycle (none is kept
    for it) has no history to write to."""
    if step not in machine.FILING_EVENTS:
        raise ValueError(step)
    row = session.get(ProviderLifecycle, center_id, populate_existing=True)
    if row is None:
        return
    version, now = row.version, utcnow()
    role, who = _actor(principal)
    result = session.execute(update(ProviderLifecycle).where(ProviderLifecycle.center_id == center_id,
                                                             ProviderLifecycle.version == version)
                             .values(version=version + 1, updated_at=now)
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _stale(center_id, version)
    session.add(ProviderEvent(center_id=center_id, seq=version + 1, transition=step, from_state=row.state,
                              to_state=row.state, actor_role=role, actor_id=who, at=now, grounds=grounds,
                              decided_on=decided_on, payload=_json(payload)))
    session.flush()
    session.refresh(row)


# ---- transitions proposed to the association ----

def _proposal_view(p: TransitionProposal) -> ProposalView:
    return ProposalView(id=p.id, center_id=p.center_id, transition=p.transition, grounds=p.grounds, source=p.source,
                        payload=p.payload or {}, status=p.status, proposed_by=p.proposed_by,
                        proposed_at=p.proposed_at, decided_by=p.decided_by, decided_at=p.decided_at,
                        decision_note=p.decision_note)


def propose(*, session: Session, center_id: str, transition: str, grounds: str, source: str,
            payload: dict[str, Any] | None = None, proposed_by: str) -> ProposalView:
    """Propose ``transition`` for a provider to the association (seed 002 四(二): incentive, key supervision with
    rectification and a deadline, a revocation after failed rectification). Nothing moves: a coordinator decides
    (:func:`decide_proposal`). Refused when the machine does not allow it from the current state, or the same
    transition is already waiting."""
    row = _load(session, center_id)
    if transition not in machine.transitions():
        raise InnodockError(f"未知的生命周期步骤 {transition!r} / unknown transition", field="transition",
                            code="unknown_transition")
    allowed = machine.allowed_transitions(row.state)
    if transition not in allowed:
        raise ConflictError(f"当前状态 {row.state} 不能提议 {transition} / {transition} is not allowed from "
                            f"{row.state}", field="transition", code="transition_not_allowed")
    if not grounds.strip():
        raise InnodockError("请写明提议的依据 / grounds are required", field="grounds")
    waiting = session.scalars(select(TransitionProposal.id).where(
        TransitionProposal.center_id == center_id, TransitionProposal.transition == transition,
        TransitionProposal.status == "open").limit(1)).first()
    if waiting is not None:
        # Said in words, not by its internal number ("已有待决定的同一提议 5", a new user's trial, 2026-11-29): the
        # step, when it was prepared, and where it waits.
        zh, en = (machine.step_said(transition, "zh", from_state=row.state),
                  machine.step_said(transition, "en", from_state=row.state))
        when = session.get(TransitionProposal, waiting)
        day = china_time.day(when.proposed_at) if when is not None and when.proposed_at else ""  # its day in China
        raise ConflictError(f"“{zh}”已有一项待决定的提议（{day} 提出），请在“待决定事项”（/decisions）中查看，"
                            f"不必再次提交 / “{en}” is already waiting for a decision (prepared on {day}): see it "
                            "under Decisions (/decisions) rather than preparing it again", field="transition",
                            code="proposal_open")
    row_p = TransitionProposal(center_id=center_id, transition=transition, grounds=grounds.strip(), source=source,
                               payload=_json(payload or {}), status="open", proposed_by=proposed_by,
                               proposed_at=utcnow())
    session.add(row_p)
    session.flush()
    return _proposal_view(row_p)


def list_proposals(*, session: Session, status: str | None = "open",
                   center_ids: Collection[str] | None = None) -> list[ProposalView]:
    stmt = select(TransitionProposal).order_by(TransitionProposal.id)
    if status is not None:
        stmt = stmt.where(TransitionProposal.status == status)
    rows = session.scalars(stmt).all()
    if center_ids is not None:
        wanted = set(center_ids)
        rows = [r for r in rows if r.center_id in wanted]
    return [_proposal_view(r) for r in rows]


def get_proposal(*, session: Session, proposal_id: int) -> ProposalView:
    row = session.get(TransitionProposal, proposal_id)
    if row is None:
        raise NotFoundError("提议不存在 / no such proposal", field="proposal_id")
    return _proposal_view(row)


def decide_proposal(*, session: Session, proposal_id: int, accept: bool, principal: Principal, today: date,
                    version: int | None = None, payload: dict[str, Any] | None = None,
                    note: str | None = None) -> tuple[ProposalView, LifecycleView | None]:
    """Accept (the transition is fired now, through :func:`advance` and its guard, with the proposal's payload and
    the coordinator's additions) or decline a proposal."""
    row = session.get(TransitionProposal, proposal_id, populate_existing=True)
    if row is None:
        raise NotFoundError("提议不存在 / no such proposal", field="proposal_id")
    if row.status != "open":
        raise ConflictError(f"提议已处理（{row.status}）/ the proposal was already decided", field="proposal_id",
                            code="proposal_decided")
    check_provider_transition(row.transition, principal)
    check_not_own_provider(principal, row.center_id, what="决定")
    moved = None
    if accept:
        current = _load(session, row.center_id).version
        merged = {**(row.payload or {}), **(payload or {})}
        merged.setdefault("grounds", row.grounds)
        moved = advance(session=session, center_id=row.center_id, transition=row.transition,
                        version=version if version is not None else current, payload=merged, principal=principal,
                        today=today)
    row.status = "accepted" if accept else "declined"
    row.decided_by = principal.audit_label()
    row.decided_at = utcnow()
    row.decision_note = (note or "").strip() or None
    session.flush()
    return _proposal_view(row), moved
