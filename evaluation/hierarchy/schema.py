"""The shape of an indicator hierarchy file (three levels: dimensions → indicators → items), checked by pydantic.

Weights of a sibling group come from exactly one place: every sibling's ``weight`` field, or the parent's ``ahp``
pairwise matrix (criteria in sibling order). Explicit weights must sum to 1 within ``WEIGHT_SUM_TOLERANCE``;
AHP weights must be consistent (CR < 0.1). Anything else is refused at load time with the group named.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

WEIGHT_SUM_TOLERANCE = 1e-9

Direction = Literal["benefit", "cost"]
DataSource = Literal["records", "questionnaire", "interview", "self_report"]
Source = Literal["seed001", "innodock_proposal"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Normalisation(_Strict):
    """How a raw value becomes a 0–100 score (see ``evaluation.normalise``)."""

    method: Literal["minmax", "target", "score100", "five_grade"]
    lower: float | None = None
    upper: float | None = None
    target: float | None = Field(default=None, gt=0)
    grade_values: tuple[float, float, float, float, float] = (100.0, 80.0, 60.0, 40.0, 20.0)

    @model_validator(mode="after")
    def _bounds(self) -> Normalisation:
        if self.method == "minmax" and (self.lower is None or self.upper is None or not self.upper > self.lower):
            raise ValueError("minmax needs lower < upper")
        if self.method == "target" and self.target is None:
            raise ValueError("target needs a positive target")
        if any(not 0 <= v <= 100 for v in self.grade_values):
            raise ValueError("grade_values must lie in [0, 100]")
        return self


class RawBound(_Strict):
    """What a raw value of a unit may be (``low``–``high``, whole or not): the sanity bound every door checks a typed
    or uploaded value against (``evaluation.sources.check_value``). Not the normalisation's bounds, which say where
    "nothing" and "full marks" are: a value past those is clipped, a value past these is a typo (a new user's trial,
    2026-11-30: 服务场地面积 99999999999999999999999 m² was scored and printed)."""

    low: float = Field(ge=0)
    high: float
    whole: bool = False
    reason: str

    @model_validator(mode="after")
    def _ordered(self) -> RawBound:
        if not self.high > self.low:
            raise ValueError("a raw bound needs low < high")
        return self


class AhpSpec(_Strict):
    matrix: list[list[float]]
    ri_table: str = "saaty1980"
    source: Source = "innodock_proposal"
    reason: str | None = None


class Item(_Strict):
    """A third-level item: something measured or rated."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    unit: str
    direction: Direction
    data_source: DataSource
    normalisation: Normalisation
    weight: float | None = Field(default=None, ge=0)
    source: Source = "seed001"
    reason: str | None = None
    record_key: str | None = None

    @model_validator(mode="after")
    def _proposal_has_reason(self) -> Item:
        if self.source == "innodock_proposal" and not self.reason:
            raise ValueError(f"item {self.id}: a proposal must say why (reason)")
        if self.normalisation.method == "five_grade" and self.data_source != "questionnaire":
            raise ValueError(f"item {self.id}: five-grade data comes from questionnaires")
        return self


class Indicator(_Strict):
    """A second-level indicator (A_n, B_n, C_n, D_n in seed 001 §5.2.5)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    weight: float | None = Field(default=None, ge=0)
    source: Source = "seed001"
    reason: str | None = None
    ahp: AhpSpec | None = None
    items: list[Item] = Field(min_length=1)


class Dimension(_Strict):
    """A first-level indicator (T_k with weight S_k)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    symbol: str
    name_zh: str
    name_en: str
    weight: float | None = Field(default=None, ge=0)
    ahp: AhpSpec | None = None
    indicators: list[Indicator] = Field(min_length=1)


class Cut(_Strict):
    """One grade: reached when ``T ≥ min_score`` and every first-level score ≥ ``min_dimension_score``."""

    id: str
    label_zh: str
    label_en: str
    min_score: float = Field(ge=0, le=100)
    min_dimension_score: float = Field(default=0.0, ge=0, le=100)
    stars: int | None = Field(default=None, ge=1, le=5)


class Grading(_Strict):
    source: Source
    reason: str
    cuts: list[Cut] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Grading:
        scores = [c.min_score for c in self.cuts]
        if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores):
            raise ValueError("cuts must be listed best first with strictly decreasing min_score")
        if self.cuts[-1].min_score != 0 or self.cuts[-1].min_dimension_score != 0:
            raise ValueError("the last cut must catch everything (min_score 0, no dimension floor)")
        return self


class Hierarchy(_Strict):
    id: str
    version: int
    title_zh: str
    title_en: str
    weights_note: str
    ahp: AhpSpec | None = None
    dimensions: list[Dimension] = Field(min_length=1)
    stars: Grading
    tiers: Grading
    classes: Grading
    # unit → its sane raw range; every item's unit has one (the only place the bounds are defined)
    raw_bounds: dict[str, RawBound]

    def items(self) -> list[tuple[Dimension, Indicator, Item]]:
        return [(d, i, it) for d in self.dimensions for i in d.indicators for it in i.items]

    @model_validator(mode="after")
    def _unique_ids(self) -> Hierarchy:
        seen: set[str] = set()
        for d in self.dimensions:
            for node_id in [d.id] + [i.id for i in d.indicators] + [it.id for i in d.indicators for it in i.items]:
                if node_id in seen:
                    raise ValueError(f"id {node_id!r} appears twice; ids must be unique across the hierarchy")
                seen.add(node_id)
        unbounded = sorted({it.unit for _, _, it in self.items()} - set(self.raw_bounds))
        if unbounded:
            raise ValueError(f"raw_bounds: no bound for the unit(s) {', '.join(unbounded)}")
        return self
