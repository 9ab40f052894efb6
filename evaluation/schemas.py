"""Pydantic models for evaluation inputs and results (what the CLI reads and the database stores)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ItemValue = float | list[float] | None


# Grade 5 is the best; a vote vector lists the counts from grade 5 down to grade 1, the order of the hierarchy's
# grade_values (100, 80, 60, 40, 20).
GRADES: dict[int, tuple[str, str]] = {
    5: ("很满意", "very good"),
    4: ("满意", "good"),
    3: ("一般", "fair"),
    2: ("不满意", "poor"),
    1: ("很不满意", "very poor"),
}


class ObservationKind(StrEnum):
    """How an evaluator collected what it filed (seed 001 §5.2.7: 访谈、神秘顾客)."""

    interview = "interview"
    mystery_shopper = "mystery_shopper"


# The hierarchy's units (seed 001's, in Chinese) as an English page says them; a test fails on a unit missing here.
UNIT_EN: dict[str, str] = {
    "%": "%", "m²": "m²", "万元/年": "10,000 yuan/year", "个": "count", "人": "people", "人次/年": "person-times/year",
    "份/年": "copies/year", "倍": "times", "分(0–100)": "score (0–100)", "分(1–5)": "score (1–5)", "台套": "sets",
    "场/年": "events/year", "家": "organisations", "工作日": "working days", "是/否": "yes/no", "条/年": "items/year",
    "次/年": "times/year", "百分点": "percentage points", "票数(五级)": "votes (five grades)", "种": "kinds",
    "篇/年": "papers/year", "项": "items", "项/年": "items/year",
}


def unit_said(unit: str, lang: str) -> str:
    """An item's unit in the page's language."""
    return unit if lang == "zh" else UNIT_EN.get(unit, unit)


class EvaluatorParty(StrEnum):
    """The evaluator's relation to the provider (seed 001 §5.2.7)."""

    self_assessment = "self"  # （本）组织机构自评
    second_party = "second"  # 第二方测评: the association that runs the platform's docking, or a client body
    third_party = "third"  # 第三方评价: an independent evaluation body the association commissioned


LABELS: dict[EvaluatorParty, tuple[str, str]] = {
    EvaluatorParty.self_assessment: ("机构自评", "self-assessment"),
    EvaluatorParty.second_party: ("第二方测评", "second-party evaluation"),
    EvaluatorParty.third_party: ("第三方评价", "third-party evaluation"),
}


def label(party: EvaluatorParty | str, lang: str = "zh") -> str:
    zh, en = LABELS[EvaluatorParty(party)]
    return zh if lang == "zh" else en


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


class EvaluatorRef(BaseModel):
    """Who made a run, as recorded with it: their role, their user (or key) id, their organisation and its name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str | None = None
    id: str | None = None
    org: str | None = None
    name: str | None = None


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
    party: str = "second"
    evaluator_role: str | None = None
    evaluator_id: str | None = None
    evaluator_org: str | None = None
    evaluator_name: str | None = None
    counts_as_rating: bool = True  # a self-assessment never rates (evaluation.independence; the model's property)
    inputs: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] = Field(default_factory=dict)


class PublicRating(BaseModel):
    """A provider's rating as the public reads it: its latest complete second- or third-party run (a
    self-assessment never shows here, ``evaluation.independence``)."""

    stars: int
    total: float
    tier_zh: str | None = None
    tier_en: str | None = None
    period: str
    party: EvaluatorParty
    evaluator: str | None = None
    rated_at: datetime | None = None


class ObservationView(BaseModel):
    """An interview or mystery-shopper record as its readers get it (``evaluation.observations``)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    center_id: str
    period: str
    kind: str
    observed_on: date
    scores: dict[str, float]
    summary: str
    evaluator_role: str | None = None
    evaluator_name: str | None = None
    created_at: datetime | None = None
