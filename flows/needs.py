"""Submitting a need: publish its redacted public view, propose providers, and queue it for the coordinators.

One transaction across three packages (intake publishes, the matcher proposes with the pipeline's and evaluation's
live signals, the pipeline queues the review), and ``need.published`` recorded in it. The JSON API's submit and the
chat page's submit both end here, so both publish and both announce.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from accounts import service as accounts
from authz import policy
from authz import service as authz
from authz.principal import Principal
from authz.vocab import Role
from core import china_time
from core.bilingual import in_language
from core.errors import ConflictError, InnodockError, NotFoundError
from core.settings import Settings
from flows import access, disclosure, feed, opportunities, reviews_labels
from flows.access import pipeline_actor
from flows.events import Outbox
from flows.matching import MatcherSetup, match_needs, proposals_for
from flows.need_progress import Progress, progress_of
from flows.reviews import announce_proposals, reachable
from inbox import service as inbox
from intake import industries, lifecycle, publish
from intake import service as intake
from intake.extract.region import english_name
from intake.reader import DETERMINISTIC, IntakeReader
from intake.schemas import (
    LONG_TEXT_MAX,
    PUBLIC_STATUSES,
    SHORT_TEXT_MAX,
    SOURCED_FIELDS,
    Budget,
    CenterNeed,
    Enterprise,
    FeedCursor,
    FeedFilter,
    Need,
    NeedEventView,
    NeedStatus,
    NeedSummary,
    PublicNeed,
    PublicPreview,
    SessionView,
)
from intake.service import PublicPage
from matcher.schemas import MatchQuery, MatchResult
from pipeline import service as pipeline
from pipeline.schemas import Actor as PipelineActor
from pipeline.schemas import EngagementView, ReviewView
from pipeline.vocab import REVIEW_STATUS_LABELS, RejectReason, ReviewStatus
from pipeline.vocab import Role as PipelineRole

# The matcher files its proposals as the association's tool, not as any person.
MATCHER_ACTOR = PipelineActor(role=PipelineRole.association_coordinator, id="innodock-matcher")
WITHDRAWN_TEXT = "企业撤回需求 / the enterprise withdrew the need"  # a review closed by the need's withdrawal


def decline_said(text: str | None, by: str | None, lang: str) -> str | None:
    """A decline's (or a rejected round's) text as a page says it: a person's words as they wrote them, the
    platform's own ("企业撤回需求 / the enterprise withdrew the need", both languages on record) in the page's
    language only. The review page's "未采纳" read both at once."""
    if not text:
        return None
    return in_language(text, lang) if by == MATCHER_ACTOR.label() else text


def region_in_english(province: str | None, city: str | None) -> str | None:
    """A need's region as an English page says it ("Ganzhou, Jiangxi"), as the chat's English replies do."""
    return english_name(province, city)


def industry_in(name: str | None, lang: str) -> str | None:
    """A need's industry in the page's language (intake's lexicon names it in Chinese)."""
    return industries.industry_in(name, lang)


def industry_choices(lang: str) -> list[dict[str, str]]:
    """The industries the need card offers (GB/T 4754-2017 groups, :mod:`kb.industries`), each named in the page's
    language with its division beside it: what a person picks or searches by typing."""
    en = lang == "en"
    return [{"value": c.name_en if en else c.name, "division": c.division_en if en else c.division_name}
            for c in industries.industry_choices()]


def published_title(view: PublicNeed | CenterNeed, lang: str) -> str:
    """A published need's title as a page in ``lang`` says it (a confidential need's is the platform's sentence,
    said in that language: :func:`intake.publish.published_title`)."""
    return publish.published_title(view, lang)


def budget_said(budget: Budget, lang: str) -> str | None:
    """A need's budget as every page says it, from its figures (:func:`intake.publish.budget_band`, the one formatter:
    "约5万元", "5万–20万元", "不超过5万元" / "about RMB 50,000", …; another currency in its own); None when none was
    given. The need's facts read "50,000 元" beside the queue's "约5万元" for the same need (a new user's trial in
    Chromium, 2026-11-29)."""
    return publish.budget_band(budget, coarse=False, lang=lang)


def published_summary(view: PublicNeed | CenterNeed, lang: str) -> str:
    """A published need's summary as a page in ``lang`` says it, as :func:`published_title` its title."""
    return publish.published_summary(view, lang)


# What a need's status allows is asked of its lifecycle (intake.lifecycle), never listed here.

def submittable(status: str) -> bool:
    """Not submitted yet (a draft, confirmed or not, or one sent back): submitting publishes it."""
    return lifecycle.allows(status, "publish")


def held_by_provider(status: str) -> bool:
    """A provider holds the need now (its engagement runs): only then may the enterprise open the details to it."""
    return lifecycle.allows(status, "redock")


def before_a_provider(status: str) -> bool:
    """Open, and no provider holds it yet: the enterprise may still take it back or correct it. A provider holds a
    need exactly when it could hand it back for re-docking; a need no provider fits is open too."""
    return lifecycle.allows(status, "withdraw") and not lifecycle.allows(status, "redock")


def status_labels(lang: str) -> dict[str, str]:
    """Every need status's name in one language (``zh`` or else English), as the need's lifecycle names it."""
    return lifecycle.NEED.state_labels(lang)


# A review accepted for another center, as the proposed center not chosen reads it (ReviewView.taken_elsewhere).
TAKEN_ELSEWHERE: tuple[str, str] = ("已交由其他服务机构承接", "Given to another provider")


def review_said(review_status: str, need_status: str | None, lang: str, *,
                elsewhere: bool = False) -> tuple[str, str]:
    """A need's review as a page says it: the key of its tag (its class) and its words. A withdrawn need's review
    says that the need was withdrawn, whatever the review had decided: "审核：已接受" beside "需求状态：已撤回" read
    as if a provider still held it (the enterprise's walk, 2026-11-28), and a review closed by the withdrawal read
    "已驳回", as if the association had refused it. A proposed center not chosen (``elsewhere``) reads that the need
    went to another provider: "已接受" read as its own acceptance (a new user's trial, 2026-11-30)."""
    if need_status == NeedStatus.withdrawn:
        return NeedStatus.withdrawn.value, status_labels(lang)[NeedStatus.withdrawn.value]
    if elsewhere:
        return "elsewhere", TAKEN_ELSEWHERE[0] if lang == "zh" else TAKEN_ELSEWHERE[1]
    zh, en = REVIEW_STATUS_LABELS[ReviewStatus(review_status)]
    return ReviewStatus(review_status).value, zh if lang == "zh" else en


def withdrawn(*, session: Session, need_id: str) -> bool:
    """Whether the need was withdrawn (its status alone: no text, no field of it)."""
    return intake.need_owner(session=session, need_id=need_id).status == NeedStatus.withdrawn


def _status_said(status: str) -> tuple[str, str]:
    """A status as a refusal says it, in each language's words: the enterprise read "需求状态为 closed，不能修改"."""
    return status_labels("zh").get(status, status), status_labels("en").get(status, status)


@dataclass(frozen=True)
class Submitted:
    need: Need
    public: PublicNeed
    review: ReviewView


def submit_need(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal, need_id: str,
                outbox: Outbox) -> Submitted:
    """Only who acts for the enterprise submits; a need already submitted is a 409 ``already_submitted``."""
    need = access.writable_need(session=session, principal=principal, need_id=need_id)
    if not submittable(need.status):
        zh, en = _status_said(need.status)
        raise ConflictError(f"需求当前为“{zh}”，不能再次提交 / a need that is {en} cannot be submitted again",
                            field="status", code="already_submitted")
    refuse_unsubmittable(need)
    public = feed.publish_need(session=session, need_id=need_id, outbox=outbox)
    published = intake.get_need(session=session, need_id=need_id, coordinator=True)
    earlier = pipeline.review_for_need(session=session, need_id=need_id, actor=MATCHER_ACTOR)
    # Submitted again after it was sent back: a re-match, which does not propose a center declined as unsuitable.
    left_out = reviews_labels.exclusions(session=session, settings=settings, matcher=matcher, need=published) \
        if earlier is not None else None
    proposals, offers_matched = _submission_matches(session=session, settings=settings, matcher=matcher,
                                                    need=published, exclude=left_out)
    if earlier is not None:  # sent back as unclear and submitted again: a new round of the same review
        review = pipeline.rematch(session=session, review_id=earlier.id, actor=MATCHER_ACTOR, proposals=proposals,
                                  note="企业补充后重新提交 / resubmitted by the enterprise", version=earlier.version)
    else:
        review = pipeline.submit_proposals(session=session, need_id=need_id, actor=MATCHER_ACTOR,
                                           proposals=proposals, enterprise_id=published.enterprise.id,
                                           enterprise_name=published.enterprise.name)
    feed.advance_need(session=session, need_id=need_id, transition="queue", by=pipeline_actor(principal, session),
                      outbox=outbox)
    announce_proposals(session=session, review=review, outbox=outbox)
    # Published: offered to the providers its public view fits, which may say they can help (issue 28, item 6).
    opportunities.offer(session=session, settings=settings, matcher=matcher, need_id=need_id,
                        already_proposed=[p.center_id for p in review.proposals], outbox=outbox,
                        matched=offers_matched)
    return Submitted(need=intake.get_need(session=session, need_id=need_id, coordinator=True), public=public,
                     review=review)


def _submission_matches(*, session: Session, settings: Settings, matcher: MatcherSetup, need: Need,
                        exclude: Mapping[str, str] | None) -> tuple[dict[str, Any], MatchResult | None]:
    """The proposals' result as the review stores it, and the offers' match when it is the same one. A need whose
    providers' view is its own words (not confidential, nothing marked) is offered on the query its proposals are
    matched with, so one match at the offers' depth serves both: its first ``matcher.top_k`` are what the proposals'
    own match lists (the ranking does not depend on how many are kept). A submission matched twice otherwise, a
    tenth of its work under load (issue 33). None: the offers match on their own (another query, or centers left
    out of the proposals)."""
    query = MatchQuery.from_need(need)
    depth = max(matcher.top_k, opportunities.OFFER_TOP_K)
    if exclude is None and need.id and opportunities.offer_query(session=session, need_id=need.id) == query:
        [result] = match_needs(session=session, settings=settings, setup=matcher, needs=[query], top_k=depth)
        listed = result.model_copy(update={"matches": result.matches[: matcher.top_k]})
        offered = result.model_copy(update={"matches": result.matches[: opportunities.OFFER_TOP_K]})
        return listed.to_json(), offered
    return proposals_for(setup=matcher, settings=settings, session=session, need=need, exclude=exclude), None


def refuse_unsubmittable(need: Need) -> None:
    """The submission rule (``intake.submission``): the first reason the need cannot go out yet, as a 400 naming the
    field to fix; nothing is published, matched or queued."""
    blockers = intake.submission_blockers(need)
    if blockers:
        first = blockers[0]
        raise InnodockError(f"{first.zh} / {first.en}", field=first.field, code=first.code)


def withdrawable(need: Need, review: ReviewView | None) -> bool:
    """Before a provider took it: a need in the queue can still be taken back (an engagement is withdrawn through
    its own workflow step)."""
    return before_a_provider(need.status) and (review is None or review.status != ReviewStatus.accepted)


def withdraw_need(*, session: Session, principal: Principal, need_id: str, outbox: Outbox) -> Need:
    """The enterprise (or whoever acts for it, in person) takes its need back; a pending review is closed with the
    reason, so no coordinator docks a need nobody wants any more, and every feed subscriber hears ``need.unpublished``
    (:mod:`flows.feed`)."""
    need = access.writable_need(session=session, principal=principal, need_id=need_id, withdraw=True)
    if not before_a_provider(need.status):
        zh, en = _status_said(need.status)
        raise ConflictError(f"需求当前为“{zh}”，不能撤回 / a need that is {en} cannot be withdrawn",
                            field="status", code="need_locked")
    review = pipeline.review_for_need(session=session, need_id=need_id, actor=MATCHER_ACTOR)
    if review is not None and review.status == ReviewStatus.accepted:
        raise ConflictError("已有机构承接，请在对接流程中撤回 / a provider took it: withdraw the engagement",
                            field="status", code="engagement_open")
    if review is not None and review.status == ReviewStatus.pending:
        pipeline.reject(session=session, review_id=review.id, actor=MATCHER_ACTOR, reason=RejectReason.other,
                        text=WITHDRAWN_TEXT, version=review.version)
        # Nothing is left to review: its proposals' notices ("有 2 个推荐机构待审核", "请确认能否承接") are history
        inbox.settle(session=session, groups=[f"proposal:{need_id}"])
    return feed.advance_need(session=session, need_id=need_id, transition="withdraw",
                             by=pipeline_actor(principal, session), outbox=outbox)


def history(*, session: Session, principal: Principal, need_id: str) -> list[NeedEventView]:
    """The need's lifecycle, for those who may read the need whole (coordinators' questions are in its notes)."""
    access.full_need(session=session, principal=principal, need_id=need_id)
    return intake.need_history(session=session, need_id=need_id)


# ---- the intake chat ----

def _own_chat(*, session: Session, principal: Principal, session_id: str,
              page_language: str | None = None) -> SessionView:
    """Another enterprise's conversation is reported as missing, like every other tenant's row. ``page_language``:
    the language the person chose, in which the open question is shown."""
    view = intake.get_session(session=session, session_id=session_id, page_language=page_language)
    if view.need.enterprise.id != principal.org_id:
        raise NotFoundError(f"会话不存在 / no such intake session: {session_id}", field="session_id")
    return view


def enterprise_of(principal: Principal) -> Enterprise:
    """The caller's own organisation as a need names its enterprise: its id, name and credit code, which the caller
    carries (read with its login or key). A chat begun on the page named it without its credit code, which a need that
    asks not to be named keeps out of its public view (``intake.publish.secrets_of``)."""
    return Enterprise(id=principal.org_id, name=principal.org_name, credit_code=principal.credit_code)


def start_chat(*, session: Session, enterprise: Enterprise, text: str, today: date,
               reader: IntakeReader = DETERMINISTIC, principal: Principal | None = None,
               page_language: str | None = None) -> SessionView:
    """The enterprise's first message: the draft need and the first question. ``reader``: how messages are read, as
    the entry point set it up (``flows.intake.intake_setup``: rules, the semantic head, the LLM when configured).
    The need is a tenant of the enterprise's association. ``principal``: who writes, named in the need's history
    should this first message already complete it."""
    return intake.start_session(session=session, text=text, today=today, enterprise=enterprise, reader=reader,
                                association_id=authz.association_of(session=session, enterprise_org_id=enterprise.id),
                                by=None if principal is None else pipeline_actor(principal, session),
                                page_language=page_language)


def adopt_needs(*, session: Session, association_id: str) -> int:
    """The first association made serves the needs made before any existed (as it does their enterprises)."""
    return intake.adopt_needs(session=session, association_id=association_id)


def chat(*, session: Session, principal: Principal, session_id: str, text: str,
         reader: IntakeReader = DETERMINISTIC, page_language: str | None = None) -> SessionView:
    """The next message of the enterprise's own conversation; once its need was submitted the chat is closed."""
    view = _own_chat(session=session, principal=principal, session_id=session_id)
    if not submittable(view.need.status):
        raise ConflictError("需求已提交，不能继续对话 / the need was submitted; the chat is closed",
                            field="session_id", code="need_submitted")
    return intake.post_message(session=session, session_id=session_id, text=text, reader=reader,
                               by=pipeline_actor(principal, session), page_language=page_language)


def edit_chat(*, session: Session, principal: Principal, session_id: str, changes: dict[str, Any],
              reader: IntakeReader = DETERMINISTIC, page_language: str | None = None) -> SessionView:
    """Fields the enterprise set on the need card beside its chat: recorded like its corrections, and said back in
    the conversation."""
    _own_chat(session=session, principal=principal, session_id=session_id)
    intake.edit_fields(session=session, session_id=session_id, changes=changes, reader=reader,
                       by=pipeline_actor(principal, session), page_language=page_language)
    return _own_chat(session=session, principal=principal, session_id=session_id)


def chat_view(*, session: Session, principal: Principal, session_id: str,
              page_language: str | None = None) -> SessionView:
    return _own_chat(session=session, principal=principal, session_id=session_id, page_language=page_language)


def resume_chat(*, session: Session, principal: Principal, page_language: str | None = None) -> SessionView | None:
    """The enterprise's latest conversation whose need is not yet submitted (or was sent back): the chat page opens
    on it after a language switch, a new login or on another device, since the conversation is stored here."""
    if principal.org_id is None:
        return None
    # Never a need the association returned: continuing one is the enterprise's explicit choice (:func:`amend_chat`,
    # from its card on /needs or the chat page's notice), else a new problem typed under "提出需求" was merged into it.
    return intake.latest_open_session(session=session, enterprise_id=principal.org_id, page_language=page_language,
                                      returned=False)


@dataclass(frozen=True)
class Returned:
    """A need the association returned as unclear and not yet submitted again: what the chat page says of it."""

    need_id: str
    title: str | None
    question: str
    returned_on: str  # the day it was sent back, in China


def returned_needs(*, session: Session, principal: Principal) -> list[Returned]:
    """The enterprise's needs the association returned and it has not submitted again, newest first, each with the
    coordinator's question and the day it was sent back: the chat page names them beside a new need, and names the
    one being amended. Read as the page shows them, in one statement (:func:`intake.service.returned_needs`): every
    view of the chat page loaded up to 200 of the enterprise's needs whole to find these."""
    if principal.org_id is None:
        return []
    return [Returned(need_id=r.need_id, title=r.title, question=r.question, returned_on=china_time.day(r.returned_at))
            for r in intake.returned_needs(session=session, enterprise_id=principal.org_id, limit=MY_NEEDS_LIMIT)]


def amend_chat(*, session: Session, principal: Principal, need_id: str, today: date,
               page_language: str | None = None) -> SessionView:
    """The conversation in which the enterprise amends its draft — one sent back with a coordinator's question, say
    (opened for a need made without the chat); a need already submitted is not amended here."""
    need = access.writable_need(session=session, principal=principal, need_id=need_id)
    if not submittable(need.status):
        raise ConflictError("需求已提交，不能在对话中修改 / the need was submitted; it is not amended in the chat",
                            field="need_id", code="need_submitted")
    view = intake.open_session_for_need(session=session, need_id=need_id, today=today)
    return _own_chat(session=session, principal=principal, session_id=view.id, page_language=page_language)


def submit_chat(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal,
                session_id: str, outbox: Outbox) -> ReviewView:
    """The chat's need, confirmed as it stands, submitted through :func:`submit_need` (published, announced,
    matched, queued). Submitted twice (a double click), the first submission stands."""
    view = _own_chat(session=session, principal=principal, session_id=session_id)
    need = view.need.model_copy(deep=True)
    if need.id is not None and not submittable(need.status):  # submitted already (a double click): that stands
        existing = pipeline.review_for_need(session=session, need_id=need.id, actor=MATCHER_ACTOR)
        if existing is not None:
            return access.review_for(session=session, principal=principal, review=existing)
    need = intake.save_need(session=session, need=need, enterprise_id=principal.org_id)
    try:
        done = submit_need(session=session, settings=settings, matcher=matcher, principal=principal,
                           need_id=need.id or "", outbox=outbox)
    except ConflictError:
        raise ConflictError("该需求已提交 / this need was already submitted", field="session_id") from None
    return done.review


# ---- needs as records: create, edit, list, the result ----

# The need's short texts a person types, with their limits (``api.needs_schemas.Short`` / ``Long``, the API's): the
# use case checks them too, so the page refuses what ``PATCH /needs`` refuses. A title typed blank on the needs page
# was stored as none ("（未命名需求）") with "已保存。", and one of 320 characters as its first 200 (a new user in
# Chromium, 2026-11-29).
TYPED_TEXTS: dict[str, tuple[int, str, str]] = {
    "title": (SHORT_TEXT_MAX, "标题", "the title"), "industry": (SHORT_TEXT_MAX, "行业", "the industry"),
    "product": (SHORT_TEXT_MAX, "产品", "the product"), "problem": (LONG_TEXT_MAX, "问题描述", "the problem"),
}
NOT_BLANK = frozenset({"title", "industry", "product"})  # the API's Short: at least one character once stripped


def typed_texts(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` with its typed texts stripped; one left blank that may not be (a title cleared to spaces), or one
    over its limit, is refused naming the field and the limit: never stored blank, never cut."""
    out = dict(changes)
    for name, (limit, zh, en) in TYPED_TEXTS.items():
        value = out.get(name)
        if not isinstance(value, str):
            continue
        value = out[name] = value.strip()
        if not value and name in NOT_BLANK:
            raise InnodockError(f"{zh}不能为空 / {en} cannot be blank", field=name)
        if len(value) > limit:
            raise InnodockError(f"{zh}最多 {limit} 个字，现有 {len(value)} 个，请删减 / {en} takes at most {limit} "
                                f"characters; this one has {len(value)}: shorten it", field=name)
    return out


def _with_fields(need: Need, changes: dict[str, Any]) -> Need:
    """The need with the fields an enterprise set or corrected (JSON values; a budget is merged, not replaced)."""
    changes = typed_texts(changes)
    if "budget" in changes:
        changes = {**changes, "budget": {**need.budget.model_dump(mode="json"), **changes["budget"]}}
    try:
        updated = Need.model_validate({**need.model_dump(mode="json"), **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InnodockError(f"需求字段不正确 / invalid need: {first.get('msg')}", field=where or None) from None
    # Who read it; a title the enterprise gave replaces the derived one for good (intake.publish.derive_title).
    updated.sources = {**updated.sources, **{k: "user" for k in changes if k in (*SOURCED_FIELDS, "title")}}
    return updated


def create_need(*, session: Session, principal: Principal, enterprise: Enterprise, text: str,
                changes: dict[str, Any], today: date, reader: IntakeReader = DETERMINISTIC) -> Need:
    """A need from its text, with the fields given taking precedence over what intake read; a need the submission
    rule lets through (``intake.submission``) is ready to submit. The need is a tenant of the enterprise's
    association. An association puts a need on the platform only for an enterprise it serves or that consented to
    it (to another association's enterprise it is missing)."""
    association_id = authz.association_of(session=session, enterprise_org_id=enterprise.id)
    if not policy.may_create_for(principal, association_id=association_id,
                                 consenting_to=authz.consenting_associations(session=session,
                                                                             enterprise_org_id=enterprise.id)):
        raise NotFoundError("企业不存在 / no such enterprise", field="enterprise_id")
    need = _with_fields(intake.extract(text=text, today=today, reader=reader), changes)
    need.enterprise = enterprise
    # An association's need for an enterprise with no account is its own tenant.
    saved = intake.save_need(session=session, need=need, enterprise_id=enterprise.id, submitted_by=principal.org_id,
                             association_id=association_id or principal.association_id)
    return intake.confirm_if_complete(session=session, need=saved, by=pipeline_actor(principal, session))


def edit_need(*, session: Session, principal: Principal, need_id: str, changes: dict[str, Any],
              outbox: Outbox) -> Need:
    """Correct a need. A published one's public view is refreshed and announced again (coordinators may then
    re-match it); only the enterprise's own people declassify a confidential need."""
    current = access.writable_need(session=session, principal=principal, need_id=need_id)
    if current.confidential and changes.get("confidential") is False:
        access.writable_need(session=session, principal=principal, need_id=need_id, declassify=True)
    if not before_a_provider(current.status):  # a need under review may still be corrected
        zh, en = _status_said(current.status)
        raise ConflictError(f"需求当前为“{zh}”，不能修改 / a need that is {en} cannot be edited",
                            field="status", code="need_locked")
    saved = intake.save_need(session=session, need=_with_fields(current, changes))
    if saved.status in PUBLIC_STATUSES:
        feed.publish_need(session=session, need_id=need_id, outbox=outbox)
        saved = intake.get_need(session=session, need_id=need_id, coordinator=True)
    return saved


def list_needs(*, session: Session, principal: Principal, status: NeedStatus | None, limit: int,
               offset: int) -> tuple[list[NeedSummary], int]:
    """The organisation's needs, summarised; an association's: those it submitted or holds the enterprise's consent
    for, and for its staff its enterprises' (``authz.policy.serves``); the platform operator: all."""
    if principal.role == Role.enterprise:
        return intake.list_need_summaries(session=session, enterprise_id=principal.org_id, status=status,
                                          limit=limit, offset=offset)
    if principal.across_associations:
        return intake.list_need_summaries(session=session, status=status, limit=limit, offset=offset)
    consents = authz.consenting_enterprises(session=session, association_org_id=principal.org_id)
    return intake.list_need_summaries(session=session, submitted_by=principal.org_id, status=status, limit=limit,
                                      offset=offset, or_enterprise_ids=sorted(consents),
                                      or_association_id=principal.association_id if principal.is_person else None)


def has_needs(*, session: Session, enterprise_id: str) -> bool:
    """Whether the enterprise has any need yet (a draft included): where its login lands. An existence query
    (``intake.service.has_needs``), not a page of one whole need and the count of them all."""
    return intake.has_needs(session=session, enterprise_id=enterprise_id)


def readable_whole(*, session: Session, principal: Principal, need_id: str) -> bool:
    """Whether a write's answer may carry the need back whole (an association key without ``needs:read`` never
    gets the enterprise's words back)."""
    return access.readable_by(principal, access.need_facts(session=session, need_id=need_id, principal=principal))


@dataclass(frozen=True)
class NeedOutcome:
    """What came of a need, as the caller may read it: its status, its review (a center sees only what concerns
    itself, never scores or reviewers) and, once a provider was accepted, its engagement's state."""

    status: NeedStatus
    review: ReviewView | None = None
    engagement_state: str | None = None
    # how far the review has got, or why its center was chosen (flows.need_progress), for those who may read it
    progress: Progress | None = None


def outcome(*, session: Session, principal: Principal, need_id: str, lang: str = "zh") -> NeedOutcome:
    """What came of the need, for ``GET /needs/{id}/result``; its progress said in ``lang``."""
    read = access.read_need(session=session, principal=principal, need_id=need_id)
    status = read.need.status if read.need is not None else intake.need_owner(session=session, need_id=need_id).status
    # The result shows no "can help" offer: they are not read (issue 33).
    review = pipeline.review_for_need(session=session, need_id=need_id, actor=MATCHER_ACTOR, with_help=False)
    if review is None:
        return NeedOutcome(status=status)
    review = access.review_for(session=session, principal=principal, review=review)
    state = None
    if review.status == ReviewStatus.accepted and review.accepted_center_id and review.engagement_id:
        state = pipeline.get_engagement(session=session, engagement_id=review.engagement_id,
                                        actor=pipeline_actor(principal, session)).state
    progress = (progress_of(review, lang, status, reachable=_answerable(session, [review]))
                if policy.reads_match_progress(principal, read.level) else None)
    return NeedOutcome(status=status, review=review, engagement_state=state, progress=progress)


def _answerable(session: Session, reviews: Collection[ReviewView], *, also: Collection[str] = ()) -> set[str]:
    """Of the centers the pending ``reviews`` propose (and ``also``), those somebody can answer for
    (:func:`flows.reviews.reachable`), asked together: what :func:`flows.need_progress.found_for_you` reads."""
    proposed = {p.center_id for r in reviews if r.status == ReviewStatus.pending for p in r.proposals} | set(also)
    return reachable(session=session, center_ids=proposed) if proposed else set()


@dataclass(frozen=True)
class MyNeed:
    """One of an enterprise's needs, with what became of it ("my needs" page): a draft has no review yet; one sent
    back as unclear carries the coordinator's question and its conversation, to amend it and submit again."""

    need: Need
    review: ReviewView | None
    engagement: EngagementView | None
    withdrawable: bool
    details_open: bool
    question: str | None = None  # the coordinator's, when the need was sent back as unclear
    chat_id: str | None = None  # the conversation to continue (drafts)
    public_path: str | None = None  # its public page's path, while it has one (:func:`public_page_path`)
    # Handed to a provider nobody can log in for (flows.reviews.reachable): the association arranges contact with
    # it; /needs said "已匹配" with the provider's name as if it were handled (a new user's trial, 2026-11-29).
    arranging: bool = False
    progress: Progress | None = None  # how far its review has got, or why its center was chosen (flows.need_progress)


MY_NEEDS_LIMIT = 200


def my_needs(*, session: Session, principal: Principal, lang: str = "zh") -> list[MyNeed]:
    """The enterprise's needs, drafts included, newest first; each submitted one's progress said in ``lang``."""
    who = pipeline_actor(principal, session)
    needs, _ = intake.list_needs(session=session, enterprise_id=principal.org_id, limit=MY_NEEDS_LIMIT)
    published = intake.published_versions(session=session, need_ids=[n.id for n in needs if n.id])
    # Every need's review (its rounds, its offers) read together: one need at a time it was three statements a need.
    reviews = pipeline.reviews_for_needs(session=session, need_ids=[n.id for n in needs if n.id], actor=MATCHER_ACTOR)
    # And every draft's conversation and sent-back question: one draft at a time they were three statements a draft.
    drafts = [n.id for n in needs if n.id and submittable(n.status)]
    chats = intake.chats_of_needs(session=session, need_ids=drafts)
    questions = intake.sent_back_questions(session=session, need_ids=drafts)
    seen = {need_id: access.review_for(session=session, principal=principal, review=review)
            for need_id, review in reviews.items()}
    # And the accepted needs' engagements and whether their details are open, together: one need at a time they
    # were an engagement's read and the grants' (with the need's facts) a need (issue 33).
    engagements = pipeline.engagements_by_id(
        session=session, engagement_ids=[r.engagement_id for r in seen.values() if r.engagement_id], actor=who)
    opened = disclosure.opened_to_accepted(session=session, principal=principal,
                                           need_ids=[n for n, r in seen.items() if r.accepted_center_id])
    held = {n.id for n in needs if n.id and held_by_provider(n.status)}
    taken = {r.accepted_center_id for n, r in seen.items() if n in held and r.accepted_center_id}
    # who can act for each provider taken, and for each center a pending review proposes, together
    acted_for = _answerable(session, list(seen.values()), also=taken)
    out = []
    for need in needs:
        need_id = need.id or ""
        review = seen.get(need_id)
        engagement = engagements.get(review.engagement_id) if review is not None and review.engagement_id else None
        details_open = review is not None and bool(review.accepted_center_id) and need_id in opened
        # its own needs (listed by the caller's enterprise): the rule reads them whole for it
        level = policy.need_detail(principal, policy.NeedFacts(need_id=need_id, enterprise_id=principal.org_id,
                                                               submitted_by=None, confidential=need.confidential))
        progress = (progress_of(review, lang, need.status, reachable=acted_for)
                    if review is not None and not submittable(need.status)
                    and policy.reads_match_progress(principal, level) else None)
        out.append(MyNeed(need=need, review=review, engagement=engagement,
                          withdrawable=withdrawable(need, review), details_open=details_open,
                          question=questions.get(need_id), chat_id=chats.get(need_id),
                          public_path=_page_path(need_id, status=need.status.value,
                                                 published=need_id in published),
                          arranging=need_id in held and review is not None
                          and review.accepted_center_id not in acted_for, progress=progress))
    return out


# ---- what the public reads ----

def public_needs(*, session: Session, limit: int, offset: int,
                 filters: FeedFilter | None = None) -> PublicPage:
    """Published needs, redacted, newest first: the association websites' feed, narrowed by ``filters``, from the
    cursor ``filters.before`` when given, with the cursor of the page after — None on the last page, even a full
    one: one need more is read to know (before, a full last page sent the site on to an empty one)."""
    found = intake.list_public_needs(session=session, limit=limit + 1, offset=offset, filters=filters)
    if len(found.items) <= limit:
        return PublicPage(items=found.items, total=found.total, next=None)
    page = found.items[:limit]
    last = page[-1]
    after = FeedCursor(at=last.published_at, need_id=last.id) if last.published_at is not None else None
    return PublicPage(items=page, total=found.total, next=after)


def public_need(*, session: Session, need_id: str) -> PublicNeed:
    return intake.public_view(session=session, need_id=need_id)


@dataclass(frozen=True)
class PublishedNeed:
    """A need's public page (``/needs/{id}``): the version it was published with and where it stands."""

    view: PublicNeed
    stage: policy.PublicStage


def published_need(*, session: Session, need_id: str) -> PublishedNeed:
    """What anyone may read of a need at its public address, the one a website links to: the view the feed showed
    (``intake.publish``'s redaction, stored when the need was published — never the need), and its stage; the need
    stays there once a provider took it. Which needs have a page is :func:`authz.policy.public_need_stage`'s to say
    (404 for the rest, as for an unknown id)."""
    try:
        status: str | None = intake.need_owner(session=session, need_id=need_id).status.value
    except NotFoundError:
        status = None
    views = intake.published_versions(session=session, need_ids=[need_id])
    stage = policy.public_need_stage(need_id, status=status, published=need_id in views)
    return PublishedNeed(view=views[need_id], stage=stage)


def public_page_path(*, session: Session, need_id: str) -> str | None:
    """The path of the need's public page (``/needs/{id}``) while it has one — :func:`published_need`'s rule,
    ``authz.policy.public_need_stage`` —, else None: what the coordinator's review page links to."""
    try:
        published_need(session=session, need_id=need_id)
    except NotFoundError:
        return None
    return feed.need_page_path(need_id)


def _page_path(need_id: str, *, status: str, published: bool) -> str | None:
    """:func:`public_page_path` for a need already read (the "my needs" page reads them all at once)."""
    try:
        policy.public_need_stage(need_id, status=status, published=published)
    except NotFoundError:
        return None
    return feed.need_page_path(need_id)


def public_in_language(view: PublicNeed, lang: str) -> PublicNeed:
    """A published need as a website in ``lang`` shows it: a confidential need's title and summary are the
    platform's sentences, so they are said in that language, and so is the budget band; what the enterprise wrote
    (a public need's title and summary) stays in its own words. The stored view is Chinese, as the events carry it."""
    if lang == "zh":
        return view
    return view.model_copy(update={"title": publish.published_title(view, lang),
                                   "summary": publish.published_summary(view, lang),
                                   "budget_band": publish.band_in_language(view.budget_band, lang)})


def reviewer_name(*, session: Session, need_id: str) -> str | None:
    """Who reviews a submitted need, as the 办事指南 names it (issue 30, item 6): the association whose tenant the need
    is, its enterprise's own; None for a need of no association, or one whose association is no longer on record."""
    owner = intake.need_owner(session=session, need_id=need_id)
    if owner.association_id is None:
        return None
    try:
        return accounts.get_org(session=session, org_id=owner.association_id).name
    except NotFoundError:
        return None


def public_preview(need: Need, lang: str) -> PublicPreview:
    """The chat page's preview, in the page's language (``intake.publish.public_preview``, the one function the
    chat's publishing question and the JSON API's session view say it with), of the need the request already
    read."""
    return publish.public_preview(need, lang)
