"""Evaluation tables. Only ``evaluation.service`` writes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow


class EvaluationRun(Base):
    """One scoring of one center for one period, with its full input and canonical result kept for audit."""

    __tablename__ = "evaluation_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(String(64), index=True)
    period: Mapped[str] = mapped_column(String(20), index=True)
    hierarchy_id: Mapped[str] = mapped_column(String(64))
    hierarchy_sha256: Mapped[str] = mapped_column(String(64))
    complete: Mapped[bool] = mapped_column(Boolean)
    total: Mapped[float | None] = mapped_column(Float)
    stars: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str | None] = mapped_column(String(20))
    management_class: Mapped[str | None] = mapped_column(String(30))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONType)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvaluationScore(Base):
    """Every node's score of a run, one row each, so indicator scores can be queried across centers."""

    __tablename__ = "evaluation_score"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("evaluation_run.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)  # 0 total, 1 dimension, 2 indicator, 3 item
    node_id: Mapped[str] = mapped_column(String(64), index=True)
    weight: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
