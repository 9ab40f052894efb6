"""Centers' own changes to their entries, waiting for the association's approval, and the change reports the seeds
ask for within working days (seed 003 art. 18–19; seed 004 七(二); seed 002 四(一)).

The records themselves are kb's: this module keeps the proposal (the kb-v1 records as proposed and as they were), its
decision, and the obligations a change starts. Validation and writing go through the one import flow
(``flows.knowledge``), called by ``flows.entries``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from authz.policy import check_not_own_provider
from authz.principal import Principal
from core.db import utcnow
from core.errors import ConflictError, InnodockError, NotFoundError
from kb.vocab import CenterKind
from providers import profiles, rules
from providers.models import EntryChange, Obligation, ProviderLifecycle
from providers.schemas import ChangeView, ObligationView
from providers.workdays import add_workdays


def _view(row: EntryChange) -> ChangeView:
    return ChangeView(id=row.id, center_id=row.center_id, source=row.source, status=row.status,
                      records=list(row.records or []), before=dict(row.before or {}), note=row.note,
                      effective_on=row.effective_on, submitted_by=row.submitted_by, submitted_at=row.submitted_at,
                      decided_by=row.decided_by, decided_at=row.decided_at, decision_note=row.decision_note)


def obligation_view(row: Obligation, today: date) -> ObligationView:
    overdue = row.done_on is None and row.due_on < today
    late = row.done_on is not None and row.done_on > row.due_on
    return ObligationView(id=row.id, center_id=row.center_id, kind=row.kind, period=row.period, due_on=row.due_on,
                          clause=row.clause, title=row.title, done_on=row.done_on, done_ref=row.done_ref,
                          overdue=overdue, late=late, created_by=row.created_by)


def submit(*, session: Session, center_id: str, source: str, records: list[dict[str, Any]],
           before: dict[str, Any], note: str | None, effective_on: date, principal: Principal) -> ChangeView:
    if not records:
        raise InnodockError("变更中没有任何条目 / the change holds no records", field="records")
    row = EntryChange(center_id=center_id, source=source, status="pending", records=records, before=before,
                      note=(note or "").strip() or None, effective_on=effective_on,
                      submitted_by=principal.audit_label(), submitted_at=utcnow())
    session.add(row)
    session.flush()
    return _view(row)


def get_change(*, session: Session, change_id: int) -> ChangeView:
    row = session.get(EntryChange, change_id)
    if row is None:
        raise NotFoundError("变更不存在 / no such change", field="change_id")
    return _view(row)


def list_changes(*, session: Session, status: str | None = "pending",
                 center_ids: Collection[str] | None = None) -> list[ChangeView]:
    stmt = select(EntryChange).order_by(EntryChange.id.desc())
    if status is not None:
        stmt = stmt.where(EntryChange.status == status)
    rows = session.scalars(stmt).all()
    if center_ids is not None:
        wanted = set(center_ids)
        rows = [r for r in rows if r.center_id in wanted]
    return [_view(r) for r in rows]


def decide(*, session: Session, change_id: int, approve: bool, principal: Principal,
           note: str | None = None) -> ChangeView:
    """Mark a pending change approved or rejected (the caller applied it first when approving). Nobody approves a
    change to their own provider."""
    row = session.get(EntryChange, change_id, populate_existing=True)
    if row is None:
        raise NotFoundError("变更不存在 / no such change", field="change_id")
    check_not_own_provider(principal, row.center_id, what="审核")
    if row.status != "pending":
        raise ConflictError(f"变更已处理（{row.status}）/ the change was already decided", field="change_id",
                            code="change_decided")
    row.status = "approved" if approve else "rejected"
    row.decided_by = principal.audit_label()
    row.decided_at = utcnow()
    row.decision_note = (note or "").strip() or None
    session.flush()
    return _view(row)


def record_change_reports(*, session: Session, center_id: str, kind: CenterKind, changed_fields: set[str],
                          record_types: set[str], effective_on: date, reported_on: date, ref: str,
                          created_by: str) -> list[Obligation]:
    """The change reports this change calls for under the provider's profile, each due ``workdays`` after the change
    happened and met the day it was reported (submitted): late when reported after the deadline."""
    out = []
    row_p = session.get(ProviderLifecycle, center_id)
    profile = profiles.of(row_p.profile if row_p is not None else None, kind)
    for n, report in enumerate(rules.reports_for(profile, changed_fields, record_types), 1):
        deadline = add_workdays(effective_on, report.workdays)
        row = Obligation(center_id=center_id, kind="change_report", period=f"{ref}:{n}",
                         due_on=deadline.due_on, clause=report.clause,
                         title=f"{report.zh}（{report.workdays} 个工作日内）/ {report.en} within {report.workdays} "
                               f"working days" + ("（日历为估计）" if deadline.estimated else ""),
                         done_on=reported_on, done_ref=ref, created_by=created_by, created_at=utcnow())
        session.add(row)
        out.append(row)
    session.flush()
    return out


def list_obligations(*, session: Session, today: date, center_ids: Collection[str] | None = None,
                     open_only: bool = False) -> list[ObligationView]:
    stmt = select(Obligation).order_by(Obligation.due_on, Obligation.id)
    if open_only:
        stmt = stmt.where(Obligation.done_on.is_(None))
    rows = session.scalars(stmt).all()
    if center_ids is not None:
        wanted = set(center_ids)
        rows = [r for r in rows if r.center_id in wanted]
    return [obligation_view(r, today) for r in rows]
