"""The coordinators' pages: the review queue, one review with each proposal's explanation and evidence, accept/reject,
and the engagement board by state with a detail page whose buttons are the transitions allowed now.

Every decision carries the version the coordinator saw, so a decision made meanwhile by someone else is refused
(stale version) instead of being overwritten; the page then shows the pipeline's message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from api.auth.schemas import Actor
from api.auth.vocab import Role
from api.deps import SessionDep
from api.i18n import language
from api.views.ui_common import (
    DecidePage,
    DeclinePage,
    EngagementActPage,
    EngagementPage,
    InterestPage,
    PageNotFound,
    ReviewPage,
    form_post,
    label,
    pipeline_actor,
    render,
)
from api.views.ui_need import center_need_rows, need_rows
from api.webhooks.outbox import OUTBOX
from authz.policy import refusal
from authz.tables import REVIEW_ROLES
from core.errors import NotFoundError
from flows import access, catalog, workflow
from flows import engagements as engagements_flow
from flows import reviews as reviews_flow
from flows.matching import MatcherSetup
from pipeline.schemas import MatchProposal, ReviewView
from pipeline.vocab import REJECT_REASON_LABELS, REVIEW_STATUS_LABELS, RejectReason, ReviewStatus

router = APIRouter(include_in_schema=False)

TRANSITION_LABELS: dict[str, tuple[str, str]] = {
    "reach_agreement": ("达成一致", "reach agreement"),
    "sign_agreement": ("签订技术服务协议", "sign the agreement"),
    "form_team": ("成立项目组", "form the team"),
    "submit_plan": ("提交服务方案", "submit the plan"),
    "approve_plan": ("评审通过", "approve the plan"),
    "reject_plan": ("评审未通过", "send the plan back"),
    "resubmit_plan": ("重新提交方案", "resubmit the plan"),
    "submit_results": ("提交服务成果", "submit results"),
    "pass_acceptance": ("验收通过", "pass acceptance"),
    "fail_acceptance": ("验收未通过", "fail acceptance"),
    "withdraw": ("撤回", "withdraw"),
    "terminate": ("终止", "terminate"),
}
assert set(TRANSITION_LABELS) == set(workflow.transitions()), "every transition needs a button label"
OPENED = ("开启对接", "opened")
# Steps that file a whole record (seed 000 Figure 1: the signed agreement, the project team, the delivery with its
# result files) have their own form.
RECORD_FORMS = ("sign_agreement", "form_team", "submit_results")


def _note_payload(transition: str, note: str) -> dict[str, Any]:
    """The one text box of a step, put where the step's guard (pipeline.guards) reads it; steps that need a whole
    record (the signed agreement, the team) take it through the API."""
    if not note:
        return {}
    if transition in ("submit_plan", "resubmit_plan"):
        return {"plan": note}
    if transition in ("approve_plan", "reject_plan"):
        return {"opinion": note}
    if transition in ("withdraw", "terminate"):
        return {"reason": note}
    if transition in ("pass_acceptance", "fail_acceptance"):
        return {"reasons": [note]}
    if transition == "submit_results":
        return {"delivery": {"note": note}}
    return {"note": note}


def engagement_state_labels(lang: str) -> dict[str, str]:
    """The machine's own state names ("技术、商务沟通 communicating") split into the page's language."""
    return workflow.state_labels(lang)


def evidence(proposal: MatchProposal) -> dict[str, list[dict[str, Any]]]:
    """The stored reasons, grouped the way a coordinator reads them: passages, shared terms, rules, score parts."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for reason in proposal.reasons:
        data = reason.model_dump()
        kind = {"passage": "passages", "terms": "terms", "rule": "rules", "score": "score_parts"}.get(
            reason.kind, "other_reasons")
        if kind == "score_parts":
            data["parts"] = {k: v for k, v in data.items() if k not in ("kind", "text") and isinstance(v, int | float)}
        groups[kind].append(data)
    return dict(groups)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, actor: ReviewPage, session: SessionDep, error: str = "") -> HTMLResponse:
    lang = language(request)
    reviews, _ = reviews_flow.queue(session=session, principal=actor, status=ReviewStatus.pending)
    decided = reviews_flow.decided(session=session, principal=actor, last=20)
    statuses = {s.value: label(v, lang) for s, v in REVIEW_STATUS_LABELS.items()}
    return render(request, "ui_review_queue.html", actor=actor, reviews=reviews, decided=decided,
                  statuses=statuses, error=error[:300], may_assign=refusal(actor, "assignment.run") == "ok")


@router.get("/review/{review_id}", response_class=HTMLResponse)
def review_page(request: Request, review_id: str, actor: ReviewPage, session: SessionDep,
                error: str = "") -> HTMLResponse:
    lang = language(request)
    who = pipeline_actor(actor)
    try:
        review = reviews_flow.review(session=session, principal=actor, review_id=review_id[:64])
    except NotFoundError:
        raise PageNotFound(actor) from None
    read = access.read_need(session=session, principal=actor, need_id=review.need_id)
    rows = need_rows(read.need, lang) if read.need is not None else center_need_rows(read.center, lang)
    declined = {d.center_id for d in review.declined}
    # A center that left (re-docking) is no longer among this round's proposals: its name is in an earlier round's.
    names = {p.center_id: p.center_name for r in review.rounds for p in r.proposals}
    names.update({p.center_id: p.center_name for p in review.proposals})
    return render(
        request, "ui_review.html", actor=actor, review=review, need=read.need or read.center, rows=rows,
        items=[{"p": p, "ev": evidence(p), "declined": p.center_id in declined,
                "interested": next((i for i in review.interested if i.center_id == p.center_id), None)}
               for p in review.proposals],
        status_label=label(REVIEW_STATUS_LABELS[review.status], lang), error=error[:300],
        declines=[{"center": names.get(d.center_id, d.center_id) if d.center_id else None,
                   "reason": label(REJECT_REASON_LABELS[d.reason], lang), "text": d.text}
                  for d in review.declined],
        reasons=[(r.value, label(REJECT_REASON_LABELS[r], lang)) for r in RejectReason],
        may_accept=who.role in REVIEW_ROLES["accept"], may_reject=who.role in REVIEW_ROLES["reject"],
        own_center=actor.center_id, is_center=actor.role == Role.center_coordinator,
        centers=catalog.assignable_centers(session=session, proposed={p.center_id for p in review.proposals})
        if who.role in REVIEW_ROLES["accept"] else [],
    )


@router.post("/review/{review_id}/accept")
def review_accept(
    review_id: str, actor: DecidePage, session: SessionDep,
    center_id: Annotated[str, Form(max_length=64)], version: Annotated[int, Form(ge=0)],
    alternates: Annotated[list[str] | None, Form(max_length=20)] = None,
) -> Response:
    back = f"/review/{review_id[:64]}"
    return form_post(session=session, actor=actor, back=back, missing="review_id", then=_engagement_or(back),
                     act=lambda: reviews_flow.accept(session=session, principal=actor, review_id=review_id[:64],
                                                     center_id=center_id, alternates=alternates or [],
                                                     version=version, outbox=OUTBOX))


@router.post("/review/{review_id}/assign")
def review_assign(
    review_id: str, actor: DecidePage, session: SessionDep,
    center_id: Annotated[str, Form(min_length=1, max_length=64)], version: Annotated[int, Form(ge=0)],
    note: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/assign``: a provider the matcher missed, with the reason."""
    back = f"/review/{review_id[:64]}"
    return form_post(session=session, actor=actor, back=back, missing="review_id", then=_engagement_or(back),
                     act=lambda: reviews_flow.assign(session=session, principal=actor, review_id=review_id[:64],
                                                     center_id=center_id, note=note.strip(), alternates=[],
                                                     version=version, outbox=OUTBOX))


@router.post("/review/{review_id}/rematch")
def review_rematch(
    request: Request, review_id: str, actor: DecidePage, session: SessionDep,
    version: Annotated[int, Form(ge=0)], note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/rematch``: the matcher again, on the need as it is now."""
    setup: MatcherSetup = getattr(request.app.state, "matcher", None) or MatcherSetup()
    return form_post(session=session, actor=actor, back=f"/review/{review_id[:64]}", missing="review_id",
                     act=lambda: reviews_flow.rematch(session=session, settings=request.app.state.settings,
                                                      matcher=setup, principal=actor, review_id=review_id[:64],
                                                      note=note.strip() or None, version=version, outbox=OUTBOX))


@router.post("/review/{review_id}/interest")
def review_interest(
    review_id: str, actor: InterestPage, session: SessionDep, note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/interest``: the proposed center can take the need."""
    return form_post(session=session, actor=actor, back=f"/review/{review_id[:64]}", missing="review_id",
                     act=lambda: reviews_flow.express_interest(session=session, principal=actor,
                                                               review_id=review_id[:64], note=note.strip() or None))


@router.post("/review/{review_id}/reject")
def review_reject(
    review_id: str, actor: DeclinePage, session: SessionDep,
    reason: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=0)],
    text: Annotated[str, Form(max_length=2000)] = "", center_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    return form_post(session=session, actor=actor, back=f"/review/{review_id[:64]}", missing="review_id",
                     act=lambda: reviews_flow.reject(session=session, principal=actor, review_id=review_id[:64],
                                                     reason=reason, text=text, center_id=center_id or None,
                                                     version=version))


@router.get("/engagements", response_class=HTMLResponse)
def engagement_board(request: Request, actor: EngagementPage, session: SessionDep) -> HTMLResponse:
    lang = language(request)
    by_state = engagements_flow.board(session=session, principal=actor, today=date.today())
    states = engagement_state_labels(lang)
    columns = [(s, states[s], by_state[s]) for s in workflow.states()
               if by_state[s] or s not in workflow.final_states()]
    return render(request, "ui_engagements.html", actor=actor, columns=columns,
                  total=sum(len(rows) for rows in by_state.values()))


@router.get("/engagements/{engagement_id}", response_class=HTMLResponse)
def engagement_page(request: Request, engagement_id: str, actor: EngagementPage, session: SessionDep,
                    error: str = "") -> HTMLResponse:
    lang = language(request)
    try:
        shown = engagements_flow.page(session=session, principal=actor, engagement_id=engagement_id[:64],
                                      today=date.today())
    except NotFoundError:
        raise PageNotFound(actor) from None
    detail = shown.detail
    states = engagement_state_labels(lang)
    forms = {t for t in RECORD_FORMS if t in detail.allowed_transitions}
    read = shown.need  # at the viewer's level: whole, the summary, or nothing for a center that left
    need = (read.need or read.center) if read is not None else None
    rows = [] if read is None else need_rows(read.need, lang) if read.need is not None else center_need_rows(
        read.center, lang)
    return render(request, "ui_engagement.html", actor=actor, e=detail, states=states, error=error[:300],
                  need=need, need_rows=rows, forms=forms, experts=shown.experts,
                  expert_names={x.id: x.name for x in shown.experts}, today=date.today().isoformat(),
                  thread=shown.thread, may_message=shown.may_message, file_kinds=shown.file_kinds,
                  may_feedback=shown.may_feedback, may_handle=shown.may_handle,
                  buttons=[(t, label(TRANSITION_LABELS[t], lang)) for t in detail.allowed_transitions
                           if t not in RECORD_FORMS],
                  steps={t: label(v, lang) for t, v in (*TRANSITION_LABELS.items(), (workflow.OPEN_EVENT, OPENED))})


@router.post("/engagements/{engagement_id}/advance")
def engagement_advance(
    engagement_id: str, actor: EngagementActPage, session: SessionDep,
    transition: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=0)],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    return _step_form(session=session, actor=actor, engagement_id=engagement_id, transition=transition,
                      version=version, payload=_note_payload(transition, note.strip()))


@router.post("/engagements/{engagement_id}/feedback")
def engagement_feedback(
    engagement_id: str, actor: EngagementActPage, session: SessionDep,
    satisfaction: Annotated[int | None, Form(ge=1, le=5)] = None,
    complaint: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/feedback``: the client's survey and complaint."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id",
                     act=lambda: engagements_flow.file_feedback(session=session, principal=actor,
                                                                engagement_id=engagement_id[:64],
                                                                satisfaction=satisfaction,
                                                                complaint=complaint.strip() or None, outbox=OUTBOX))


@router.post("/engagements/{engagement_id}/complaints/{feedback_id}/handling")
def engagement_complaint_handling(
    engagement_id: str, feedback_id: Annotated[int, Path(ge=1, le=2_147_483_647)], actor: EngagementActPage,
    session: SessionDep, handling: Annotated[str, Form(min_length=1, max_length=2000)],
    resolved: Annotated[bool, Form()] = False,
) -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/complaints/{fid}/handling``."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id",
                     act=lambda: engagements_flow.handle_complaint(session=session, principal=actor,
                                                                   engagement_id=engagement_id[:64],
                                                                   feedback_id=feedback_id, handling=handling,
                                                                   resolved=resolved))


def _engagement_or(back: str) -> Callable[[ReviewView], str]:
    """After an accept or an assignment: to the engagement it opened."""
    return lambda review: f"/engagements/{review.engagement_id}" if review.engagement_id else back


def _step_form(*, session: SessionDep, actor: Actor, engagement_id: str, transition: str, version: int,
               payload: dict[str, Any]) -> Response:
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id",
                     act=lambda: engagements_flow.advance(session=session, principal=actor,
                                                          engagement_id=engagement_id[:64], transition=transition,
                                                          version=version, payload=payload, outbox=OUTBOX))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.post("/engagements/{engagement_id}/agreement")
def engagement_agreement(
    engagement_id: str, actor: EngagementActPage, session: SessionDep, version: Annotated[int, Form(ge=0)],
    scope: Annotated[str, Form(max_length=2000)] = "", deliverables: Annotated[str, Form(max_length=4000)] = "",
    price_yuan: Annotated[str, Form(max_length=20)] = "", schedule: Annotated[str, Form(max_length=500)] = "",
    deadline: Annotated[str, Form(max_length=10)] = "",
    confidentiality_clause: Annotated[str, Form(max_length=2000)] = "",
    signed_on: Annotated[str, Form(max_length=10)] = "", client_party: Annotated[str, Form(max_length=300)] = "",
    provider_party: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """签订技术服务协议, the same step as the API's ``sign_agreement`` with its ``agreement`` record: a clause on
    confidentiality opens the need's details to the provider (seed 000 §5.2.4)."""
    agreement = {"scope": scope, "deliverables": _lines(deliverables), "price_yuan": price_yuan or None,
                 "schedule": schedule, "deadline": deadline or None,
                 "confidentiality_clause": confidentiality_clause, "signed_on": signed_on or None,
                 "client_party": client_party, "provider_party": provider_party}
    return _step_form(session=session, actor=actor, engagement_id=engagement_id, transition="sign_agreement",
                      version=version, payload={"agreement": agreement})


@router.post("/engagements/{engagement_id}/team")
def engagement_team(
    engagement_id: str, actor: EngagementActPage, session: SessionDep, version: Annotated[int, Form(ge=0)],
    lead: Annotated[str, Form(max_length=64)] = "",
    members: Annotated[list[str] | None, Form(max_length=20)] = None,
    lead_exception: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """成立项目组, the same step as the API's ``form_team``: the §4.2.1 lead and §4.2.2 member checks of
    ``pipeline.guards`` answer on the page; an exception for the lead needs its reason written down."""
    team = {"lead": lead, "members": [m for m in members or [] if m and m != lead],
            "lead_exception": lead_exception.strip() or None}
    return _step_form(session=session, actor=actor, engagement_id=engagement_id, transition="form_team",
                      version=version, payload={"team": team})
