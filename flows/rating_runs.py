"""A rating run completed in the UI alone (issue 29, item 1): the evaluator's form, pre-filled from records, and the
provider's self-assessment of the items only it can give (``evaluation.sources``).

* The association (or the third party it commissioned) opens the form for a provider and a period. Every seed 001
  item is shown with its source: a record's value as the records give it; a form item with its unit and range
  (pre-filled from the period's interviews when there are any); a self item pre-filled with the provider's own
  figure, shown beside as that party's value. What is still missing is listed by indicator.
* Completed, the form becomes a ``ScoreInput`` of the values typed and goes through :func:`flows.evaluations.
  evaluate`, the same path as the JSON upload: the same run scores the same, stars included.
* The provider files its self-assessment on its own page: the "self" items, stored as its self-assessment run
  (``evaluation.independence``: never its rating).

Authorization is ``authz.policy``'s: a coordinator sees its own provider only, and nobody fills the evaluator's
form for the provider they speak for (that would be grading oneself); only the provider files its self-assessment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core import china_time
from core.errors import InnodockError, PermissionDeniedError, refuse_all
from evaluation import service as evaluation
from evaluation import sources
from evaluation.hierarchy import load_hierarchy
from evaluation.records import period_bounds
from evaluation.schemas import EvaluatorParty, Party, Person, ReportInfo, RunView, ScoreInput
from flows import evaluations, obligations, proficiency
from flows.events import Outbox
from kb import service as kb
from kb.schemas import CenterRecord


@dataclass(frozen=True)
class FormItem:
    """One item of the form: its source, unit and range, the value the records (or interviews) give, the provider's
    own value, what the form holds now, and whether it is asked."""

    item: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    range_text: str
    low: float
    high: float | None
    whole: bool
    votes: bool
    record_value: Any = None
    record_note: str | None = None
    self_value: Any = None
    value: Any = None
    asked: bool = False
    boolean: bool = False  # a yes/no item (unit 是/否): the form offers yes or no, sent as 1 or 0

    @property
    def record_said(self) -> Any:
        """The records' value as the form shows it: to two decimals ("33.33", not "33.3333"); stored exact."""
        return figure(self.record_value)


def figure(value: Any) -> Any:
    """A figure as a page shows it: a number with decimals to two of them ("4.33333" → "4.33"), anything else (a
    whole number, five vote counts, nothing) as it is. Only what is shown: the values stored and sent stay exact
    (a new user's trial in Chromium, 2026-11-29: the scoresheet read "33.3333" and "4.33333")."""
    if value is None or isinstance(value, bool):
        return value
    try:
        number = float(str(value))
    except ValueError:
        return value
    if number.is_integer():
        return value
    return f"{number:.2f}".rstrip("0").rstrip(".")


# A yes/no item's name says how to type it as a number ("（是=1，否=0）", "(1 yes / 0 no)"); the form offers the choice.
_YES_NO_HINT = re.compile(r"\s*[（(](?:是=1，否=0|1 yes / 0 no)[）)]\s*$")


@dataclass(frozen=True)
class FormIndicator:
    id: str
    symbol: str
    dimension_zh: str
    dimension_en: str
    name_zh: str
    name_en: str
    items: list[FormItem]

    @property
    def missing(self) -> list[FormItem]:
        return [i for i in self.items if i.value is None]


@dataclass(frozen=True)
class RatingForm:
    center: CenterRecord
    period: str
    indicators: list[FormIndicator]
    self_run_id: int | None = None
    self_filed_at: datetime | None = None  # when the provider filed that self-assessment
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> list[FormIndicator]:
        return [i for i in self.indicators if i.missing]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _people(text: str, *, experts: bool) -> list[Person]:
    """One person a line, "姓名，身份（或单位），资质" — split at Chinese or Latin commas; what is not given is left
    out."""
    out = []
    for line in _lines(text):
        name, *rest = [p.strip() for p in re.split(r"[，,]", line, maxsplit=2)]
        second = rest[0] if rest and rest[0] else None
        out.append(Person(name=name, organisation=second if experts else None, role=None if experts else second,
                          qualification=rest[1] if len(rest) > 1 and rest[1] else None))
    return out


# The rating form's fields for the report (seed 001 §5.2.9), beside the items' (which are named by item id).
REPORT_FIELDS = ("evaluation_date", "objective", "content_and_method", "evaluator_people", "evaluated_people",
                 "experts", "expert_opinions", "conclusion", "recommendations")


def report_from_form(fields: Mapping[str, str]) -> ReportInfo:
    """The report's contents seed 001 §5.2.9 asks for, as the rating form gives them (:data:`REPORT_FIELDS`): the
    texts as typed, the people and the experts one a line, the guidance and the recommendations one a line, and the
    evaluation's date (refused when it is not a date; the rating run checks when it falls)."""
    def text(key: str) -> str:
        return str(fields.get(key) or "").strip()[:4000]

    day = text("evaluation_date")
    try:
        when = date.fromisoformat(day) if day else None
    except ValueError:
        raise InnodockError(f"评价日期应为日期（如 2026-11-28），得到 {day!r} / the evaluation date must be a date "
                            "such as 2026-11-28", field="report.evaluation_date") from None
    people = _people(text("evaluator_people"), experts=False)
    theirs = _people(text("evaluated_people"), experts=False)
    return ReportInfo(objective=text("objective") or None, content_and_method=text("content_and_method") or None,
                      evaluator=Party(name="", people=people) if people else None,
                      evaluated=Party(name="", people=theirs) if theirs else None,
                      experts=_people(text("experts"), experts=True), expert_opinions=_lines(text("expert_opinions")),
                      conclusion=text("conclusion") or None, recommendations=_lines(text("recommendations")),
                      evaluation_date=when)


def _dated(report: ReportInfo | None, period: str, today: date) -> ReportInfo:
    """The report's date: the day the run is made when none is given; refused when it is after today, or before
    the period begins."""
    info = report or ReportInfo()
    when = info.evaluation_date or today
    if when > today:
        raise InnodockError(f"评价日期 {when} 晚于今天（{today}）/ the evaluation date {when} is after today "
                            f"({today})", field="report.evaluation_date")
    start, _ = period_bounds(period)
    if when < start:
        raise InnodockError(f"评价日期 {when} 早于评价期 {period} 的开始 / the evaluation date {when} is before the "
                            f"period {period} begins", field="report.evaluation_date")
    return info.model_copy(update={"evaluation_date": when})


def _may_rate(principal: Principal, center_id: str) -> None:
    policy.check_own_center(principal, center_id)
    policy.check_not_own_provider(principal, center_id, what="评分（评价方的评分表）")


def _may_self_assess(principal: Principal, center_id: str) -> None:
    policy.check_own_center(principal, center_id)
    if not policy.speaks_for_provider(principal, center_id):
        raise PermissionDeniedError("只有机构本身填写自评 / only the provider files its self-assessment",
                                    field="center_id")


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(f"{v:g}" for v in value)
    return None if value is None else f"{value:g}" if isinstance(value, float) else value


def _yes_or_no(value: Any) -> bool:
    """Whether a yes/no item's value is one its choice offers (1 or 0): any other (a scaled 0.22) shows as
    "—（未填）", and the page said "各项均已有值" beside it (a trial, 2026-11-30)."""
    try:
        return float(str(value)) in (0.0, 1.0)
    except ValueError:
        return False


def _build(*, session: Session, center_id: str, period: str, kinds: set[str]) -> RatingForm:
    """The form of ``kinds`` (the evaluator's: every item; the provider's: its own), pre-filled."""
    center = kb.get_center(session=session, center_id=center_id)
    filed = obligations.filings_for_evaluation(session=session, center_id=center_id)
    known, _, notes = evaluation.prefill(session=session, center_id=center_id, period=period, filings=filed,
                                         proficiency=proficiency.for_evaluation(session=session, center_id=center_id))
    own_run, own = evaluation.latest_self_values(session=session, center_id=center_id, period=period)
    # the evaluator's form opens with what was entered for the period before: its draft, or its finished rating
    earlier = evaluation.earlier_values(session=session, center_id=center_id, period=period) \
        if "form" in kinds else {}
    h = load_hierarchy()
    out: list[FormIndicator] = []
    counts: dict[str, int] = {}
    for dim in h.dimensions:
        for ind in dim.indicators:
            rows = []
            for it in ind.items:
                src = sources.BY_ITEM[it.id]
                if src.kind not in kinds:
                    continue
                counts[src.kind] = counts.get(src.kind, 0) + 1
                rng = sources.range_of(it, h)
                recorded = known.get(it.id)
                mine = own.get(it.id) if src.kind == "self" else None
                asked = sources.entered(src.kind) or recorded is None
                value: Any = recorded if not sources.entered(src.kind) else None
                if asked:
                    if earlier.get(it.id) is not None:
                        value = earlier[it.id]
                    elif src.kind == "self" and mine is not None:
                        value = mine
                    elif recorded is not None:
                        value = recorded
                boolean = it.unit == "是/否"
                if asked and boolean and value is not None and not _yes_or_no(value):
                    value = None  # the choice offers yes or no: anything else shows "—（未填）", so it is missing
                rows.append(FormItem(item=it.id, name_zh=_YES_NO_HINT.sub("", it.name_zh) if boolean else it.name_zh,
                                     name_en=_YES_NO_HINT.sub("", it.name_en) if boolean else it.name_en,
                                     unit=it.unit, kind=src.kind, range_text=rng.text(), low=rng.low,
                                     high=rng.high, whole=rng.whole, votes=rng.votes,
                                     record_value=_shown(recorded), record_note=notes.get(it.id),
                                     self_value=_shown(mine), value=_shown(value), asked=asked, boolean=boolean))
            if rows:
                out.append(FormIndicator(id=ind.id, symbol=dim.symbol, dimension_zh=dim.name_zh,
                                         dimension_en=dim.name_en, name_zh=ind.name_zh, name_en=ind.name_en,
                                         items=rows))
    return RatingForm(center=center, period=period, indicators=out, self_run_id=own_run.id if own_run else None,
                      self_filed_at=own_run.created_at if own_run else None,
                      kinds=counts)


def rating_form(*, session: Session, principal: Principal, center_id: str, period: str,
                today: date | None = None) -> RatingForm:
    """The evaluator's form for a provider and a period (begun by ``today``): every item, pre-filled, with what is
    missing."""
    _may_rate(principal, center_id)
    return _build(session=session, center_id=center_id, period=evaluations.begun_period(period, today),
                  kinds={"record", "form", "self"})


def self_assessment_form(*, session: Session, principal: Principal, center_id: str, period: str,
                         today: date | None = None) -> RatingForm:
    """The provider's own form: the "self" items, with what it filed last for the period (begun by ``today``)."""
    _may_self_assess(principal, center_id)
    return _build(session=session, center_id=center_id, period=evaluations.begun_period(period, today),
                  kinds={"self"})


def _checked(values: Mapping[str, Any], *, allowed: set[str]) -> dict[str, float | list[float]]:
    """The values given (an empty one is not given), each checked against its item's range; an item not asked is
    refused on its field; every wrong one at once (``core.errors.FieldErrors``)."""
    h = load_hierarchy()
    items = {it.id: it for _, _, it in h.items()}
    out: dict[str, float | list[float]] = {}
    problems: list[InnodockError] = []
    for key, raw in values.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if key not in items or key not in allowed:
            problems.append(InnodockError(f"{key!r} 由记录得出或不在此表中 / {key!r} comes from the records or is not "
                                          "asked here", field=f"values.{key}"[:80]))
            continue
        try:
            out[key] = sources.check_value(items[key], raw, h)
        except InnodockError as exc:  # every wrong value said at once, each on its field (errors.FieldErrors)
            problems.append(exc)
    refuse_all(problems)
    return out


MISSING_SAID = 300  # what a refusal may say at most: the pages carry it whole (``api.pages.ui_common.redirect``)


def _still_missing(lacking: list[tuple[FormIndicator, list[FormItem]]]) -> str:
    """The refusal of a form with items missing, said whole within :data:`MISSING_SAID` characters: how many, the
    first ones by indicator and "等另 N 项 / and N more" (the form lists them all)."""
    n = sum(len(rows) for _, rows in lacking)
    for shown in range(n, 0, -1):
        zh, en, left = [], [], shown
        for ind, rows in lacking:
            if left <= 0:
                break
            zh.append(f"{ind.name_zh}：{'、'.join(i.name_zh for i in rows[:left])}")
            en.append(f"{ind.name_en}: {', '.join(i.name_en for i in rows[:left])}")
            left -= len(rows)
        rest = n - shown
        said = (f"尚缺 {n} 项：{'；'.join(zh)}{f' 等另 {rest} 项' if rest else ''} / still missing ({n}): "
                f"{'; '.join(en)}{f' and {rest} more' if rest else ''}")
        if len(said) <= MISSING_SAID:
            return said
    return f"尚缺 {n} 项 / still missing ({n})"


def complete_rating_run(*, session: Session, principal: Principal, center_id: str, period: str,
                        values: Mapping[str, Any], outbox: Outbox, party: EvaluatorParty | None = None,
                        today: date | None = None, evaluator_org_id: str | None = None,
                        report: ReportInfo | None = None, evaluator_name: str | None = None) -> RunView:
    """The evaluator's form sent: every value checked (the first wrong one refused on ``values.<item>``), nothing
    missing (refused on the first missing item, the message naming each indicator with what it lacks), then the run
    computed and stored by :func:`flows.evaluations.evaluate` — the JSON upload's own path (``evaluator_org_id``: a
    third-party run's evaluator organisation, whose independence it checks). ``report``: the report's contents
    (seed 001 §5.2.9; :func:`report_from_form`), dated the day of the run unless it names an earlier day in the
    period."""
    _may_rate(principal, center_id)
    now = today or china_time.today()
    period = evaluations.begun_period(period, now)  # before the date's check, which a period to come would fail too
    info = _dated(report, period, now)
    form = _build(session=session, center_id=center_id, period=period, kinds={"record", "form", "self"})
    asked = {i.item for ind in form.indicators for i in ind.items if i.asked}
    given = _checked(values, allowed=asked)
    lacking = [(ind, [i for i in ind.items if i.asked and i.item not in given]) for ind in form.indicators]
    lacking = [(ind, rows) for ind, rows in lacking if rows]
    if lacking:
        raise InnodockError(_still_missing(lacking), code="incomplete",
                            field=f"values.{lacking[0][1][0].item}")
    if info.evaluated is not None and not info.evaluated.name.strip():  # the form gives its people, not its name
        info = info.model_copy(update={"evaluated": info.evaluated.model_copy(update={"name": form.center.name})})
    return evaluations.evaluate(session=session, principal=principal, center_id=center_id, period=period,
                                inputs=ScoreInput(values=dict(given), report=info), outbox=outbox, party=party,
                                today=today, evaluator_org_id=evaluator_org_id, entered=entered_by(form, given),
                                evaluator_name=evaluator_name)


@dataclass(frozen=True)
class DraftSaved:
    """A rating form saved part-way: how many values it keeps and how many asked items are still missing."""

    center_id: str
    period: str
    saved: int
    missing: int


def save_rating_draft(*, session: Session, principal: Principal, center_id: str, period: str,
                      values: Mapping[str, Any], today: date | None = None) -> DraftSaved:
    """The evaluator's form saved part-way (not rated): every value checked as a completed form's are (every wrong
    one refused at once on its ``values.<item>``, nothing stored), then kept as the period's draft, which the form
    shows when it is opened again; says how many items are still missing. A new user's trial (2026-11-30): one typo
    meant re-entering all 38 values, and nothing could be kept half-done."""
    _may_rate(principal, center_id)
    period = evaluations.begun_period(period, today or china_time.today())
    form = _build(session=session, center_id=center_id, period=period, kinds={"record", "form", "self"})
    asked = {i.item for ind in form.indicators for i in ind.items if i.asked}
    given = _checked(values, allowed=asked)
    evaluation.save_draft(session=session, center_id=center_id, period=period, values=given,
                          saved_by=evaluations.evaluator_of(principal))
    reopened = _build(session=session, center_id=center_id, period=period, kinds={"record", "form", "self"})
    return DraftSaved(center_id=center_id, period=period, saved=len(given),
                      missing=sum(len(ind.missing) for ind in reopened.indicators))


def entered_by(form: RatingForm, given: Mapping[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Who entered each value of the evaluator's form, as the run records it (``evaluation.service.ENTERED_ORIGINS``):
    the provider's own figure the evaluator kept is the self-assessment's; any other value the evaluator's, with the
    provider's figure said beside where the evaluator changed it. A new user's trial in Chromium (2026-11-29): the
    association filled the form while the page said "机构尚未提交本期自评", and the report called each such value
    "机构自报"."""
    shown = {i.item: i for ind in form.indicators for i in ind.items}
    filed = china_time.day(form.self_filed_at) if form.self_filed_at else ""  # its day in China, not UTC
    out: dict[str, tuple[str, str | None]] = {}
    for key, value in given.items():
        item = shown.get(key)
        own = item.self_value if item is not None else None
        if own is None:
            out[key] = ("evaluator", None)
        elif _same(own, value):
            out[key] = ("self_assessment", f"机构 {filed} 自评所报，评价方核对 / the provider's self-assessment of "
                                           f"{filed}, checked by the evaluator")
        else:
            out[key] = ("evaluator", f"机构自评为 {own}，评价方改为 {_shown(value)} / the provider's self-assessment "
                                     f"said {own}; the evaluator entered {_shown(value)}")
    return out


def _same(shown: Any, value: Any) -> bool:
    """Whether the provider's figure as the form showed it is the value the evaluator sent."""
    try:
        if isinstance(value, list):
            return [float(x) for x in str(shown).split(",")] == [float(x) for x in value]
        return float(shown) == float(value)
    except (TypeError, ValueError):
        return False


def self_items_left_blank(run: RunView) -> tuple[int, int]:
    """How many of the "self" items a self-assessment run left without a value, of how many. Filing part of them is
    allowed: seed 001 keeps missing data missing (never zero), the run is incomplete (no total, no stars) and the
    evaluator's form shows what the provider gave; the answer says how many are blank (a center's day walked on
    2026-11-29: one value of thirty was answered "评价已完成并记录在案")."""
    own = {s.item for s in sources.SOURCES if s.kind == "self"}
    blank = {str(m.get("item")) for m in run.result.get("missing") or []} & own
    return len(blank), len(own)


def file_self_assessment(*, session: Session, principal: Principal, center_id: str, period: str,
                         values: Mapping[str, Any], outbox: Outbox, today: date | None = None) -> RunView:
    """The provider's self-assessment of its "self" items, stored as its self-assessment run for the period (what
    the evaluator's form shows beside as the provider's value). At least one item. Its report is dated the day it is
    filed."""
    _may_self_assess(principal, center_id)
    own = {s.item for s in sources.SOURCES if s.kind == "self"}
    given = _checked(values, allowed=own)
    if not given:
        raise InnodockError("至少填写一项 / give at least one value", field="values")
    return evaluations.evaluate(session=session, principal=principal, center_id=center_id, period=period,
                                inputs=ScoreInput(values=dict(given),
                                                  report=ReportInfo(evaluation_date=today or china_time.today())),
                                outbox=outbox, party=EvaluatorParty.self_assessment, today=today)
