"""Service-quality evaluations (seed 001): run one for a center and period, read the latest, get the report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.deps import SessionDep
from api.domain_deps import EngagementActor, EvaluationReader, Evaluator, aware
from api.errors import error_responses
from api.work_schemas import EvaluationIn, EvaluationRunOut, EvaluatorOut, ObservationIn, QuestionOut
from evaluation.schemas import EvaluatorParty, ObservationView, ReportInfo, RunView
from flows import evaluations, rating_runs
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
                                     inputs=body.inputs, party=body.party, outbox=OUTBOX,
                                     evaluator_org_id=body.evaluator_org_id, evaluator_name=body.evaluator_name))


@router.get("/centers/{center_id}/evaluations/latest", response_model=EvaluationRunOut)
def latest_evaluation(center_id: str, session: SessionDep, actor: EvaluationReader,
                      rating: Annotated[bool, Query(description="只取构成评级的评价（第二方、第三方）/ only the run "
                                                                 "that rates the center")] = False
                      ) -> EvaluationRunOut:
    return _out(evaluations.latest(session=session, principal=actor, center_id=center_id, rating_only=rating))


@router.get("/evaluations/{run_id}/report", response_class=Response,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}},
                             "description": "评价报告 / the report"}})
def evaluation_report(run_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], session: SessionDep,
                      actor: EvaluationReader,
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


# ---- the rating run as a form (issue 29, item 1; ``flows.rating_runs``): the same use cases as the pages ----

Period = Annotated[str, StringConstraints(pattern=r"^\d{4}(\.\.\d{4})?$")]
Values = dict[Annotated[str, StringConstraints(max_length=64)], float | list[float] | str | None]


class FormItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    item: str
    name_zh: str
    name_en: str
    unit: str
    kind: str = Field(description="record 记录 / form 评价表 / self 机构自评")
    range_text: str
    low: float
    high: float | None
    whole: bool
    votes: bool
    record_value: Any = None
    record_note: str | None = None
    self_value: Any = None
    value: Any = None
    asked: bool


class FormIndicatorOut(BaseModel):
    id: str
    symbol: str
    name_zh: str
    name_en: str
    items: list[FormItemOut]
    missing: list[str]


class RatingFormOut(BaseModel):
    center_id: str
    period: str
    self_run_id: int | None
    indicators: list[FormIndicatorOut]
    missing: list[FormIndicatorOut]


def _form_out(form: rating_runs.RatingForm) -> RatingFormOut:
    def one(ind: rating_runs.FormIndicator) -> FormIndicatorOut:
        return FormIndicatorOut(id=ind.id, symbol=ind.symbol, name_zh=ind.name_zh, name_en=ind.name_en,
                                items=[FormItemOut.model_validate(i) for i in ind.items],
                                missing=[i.item for i in ind.missing])
    return RatingFormOut(center_id=form.center.id, period=form.period, self_run_id=form.self_run_id,
                         indicators=[one(i) for i in form.indicators], missing=[one(i) for i in form.missing])


class RatingFormIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    center_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    period: Period
    party: EvaluatorParty | None = Field(None, description="second 第二方 / third 第三方")
    values: Values = Field(default_factory=dict, description="指标项 → 数值（五级问卷项为 5 个票数）/ item → value "
                                                             "(five vote counts for a five-grade item)")
    report: ReportInfo | None = Field(None, description="报告内容（评价目标、方法、人员、专家、意见、日期、结论、建议；"
                                                        "日期缺省为当天，不得晚于今天）/ the report's contents "
                                                        "(seed 001 §5.2.9; the date defaults to the day of the run "
                                                        "and may not be after it)")


class SelfAssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    center_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    period: Period
    values: Values = Field(default_factory=dict)


@router.get("/centers/{center_id}/evaluations/form", response_model=RatingFormOut)
def rating_form(center_id: str, period: Annotated[str, Query(pattern=r"^\d{4}(\.\.\d{4})?$")],
                session: SessionDep, actor: Evaluator) -> RatingFormOut:
    """评价方的评分表：每个指标项的来源、单位、范围、记录值、机构自评值，以及尚缺的指标 / the evaluator's rating form:
    each item's source, unit, range, recorded value and the provider's own value, and what is missing by indicator."""
    return _form_out(rating_runs.rating_form(session=session, principal=actor, center_id=center_id, period=period))


@router.post("/evaluations/form", response_model=EvaluationRunOut, status_code=201)
def complete_rating_run(body: RatingFormIn, session: SessionDep, actor: Evaluator) -> EvaluationRunOut:
    """填写齐全的评分表，按与上传 JSON 相同的方法计算评级 / the completed rating form, scored exactly as an uploaded
    JSON file; a value out of range or a missing item is a 400 naming ``values.<item>``."""
    return _out(rating_runs.complete_rating_run(session=session, principal=actor, center_id=body.center_id,
                                                period=body.period, values=body.values, party=body.party,
                                                outbox=OUTBOX, report=body.report))


class RatingDraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    center_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    period: Period
    values: Values = Field(default_factory=dict, description="已填的指标项 → 数值 / the items typed so far → value")


class RatingDraftOut(BaseModel):
    center_id: str
    period: str
    saved: int = Field(description="草稿保存的数值个数 / values the draft keeps")
    missing: int = Field(description="尚缺的指标项数 / items still missing")


@router.post("/evaluations/form/draft", response_model=RatingDraftOut)
def save_rating_draft(body: RatingDraftIn, session: SessionDep, actor: Evaluator) -> RatingDraftOut:
    """保存未填完的评分表（草稿，不计算评级），再次打开评分表时显示；说明尚缺几项 / save the rating form part-way (a
    draft, not rated), shown when the form is opened again; says how many items are still missing. A value out of
    its range is a 400 naming ``values.<item>``, nothing stored."""
    saved = rating_runs.save_rating_draft(session=session, principal=actor, center_id=body.center_id,
                                          period=body.period, values=body.values)
    return RatingDraftOut(center_id=saved.center_id, period=saved.period, saved=saved.saved, missing=saved.missing)


@router.get("/centers/{center_id}/self-assessment/form", response_model=RatingFormOut)
def self_assessment_form(center_id: str, period: Annotated[str, Query(pattern=r"^\d{4}(\.\.\d{4})?$")],
                         session: SessionDep, actor: Evaluator) -> RatingFormOut:
    """机构自评表（只有机构本身）/ the provider's self-assessment form (the provider only)."""
    return _form_out(rating_runs.self_assessment_form(session=session, principal=actor, center_id=center_id,
                                                      period=period))


@router.post("/evaluations/self", response_model=EvaluationRunOut, status_code=201)
def file_self_assessment(body: SelfAssessmentIn, session: SessionDep, actor: Evaluator) -> EvaluationRunOut:
    """机构提交自评（自评项），不构成评级 / the provider files its self-assessment of its own items; never its
    rating."""
    return _out(rating_runs.file_self_assessment(session=session, principal=actor, center_id=body.center_id,
                                                 period=body.period, values=body.values, outbox=OUTBOX))
