"""The coordinators' pages: the review queue, one review with each proposal's explanation and evidence, accept/reject,
and the engagement board by state with a detail page whose buttons are the transitions allowed now.

Every decision carries the version the coordinator saw, so a decision made meanwhile by someone else is refused
(stale version) instead of being overwritten; the page then shows the pipeline's message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor
from accounts.vocab import OrgKind, Role
from api.deps import SessionDep
from api.i18n import language
from api.pages import ui_guide
from api.pages.ui_admin_common import registrations_waiting
from api.pages.ui_common import (
    STEP_NOTICE,
    DecidePage,
    DeclinePage,
    EngagementActPage,
    EngagementPage,
    FormFields,
    InterestPage,
    PageNotFound,
    ReviewPage,
    form_post,
    label,
    page,
    redirect,
    render,
)
from api.pages.ui_format import as_sentence, china_today, industry
from api.pages.ui_i18n import MERGED
from api.pages.ui_need import center_need_rows, need_rows
from api.pages.ui_people import people
from api.shared import need_page_url
from authz.policy import refusal
from authz.tables import REVIEW_ROLES
from core.bilingual import in_language
from core.errors import InnodockError, NotFoundError
from evaluation.schemas import GRADES as GRADE_NAMES
from flows import access, cases, corrections, workflow, worklists
from flows import engagements as engagements_flow
from flows import providers as providers_flow
from flows import reviews as reviews_flow
from flows.announce import OUTBOX
from flows.explanations import in_fit_order, one_language
from flows.matching import MatcherSetup
from flows.needs import (
    before_a_provider,
    decline_said,
    industry_choices,
    industry_in,
    public_page_path,
    region_in_english,
    review_said,
    submittable,
    withdrawn,
)
from flows.worklists import NeedCard
from intake.schemas import NeedStatus
from kb.vocab import SERVICE_TYPE_LABELS, TITLE_LABELS
from pipeline.schemas import ReviewView
from pipeline.vocab import REJECT_REASON_LABELS, REVIEW_STATUS_LABELS, RejectReason

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
CorrectPage = Annotated[Actor, Depends(page("need.correct"))]

# Steps that file a whole record (seed 000 Figure 1: the signed agreement, the project team, the delivery with its
# result files) have their own form.
RECORD_FORMS = ("sign_agreement", "form_team", "submit_results")


def _step_payload(transition: str, values: dict[str, str]) -> dict[str, Any]:
    """A step's form, put where the step's guard (pipeline.guards) reads it: each field of the step's own form
    (``flows.workflow.step_fields``, the one map), a field read one item per line as a list; a field left empty is
    left out, so the guard names it when it is required."""
    payload: dict[str, Any] = {}
    for field in workflow.step_fields(transition):
        text = (values.get(field.key) or "").strip()
        if text:
            payload[field.key] = _lines(text) if field.lines else text
    return payload


def _note_payload(transition: str, note: str) -> dict[str, Any]:
    """The one text box of ``/advance`` (kept for a script or an old page): it fills the step's first field."""
    fields = workflow.step_fields(transition)
    if note and transition == "submit_results":
        return {"delivery": {"note": note}}
    if not note or not fields:
        return {"note": note} if note else {}
    return _step_payload(transition, {fields[0].key: note})


def engagement_state_labels(lang: str) -> dict[str, str]:
    """The machine's own state names ("技术、商务沟通 communicating") split into the page's language."""
    return workflow.state_labels(lang)


def age_text(since: datetime, now: datetime, lang: str) -> str:
    """How long something has waited, as a coordinator reads it: "3天", "5小时", "不到1小时" (not "今天": "已等待 今天"
    read as broken Chinese to a new user)."""
    t = MERGED[lang]
    if since.tzinfo is None:  # SQLite hands back naive UTC
        since = since.replace(tzinfo=UTC)
    seconds = max(0.0, (now - since).total_seconds())
    if seconds >= 86_400:
        return f"{int(seconds // 86_400)}{t['days']}" if lang == "zh" else f"{int(seconds // 86_400)} {t['days']}"
    if seconds >= 3_600:
        return f"{int(seconds // 3_600)}{t['hours']}" if lang == "zh" else f"{int(seconds // 3_600)} {t['hours']}"
    return t["today"]


def card_json(card: NeedCard | None, lang: str) -> dict[str, Any] | None:
    """A need's card in the page's language (service types as labels, region in reading order)."""
    if card is None:
        return None
    sep = "、" if lang == "zh" else ", "
    parts = list(dict.fromkeys(p for p in (card.province, card.city) if p))
    # In English the places' own names, as the need page says them ("Changzhou, Jiangsu", not "常州市, 江苏省").
    region = "".join(parts) if lang == "zh" else region_in_english(card.province, card.city)
    return {"id": card.need_id, "title": card.title_in(lang), "product": card.product,
            "industry": industry(card.industry, lang),
            "service_types": sep.join(label(SERVICE_TYPE_LABELS[s], lang) for s in card.service_types),
            "region": region or None, "budget": card.budget_in(lang), "deadline": card.deadline,
            "confidential": card.confidential, "summary_only": card.summary_only,
            "enterprise": card.enterprise_name}


def _filters(parse: Callable[[], T], default: T) -> tuple[T, str | None]:
    """A filter the page never offers (a hand-edited address): the page with no filter, saying what was wrong (and
    answering 400)."""
    try:
        return parse(), None
    except InnodockError as exc:
        return default, exc.message


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, actor: ReviewPage, session: SessionDep, error: str = "",
                 status: Annotated[str, Query(max_length=20)] = "pending",
                 service_type: Annotated[str, Query(max_length=40)] = "",
                 province: Annotated[str, Query(max_length=40)] = "", q: Annotated[str, Query(max_length=200)] = "",
                 low: Annotated[str, Query(max_length=5)] = "",
                 sort: Annotated[str, Query(max_length=20)] = "oldest",
                 page: Annotated[str, Query(max_length=10)] = "1") -> HTMLResponse:
    """The queue as cards, with its filters, search, sort and page in the address (bookmarkable): a page shows
    :data:`flows.worklists.QUEUE_PAGE` cards and says how many there are in all."""
    lang = language(request)
    view, bad = _filters(lambda: worklists.QueueFilter.parse(
        status=status, service_type=service_type, province=province, q=q, low=low, sort=sort, page=page),
        worklists.QueueFilter())
    found = worklists.queue_cards(session=session, principal=actor, view=view)
    view, facets, cards = replace(view, page=found.page), found.facets, found.cards
    now = datetime.now(UTC)
    statuses = {s.value: label(v, lang) for s, v in REVIEW_STATUS_LABELS.items()}
    shown = [{"r": c.review, "need": card_json(c.need, lang),
              "age": age_text(c.waiting_since, now, lang) if c.waiting_since else "",
              "searched_by_hand": c.searched_by_hand,
              "status": review_said(c.review.status, NeedStatus.withdrawn if c.need and c.need.withdrawn else None,
                                    lang, elsewhere=c.review.taken_elsewhere)} for c in cards]
    return render(request, "ui_review_queue.html", actor=actor, cards=shown, view=view, statuses=statuses,
                  status_options=[(s, statuses.get(s, MERGED[lang]["any"])) for s in worklists.QUEUE_STATUSES],
                  kinds=[(s.value, label(SERVICE_TYPE_LABELS[s], lang)) for s in facets.service_types],
                  provinces=facets.provinces, sorts=[(s, MERGED[lang][f"sort_{s}"]) for s in worklists.QUEUE_SORTS],
                  error=bad or error[:300], may_assign=refusal(actor, "assignment.run") == "ok",
                  pending=found.pending, total=found.total, pages=found.pages,
                  registrations_waiting=registrations_waiting(session, actor),
                  status_code=400 if bad else 200)


def assign_picker(candidates: list[reviews_flow.Candidate], *, proposed: set[str], query: str,
                  lang: str, offered: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The assign-by-hand picker, grouped by lifecycle state (in the machine's order: who can serve first) and, in
    each, by province; ``query`` keeps the providers whose name, region or state holds each of its words (the
    page's search without a script; ``ui_console.js`` filters the same way as one types). Each provider says
    whether it may be assigned (and why not) and whether anybody can act for it; the form asks first before giving
    a need to one nobody can act for. A provider that said it can help (``offered``) comes first in its region and
    is marked."""
    states = providers_flow.state_labels(lang)
    needles = query.casefold().split()
    groups: list[dict[str, Any]] = []
    confirms: dict[str, str] = {}
    t = MERGED[lang]
    order = {s: i for i, s in enumerate(reviews_flow.PICKER_STATES)}
    shown = [c for c in candidates if c.center_id not in proposed]
    for state in sorted({c.state for c in shown}, key=lambda s: (order.get(s, len(order)), s)):
        regions: dict[str, list[dict[str, Any]]] = {}
        in_state = sum(1 for c in shown if c.state == state)
        for c in sorted((c for c in shown if c.state == state),
                        key=lambda c: (c.province or "~", c.center_id not in offered, c.name)):
            words = " ".join(w for w in (c.name, c.region, c.province, states[state]) if w)
            if not all(n in words.casefold() for n in needles):
                continue
            refusal = (c.refusal[0] if lang == "zh" else c.refusal[1]) if c.refusal else None
            province, place = _picker_place(c.province, c.region, lang)
            regions.setdefault(province or t["picker_no_region"], []).append(
                {"id": c.center_id, "name": c.name, "region": place, "refusal": refusal,
                 "offered": c.center_id in offered,
                 "reachable": c.reachable, "search": f"{words} {province or ''} {place or ''}".strip()})
            if c.refusal is None and not c.reachable:
                confirms[c.center_id] = t["confirm_assign_unreachable"].replace("{name}", c.name)
        if regions:
            # the count says what is shown: "51 家中 4 家相符" after a search read "51 家" over four (a new user's
            # trial, 2026-11-29); ui_console.js says the same as one types
            found = sum(map(len, regions.values()))
            groups.append({"state": state, "label": states[state], "count": found, "of": in_state,
                           "said": (t["picker_count_of"] if found < in_state else t["picker_count"])
                           .replace("{n}", str(found)).replace("{total}", str(in_state)),
                           "regions": [{"name": name, "centers": rows} for name, rows in regions.items()]})
    return {"groups": groups, "query": query.strip(), "total": len(shown),
            # confirmed: the hidden field the script sets to "true" once the person answers yes (the use case's flag)
            "confirm_by": {"field": "center_id", "messages": confirms, "confirmed": "confirm_no_coordinator"}}


def standing_said(standing: reviews_flow.Standing | None, lang: str) -> dict[str, Any] | None:
    """A proposed provider's standing (``flows.reviews.standings``) as its card says it: the lifecycle stage unless
    it simply operates (with the rectification's deadline), and its rating's stars or that it has none."""
    if standing is None:
        return None
    t = MERGED[lang]
    stage = None if standing.state == "operating" else providers_flow.state_labels(lang).get(standing.state)
    if standing.stars is None:
        rating = t["standing_unrated"]
    else:
        key = "standing_stars_one" if standing.stars == 1 else "standing_stars"
        rating = t[key].replace("{n}", str(standing.stars)).replace("{period}", standing.rated_period or "")
    return {"stage": stage, "rectify_by": t["standing_rectify_by"].replace("{day}", standing.rectify_by.isoformat())
            if standing.rectify_by else None, "stars": standing.stars, "max_stars": reviews_flow.MAX_STARS,
            "rating": rating, "warn": standing.warned}


def _picker_place(province: str | None, region: str | None, lang: str) -> tuple[str | None, str | None]:
    """A provider's province and region as the page's language says them (the English page read "江西省" above
    "江西省赣州市" while the need beside it said "Changzhou, Jiangsu")."""
    if lang == "zh" or not province:
        return province, region
    city = region[len(province):] if region and region.startswith(province) else None
    return region_in_english(province, None), region_in_english(province, city or None) if region else None


def _named(review_id: str, message: str, session: SessionDep, actor: Actor) -> str:
    """A refusal names a provider by its id ("机构 plat-gd-battery 已被婉拒"): the page says its name instead, as the
    review lists it."""
    try:
        review = reviews_flow.review(session=session, principal=actor, review_id=review_id[:64])
    except InnodockError:
        return message
    names = {p.center_id: p.center_name for r in review.rounds for p in r.proposals}
    names.update({p.center_id: p.center_name for p in review.proposals})
    for cid, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if name:
            # The English half keeps an English word first, so the page still splits it by language.
            message = message.replace(f"center {cid}", f"provider {name}").replace(f" {cid} ", f"「{name}」")
    return message


# A decision sent from a review that has since changed: said plainly, never the service's "审核单 rev-… 已被他人处理，
# 版本 1 已过期" with its id and version number (the coordinator's day tried as a new user, 2026-11-28).
REVIEW_STALE = ("这份审核已被他人处理（或已在另一个窗口里办理），页面现已显示最新内容，请核对后再提交。 / "
                "This review was changed meanwhile (by someone else, or in another tab); the page now shows it as it "
                "is: check it and send again.")


def _naming(review_id: str, session: SessionDep, actor: Actor, act: Callable[[], T]) -> Callable[[], T]:
    """``act`` with a refusal said as the review page says it: a stale version plainly, and a refusal about a
    provider (an alternate declined meanwhile in another tab) naming it."""
    def named() -> T:
        try:
            return act()
        except InnodockError as exc:
            if exc.code == "stale_version":
                exc.message = REVIEW_STALE
            elif exc.field in ("center_id", "alternates"):
                exc.message = _named(review_id, exc.message, session, actor)
            raise
    return named


def correction_form(actor: Actor, need: Any, lang: str) -> dict[str, Any] | None:
    """协调员修正需求要点: the form's current values and choices, for an association coordinator (or admin) reading
    the need whole while it is under review (``flows.corrections``); None otherwise. The industries are the need
    card's (GB/T 4754 groups, ``flows.needs.industry_choices``). The region's boxes and their examples are in the
    page's language: the English page read 江苏省 / 常州市 in them; the correction reads "Jiangsu" / "Changzhou" back
    to the same full names (``flows.corrections.read_region``)."""
    if refusal(actor, "need.correct") != "ok" or need is None or submittable(need.status) \
            or not before_a_provider(need.status):
        return None
    province, city, example = need.region.province or "", need.region.city or "", ("江苏省", "常州市")
    if lang != "zh":
        province, city = region_in_english(province or None, None) or "", region_in_english(None, city or None) or ""
        example = (region_in_english(example[0], None) or "", region_in_english(None, example[1]) or "")
    return {"product": need.product or "", "industry": industry_in(need.industry, lang) or "",
            "title": need.title or "", "industries": industry_choices(lang),
            "province": province, "city": city, "province_example": example[0], "city_example": example[1],
            "deadline": need.deadline.isoformat() if need.deadline else "", "today": china_today().isoformat(),
            "budget_min": "" if need.budget.min_yuan is None else need.budget.min_yuan,
            "budget_max": "" if need.budget.max_yuan is None else need.budget.max_yuan,
            "qualifications": "、".join(need.qualifications), "confidential": need.confidential,
            "service_types": [{"value": s.value, "label": label(v, lang), "checked": s in need.service_types}
                              for s, v in SERVICE_TYPE_LABELS.items()]}


@router.get("/review/{review_id}", response_class=HTMLResponse)
def review_page(request: Request, review_id: str, actor: ReviewPage, session: SessionDep,
                error: str = "", pick: Annotated[str, Query(max_length=100)] = "",
                corrected: Annotated[str, Query(max_length=1)] = "") -> HTMLResponse:
    lang = language(request)
    who = access.pipeline_actor(actor, session)
    try:
        review = reviews_flow.review(session=session, principal=actor, review_id=review_id[:64])
    except NotFoundError:
        raise PageNotFound(actor) from None
    read = access.read_need(session=session, principal=actor, need_id=review.need_id)
    rows = need_rows(read.need, lang) if read.need is not None else center_need_rows(read.center, lang,
                                                                                      read.withheld)
    shown_publicly = corrections.public_title(read.need, lang) if read.need is not None else None
    if shown_publicly:  # what the proposed providers and the public page read of a confidential need
        rows.insert(1, {"key": "public_title", "label": MERGED[lang]["f_public_title"], "value": shown_publicly,
                        "source": None, "source_label": None})
    # A center that left (re-docking) is no longer among this round's proposals: its name is in an earlier round's.
    names = {p.center_id: p.center_name for r in review.rounds for p in r.proposals}
    names.update({p.center_id: p.center_name for p in review.proposals})
    who_did = people(session=session, lang=lang, actors=[
        *(d.by for d in review.declined), *(i.by for i in review.interested), review.decided_by,
        *(r.created_by for r in review.rounds)])
    # A withdrawn need's review says so, not "已接受" or "已驳回", and offers no provider to dock it with
    gone = withdrawn(session=session, need_id=review.need_id)
    status_key, status_label = review_said(review.status, NeedStatus.withdrawn if gone else None, lang,
                                           elsewhere=review.taken_elsewhere)
    acted_for = reviews_flow.reachable(session=session, center_ids=[p.center_id for p in review.proposals]) \
        if review.proposals else set()
    # A provider nobody can answer for stays proposed: the association invites it (docs/workflow.md, "What the
    # enterprise is told while its need is in review"). An administrator gets the way there, its organisation's page
    # (to invite a coordinator) or the new organisation's form with the center chosen; a coordinator, whom to ask.
    unreached = [p.center_id for p in review.proposals if p.center_id not in acted_for]
    bound = reviews_flow.provider_orgs(session=session, center_ids=unreached) \
        if unreached and refusal(actor, "admin.accounts") == "ok" else None
    invite = {c: (f"/admin/orgs/{bound[c]}" if c in bound else f"/admin/orgs?{urlencode({'center_id': c})}#create-org")
              if bound is not None else None for c in unreached}
    declines = [{"center_id": d.center_id, "center": names.get(d.center_id, d.center_id) if d.center_id else None,
                 "reason": label(REJECT_REASON_LABELS[d.reason], lang), "text": decline_said(d.text, d.by, lang),
                 "by": who_did.get(d.by, "—"), "at": d.at}
                for d in review.declined]
    standing = reviews_flow.standings(session=session, center_ids=[p.center_id for p in review.proposals],
                                      today=china_today())
    # Each offer to help with how it is taken up: accepted from the offer, its decline undone, or assigned by hand
    offers = reviews_flow.help_offers(review)
    # A declined proposal's card says why, as the list below it does (it said only "未采纳": a new user's trial)
    decline_of = {d["center_id"]: d for d in declines if d["center_id"]}
    return render(
        request, "ui_review.html", actor=actor, review=review, need=read.need or read.center, rows=rows,
        # the need's public page while it has one (authz.policy.public_need_stage), as its enterprise sees it
        public_url=need_page_url(request, review.need_id, lang)
        if public_page_path(session=session, need_id=review.need_id) else None,
        # Listed by the fit each shows (flows.explanations.in_fit_order), not the matcher's fused score.
        # Whether anybody can log in for each proposal (the picker's check): accepting one nobody can act for asks
        # first, as assigning one does.
        items=[{"p": p, "why": why, "declined": decline_of.get(p.center_id), "reachable": p.center_id in acted_for,
                "invite": invite.get(p.center_id),
                "standing": standing_said(standing.get(p.center_id), lang),
                "offered": next((h for h in offers if h.center_id == p.center_id), None),
                "interested": next((i for i in review.interested if i.center_id == p.center_id), None)}
               for p, why in in_fit_order(review.proposals, lang,
                                          {cid: st.stars for cid, st in standing.items()})],
        status_key=status_key, status_label=status_label, error=error[:300],
        correction=correction_form(actor, read.need, lang), corrected=corrected == "1",
        declines=declines, offers=offers,
        decided_by=who_did.get(review.decided_by or "", None),
        rounds=[{"round": r.round, "by": who_did.get(r.created_by, "—"), "at": r.created_at,
                 "note": one_language(r.note, lang) if r.note else None} for r in review.rounds],
        reasons=[(r.value, label(REJECT_REASON_LABELS[r], lang)) for r in RejectReason],
        may_accept=who.role in REVIEW_ROLES["accept"] and not gone, may_reject=who.role in REVIEW_ROLES["reject"],
        may_undo_decline=who.role in REVIEW_ROLES["undo_decline"],
        own_center=actor.center_id, is_center=actor.role == Role.center_coordinator,
        may_find_experts=refusal(actor, "expert.match") == "ok",
        picker=assign_picker(reviews_flow.candidates(session=session, today=china_today()),
                             proposed={p.center_id for p in review.proposals}, query=pick, lang=lang,
                             offered=frozenset(h.center_id for h in offers if h.route == "assign"))
        if who.role in REVIEW_ROLES["assign_by_hand"] and not gone else None,
    )


@router.post("/review/{review_id}/accept")
def review_accept(
    review_id: str, actor: DecidePage, session: SessionDep,
    center_id: Annotated[str, Form(max_length=64)], version: Annotated[int, Form(ge=0)],
    alternates: Annotated[list[str] | None, Form(max_length=20)] = None,
    confirm_no_coordinator: Annotated[bool, Form()] = False, reason: Annotated[str, Form()] = "",
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/accept``. The form of a proposal nobody can log in for asks
    first (its ``data-confirm``) and then says it was confirmed (``confirm_no_coordinator``). ``reason``: optional,
    for the enterprise; its length is the use case's to check (a 4xx on ``reason``, said above the form)."""
    back = f"/review/{review_id[:64]}"
    return form_post(session=session, actor=actor, back=back, missing="review_id", then=_engagement_or(back),
                     act=_naming(review_id, session, actor,
                                 lambda: reviews_flow.accept(session=session, principal=actor,
                                                             review_id=review_id[:64], center_id=center_id,
                                                             alternates=alternates or [], version=version,
                                                             outbox=OUTBOX,
                                                             confirm_no_coordinator=confirm_no_coordinator,
                                                             reason=reason)))


@router.post("/review/{review_id}/assign")
def review_assign(
    request: Request, review_id: str, actor: DecidePage, session: SessionDep, version: Annotated[int, Form(ge=0)],
    note: Annotated[str, Form(min_length=1, max_length=2000)], center_id: Annotated[str, Form(max_length=64)] = "",
    confirm_no_coordinator: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/assign``: a provider the matcher missed, with the reason.
    No provider chosen comes back saying so above the picker (the browser's own check could not: a search that
    hides every choice leaves the required radio group unfocusable, and the click did nothing). A provider nobody
    can log in for is asked about first (the form's ``data-confirm-by``); confirmed, the script fills the form's
    ``confirm_no_coordinator`` (empty otherwise), and the use case asks as the API's does."""
    back = f"/review/{review_id[:64]}"
    if not center_id.strip():
        return redirect(back, error=MERGED[language(request)]["picker_choose"], field="center_id")
    return form_post(session=session, actor=actor, back=back, missing="review_id", then=_engagement_or(back),
                     act=_naming(review_id, session, actor,
                                 lambda: reviews_flow.assign(session=session, principal=actor,
                                                             review_id=review_id[:64], center_id=center_id,
                                                             note=note.strip(), alternates=[], version=version,
                                                             outbox=OUTBOX,
                                                             confirm_no_coordinator=confirm_no_coordinator == "true")))


@router.post("/review/{review_id}/rematch")
def review_rematch(
    request: Request, review_id: str, actor: DecidePage, session: SessionDep,
    version: Annotated[int, Form(ge=0)], note: Annotated[str, Form(max_length=2000)] = "",
    include_declined: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/rematch``: the matcher again, on the need as it is now (the
    centers declined as unsuitable left out, unless the box asking for them is ticked)."""
    setup: MatcherSetup = getattr(request.app.state, "matcher", None) or MatcherSetup()
    return form_post(session=session, actor=actor, back=f"/review/{review_id[:64]}", missing="review_id",
                     act=_naming(review_id, session, actor,
                                 lambda: reviews_flow.rematch(session=session, settings=request.app.state.settings,
                                                              matcher=setup, principal=actor,
                                                              review_id=review_id[:64], note=note.strip() or None,
                                                              version=version, outbox=OUTBOX,
                                                              include_declined=include_declined in ("1", "on",
                                                                                                    "true"))))


@router.post("/review/{review_id}/need")
def review_correct_need(
    review_id: str, actor: CorrectPage, session: SessionDep,
    product: Annotated[str, Form(max_length=200)] = "", industry: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=200)] = "",
    service_types: Annotated[list[str] | None, Form(max_length=20)] = None,
    province: Annotated[str, Form(max_length=40)] = "", city: Annotated[str, Form(max_length=40)] = "",
    deadline: Annotated[str, Form(max_length=40)] = "",
    min_yuan: Annotated[str, Form(max_length=40)] = "", max_yuan: Annotated[str, Form(max_length=40)] = "",
    qualifications: Annotated[str | None, Form(max_length=400)] = None,
    confidential: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """The same use case as ``PATCH /api/v1/reviews/{id}/need`` (协调员修正需求要点). A text box left empty leaves
    its field as it is (the region and the budget each as a pair, their boxes named as the refusal names them, the
    last part of ``region.city`` or ``budget.min_yuan`` (``ui_common.redirect``); the qualifications, one line,
    as typed: shown filled, emptied they require none); the service types are the boxes ticked; the confidential
    box only raises secrecy (not offered once the need is confidential). Saved, the page says so beside a re-match
    button (``?corrected=1``): the matcher is offered, never run by itself. Refused, every wrong field is marked at
    once and what was typed is kept (ui_console.js)."""
    back = f"/review/{review_id[:64]}"
    changes: dict[str, Any] = {k: v for k, v in (("product", product), ("industry", industry), ("title", title),
                                                 ("deadline", deadline)) if v.strip()}
    changes["service_types"] = list(service_types or [])
    if province.strip() or city.strip():
        changes["region"] = {"province": province, "city": city}
    if min_yuan.strip() or max_yuan.strip():
        changes["budget"] = {"min_yuan": min_yuan, "max_yuan": max_yuan}
    if qualifications is not None:  # the form always sends the line (a post without it leaves them)
        changes["qualifications"] = [q for q in re.split(r"[、,，;；]", qualifications) if q.strip()]
    if confidential in ("1", "on", "true"):
        changes["confidential"] = True
    return form_post(session=session, actor=actor, back=back, missing="review_id", notice="notice_corrected",
                     then=lambda _done: f"{back}?corrected=1#corrected",
                     act=lambda: corrections.correct_need(session=session, principal=actor,
                                                          review_id=review_id[:64], changes=changes,
                                                          outbox=OUTBOX))


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
    request: Request, review_id: str, actor: DeclinePage, session: SessionDep,
    reason: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=0)],
    text: Annotated[str, Form(max_length=2000)] = "", center_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """A whole round sent back as unclear goes to the enterprise with the note as the coordinator's question: the
    page asks for that question first (the round went back with none, and the enterprise read nothing to add)."""
    back = f"/review/{review_id[:64]}"
    if not center_id and reason == RejectReason.need_unclear.value and not text.strip():
        return redirect(back, error=MERGED[language(request)]["unclear_needs_question"], field="text")
    return form_post(session=session, actor=actor, back=back, missing="review_id",
                     act=_naming(review_id, session, actor,
                                 lambda: reviews_flow.reject(session=session, principal=actor,
                                                             review_id=review_id[:64], reason=reason, text=text,
                                                             center_id=center_id or None, version=version,
                                                             outbox=OUTBOX)))


@router.post("/review/{review_id}/undo-decline")
def review_undo_decline(
    review_id: str, actor: DecidePage, session: SessionDep, version: Annotated[int, Form(ge=0)],
    center_id: Annotated[str, Form(max_length=64)],
) -> Response:
    """The same use case as ``POST /api/v1/reviews/{id}/undo-decline``: a wrong decline undone within its round."""
    return form_post(session=session, actor=actor, back=f"/review/{review_id[:64]}", missing="review_id",
                     act=_naming(review_id, session, actor,
                                 lambda: reviews_flow.undo_decline(session=session, principal=actor,
                                                                   review_id=review_id[:64], center_id=center_id,
                                                                   version=version)),
                     notice="notice_decline_undone")


def _board_link(view: worklists.BoardFilter, state: str) -> str:
    """The board filtered to one state, keeping the search, the sort and "overdue" (a column's "more" link)."""
    params = {"state": state, "q": view.q, "overdue": "1" if view.overdue_only else "", "sort": view.sort}
    return "/engagements?" + urlencode({k: v for k, v in params.items() if v})


@router.get("/engagements", response_class=HTMLResponse)
def engagement_board(request: Request, actor: EngagementPage, session: SessionDep,
                     state: Annotated[str, Query(max_length=40)] = "", q: Annotated[str, Query(max_length=200)] = "",
                     overdue: Annotated[str, Query(max_length=5)] = "",
                     sort: Annotated[str, Query(max_length=20)] = "deadline") -> HTMLResponse:
    """The board by state, each card with Figure 1's stepper; filters, search and sort in the address."""
    lang = language(request)
    view, bad = _filters(lambda: worklists.BoardFilter.parse(state=state, q=q, overdue=overdue, sort=sort),
                         worklists.BoardFilter())
    by_state, facets = worklists.board_cards(session=session, principal=actor, view=view, today=china_today())
    states = engagement_state_labels(lang)
    steps = workflow.figure1_steps(lang)
    counts = {key: 0 for key, _ in steps}
    for cards in by_state.values():
        for c in cards:
            if c.step:
                counts[steps[c.step - 1][0]] += 1
    cap = worklists.BOARD_STATE if view.state else worklists.BOARD_COLUMN
    columns = [(s, states[s], [{"e": c.engagement, "need": card_json(c.need, lang), "step": c.step,
                                "ended": c.ended} for c in by_state[s][:cap]], len(by_state[s]),
                _board_link(view, s))
               for s in workflow.states() if by_state[s] or (s not in workflow.final_states() and view.state is None)]
    return render(request, "ui_engagements.html", actor=actor, columns=columns, view=view, steps=steps,
                  step_counts=counts, total=sum(len(rows) for rows in by_state.values()),
                  state_options=[(s, states[s]) for s in workflow.states() if s in facets.states], error=bad,
                  sorts=[(s, MERGED[lang][f"sort_{s}"]) for s in worklists.BOARD_SORTS],
                  status_code=400 if bad else 200)


@router.get("/engagements/{engagement_id}", response_class=HTMLResponse)
def engagement_page(request: Request, engagement_id: str, actor: EngagementPage, session: SessionDep,
                    error: str = "") -> HTMLResponse:
    lang = language(request)
    try:
        shown = engagements_flow.page(session=session, principal=actor, engagement_id=engagement_id[:64],
                                      today=china_today(),
                                      confirm_days=request.app.state.settings.complaint_confirm_days)
    except NotFoundError:
        raise PageNotFound(actor) from None
    detail = shown.detail
    states = engagement_state_labels(lang)
    steps = workflow.step_labels(lang)  # the machine's own names of its steps, and of "opened"
    forms = {t for t in RECORD_FORMS if t in detail.allowed_transitions}
    read = shown.need  # at the viewer's level: whole, the summary, or nothing for a center that left
    need = (read.need or read.center) if read is not None else None
    rows = [] if read is None else need_rows(read.need, lang) if read.need is not None else center_need_rows(
        read.center, lang, read.withheld)
    # People by name and role, never an id: events and records name their actor by its label (role:id), or an
    # enterprise by its organisation's id alone.
    acted = {ev.seq: ev.actor_id if ":" in ev.actor_id else f"{ev.actor_role.value}:{ev.actor_id}"
             for ev in detail.events}
    who = people(session=session, lang=lang, actors=[
        *acted.values(), *(f.recorded_by for f in detail.feedback), *(f.handled_by for f in detail.feedback),
        *(h.handled_by for f in detail.feedback for h in f.handling_history)])
    who.update({f"event:{seq}": who.get(label, "") for seq, label in acted.items()})
    return render(request, "ui_engagement.html", actor=actor, e=detail, states=states, error=error[:300], who=who,
                  need=need, need_rows=rows, forms=forms, experts=shown.experts,
                  due_after_need=engagements_flow.due_after_need_text(*shown.due_after_need, lang)
                  if shown.due_after_need else "",
                  price_above_budget=engagements_flow.price_above_budget_text(*shown.price_above_budget, lang)
                  if shown.price_above_budget else "",
                  expert_names={x.id: x.name for x in shown.experts}, today=china_today().isoformat(),
                  as_lead={i: _as_lead(r, lang) for i, r in shown.as_lead.items()},
                  as_lead_ok={i: r.ok for i, r in shown.as_lead.items()},
                  title_labels={k.value: label(v, lang) for k, v in TITLE_LABELS.items()},
                  thread=shown.thread, may_message=shown.may_message, file_kinds=shown.file_kinds,
                  may_feedback=shown.may_feedback, may_rate=shown.may_rate, may_handle=shown.may_handle,
                  may_case=shown.may_case, names_client=shown.names_client,
                  nobody_at_center=shown.nobody_at_center,
                  complaint_steps=shown.complaint_steps, confirm_by=shown.confirm_by,
                  complaint_states=engagements_flow.complaint_state_labels(lang),
                  complaint_step_names=engagements_flow.complaint_step_labels(lang),
                  questions=[{"id": q.item_id, "text": q.zh if lang == "zh" else q.en} for q in shown.questions],
                  grades=[(g, label(names, lang)) for g, names in sorted(GRADE_NAMES.items(), reverse=True)],
                  buttons=[(t, steps[t]) for t in detail.allowed_transitions if t not in RECORD_FORMS], steps=steps,
                  # a record's step said as this person takes it ("代机构签订技术服务协议"), and for whom each
                  # recorded step was taken (pipeline.vocab.STEP_PARTIES)
                  own_steps={t: workflow.step_label_for(t, actor.role, lang) for t in RECORD_FORMS},
                  behalf={ev.seq: workflow.behalf_said(ev.payload, lang) for ev in detail.events},
                  **_engagement_guide(request, actor, session, detail, lang))


def _as_lead(rule: Any, lang: str) -> str:
    """An expert in the lead's choices: meets seed 000 §4.2.1, or why not in a few words (the rule's own short
    reasons, in the page's language)."""
    t = MERGED[lang]
    if rule.ok:
        return str(t["lead_fits"])
    return f"{t['lead_short']}{t['colon']}{_reasons_said(rule.short or rule.reasons, lang)}"


def _reasons_said(reasons: list[str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(in_language(r, lang) for r in reasons)


# Steps with no way back ask first, naming the engagement (ui_console.js's data-confirm).
EXITS = ("withdraw", "terminate")


def _engagement_guide(request: Request, actor: Actor, session: SessionDep, detail: Any,
                      lang: str) -> dict[str, Any]:
    """The stepper, whose turn and by when, what happens next, and a form per step with its own fields (the
    guide's words from api.pages.ui_guide, the fields from flows.workflow.step_fields)."""
    forms = [{"name": t, "label": as_sentence(workflow.step_label_for(t, actor.role, lang), lang), "exit": t in EXITS,
              "secondary": t in (*EXITS, "reject_plan", "fail_acceptance", "return_agreement"),
              "fields": [{"key": f.key, "label": as_sentence(label(f.label, lang), lang), "required": f.required,
                          "lines": f.lines,
                          "hint": label(f.hint, lang) if f.hint else "", "value": _last_value(detail, t, f.key)}
                         for f in workflow.step_fields(t)]}
             for t in detail.allowed_transitions if t not in RECORD_FORMS]
    guide = ui_guide.engagement_guide(
        state=detail.state, role=actor.role, lang=lang, deadline=detail.deadline, today=china_today(),
        names={OrgKind.enterprise: detail.enterprise_name, OrgKind.center: detail.center_name},
        onward=any(t not in EXITS for t in detail.allowed_transitions), last=_last_behalf(detail),
        failed=(verdict.round, verdict.reasons)
        if (verdict := workflow.failed_acceptance(detail.state, detail.verdicts)) is not None else None)
    return {"guide": guide, "g": ui_guide.strings(lang), "step_forms": forms}


def _last_behalf(detail: Any) -> tuple[str, workflow.Behalf] | None:
    """The step that brought the engagement where it is and who took it for whom, when its party did not (the
    association's coordinator signing for the provider): the guide says so."""
    last = detail.events[-1] if detail.events else None
    if last is None or last.to_state != detail.state:
        return None
    behalf = workflow.behalf_of_step({**last.payload, "actor_role": last.actor_role.value})
    return (last.transition, behalf) if behalf is not None else None


# A step that revises what an earlier step filed opens on the last version (重新提交方案 after 评审未通过: the plan
# as last handed in), to be changed rather than retyped.
REVISES = {"resubmit_plan": ("submit_plan", "resubmit_plan")}


def _last_value(detail: Any, transition: str, key: str) -> str:
    for event in sorted(detail.events, key=lambda ev: ev.seq, reverse=True):
        if event.transition in REVISES.get(transition, ()) and isinstance(event.payload.get(key), str):
            return str(event.payload[key])
    return ""


@router.post("/engagements/{engagement_id}/steps/{transition}")
def engagement_step(engagement_id: str, transition: Annotated[str, Path(max_length=40)], actor: EngagementActPage,
                    session: SessionDep, form: FormFields) -> Response:
    """A step's own form (plan summary, review opinion, acceptance opinion…): the same step as the API's
    ``POST /api/v1/engagements/{id}/transitions`` with the fields in its payload. A missing required field comes
    back marked beside the field, what else was typed kept (ui_console.js)."""
    values = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    try:
        version = int(values.get("version", ""))
    except ValueError:
        version = 0
    return _step_form(session=session, actor=actor, engagement_id=engagement_id, transition=transition,
                      version=version, payload=_step_payload(transition, {k: v[:4000] for k, v in values.items()}))


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
    satisfaction: Annotated[str, Form(max_length=20)] = "",
    complaint: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/feedback``: the client's survey and complaint, each
    acknowledged as what it is (a complaint filed was answered "已办理", saying nothing of what comes next). The
    stars and the complaint go to the flow as typed, which refuses both at once on their fields (the page keeps what
    was typed): stars out of range or a complaint over its 2,000 characters were an error page that lost it."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id", notice="notice_complaint_filed" if complaint.strip() else "notice_rated",
                     act=lambda: engagements_flow.file_feedback(session=session, principal=actor,
                                                                engagement_id=engagement_id[:64],
                                                                satisfaction=satisfaction.strip() or None,
                                                                complaint=complaint.strip() or None, outbox=OUTBOX))


@router.post("/engagements/{engagement_id}/questionnaire")
def engagement_questionnaire(engagement_id: str, actor: EngagementActPage, session: SessionDep,
                             form: FormFields) -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/feedback`` with ``answers``: one ``q_<item>`` radio group
    per question; a group left at "不适用" casts no vote."""
    answers: dict[str, int] = {}
    for key, value in form.multi_items():
        if key.startswith("q_") and isinstance(value, str) and value not in ("", "na"):
            try:
                answers[key[2:66]] = int(value)
            except ValueError:
                answers[key[2:66]] = 0  # refused by the flow, naming the item
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id", notice="notice_questionnaire",
                     act=lambda: engagements_flow.file_feedback(session=session, principal=actor,
                                                                engagement_id=engagement_id[:64], satisfaction=None,
                                                                complaint=None, answers=answers, outbox=OUTBOX))


@router.post("/engagements/{engagement_id}/case")
def engagement_case(engagement_id: str, actor: EngagementActPage, session: SessionDep,
                    public: Annotated[bool, Form()]) -> Response:
    """The same use case as ``POST /api/v1/engagements/{id}/case``."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}#case",
                     missing="engagement_id",
                     act=lambda: cases.consent(session=session, principal=actor, engagement_id=engagement_id[:64],
                                               public=public))


def _engagement_or(back: str) -> Callable[[ReviewView], str]:
    """After an accept or an assignment: to the engagement it opened."""
    return lambda review: f"/engagements/{review.engagement_id}" if review.engagement_id else back


def _step_form(*, session: SessionDep, actor: Actor, engagement_id: str, transition: str, version: int,
               payload: dict[str, Any]) -> Response:
    """A step's form: its fields as typed, read and refused (every wrong one at once) by the flow."""
    return form_post(session=session, actor=actor, back=f"/engagements/{engagement_id[:64]}",
                     missing="engagement_id", notice=f"{STEP_NOTICE}{transition[:40]}",
                     act=lambda: engagements_flow.advance(session=session, principal=actor,
                                                          engagement_id=engagement_id[:64], transition=transition,
                                                          version=version,
                                                          payload=payload,
                                                          outbox=OUTBOX))


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
    confidentiality opens the need's details to the provider (seed 000 §5.2.4). The price goes as typed: the flow
    reads it ("15万") and says an unreadable one with the agreement's other wrong or missing fields, each beside its
    box (the page read it first and said it alone)."""
    agreement = {
        "scope": scope, "deliverables": _lines(deliverables), "price_yuan": price_yuan.strip() or None,
        "schedule": schedule, "deadline": deadline or None, "confidentiality_clause": confidentiality_clause,
        "signed_on": signed_on or None, "client_party": client_party, "provider_party": provider_party}
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
    team = {"lead": lead, "members": list(dict.fromkeys(m for m in members or [] if m)),
            "lead_exception": lead_exception.strip() or None}
    return _step_form(session=session, actor=actor, engagement_id=engagement_id, transition="form_team",
                      version=version, payload={"team": team})
