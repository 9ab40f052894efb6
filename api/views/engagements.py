"""Engagements (seed 000 Figure 1) for everyone who is part of one: the enterprise, the provider's coordinator, the
association. The pipeline filters what each sees and fires; every transition is announced as
``engagement.state_changed`` in its own transaction. The parties write to each other in the engagement's thread
(技术、商务沟通) and hand over results as files; both take multipart bodies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from api.deps import SessionDep, SettingsDep
from api.domain_deps import EngagementActor, EngagementReader, Limit, Offset, aware
from api.errors import error_responses
from api.schemas import Page
from api.uploads import file_response, read_uploads
from api.work_schemas import (
    ComplaintCloseIn,
    ComplaintConfirmIn,
    ComplaintHandlingIn,
    ComplaintReopenIn,
    FeedbackIn,
    TransitionIn,
)
from core import china_time
from flows import cases
from flows import engagements as engagements_flow
from flows import messages as messages_flow
from flows.announce import OUTBOX
from pipeline.schemas import CaseConsentView, EngagementDetail, EngagementView, EventView, FeedbackView, MessageView

FeedbackId = Annotated[int, Path(ge=1, le=2_147_483_647)]
router = APIRouter(prefix="/api/v1/engagements", tags=["engagements"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))


@router.get("", response_model=Page[EngagementView])
def list_engagements(session: SessionDep, actor: EngagementReader, state: str | None = None, limit: Limit = 20,
                     offset: Offset = 0) -> Page[EngagementView]:
    rows, total = engagements_flow.engagements(session=session, principal=actor, state=state, limit=limit,
                                               offset=offset)
    return Page(items=aware(rows), total=total, limit=limit, offset=offset)


@router.get("/board", response_model=dict[str, Page[EngagementView]])
def board(session: SessionDep, actor: EngagementReader, limit: Limit = 20,
          offset: Offset = 0) -> dict[str, Page[EngagementView]]:
    """按状态分列的看板，每列分页 / the board: engagements by state, every state listed, each column a page
    (``limit`` from ``offset``) with its total."""
    columns = engagements_flow.board(session=session, principal=actor, limit=limit, offset=offset)
    return {state: Page(items=aware(rows), total=total, limit=limit, offset=offset)
            for state, (rows, total) in columns.items()}


@router.get("/{engagement_id}", response_model=EngagementDetail)
def get_engagement(engagement_id: str, session: SessionDep, actor: EngagementReader) -> EngagementDetail:
    """一项对接：记录、历史和当前可执行的步骤 / records, history and the steps the caller may take now."""
    return aware(engagements_flow.detail(session=session, principal=actor, engagement_id=engagement_id))


@router.get("/{engagement_id}/history", response_model=list[EventView])
def engagement_history(engagement_id: str, session: SessionDep, actor: EngagementReader) -> list[EventView]:
    return aware(engagements_flow.history(session=session, principal=actor, engagement_id=engagement_id))


@router.post("/{engagement_id}/transitions", response_model=EngagementView)
def transition(engagement_id: str, body: TransitionIn, session: SessionDep, actor: EngagementActor) -> EngagementView:
    """执行流程步骤（需给出所见版本）/ take a step, with the version last seen (optimistic locking)."""
    return aware(engagements_flow.advance(session=session, principal=actor, engagement_id=engagement_id,
                                          transition=body.transition, version=body.version, payload=body.payload,
                                          outbox=OUTBOX))


@router.post("/{engagement_id}/feedback", response_model=FeedbackView, status_code=201)
def feedback(engagement_id: str, body: FeedbackIn, session: SessionDep, actor: EngagementActor) -> FeedbackView:
    """满意度（1–5）、五级问卷（验收通过后一次）与投诉，由委托企业填写 / the client's satisfaction (1–5), its
    five-grade questionnaire (once, after acceptance) and complaint."""
    return aware(engagements_flow.file_feedback(session=session, principal=actor, engagement_id=engagement_id,
                                                satisfaction=body.satisfaction, complaint=body.complaint,
                                                answers=body.answers, outbox=OUTBOX))


@router.post("/{engagement_id}/complaints/{feedback_id}/handling", response_model=FeedbackView)
def complaint_handling(engagement_id: str, feedback_id: FeedbackId, body: ComplaintHandlingIn, session: SessionDep,
                       settings: SettingsDep, actor: EngagementActor) -> FeedbackView:
    """机构（或协会）登记投诉处理情况；已解决的，待委托企业确认 / the provider (or the association) records how a
    complaint was handled; resolved, it awaits the client's confirmation (``resolved: false``: progress, still open)."""
    return aware(engagements_flow.handle_complaint(session=session, principal=actor, engagement_id=engagement_id,
                                                   feedback_id=feedback_id, handling=body.handling,
                                                   resolved=body.resolved, outbox=OUTBOX,
                                                   confirm_days=settings.complaint_confirm_days))


@router.post("/{engagement_id}/complaints/{feedback_id}/confirm", response_model=FeedbackView)
def complaint_confirm(engagement_id: str, feedback_id: FeedbackId, body: ComplaintConfirmIn, session: SessionDep,
                      actor: EngagementActor) -> FeedbackView:
    """委托企业确认投诉处理结果，投诉关闭 / the client confirms the handling: the complaint is closed."""
    return aware(engagements_flow.confirm_complaint(session=session, principal=actor, engagement_id=engagement_id,
                                                    feedback_id=feedback_id, note=body.note, outbox=OUTBOX))


@router.post("/{engagement_id}/complaints/{feedback_id}/reopen", response_model=FeedbackView)
def complaint_reopen(engagement_id: str, feedback_id: FeedbackId, body: ComplaintReopenIn, session: SessionDep,
                     actor: EngagementActor) -> FeedbackView:
    """委托企业对处理结果不满意，说明原因后重新投诉 / the client does not accept the handling, saying why: open
    again for the provider."""
    return aware(engagements_flow.reopen_complaint(session=session, principal=actor, engagement_id=engagement_id,
                                                   feedback_id=feedback_id, reason=body.reason, outbox=OUTBOX))


@router.post("/{engagement_id}/complaints/{feedback_id}/close", response_model=FeedbackView)
def complaint_close(engagement_id: str, feedback_id: FeedbackId, body: ComplaintCloseIn, session: SessionDep,
                    settings: SettingsDep, actor: EngagementActor) -> FeedbackView:
    """委托企业逾期未确认的，由协会关闭投诉 / the association closes a handled complaint the client did not answer
    within ``complaint_confirm_days`` (409 on ``complaint_state`` before that)."""
    return aware(engagements_flow.close_complaint(session=session, principal=actor, engagement_id=engagement_id,
                                                  feedback_id=feedback_id, today=china_time.today(), note=body.note,
                                                  confirm_days=settings.complaint_confirm_days, outbox=OUTBOX))


class CaseConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    public: bool  # true: show it, redacted, among the provider's typical cases; false: stop showing it


@router.post("/{engagement_id}/case", response_model=CaseConsentView)
def case_consent(engagement_id: str, body: CaseConsentIn, session: SessionDep,
                 actor: EngagementActor) -> CaseConsentView:
    """委托企业同意（或撤回）将已验收的项目脱敏后作为机构的典型案例公开 / the client agrees (or no longer agrees) to
    show the accepted engagement, redacted, as a typical case of its provider."""
    return aware(cases.consent(session=session, principal=actor, engagement_id=engagement_id, public=body.public))


def _max_file_bytes(request: Request) -> int:
    return int(request.app.state.api_config.upload_max_file_bytes)


@router.get("/{engagement_id}/messages", response_model=list[MessageView])
def list_messages(engagement_id: str, session: SessionDep, actor: EngagementReader) -> list[MessageView]:
    """技术、商务沟通：项目留言，按时间先后 / the engagement's thread, oldest first."""
    return aware(messages_flow.messages(session=session, principal=actor, engagement_id=engagement_id))


@router.post("/{engagement_id}/messages", response_model=MessageView, status_code=201)
def post_message(engagement_id: str, request: Request, session: SessionDep, actor: EngagementActor,
                 body: Annotated[str, Form(max_length=4000)] = "",
                 files: Annotated[list[UploadFile] | None, File()] = None) -> MessageView:
    """留言，可附文件（PDF、图片、Office 文档、文本；按内容检查类型）/ write in the thread, with files checked by
    content (multipart: ``body`` and up to five ``files``)."""
    return aware(messages_flow.post_message(session=session, principal=actor, engagement_id=engagement_id,
                                            body=body, files=read_uploads(files),
                                            max_file_bytes=_max_file_bytes(request), outbox=OUTBOX))


@router.get("/{engagement_id}/files/{file_id}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}})
def download_file(engagement_id: str, file_id: Annotated[str, Path(max_length=64)], session: SessionDep,
                  actor: EngagementReader) -> Response:
    """下载项目附件（仅限项目各方）/ a file of the engagement, for its parties only."""
    meta, data = messages_flow.read_file(session=session, principal=actor, engagement_id=engagement_id,
                                         file_id=file_id)
    return file_response(meta, data)


@router.post("/{engagement_id}/delivery", response_model=EngagementView)
def submit_delivery(engagement_id: str, request: Request, session: SessionDep, actor: EngagementActor,
                    version: Annotated[int, Form(ge=0)], note: Annotated[str, Form(min_length=1, max_length=4000)],
                    files: Annotated[list[UploadFile] | None, File()] = None) -> EngagementView:
    """提交服务成果及成果文件，进入验收 / hand over the results with their files (``submit_results``)."""
    return aware(messages_flow.submit_delivery(session=session, principal=actor, engagement_id=engagement_id,
                                               version=version, note=note, files=read_uploads(files),
                                               max_file_bytes=_max_file_bytes(request), outbox=OUTBOX))
