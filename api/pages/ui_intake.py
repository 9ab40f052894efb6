"""The enterprise's pages: the intake chat (the structured need fills in as they talk) and "my needs".

The chat posts each message to ``/ui/intake/message`` (JSON) and gets back the draft need, already labelled for the
page's language, and the next question. Submitting saves the need and hands it to :func:`flows.needs.submit_need`,
the same use case as the JSON API's submit: published, announced, matched, queued for review.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from accounts.schemas import Actor
from api.deps import JobsConfigDep, SessionDep
from api.i18n import chosen_language, language, page_choice
from api.intake_setup import IntakeDep
from api.needs_schemas import CARD_TEXT_MAX, CHAT_MESSAGE_MAX, CardFieldsIn
from api.pages import ui_guide
from api.pages.ui_common import (
    ChatApi,
    ChatPage,
    DisclosePage,
    EditNeedPage,
    MyNeedsPage,
    PageNotFound,
    WithdrawPage,
    form_post,
    label,
    redirect,
    render,
)
from api.pages.ui_i18n import MERGED
from api.pages.ui_need import need_rows
from api.pages.ui_review import engagement_state_labels
from api.shared import need_page_url, paced, queue_refinement
from core import china_time
from core.errors import InnodockError, NotFoundError
from flows import disclosure, feed, similar_needs
from flows import needs as needs_flow
from flows.announce import OUTBOX
from flows.matching import MatcherSetup
from intake.schemas import Budget, Need, SessionView, wan
from kb.vocab import SERVICE_TYPE_EXAMPLES, SERVICE_TYPE_LABELS, ServiceType
from pipeline.schemas import ReviewView
from pipeline.vocab import REJECT_REASON_LABELS, RejectReason, ReviewStatus

router = APIRouter(include_in_schema=False)
# What a page's text field takes before the use case reads it: far over any field's own limit, which the use case
# says by name (a bound on what is read, not the field's rule).
FORM_TEXT_MAX = 20_000



class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=CHAT_MESSAGE_MAX)
    session_id: str | None = Field(default=None, max_length=64)


class SubmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    # The page asks on the first click whether an open need of the enterprise is nearly the same
    # (flows.similar_needs); its "submit anyway" sends the need without it.
    check_similar: bool = False


class DiscardIn(BaseModel):
    """The chat page's other answer to the similar-need question: go to the earlier need, discard this draft."""

    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    need_id: str = Field(min_length=1, max_length=64, description="the earlier need the enterprise goes to")


# The card's controls (issue 27): every field the enterprise may set itself (the industry picked from GB/T 4754's
# groups, searched by typing, or typed in its own words).
CARD_FIELDS = ("title", "service_types", "product", "industry", "region", "deadline", "budget", "qualifications",
               "confidential")
# (the qualifications row edits both lists, required and wished: 必须 / 优先)
QUALIFICATIONS = ("CMA", "CNAS", "保密资质")


class FieldsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    changes: CardFieldsIn


def _budget_words(low: int | None, high: int | None, lang: str = "zh") -> str:
    """A budget as a person types it, which the budget reader reads back: "15万", "10到30万", "不超过5000"; on the
    English page "RMB 150,000", "RMB 100,000-300,000", "up to RMB 5,000" (the editor opened with "8万" there)."""
    def one(v: int) -> str:
        return f"{wan(v)}万" if v >= 10_000 and v % 1000 == 0 else str(v)

    if lang == "en":
        if low is not None and high is not None:
            return f"RMB {low:,}" if low == high else f"RMB {low:,}-{high:,}"
        if high is not None:
            return f"up to RMB {high:,}"
        return f"RMB {low:,} or more" if low is not None else ""
    if low is not None and high is not None:
        return one(low) if low == high else f"{one(low)}到{one(high)}"
    if high is not None:
        return f"不超过{one(high)}"
    return f"{one(low)}以上" if low is not None else ""


def _region_words(province: str | None, city: str | None, lang: str) -> str:
    """The region as the card shows it, which the region reader reads back: "江苏省常州市", or "Changzhou, Jiangsu" on
    the English page (the editor opened with the Chinese name beside a card saying it in English)."""
    chinese = "".join(p for p in dict.fromkeys((province, city)) if p)
    if lang == "en" and province:
        return needs_flow.region_in_english(province, city) or chinese
    return chinese


# A currency named in an amount's words ("八千欧元", "1,200 US dollars", "USD 3,000").
_NAMES_CURRENCY = re.compile(r"(美元|美金|欧元|日元|港币|港元|英镑|[$€£¥]|\b[A-Z]{3}\b|dollars?|euros?)", re.I)


def _foreign_words(budget: Budget) -> str:
    """A budget in another currency as the editor opens it: the words it was read from, with its currency where they
    name none ("两三千" of US dollars is "两三千 USD"), which the budget reader reads back in that currency (the editor
    opened empty, as if no budget had been given)."""
    words = (budget.amount_text or "").strip()
    if not words:
        return ""
    return words if _NAMES_CURRENCY.search(words) else f"{words} {budget.currency}"


def card_values(need: Need, lang: str = "zh") -> dict[str, Any]:
    """The need card's controls as the enterprise last left them (what an editor opens with), in the page's
    language where they are words."""
    return {
        "title": need.title or "", "service_types": [s.value for s in need.service_types],
        "product": need.product or "", "industry": needs_flow.industry_in(need.industry, lang) or "",
        "region": _region_words(need.region.province, need.region.city, lang),
        "local_only": need.local_only, "deadline": need.deadline.isoformat() if need.deadline else "",
        "budget": _foreign_words(need.budget) if need.budget.currency != "CNY" else
        _budget_words(need.budget.min_yuan, need.budget.max_yuan, lang),
        "qualifications": list(need.qualifications),
        "preferred_qualifications": list(need.preferred_qualifications), "confidential": need.confidential,
    }


def session_json(view: SessionView, lang: str) -> dict[str, Any]:
    return {
        "session_id": view.id, "need_id": view.need.id, "done": view.done, "question": view.question,
        "ask_field": view.ask_field, "error": view.error,
        "need": need_rows(view.need, lang, phrases=True), "card": card_values(view.need, lang),
        "missing": [MERGED[lang].get(f"f_{m}", m) for m in view.need.missing],
        "turns": [t.model_dump() for t in view.turns],
        "submittable": not view.blockers, "blockers": [b.message(lang) for b in view.blockers],
        # a need already submitted is not changed in the chat: its card offers no 修改, and says why beforehand (a
        # new user's trial, 2026-11-29: the buttons stayed and said so only after a click)
        "submitted": not needs_flow.submittable(view.need.status),
        # what will be public once submitted, from the need this request read (no query of its own)
        "preview": needs_flow.public_preview(view.need, lang).model_dump(),
    }


@router.get("/intake", response_class=HTMLResponse)
def intake_page(request: Request, actor: ChatPage, session: SessionDep, s: str = "", need: str = "",
                new: str = "") -> Response:
    """The chat: a conversation named by ``s``, a draft to amend (``need``: the "my needs" page's link for a need
    sent back), or else the enterprise's latest unsubmitted conversation, so a language switch, a new login or
    another device picks up where it stopped, never a need the association returned (the header's "提出需求" is a
    new need); ``new`` starts afresh."""
    lang = language(request)
    chosen = page_choice(request)
    view = None
    if s:
        try:
            view = needs_flow.chat_view(session=session, principal=actor, session_id=s[:64], page_language=chosen)
        except NotFoundError:
            view = None
    elif need:
        try:
            view = needs_flow.amend_chat(session=session, principal=actor, need_id=need[:64], today=china_time.today(),
                                         page_language=chosen)
            session.commit()
        except NotFoundError:
            raise PageNotFound(actor) from None
        except InnodockError as exc:
            session.rollback()
            return redirect("/needs", error=exc.message)
    elif not new:
        view = needs_flow.resume_chat(session=session, principal=actor, page_language=chosen)
    state = session_json(view, lang) if view else None
    # A returned need is amended only by choice: the banner names it, with the way to a new need instead; on a new
    # need's page the returned ones are named with the way to them (not opened: flows.needs.resume_chat).
    returned = needs_flow.returned_needs(session=session, principal=actor)
    amending = next((r for r in returned if view is not None and r.need_id == view.need.id), None)
    empty = need_rows(Need(text="-"), lang)
    return render(request, "ui_intake.html", actor=actor, state=state, amending=amending,
                  returned=[] if view is not None else returned,
                  rows=state["need"] if state else [dict(r, value=None) for r in empty], editable=CARD_FIELDS,
                  service_choices=[{"value": st.value, "label": label(SERVICE_TYPE_LABELS[st], lang),
                                    "examples": label(SERVICE_TYPE_EXAMPLES[st], lang)} for st in ServiceType],
                  qualification_choices=QUALIFICATIONS, industry_choices=needs_flow.industry_choices(lang),
                  card_limits=CARD_TEXT_MAX, chat_max=CHAT_MESSAGE_MAX,
                  guide=ui_guide.intake_guide(lang, review_days=request.app.state.settings.review_expected_workdays))


@router.post("/ui/intake/message")
def intake_message(body: MessageIn, request: Request, actor: ChatApi, session: SessionDep,
                   reading: IntakeDep) -> dict[str, Any]:
    lang = language(request)
    paced(request, actor)
    if body.session_id:
        view = needs_flow.chat(session=session, principal=actor, session_id=body.session_id, text=body.text,
                               reader=reading.reader, page_language=chosen_language(request))
    else:
        view = needs_flow.start_chat(session=session, enterprise=needs_flow.enterprise_of(actor),
                                     text=body.text, today=china_time.today(), reader=reading.reader, principal=actor,
                                     page_language=chosen_language(request))
    session.commit()  # the next message may arrive before the dependency's own commit (see ui_common)
    return session_json(view, lang)


@router.post("/ui/intake/fields")
def intake_fields(body: FieldsIn, request: Request, actor: ChatApi, session: SessionDep,
                  reading: IntakeDep) -> dict[str, Any]:
    """The need card's controls: the same use case as ``POST /api/v1/intake/sessions/{id}/fields``, paced with the
    chat's messages."""
    paced(request, actor)
    view = needs_flow.edit_chat(session=session, principal=actor, session_id=body.session_id,
                                changes=body.changes.changes(), reader=reading.reader,
                                page_language=chosen_language(request))
    session.commit()
    return session_json(view, language(request))


def submit_need(*, request: Request, session: Session, actor: Actor, session_id: str) -> ReviewView:
    """The chat's need, confirmed as it stands, submitted through the same flow as ``POST /api/v1/needs/{id}/submit``
    (published, announced, matched with the app's matcher, queued)."""
    setup: MatcherSetup = getattr(request.app.state, "matcher", None) or MatcherSetup()
    return needs_flow.submit_chat(session=session, settings=request.app.state.settings, matcher=setup,
                                  principal=actor, session_id=session_id, outbox=OUTBOX)


@router.post("/ui/intake/submit")
def intake_submit(body: SubmitIn, request: Request, actor: ChatApi, session: SessionDep, reading: IntakeDep,
                  queue: JobsConfigDep) -> dict[str, Any]:
    if body.check_similar:
        setup: MatcherSetup = getattr(request.app.state, "matcher", None) or MatcherSetup()
        similar = similar_needs.similar_to_chat(session=session, settings=request.app.state.settings, matcher=setup,
                                                principal=actor, session_id=body.session_id, lang=language(request))
        if similar is not None:  # not refused: asked, with the earlier need to look at, and nothing submitted
            words = MERGED[language(request)]
            # two choices, said plainly (the big submit button only asked again, and an abandoned draft stayed)
            return {"similar": {"need_id": similar.need_id, "title": similar.title, "said": similar.said,
                                "link": f"/needs#{similar.need_id}", "open": words["similar_open"],
                                "choose": words["similar_choose"], "go_on": words["similar_go_on"],
                                "discard": words["similar_discard"], "discard_hint": words["similar_discard_hint"]}}
    review = submit_need(request=request, session=session, actor=actor, session_id=body.session_id)
    queue_refinement(session=session, settings=request.app.state.settings, queue=queue, reading=reading,
                     actor=actor, need_id=review.need_id)
    session.commit()  # the page goes to /needs at once
    return {"need_id": review.need_id, "review_id": review.id, "proposals": len(review.proposals),
            "redirect": f"/needs#{review.need_id}"}


@router.post("/ui/intake/similar/discard")
def intake_discard(body: DiscardIn, actor: ChatApi, session: SessionDep) -> dict[str, Any]:
    """The similar-need question's "go to the need already submitted and discard this draft"
    (``flows.similar_needs.discard_for_earlier``): the draft is withdrawn, and the page goes to the earlier need."""
    path = similar_needs.discard_for_earlier(session=session, principal=actor, session_id=body.session_id,
                                             earlier_id=body.need_id, outbox=OUTBOX)
    session.commit()  # the page leaves at once
    return {"redirect": path}


@router.get("/needs", response_class=HTMLResponse)
def needs_page(request: Request, actor: MyNeedsPage, session: SessionDep, error: str = "",
               saved: str = "") -> HTMLResponse:
    """Every need of the enterprise, drafts first in time order as they come: a draft links to its conversation, a
    need sent back shows the coordinator's question once with "amend and resubmit", a submitted one what became of
    it."""
    lang = language(request)
    states = engagement_state_labels(lang)
    statuses = needs_flow.status_labels(lang)
    items = []
    for mine in needs_flow.my_needs(session=session, principal=actor, lang=lang):
        need, review, engagement = mine.need, mine.review, mine.engagement
        declined = []
        if review is not None:
            names = {p.center_id: p.center_name for r in review.rounds for p in r.proposals}
            names.update({p.center_id: p.center_name for p in review.proposals})
            declined = [{"center": names.get(d.center_id or "", d.center_id) if d.center_id else None,
                         "reason": label(REJECT_REASON_LABELS[d.reason], lang),
                         "text": needs_flow.decline_said(d.text, d.by, lang)}
                        for d in review.declined if d.center_id]
            if (review.status == ReviewStatus.rejected and review.reject_reason
                    and review.reject_reason != RejectReason.need_unclear):
                declined.append({"center": None, "reason": label(REJECT_REASON_LABELS[review.reject_reason], lang),
                                 "text": needs_flow.decline_said(review.reject_text, review.decided_by, lang)})
        items.append({
            "need": need, "rows": need_rows(need, lang), "review": review,
            # handed to a provider nobody can log in for: not "已匹配" as if it were taken up, but the association
            # arranging contact (a new user's trial, 2026-11-29; the note under the provider says why)
            "need_status": MERGED[lang]["need_status_arranging"] if mine.arranging else statuses[need.status],
            # A withdrawn need's review says so ("审核：已撤回"), not what it had decided
            "review_status": needs_flow.review_said(review.status, need.status, lang) if review is not None else None,
            "engagement": engagement, "engagement_state": states.get(engagement.state) if engagement else None,
            "declined": declined, "withdrawable": mine.withdrawable, "details_open": mine.details_open,
            # The title may be corrected until a provider holds the need; after, the form was offered and refused.
            "editable": needs_flow.before_a_provider(need.status),
            # Details are opened only to a provider that holds the need; once it has ended, only closed.
            "held": needs_flow.held_by_provider(need.status),
            "draft": needs_flow.submittable(need.status), "sent_back": mine.question is not None,
            "question": mine.question, "chat_id": mine.chat_id, "arranging": mine.arranging,
            # how far the review has got (no unvetted center named), or why the chosen center (flows.need_progress)
            "progress": mine.progress,
            # its public page while it has one (authz.policy.public_need_stage), the address written out to share
            "public_url": need_page_url(request, need.id, lang) if mine.public_path and need.id else None,
            # published at once on submission, before the review: where, of what, who reads its name
            "published_said": feed.published_said(need, lang) if mine.public_path else None,
            # What happens next while the association reviews it: who, and how long it usually takes.
            "submitted": ui_guide.submitted(
                lang, handler=needs_flow.reviewer_name(session=session, need_id=need.id),
                review_days=request.app.state.settings.review_expected_workdays)
            if need.id and review is not None and review.status == ReviewStatus.pending
            and not needs_flow.submittable(need.status) else None,
        })
    return render(request, "ui_needs.html", actor=actor, items=items, error=error[:300], saved=bool(saved))


@router.post("/needs/{need_id}/title")
def need_title(need_id: str, actor: EditNeedPage, session: SessionDep,
               title: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "") -> Response:
    """The same use case as ``PATCH /api/v1/needs/{id}`` with a title: the enterprise names its need. A blank or
    over-long title is refused by the use case (``flows.needs.typed_texts``), naming the field and its limit, and the
    form comes back with what was typed; the form's own 1-200 check answered with an error page instead, and the
    stripped blank it let through was stored."""
    return form_post(session=session, actor=actor, back="/needs", missing="need_id",
                     then=lambda _: f"/needs?saved=1#{need_id[:64]}",
                     act=lambda: needs_flow.edit_need(session=session, principal=actor, need_id=need_id[:64],
                                                      changes={"title": title}, outbox=OUTBOX))


@router.post("/needs/{need_id}/details/{verb}")
def need_details(need_id: str, verb: Literal["open", "close"], actor: DisclosePage, session: SessionDep) -> Response:
    """The same use cases as ``POST /api/v1/needs/{id}/details/open|close``."""
    use = disclosure.open_details if verb == "open" else disclosure.close_details
    return form_post(session=session, actor=actor, back="/needs", missing="need_id",
                     then=lambda _: f"/needs#{need_id[:64]}",
                     act=lambda: use(session=session, principal=actor, need_id=need_id[:64]))


@router.post("/needs/{need_id}/withdraw")
def need_withdraw(need_id: str, actor: WithdrawPage, session: SessionDep) -> Response:
    """The same use case as ``POST /api/v1/needs/{id}/withdraw``; a refusal comes back as the API's message."""
    return form_post(session=session, actor=actor, back="/needs", missing="need_id",
                     act=lambda: needs_flow.withdraw_need(session=session, principal=actor, need_id=need_id[:64],
                                                          outbox=OUTBOX))
