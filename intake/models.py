"""Intake tables: needs (draft → published), conversations, common-problem groups.

Only ``intake.service`` writes them; other packages call its functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


class IntakeNeed(Base):
    __tablename__ = "intake_need"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # The organisation that created the need: the enterprise itself, or an association on its behalf. An association
    # acts on a need only if it submitted it or holds the enterprise's consent (authz.policy.acts_for).
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    # The association whose tenant the need is: its enterprise's (issue 31). That association's staff serve it; no
    # other association's see it.
    association_id: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    public: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IntakeSession(Base):
    __tablename__ = "intake_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # One conversation per need (two opens at once made two; intake.service.open_session_for_need).
    need_id: Mapped[str] = mapped_column(ForeignKey("intake_need.id", ondelete="CASCADE"), index=True, unique=True)
    language: Mapped[str] = mapped_column(String(8))
    asked: Mapped[list[str]] = mapped_column(JSONType)
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    ask_field: Mapped[str | None] = mapped_column(String(40))
    # The dialogue's state (intake.dialogue.DialogueState): fields settled, declined, given up, types ruled out.
    state: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    today: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # Two messages posted at once both read the conversation, and the later write replaced the earlier's turn and
    # fields; each write now names the version it read, and a write that lost the race matches no row
    # (StaleDataError, refused as a conflict: intake.service.post_message).
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative attribute)


class IntakeProblemGroup(Base):
    __tablename__ = "intake_problem_group"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    need_ids: Mapped[list[str]] = mapped_column(JSONType)
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IntakeNeedEvent(Base):
    """The need's history: one row per lifecycle transition (``intake.lifecycle``), appended, never edited."""

    __tablename__ = "intake_need_event"
    __table_args__ = (UniqueConstraint("need_id", "seq", name="uq_intake_need_event_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("intake_need.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    transition: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IntakeNeedFacet(Base):
    """What a website may filter the feed by (a service type, the industry, the province, the city), one row per
    value of a need's public view, rewritten whenever the view is. The view itself is a JSON document, and a filter
    on a list inside it reads differently in SQLite and PostgreSQL; rows filter alike in both, in SQL, so a page and
    its total stay right at any size."""

    __tablename__ = "intake_need_facet"

    need_id: Mapped[str] = mapped_column(ForeignKey("intake_need.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
