"""Enterprises' side: intake chats, their needs (create, edit, submit, withdraw) and the result of each.

Who may touch a need is :mod:`authz.policy`'s rule, read through :mod:`flows.access`: the enterprise itself, an
association that submitted the need or holds the enterprise's consent, and admins; a center reads only what
need-to-know gives it. A write answers with what the caller may read: the whole need, or an acknowledgement.

Every use case here is :mod:`flows.needs`'s (submitting: intake publishes the need and ``need.published`` is
announced, the matcher proposes providers, the pipeline queues the review, in one transaction); the views parse the
wire shapes, find the enterprise among the API's organisations, and render.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from accounts.schemas import Actor
from accounts.vocab import OrgKind
from api.auth.deps import allow
from api.deps import JobsConfigDep, SessionDep, SettingsDep
from api.domain_deps import Lang, Limit, Offset, aware
from api.errors import error_responses
from api.idempotency import IdempotencyDep
from api.intake_setup import IntakeDep
from api.matching import MatcherDep
from api.needs_schemas import (
    CardFieldsIn,
    ChosenOut,
    DeclineOut,
    MessageIn,
    NeedAck,
    NeedCreate,
    NeedFields,
    NeedProgressOut,
    NeedRead,
    NeedResult,
    NeedSummary,
    NeedUpdate,
    RequirementOut,
    SubmitOut,
)
from api.schemas import Page
from api.shared import need_page_url, paced, queue_refinement
from authz.schemas import GrantOut
from core import china_time
from core.errors import InnodockError, NotFoundError
from flows import access, disclosure
from flows import accounts as accounts_flow
from flows import needs as needs_flow
from flows.announce import OUTBOX
from flows.explanations import Requirement
from flows.need_progress import Progress
from intake.schemas import Enterprise, Need, NeedEventView, NeedStatus, SessionView
from intake.schemas import NeedSummary as ListedNeed
from pipeline.vocab import REJECT_REASON_LABELS, ReviewStatus

router = APIRouter(prefix="/api/v1", tags=["needs"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _answer(session: Session, actor: Actor, need: Need) -> Need | NeedAck:
    """A write's answer: the whole need for a caller who may read it whole, else an acknowledgement (an
    association key without ``needs:read`` never gets the enterprise's words back)."""
    if needs_flow.readable_whole(session=session, principal=actor, need_id=need.id or ""):
        return need
    return NeedAck(id=need.id or "", status=need.status, confidential=need.confidential)


def _changes(fields: NeedFields) -> dict[str, Any]:
    """The fields the caller set (left out: keep what intake read), as JSON values."""
    changes: dict[str, Any] = fields.model_dump(include=set(NeedFields.model_fields), exclude_unset=True,
                                               exclude_none=True, mode="json")
    return changes


def _enterprise_for(session: Session, actor: Actor, enterprise_id: str | None) -> Enterprise:
    """Whose need this is: the caller's own organisation, or (association, admin) the enterprise named."""
    if actor.org_kind == OrgKind.enterprise:
        if enterprise_id not in (None, actor.org_id):
            raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id")
        org = accounts_flow.get_org(session=session, org_id=actor.org_id)
    else:
        if enterprise_id is None:
            raise InnodockError("代企业提交需填写 enterprise_id / on an enterprise's behalf, give enterprise_id",
                                field="enterprise_id")
        try:
            org = accounts_flow.get_org(session=session, org_id=enterprise_id)
        except NotFoundError:
            raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id") from None
        if org.kind != OrgKind.enterprise:
            raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id")
    return Enterprise(id=org.id, name=org.name, credit_code=org.credit_code)


def _requirement(r: Requirement) -> RequirementOut:
    return RequirementOut(kind=r.kind, requirement=r.requirement, covered=r.covered, partial=r.partial,
                          wished=r.wished, text=r.text)


def _progress(progress: Progress | None) -> NeedProgressOut | None:
    """The need's progress on the wire, as "my needs" shows it (flows.need_progress)."""
    if progress is None:
        return None
    chosen = progress.chosen
    return NeedProgressOut(
        stage=progress.stage, found=progress.found, interested=progress.interested,
        unanswered=progress.unanswered, partial=progress.partial, submitted_at=aware(progress.submitted_at),
        matched_at=aware(progress.matched_at), said=progress.said, rematch_note=progress.rematch_note,
        chosen=ChosenOut(center_id=chosen.center_id, center_name=chosen.center_name, profile_path=chosen.profile_path,
                         by_hand=chosen.by_hand, requirements=[_requirement(r) for r in chosen.requirements],
                         missing=[_requirement(r) for r in chosen.missing], key_terms=chosen.key_terms,
                         reason=chosen.reason)
        if chosen is not None else None)


def _summary(need: ListedNeed) -> NeedSummary:
    return NeedSummary(id=need.id, title=need.title, status=need.status, confidential=need.confidential,
                       service_types=list(need.service_types), created_at=need.created_at)


# ---- intake chat ----

ChatWriter = Annotated[Actor, Depends(allow("intake.chat_api"))]
ChatReader = Annotated[Actor, Depends(allow("intake.read"))]
NeedCreator = Annotated[Actor, Depends(allow("need.create"))]
NeedLister = Annotated[Actor, Depends(allow("need.list"))]
NeedReader = Annotated[Actor, Depends(allow("need.read"))]
NeedEditor = Annotated[Actor, Depends(allow("need.update"))]
NeedSubmitter = Annotated[Actor, Depends(allow("need.submit"))]
NeedWithdrawer = Annotated[Actor, Depends(allow("need.withdraw"))]
ResultReader = Annotated[Actor, Depends(allow("need.result"))]
Discloser = Annotated[Actor, Depends(allow("need.disclose"))]


@router.post("/intake/sessions", response_model=SessionView, status_code=201,
             responses=error_responses(429))
def start_chat(body: MessageIn, request: Request, session: SessionDep, actor: ChatWriter, once: IdempotencyDep,
               reading: IntakeDep) -> Any:
    """开始需求对话 / start describing a need: the draft need and the next question. With ``Idempotency-Key``, a
    retried request gets the first answer again (one chat, one draft need)."""
    paced(request, actor)  # before the claim writes: the pace counts in a transaction of its own (SQLite)
    replay = once.claim(session=session, actor=actor, body=body.model_dump(mode="json"))
    if replay is not None:
        return replay
    view = needs_flow.start_chat(session=session, enterprise=needs_flow.enterprise_of(actor), text=body.text,
                                 today=china_time.today(), reader=reading.reader, principal=actor)
    return once.remember(session=session, status_code=201, answer=view)


@router.post("/intake/sessions/{session_id}/messages", response_model=SessionView, responses=error_responses(429))
def post_message(session_id: str, body: MessageIn, request: Request, session: SessionDep, actor: ChatWriter,
                 reading: IntakeDep) -> SessionView:
    paced(request, actor)
    return needs_flow.chat(session=session, principal=actor, session_id=session_id, text=body.text,
                           reader=reading.reader)


@router.post("/intake/sessions/{session_id}/fields", response_model=SessionView, responses=error_responses(429))
def set_chat_fields(session_id: str, body: CardFieldsIn, request: Request, session: SessionDep, actor: ChatWriter,
                    reading: IntakeDep) -> SessionView:
    """在需求卡片上直接修改字段（服务类型、产品、行业、地区、期限、预算、资质、保密、标题），按更正记录并在对话中回复 /
    set fields on the need card: recorded as the enterprise's corrections and said back in the chat. Paced with the
    chat's messages: the reply's next question is phrased as a message's is."""
    paced(request, actor)
    return needs_flow.edit_chat(session=session, principal=actor, session_id=session_id, changes=body.changes(),
                                reader=reading.reader)


@router.get("/intake/sessions/{session_id}", response_model=SessionView)
def get_chat(session_id: str, session: SessionDep, actor: ChatReader) -> SessionView:
    return needs_flow.chat_view(session=session, principal=actor, session_id=session_id)


# ---- needs ----

@router.post("/needs", response_model=Need | NeedAck, status_code=201)
def create_need(body: NeedCreate, session: SessionDep, actor: NeedCreator, once: IdempotencyDep,
                reading: IntakeDep) -> Any:
    """由字段创建需求（文本经 intake 读取，给出的字段优先）/ a need from its text, with any fields given taking
    precedence over what intake read. With ``Idempotency-Key``, a retried request gets the first answer again."""
    replay = once.claim(session=session, actor=actor, body=body.model_dump(mode="json"))
    if replay is not None:
        return replay
    saved = needs_flow.create_need(session=session, principal=actor,
                                   enterprise=_enterprise_for(session, actor, body.enterprise_id), text=body.text,
                                   changes=_changes(body), today=china_time.today(), reader=reading.reader)
    return once.remember(session=session, status_code=201, answer=_answer(session, actor, saved))


@router.get("/needs", response_model=Page[NeedSummary])
def list_needs(session: SessionDep, actor: NeedLister, status: NeedStatus | None = None, limit: Limit = 20,
               offset: Offset = 0) -> Page[NeedSummary]:
    """本组织的需求；协会：其代为提交或经企业授权的需求（协会工作人员：全部）/ the organisation's needs; an association
    key: those it submitted or holds consent for (association staff and admins: all)."""
    needs, total = needs_flow.list_needs(session=session, principal=actor, status=status, limit=limit,
                                         offset=offset)
    return Page(items=[_summary(n) for n in needs], total=total, limit=limit, offset=offset)


@router.get("/needs/{need_id}", response_model=NeedRead)
def get_need(need_id: str, request: Request, session: SessionDep, actor: NeedReader, lang: Lang = "zh") -> NeedRead:
    """完整需求：企业本身、协会工作人员、代办协会，以及已获披露的承接机构；已发布的附公开页面地址 / the whole need:
    the enterprise, association staff, an association acting for it, and the accepted center once the details were
    opened to it; a published need with its public page's address."""
    need = access.full_need(session=session, principal=actor, need_id=need_id, address=_address(request))
    page = needs_flow.public_page_path(session=session, need_id=need_id)
    return NeedRead(**dict(need), public_url=need_page_url(request, need_id, lang) if page else None)


@router.patch("/needs/{need_id}", response_model=Need | NeedAck)
def edit_need(need_id: str, body: NeedUpdate, session: SessionDep, actor: NeedEditor) -> Any:
    """修改需求；已发布的需求同时更新公开版本，协调员可据此重新匹配。取消保密只能由企业本人办理 / edit; a published
    need's public view is refreshed and coordinators may re-match. Only the enterprise's own people declassify."""
    saved = needs_flow.edit_need(session=session, principal=actor, need_id=need_id, changes=_changes(body),
                                 outbox=OUTBOX)
    return _answer(session, actor, saved)


@router.post("/needs/{need_id}/submit", response_model=SubmitOut)
def submit_need(need_id: str, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
                actor: NeedSubmitter, once: IdempotencyDep, reading: IntakeDep, queue: JobsConfigDep) -> Any:
    """提交：发布（脱敏公开）→ 匹配 → 进入协调员审核队列；配置了大模型时，随后在后台通读整段对话并为协调员写摘要 /
    publish (redacted), match, and queue for review; with an LLM configured, it then reads the whole conversation
    in the background and writes a brief for the coordinator."""
    replay = once.claim(session=session, actor=actor, body={"need_id": need_id})
    if replay is not None:
        return replay
    done = needs_flow.submit_need(session=session, settings=settings, matcher=setup, principal=actor,
                                  need_id=need_id, outbox=OUTBOX)
    queue_refinement(session=session, settings=settings, queue=queue, reading=reading, actor=actor, need_id=need_id)
    answer = SubmitOut(need_id=need_id, status=done.need.status, review_id=done.review.id, public=done.public)
    return once.remember(session=session, status_code=200, answer=answer)


@router.post("/needs/{need_id}/withdraw", response_model=Need | NeedAck)
def withdraw_need(need_id: str, session: SessionDep, actor: NeedWithdrawer) -> Any:
    """撤回尚未对接的需求；已开始对接的请在对接中撤回 / withdraw a need no provider took yet (an engagement is
    withdrawn through its own workflow)."""
    return _answer(session, actor, needs_flow.withdraw_need(session=session, principal=actor, need_id=need_id,
                                                            outbox=OUTBOX))


@router.get("/needs/{need_id}/history", response_model=list[NeedEventView])
def need_history(need_id: str, session: SessionDep, actor: NeedReader) -> list[NeedEventView]:
    """需求的状态历程（发布、审核、匹配、对接、办结……）/ the need's lifecycle, each step with who and why."""
    return aware(needs_flow.history(session=session, principal=actor, need_id=need_id))


@router.get("/needs/{need_id}/details/grants", response_model=list[GrantOut])
def detail_grants(need_id: str, session: SessionDep, actor: NeedReader) -> list[GrantOut]:
    """需求详细信息向哪些机构开放过 / to which provider the need's details were opened, on what basis, and when."""
    return aware(disclosure.grants(session=session, principal=actor, need_id=need_id))


@router.post("/needs/{need_id}/details/open", response_model=GrantOut)
def open_details(need_id: str, session: SessionDep, actor: Discloser) -> GrantOut:
    """企业向承接机构开放详细信息（无需等待协议中的保密条款）/ the enterprise opens the details to the accepted
    provider (without waiting for the agreement's confidentiality clause)."""
    return aware(disclosure.open_details(session=session, principal=actor, need_id=need_id))


@router.post("/needs/{need_id}/details/close", response_model=list[GrantOut])
def close_details(need_id: str, session: SessionDep, actor: Discloser) -> list[GrantOut]:
    """收回：承接机构此后只见脱敏摘要 / close them again: the provider sees the redacted summary from now on."""
    return aware(disclosure.close_details(session=session, principal=actor, need_id=need_id))


@router.get("/needs/{need_id}/result", response_model=NeedResult)
def need_result(need_id: str, session: SessionDep, actor: ResultReader, lang: Lang = "zh") -> NeedResult:
    """对接结果：协调员接受的机构与婉拒理由（不含评分和审核人）；机构只看到与本机构有关的部分 / the provider a
    coordinator accepted and why proposals were declined — not scores, not who reviewed; a center sees only what
    concerns itself."""
    found = needs_flow.outcome(session=session, principal=actor, need_id=need_id, lang=lang)
    out = NeedResult(need_id=need_id, need_status=found.status, progress=_progress(found.progress))
    review = found.review
    if review is None:
        return out
    out.review_status = review.status
    out.declined = [DeclineOut(center_id=d.center_id, reason=d.reason, reason_label=REJECT_REASON_LABELS[d.reason][0]
                               + " / " + REJECT_REASON_LABELS[d.reason][1], text=d.text) for d in review.declined]
    if review.status == ReviewStatus.accepted and review.accepted_center_id:
        out.accepted_center_id, out.accepted_center_name = review.accepted_center_id, review.accepted_center_name
        out.engagement_id = review.engagement_id  # a center sees it only as the accepted one (review_for)
        out.engagement_state = found.engagement_state
    return out
