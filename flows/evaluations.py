"""Service-quality evaluations (seed 001) as their readers ask for them: score a center for a period (record items
from its engagements), read its latest run, render the report (§5.2.9) with its radar chart.

A center's coordinators see their own center's evaluations only; the association sees every center's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core import china_time
from core.errors import InnodockError, NotFoundError, PermissionDeniedError
from evaluation import questionnaire
from evaluation import service as evaluation
from evaluation.files import read_outcomes, read_score_input
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.hierarchy.loader import DEFAULT_HIERARCHY
from evaluation.independence import outside_evaluator
from evaluation.observations import interview_items
from evaluation.records import EngagementOutcome, period_bounds
from evaluation.report import radar_png, render_html, write_pdf
from evaluation.schemas import EvaluatorParty, EvaluatorRef, ObservationKind, ObservationView, RunView, ScoreInput
from flows import authorities, improvement, independence, obligations, proficiency
from flows.events import Outbox
from kb import service as kb
from kb.schemas import CenterRecord
from providers import service as providers


def _view(run: object) -> RunView:
    return RunView.model_validate(run)


@dataclass(frozen=True)
class Evaluated:
    """A stored run and what it left behind (its findings and its grade's consequence, ``flows.improvement``)."""

    run: RunView
    aftermath: improvement.Aftermath


def begun_period(period: str, today: date | None = None) -> str:
    """The period, refused on ``period`` when it has not begun by ``today``: a rating of a year to come would stand as
    the provider's rating before any of it was served (the evaluation walked as a new user, 2026-11-28: "2027" was
    rated in 2026). Every run is stored through :func:`evaluate_with_aftermath`, which asks this; the forms ask it
    before they open."""
    start, _ = period_bounds(period)
    now = today or china_time.today()
    if start > now:
        raise InnodockError(f"评价期 {period.strip()} 尚未开始，只能评价 {now.year} 年及以前 / the period "
                            f"{period.strip()} has not begun: rate {now.year} or earlier", field="period")
    return period.strip()


def evaluator_of(principal: Principal) -> EvaluatorRef:
    """The caller as a run records its evaluator."""
    return EvaluatorRef(role=principal.role.value, id=principal.user_id or principal.key_id, org=principal.org_id,
                        name=principal.org_name)


def profile_hierarchy(*, session: Session, center_id: str) -> Hierarchy:
    """The indicator hierarchy the provider's rules profile chooses (``providers.profiles``, its ``evaluation``)."""
    center = kb.get_center(session=session, center_id=center_id)
    chosen = providers.profile_for(session=session, center_id=center_id, kind=center.kind, region=center.region)
    return load_hierarchy(DEFAULT_HIERARCHY.parent / chosen.evaluation.hierarchy.file)


def evaluate(*, session: Session, principal: Principal, center_id: str, period: str,
             inputs: ScoreInput | None, outbox: Outbox, party: EvaluatorParty | None = None,
             today: date | None = None, evaluator_org_id: str | None = None,
             entered: Mapping[str, tuple[str, str | None]] | None = None,
             evaluator_name: str | None = None) -> RunView:
    """Score a center for a period as the API, the page and jobs ask: :func:`evaluate_with_aftermath`'s run
    (``entered``: who entered each value, ``evaluation.service.evaluate_center``'s; ``evaluator_name``: a third-party
    run's outside evaluation body, by name, when no registered one is named)."""
    return evaluate_with_aftermath(session=session, principal=principal, center_id=center_id, period=period,
                                   inputs=inputs, outbox=outbox, party=party, today=today,
                                   evaluator_org_id=evaluator_org_id, entered=entered,
                                   evaluator_name=evaluator_name).run


def evaluate_with_aftermath(*, session: Session, principal: Principal, center_id: str, period: str,
                            inputs: ScoreInput | None, outbox: Outbox, party: EvaluatorParty | None = None,
                            today: date | None = None, outcomes: Sequence[EngagementOutcome] | None = None,
                            hierarchy: Hierarchy | None = None, evaluator_name: str | None = None,
                            evaluator_org_id: str | None = None,
                            entered: Mapping[str, tuple[str, str | None]] | None = None) -> Evaluated:
    """Score a center for a period and store the run; record-sourced items come from its engagements (or
    ``outcomes``, an operator's file of them), and its reviewed annual plans and reports answer the items that name
    them (seed 001 内部运营). The hierarchy is the provider's rules profile's unless an operator gives one.

    The caller is recorded as the evaluator (``evaluator_name`` names the evaluating organisation when the caller
    acts for another, as a terminal operator does). A center's own coordinator files a self-assessment, which is kept
    and shown as such but never becomes the rating (seed 001 §5.2.7, ``evaluation.independence``). A rating run leaves
    its findings and its grade's consequence, proposed to the association (``flows.improvement``).

    ``evaluator_org_id``: the organisation a third-party run is assigned to (issue 29, item 3). Its independence is
    checked before anything is stored (``flows.independence``: not the provider, not its host organisation, no
    engagement or expert link with it in the period) and the run records it as the evaluator. A period that has
    not begun by ``today`` is refused on ``period`` (:func:`begun_period`), whichever way the run comes: the form,
    the JSON upload, ``POST /api/v1/evaluations`` or the terminal."""
    policy.check_own_center(principal, center_id)
    period = begun_period(period, today)
    assigned = None
    if evaluator_org_id is not None:
        if party not in (None, EvaluatorParty.third_party):
            raise InnodockError("指定评价机构的评价是第三方评价 / a run assigned to an evaluator organisation is a "
                                "third-party one", field="party")
        party = EvaluatorParty.third_party
        assigned = independence.independent_evaluator(session=session, center_id=center_id, period=period,
                                                       org_id=evaluator_org_id)
    elif party == EvaluatorParty.third_party and not policy.speaks_for_provider(principal, center_id):
        # never the recording association: an outside body, by its name (the provider's own staff asking for a
        # third party is refused as a self-assessment posing as one, evaluation.independence.party_for)
        evaluator_name = outside_evaluator(evaluator_name)
    filed = obligations.filings_for_evaluation(session=session, center_id=center_id)
    if hierarchy is None:
        hierarchy = profile_hierarchy(session=session, center_id=center_id)
    who = evaluator_of(principal)
    if evaluator_name and party == EvaluatorParty.third_party and assigned is None:
        who = who.model_copy(update={"org": None, "name": evaluator_name})  # recorded by, not made by, the caller
    elif evaluator_name:
        who = who.model_copy(update={"name": evaluator_name})
    if assigned is not None:
        who = who.model_copy(update={"org": assigned.id, "name": assigned.name})
    run_id, _ = evaluation.evaluate_center(session=session, center_id=center_id, period=period, inputs=inputs,
                                           outcomes=outcomes, hierarchy=hierarchy, filings=filed,
                                           proficiency=proficiency.for_evaluation(session=session,
                                                                                  center_id=center_id),
                                           own_staff=policy.speaks_for_provider(principal, center_id),
                                           party=party, evaluator=who, entered=entered)
    scored = _view(evaluation.get_run(session=session, run_id=run_id))
    left = improvement.after_evaluation(session=session, run=scored, today=today or china_time.today(),
                                        actor=principal.audit_label(), outbox=outbox)
    return Evaluated(scored, left)


def evaluate_from_files(*, session: Session, principal: Principal, center_id: str, period: str,
                        inputs: Path | None, records: Path | None, hierarchy: Path | None, outbox: Outbox,
                        party: EvaluatorParty | None = None, evaluator_name: str | None = None,
                        today: date | None = None) -> Evaluated:
    """:func:`evaluate_with_aftermath` as the terminal calls it: indicator values, engagement outcomes and the
    hierarchy from an operator's files, every file read (and refused, naming it) before anything is stored."""
    given = read_score_input(inputs) if inputs else None
    outcomes = read_outcomes(records) if records else None
    tree = load_hierarchy(hierarchy) if hierarchy else None
    return evaluate_with_aftermath(session=session, principal=principal, center_id=center_id, period=period,
                                   inputs=given, outbox=outbox, party=party, today=today, outcomes=outcomes,
                                   hierarchy=tree, evaluator_name=evaluator_name)


def file_observation(*, session: Session, principal: Principal, center_id: str, kind: ObservationKind, period: str,
                     observed_on: date, scores: dict[str, float], summary: str) -> ObservationView:
    """An interview or a mystery-shopper visit, filed by an evaluator (seed 001 §5.2.7). The evaluated provider's own
    staff cannot file one about it: what they would say of themselves is their self-assessment."""
    policy.check_own_center(principal, center_id)
    if policy.speaks_for_provider(principal, center_id):
        raise PermissionDeniedError("被评价机构不能为自己填写访谈或神秘顾客记录 / the evaluated provider cannot file "
                                    "interviews or mystery-shopper visits about itself", field="center_id")
    row = evaluation.file_observation(session=session, center_id=center_id, kind=kind, period=period,
                                      observed_on=observed_on, scores=scores, summary=summary,
                                      evaluator=evaluator_of(principal))
    return ObservationView.model_validate(row)


def observations(*, session: Session, principal: Principal, center_id: str) -> list[ObservationView]:
    authorities.check_overseen(session=session, principal=principal, center_id=center_id)
    return [ObservationView.model_validate(o) for o in evaluation.observations_of(session=session,
                                                                                   center_id=center_id)]


def observation_items() -> dict[str, list[tuple[str, str, str]]]:
    """What each kind of observation scores: interview items (0–100), the questionnaire's items (1–5)."""
    return {"interview": interview_items(),
            "mystery_shopper": [(q.item_id, q.item_zh, q.item_en) for q in questionnaire.questions()]}


def questionnaire_items() -> list[questionnaire.Question]:
    """The client's five-grade questionnaire, as the API lists it and the engagement page asks it."""
    return questionnaire.questions()


def latest(*, session: Session, principal: Principal, center_id: str, rating_only: bool = False) -> RunView:
    """The center's latest run; ``rating_only``: its latest second- or third-party run, the one that rates it."""
    policy.authorize(principal, "evaluation.read")
    authorities.check_overseen(session=session, principal=principal, center_id=center_id)
    run = evaluation.latest_run(session=session, center_id=center_id, rating_only=rating_only)
    if run is None:
        raise NotFoundError("该机构尚无评价 / no evaluation of this center yet", field="center_id")
    return _view(run)


def run(*, session: Session, principal: Principal, run_id: int) -> RunView:
    """One run, for those who may read its center's evaluations (another center's, or one outside an authority's
    jurisdiction: 404)."""
    policy.authorize(principal, "evaluation.read")
    found = _view(evaluation.get_run(session=session, run_id=run_id))
    authorities.check_overseen(session=session, principal=principal, center_id=found.center_id,
                               hide=evaluation.missing_run(run_id))
    return found


def report_html(*, session: Session, principal: Principal, run_id: int, lang: str = "zh") -> str:
    """The report in one language (``zh``, ``en``)."""
    found = run(session=session, principal=principal, run_id=run_id)
    return render_html(found.result, found.inputs, lang, grading=grading(session=session, center_id=found.center_id))


def grading(*, session: Session, center_id: str) -> dict[str, object]:
    """The tier and management class a report gives the provider: only those its own rules set
    (``providers.profiles.report_grading``, by its profile and province), never another's."""
    center = kb.get_center(session=session, center_id=center_id)
    profile = providers.profile_for(session=session, center_id=center_id, kind=center.kind, region=center.region)
    return providers.report_grading(profile, center.kind, center.region)


def report_pdf(*, session: Session, principal: Principal, run_id: int, lang: str = "zh") -> bytes:
    """The report as a PDF (WeasyPrint takes seconds: a report job does it off the request for large runs)."""
    html = report_html(session=session, principal=principal, run_id=run_id, lang=lang)
    with tempfile.TemporaryDirectory(prefix="innodock-report-") as tmp:
        out = Path(tmp) / "report.pdf"
        write_pdf(html, out)
        return out.read_bytes()


def write_center_report(*, session: Session, center_id: str, out: Path, fmt: str, run_id: int | None = None) -> Path:
    """Write a center's report (its latest run, or ``run_id`` of it) to ``out``: the report job's and the
    command's work, for whoever the entry point already let ask."""
    return evaluation.write_center_report(session=session, center_id=center_id, out=out, fmt=fmt, run_id=run_id,
                                          grading=grading(session=session, center_id=center_id))


@dataclass(frozen=True)
class CenterEvaluation:
    """A center's evaluations as its page shows them: the run that rates it (the latest second- or third-party one)
    with the radar chart of its four first-level scores, the latest self-assessment apart, and every run."""

    center: CenterRecord
    run: RunView | None
    radar_png: bytes | None
    self_assessment: RunView | None
    runs: list[RunView]
    own_staff: bool


def center_evaluation(*, session: Session, principal: Principal, center_id: str,
                      lang: str = "zh") -> CenterEvaluation:
    """``lang``: the radar chart's labels (the English page's chart read "T1 基础条件", the English pages walked,
    2026-11-28). An authority's officer reads those of the providers in its jurisdiction (``evaluation.read``)."""
    policy.authorize(principal, "evaluation.read")
    authorities.check_overseen(session=session, principal=principal, center_id=center_id)
    center = kb.get_center(session=session, center_id=center_id)
    runs = [_view(r) for r in evaluation.runs_of(session=session, center_id=center_id)]
    rating = next((r for r in runs if r.counts_as_rating), None)
    own = next((r for r in runs if not r.counts_as_rating), None)
    dimensions = (rating.result or {}).get("dimensions", []) if rating is not None else []
    return CenterEvaluation(center=center, run=rating, radar_png=radar_png(dimensions, lang)[0] if dimensions else None,
                            self_assessment=own, runs=runs,
                            own_staff=policy.speaks_for_provider(principal, center_id))
