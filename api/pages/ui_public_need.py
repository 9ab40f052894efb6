"""A published need's public page, ``/needs/{id}``: the stable address an association's website links a need of its
feed to (each feed item's ``url``), and a shared link previews. Anyone may read it, logged in or not. It shows the
version the need was published with — the feed's, made once by ``intake.publish`` (a confidential need's summary
only; never the enterprise, its contact or a marked string) —, where the need stands (open, being served, closed) and
how a provider answers: log in and say it can help (the same use case as the opportunities page's "我们可以承接"), or
apply to join. Which needs have a page is ``authz.policy.public_need_stage``'s to say: a need never published, sent
back or withdrawn is the same 404 page as an id that names nothing."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.auth.deps import public
from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import PageNotFound, VisitorActor, label, render
from api.pages.ui_format import day, place
from api.shared import need_page_url
from authz import policy
from core.errors import NotFoundError
from flows import needs as needs_flow
from flows.needs import industry_in
from kb.vocab import SERVICE_TYPE_LABELS

router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])
DESCRIPTION_MAX = 160  # what a link preview shows of the summary


def _description(summary: str) -> str:
    text = " ".join(summary.split())
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


@router.get("/needs/{need_id}", response_class=HTMLResponse)
def public_need_page(request: Request, need_id: str, actor: VisitorActor, session: SessionDep) -> HTMLResponse:
    lang = language(request)
    try:
        found = needs_flow.published_need(session=session, need_id=need_id[:64])
    except NotFoundError:
        raise PageNotFound(actor) from None
    view = needs_flow.public_in_language(found.view, lang)  # the feed's words in the page's language
    sep = "、" if lang == "zh" else ", "
    center_id = actor.center_id if actor is not None else None
    open_ = found.stage == policy.PublicStage.open
    return render(
        request, "ui_public_need.html", actor=actor, need=view, stage=found.stage.value,
        service_types=sep.join(label(SERVICE_TYPE_LABELS[s], lang) for s in view.service_types),
        industry=industry_in(view.industry, lang), region=place(view.region.province, view.region.city, lang),
        deadline=day(view.deadline, lang) if view.deadline else None,
        published=day(view.published_at, lang) if view.published_at else None,
        description=_description(view.summary),
        canonical=need_page_url(request, view.id, lang),
        alternates={"zh-CN": need_page_url(request, view.id, "zh"), "en": need_page_url(request, view.id, "en")},
        # a provider's coordinator says it can help right here (the route of its opportunities page)
        help_center=center_id if open_ and center_id and policy.permits(actor, "opportunity.help",
                                                                         center_id=center_id) else None,
        may_read_opportunities=bool(center_id) and policy.permits(actor, "opportunity.read", center_id=center_id),
    )
