"""Service-quality evaluations (seed 001) as their readers ask for them: score a center for a period (record items
from its engagements), read its latest run, render the report (§5.2.9) with its radar chart.

A center's coordinators see their own center's evaluations only; the association sees every center's.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.errors import NotFoundError
from evaluation import service as evaluation
from evaluation.report import radar_png, render_html, write_pdf
from evaluation.schemas import RunView, ScoreInput
from kb import service as kb
from kb.schemas import CenterRecord


def _view(run: object) -> RunView:
    return RunView.model_validate(run)


def evaluate(*, session: Session, principal: Principal, center_id: str, period: str,
             inputs: ScoreInput | None) -> RunView:
    """Score a center for a period and store the run; record-sourced items come from its engagements."""
    policy.check_own_center(principal, center_id)
    run_id, _ = evaluation.evaluate_center(session=session, center_id=center_id, period=period, inputs=inputs)
    return _view(evaluation.get_run(session=session, run_id=run_id))


def latest(*, session: Session, principal: Principal, center_id: str) -> RunView:
    policy.check_own_center(principal, center_id)
    run = evaluation.latest_run(session=session, center_id=center_id)
    if run is None:
        raise NotFoundError("该机构尚无评价 / no evaluation of this center yet", field="center_id")
    return _view(run)


def run(*, session: Session, principal: Principal, run_id: int) -> RunView:
    """One run, for those who may read its center's evaluations (another center's: 404)."""
    found = _view(evaluation.get_run(session=session, run_id=run_id))
    policy.check_own_center(principal, found.center_id)
    return found


def report_html(*, session: Session, principal: Principal, run_id: int) -> str:
    found = run(session=session, principal=principal, run_id=run_id)
    return render_html(found.result, found.inputs)


def report_pdf(*, session: Session, principal: Principal, run_id: int) -> bytes:
    """The report as a PDF (WeasyPrint takes seconds: a report job does it off the request for large runs)."""
    html = report_html(session=session, principal=principal, run_id=run_id)
    with tempfile.TemporaryDirectory(prefix="innodock-report-") as tmp:
        out = Path(tmp) / "report.pdf"
        write_pdf(html, out)
        return out.read_bytes()


def write_center_report(*, session: Session, center_id: str, out: Path, fmt: str, run_id: int | None = None) -> Path:
    """Write a center's report (its latest run, or ``run_id`` of it) to ``out``: the report job's and the
    command's work, for whoever the entry point already let ask."""
    return evaluation.write_center_report(session=session, center_id=center_id, out=out, fmt=fmt, run_id=run_id)


@dataclass(frozen=True)
class CenterEvaluation:
    """A center with its latest run and the radar chart of its four first-level scores (none yet: ``run`` None)."""

    center: CenterRecord
    run: RunView | None
    radar_png: bytes | None


def center_evaluation(*, session: Session, principal: Principal, center_id: str) -> CenterEvaluation:
    policy.check_own_center(principal, center_id)
    center = kb.get_center(session=session, center_id=center_id)
    found = evaluation.latest_run(session=session, center_id=center_id)
    if found is None:
        return CenterEvaluation(center=center, run=None, radar_png=None)
    view = _view(found)
    dimensions = (view.result or {}).get("dimensions", [])
    return CenterEvaluation(center=center, run=view, radar_png=radar_png(dimensions)[0] if dimensions else None)
