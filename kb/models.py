"""Knowledge-base tables. Only ``kb.service`` writes them; other packages call its functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


class Center(Base):
    __tablename__ = "kb_center"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str | None] = mapped_column(String(20), index=True)
    region: Mapped[str | None] = mapped_column(String(200))
    industries: Mapped[list[str] | None] = mapped_column(JSONType)
    qualifications: Mapped[list[str] | None] = mapped_column(JSONType)
    expert_pools: Mapped[list[str] | None] = mapped_column(JSONType)
    description: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    contact: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    staff_total: Mapped[int | None] = mapped_column(Integer)
    staff_innovation: Mapped[int | None] = mapped_column(Integer)
    staff_innovation_advanced: Mapped[int | None] = mapped_column(Integer)
    staff_full_time: Mapped[int | None] = mapped_column(Integer)
    staff_part_time: Mapped[int | None] = mapped_column(Integer)
    head: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Capability(Base):
    __tablename__ = "kb_capability"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("kb_center.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    service_types: Mapped[list[str]] = mapped_column(JSONType)
    industries: Mapped[list[str] | None] = mapped_column(JSONType)
    standards: Mapped[list[str] | None] = mapped_column(JSONType)
    qualifications: Mapped[list[str] | None] = mapped_column(JSONType)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Expert(Base):
    __tablename__ = "kb_expert"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    center_id: Mapped[str | None] = mapped_column(ForeignKey("kb_center.id", ondelete="SET NULL"), index=True)
    pools: Mapped[list[str] | None] = mapped_column(JSONType)
    affiliation: Mapped[str | None] = mapped_column(String(300))
    conflicts: Mapped[list[str] | None] = mapped_column(JSONType)
    title_level: Mapped[str | None] = mapped_column(String(20))
    degree: Mapped[str | None] = mapped_column(String(20))
    years_experience: Mapped[int | None] = mapped_column(Integer)
    led_projects: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[list[str] | None] = mapped_column(JSONType)
    bio: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class KbState(Base):
    """A single row: the knowledge-base version, bumped by every change, so an index can tell it is stale."""

    __tablename__ = "kb_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


TABLES: dict[str, type[Center] | type[Capability] | type[Expert]] = {
    "center": Center,
    "capability": Capability,
    "expert": Expert,
}
