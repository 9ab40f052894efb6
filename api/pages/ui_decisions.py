"""The deciding authorities' page (issue 29, item 3): ``/decisions`` lists the lifecycle decisions the association
prepared for an authority — an officer sees those of their body and jurisdiction, each with the form that takes it
(accept with the decision's date and document, or send it back); the association sees all it sent and prepares a new
one. Each handler parses the form and calls one flow (``flows.decisions``); who may do what is ``authz``
(``decision.read``, ``decision.take``, ``provider.decide``) and ``authz.policy.check_decision`` on the object.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor
from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import ProviderDecidePage, form_post, page, render
from api.pages.ui_format import china_today, clause, names_in
from api.pages.ui_people import people
from authz.policy import refusal
from authz.vocab import AUTHORITY_LABELS, AuthorityBody
from flows import applications, decisions
from flows import providers as providers_flow
from flows.announce import OUTBOX
from providers.schemas import STEP_FIELDS

router = APIRouter(include_in_schema=False)
DecisionPage = Annotated[Actor, Depends(page("decision.read"))]
TakeDecisionPage = Annotated[Actor, Depends(page("decision.take"))]


def _one(piece: str, lang: str) -> str:
    """One seed clause by its document's title (``ui_format.clause``), without its "依据：" lead."""
    return clause(piece, lang).removeprefix("依据：")


def _cite(text: str, reading: bool, lang: str) -> str:
    said = "；".join(_one(p.split(" (")[0].strip(), lang) for p in text.split(";") if p.strip())
    return said + (("（本项目的解读）" if lang == "zh" else " (our reading)") if reading else "")


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(request: Request, actor: DecisionPage, session: SessionDep) -> HTMLResponse:
    lang = language(request)
    waiting = decisions.waiting(session=session, principal=actor)
    done = decisions.decided(session=session, principal=actor)
    records = decisions.records(session=session, principal=actor, today=china_today())
    # What was filed, for the decision on an application: the officer decided without it (the provider's life walked
    # as a new user, 2026-11-28). A provider of the catalog that never applied here has none to link.
    filed = {cid for cid in {i.proposal.center_id for i in waiting}
             if applications.application(session=session, principal=actor, center_id=cid) is not None}
    may_prepare = refusal(actor, "provider.decide") == "ok"
    providers: list[Any] = []
    steps: dict[str, str] = providers_flow.step_labels(lang)
    givable: list[tuple[str, str]] = []
    if may_prepare:
        profiles = {p.id: p for p in providers_flow.profiles()}
        rows = providers_flow.provider_list(session=session, principal=actor, today=china_today())
        providers = [r for r in rows if profiles[r.lifecycle.profile].authorities.items]
        given = {d.transition for p in profiles.values() for d in p.authorities.items}
        givable = [(t, steps.get(t, t)) for t in providers_flow.transitions() if t in given]
    body = AuthorityBody(actor.authority_body) if actor.authority_body else None
    # A provider page's link names the provider and the decision to prepare: chosen in the form, never the list's
    # first provider (the provider's life walked as a new user, 2026-11-28: the link opened the form on another one).
    chosen_center, chosen_step = request.query_params.get("center_id"), request.query_params.get("transition")
    return render(request, "ui_decisions.html", actor=actor, waiting=waiting, decided=done, may_prepare=may_prepare,
                  may_take=refusal(actor, "decision.take") == "ok", providers=providers, givable=givable,
                  steps=steps, today=china_today().isoformat(), records=records, filed=filed, step_fields=STEP_FIELDS,
                  # a provider's record, each step as it read where it was taken (an application withdrawn: 撤回申请)
                  step_at=lambda e: providers_flow.step_said(e.transition, lang, from_state=e.from_state,
                                                             to_state=e.to_state),
                  chosen_center=chosen_center, chosen_step=chosen_step,
                  states=providers_flow.state_labels(lang),
                  authority=(AUTHORITY_LABELS[body][0 if lang == "zh" else 1] if body else None),
                  where=decisions.jurisdiction_label(actor.jurisdiction, lang),
                  body_label=lambda b: decisions.body_label(b, lang),
                  cite=lambda item: _cite(item.clause, item.reading, lang),
                  # the proposer by name and role ("协会协调员"), never the username of its audit label
                  who=people(session=session, actors=[i.proposal.proposed_by for i in waiting]
                             + [i.proposal.decided_by for i in done], lang=lang).get)


@router.post("/decisions/prepare")
def decision_prepare(actor: ProviderDecidePage, session: SessionDep,
                     center_id: Annotated[str, Form(max_length=64)], transition: Annotated[str, Form(max_length=40)],
                     grounds: Annotated[str, Form(max_length=2000)] = "",
                     deadline: Annotated[str, Form(max_length=10)] = "") -> Response:
    """The association prepares a decision for the authority the provider's profile gives it to."""
    payload = {"deadline": deadline.strip()} if deadline.strip() else {}
    return form_post(session=session, actor=actor, back="/decisions", missing="center_id",
                     notice="notice_decision_prepared",
                     act=lambda: decisions.prepare(session=session, principal=actor, center_id=center_id,
                                                   transition=transition, grounds=grounds, payload=payload,
                                                   outbox=OUTBOX))


@router.post("/decisions/{proposal_id}/take")
def decision_take(proposal_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], actor: TakeDecisionPage,
                  session: SessionDep, accept: Annotated[bool, Form()],
                  decided_on: Annotated[str, Form(max_length=10)] = "",
                  decision_document: Annotated[str, Form(max_length=300)] = "",
                  deadline: Annotated[str, Form(max_length=10)] = "",
                  experts: Annotated[str, Form(max_length=500)] = "",
                  opinion: Annotated[str, Form(max_length=2000)] = "",
                  note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The authority's officer takes a prepared decision (or sends it back with a note); approving a build or passing
    acceptance with the experts and their opinion (seed 002 二(二)2–3), as the provider page's decision form."""
    payload: dict[str, Any] = {k: v.strip() for k, v in (("decided_on", decided_on),
                                                          ("decision_document", decision_document),
                                                          ("deadline", deadline), ("opinion", opinion)) if v.strip()}
    if experts.strip():
        payload["experts"] = names_in(experts)
    return form_post(session=session, actor=actor, back="/decisions", missing="proposal_id",
                     notice="notice_decision_taken" if accept else "notice_decision_returned",
                     act=lambda: decisions.take(session=session, principal=actor, proposal_id=proposal_id,
                                                accept=accept, today=china_today(), outbox=OUTBOX, payload=payload,
                                                note=note or None))
