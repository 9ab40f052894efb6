"""The engagement page's complaint forms (issue 30, item 2): the provider records its handling, the enterprise
confirms it or reopens the complaint with its reason, and the association closes one the enterprise left unanswered
past ``Settings.complaint_confirm_days``. Each calls the same flow as its JSON route
(``/api/v1/engagements/{id}/complaints/{fid}/handling|confirm|reopen|close``) through the one form helper: a refusal
goes back to the engagement with the error beside its field, what was typed kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path
from fastapi.responses import Response

from api.deps import SessionDep, SettingsDep
from api.pages.ui_common import EngagementActPage, form_post
from api.pages.ui_format import china_today
from flows import engagements as engagements_flow
from flows.announce import OUTBOX

router = APIRouter(include_in_schema=False)

FeedbackId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("/engagements/{engagement_id}/complaints/{feedback_id}/handling")
def engagement_complaint_handling(
    engagement_id: str, feedback_id: FeedbackId, actor: EngagementActPage,
    session: SessionDep, settings: SettingsDep, handling: Annotated[str, Form(min_length=1, max_length=2000)],
    resolved: Annotated[bool, Form()] = False,
) -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/complaints/{fid}/handling``; the toast says whether the
    client now confirms it or it stays open (it said "已办理" alone: a center's day walked on 2026-11-29)."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id",
                     notice="notice_complaint_handled" if resolved else "notice_complaint_progress",
                     act=lambda: engagements_flow.handle_complaint(session=session, principal=actor,
                                                                   engagement_id=engagement_id[:64],
                                                                   feedback_id=feedback_id, handling=handling,
                                                                   resolved=resolved, outbox=OUTBOX,
                                                                   confirm_days=settings.complaint_confirm_days))


@router.post("/engagements/{engagement_id}/complaints/{feedback_id}/confirm")
def engagement_complaint_confirm(engagement_id: str, feedback_id: FeedbackId, actor: EngagementActPage,
                                 session: SessionDep, note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/complaints/{fid}/confirm``: the client closes it."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}#feedback",
                     missing="engagement_id", notice="notice_complaint_closed",
                     act=lambda: engagements_flow.confirm_complaint(session=session, principal=actor,
                                                                    engagement_id=engagement_id[:64],
                                                                    feedback_id=feedback_id,
                                                                    note=note.strip() or None, outbox=OUTBOX))


@router.post("/engagements/{engagement_id}/complaints/{feedback_id}/reopen")
def engagement_complaint_reopen(engagement_id: str, feedback_id: FeedbackId, actor: EngagementActPage,
                                session: SessionDep, reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/complaints/{fid}/reopen``: open again, with why."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}#feedback",
                     missing="engagement_id", notice="notice_complaint_reopened",
                     act=lambda: engagements_flow.reopen_complaint(session=session, principal=actor,
                                                                   engagement_id=engagement_id[:64],
                                                                   feedback_id=feedback_id, reason=reason,
                                                                   outbox=OUTBOX))


@router.post("/engagements/{engagement_id}/complaints/{feedback_id}/close")
def engagement_complaint_close(engagement_id: str, feedback_id: FeedbackId, actor: EngagementActPage,
                               session: SessionDep, settings: SettingsDep,
                               note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/complaints/{fid}/close``: the association, after the
    client's confirmation period."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}#feedback",
                     missing="engagement_id", notice="notice_complaint_closed",
                     act=lambda: engagements_flow.close_complaint(session=session, principal=actor,
                                                                  engagement_id=engagement_id[:64],
                                                                  feedback_id=feedback_id, today=china_today(),
                                                                  confirm_days=settings.complaint_confirm_days,
                                                                  note=note.strip() or None, outbox=OUTBOX))
