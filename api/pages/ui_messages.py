"""The engagement page's thread (技术、商务沟通), its delivery with files, and the files' downloads: the same flows as
``POST /api/v1/engagements/{id}/messages``, ``…/delivery`` and ``GET …/files/{file_id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import Response

from api.deps import SessionDep
from api.pages.ui_common import STEP_NOTICE, EngagementActPage, EngagementPage, PageNotFound, form_post
from api.uploads import file_response, read_uploads
from core.errors import NotFoundError
from flows import messages as messages_flow
from flows.announce import OUTBOX

router = APIRouter(include_in_schema=False)


def _max_file_bytes(request: Request) -> int:
    return int(request.app.state.api_config.upload_max_file_bytes)


@router.post("/engagements/{engagement_id}/messages")
def engagement_message(
    engagement_id: str, request: Request, actor: EngagementActPage, session: SessionDep,
    body: Annotated[str, Form(max_length=4000)] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    eid = engagement_id[:64]
    return form_post(session=session, actor=actor, back=f"/engagements/{eid}", missing="engagement_id",
                     act=lambda: messages_flow.post_message(session=session, principal=actor, engagement_id=eid,
                                                            body=body, files=read_uploads(files),
                                                            max_file_bytes=_max_file_bytes(request), outbox=OUTBOX),
                     then=lambda _posted: f"/engagements/{eid}#messages", notice="notice_message_sent")


@router.post("/engagements/{engagement_id}/delivery")
def engagement_delivery(
    engagement_id: str, request: Request, actor: EngagementActPage, session: SessionDep,
    version: Annotated[int, Form(ge=0)], note: Annotated[str, Form(max_length=4000)] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """提交服务成果: the delivery note and its result files, then acceptance (``submit_results``)."""
    eid = engagement_id[:64]
    return form_post(session=session, actor=actor, back=f"/engagements/{eid}", missing="engagement_id",
                     notice=f"{STEP_NOTICE}submit_results",  # "已办理：提交服务成果", as the other steps say theirs
                     act=lambda: messages_flow.submit_delivery(session=session, principal=actor, engagement_id=eid,
                                                               version=version, note=note.strip(),
                                                               files=read_uploads(files),
                                                               max_file_bytes=_max_file_bytes(request),
                                                               outbox=OUTBOX))


@router.get("/engagements/{engagement_id}/files/{file_id}")
def engagement_file(engagement_id: str, file_id: Annotated[str, Path(max_length=64)], actor: EngagementPage,
                    session: SessionDep) -> Response:
    try:
        meta, data = messages_flow.read_file(session=session, principal=actor, engagement_id=engagement_id[:64],
                                             file_id=file_id)
    except NotFoundError:
        raise PageNotFound(actor) from None
    return file_response(meta, data)
