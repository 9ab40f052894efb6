"""Evaluation tables. Only ``evaluation.service`` writes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, JSONType, utcnow
from evaluation.independence import counts_as_rating


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
    # Who evaluated (seed 001 §5.2.7): "self" (the provider's own staff), "second" or "third" party; only the latter
    # two become the rating (evaluation.independence). Runs stored before this was recorded read as "second".
    party: Mapped[str] = mapped_column(String(10), default="second", server_default="second", index=True)
    evaluator_role: Mapped[str | None] = mapped_column(String(40))
    evaluator_id: Mapped[str | None] = mapped_column(String(64))
    evaluator_org: Mapped[str | None] = mapped_column(String(64))
    evaluator_name: Mapped[str | None] = mapped_column(String(200))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONType)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


    @property
    def counts_as_rating(self) -> bool:
        return counts_as_rating(self.party)


class EvaluationScore(Base):
    """Every node's score of a run, one row each, so indicator scores can be queried across centers."""

    __tablename__ = "evaluation_score"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("evaluation_run.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)  # 0 total, 1 dimension, 2 indicator, 3 item
    node_id: Mapped[str] = mapped_column(String(64), index=True)
    weight: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)


class EvaluationObservation(Base):
    """An interview (访谈) or a mystery-shopper visit (神秘顾客) an evaluator filed for a center and period (seed 001
    §5.2.7's ways of collecting data): interview scores for the items experts score, a mystery shopper's grades for
    the questionnaire's items. Read by ``evaluate_center`` for the period; never by the center's own staff."""

    __tablename__ = "evaluation_observation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(String(64), index=True)
    period: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # interview | mystery_shopper
    observed_on: Mapped[date] = mapped_column(Date)
    scores: Mapped[dict[str, float]] = mapped_column(JSONType)
    summary: Mapped[str] = mapped_column(Text)
    evaluator_role: Mapped[str | None] = mapped_column(String(40))
    evaluator_id: Mapped[str | None] = mapped_column(String(64))
    evaluator_org: Mapped[str | None] = mapped_column(String(64))
    evaluator_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvaluationDraft(Base):
    """The rating form of a center and period saved part-way (not a run, never scored, never a rating): the values
    typed so far, shown again when the form is reopened, replaced by each save and dropped when a rating run of the
    period is stored. A new user's trial (2026-11-30): the form reopened empty, one typo meant typing 38 values
    again, and nothing could be kept half-done."""

    __tablename__ = "evaluation_draft"
    __table_args__ = (UniqueConstraint("center_id", "period", name="uq_evaluation_draft_center_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(String(64), index=True)
    period: Mapped[str] = mapped_column(String(20))
    values: Mapped[dict[str, Any]] = mapped_column(JSONType)
    saved_by_role: Mapped[str | None] = mapped_column(String(40))
    saved_by_id: Mapped[str | None] = mapped_column(String(64))
    saved_by_org: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
