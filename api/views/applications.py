"""Applying with documents, by API (issue 29, item 6): the multipart twin of ``POST /api/v1/providers`` and the
application as filed. Every route calls :mod:`flows.applications`; who may do what is ``authz.tables``
(``provider.apply``, ``provider.read``)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from api.deps import SessionDep
from api.domain_deps import ProviderApplicant, ProviderRecordReader, aware
from api.errors import error_responses
from api.uploads import file_response, read_uploads
from core import china_time
from core.errors import InnodockError, NotFoundError
from flows import applications
from flows.applications import ApplicationView
from pipeline.schemas import FileMeta, Upload
from providers.schemas import ApplicationIn, LifecycleView

router = APIRouter(prefix="/api/v1/providers", tags=["providers"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))

CenterIdPath = Annotated[str, PathParam(min_length=1, max_length=64)]
FILE_PREFIX = "file_"  # a material's documents: the multipart parts named file_<material key>


class AppliedOut(BaseModel):
    lifecycle: LifecycleView
    application: ApplicationView


async def read_form(request: Request) -> tuple[ApplicationIn, dict[str, list[Upload]]]:
    """The ``application`` part (``ApplicationIn`` as JSON) and the documents, by material (``file_<key>``)."""
    form = await request.form()
    raw = form.get("application")
    if not isinstance(raw, str):
        raise InnodockError("缺少 application（JSON）/ the application part (JSON) is required", field="application")
    try:
        body = ApplicationIn.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        where = ""
        if isinstance(exc, ValidationError) and exc.errors():
            where = "." + ".".join(str(p) for p in exc.errors()[0].get("loc", ()))
        raise InnodockError(f"申请内容无效 / invalid application: {str(exc)[:300]}", field=f"application{where}") \
            from None
    files: dict[str, list[Upload]] = defaultdict(list)
    for name, value in form.multi_items():
        if isinstance(value, UploadFile) and name.startswith(FILE_PREFIX):
            files[name.removeprefix(FILE_PREFIX)[:60]].extend(read_uploads([value]))  # type: ignore[list-item]
        elif isinstance(value, UploadFile):
            raise InnodockError(f"文件字段应为 file_<材料>：{name[:40]} / a file part is named file_<material>",
                                field=name[:64])
    return body, dict(files)


@router.post("/applications", response_model=AppliedOut, status_code=201)
async def apply_with_documents(request: Request, session: SessionDep, actor: ProviderApplicant) -> AppliedOut:
    """提交带附件的申请：multipart，``application`` 为申请 JSON，各材料的文件为 ``file_<材料>`` / file an application
    with documents: multipart, ``application`` the JSON of ``POST /api/v1/providers``, each material's documents as
    ``file_<material key>`` parts (judged by their content as an engagement's files; one refused refuses all)."""
    body, files = await read_form(request)
    form = applications.ApplicationForm(center=body.center, materials=dict(body.materials), files=files,
                                        construction=body.construction, profile=body.profile,
                                        plaque_name=body.plaque_name, figures=dict(body.figures))
    done = applications.apply(session=session, principal=actor, form=form, today=china_time.today(),
                              max_file_bytes=int(request.app.state.api_config.upload_max_file_bytes))
    return aware(AppliedOut(lifecycle=done.lifecycle, application=done.application))


@router.post("/{center_id}/application/materials", response_model=LifecycleView)
async def complete_materials(center_id: CenterIdPath, request: Request, session: SessionDep,
                             actor: ProviderApplicant) -> LifecycleView:
    """补充申报材料（评审开始前）：multipart，各材料的文件为 ``file_<材料>``、说明或文号为 ``note_<材料>`` / materials
    given after applying, until the review starts: each material's documents as ``file_<material key>`` parts (judged
    as at application), a note or reference as ``note_<material key>``; the lifecycle answers with what is still
    missing. After the review started: 409 ``application_closed``."""
    form = await request.form()
    files: dict[str, list[Upload]] = defaultdict(list)
    notes: dict[str, str] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile) and name.startswith(FILE_PREFIX):
            files[name.removeprefix(FILE_PREFIX)[:60]].extend(read_uploads([value]))  # type: ignore[list-item]
        elif isinstance(value, str) and name.startswith("note_") and value.strip():
            notes[name.removeprefix("note_")[:60]] = value.strip()  # over its limit: refused by the use case
    done = applications.complete(session=session, principal=actor, center_id=center_id, today=china_time.today(),
                                 materials=notes, files=dict(files),
                                 max_file_bytes=int(request.app.state.api_config.upload_max_file_bytes))
    return aware(done)


@router.get("/{center_id}/application", response_model=ApplicationView)
def application(center_id: CenterIdPath, session: SessionDep, actor: ProviderRecordReader) -> ApplicationView:
    """申请材料与规则检查结果（各附条款）/ the application as filed: its rules' results with their clauses, the
    figures and the documents."""
    found = applications.application(session=session, principal=actor, center_id=center_id)
    if found is None:
        raise NotFoundError("该机构没有在线提交的申请 / no application filed here", field="center_id")
    return aware(found)


@router.get("/{center_id}/application/files/{file_id}")
def application_file(center_id: CenterIdPath, file_id: Annotated[str, PathParam(max_length=64)],
                     session: SessionDep, actor: ProviderRecordReader) -> Response:
    """申请附件（下载）/ a document of the application, as a download."""
    meta, data = applications.application_file(session=session, principal=actor, center_id=center_id,
                                               file_id=file_id)
    return file_response(FileMeta(name=meta.name, sha256=meta.sha256, size=meta.size, media_type=meta.media_type),
                         data)
