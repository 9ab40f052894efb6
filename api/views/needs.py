"""Enterprises' side: intake chats, their needs (create, edit, submit, withdraw) and the result of each.

Submitting orchestrates three packages in one transaction: intake publishes the need (its redacted public view is
announced as ``need.published``), the matcher proposes providers (with the pipeline's open engagements and the
evaluation's ratings), and the pipeline puts the proposals in the coordinators' review queue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.auth import service as auth
from api.auth.schemas import Actor
from api.auth.vocab import OrgKind, Role
from api.deps import SessionDep, SettingsDep
from api.domain_deps import (
    MATCHER_ACTOR,
    EnterpriseActor,
    Limit,
    NeedsReader,
    NeedsWriter,
    Offset,
    ResultsReader,
    pipeline_actor,
)
from api.errors import error_responses
from api.matching import MatcherDep, proposals_for
from api.needs_schemas import (
    DeclineOut,
    MessageIn,
    NeedCreate,
    NeedFields,
    NeedResult,
    NeedSummary,
    NeedUpdate,
    SubmitOut,
)
from api.schemas import Page
from api.webhooks.service import emit
from api.webhooks.vocab import WebhookEvent
from core.errors import ConflictError, InnodockError, NotFoundError, PermissionDeniedError
from intake import service as intake
from intake.schemas import Enterprise, Need, NeedStatus, SessionView
from pipeline import service as pipeline
from pipeline.schemas import ReviewView
from pipeline.vocab import REJECT_REASON_LABELS, RejectReason, ReviewStatus

router = APIRouter(prefix="/api/v1", tags=["needs"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))

EDITABLE = (NeedStatus.draft, NeedStatus.ready, NeedStatus.published)
SUBMITTABLE = (NeedStatus.draft, NeedStatus.ready)
WITHDRAWABLE = (NeedStatus.draft, NeedStatus.ready, NeedStatus.published)


def _missing(need_id: str) -> NotFoundError:
    return NotFoundError(f"需求不存在 / no such need: {need_id}", field="need_id")


def review_of(session: Session, need_id: str) -> ReviewView | None:
    """The need's review, as the pipeline shows it to the association (the API then decides what to pass on)."""
    from pipeline.schemas import Actor as PipelineActor
    from pipeline.vocab import Role as PipelineRole

    everyone = PipelineActor(role=PipelineRole.admin, id="innodock-api")
    return pipeline.review_for_need(session=session, need_id=need_id, actor=everyone)


def need_for(session: Session, actor: Actor, need_id: str) -> Need:
    """The full need, for its enterprise, the association's coordinators and a center coordinator whose center the
    pipeline shows the need's review to (proposed or accepted); for anyone else it does not exist (404)."""
    if actor.role in (Role.admin, Role.association_coordinator):
        return intake.get_need(session=session, need_id=need_id, coordinator=True)
    if actor.role == Role.enterprise:
        try:
            return intake.get_need(session=session, need_id=need_id, enterprise_id=actor.org_id)
        except PermissionDeniedError:
            raise _missing(need_id) from None
    review = review_of(session, need_id)
    if review is None:
        raise _missing(need_id)
    try:
        pipeline.get_review(session=session, review_id=review.id, actor=pipeline_actor(actor))
    except NotFoundError:
        raise _missing(need_id) from None
    return intake.get_need(session=session, need_id=need_id, coordinator=True)


def _own_session(session: Session, actor: Actor, session_id: str) -> SessionView:
    view = intake.get_session(session=session, session_id=session_id)
    if view.need.enterprise.id != actor.org_id:
        raise NotFoundError(f"会话不存在 / no such intake session: {session_id}", field="session_id")
    return view


def _with_fields(need: Need, fields: NeedFields) -> Need:
    changes: dict[str, Any] = fields.model_dump(include=set(NeedFields.model_fields), exclude_unset=True,
                                               exclude_none=True, mode="json")
    if "budget" in changes:
        changes["budget"] = {**need.budget.model_dump(mode="json"), **changes["budget"]}
    try:
        return Need.model_validate({**need.model_dump(mode="json"), **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InnodockError(f"需求字段不正确 / invalid need: {first.get('msg')}", field=where or None) from None


def _enterprise_for(session: Session, actor: Actor, enterprise_id: str | None) -> Enterprise:
    """Whose need this is: the caller's own organisation, or (association, admin) the enterprise named."""
    if actor.org_kind == OrgKind.enterprise:
        if enterprise_id not in (None, actor.org_id):
            raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id")
        org = auth.get_org(session=session, org_id=actor.org_id)
    else:
        if actor.role not in (Role.association_coordinator, Role.admin):
            raise PermissionDeniedError("只有企业和协会可以提交需求 / only enterprises and associations submit needs",
                                        field="role")
        if enterprise_id is None:
            raise InnodockError("代企业提交需填写 enterprise_id / on an enterprise's behalf, give enterprise_id",
                                field="enterprise_id")
        try:
            org = auth.get_org(session=session, org_id=enterprise_id)
        except NotFoundError:
            raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id") from None
        if org.kind != OrgKind.enterprise:
            raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id")
    return Enterprise(id=org.id, name=org.name, credit_code=org.credit_code)


def _summary(need: Need) -> NeedSummary:
    return NeedSummary(id=need.id or "", title=need.title, status=need.status, confidential=need.confidential,
                       service_types=list(need.service_types), created_at=need.created_at)


# ---- intake chat ----

@router.post("/intake/sessions", response_model=SessionView, status_code=201)
def start_chat(body: MessageIn, session: SessionDep, actor: EnterpriseActor, _w: NeedsWriter) -> SessionView:
    """开始需求对话 / start describing a need: the draft need and the next question."""
    org = auth.get_org(session=session, org_id=actor.org_id)
    enterprise = Enterprise(id=org.id, name=org.name, credit_code=org.credit_code)
    return intake.start_session(session=session, text=body.text, today=date.today(), enterprise=enterprise)


@router.post("/intake/sessions/{session_id}/messages", response_model=SessionView)
def post_message(session_id: str, body: MessageIn, session: SessionDep, actor: EnterpriseActor,
                 _w: NeedsWriter) -> SessionView:
    view = _own_session(session, actor, session_id)
    if view.need.status not in SUBMITTABLE:
        raise ConflictError("需求已提交，不能继续对话 / the need was submitted; the chat is closed",
                            field="session_id", code="need_submitted")
    return intake.post_message(session=session, session_id=session_id, text=body.text)


@router.get("/intake/sessions/{session_id}", response_model=SessionView)
def get_chat(session_id: str, session: SessionDep, actor: EnterpriseActor, _r: NeedsReader) -> SessionView:
    return _own_session(session, actor, session_id)


# ---- needs ----

@router.post("/needs", response_model=Need, status_code=201)
def create_need(body: NeedCreate, session: SessionDep, actor: NeedsWriter) -> Need:
    """由字段创建需求（文本经 intake 读取，给出的字段优先）/ a need from its text, with any fields given taking
    precedence over what intake read."""
    enterprise = _enterprise_for(session, actor, body.enterprise_id)
    need = _with_fields(intake.extract(text=body.text, today=date.today()), body)
    need.enterprise = enterprise
    if need.service_types and need.status == NeedStatus.draft:
        need.status = NeedStatus.ready
    return intake.save_need(session=session, need=need, enterprise_id=enterprise.id)


@router.get("/needs", response_model=Page[NeedSummary])
def list_needs(session: SessionDep, actor: NeedsReader, status: NeedStatus | None = None, limit: Limit = 20,
               offset: Offset = 0) -> Page[NeedSummary]:
    """本组织的需求（协会与管理员：全部）/ the organisation's needs (association and admins: all)."""
    if actor.role == Role.enterprise:
        owner: str | None = actor.org_id
    elif actor.role in (Role.association_coordinator, Role.admin):
        owner = None
    else:
        raise PermissionDeniedError("机构协调员请使用审核队列 / center coordinators use the review queue",
                                    field="role")
    needs, total = intake.list_needs(session=session, enterprise_id=owner, status=status, limit=limit, offset=offset)
    return Page(items=[_summary(n) for n in needs], total=total, limit=limit, offset=offset)


@router.get("/needs/{need_id}", response_model=Need)
def get_need(need_id: str, session: SessionDep, actor: NeedsReader) -> Need:
    return need_for(session, actor, need_id)


@router.patch("/needs/{need_id}", response_model=Need)
def edit_need(need_id: str, body: NeedUpdate, session: SessionDep, actor: NeedsWriter) -> Need:
    """修改需求；已发布的需求同时更新公开版本，协调员可据此重新匹配 / edit; a published need's public view is
    refreshed and coordinators may re-match."""
    need = need_for(session, actor, need_id)
    if actor.role == Role.center_coordinator:
        raise PermissionDeniedError("机构协调员不能修改需求 / center coordinators do not edit needs", field="role")
    if need.status not in EDITABLE:
        raise ConflictError(f"需求状态为 {need.status.value}，不能修改 / a {need.status.value} need cannot be edited",
                            field="status", code="need_locked")
    saved = intake.save_need(session=session, need=_with_fields(need, body))
    if saved.status == NeedStatus.published:
        public = intake.publish_need(session=session, need_id=need_id)
        emit(session=session, event=WebhookEvent.need_published, payload=public.model_dump(mode="json"))
        saved = intake.get_need(session=session, need_id=need_id, coordinator=True)
    return saved


@router.post("/needs/{need_id}/submit", response_model=SubmitOut)
def submit_need(need_id: str, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
                actor: NeedsWriter) -> SubmitOut:
    """提交：发布（脱敏公开）→ 匹配 → 进入协调员审核队列 / publish (redacted), match, and queue for review."""
    need = need_for(session, actor, need_id)
    if actor.role == Role.center_coordinator:
        raise PermissionDeniedError("机构协调员不能提交需求 / center coordinators do not submit needs", field="role")
    if need.status not in SUBMITTABLE:
        raise ConflictError(f"需求状态为 {need.status.value}，不能再次提交 / a {need.status.value} need cannot be "
                            "submitted again", field="status", code="already_submitted")
    public = intake.publish_need(session=session, need_id=need_id)
    published = intake.get_need(session=session, need_id=need_id, coordinator=True)
    emit(session=session, event=WebhookEvent.need_published, payload=public.model_dump(mode="json"))
    proposals = proposals_for(setup=setup, settings=settings, session=session, need=published)
    review = pipeline.submit_proposals(session=session, need_id=need_id, actor=MATCHER_ACTOR, proposals=proposals,
                                       enterprise_id=published.enterprise.id, enterprise_name=published.enterprise.name)
    return SubmitOut(need_id=need_id, status=published.status, review_id=review.id, public=public)


@router.post("/needs/{need_id}/withdraw", response_model=Need)
def withdraw_need(need_id: str, session: SessionDep, actor: NeedsWriter) -> Need:
    """撤回尚未对接的需求；已开始对接的请在对接中撤回 / withdraw a need no provider took yet (an engagement is
    withdrawn through its own workflow)."""
    need = need_for(session, actor, need_id)
    if actor.role == Role.center_coordinator:
        raise PermissionDeniedError("机构协调员不能撤回需求 / center coordinators do not withdraw needs", field="role")
    if need.status not in WITHDRAWABLE:
        raise ConflictError(f"需求状态为 {need.status.value}，不能撤回 / a {need.status.value} need cannot be "
                            "withdrawn", field="status", code="need_locked")
    review = review_of(session, need_id)
    if review is not None and review.status == ReviewStatus.accepted:
        raise ConflictError("已有机构承接，请在对接流程中撤回 / a provider took it: withdraw the engagement",
                            field="status", code="engagement_open")
    if review is not None and review.status == ReviewStatus.pending:
        pipeline.reject(session=session, review_id=review.id, actor=MATCHER_ACTOR, reason=RejectReason.other,
                        text="企业撤回需求 / the enterprise withdrew the need", version=review.version)
    need.status = NeedStatus.withdrawn
    return intake.save_need(session=session, need=need)


@router.get("/needs/{need_id}/result", response_model=NeedResult)
def need_result(need_id: str, session: SessionDep, actor: ResultsReader) -> NeedResult:
    """对接结果：协调员接受的机构与婉拒理由（不含评分和审核人）/ the provider a coordinator accepted and why
    proposals were declined — not scores, not who reviewed."""
    need = need_for(session, actor, need_id)
    out = NeedResult(need_id=need_id, need_status=need.status)
    try:
        mine = pipeline.review_for_need(session=session, need_id=need_id, actor=pipeline_actor(actor))
    except PermissionDeniedError:
        mine = None
    if mine is None:
        return out
    out.review_status = mine.status
    out.declined = [DeclineOut(center_id=d.center_id, reason=d.reason, reason_label=REJECT_REASON_LABELS[d.reason][0]
                               + " / " + REJECT_REASON_LABELS[d.reason][1], text=d.text) for d in mine.declined]
    if mine.status == ReviewStatus.accepted:
        out.accepted_center_id, out.accepted_center_name = mine.accepted_center_id, mine.accepted_center_name
        out.engagement_id = mine.engagement_id
        if mine.engagement_id:
            eng = pipeline.get_engagement(session=session, engagement_id=mine.engagement_id,
                                          actor=pipeline_actor(actor))
            out.engagement_state = eng.state
    return out
