"""Service-quality evaluations (seed 001): run one for a center and period, read the latest, get the report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.domain_deps import EngagementActor, Evaluator, aware
from api.errors import error_responses
from api.work_schemas import EvaluationIn, EvaluationRunOut, EvaluatorOut, ObservationIn, QuestionOut
from evaluation.schemas import EvaluatorParty, ObservationView, RunView
from flows import evaluations
from flows.announce import OUTBOX

router = APIRouter(prefix="/api/v1", tags=["evaluation"],
                   responses=error_responses(400, 401, 403, 404, 413, 422))


def _out(run: RunView) -> EvaluationRunOut:
    return aware(EvaluationRunOut(run_id=run.id, center_id=run.center_id, period=run.period, complete=run.complete,
                            total=run.total, stars=run.stars, tier=run.tier, created_at=run.created_at,
                            party=EvaluatorParty(run.party), counts_as_rating=run.counts_as_rating,
                            evaluator=EvaluatorOut(role=run.evaluator_role, org=run.evaluator_org,
                                                   name=run.evaluator_name),
                            result=run.result))


@router.post("/evaluations", response_model=EvaluationRunOut, status_code=201)
def run_evaluation(body: EvaluationIn, session: SessionDep, actor: Evaluator) -> EvaluationRunOut:
    """评价一个机构的一个评价期；记录类指标取自对接记录；评价者记录在案，机构本身的评价为自评，不构成评级 / score a
    center for a period; record-sourced items come from its engagements; the evaluator is recorded, and a center's own
    run is a self-assessment that never becomes its rating."""
    return _out(evaluations.evaluate(session=session, principal=actor, center_id=body.center_id, period=body.period,
                                     inputs=body.inputs, party=body.party, outbox=OUTBOX))


@router.get("/centers/{center_id}/evaluations/latest", response_model=EvaluationRunOut)
def latest_evaluation(center_id: str, session: SessionDep, actor: Evaluator,
                      rating: Annotated[bool, Query(description="只取构成评级的评价（第二方、第三方）/ only the run "
                                                                 "that rates the center")] = False
                      ) -> EvaluationRunOut:
    return _out(evaluations.latest(session=session, principal=actor, center_id=center_id, rating_only=rating))


@router.get("/evaluations/{run_id}/report", response_class=Response,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}},
                             "description": "评价报告 / the report"}})
def evaluation_report(run_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], session: SessionDep,
                      actor: Evaluator,
                      format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
                      lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh") -> Response:
    """评价报告（§5.2.9），含雷达图，中文或英文 / the report, with the radar chart, in Chinese or English."""
    if format == "html":
        return HTMLResponse(evaluations.report_html(session=session, principal=actor, run_id=run_id, lang=lang))
    data = evaluations.report_pdf(session=session, principal=actor, run_id=run_id, lang=lang)
    return Response(content=data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="evaluation-{run_id}.pdf"'})


@router.get("/questionnaire", response_model=list[QuestionOut])
def questionnaire(actor: EngagementActor) -> list[QuestionOut]:
    """客户五级问卷的题目（团标 §5.2.7），验收通过后由委托企业填写一次 / the client's five-grade questionnaire,
    answered once after acceptance with ``POST /engagements/{id}/feedback`` ``{answers}``."""
    return [QuestionOut(item_id=q.item_id, zh=q.zh, en=q.en, item_zh=q.item_zh, item_en=q.item_en)
            for q in evaluations.questionnaire_items()]


@router.post("/evaluations/observations", response_model=ObservationView, status_code=201)
def file_observation(body: ObservationIn, session: SessionDep, actor: Evaluator) -> ObservationView:
    """访谈或神秘顾客记录（团标 §5.2.7），由评价方填写，被评价机构不能为自己填写 / an interview or a mystery-shopper
    visit, filed by an evaluator; the evaluated provider cannot file one about itself."""
    return evaluations.file_observation(session=session, principal=actor, center_id=body.center_id, kind=body.kind,
                                        period=body.period, observed_on=body.observed_on, scores=body.scores,
                                        summary=body.summary)


@router.get("/centers/{center_id}/observations", response_model=list[ObservationView])
def list_observations(center_id: str, session: SessionDep, actor: Evaluator) -> list[ObservationView]:
    return evaluations.observations(session=session, principal=actor, center_id=center_id)
