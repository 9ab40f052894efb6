"""Coordinators' review of the matcher's proposals: the queue, each proposal's explanation and evidence, and the
decisions (accept with alternates, decline with a structured reason, assign by hand, re-match).

The pipeline decides who may take which decision (``authz.tables.REVIEW_ROLES``) and which reviews a center
coordinator sees; :mod:`flows.reviews` adds the orchestration around it (re-running the matcher, marking the need
matched, announcing ``match.accepted`` in the same transaction), for these routes and the review page alike.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from accounts.schemas import Actor
from api.auth.deps import allow
from api.deps import SessionDep, SettingsDep
from api.domain_deps import (
    Limit,
    NeedCorrector,
    Offset,
    ReviewDecider,
    ReviewDecliner,
    ReviewInterested,
    ReviewReader,
    aware,
)
from api.errors import error_responses
from api.matching import MatcherDep
from api.schemas import Page
from api.work_schemas import (
    AcceptIn,
    AssignIn,
    CorrectedField,
    InterestIn,
    NeedCorrectionIn,
    NeedCorrectionOut,
    RejectIn,
    RematchIn,
    UndoDeclineIn,
)
from flows import corrections, reviews_labels
from flows import reviews as reviews_flow
from flows.announce import OUTBOX
from pipeline.schemas import ReviewView
from pipeline.vocab import ReviewStatus

router = APIRouter(prefix="/api/v1/reviews", tags=["coordination"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))
LabelsReader = Annotated[Actor, Depends(allow("review.labels"))]


@router.get("", response_model=Page[ReviewView])
def review_queue(session: SessionDep, actor: ReviewReader, status: ReviewStatus | None = ReviewStatus.pending,
                 limit: Limit = 20, offset: Offset = 0) -> Page[ReviewView]:
    """审核队列（默认待审核），最早在前 / the review queue (pending by default), oldest first."""
    items, total = reviews_flow.queue(session=session, principal=actor, status=status, limit=limit, offset=offset)
    return Page(items=aware(items), total=total, limit=limit, offset=offset)


@router.get("/labels", response_model=list[dict[str, Any]])
def review_labels(session: SessionDep, actor: LabelsReader) -> list[dict[str, Any]]:
    """每个审核决定作为带标签的（需求, 机构）记录，供重新训练排序模型（与 innodock match labels 相同）/ every review
    decision as a labelled (need, center) record with the need's text, for a ranker to be retrained on (the same
    records as ``innodock match labels --out``); a decline undone is none."""
    return reviews_labels.export_labels(session=session, principal=actor)


@router.get("/{review_id}", response_model=ReviewView)
def get_review(review_id: str, session: SessionDep, actor: ReviewReader) -> ReviewView:
    """一份审核：每个建议的解释与证据，以及历轮 / one review: each proposal's reasons and evidence, every round."""
    return aware(reviews_flow.review(session=session, principal=actor, review_id=review_id))


@router.post("/{review_id}/accept", response_model=ReviewView)
def accept(review_id: str, body: AcceptIn, session: SessionDep, actor: ReviewDecider) -> ReviewView:
    """接受一家被建议的机构并开启对接项目；该机构无人能登录办理时需 ``confirm_no_coordinator`` / accept a proposal
    and open the engagement; a provider nobody can log in for needs ``confirm_no_coordinator``."""
    return aware(reviews_flow.accept(session=session, principal=actor, review_id=review_id, center_id=body.center_id,
                                     alternates=body.alternates, version=body.version, outbox=OUTBOX,
                                     confirm_no_coordinator=body.confirm_no_coordinator, reason=body.reason))


@router.post("/{review_id}/interest", response_model=ReviewView)
def interest(review_id: str, body: InterestIn, session: SessionDep, actor: ReviewInterested) -> ReviewView:
    """被建议的机构表示有意承接（仍由协会决定）/ a proposed center says it can take the need (the association
    decides)."""
    return aware(reviews_flow.express_interest(session=session, principal=actor, review_id=review_id,
                                               note=body.note))


@router.post("/{review_id}/reject", response_model=ReviewView)
def reject(review_id: str, body: RejectIn, session: SessionDep, actor: ReviewDecliner) -> ReviewView:
    return aware(reviews_flow.reject(session=session, principal=actor, review_id=review_id, reason=body.reason,
                                     text=body.text, center_id=body.center_id, version=body.version,
                                     outbox=OUTBOX))


@router.post("/{review_id}/undo-decline", response_model=ReviewView)
def undo_decline(review_id: str, body: UndoDeclineIn, session: SessionDep, actor: ReviewDecider) -> ReviewView:
    """撤销本轮对一个机构的婉拒（协会，审核未决时）/ undo a wrong decline within its round (the association, while
    the review is open); the decline stays on record."""
    return aware(reviews_flow.undo_decline(session=session, principal=actor, review_id=review_id,
                                           center_id=body.center_id, version=body.version))


@router.post("/{review_id}/assign", response_model=ReviewView)
def assign(review_id: str, body: AssignIn, session: SessionDep, actor: ReviewDecider) -> ReviewView:
    """人工指派一家机构并开启对接项目；该机构无人能登录办理时需 ``confirm_no_coordinator`` / give the need to a
    provider by hand and open the engagement; a provider nobody can log in for needs ``confirm_no_coordinator``."""
    return aware(reviews_flow.assign(session=session, principal=actor, review_id=review_id, center_id=body.center_id,
                                     note=body.note, alternates=body.alternates, version=body.version,
                                     outbox=OUTBOX, confirm_no_coordinator=body.confirm_no_coordinator))


@router.post("/{review_id}/rematch", response_model=ReviewView)
def rematch(review_id: str, body: RematchIn, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
            actor: ReviewDecider) -> ReviewView:
    """需求变更后重新匹配（保留历轮）；已因不适合被婉拒的机构不再推荐，除非 include_declined / re-run the matcher on
    the need as it is now; earlier rounds are kept. A center declined as unsuitable for this need (or a near-duplicate
    of it) is not proposed again unless ``include_declined``."""
    return aware(reviews_flow.rematch(session=session, settings=settings, matcher=setup, principal=actor,
                                      review_id=review_id, note=body.note, version=body.version,
                                      outbox=OUTBOX, include_declined=body.include_declined))


@router.patch("/{review_id}/need", response_model=NeedCorrectionOut)
def correct_need(review_id: str, body: NeedCorrectionIn, session: SessionDep,
                 actor: NeedCorrector) -> NeedCorrectionOut:
    """协调员修正审核中需求的要点（产品、行业、服务类型、标题、地区、期限、预算、资质；保密只能提高）：记入需求历史，
    通知企业（修改前后），重新发布公开信息；不自动重新匹配 / correct the key fields of the need under review (product,
    industry, service types, title, region, deadline, budget, qualifications; confidentiality only raised): each
    correction is in the need's history with who and when, the enterprise is told what changed (old → new), a
    published need's public view is rebuilt and ``need.published`` sent again; the matcher is not re-run (``POST
    …/rematch`` when wanted). An unknown industry or service type is refused naming its field, several at once, and
    nothing changes."""
    done = corrections.correct_need(session=session, principal=actor, review_id=review_id,
                                    changes=body.model_dump(exclude_none=True), outbox=OUTBOX)
    return NeedCorrectionOut(review_id=done.review_id, need_id=done.need_id,
                             changes=[CorrectedField(field=c.field, old=c.old, new=c.new) for c in done.changes],
                             title=done.need.title, product=done.need.product, industry=done.need.industry,
                             service_types=[s.value for s in done.need.service_types],
                             region=done.need.region.model_dump(), deadline=done.need.deadline,
                             budget={"min_yuan": done.need.budget.min_yuan, "max_yuan": done.need.budget.max_yuan},
                             qualifications=list(done.need.qualifications), confidential=done.need.confidential)
