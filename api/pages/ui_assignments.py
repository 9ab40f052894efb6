"""Batch assignment on the web (the association): the review queue's form queues the same use case as
``POST /api/v1/assignments`` (:func:`flows.assignments.request`), and the job's page shows its advisory result, each
suggestion with the need's requirements as the suggested center covers them (as ``GET /api/v1/assignments/{id}``
and the review page show a proposal's) and linked to the review where a coordinator decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor
from api.deps import JobsConfigDep, SessionDep, SettingsDep
from api.i18n import language
from api.pages.ui_common import PageNotFound, form_post, label, page, render
from api.shared import requested_by
from core.errors import NotFoundError
from flows import assignments
from flows import intake as intake_flow
from flows import jobs as flow_jobs
from flows import needs as needs_flow
from pipeline.vocab import REVIEW_STATUS_LABELS

router = APIRouter(include_in_schema=False)

AssignPage = Annotated[Actor, Depends(page("assignment.run"))]


@router.post("/assignments")
def assignment_start(actor: AssignPage, session: SessionDep, settings: SettingsDep, queue: JobsConfigDep,
                     alternates: Annotated[str, Form(max_length=20)] = "2") -> Response:
    """The whole review queue, as it is when the job runs; how many alternates as people type it ("2", "两")."""
    return form_post(session=session, actor=actor, back="/review", missing="job_id",
                     then=lambda job_id: f"/assignments/{job_id}",
                     act=lambda: assignments.request(
                         session=session, principal=actor, need_ids=None, jobs=requested_by(actor, settings, queue),
                         alternates=int(intake_flow.read_number(text=alternates, field="alternates", low=0, high=10,
                                                                whole=True))))


@router.get("/assignments/{job_id}", response_class=HTMLResponse)
def assignment_page(request: Request, job_id: Annotated[str, Path(max_length=64)], actor: AssignPage,
                    session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    try:
        job = flow_jobs.get_job(session=session, settings=settings, job_id=job_id, org_id=None)
    except NotFoundError:
        raise PageNotFound(actor) from None
    if job.name != assignments.JOB:
        raise PageNotFound(actor)
    result = job.result if job.status == "finished" and isinstance(job.result, dict) else None
    shown = assignments.suggestions(session=session, principal=actor, result=result) if result else []
    left = [*(result.get("unassigned") or []), *(result.get("skipped") or [])] if result else []
    titles = assignments.need_titles(session=session, principal=actor, need_ids=left)
    return render(request, "ui_assignment.html", actor=actor, job=job, result=result, suggestions=shown,
                  titles=titles, review_labels={s.value: label(v, language(request))
                                                for s, v in REVIEW_STATUS_LABELS.items()},
                  withdrawn_label=needs_flow.status_labels(language(request))["withdrawn"])
