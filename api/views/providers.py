"""Providers over time (issue 14): the lifecycle from application to revocation, by API. Every route calls one flow
of :mod:`flows.providers`; who may do what is ``authz.tables`` (``provider.*`` and ``PROVIDER_TRANSITION_ROLES``)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from accounts.schemas import Actor
from api.deps import JobsConfigDep, SessionDep, SettingsDep
from api.domain_deps import (
    Limit,
    Offset,
    ProviderApplicant,
    ProviderApprover,
    ProviderDashboardReader,
    ProviderDecider,
    ProviderEditor,
    ProviderFiler,
    ProviderListReader,
    ProviderReader,
    aware,
)
from api.errors import error_responses
from api.matching import MatcherDep
from api.schemas import Page
from api.shared import XLSX, sync_after_change, xlsx_response
from api.uploads import json_or_multipart, json_or_multipart_openapi, save_uploads
from authz import policy
from core import china_time
from core.errors import InnodockError
from flows import applications, entries, improvement, obligations, proficiency, providers
from flows.announce import OUTBOX
from flows.dashboard import ProviderDashboard, provider_dashboard
from flows.knowledge import ImportResult
from pipeline.schemas import Upload
from providers.schemas import (
    AdvanceIn,
    ApplicationIn,
    ChangeDecisionIn,
    ChangeIn,
    ChangeView,
    FieldDiff,
    FilingIn,
    FilingReturnIn,
    FilingReviewIn,
    FilingView,
    FindingStepIn,
    FindingView,
    LifecycleDetail,
    LifecycleView,
    ObligationIn,
    ObligationView,
    ProficiencyIn,
    ProficiencyView,
    Profile,
    ProfileChangeIn,
    ProposalDecisionIn,
    ProposalView,
)

router = APIRouter(prefix="/api/v1/providers", tags=["providers"],
                   responses=error_responses(400, 401, 403, 404, 409, 422))

CenterIdPath = Annotated[str, PathParam(min_length=1, max_length=64)]
TodayQuery = Annotated[date | None, Query(description="按此日期计算期限 / the day deadlines are read against")]


class ProviderOut(BaseModel):
    center_id: str
    name: str
    region: str | None = None
    lifecycle: LifecycleView


class ProviderDetailOut(BaseModel):
    center_id: str
    name: str
    region: str | None = None
    lifecycle: LifecycleDetail


class AcceptanceRequestIn(BaseModel):
    version: int = Field(ge=1)
    summary: str = Field(min_length=1, max_length=5000)


class DecisionOut(BaseModel):
    proposal: ProposalView
    lifecycle: LifecycleView | None


def _write_day(today: date | None, actor: Actor) -> date:
    """The day a write is checked against: today, unless an admin backfills past records (``clock.override``); anyone
    else asking for another day is refused, so no deadline or date rule can be passed by moving the clock."""
    if today is not None:
        policy.authorize(actor, "clock.override")
    return _day(today)


def _day(today: date | None) -> date:
    return today or china_time.today()


@router.get("", response_model=Page[ProviderOut])
def list_providers(session: SessionDep, actor: ProviderListReader, today: TodayQuery = None,
                   state: Annotated[str | None, Query(max_length=40)] = None, limit: Limit = 20,
                   offset: Offset = 0) -> Page[ProviderOut]:
    """服务机构及其生命周期，分页 / providers and their lifecycles, a page of them by id (a center coordinator: its
    own; an authority's officer: those in its jurisdiction)."""
    rows, total = providers.provider_page(session=session, principal=actor, today=_day(today), state=state,
                                          limit=limit, offset=offset)
    return Page(items=aware([ProviderOut(center_id=r.center.id, name=r.center.name, region=r.center.region,
                                         lifecycle=r.lifecycle) for r in rows]), total=total, limit=limit,
                offset=offset)


@router.post("", response_model=LifecycleView, status_code=201)
def apply(body: ApplicationIn, session: SessionDep, actor: ProviderApplicant) -> LifecycleView:
    """提交申请：申请机构的 kb-v1 条目（以“筹建中”进入目录）与申请材料，按适用规则配置检查（各附条款）/ file an
    application: the applicant's kb-v1 center record (it enters the catalog as preparing) and its materials, checked
    against its profile's rules, each with its clause (with documents: ``POST /api/v1/providers/applications``)."""
    form = applications.ApplicationForm(center=body.center, materials=dict(body.materials),
                                        construction=body.construction, profile=body.profile,
                                        plaque_name=body.plaque_name, figures=dict(body.figures))
    return aware(applications.apply(session=session, principal=actor, form=form, today=china_time.today()).lifecycle)


@router.get("/profiles", response_model=list[Profile])
def list_profiles(actor: ProviderReader) -> list[Profile]:
    """适用规则配置：各省、各类机构的申请材料、筹建期、履职日历、评价指标体系与监管措施，各附条款 / the rules
    profiles: each jurisdiction's and kind's materials, building period, calendar, hierarchy and measures, each with
    its clause."""
    return providers.profiles()


@router.post("/{center_id}/profile", response_model=LifecycleView)
def change_profile(center_id: CenterIdPath, body: ProfileChangeIn, session: SessionDep, actor: ProviderDecider,
                   today: TodayQuery = None) -> LifecycleView:
    """变更机构适用的规则配置（须写明理由，记入历史）/ change the rules profile that governs a provider (the reason is
    recorded in its history)."""
    return aware(providers.change_profile(session=session, principal=actor, center_id=center_id,
                                          profile=body.profile, reason=body.reason, version=body.version,
                                          today=_write_day(today, actor), outbox=OUTBOX))


@router.get("/dashboard", response_model=ProviderDashboard)
def dashboard(session: SessionDep, actor: ProviderDashboardReader, today: TodayQuery = None) -> ProviderDashboard:
    """协会的机构管理总览：各阶段数量、逾期履职事项、整改中的机构及其整改项、评级走势 / the association's dashboard:
    providers by stage, overdue obligations, open rectifications, ratings over time."""
    return aware(provider_dashboard(session=session, principal=actor, today=_day(today)))


@router.get("/dashboard.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "the dashboard as an Excel workbook"}})
def dashboard_xlsx(session: SessionDep, actor: ProviderDashboardReader, today: TodayQuery = None) -> Response:
    """同一总览的 Excel 导出 / the same dashboard as an Excel workbook."""
    return xlsx_response(provider_dashboard(session=session, principal=actor, today=_day(today)))


@router.get("/proposals", response_model=list[ProposalView])
def list_proposals(session: SessionDep, actor: ProviderReader,
                   status: Annotated[str | None, Query(pattern="^(open|accepted|declined)$")] = "open",
                   ) -> list[ProposalView]:
    """提议给协会的生命周期步骤 / lifecycle transitions proposed to the association."""
    return aware(providers.proposals(session=session, principal=actor, status=status))


@router.post("/proposals/{proposal_id}/decision", response_model=DecisionOut)
def decide_proposal(proposal_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], body: ProposalDecisionIn,
                    session: SessionDep, actor: ProviderDecider, today: TodayQuery = None) -> DecisionOut:
    decided, moved = providers.decide_proposal(session=session, principal=actor, proposal_id=proposal_id,
                                               accept=body.accept, today=_write_day(today, actor), version=body.version,
                                               payload=body.payload, note=body.note, outbox=OUTBOX)
    return aware(DecisionOut(proposal=decided, lifecycle=moved))


# ---- centers' own entries (changes wait for the association's approval) ----

class ChangeOut(BaseModel):
    change: ChangeView | None = Field(description="the pending change; null when it applied at once (an association)")
    applied: bool
    warnings: list[str] = Field(default_factory=list)
    index: str | None = None


class ChangeDetailOut(BaseModel):
    change: ChangeView
    diff: list[FieldDiff]


def _refuse(result: ImportResult, folder: str | None = None) -> None:
    lines = [str(i).replace(folder + "/", "") if folder else str(i) for i in result.issues]
    more = f"\n…（共 {len(lines)} 条 / {len(lines)} in all）" if len(lines) > 50 else ""
    raise InnodockError("变更未通过校验，未保存任何内容 / the change was refused, nothing was stored:\n"
                        + "\n".join(lines[:50]) + more, field="records", code="import_failed")


@router.post("/{center_id}/changes", response_model=ChangeOut, status_code=201)
def propose_change(center_id: CenterIdPath, body: ChangeIn, session: SessionDep, settings: SettingsDep,
                   setup: MatcherDep, queue: JobsConfigDep, actor: ProviderEditor,
                   today: TodayQuery = None) -> ChangeOut:
    """修改本机构条目（简介、能力、专家）：机构的修改待协会审核，协会的修改即时生效 / change the center's own entry:
    a center's change waits for the association's approval, an association's applies at once."""
    view, result = entries.submit(session=session, principal=actor, center_id=center_id,
                                  records=entries.records_from(body.records), note=body.note,
                                  effective_on=body.effective_on, today=_write_day(today, actor))
    if not result.ok:  # kb's lines as before, and each record's each field in "fields"
        raise entries.refusal(result)
    index = sync_after_change(session, settings, setup, queue, actor) if view is None else None
    return aware(ChangeOut(change=view, applied=view is None, warnings=[str(w) for w in result.warnings],
                           index=index))


@router.post("/{center_id}/uploads", response_model=ChangeOut, status_code=201)
def upload_entry(center_id: CenterIdPath, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
                 queue: JobsConfigDep, actor: ProviderEditor,
                 files: Annotated[list[UploadFile], File(description=".jsonl / .csv / .xlsx (kb-v1)")],
                 note: Annotated[str | None, Form(max_length=2000)] = None,
                 effective_on: Annotated[date | None, Form()] = None, today: TodayQuery = None) -> ChangeOut:
    """上传本机构的 kb-v1 文件（只能是本机构的条目），与表单修改同一流程 / upload kb-v1 for the center's own entry:
    the same flow as a form's change."""
    with tempfile.TemporaryDirectory(prefix="innodock-entry-") as tmp:
        paths = save_uploads(files, Path(tmp))
        view, result = entries.submit_files(session=session, principal=actor, center_id=center_id, paths=paths,
                                            note=note, effective_on=effective_on, today=_write_day(today, actor))
        if not result.ok:
            _refuse(result, tmp)
    index = sync_after_change(session, settings, setup, queue, actor) if view is None else None
    return aware(ChangeOut(change=view, applied=view is None, warnings=[str(w) for w in result.warnings],
                           index=index))


@router.get("/changes", response_model=list[ChangeView])
def list_changes(session: SessionDep, actor: ProviderReader,
                 status: Annotated[str | None, Query(pattern="^(pending|approved|rejected)$")] = "pending",
                 ) -> list[ChangeView]:
    """变更记录（机构只见本机构的）/ the change log (a center sees its own)."""
    return aware(entries.changes_for(session=session, principal=actor, status=status))


@router.get("/changes/{change_id}", response_model=ChangeDetailOut)
def get_change(change_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], session: SessionDep,
               actor: ProviderReader) -> ChangeDetailOut:
    found, fields = entries.change(session=session, principal=actor, change_id=change_id)
    return aware(ChangeDetailOut(change=found, diff=fields))


@router.post("/changes/{change_id}/decision", response_model=ChangeOut)
def decide_change(change_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], body: ChangeDecisionIn,
                  session: SessionDep, settings: SettingsDep, setup: MatcherDep, queue: JobsConfigDep,
                  actor: ProviderApprover) -> ChangeOut:
    """审核机构的变更：批准即写入知识库并增量更新索引 / approve (applied to the kb, the index synced incrementally) or
    reject a center's change."""
    decided, result = entries.decide(session=session, principal=actor, change_id=change_id, approve=body.approve,
                                     note=body.note, outbox=OUTBOX)
    index = sync_after_change(session, settings, setup, queue, actor) if result is not None else None
    return aware(ChangeOut(change=decided, applied=result is not None,
                           warnings=[str(w) for w in result.warnings] if result else [], index=index))


class FindingStepOut(BaseModel):
    finding: FindingView
    proposal: ProposalView | None = None  # what the re-check proposed to the association, if anything


@router.get("/{center_id}/findings", response_model=list[FindingView])
def list_findings(center_id: CenterIdPath, session: SessionDep, actor: ProviderReader,
                  open_only: Annotated[bool, Query(alias="open", description="只看未关闭的 / open ones only")] = False,
                  ) -> list[FindingView]:
    """评价发现的整改项及其整改措施、复核记录（种子 000 §8.2–8.3）/ an evaluation's findings, their corrective actions
    and re-checks."""
    return aware(improvement.findings(session=session, principal=actor, center_id=center_id, open_only=open_only))


@router.post("/findings/{finding_id}/steps", response_model=FindingStepOut,
             openapi_extra=json_or_multipart_openapi(FindingStepIn))
def finding_step(finding_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], request: Request,
                 session: SessionDep, actor: ProviderFiler,  # the caller first: a refused one is not told of the body
                 sent: Annotated[tuple[FindingStepIn, list[Upload]], Depends(json_or_multipart(FindingStepIn))],
                 today: TodayQuery = None) -> FindingStepOut:
    """整改项的一步：plan_action（措施、责任人、期限）、report_done（整改情况）、pass_recheck / fail_recheck（复核意见；
    未通过时给出新期限）。复核由协会进行，机构不能复核自己。JSON，或 multipart（各字段为表单字段，整改完成报告可附
    ``files``，与页面相同的内容核查，文件被拒则此步不生效）/ one step of a finding; the re-check is never the
    provider's own. JSON, or multipart (the fields as form fields; the report that the action is done may carry
    ``files``, checked by content as the page's are: a refused file refuses the step, nothing written)."""
    body, files = sent
    limit = int(request.app.state.api_config.upload_max_file_bytes)
    done, proposal = improvement.step(session=session, principal=actor, finding_id=finding_id, step=body.step,
                                      version=body.version, today=_write_day(today, actor), note=body.note,
                                      action=body.action, owner=body.owner, due_on=body.due_on, outbox=OUTBOX,
                                      files=files, max_file_bytes=limit)
    return aware(FindingStepOut(finding=done, proposal=proposal))


@router.post("/{center_id}/obligations", response_model=ObligationView, status_code=201)
def create_obligation(center_id: CenterIdPath, body: ObligationIn, session: SessionDep, actor: ProviderDecider,
                      today: TodayQuery = None) -> ObligationView:
    """协会设定一项履职事项（截止日期不得早于今天）/ the association sets an obligation (due date not in the past)."""
    return aware(obligations.create(session=session, principal=actor, center_id=center_id, kind=body.kind,
                                    period=body.period, due_on=body.due_on, title=body.title, clause=body.clause,
                                    today=_write_day(today, actor), outbox=OUTBOX))


@router.post("/obligations/{obligation_id}/filings", response_model=FilingView, status_code=201)
def file_obligation(obligation_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], body: FilingIn,
                    session: SessionDep, actor: ProviderFiler, today: TodayQuery = None) -> FilingView:
    """报送年度计划、总结等（存为记录，供评价使用）/ file a plan, report or record against an obligation."""
    return aware(obligations.file(session=session, principal=actor, obligation_id=obligation_id,
                                  content=body.model_dump(exclude_none=True), today=_write_day(today, actor),
                                  outbox=OUTBOX))


@router.post("/filings/{filing_id}/review", response_model=FilingView)
def review_filing(filing_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], body: FilingReviewIn,
                  session: SessionDep, actor: ProviderApprover) -> FilingView:
    """协会审核报送材料并评分（0–100）/ the association reviews a filing and scores it."""
    return aware(obligations.review(session=session, principal=actor, filing_id=filing_id, score=body.score,
                                    note=body.note, outbox=OUTBOX))


@router.post("/filings/{filing_id}/return", response_model=FilingView)
def return_filing(filing_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], body: FilingReturnIn,
                  session: SessionDep, actor: ProviderApprover) -> FilingView:
    """协会退回报送材料，要求补充（须写明理由；事项重新开放，机构修改后再报送）/ the association returns a filing for
    revision with its reason; the obligation opens again and the provider files anew."""
    return aware(obligations.return_filing(session=session, principal=actor, filing_id=filing_id,
                                           reason=body.reason, outbox=OUTBOX))


@router.get("/{center_id}/filings", response_model=list[FilingView])
def list_filings(center_id: CenterIdPath, session: SessionDep, actor: ProviderReader) -> list[FilingView]:
    return aware(obligations.filings(session=session, principal=actor, center_id=center_id))


@router.get("/{center_id}/obligations", response_model=list[ObligationView])
def list_obligations(center_id: CenterIdPath, session: SessionDep, actor: ProviderReader,
                     today: TodayQuery = None) -> list[ObligationView]:
    """履职事项：年度计划与总结、年度监督、评估周期、变更报送 / obligations with due dates and overdue flags."""
    return aware(entries.obligations(session=session, principal=actor, today=_day(today), center_id=center_id))


@router.get("/{center_id}/proficiency", response_model=list[ProficiencyView])
def list_proficiency(center_id: CenterIdPath, session: SessionDep, actor: ProviderReader) -> list[ProficiencyView]:
    """能力验证、实验室间比对、测量审核及其结果，新的在前 / proficiency tests and comparisons, newest first."""
    return aware(proficiency.results(session=session, principal=actor, center_id=center_id))


@router.post("/{center_id}/proficiency", response_model=ProficiencyView, status_code=201)
def record_proficiency(center_id: CenterIdPath, body: ProficiencyIn, session: SessionDep, actor: ProviderFiler,
                       today: TodayQuery = None) -> ProficiencyView:
    """记录一次能力验证或比对的结果（协会或本机构协调员）/ record a proficiency test or comparison and its result
    (the association or the provider's own coordinator); its satisfactory share feeds the rating (issue 29)."""
    return aware(proficiency.record(session=session, principal=actor, center_id=center_id,
                                    data=body.model_dump(), today=_write_day(today, actor)))


@router.get("/{center_id}", response_model=ProviderDetailOut)
def get_provider(center_id: CenterIdPath, session: SessionDep, actor: ProviderReader,
                 today: TodayQuery = None) -> ProviderDetailOut:
    center, detail = providers.provider(session=session, principal=actor, center_id=center_id, today=_day(today))
    return aware(ProviderDetailOut(center_id=center.id, name=center.name, region=center.region, lifecycle=detail))


@router.post("/{center_id}/transitions", response_model=LifecycleView)
def advance(center_id: CenterIdPath, body: AdvanceIn, session: SessionDep, actor: ProviderDecider,
            today: TodayQuery = None) -> LifecycleView:
    """生命周期决定：受理、批筹、验收、整改、暂停、撤销、退出（依据、日期、决定文件）/ a lifecycle decision, with its
    grounds, date and decision document."""
    return aware(providers.advance(session=session, principal=actor, center_id=center_id,
                                   transition=body.transition, version=body.version, payload=body.payload,
                                   today=_write_day(today, actor), outbox=OUTBOX))


@router.post("/{center_id}/acceptance-request", response_model=LifecycleView)
def request_acceptance(center_id: CenterIdPath, body: AcceptanceRequestIn, session: SessionDep,
                       actor: ProviderEditor, today: TodayQuery = None) -> LifecycleView:
    """筹建完成，申请验收（机构本身可提出）/ building is done: ask for acceptance (the provider itself may)."""
    return aware(providers.advance(session=session, principal=actor, center_id=center_id,
                                   transition="request_acceptance", version=body.version,
                                   payload={"summary": body.summary}, today=_write_day(today, actor),
                                   outbox=OUTBOX))
