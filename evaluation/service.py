"""Keyword-only functions other packages call: score and store a center's evaluation, and look its rating up."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from core.errors import InnodockError, NotFoundError
from evaluation.catalog_facts import CatalogFact, catalog_facts
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.independence import party_for
from evaluation.models import EvaluationDraft, EvaluationObservation, EvaluationRun, EvaluationScore
from evaluation.observations import check_scores, interview_means, shopper_grades
from evaluation.records import (
    EngagementOutcome,
    FilingOutcome,
    ProficiencyOutcome,
    filing_indicators,
    period_bounds,
    proficiency_indicators,
    questionnaire_votes,
    record_indicators,
)
from evaluation.report import write_report
from evaluation.schemas import (
    EvaluatorParty,
    EvaluatorRef,
    ObservationKind,
    Party,
    PublicRating,
    ReportInfo,
    ScoreInput,
    label,
)
from evaluation.scoring import score
from evaluation.sources import PROFICIENCY, SOURCES, check_values
from kb import service as kb_service
from pipeline.service import engagement_outcomes

# Who entered a value the run's input gives (its ``origin``; the records' are ``records``, ``kb``, ``observations``):
# the provider's self-assessment (its own run, or its figure the evaluator kept), the evaluator (its rating form), or
# the run's input as uploaded (a JSON file, the terminal: the evaluator's, or in a self-assessment the provider's).
ENTERED_ORIGINS = ("self_assessment", "evaluator", "input")


def _s(n: int) -> str:
    """An English plural's ending: "1 client questionnaire", "2 client questionnaires"."""
    return "" if n == 1 else "s"


def merge_record_values(
    hierarchy: Hierarchy,
    inputs: ScoreInput,
    outcomes: Sequence[EngagementOutcome] | None,
    *,
    center_id: str,
    period: str,
    filings: Sequence[FilingOutcome] | None = None,
    catalog: dict[str, CatalogFact] | None = None,
    observations: Sequence[EvaluationObservation] = (),
    proficiency: Sequence[ProficiencyOutcome] | None = None,
) -> tuple[ScoreInput, dict[str, str], dict[str, str]]:
    """Fill record-sourced items the input leaves out from the engagement records; say where each came from.

    A value the input gives explicitly (even for a records item) is kept — a manual entry is a deliberate choice —
    and marked ``origin: input``; an item filled from records is marked ``origin: records`` with the count behind it.
    The providers' reviewed plans and reports (``filings``) answer the items whose ``record_key`` names them, whatever
    their data source: an expert rating of the plan (``development_plan``) is the association's review of the plan
    filed. The provider's proficiency tests and comparisons (``proficiency``) answer the item ``evaluation.sources``
    maps them to, before the period's interviews: a result in the period is the record; none leaves the item to them.
    """
    values = dict(inputs.values)
    origins: dict[str, str] = {}
    notes: dict[str, str] = {}
    if proficiency is not None:
        tested = proficiency_indicators(list(proficiency), period=period)
        for src in SOURCES:
            found = tested.get(src.key or "")
            if src.function != PROFICIENCY or found is None or src.item in values:
                continue
            notes[src.item] = found.note
            if found.value is not None:
                values[src.item] = found.value
                origins[src.item] = "records"
    derived = record_indicators(list(outcomes), center_id=center_id, period=period) if outcomes is not None else None
    filed = filing_indicators(list(filings), period=period) if filings is not None else {}
    answered = questionnaire_votes(list(outcomes), center_id=center_id, period=period) if outcomes is not None else {}
    interviews = interview_means([o.scores for o in observations if o.kind == ObservationKind.interview])
    shoppers = shopper_grades([o.scores for o in observations if o.kind == ObservationKind.mystery_shopper])
    for item_id, grades in shoppers.items():  # a mystery shopper's visit is one more vote beside the clients'
        counts, n = answered.get(item_id, ([0.0] * 5, 0))
        added = [counts[k] + sum(1 for g in grades if g == grade) for k, grade in enumerate((5, 4, 3, 2, 1))]
        answered[item_id] = (added, n)
    known = {item.id for _, _, item in hierarchy.items()}
    for item_id, (mean, n) in interviews.items():
        if item_id not in values and item_id in known:
            values[item_id] = mean
            origins[item_id] = "observations"
            notes[item_id] = f"{n} 次访谈的平均分 / mean of {n} interviews"
    for item_id, fact in (catalog or {}).items():
        if item_id not in values and item_id in known:
            values[item_id] = fact.value
            origins[item_id] = "kb"
            notes[item_id] = fact.note
    for _, _, item in hierarchy.items():
        if item.normalisation.method == "five_grade" and item.id not in values and item.id in answered:
            counts, n = answered[item.id]
            visits = len(shoppers.get(item.id, []))
            values[item.id] = counts
            origins[item.id] = "records"
            notes[item.id] = (f"{n} 份客户问卷、{visits} 次神秘顾客 / {n} client questionnaire{_s(n)}, "
                              f"{visits} mystery shopper{_s(visits)}")
            continue
        if item.record_key is None or item.id in values:
            continue
        found = filed.get(item.record_key)
        if found is not None:
            if found.value is not None:
                values[item.id] = found.value
                origins[item.id] = "records"
            notes[item.id] = found.note
            continue
        if item.data_source != "records":
            continue
        if derived is None:
            notes[item.id] = "未接入对接记录 / no engagement records supplied"
            continue
        indicator = derived.get(item.record_key)
        if indicator is None:
            notes[item.id] = "记录中没有这一项的数据 / the records do not provide it"
            continue
        values[item.id] = indicator.value
        origins[item.id] = "records"
        notes[item.id] = indicator.note
    return inputs.model_copy(update={"values": values}), origins, notes


def pipeline_outcomes(*, session: Session, center_id: str) -> list[EngagementOutcome]:
    """The center's engagement outcomes, read through the pipeline's service (evaluation → pipeline, never its
    tables)."""
    return [
        EngagementOutcome.model_validate(o.evaluation_fields())
        for o in engagement_outcomes(session=session, center_id=center_id)
    ]


def _score_rows(run_id: int, result: dict[str, Any]) -> list[EvaluationScore]:
    rows = [EvaluationScore(run_id=run_id, level=0, node_id="total", weight=1.0, score=result["total"])]
    for d in result["dimensions"]:
        rows.append(EvaluationScore(run_id=run_id, level=1, node_id=d["id"], weight=d["weight"], score=d["score"]))
        for i in d["indicators"]:
            rows.append(EvaluationScore(run_id=run_id, level=2, node_id=i["id"], weight=i["weight"], score=i["score"]))
            for it in i["items"]:
                rows.append(
                    EvaluationScore(run_id=run_id, level=3, node_id=it["id"], weight=it["weight"], score=it["score"])
                )
    return rows


def evaluate_center(
    *,
    session: Session,
    center_id: str,
    period: str,
    inputs: ScoreInput | None = None,
    outcomes: Sequence[EngagementOutcome] | None = None,
    hierarchy: Hierarchy | None = None,
    use_pipeline: bool = True,
    filings: Sequence[FilingOutcome] | None = None,
    use_catalog: bool = True,
    proficiency: Sequence[ProficiencyOutcome] | None = None,
    own_staff: bool = False,
    party: EvaluatorParty | None = None,
    evaluator: EvaluatorRef | None = None,
    entered: Mapping[str, tuple[str, str | None]] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Score a knowledge-base center for a period, store the run, and return ``(run_id, result)``.

    Record-sourced items come from ``outcomes`` when given, else from the pipeline's engagement records; the
    providers' filed plans and reports (``filings``, plain data from flows) answer the items that name them.
    Items the knowledge base answers (``evaluation.catalog_facts``: qualifications, experts) are read from it unless
    ``use_catalog`` is off. ``own_staff`` (the caller speaks for the center) and ``party`` decide what the run is
    recorded as (``evaluation.independence.party_for``): the provider's own run is a self-assessment and never its
    rating.
    """
    center = kb_service.get_center(session=session, center_id=center_id)
    period_bounds(period)
    given = inputs or ScoreInput()
    if given.center_id not in (None, center_id):
        raise InnodockError(
            f"输入文件属于机构 {given.center_id}，不是 {center_id} / input file is for another center",
            field="center_id",
        )
    claimed = given.report.evaluator_kind if given.report is not None else None
    recorded = party_for(own_staff=own_staff, asked=party, claimed_text=claimed)
    given = _with_evaluator(given, recorded, evaluator)
    h = hierarchy or load_hierarchy()
    check_values(h, given.values)  # the unit's sane bound, whichever door the values came by
    merged, origins, notes = _gather(session=session, center=center, period=period, given=given, hierarchy=h,
                                     outcomes=outcomes, use_pipeline=use_pipeline, filings=filings,
                                     use_catalog=use_catalog, proficiency=proficiency)
    merged = merged.model_copy(update={"center_id": center_id, "period": period, "center_name": center.name})
    own = recorded == EvaluatorParty.self_assessment
    for key in given.values:
        if key in origins:
            continue
        origin, note = (entered or {}).get(key, ("self_assessment" if own else "input", None))
        if origin not in ENTERED_ORIGINS:
            raise InnodockError(f"未知的取值来源 {origin!r} / unknown origin", field=f"values.{key}")
        origins[key] = origin
        if note:
            notes[key] = note
    result = score(h, merged, origins=origins, notes=notes)
    who = evaluator or EvaluatorRef()
    run = EvaluationRun(
        party=recorded.value,
        evaluator_role=who.role,
        evaluator_id=who.id,
        evaluator_org=who.org,
        evaluator_name=who.name,
        center_id=center_id,
        period=period,
        hierarchy_id=h.id,
        hierarchy_sha256=result["hierarchy"]["sha256"],
        complete=result["complete"],
        total=result["total"],
        stars=result["stars"]["stars"] if result["stars"] else None,
        tier=result["tier"]["id"] if result["tier"] else None,
        management_class=result["management_class"]["id"] if result["management_class"] else None,
        inputs=merged.model_dump(mode="json"),
        result=result,
    )
    session.add(run)
    session.flush()
    session.add_all(_score_rows(run.id, result))
    if recorded != EvaluatorParty.self_assessment:  # the rating of the period takes its draft's place
        draft = draft_of(session=session, center_id=center_id, period=period)
        if draft is not None:
            session.delete(draft)
    session.flush()
    return run.id, result


def _gather(*, session: Session, center: Any, period: str, given: ScoreInput, hierarchy: Hierarchy,
            outcomes: Sequence[EngagementOutcome] | None, use_pipeline: bool, filings: Sequence[FilingOutcome] | None,
            use_catalog: bool, proficiency: Sequence[ProficiencyOutcome] | None = None
            ) -> tuple[ScoreInput, dict[str, str], dict[str, str]]:
    """What a run of the center for the period holds before it is scored: the input's values, then what the records,
    the filings, the catalog and the period's observations answer (:func:`merge_record_values`)."""
    if outcomes is None and use_pipeline:
        outcomes = pipeline_outcomes(session=session, center_id=center.id)
    facts = None
    if use_catalog:
        team = kb_service.list_experts(session=session, center_id=center.id)
        pooled = kb_service.list_experts(session=session, pools=center.expert_pools) if center.expert_pools else []
        facts = catalog_facts(center, team, pooled)
    seen = observations_of(session=session, center_id=center.id, period=period)
    return merge_record_values(hierarchy, given, outcomes, center_id=center.id, period=period, filings=filings,
                               catalog=facts, observations=seen, proficiency=proficiency)


def prefill(*, session: Session, center_id: str, period: str, filings: Sequence[FilingOutcome] | None = None,
            hierarchy: Hierarchy | None = None, proficiency: Sequence[ProficiencyOutcome] | None = None
            ) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """What a run of the center for the period would read with no input — ``(values, origins, notes)`` — gathered as
    :func:`evaluate_center` gathers it, nothing stored and nothing scored: the rating form's pre-filled values."""
    center = kb_service.get_center(session=session, center_id=center_id)
    period_bounds(period)
    merged, origins, notes = _gather(session=session, center=center, period=period, given=ScoreInput(),
                                     hierarchy=hierarchy or load_hierarchy(), outcomes=None, use_pipeline=True,
                                     filings=filings, use_catalog=True, proficiency=proficiency)
    return dict(merged.values), origins, notes


def latest_self_values(*, session: Session, center_id: str, period: str) -> tuple[EvaluationRun | None,
                                                                                  dict[str, Any]]:
    """The provider's latest self-assessment for exactly this period and the values it gave itself (its input, not
    what records added)."""
    query = (select(EvaluationRun).where(EvaluationRun.center_id == center_id, EvaluationRun.period == period.strip(),
                                         EvaluationRun.party == EvaluatorParty.self_assessment.value)
             .order_by(EvaluationRun.created_at.desc(), EvaluationRun.id.desc()).limit(1))
    run = session.scalars(query).first()
    if run is None:
        return None, {}
    return run, _entered_values(run)


def draft_of(*, session: Session, center_id: str, period: str) -> EvaluationDraft | None:
    """The rating form of the center and period saved part-way, if any."""
    query = select(EvaluationDraft).where(EvaluationDraft.center_id == center_id,
                                          EvaluationDraft.period == period.strip())
    return session.scalars(query).first()


def save_draft(*, session: Session, center_id: str, period: str, values: Mapping[str, Any],
               saved_by: EvaluatorRef) -> EvaluationDraft:
    """Keep the rating form's values typed so far (already checked by the caller) as the period's draft, replacing
    the one saved before: not a run, nothing scored, no rating (a new user's trial, 2026-11-30: there was no way to
    save part of the form)."""
    kb_service.get_center(session=session, center_id=center_id)
    period_bounds(period)
    draft = draft_of(session=session, center_id=center_id, period=period)
    if draft is None:
        draft = EvaluationDraft(center_id=center_id, period=period.strip(), values={})
        session.add(draft)
    draft.values = dict(values)
    draft.saved_by_role, draft.saved_by_id, draft.saved_by_org = saved_by.role, saved_by.id, saved_by.org
    draft.updated_at = datetime.now(UTC)
    session.flush()
    return draft


def earlier_values(*, session: Session, center_id: str, period: str) -> dict[str, Any]:
    """What the rating form of the center and period holds when it is opened again: its draft's values, or else the
    values entered in the period's latest rating run (second or third party; the records' own are the records'). A
    new user's trial (2026-11-30): the form reopened empty ('尚缺 38 项') after a finished rating."""
    draft = draft_of(session=session, center_id=center_id, period=period)
    if draft is not None:
        return dict(draft.values)
    query = (select(EvaluationRun).where(EvaluationRun.center_id == center_id, EvaluationRun.period == period.strip(),
                                         EvaluationRun.party != EvaluatorParty.self_assessment.value)
             .order_by(EvaluationRun.created_at.desc(), EvaluationRun.id.desc()).limit(1))
    run = session.scalars(query).first()
    return {} if run is None else _entered_values(run)


def _entered_values(run: EvaluationRun) -> dict[str, Any]:
    """The values a run's input gave (entered by someone, not added from the records)."""
    origins = {it["id"]: it.get("origin") for d in (run.result or {}).get("dimensions", [])
               for i in d.get("indicators", []) for it in i.get("items", [])}
    given = (run.inputs or {}).get("values", {})
    return {k: v for k, v in given.items() if v is not None and origins.get(k) in (None, *ENTERED_ORIGINS)}


def _with_evaluator(given: ScoreInput, party: EvaluatorParty, evaluator: EvaluatorRef | None) -> ScoreInput:
    """The report names the evaluator kind the run is recorded as (seed 001 §5.2.9's first item), and the evaluator's
    organisation when the input names none, so a report never reads as more independent than its run."""
    info = given.report or ReportInfo()
    kind = f"{label(party, 'zh')} {label(party, 'en')}"
    update: dict[str, Any] = {"evaluator_kind": kind}
    if (info.evaluator is None or not info.evaluator.name.strip()) and evaluator is not None and evaluator.name:
        # the rating form gives the evaluator's people without its name: the organisation the run records
        update["evaluator"] = Party(name=evaluator.name, people=info.evaluator.people if info.evaluator else [])
    return given.model_copy(update={"report": info.model_copy(update=update)})


def file_observation(*, session: Session, center_id: str, kind: ObservationKind, period: str, observed_on: date,
                     scores: dict[str, float], summary: str, evaluator: EvaluatorRef) -> EvaluationObservation:
    """Store an interview or a mystery-shopper visit (``evaluation.observations``) for the center's period."""
    kb_service.get_center(session=session, center_id=center_id)
    if not summary.strip():
        raise InnodockError("请写明访谈或走访的经过 / describe what was seen", field="summary")
    checked = check_scores(kind, scores, period, observed_on)
    row = EvaluationObservation(center_id=center_id, period=period.strip(), kind=kind.value,
                                observed_on=observed_on, scores=checked, summary=summary.strip(),
                                evaluator_role=evaluator.role, evaluator_id=evaluator.id, evaluator_org=evaluator.org,
                                evaluator_name=evaluator.name)
    session.add(row)
    session.flush()
    return row


def observations_of(*, session: Session, center_id: str, period: str | None = None) -> list[EvaluationObservation]:
    """A center's observations, newest first; with ``period``, those whose date lies in it (any period spelling)."""
    query = select(EvaluationObservation).where(EvaluationObservation.center_id == center_id)
    if period is not None:
        start, end = period_bounds(period)
        query = query.where(EvaluationObservation.observed_on >= start, EvaluationObservation.observed_on <= end)
    return list(session.scalars(query.order_by(EvaluationObservation.observed_on.desc(),
                                               EvaluationObservation.id.desc())))


def missing_run(run_id: int) -> NotFoundError:
    """The answer for a run that is not there — and, word for word, for one a caller may not know exists."""
    return NotFoundError(f"没有评价记录 {run_id} / no evaluation run {run_id}", field="run_id")


# A run's id is an INTEGER column: a number past it names no run, and PostgreSQL refuses to even compare with one
# (a provider's filing form sent "999999999999" as its rating run answered 500; the route rules' junk walk found it).
MAX_RUN_ID = 2_147_483_647


def get_run(*, session: Session, run_id: int) -> EvaluationRun:
    if not 1 <= run_id <= MAX_RUN_ID:
        raise missing_run(run_id)
    run = session.get(EvaluationRun, run_id)
    if run is None:
        raise missing_run(run_id)
    return run


def latest_run(*, session: Session, center_id: str, complete_only: bool = False, rating_only: bool = False,
               party: EvaluatorParty | None = None) -> EvaluationRun | None:
    """The center's latest run; ``rating_only``: of those that may be its rating (no self-assessment);
    ``party``: of that party only."""
    query = select(EvaluationRun).where(EvaluationRun.center_id == center_id)
    if complete_only:
        query = query.where(EvaluationRun.complete.is_(True))
    if rating_only:
        query = query.where(EvaluationRun.party != EvaluatorParty.self_assessment.value)
    if party is not None:
        query = query.where(EvaluationRun.party == party.value)
    query = query.order_by(EvaluationRun.created_at.desc(), EvaluationRun.id.desc()).limit(1)
    return session.scalars(query).first()


def runs_of(*, session: Session, center_id: str, limit: int = 50) -> list[EvaluationRun]:
    """A center's runs, newest first, every party: the rating's history beside the provider's own assessments."""
    query = (select(EvaluationRun).where(EvaluationRun.center_id == center_id)
             .order_by(EvaluationRun.created_at.desc(), EvaluationRun.id.desc()).limit(limit))
    return list(session.scalars(query))


def rating_for(*, session: Session, center_id: str) -> tuple[int, float] | None:
    """The center's current rating ``(stars, total score)`` from its latest complete second- or third-party
    evaluation, or ``None``: a self-assessment is never the rating (``evaluation.independence``)."""
    run = latest_run(session=session, center_id=center_id, complete_only=True, rating_only=True)
    if run is None or run.stars is None or run.total is None:
        return None
    return run.stars, run.total


def public_rating(*, session: Session, center_id: str) -> PublicRating | None:
    """The rating the catalog shows: the same run ``rating_for`` and the matcher read, with its tier and evaluator."""
    return public_ratings(session=session, center_ids=[center_id]).get(center_id)


@cache
def _tier_labels() -> dict[str, tuple[str, str]]:
    return {c.id: (c.label_zh, c.label_en) for c in load_hierarchy().tiers.cuts}


def public_ratings(*, session: Session, center_ids: Collection[str]) -> dict[str, PublicRating]:
    """The public rating of each of ``center_ids`` that has one, in one query (a catalog page lists many): the latest
    complete second- or third-party run of each, read without its stored inputs and result."""
    ids = list(dict.fromkeys(center_ids))
    if not ids:
        return {}
    query = (select(EvaluationRun)
             .options(load_only(EvaluationRun.id, EvaluationRun.center_id, EvaluationRun.period, EvaluationRun.total,
                                EvaluationRun.stars, EvaluationRun.tier, EvaluationRun.party,
                                EvaluationRun.evaluator_name, EvaluationRun.created_at))
             .where(EvaluationRun.center_id.in_(ids), EvaluationRun.complete.is_(True),
                    EvaluationRun.party != EvaluatorParty.self_assessment.value)
             .order_by(EvaluationRun.created_at.desc(), EvaluationRun.id.desc()))
    out: dict[str, PublicRating] = {}
    for run in session.scalars(query):
        if run.center_id in out or run.stars is None or run.total is None:
            continue
        zh, en = _tier_labels().get(run.tier or "", (run.tier, run.tier))
        out[run.center_id] = PublicRating(stars=run.stars, total=run.total, tier_zh=zh, tier_en=en, period=run.period,
                                          party=EvaluatorParty(run.party), evaluator=run.evaluator_name,
                                          rated_at=_zoned(run.created_at))
        if len(out) == len(ids):
            break
    return out


def _zoned(at: datetime) -> datetime:
    """SQLite hands back the stored UTC time without its zone; the catalog and the feed promise RFC 3339."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def stars_to_unit(stars: int) -> float:
    """Stars on the matcher's 0–1 prior scale: one star 0, three stars 0.5 (neutral), five stars 1."""
    if not 1 <= stars <= 5:
        raise InnodockError(f"星级应为 1–5，得到 {stars} / stars must be 1–5", field="stars")
    return (stars - 1) / 4


def unit_to_stars(unit: float) -> int:
    """The stars a prior on the matcher's 0–1 scale stands for (:func:`stars_to_unit` read back): what a person is
    shown, never the 0–1 figure (a one-star provider read "服务质量评价 0.00")."""
    return min(5, max(1, round(1 + 4 * unit)))


def quality_prior(*, session: Session) -> Callable[[str], float | None]:
    """The matcher's ``QualityPrior``: center id → rating in [0, 1], or ``None`` when the center has no complete
    evaluation (then the matcher adds nothing). The matcher bounds the effect with its own ``prior_weight``."""

    def prior(center_id: str) -> float | None:
        rating = rating_for(session=session, center_id=center_id)
        return None if rating is None else stars_to_unit(rating[0])

    return prior


def quality_priors(*, session: Session) -> dict[str, float]:
    """Every rated center's prior at once (as :func:`quality_prior` gives them one by one), in one query.

    A match ranks dozens of centers; asking per center cost a query each on every match. This is a snapshot: a
    caller that evaluates a center afterwards asks again.
    """
    latest: dict[str, float | None] = {}
    rows = session.execute(
        select(EvaluationRun.center_id, EvaluationRun.stars, EvaluationRun.total)
        .where(EvaluationRun.complete.is_(True), EvaluationRun.party != EvaluatorParty.self_assessment.value)
        .order_by(EvaluationRun.center_id, EvaluationRun.created_at.desc(), EvaluationRun.id.desc()))
    for center_id, stars, total in rows:
        if center_id not in latest:
            latest[center_id] = stars_to_unit(stars) if stars is not None and total is not None else None
    return {c: v for c, v in latest.items() if v is not None}


def write_center_report(*, session: Session, center_id: str, out: Path, fmt: str, run_id: int | None = None,
                        grading: Mapping[str, object] | None = None) -> Path:
    """Write the report (§5.2.9) of a center's latest run, or of its run ``run_id``, to ``out`` (``grading``: the
    tier and class its rules set, ``evaluation.report.render_html``'s)."""
    run = get_run(session=session, run_id=run_id) if run_id is not None else latest_run(
        session=session, center_id=center_id)
    if run is None or run.center_id != center_id:
        raise NotFoundError(f"机构 {center_id} 没有评价记录 / no evaluation run for this center", field="center_id")
    return write_report(dict(run.result), dict(run.inputs), out=out, fmt=fmt, grading=grading)
