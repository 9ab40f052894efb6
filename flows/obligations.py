"""The obligations calendar as the doors use it (issue 14 step 4): the year's calendar made for every operating
provider, forms filed and reviewed, obligations set by hand, and the daily announcement of what falls due or is
overdue (``provider.obligation_due``: a webhook, and the inbox of the provider's coordinators and the association).

The filed plans and reports feed evaluation as ``records`` items (:func:`filings_for_evaluation`, handed to
``evaluation.service.evaluate_center`` as plain data: evaluation imports nothing of providers).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core import china_time
from core.errors import FieldErrors, InnodockError, NotFoundError, refuse_all
from evaluation import service as evaluation
from evaluation.records import FilingOutcome, period_bounds
from evaluation.schemas import RunView
from flows import authorities
from flows.events import Outbox, Parties
from flows.providers import sync
from kb import service as kb
from outbox.vocab import DomainEvent
from providers import service as providers
from providers.filings import MAX_PART, MAX_TEXT
from providers.schemas import FilingView, ObligationView

# The most a filing's text and each of its parts may hold (``providers.filings``), for the forms that post them.
TEXT_LIMIT, PART_LIMIT = MAX_TEXT, MAX_PART


def ensure_calendar(*, session: Session, year: int) -> list[ObligationView]:
    """The year's obligations of every operating provider (made once; running again makes nothing)."""
    sync(session=session)
    return providers.ensure_calendar(session=session, year=year)


def _about(session: Session, obligation: ObligationView) -> dict[str, Any]:
    """What every obligation's event says of it: its provider, kind, period, title ("中文 / English") and due date."""
    return {"obligation_id": obligation.id, "center_id": obligation.center_id,
            "center_name": kb.get_center(session=session, center_id=obligation.center_id).name,
            "kind": obligation.kind, "period": obligation.period, "title": obligation.title,
            "due_on": obligation.due_on.isoformat(), "clause": obligation.clause}


OBLIGATION_FIELDS = ("kind", "period", "due_on")  # the provider page's form, in its order


def create(*, session: Session, principal: Principal, center_id: str, kind: str, period: str, due_on: date | str,
           today: date, outbox: Outbox, title: str | None = None, clause: str | None = None) -> ObligationView:
    """An obligation set by hand, announced to the provider who owes it: ``provider.obligation_set``. The API names
    its title and clause; the provider's page sets a yearly plan or report (``providers.obligations.SETTABLE``), or a
    quarterly service report (``QUARTERLY``), by its kind, period and due date as typed ("2027-01-31"), titled and
    cited as its profile says (``providers.obligations.described``). Every wrong field is said at once (a kind, a
    period, a due date not a date or past, the same one set already), nothing set: the page said the date, then the
    kind, then the year."""
    policy.check_not_own_provider(principal, center_id, what="设定")
    kb.get_center(session=session, center_id=center_id)
    found: list[InnodockError] = []
    day: date | None = due_on if isinstance(due_on, date) else None
    if isinstance(due_on, str):
        try:
            day = date.fromisoformat(due_on.strip())
        except ValueError:
            found.append(InnodockError(f"截止日期应为日期（如 2027-01-31），得到 {due_on.strip()[:20]!r} / the due "
                                       "date must be a date such as 2027-01-31", field="due_on"))
    named = cited = None
    if title is None or clause is None:
        try:
            named, cited = providers.described_obligation(session=session, center_id=center_id, kind=kind,
                                                          period=period)
        except InnodockError as exc:
            found.extend(exc.problems if isinstance(exc, FieldErrors) else [exc])
        period = providers.period_of(period)
    found.extend(providers.obligation_refusals(session=session, center_id=center_id, kind=kind, period=period,
                                               due_on=day, today=today))
    refuse_all(sorted(found, key=lambda p: OBLIGATION_FIELDS.index(p.field) if p.field in OBLIGATION_FIELDS else 9))
    # each is there once nothing was refused: a date read, the title and clause given or described
    made = providers.create_obligation(session=session, center_id=center_id, kind=kind, period=period,
                                       due_on=day or today, title=title or named or "", clause=clause or cited or "",
                                       principal=principal, today=today)
    outbox.record(session=session, event=DomainEvent.obligation_set, payload=_about(session, made),
                  parties=Parties(enterprise_id=None, center_id=center_id))
    return made


def _kept(session: Session, center_id: str) -> None:
    """The provider's lifecycle, entered from its kb entry if it has none yet (as ``sync`` enters every one), so that
    a filing's steps are written to its history: a provider the calendar never reached (an obligation set by hand)
    kept no record of its filing, its return or its review."""
    center = kb.get_center(session=session, center_id=center_id)
    providers.ensure_lifecycles(session=session,
                                centers=[(center.id, center.kind, center.effective_status, center.region)])


def _rating(session: Session, content: dict[str, Any]) -> providers.RatingRef | None:
    """The evaluation run a filing names (``content.run_id``), as plain data for ``providers.filings``."""
    raw = content.get("run_id")
    if raw in (None, ""):
        return None
    try:
        run_id = int(raw)
    except (TypeError, ValueError):
        raise InnodockError("run_id 应为评价记录编号 / run_id must be an evaluation run's number",
                            field="content.run_id") from None
    try:
        run = evaluation.get_run(session=session, run_id=run_id)
    except NotFoundError:
        return None
    first, last = period_bounds(run.period)
    return providers.RatingRef(run_id=run.id, center_id=run.center_id, first_year=first.year, last_year=last.year,
                               rates=bool(run.counts_as_rating), complete=bool(run.complete and run.stars is not None
                                                                                and run.total is not None))


def parts(*, session: Session, principal: Principal, obligation_id: int, today: date) -> list[Any]:
    """The parts a filing of this obligation must have (its provider's profile; none: its text), for the form."""
    found = providers.get_obligation(session=session, obligation_id=obligation_id, today=today)
    policy.check_own_center(principal, found.center_id, hide=providers.missing_obligation(obligation_id))
    return list(providers.parts_of(session=session, obligation_id=obligation_id))


def rating_runs(*, session: Session, principal: Principal, center_id: str) -> list[RunView]:
    """The provider's completed rating runs (second or third party), newest first: what a periodic evaluation may
    close on."""
    policy.check_own_center(principal, center_id)
    return [RunView.model_validate(r) for r in evaluation.runs_of(session=session, center_id=center_id)
            if r.counts_as_rating and r.complete and r.stars is not None]


def settable() -> list[tuple[str, str, str]]:
    """The obligations the association sets on the provider's page, (kind, 中文, English): the yearly plan and report
    and the quarterly service report (``providers.obligations.SETTABLE``, ``QUARTERLY``)."""
    return [(kind, zh, en) for kind, (zh, en, _) in
            {**providers.SETTABLE_OBLIGATIONS, **providers.QUARTERLY_OBLIGATIONS}.items()]


def may_file(principal: Principal, kind: str) -> bool:
    """Whether ``principal`` files an obligation of this kind: the association's supervision and evaluation, the
    provider's plans and reports (``authz.policy.check_obligation_filer``, which the filing itself answers to)."""
    return policy.may_file_obligation(principal, providers.who_files(kind))


def returnable(kind: str) -> bool:
    """Whether a filing of this kind may be returned for revision: the provider's own plans and reports, not the
    association's supervision or evaluation records (``providers.obligations.return_filing``)."""
    return providers.who_files(kind) == "provider"


def needs_rating(kind: str) -> bool:
    """Whether an obligation of this kind closes only on a completed rating run (``providers.filings.RATED``)."""
    return kind in providers.RATED


def file(*, session: Session, principal: Principal, obligation_id: int, content: dict[str, Any],
         today: date, outbox: Outbox) -> FilingView:
    """File a form against an obligation: a center for its own provider only (another's does not exist for it).
    What it must hold is ``providers.filings``' — each part its profile names (seed 002 四(一)'s five contents of the
    annual report, seed 004 七(三)'s capability plan), or for the periodic evaluation a completed rating run
    (``content.run_id``). Announced as ``provider.filing_received`` to the association, who reviews it, and to the
    provider. A form refused (a part missing, no rating behind an evaluation, already met) is stored nowhere and
    announced to nobody: the filer sees the refusal, naming the part."""
    found = providers.get_obligation(session=session, obligation_id=obligation_id, today=today)
    policy.check_own_center(principal, found.center_id, hide=providers.missing_obligation(obligation_id))
    # before anything is written (the provider's lifecycle entered below): the association sets and reviews the
    # provider's plans and reports, it does not file them (403)
    policy.check_obligation_filer(principal, providers.who_files(found.kind))
    if not isinstance(content, dict):
        raise InnodockError("content 应为对象 / content must be an object", field="content")
    _kept(session, found.center_id)
    filed = providers.file_obligation(session=session, obligation_id=obligation_id, content=content,
                                      principal=principal, today=today, rating=_rating(session, content))
    outbox.record(session=session, event=DomainEvent.filing_received,
                  payload={**_about(session, found), "filing_id": filed.id, "filed_on": filed.filed_on.isoformat()},
                  parties=Parties(enterprise_id=None, center_id=found.center_id))
    return filed


def review(*, session: Session, principal: Principal, filing_id: int, score: float,
           note: str | None, outbox: Outbox) -> FilingView:
    """The association's review of a filing, announced to the provider: ``provider.filing_reviewed``."""
    _kept(session, providers.get_filing(session=session, filing_id=filing_id).center_id)
    reviewed = providers.review_filing(session=session, filing_id=filing_id, score=score, note=note,
                                       principal=principal)
    # The day only sets the view's overdue flags, which the event does not carry.
    found = providers.get_obligation(session=session, obligation_id=reviewed.obligation_id, today=reviewed.filed_on)
    outbox.record(session=session, event=DomainEvent.filing_reviewed,
                  payload={**_about(session, found), "filing_id": reviewed.id, "score": reviewed.score,
                           "note": reviewed.review_note},
                  parties=Parties(enterprise_id=None, center_id=reviewed.center_id))
    return reviewed


def return_filing(*, session: Session, principal: Principal, filing_id: int, reason: str,
                  outbox: Outbox) -> FilingView:
    """退回补充, the one use case the API, the provider's page and the CLI call: the association returns a plan or
    report with its reason (``providers.obligations.return_filing``), the obligation opens again, and the provider is
    told as a filing's review is (``provider.filing_reviewed`` with ``returned`` and the reason)."""
    _kept(session, providers.get_filing(session=session, filing_id=filing_id).center_id)
    returned = providers.return_filing(session=session, filing_id=filing_id, reason=reason, principal=principal)
    found = providers.get_obligation(session=session, obligation_id=returned.obligation_id, today=returned.filed_on)
    outbox.record(session=session, event=DomainEvent.filing_reviewed,
                  payload={**_about(session, found), "filing_id": returned.id, "score": None,
                           "note": returned.return_reason, "returned": True},
                  parties=Parties(enterprise_id=None, center_id=returned.center_id))
    return returned


def filed_parts(profile: providers.Profile, kind: str,
                content: dict[str, Any]) -> tuple[list[tuple[providers.Part, str]], str] | None:
    """A filed report's parts and its note, as a page shows them (``providers.filings.split_filing``)."""
    return providers.split_filing(profile, kind, content)


def filings(*, session: Session, principal: Principal, center_id: str) -> list[FilingView]:
    authorities.check_record(session=session, principal=principal, center_id=center_id)
    return providers.list_filings(session=session, center_ids=[center_id])


def announce_due(*, session: Session, today: date, outbox: Outbox) -> int:
    """Once a day per open obligation due within two weeks or overdue: ``provider.obligation_due`` to the provider
    and the associations (and so their inboxes). The year's calendar is made first. Returns how many were announced;
    running it again the same day announces nothing."""
    ensure_calendar(session=session, year=today.year)
    day = today.isoformat()
    count = 0
    for item in providers.falling_due(session=session, today=today, mark=True):
        ob = item.obligation
        outbox.record(session=session, event=DomainEvent.obligation_due,
                      payload={"obligation_id": str(ob.id), "center_id": ob.center_id, "kind": ob.kind,
                               "period": ob.period, "title": ob.title, "due_on": ob.due_on.isoformat(),
                               "days_left": item.days_left, "overdue": item.days_left < 0, "day": day},
                      parties=Parties(enterprise_id=None, center_id=ob.center_id))
        count += 1
    return count


def filings_for_evaluation(*, session: Session, center_id: str) -> list[FilingOutcome]:
    """The provider's filed plans and reports, with their due dates and review scores, as evaluation reads them."""
    dues = {o.id: o.due_on for o in providers.list_obligations(session=session, today=china_time.today(),
                                                                center_ids=[center_id])}
    return [FilingOutcome(kind=f.kind, period=f.period, due_on=dues.get(f.obligation_id), filed_on=f.filed_on,
                          score=f.score)
            for f in providers.list_filings(session=session, center_ids=[center_id])
            if f.kind in ("annual_plan", "annual_report") and f.returned_at is None]  # a returned one is no record
