"""The association's dashboard of its providers (issue 14 step 7): how many are at each stage of their lifecycle, the
obligations overdue, the rectifications open with their findings, and each provider's rating over time — on a page,
by API, and as an Excel workbook for the monthly report an agency files upwards.

Everything is read through the owning packages' service functions; nothing is stored here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.spreadsheet import Cell, Sheet, workbook_bytes
from evaluation import service as evaluation
from flows import providers as providers_flow
from providers import service as providers
from providers.schemas import ObligationView


class StageCount(BaseModel):
    state: str
    label: str  # "中文 English", as the machine names it
    count: int


class OverdueObligation(BaseModel):
    center_id: str
    center_name: str
    title: str
    period: str
    due_on: date
    days_overdue: int
    clause: str


class OpenRectification(BaseModel):
    center_id: str
    center_name: str
    deadline: date | None
    days_left: int | None
    open_findings: int
    overdue_findings: int  # open findings whose corrective action is past its own deadline


class RatingPoint(BaseModel):
    run_id: int
    period: str
    at: datetime | None
    total: float
    stars: int | None
    tier: str | None


class RatingSeries(BaseModel):
    center_id: str
    center_name: str
    points: list[RatingPoint]  # oldest first: complete second- and third-party runs only


class ObligationMonth(BaseModel):
    """The obligations falling due in one month, by how they stand today."""

    month: str  # YYYY-MM
    on_time: int  # done by the due date
    late: int  # done after it
    overdue: int  # not done, past the due date
    open: int  # not done, not yet due


class ProviderDashboard(BaseModel):
    today: date
    providers: int
    stages: list[StageCount]
    overdue_obligations: list[OverdueObligation]
    rectifications: list[OpenRectification]
    proposals_waiting: int
    ratings: list[RatingSeries]
    obligation_months: list[ObligationMonth] = Field(default_factory=list)  # oldest first, OBLIGATION_MONTHS of them


def provider_dashboard(*, session: Session, principal: Principal, today: date) -> ProviderDashboard:
    policy.authorize(principal, "provider.dashboard")
    rows = providers_flow.provider_list(session=session, principal=principal, today=today)
    names = {r.center.id: r.center.name for r in rows}
    counts = Counter(r.lifecycle.state for r in rows)
    stages = [StageCount(state=s, label=providers_flow.state_label(s), count=counts.get(s, 0))
              for s in providers_flow.states()]
    overdue = [OverdueObligation(center_id=o.center_id, center_name=names.get(o.center_id, o.center_id),
                                 title=o.title, period=o.period, due_on=o.due_on, days_overdue=(today - o.due_on).days,
                                 clause=o.clause)
               for o in providers.list_obligations(session=session, today=today, open_only=True)
               if o.overdue and o.center_id in names]
    findings = providers.list_findings(session=session, open_only=True)
    rectifying = []
    for r in rows:
        if r.lifecycle.state != "rectifying":
            continue
        mine = [f for f in findings if f.center_id == r.center.id]
        deadline = r.lifecycle.rectification_deadline
        rectifying.append(OpenRectification(
            center_id=r.center.id, center_name=r.center.name, deadline=deadline,
            days_left=(deadline - today).days if deadline else None, open_findings=len(mine),
            overdue_findings=sum(1 for f in mine if f.due_on is not None and f.due_on < today)))
    ratings = []
    for r in rows:
        runs = [run for run in evaluation.runs_of(session=session, center_id=r.center.id)
                if run.counts_as_rating and run.complete and run.total is not None]
        if runs:
            points = [RatingPoint(run_id=run.id, period=run.period, at=run.created_at,
                                  total=round(float(run.total or 0.0), 2), stars=run.stars, tier=run.tier)
                      for run in reversed(runs)]
            ratings.append(RatingSeries(center_id=r.center.id, center_name=r.center.name, points=points))
    # the providers listed (an authority's officer: those in its jurisdiction) and theirs alone
    waiting = sum(1 for p in providers_flow.proposals(session=session, principal=principal) if p.center_id in names)
    months = obligation_months(providers.list_obligations(session=session, today=today, center_ids=names),
                               today=today)
    return ProviderDashboard(today=today, providers=len(rows), stages=stages, overdue_obligations=overdue,
                             rectifications=rectifying, proposals_waiting=waiting, ratings=ratings,
                             obligation_months=months)


# The obligations chart's window: the last year and the quarter ahead, by the month each obligation falls due.
OBLIGATION_MONTHS_BACK, OBLIGATION_MONTHS_AHEAD = 11, 3


def obligation_months(obligations: list[ObligationView], *, today: date) -> list[ObligationMonth]:
    """Month by month over the window, how the obligations due in it stand today; no month at all when none falls
    in the window."""
    def shift(year: int, month: int, by: int) -> tuple[int, int]:
        n = year * 12 + (month - 1) + by
        return n // 12, n % 12 + 1

    first = shift(today.year, today.month, -OBLIGATION_MONTHS_BACK)
    last = shift(today.year, today.month, OBLIGATION_MONTHS_AHEAD)
    tally: dict[str, Counter[str]] = {}
    y, m = first
    while (y, m) <= last:
        tally[f"{y:04d}-{m:02d}"] = Counter()
        y, m = shift(y, m, 1)
    for o in obligations:
        key = f"{o.due_on.year:04d}-{o.due_on.month:02d}"
        if key not in tally:
            continue
        if o.done_on is not None:
            tally[key]["late" if o.done_on > o.due_on else "on_time"] += 1
        else:
            tally[key]["overdue" if o.due_on < today else "open"] += 1
    if not any(tally.values()):
        return []
    return [ObligationMonth(month=k, on_time=c["on_time"], late=c["late"], overdue=c["overdue"], open=c["open"])
            for k, c in tally.items()]


# More lines than this make the chart unreadable (and run out of distinguishable colours); the table beside it and
# the workbook list every provider.
CHART_SERIES = 8


def latest_rated(board: ProviderDashboard) -> list[RatingSeries]:
    """The providers the ratings chart draws: the latest rated first, CHART_SERIES of them."""
    return sorted(board.ratings, key=lambda s: s.points[-1].at.timestamp() if s.points[-1].at else 0.0,
                  reverse=True)[:CHART_SERIES]


def latest_per_period(series: RatingSeries) -> list[tuple[str, float]]:
    """A provider's total in each rating period, the period's latest run (a re-rating after a rectification
    replaces the first), periods in order."""
    by_period = {p.period: p.total for p in series.points}  # points are oldest first: the last one wins
    return sorted(by_period.items())


def workbook(board: ProviderDashboard) -> bytes:
    """The dashboard as an Excel workbook: one sheet per part, Chinese headers with English beside them, written by
    the product's one workbook writer (``core.spreadsheet``: no cell a provider typed ever runs as a formula)."""
    sheets: list[tuple[str, list[str], list[list[Cell]]]] = [
        ("生命周期 stages", ["阶段 stage", "名称 label", "数量 count"],
         [[s.state, s.label, s.count] for s in board.stages]),
        ("逾期履职 overdue", ["机构 provider", "名称 name", "事项 obligation", "期间 period", "截止 due",
                            "逾期天数 days", "依据 clause"],
         [[o.center_id, o.center_name, o.title, o.period, o.due_on, o.days_overdue, o.clause]
          for o in board.overdue_obligations]),
        ("整改 rectifications", ["机构 provider", "名称 name", "整改期限 deadline", "剩余天数 days left",
                                "未关闭整改项 open findings", "逾期整改项 overdue findings"],
         [[x.center_id, x.center_name, x.deadline, x.days_left, x.open_findings, x.overdue_findings]
          for x in board.rectifications]),
        ("评级 ratings", ["机构 provider", "名称 name", "评价期 period", "评价时间 at", "总分 total", "星级 stars",
                        "等次 tier"],
         [[s.center_id, s.center_name, p.period, p.at.replace(tzinfo=None) if p.at else None, p.total, p.stars,
           p.tier] for s in board.ratings for p in s.points]),
    ]
    return workbook_bytes([Sheet(title=title, header=header, rows=rows) for title, header, rows in sheets])
