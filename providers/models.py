"""Provider tables: each provider's lifecycle, its append-only history, and transitions proposed to the association.
Only ``providers.service`` (and the modules it re-exports) writes them.

No foreign key into kb: a center may leave the knowledge base, and its history must stay as it was.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow

ID = String(64)


class ProviderLifecycle(Base):
    """One provider's place in its lifecycle. ``state`` moves only together with a new event row, and ``version``
    (= the number of events) is the optimistic lock."""

    __tablename__ = "provider_lifecycle"

    center_id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # The rules profile that governs it (``providers.profiles``): chosen by the association when it applied, changed
    # only with a recorded reason; None (a row from before profiles): its kind's default.
    profile: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    construction: Mapped[bool] = mapped_column(Boolean, default=False)
    materials: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    build_deadline: Mapped[date | None] = mapped_column(Date)
    rectification_deadline: Mapped[date | None] = mapped_column(Date)
    operating_since: Mapped[date | None] = mapped_column(Date)
    # 激励管理·示范推广 (seed 002 四(二), seed 003 art. 15): when the association commended the provider, and for what
    # (the rating period); cleared by a step away from good standing (rectification, suspension, an exit).
    commended_on: Mapped[date | None] = mapped_column(Date)
    commended_for: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProviderEvent(Base):
    """Append-only: one row per transition, application or import. Never updated or deleted."""

    __tablename__ = "provider_event"
    __table_args__ = (UniqueConstraint("center_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("provider_lifecycle.center_id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    transition: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_role: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    grounds: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_document: Mapped[str | None] = mapped_column(String(300))
    deadline: Mapped[date | None] = mapped_column(Date)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class TransitionProposal(Base):
    """A lifecycle transition proposed to an association coordinator (e.g. by an evaluation's consequence, seed 002
    四(二)), never applied on its own: a coordinator accepts it (the transition is then fired, with its guard) or
    declines it."""

    __tablename__ = "provider_proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    transition: Mapped[str] = mapped_column(String(40))
    grounds: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), index=True)
    proposed_by: Mapped[str] = mapped_column(String(200))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)


class EntryChange(Base):
    """A center's change to its own kb entry (profile, capabilities, experts), waiting for an association
    coordinator's approval. ``records`` are the kb-v1 records as proposed (tombstones included), ``before`` the same
    records as stored when proposed (absent: new), so the diff is what the proposer saw; approval applies ``records``
    through the one import flow, refused when the entry changed meanwhile."""

    __tablename__ = "provider_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    source: Mapped[str] = mapped_column(String(20))  # edit | upload
    status: Mapped[str] = mapped_column(String(20), index=True)  # pending | approved | rejected
    records: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    before: Mapped[dict[str, Any]] = mapped_column(JSONType)
    note: Mapped[str | None] = mapped_column(Text)
    effective_on: Mapped[date] = mapped_column(Date)
    submitted_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)


class Obligation(Base):
    """Something a provider (or the association, for supervision) must do by a date, from the seeds' calendar: an
    annual plan or report, annual supervision, an evaluation period's end, a change report within working days.
    ``done_on`` is when it was met; past ``due_on`` and not done, it is overdue."""

    __tablename__ = "provider_obligation"
    __table_args__ = (UniqueConstraint("center_id", "kind", "period", name="uq_provider_obligation_center_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    clause: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_ref: Mapped[str | None] = mapped_column(String(100))
    # The day it was last announced as due or overdue: once a day, however often the daily job runs.
    announced_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Filing(Base):
    """A form filed against an obligation (an annual plan or report, a supervision's record, a change report), kept as
    a record and reviewed by the association with a score: evaluation reads the reviewed plans and reports as
    ``records`` items (seed 001 内部运营: 平台发展规划及服务目标, 绩效考核实施状况)."""

    __tablename__ = "provider_filing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("provider_obligation.id", ondelete="CASCADE"), index=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(40))
    content: Mapped[dict[str, Any]] = mapped_column(JSONType)
    filed_by: Mapped[str] = mapped_column(String(200))
    filed_on: Mapped[date] = mapped_column(Date)
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    score: Mapped[float | None] = mapped_column(Float)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_note: Mapped[str | None] = mapped_column(Text)
    # 退回补充: the association sent it back with its reason instead of accepting it; its obligation is open again and
    # the provider files anew (a new filing row), this one staying as the record of what was returned and why.
    returned_by: Mapped[str | None] = mapped_column(String(200))
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    return_reason: Mapped[str | None] = mapped_column(Text)


class Finding(Base):
    """One weak indicator of a rating run, and its corrective action (seed 000 §8.2–8.3): its loop's state, the action
    with its owner and deadline as they stand now; every step is a ``FindingEvent``."""

    __tablename__ = "provider_finding"
    __table_args__ = (UniqueConstraint("run_id", "indicator_id", name="uq_provider_finding_run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    run_id: Mapped[int] = mapped_column(Integer, index=True)  # evaluation's run (no foreign key across packages)
    period: Mapped[str] = mapped_column(String(40))
    indicator_id: Mapped[str] = mapped_column(String(80))
    indicator_zh: Mapped[str] = mapped_column(String(200))
    indicator_en: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(20), index=True)
    action: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FindingEvent(Base):
    """Append-only: the finding, its action, the report that it was done, each re-check. Never updated or deleted."""

    __tablename__ = "provider_finding_event"
    __table_args__ = (UniqueConstraint("finding_id", "seq", name="uq_provider_finding_event_finding_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("provider_finding.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)


class ProficiencyResult(Base):
    """One proficiency test, inter-laboratory comparison or measurement audit the provider took part in, and its
    result (issue 29, item 4): recorded by the association or the provider's own coordinator, never changed after.
    Evaluation reads the share of satisfactory results as a ``records`` item (``evaluation.sources``)."""

    __tablename__ = "provider_proficiency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    scheme: Mapped[str] = mapped_column(String(300))
    item: Mapped[str] = mapped_column(String(300))
    tested_on: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
