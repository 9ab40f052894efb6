"""Service-quality evaluations (seed 001): run one for a center and period, read the latest, get the report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.domain_deps import Evaluator, aware
from api.errors import error_responses
from api.work_schemas import EvaluationIn, EvaluationRunOut
from evaluation.schemas import RunView
from flows import evaluations

router = APIRouter(prefix="/api/v1", tags=["evaluation"],
                   responses=error_responses(400, 401, 403, 404, 413, 422))


def _out(run: RunView) -> EvaluationRunOut:
    return aware(EvaluationRunOut(run_id=run.id, center_id=run.center_id, period=run.period, complete=run.complete,
                            total=run.total, stars=run.stars, tier=run.tier, created_at=run.created_at,
                            result=run.result))


@router.post("/evaluations", response_model=EvaluationRunOut, status_code=201)
def run_evaluation(body: EvaluationIn, session: SessionDep, actor: Evaluator) -> EvaluationRunOut:
    """评价一个机构的一个评价期；记录类指标取自对接记录 / score a center for a period; record-sourced items come
    from its engagements."""
    return _out(evaluations.evaluate(session=session, principal=actor, center_id=body.center_id, period=body.period,
                                     inputs=body.inputs))


@router.get("/centers/{center_id}/evaluations/latest", response_model=EvaluationRunOut)
def latest_evaluation(center_id: str, session: SessionDep, actor: Evaluator) -> EvaluationRunOut:
    return _out(evaluations.latest(session=session, principal=actor, center_id=center_id))


@router.get("/evaluations/{run_id}/report", response_class=Response,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}},
                             "description": "评价报告 / the report"}})
def evaluation_report(run_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], session: SessionDep,
                      actor: Evaluator,
                      format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html") -> Response:
    """评价报告（§5.2.9），含雷达图 / the report, with the radar chart."""
    if format == "html":
        return HTMLResponse(evaluations.report_html(session=session, principal=actor, run_id=run_id))
    data = evaluations.report_pdf(session=session, principal=actor, run_id=run_id)
    return Response(content=data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="evaluation-{run_id}.pdf"'})
