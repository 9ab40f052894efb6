"""Pydantic models for evaluation inputs and results (what the CLI reads and the database stores)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ItemValue = float | list[float] | None


class Person(BaseModel):
    """Someone taking part in an evaluation, with what qualifies them (seed 001 §5.2.9 first item)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    organisation: str | None = None
    role: str | None = None
    qualification: str | None = None


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str | None = None
    people: list[Person] = Field(default_factory=list)


class ReportInfo(BaseModel):
    """The non-numeric contents seed 001 §5.2.9 requires in a report; missing ones are shown as missing."""

    model_config = ConfigDict(extra="forbid")

    evaluator: Party | None = None
    evaluated: Party | None = None
    experts: list[Person] = Field(default_factory=list)
    evaluator_kind: str | None = None  # 自评 self / 第二方 second party / 第三方 third party (§5.2.7)
    objective: str | None = None
    content_and_method: str | None = None
    expert_opinions: list[str] = Field(default_factory=list)
    evaluation_date: date | None = None
    conclusion: str | None = None
    recommendations: list[str] = Field(default_factory=list)


class ScoreInput(BaseModel):
    """Indicator values for one center and period; ``null`` means "not available" and is reported as missing."""

    model_config = ConfigDict(extra="forbid")

    center_id: str | None = None
    center_name: str | None = None
    period: str | None = None
    values: dict[str, ItemValue] = Field(default_factory=dict)
    report: ReportInfo | None = None


class RunView(BaseModel):
    """A stored evaluation run as its readers get it: the scores, the canonical result and the inputs behind them."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    center_id: str
    period: str
    complete: bool
    total: float | None = None
    stars: int | None = None
    tier: str | None = None
    created_at: datetime | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] = Field(default_factory=dict)
