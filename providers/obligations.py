"""The obligations calendar (issue 14 step 4): each year's plans, reports, supervision and evaluation periods from
the provider's rules profile (``providers.profiles``, its ``calendar``), obligations the association sets by hand
(with a due date not in the past), forms filed against them and reviewed with a score, and what falls due or is
overdue on a day.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from authz.policy import check_not_filer, check_not_own_provider, check_obligation_filer
from authz.principal import Principal
from core import china_time
from core.db import utcnow
from core.errors import ConflictError, InnodockError, NotFoundError, refuse_all
from providers import filings, profiles, rules
from providers.changes import obligation_view
from providers.guards import profile_of
from providers.lifecycle import record_filing_step
from providers.models import Filing, Obligation, ProviderLifecycle
from providers.schemas import FilingView, ObligationView

SYSTEM = "system:calendar"


def _filing_view(row: Filing) -> FilingView:
    return FilingView(id=row.id, obligation_id=row.obligation_id, center_id=row.center_id, kind=row.kind,
                      period=row.period, content=dict(row.content or {}), filed_by=row.filed_by,
                      filed_on=row.filed_on, filed_at=row.filed_at, score=row.score, reviewed_by=row.reviewed_by,
                      reviewed_at=row.reviewed_at, review_note=row.review_note, returned_by=row.returned_by,
                      returned_at=row.returned_at, return_reason=row.return_reason)


def _cycle_year(rule: profiles.Annual, year: int, since: date | None) -> bool:
    """A cycle's obligation falls in the last year of each cycle counted from the first year of operation."""
    if rule.cycle <= 1:
        return True
    first = since.year if since is not None else year
    return year >= first and (year - first + 1) % rule.cycle == 0


def ensure_calendar(*, session: Session, year: int) -> list[ObligationView]:
    """Every operating provider's obligations of ``year`` (its profile's calendar), made once: running it again
    makes nothing new. A provider that started operating during the year owes the year's plan and report from the
    next year on (nothing is due before it operated)."""
    made: list[ObligationView] = []
    have = {(c, k, p) for c, k, p in session.execute(select(Obligation.center_id, Obligation.kind, Obligation.period))}
    rows = session.scalars(select(ProviderLifecycle).where(ProviderLifecycle.state.in_(rules.OWES_CALENDAR))).all()
    for row in rows:
        since = row.operating_since
        for rule in rules.annual(profile_of(row)):
            due = rules.annual_due(rule, year)
            period = str(year + rule.period_offset)
            if since is not None and due < since:
                continue
            if not _cycle_year(rule, year, since) or (row.center_id, rule.kind, period) in have:
                continue
            ob = Obligation(center_id=row.center_id, kind=rule.kind, period=period, due_on=due, clause=rule.clause,
                            title=f"{rule.zh}（{period}）/ {rule.en} ({period})", created_by=SYSTEM,
                            created_at=utcnow())
            session.add(ob)
            session.flush()
            have.add((row.center_id, rule.kind, period))
            made.append(obligation_view(ob, due))
    return made


# The yearly filings the association may set by hand on the provider's page where its profile's calendar does not
# make them (a Jiangsu center's seed 000 names no annual plan): the two that seed 001's 内部运营 reads, the plan for
# 平台发展规划及服务目标 and the report for 绩效考核实施状况 (``evaluation.records.FILING_KEYS``). Where the profile's
# calendar has the kind, its own title and clause are used (:func:`described`).
# Each clause in both languages, "中文 / English" (the English page read "§5.2.4 内部运营：… (our reading)", a new
# user's trial, 2026-11-29).
SETTABLE: dict[str, tuple[str, str, str]] = {
    "annual_plan": ("年度工作计划", "annual work plan",
                    "seed 001 §5.2.4 内部运营：平台发展规划及服务目标 (set by the association: our reading) / "
                    "seed 001 §5.2.4 internal operation: development plan and service goals (set by the association: "
                    "our reading)"),
    "annual_report": ("年度工作报告", "annual work report",
                      "seed 001 §5.2.4 内部运营：绩效考核实施状况 (set by the association: our reading) / "
                      "seed 001 §5.2.4 internal operation: how performance reviews are carried out (set by the "
                      "association: our reading)"),
}


# Set by hand on the provider's page beside the yearly plan and report: the quarterly service report the association
# asks of a provider under its own supervision plan, the kind the seeded history sets (``flows.demo_history``; a new
# user's trial, 2026-11-30: the page offered only the yearly ones). No seed names it (seed 003 art. 13 has the
# association supervise the stations each year), so its clause is the association's plan, our reading; its period
# is a quarter, "2026Q3". It is a record of supervision, not one of seed 001's rating items.
QUARTERLY: dict[str, tuple[str, str, str]] = {
    "quarterly_report": ("季度服务情况报告", "quarterly service report",
                         "协会监督计划：季度服务情况报告（由协会设定，本项目的解读）/ the association's supervision "
                         "plan: a quarterly service report (set by the association, our reading)"),
}
_QUARTER = re.compile(r"\d{4}Q[1-4]")


def set_by_hand_clause(profile: profiles.Profile | None, kind: str) -> str:
    """The clause a yearly plan or report set by hand cites under the provider's rules: :data:`SETTABLE`'s (seed 001
    §5.2.4) under the general rules (no seed) or a seed 001 profile; under a profile of another seed, that its seed
    names no such filing and the association sets it as our reading, scored by seed 001 §5.2.4 (a Shanghai or
    Jiangsu center's plan cited seed 001 as if its own rules asked for it, a new user's trial, 2026-11-29). Never a
    clause number the seed does not have."""
    zh, en, clause = SETTABLE[kind]
    if profile is None or profile.seed in (None, "001"):
        return clause
    seed = profile.seed
    return (f"seed {seed} 未规定{zh}（由协会设定：本项目的解读）; seed 001 §5.2.4 内部运营 / seed {seed} names no {en} "
            "(set by the association: our reading); seed 001 §5.2.4 internal operation")


def described(*, session: Session, center_id: str, kind: str, period: str) -> tuple[str, str]:
    """The title ("年度工作计划（2026）/ annual work plan (2026)") and clause of an obligation set by hand: a yearly
    one's its provider's profile's own where the calendar has the kind, else :data:`SETTABLE`'s; a quarterly one's
    :data:`QUARTERLY`'s. A yearly obligation's period is a year, a quarterly one's a quarter ("2026Q3"; as
    :func:`period_of` writes it)."""
    found: list[InnodockError] = []  # the kind and the period said together (the form's two fields)
    if kind not in SETTABLE and kind not in QUARTERLY:
        kinds = [*SETTABLE, *QUARTERLY]
        found.append(InnodockError(f"可设定的事项：{'、'.join(kinds)} / the kinds that can be set: "
                                   f"{', '.join(kinds)}", field="kind"))
    year = period_of(period)
    if kind in QUARTERLY:
        if not _QUARTER.fullmatch(year):
            found.append(InnodockError(f"季度事项的期间应为季度（如 2026Q3），得到 {period!r} / a quarterly "
                                       "obligation's period is a quarter such as 2026Q3", field="period"))
    elif not (len(year) == 4 and year.isdigit()):
        found.append(InnodockError(f"年度事项的期间应为年份（如 2026），得到 {period!r} / a yearly obligation's "
                                   "period is a year such as 2026", field="period"))
    refuse_all(found)
    if kind in QUARTERLY:
        zh, en, clause = QUARTERLY[kind]
        return f"{zh}（{year}）/ {en} ({year})", clause
    lifecycle = session.get(ProviderLifecycle, center_id)
    profile = profile_of(lifecycle) if lifecycle is not None else None
    rule = profile.annual(kind) if profile is not None else None
    zh, en, clause = ((rule.zh, rule.en, rule.clause) if rule is not None
                      else (*SETTABLE[kind][:2], set_by_hand_clause(profile, kind)))
    return f"{zh}（{year}）/ {en} ({year})", clause


def period_of(typed: str) -> str:
    """A period as typed on the form, as it is stored: trimmed, a quarter's q in capitals ("2026q3" → "2026Q3")."""
    return typed.strip().upper()


def creation_refusals(*, session: Session, center_id: str, kind: str, period: str, due_on: date | None,
                      today: date) -> list[InnodockError]:
    """What :func:`create` refuses, every one (the same kind and period set already, a due date in the past), in the
    form's order: said one per submit before."""
    found: list[InnodockError] = []
    if session.scalars(select(Obligation.id).where(Obligation.center_id == center_id, Obligation.kind == kind,
                                                   Obligation.period == period).limit(1)).first() is not None:
        found.append(ConflictError(f"已有同类同期的事项 {kind} {period} / the same obligation exists", field="period",
                                   code="obligation_exists"))
    if due_on is not None and due_on < today:
        found.append(InnodockError(f"截止日期 {due_on} 早于今天 {today} / the due date is in the past", field="due_on",
                                   code="deadline_in_past"))
    return found


def create(*, session: Session, center_id: str, kind: str, period: str, due_on: date, title: str, clause: str,
           principal: Principal, today: date) -> ObligationView:
    """An obligation the association sets by hand (a rectification report, a supervision visit): the due date must
    not be in the past, nor the same kind and period be set already (:func:`creation_refusals`, said at once)."""
    refuse_all(creation_refusals(session=session, center_id=center_id, kind=kind, period=period, due_on=due_on,
                                 today=today))
    row = Obligation(center_id=center_id, kind=kind, period=period, due_on=due_on, clause=clause, title=title,
                     created_by=principal.audit_label(), created_at=utcnow())
    session.add(row)
    session.flush()
    return obligation_view(row, today)


def missing_obligation(obligation_id: int) -> NotFoundError:
    """The answer for an obligation that is not there — and, word for word, for another center's (tenant objects stay
    404, so nobody learns that the id exists)."""
    return NotFoundError("事项不存在 / no such obligation", field="obligation_id")


def _obligation(session: Session, obligation_id: int) -> Obligation:
    row = session.get(Obligation, obligation_id, populate_existing=True)
    if row is None:
        raise missing_obligation(obligation_id)
    return row


def get_obligation(*, session: Session, obligation_id: int, today: date) -> ObligationView:
    return obligation_view(_obligation(session, obligation_id), today)


def parts_of(*, session: Session, obligation_id: int) -> tuple[profiles.Part, ...]:
    """The parts a filing of this obligation must have under its provider's profile (none: its text)."""
    row = _obligation(session, obligation_id)
    lifecycle = session.get(ProviderLifecycle, row.center_id)
    if lifecycle is None:
        return ()
    return filings.parts_for(profile_of(lifecycle), row.kind)


def who_files(kind: str) -> str:
    for annual in (a for p in profiles.profiles().values() for a in rules.annual(p)):
        if annual.kind == kind:
            return annual.by
    return "provider"


def file(*, session: Session, obligation_id: int, content: dict[str, Any], principal: Principal,
         today: date, rating: filings.RatingRef | None = None) -> FilingView:
    """File the form an obligation asks for, once: the provider's own plans and reports by its coordinators only
    (the association sets and reviews them, ``authz.policy.check_obligation_filer``); the association's for
    supervision and evaluation. What it must hold is ``providers.filings``' (the profile's parts, each named; a
    periodic evaluation's completed rating run, ``rating``); a filing missing any is refused naming it, and nothing
    is stored."""
    row = _obligation(session, obligation_id)
    if row.done_on is not None:
        raise ConflictError(f"该事项已于 {row.done_on} 完成 / already met on {row.done_on}", field="obligation_id",
                            code="obligation_done")
    check_obligation_filer(principal, who_files(row.kind))
    lifecycle = session.get(ProviderLifecycle, row.center_id)
    profile = (profile_of(lifecycle) if lifecycle is not None else profiles.get("default"))
    stored = filings.checked(profile=profile, kind=row.kind, period=row.period, center_id=row.center_id,
                             content=content, rating=rating)
    filing = Filing(obligation_id=row.id, center_id=row.center_id, kind=row.kind, period=row.period,
                    content=stored, filed_by=principal.audit_label(), filed_on=today,
                    filed_at=utcnow())
    session.add(filing)
    session.flush()
    row.done_on, row.done_ref = today, f"filing-{filing.id}"
    session.flush()
    # a record the association files itself (a supervision, an evaluation) is its decision, dated the day it is
    # filed; a provider's own plan or report is no decision
    record_filing_step(session=session, center_id=row.center_id, step="file_filing", principal=principal,
                       grounds=row.title, payload=_step_payload(filing),
                       decided_on=today if who_files(row.kind) != "provider" else None)
    return _filing_view(filing)


def _step_payload(filing: Filing) -> dict[str, Any]:
    return {"filing_id": filing.id, "obligation_id": filing.obligation_id, "kind": filing.kind,
            "period": filing.period}


def _decided(row: Filing, *, reviewed_too: bool = True) -> None:
    """A returned filing is decided: the one filed anew is reviewed. One reviewed is not returned after."""
    if row.returned_at is not None:
        raise ConflictError(f"该报送已于 {china_time.day(row.returned_at)} 退回补充，请审核重新报送的版本 / this "
                            "filing was returned for revision; review the one filed again", field="filing_id",
                            code="filing_returned")
    if reviewed_too and row.reviewed_at is not None:
        raise ConflictError("该报送已审核 / this filing has been reviewed already", field="filing_id",
                            code="filing_reviewed")


def review(*, session: Session, filing_id: int, score: float, note: str | None, principal: Principal) -> FilingView:
    """The association's review of a filed plan or report (seed 003 art. 12: 省质促会负责审核), scored 0–100: the
    provider's own (a record the association files itself, a supervision or an evaluation, is its decision and is
    not scored by it), never by whoever filed it (``authz.policy.check_not_filer``)."""
    row = session.get(Filing, filing_id, populate_existing=True)
    if row is None:
        raise NotFoundError("报送记录不存在 / no such filing", field="filing_id")
    check_not_own_provider(principal, row.center_id, what="审核")
    if who_files(row.kind) != "provider":  # its own decision, filed: never scored by those who filed it
        raise ConflictError("该事项由协会自行报送，无需审核评分 / the association files this one itself: nothing to "
                            "review", field="filing_id", code="filing_not_reviewable")
    check_not_filer(principal, row.filed_by)
    _decided(row, reviewed_too=False)
    if not 0 <= score <= 100:
        raise InnodockError("评分应在 0–100 之间 / the score must be 0–100", field="score")
    row.score, row.review_note = float(score), (note or "").strip() or None
    row.reviewed_by, row.reviewed_at = principal.audit_label(), utcnow()
    session.flush()
    said = f"评分 {row.score:.0f} / score {row.score:.0f}"
    record_filing_step(session=session, center_id=row.center_id, step="review_filing", principal=principal,
                       grounds=f"{said}；{row.review_note}" if row.review_note else said, payload=_step_payload(row),
                       decided_on=china_time.today(row.reviewed_at))
    return _filing_view(row)


# The filings a provider makes of its own (``who_files``: plans and reports) are the ones the association returns for
# revision; a supervision's or evaluation's record is the association's own.
def return_filing(*, session: Session, filing_id: int, reason: str, principal: Principal) -> FilingView:
    """退回补充: the association sends a provider's plan or report back with its reason instead of accepting it (a new
    user's trial, 2026-11-29: accepting was the only answer). The filing stays as filed, marked returned with who,
    when and why; its obligation is open again, so the provider edits and files anew; the history records the step.
    Refused, changing nothing: no reason, the provider's own coordinator (``authz.policy``), a filing already
    decided, one the association files itself."""
    row = session.get(Filing, filing_id, populate_existing=True)
    if row is None:
        raise NotFoundError("报送记录不存在 / no such filing", field="filing_id")
    check_not_own_provider(principal, row.center_id, what="退回")
    _decided(row)
    if who_files(row.kind) != "provider":
        raise ConflictError("该事项由协会自行报送，无需退回 / the association files this one itself: nothing to return",
                            field="filing_id", code="filing_not_returnable")
    said = (reason or "").strip()
    if not said:
        raise InnodockError("请写明退回理由 / the reason for returning it is required", field="reason")
    obligation = _obligation(session, row.obligation_id)
    row.returned_by, row.returned_at, row.return_reason = principal.audit_label(), utcnow(), said
    obligation.done_on, obligation.done_ref = None, None
    session.flush()
    record_filing_step(session=session, center_id=row.center_id, step="return_filing", principal=principal,
                       grounds=said, payload=_step_payload(row), decided_on=china_time.today(row.returned_at))
    return _filing_view(row)


def list_filings(*, session: Session, center_ids: Collection[str] | None = None) -> list[FilingView]:
    rows = session.scalars(select(Filing).order_by(Filing.id)).all()
    if center_ids is not None:
        wanted = set(center_ids)
        rows = [r for r in rows if r.center_id in wanted]
    return [_filing_view(r) for r in rows]


def get_filing(*, session: Session, filing_id: int) -> FilingView:
    row = session.get(Filing, filing_id)
    if row is None:
        raise NotFoundError("报送记录不存在 / no such filing", field="filing_id")
    return _filing_view(row)


@dataclass(frozen=True)
class DueItem:
    obligation: ObligationView
    days_left: int  # negative: overdue by that many days


def falling_due(*, session: Session, today: date, within_days: int = rules.REMIND_DAYS,
                mark: bool = False) -> list[DueItem]:
    """Open obligations due within ``within_days`` or overdue on ``today``, soonest first. ``mark``: only those not
    announced yet today, and record that they are now (the daily job's once-a-day rule)."""
    horizon = today + timedelta(days=within_days)
    rows = session.scalars(select(Obligation).where(Obligation.done_on.is_(None), Obligation.due_on <= horizon)
                           .order_by(Obligation.due_on, Obligation.id)).all()
    if mark:
        rows = [r for r in rows if r.announced_on != today]
        for r in rows:
            r.announced_on = today
        session.flush()
    return [DueItem(obligation_view(r, today), (r.due_on - today).days) for r in rows]
