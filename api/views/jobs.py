"""Background jobs over HTTP: queue an index rebuild, a batch assignment or a report, and follow any job.

Every ``POST`` answers 202 with the job as recorded (``queued``, or already further on when a worker was quick);
``GET /api/v1/jobs/{id}`` reads the row every worker writes, so it answers the same from every API worker whether
the job ran on an RQ worker or in a thread of another API worker.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from accounts.schemas import Actor, Id
from api.deps import JobsConfigDep, SessionDep, SettingsDep
from api.domain_deps import Assigner, Evaluator, JobReader, KbManager
from api.errors import error_responses
from api.shared import requested_by
from authz.tenancy import owning_org
from core.db import session_scope
from core.errors import NotFoundError
from core.settings import Settings
from flows import assignments, evaluations, jobs
from outbox.schemas import JobOut, JobStatus
from pipeline.schemas import ProposalRequirement

router = APIRouter(prefix="/api/v1", tags=["jobs"], responses=error_responses(400, 401, 403, 404, 413, 422))

JobId = Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
MEDIA = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf"}


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndexRebuildIn(StrictIn):
    force: bool = Field(default=False, description="重建整个索引（否则只同步变化）/ rebuild everything instead of "
                        "syncing what changed")


class AssignmentsIn(StrictIn):
    need_ids: Annotated[list[Id], Field(min_length=1, max_length=500)] | None = Field(
        default=None, description="待审核需求的编号；不填则为整个审核队列 / needs waiting for review; without it, "
        "the whole review queue (as it is when the job runs)")
    alternates: Annotated[int, Field(ge=0, le=10)] = 2


class ReportJobIn(StrictIn):
    fmt: Literal["html", "pdf"] = "html"


def _reader_org(actor: Actor) -> str | None:
    """Whose jobs the caller may read: their own organisation's; the platform operator every one (a job's result
    lists the needs and providers of the tenants it ran for, so another association's staff never read it)."""
    return owning_org(actor)


def queued(settings: Settings, job_id: str) -> JobOut:
    # A session of its own: the request's may hold a snapshot older than the job's row (SQLite, WAL).
    with session_scope(settings) as session:
        return jobs.get_job(session=session, settings=settings, job_id=job_id, org_id=None)


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: JobId, session: SessionDep, settings: SettingsDep, actor: JobReader) -> JobOut:
    """一个后台任务的状态、结果或错误（本组织的；平台管理员：全部）/ a background job's status, result or error
    (your organisation's; the platform operator's admins: any)."""
    return jobs.get_job(session=session, settings=settings, job_id=job_id, org_id=_reader_org(actor))


@router.get("/jobs/{job_id}/file", response_class=FileResponse,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}},
                             "description": "任务生成的文件 / the file the job wrote"}})
def get_job_file(job_id: JobId, session: SessionDep, settings: SettingsDep, actor: JobReader) -> FileResponse:
    """下载任务生成的文件（如评价报告）；只提供数据目录内的文件 / download the file a finished job wrote (a
    report); only files inside the data folder are served."""
    path = jobs.job_file(session=session, settings=settings, job_id=job_id, org_id=_reader_org(actor))
    return FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"), filename=path.name)


@router.post("/index/rebuild", response_model=JobOut, status_code=202)
def rebuild_index(settings: SettingsDep, queue: JobsConfigDep, actor: KbManager,
                  body: IndexRebuildIn | None = None) -> JobOut:
    """后台同步（force：重建）匹配索引；各 API 进程在下一次请求时换用新索引 / sync (force: rebuild) the matcher's
    index in the background; every API worker switches to it at its next request."""
    body = body or IndexRebuildIn()
    return queued(settings, requested_by(actor, settings, queue).submit("index_rebuild", force=body.force))


@router.post("/assignments", response_model=JobOut, status_code=202)
def batch_assign(session: SessionDep, settings: SettingsDep, queue: JobsConfigDep, actor: Assigner,
                 body: AssignmentsIn | None = None) -> JobOut:
    """批量分配待审核需求：在机构余量内使总匹配度最大；结果（建议）在任务中读取 / assign the needs waiting for
    review at once, maximising the total match within the centers' free capacity; read the (advisory) result from
    the job, or, with each suggestion's coverage of the need's requirements, from ``GET /api/v1/assignments/{id}``."""
    body = body or AssignmentsIn()
    job_id = assignments.request(session=session, principal=actor, need_ids=body.need_ids,
                                 alternates=body.alternates, jobs=requested_by(actor, settings, queue))
    return queued(settings, job_id)


class SuggestionOut(BaseModel):
    """One need of a batch: the center suggested, with the need's requirements as that center covers them — the same
    coverage, fit and band as the need's own match gives for that center (its proposals)."""

    need_id: str
    review_id: str | None = Field(description="待决定的审核 / the review where a coordinator decides")
    center_id: str
    center_name: str
    score: float
    fit: int = Field(description="匹配度 0–100，由得分与要求覆盖共同得出 / the 0–100 fit, from the score and the "
                                 "requirements covered (matcher.explain.fit_of)")
    band: str | None = Field(default=None, description="匹配度分档 / the fit's band: high | medium | low")
    coverage: list[ProposalRequirement] = Field(
        default_factory=list, description="需求的各项要求及该机构是否覆盖、依据或缺少什么 / the need's requirements, "
                                          "each covered or not by this center, with the evidence or what is missing")
    alternates: list[str] = Field(default_factory=list, description="备选机构 / the next best centers")


class AssignmentsOut(BaseModel):
    """A batch assignment's suggestions, once its job has finished (before: ``status`` only)."""

    job_id: str
    status: JobStatus
    assigned: list[SuggestionOut] = Field(default_factory=list)
    unassigned: list[str] = Field(default_factory=list, description="未能分派（机构余量不足）/ not assigned")
    skipped: list[str] = Field(default_factory=list, description="已不在审核队列中 / no longer waiting for review")


@router.get("/assignments/{job_id}", response_model=AssignmentsOut)
def batch_suggestions(job_id: JobId, session: SessionDep, settings: SettingsDep, actor: Assigner) -> AssignmentsOut:
    """批量分派的建议：每项附该机构对需求各项要求的覆盖情况（依据或缺少什么）/ a batch assignment's suggestions,
    each with the suggested center's coverage of the need's requirements (the evidence, or what is missing)."""
    job = jobs.get_job(session=session, settings=settings, job_id=job_id, org_id=_reader_org(actor))
    if job.name != assignments.JOB:
        raise NotFoundError(f"没有这个批量分派任务：{job_id} / no such batch assignment: {job_id}", field="job_id")
    result = job.result if job.status == "finished" and isinstance(job.result, dict) else None
    if result is None:
        return AssignmentsOut(job_id=job.id, status=job.status)
    shown = assignments.suggestions(session=session, principal=actor, result=result)
    return AssignmentsOut(
        job_id=job.id, status=job.status,
        assigned=[SuggestionOut(need_id=s.need_id, review_id=s.review_id, center_id=s.center_id,
                                center_name=s.center_name, score=s.score, fit=s.fit, band=s.band,
                                coverage=[ProposalRequirement.model_validate(c) for c in s.coverage],
                                alternates=[cid for cid, _name in s.alternates]) for s in shown],
        unassigned=list(result.get("unassigned") or []), skipped=list(result.get("skipped") or []))


@router.post("/evaluations/{run_id}/report-jobs", response_model=JobOut, status_code=202)
def report_job(run_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], session: SessionDep,
               settings: SettingsDep, queue: JobsConfigDep, actor: Evaluator,
               body: ReportJobIn | None = None) -> JobOut:
    """后台生成评价报告（PDF 需数秒）；完成后从任务的 download 地址下载 / render the evaluation report in the
    background (a PDF takes seconds); once finished, fetch it from the job's ``download`` path."""
    body = body or ReportJobIn()
    run = evaluations.run(session=session, principal=actor, run_id=run_id)
    job_id = jobs.new_job_id()
    out = settings.home / "reports" / f"evaluation-{run_id}-{job_id}.{body.fmt}"
    return queued(settings, requested_by(actor, settings, queue).submit(
        "evaluation_report", job_id=job_id, center_id=run.center_id, out=str(out), fmt=body.fmt, run_id=run_id))
