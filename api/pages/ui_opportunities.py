"""A provider's opportunities page (issue 28, item 6): the published needs that fit it, best first, as the public
reads them, with its experts who fit each, and its "we can help" with a short note. The same use cases as
``GET /api/v1/centers/{id}/opportunities`` and its ``…/{need_id}/help`` (:mod:`flows.opportunities`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from accounts.schemas import Actor
from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import PageForbidden, PageNotFound, form_post, label, page, render
from api.pages.ui_format import place
from authz import policy
from core.errors import NotFoundError, PermissionDeniedError
from flows import opportunities as opportunities_flow
from flows import worklists
from flows.matching import MatcherSetup
from kb.vocab import SERVICE_TYPE_LABELS

router = APIRouter(include_in_schema=False)
OpportunitiesPage = Annotated[Actor, Depends(page("opportunity.read"))]
CanHelpPage = Annotated[Actor, Depends(page("opportunity.help"))]


def _shown(o: opportunities_flow.Opportunity, lang: str) -> dict[str, Any]:
    sep = "、" if lang == "zh" else ", "
    # (the English page read "常州市, 江苏省": the Chinese names in English order, the English pages walked, 2026-11-28)
    return {"o": o, "service_types": sep.join(label(SERVICE_TYPE_LABELS[s], lang) for s in o.need.service_types),
            "region": place(o.need.region.province, o.need.region.city, lang),
            "budget": worklists.budget_in(o.need.budget_band, lang)}


@router.get("/centers/{center_id}/opportunities", response_class=HTMLResponse)
def opportunities_page(request: Request, center_id: str, actor: OpportunitiesPage,
                       session: SessionDep) -> HTMLResponse:
    lang = language(request)
    setup: MatcherSetup = getattr(request.app.state, "matcher", None) or MatcherSetup()
    try:
        found = opportunities_flow.opportunities(session=session, settings=request.app.state.settings,
                                                 matcher=setup, principal=actor, center_id=center_id[:64])
        counts = opportunities_flow.overview(session=session, principal=actor, center_id=center_id[:64])
    except NotFoundError:
        raise PageNotFound(actor) from None
    except PermissionDeniedError:
        raise PageForbidden(actor) from None
    return render(request, "ui_opportunities.html", actor=actor, center_id=center_id[:64],
                  items=[_shown(o, lang) for o in found], counts=counts,
                  may_help=policy.permits(actor, "opportunity.help", center_id=center_id[:64]),
                  cap=request.app.state.settings.opportunity_daily_cap)


@router.post("/centers/{center_id}/opportunities/{need_id}/help")
def opportunity_help(center_id: str, need_id: str, actor: CanHelpPage, session: SessionDep,
                     note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The same use case as ``POST /api/v1/centers/{id}/opportunities/{need_id}/help``."""
    back = f"/centers/{center_id[:64]}/opportunities"
    return form_post(session=session, actor=actor, back=back, missing="center_id", notice="notice_can_help",
                     act=lambda: opportunities_flow.can_help(session=session, principal=actor,
                                                             center_id=center_id[:64], need_id=need_id[:64],
                                                             note=note))
