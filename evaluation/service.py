"""Keyword-only functions other packages call: score and store a center's evaluation, and look its rating up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InnodockError, NotFoundError
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.models import EvaluationRun, EvaluationScore
from evaluation.records import EngagementOutcome, period_bounds, record_indicators
from evaluation.report import write_report
from evaluation.schemas import ScoreInput
from evaluation.scoring import score
from kb import service as kb_service
from pipeline.service import engagement_outcomes


def merge_record_values(
    hierarchy: Hierarchy,
    inputs: ScoreInput,
    outcomes: Sequence[EngagementOutcome] | None,
    *,
    center_id: str,
    period: str,
) -> tuple[ScoreInput, dict[str, str], dict[str, str]]:
    """Fill record-sourced items the input leaves out from the engagement records; say where each came from.

    A value the input gives explicitly (even for a records item) is kept — a manual entry is a deliberate choice —
    and marked ``origin: input``; an item filled from records is marked ``origin: records`` with the count behind it.
    """
    values = dict(inputs.values)
    origins: dict[str, str] = {}
    notes: dict[str, str] = {}
    derived = record_indicators(list(outcomes), center_id=center_id, period=period) if outcomes is not None else None
    for _, _, item in hierarchy.items():
        if item.data_source != "records" or item.record_key is None or item.id in values:
            continue
        if derived is None:
            notes[item.id] = "未接入对接记录 / no engagement records supplied"
            continue
        indicator = derived.get(item.record_key)
        if indicator is None:
            notes[item.id] = f"记录中没有 {item.record_key} / records do not provide {item.record_key}"
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
) -> tuple[int, dict[str, Any]]:
    """Score a knowledge-base center for a period, store the run, and return ``(run_id, result)``.

    Record-sourced items come from ``outcomes`` when given, else from the pipeline's engagement records.
    """
    center = kb_service.get_center(session=session, center_id=center_id)
    period_bounds(period)
    given = inputs or ScoreInput()
    if given.center_id not in (None, center_id):
        raise InnodockError(
            f"输入文件属于机构 {given.center_id}，不是 {center_id} / input file is for another center",
            field="center_id",
        )
    h = hierarchy or load_hierarchy()
    if outcomes is None and use_pipeline:
        outcomes = pipeline_outcomes(session=session, center_id=center_id)
    merged, origins, notes = merge_record_values(h, given, outcomes, center_id=center_id, period=period)
    merged = merged.model_copy(update={"center_id": center_id, "period": period, "center_name": center.name})
    result = score(h, merged, origins=origins, notes=notes)
    run = EvaluationRun(
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
    session.flush()
    return run.id, result


def get_run(*, session: Session, run_id: int) -> EvaluationRun:
    run = session.get(EvaluationRun, run_id)
    if run is None:
        raise NotFoundError(f"没有评价记录 {run_id} / no evaluation run {run_id}", field="run_id")
    return run


def latest_run(*, session: Session, center_id: str, complete_only: bool = False) -> EvaluationRun | None:
    query = select(EvaluationRun).where(EvaluationRun.center_id == center_id)
    if complete_only:
        query = query.where(EvaluationRun.complete.is_(True))
    query = query.order_by(EvaluationRun.created_at.desc(), EvaluationRun.id.desc()).limit(1)
    return session.scalars(query).first()


def rating_for(*, session: Session, center_id: str) -> tuple[int, float] | None:
    """The center's current rating ``(stars, total score)`` from its latest complete evaluation, or ``None``."""
    run = latest_run(session=session, center_id=center_id, complete_only=True)
    if run is None or run.stars is None or run.total is None:
        return None
    return run.stars, run.total


def stars_to_unit(stars: int) -> float:
    """Stars on the matcher's 0–1 prior scale: one star 0, three stars 0.5 (neutral), five stars 1."""
    if not 1 <= stars <= 5:
        raise InnodockError(f"星级应为 1–5，得到 {stars} / stars must be 1–5", field="stars")
    return (stars - 1) / 4


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
        .where(EvaluationRun.complete.is_(True))
        .order_by(EvaluationRun.center_id, EvaluationRun.created_at.desc(), EvaluationRun.id.desc()))
    for center_id, stars, total in rows:
        if center_id not in latest:
            latest[center_id] = stars_to_unit(stars) if stars is not None and total is not None else None
    return {c: v for c, v in latest.items() if v is not None}


def write_center_report(*, session: Session, center_id: str, out: Path, fmt: str, run_id: int | None = None) -> Path:
    """Write the report (§5.2.9) of a center's latest run, or of its run ``run_id``, to ``out``."""
    run = get_run(session=session, run_id=run_id) if run_id is not None else latest_run(
        session=session, center_id=center_id)
    if run is None or run.center_id != center_id:
        raise NotFoundError(f"机构 {center_id} 没有评价记录 / no evaluation run for this center", field="center_id")
    return write_report(dict(run.result), dict(run.inputs), out=out, fmt=fmt)
