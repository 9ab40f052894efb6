"""A need submitted twice: before the enterprise submits a need, whether one of its own open needs is nearly the
same, so the page can ask "您在 X 月 X 日提交过相似的需求《…》，仍要提交吗？" and let it go on.

Nearly the same is what the project already calls near: the same product with the same service types, or texts as
close as the grouping of common problems requires (:func:`flows.reviews_labels.near_duplicates`, the re-match
rule's reading, with the matcher's ``group_needs`` threshold). Nothing is refused: an enterprise may well have two
batches of the same product to test; it is told, with a link to the earlier need, and decides. Only its own needs
are compared (another enterprise's needs are never read for it), and only open ones: a draft, a need withdrawn or
closed is no duplicate.

The enterprise chooses one of two, each said plainly on the page: submit this one anyway, or go to the earlier need
and discard this draft (:func:`discard_for_earlier`: the draft is withdrawn — never submitted, published or matched —
so it is no longer a draft on "my needs" nor the conversation the chat page reopens; a new user's trial, 2026-11-30,
found the abandoned draft left there, and the big submit button only asking the question again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.errors import ConflictError
from core.settings import Settings
from flows import access
from flows import needs as needs_flow
from flows.events import Outbox
from flows.matching import MatcherSetup
from flows.need_progress import day_said
from flows.reviews_labels import near_duplicates
from intake import service as intake
from intake.schemas import Need, NeedStatus
from pipeline import service as pipeline

# A need still being handled: submitted and not withdrawn, closed or a draft again.
OPEN: frozenset[NeedStatus] = frozenset({NeedStatus.published, NeedStatus.in_review, NeedStatus.matched,
                                         NeedStatus.in_engagement, NeedStatus.no_provider})


@dataclass(frozen=True)
class SimilarNeed:
    """The enterprise's open need that the one about to be submitted nearly repeats."""

    need_id: str
    title: str
    submitted_at: datetime
    same_product: bool  # the same product and service types (else: texts very close)
    said: str  # the question, in the page's language


def _same_product(a: Need, b: Need) -> bool:
    product_a, product_b = (a.product or "").strip().lower(), (b.product or "").strip().lower()
    return bool(product_a) and product_a == product_b and bool(a.service_types) \
        and set(a.service_types) == set(b.service_types)


def similar_open_need(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal,
                      need: Need, lang: str) -> SimilarNeed | None:
    """The latest of the caller's open needs that ``need`` nearly repeats, or None."""
    if principal.org_id is None:
        return None
    mine, _ = intake.list_needs(session=session, enterprise_id=principal.org_id, limit=needs_flow.MY_NEEDS_LIMIT)
    others = [n for n in mine if n.id and n.id != need.id and n.status in OPEN]  # newest first
    if not others:
        return None
    found = next((n for n in others if _same_product(need, n)), None)
    if found is None:
        near = set(near_duplicates(settings=settings, matcher=matcher, need=need, others=others))
        found = next((n for n in others if n.id in near), None)
    if found is None:
        return None
    review = pipeline.review_for_need(session=session, need_id=found.id or "", actor=needs_flow.MATCHER_ACTOR,
                                      with_help=False)
    submitted = review.created_at if review is not None else found.created_at
    title = found.title or found.product or (found.text or "")[:20]
    day = day_said(submitted, lang) if submitted is not None else ""
    said = (f"您在 {day}提交过相似的需求《{title}》，仍要提交吗？" if lang == "zh" else
            f"On {day} you submitted a similar need, “{title}”. Submit this one anyway?")
    return SimilarNeed(need_id=found.id or "", title=title, submitted_at=submitted or datetime.min,
                       same_product=_same_product(need, found), said=said)


def similar_to_chat(*, session: Session, settings: Settings, matcher: MatcherSetup, principal: Principal,
                    session_id: str, lang: str) -> SimilarNeed | None:
    """:func:`similar_open_need` of the chat's need, as it stands before its submission (another enterprise's
    conversation is missing, as everywhere: ``flows.needs.chat_view``)."""
    view = needs_flow.chat_view(session=session, principal=principal, session_id=session_id)
    if not needs_flow.submittable(view.need.status):
        return None  # submitted already (a double click): the first submission stands, nothing to ask
    return similar_open_need(session=session, settings=settings, matcher=matcher, principal=principal,
                             need=view.need, lang=lang)


def discard_for_earlier(*, session: Session, principal: Principal, session_id: str, earlier_id: str,
                        outbox: Outbox) -> str:
    """The enterprise goes to its earlier need (``earlier_id``, one of its own open needs: another's, or one no
    longer open, is missing — 404 — and nothing is changed) and discards the chat's draft, withdrawn through
    :func:`flows.needs.withdraw_need` (the one home of taking a need back: its history says so). Returns the path of
    the earlier need on "my needs". A draft discarded already (a double click) stays so; one submitted meanwhile (from
    another tab) is not withdrawn: a 409 says so."""
    view = needs_flow.chat_view(session=session, principal=principal, session_id=session_id)
    earlier = access.read_need(session=session, principal=principal, need_id=earlier_id)  # 404 for another's
    if earlier.need is None or earlier.need.status not in OPEN or earlier_id == view.need.id:
        raise policy.missing_need(earlier_id)
    if view.need.status == NeedStatus.withdrawn:
        return f"/needs#{earlier_id}"  # discarded already (a double click): that stands
    if not needs_flow.submittable(view.need.status):
        raise ConflictError("这份草稿已经提交，不能放弃；如不需要，请在“我的需求”中撤回 / this draft was already "
                            "submitted: withdraw it under My needs if it is not wanted", field="session_id",
                            code="need_submitted")
    needs_flow.withdraw_need(session=session, principal=principal, need_id=view.need.id or "", outbox=outbox)
    return f"/needs#{earlier_id}"
