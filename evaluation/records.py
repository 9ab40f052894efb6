"""Service-result indicators computed from engagement records (seed 001 §5.2.4 服务结果, fed by real data).

The pipeline package will own engagement records; until it exists, this module defines the small input it must
provide (``EngagementOutcome``) and pure functions over a list of them. Rules:

* The period is ``YYYY`` or ``YYYY..YYYY`` (inclusive years, e.g. a seed 003 three-year cycle); an engagement
  belongs to it when it was closed (项目终结) within it. Open engagements are not counted.
* Each indicator uses only the engagements where its field was recorded; when none has it, the indicator is
  ``None`` with a reason — never 0.
* ``complaint_resolution_rate`` with no complaints at all is 100 (nothing was left unhandled), stated in the note.
* No engagement closed in the period (e.g. a center not yet using the pipeline) makes every indicator ``None``,
  the count included: zero activity on this platform is not evidence of zero activity.
* ``repeat_client_rate``: share of the period's distinct clients with at least two engagements with this center
  closed on or before the period's end.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.errors import InnodockError


class EngagementOutcome(BaseModel):
    """What the pipeline records about one engagement, as far as evaluation needs it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engagement_id: str
    center_id: str
    client_id: str
    closed_on: date | None = None
    due_on: date | None = None
    accepted_first_try: bool | None = None
    satisfaction: float | None = Field(default=None, ge=1, le=5)
    answers: dict[str, int] = Field(default_factory=dict)  # the client's questionnaire: item id → grade 1–5
    complaints: int = Field(default=0, ge=0)
    complaints_resolved: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _resolved_le_received(self) -> EngagementOutcome:
        if self.complaints_resolved > self.complaints:
            raise ValueError("complaints_resolved cannot exceed complaints")
        return self


@dataclass(frozen=True)
class IndicatorValue:
    key: str
    value: float | None
    n: int
    note: str


RECORD_KEYS = (
    "engagements_closed", "first_pass_acceptance_rate", "on_time_rate", "mean_satisfaction", "complaint_rate",
    "complaint_resolution_rate", "repeat_client_rate", "complaints_received",
)
_PERIOD = re.compile(r"^(\d{4})(?:\.\.(\d{4}))?$")
YEARS = (1900, 2999)  # what a rating period may name: four digits, and a year the calendar and the records know


def period_bounds(period: str) -> tuple[date, date]:
    match = _PERIOD.match(period.strip())
    if not match:
        raise InnodockError(f"评价期格式应为 YYYY 或 YYYY..YYYY，得到 {period!r} / period must be YYYY or YYYY..YYYY",
                            field="period")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if not (YEARS[0] <= first <= YEARS[1] and YEARS[0] <= last <= YEARS[1]):
        # "0000" matches the shape but is no calendar year (the API's fuzzer found it: a 500, not a 422)
        raise InnodockError(f"评价期年份应在 {YEARS[0]}–{YEARS[1]} 之间，得到 {period!r} / period years must be within "
                            f"{YEARS[0]}–{YEARS[1]}", field="period")
    if last < first:
        raise InnodockError("评价期结束年早于开始年 / period ends before it starts", field="period")
    return date(first, 1, 1), date(last, 12, 31)


def _rate(key: str, hits: int, n: int, what: str) -> IndicatorValue:
    if n == 0:
        return IndicatorValue(key, None, 0, f"记录中没有{what} / no record to compute it from")
    return IndicatorValue(key, 100.0 * hits / n, n, f"{n} 项中 {hits} 项 / {hits} of {n}")


def record_indicators(outcomes: list[EngagementOutcome], *, center_id: str, period: str) -> dict[str, IndicatorValue]:
    start, end = period_bounds(period)
    mine = [o for o in outcomes if o.center_id == center_id]
    closed = [o for o in mine if o.closed_on is not None and start <= o.closed_on <= end]
    out: dict[str, IndicatorValue] = {}
    out["engagements_closed"] = IndicatorValue(
        "engagements_closed", float(len(closed)), len(closed),
        f"期内结项 {len(closed)} 项 / {len(closed)} closed in the period"
    )
    if not closed:
        reason = f"{period} 期内无结项记录 / no engagement closed in {period}"
        for key in RECORD_KEYS:
            out[key] = IndicatorValue(key, None, 0, reason)
        return out

    reviewed = [o for o in closed if o.accepted_first_try is not None]
    out["first_pass_acceptance_rate"] = _rate(
        "first_pass_acceptance_rate", sum(1 for o in reviewed if o.accepted_first_try), len(reviewed), "验收结论"
    )
    timed = [(o.closed_on, o.due_on) for o in closed if o.closed_on is not None and o.due_on is not None]
    out["on_time_rate"] = _rate("on_time_rate", sum(1 for c, d in timed if c <= d), len(timed), "约定期限")
    rated = [o.satisfaction for o in closed if o.satisfaction is not None]
    out["mean_satisfaction"] = (
        IndicatorValue("mean_satisfaction", sum(rated) / len(rated), len(rated),
                       f"{len(rated)} 份评分 / {len(rated)} rating{'' if len(rated) == 1 else 's'}")
        if rated
        else IndicatorValue("mean_satisfaction", None, 0, "记录中没有满意度评分 / no satisfaction rating recorded")
    )
    out["complaint_rate"] = _rate("complaint_rate", sum(1 for o in closed if o.complaints > 0), len(closed), "对接")
    received = sum(o.complaints for o in closed)
    resolved = sum(o.complaints_resolved for o in closed)
    out["complaints_received"] = IndicatorValue("complaints_received", float(received), len(closed),
                                                  f"共 {received} 次 / {received} in all")
    out["complaint_resolution_rate"] = (
        IndicatorValue("complaint_resolution_rate", 100.0 * resolved / received, received,
                       f"{received} 次中已处理 {resolved} 次 / {resolved} of {received} handled")
        if received
        else IndicatorValue(
            "complaint_resolution_rate", 100.0, 0, "期内无投诉，视为全部处理 / no complaints: rule gives 100"
        )
    )
    history = Counter(o.client_id for o in mine if o.closed_on is not None and o.closed_on <= end)
    clients = sorted({o.client_id for o in closed})
    repeat = sum(1 for c in clients if history[c] >= 2)
    out["repeat_client_rate"] = _rate("repeat_client_rate", repeat, len(clients), "客户")
    return out


def questionnaire_votes(outcomes: list[EngagementOutcome], *, center_id: str,
                        period: str) -> dict[str, tuple[list[float], int]]:
    """Per questionnaire item, the vote counts (grade 5 down to 1) of the clients of the center's engagements closed
    in the period, and how many answered it (``evaluation.questionnaire``)."""
    start, end = period_bounds(period)
    grades: dict[str, list[int]] = {}
    for o in outcomes:
        if o.center_id != center_id or o.closed_on is None or not start <= o.closed_on <= end:
            continue
        for item_id, grade in o.answers.items():
            grades.setdefault(item_id, []).append(grade)
    return {k: ([float(sum(1 for g in v if g == grade)) for grade in (5, 4, 3, 2, 1)], len(v))
            for k, v in grades.items()}


# ---- the providers' filed plans and reports (issue 14: obligations fed into evaluation as records items) ----

class FilingOutcome(BaseModel):
    """A plan or report a provider filed against its obligations, as evaluation needs it: what and for which year,
    when it was due and filed, and the association's review score (0–100; ``None`` until reviewed). Handed in by
    ``flows.obligations``: evaluation imports nothing of the providers package."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    period: str
    due_on: date | None = None
    filed_on: date
    score: float | None = Field(default=None, ge=0, le=100)


FILING_KEYS = {"annual_plan": "annual_plan_score", "annual_report": "annual_report_score"}


def filing_indicators(filings: list[FilingOutcome], *, period: str) -> dict[str, IndicatorValue]:
    """The mean review score of the plans (``annual_plan_score``) and of the reports (``annual_report_score``) filed
    for the years of ``period``; only reviewed filings count, and the note says how many were filed on time."""
    start, end = period_bounds(period)
    out: dict[str, IndicatorValue] = {}
    for kind, key in FILING_KEYS.items():
        mine = [f for f in filings if f.kind == kind and f.period.isdigit() and start.year <= int(f.period) <= end.year]
        scored = [f.score for f in mine if f.score is not None]
        on_time = sum(1 for f in mine if f.due_on is not None and f.filed_on <= f.due_on)
        if not scored:
            what = "已报送但未审核" if mine else "未报送"
            out[key] = IndicatorValue(key, None, 0, f"{period} {what} / none reviewed for {period}")
            continue
        out[key] = IndicatorValue(key, sum(scored) / len(scored), len(scored),
                                  f"{len(scored)} 份审核评分，{len(mine)} 份中 {on_time} 份按期报送 / {len(scored)} "
                                  f"reviewed, {on_time} of {len(mine)} on time")
    return out


# ---- proficiency testing and comparisons (issue 29, item 4) ----

class ProficiencyOutcome(BaseModel):
    """A proficiency test, inter-laboratory comparison or measurement audit, as evaluation reads it: the item tested,
    the day and the result (``satisfactory`` / ``questionable`` / ``unsatisfactory``). Handed in by
    ``flows.proficiency``: evaluation imports nothing of providers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    tested_on: date
    result: str


PROFICIENCY_KEY = "proficiency_satisfactory_rate"


def proficiency_indicators(results: list[ProficiencyOutcome], *, period: str) -> dict[str, IndicatorValue]:
    """The share (%) of the period's results that were satisfactory; with none in the period, ``None`` — taking part
    in no scheme on the platform's record is not evidence of a poor result."""
    start, end = period_bounds(period)
    mine = [r for r in results if start <= r.tested_on <= end]
    if not mine:
        return {PROFICIENCY_KEY: IndicatorValue(PROFICIENCY_KEY, None, 0, f"{period} 期内无能力验证或比对记录 / no "
                                                f"proficiency test or comparison recorded for {period}")}
    good = sum(1 for r in mine if r.result == "satisfactory")
    return {PROFICIENCY_KEY: IndicatorValue(PROFICIENCY_KEY, 100.0 * good / len(mine), len(mine),
                                            f"能力验证/比对 {len(mine)} 次中满意 {good} 次 / {good} of {len(mine)} "
                                            "proficiency tests and comparisons satisfactory")}
