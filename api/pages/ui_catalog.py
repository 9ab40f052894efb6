"""The public pages: the catalog of providers (the start page) and a provider's own page.

Anyone may read them; a signed-in person reads them with their own navigation (the pages rendered apart from
:func:`api.pages.ui_common.render` showed 登录 to a signed-in enterprise that clicked the brand, as if it had been
signed out; a new user's trial, 2026-11-29)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from accounts.vocab import Role
from api.auth.deps import public
from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import VisitorActor, render
from api.pages.ui_i18n_profiles import PROFILE_STRINGS
from api.schemas import CapabilityPublic, CenterPublic
from api.shared import center_cards
from core.bilingual import in_language
from evaluation.schemas import label
from flows import catalog
from kb.vocab import CenterKind, CenterStatus, ServiceType

router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])
PAGE_SIZE = 24


@router.get("/", response_class=HTMLResponse)
def catalog_page(
    request: Request,
    session: SessionDep,
    actor: VisitorActor,
    q: Annotated[str, Query(max_length=100)] = "",
    kind: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """The start page. It says where an enterprise begins (register, or sign in and post a need): the catalog
    alone offered only 登录."""
    centers = catalog.find_centers(session=session, kind=CenterKind(kind) if kind in CenterKind.__members__ else None,
                                   text=q)
    counts = catalog.capability_counts(session=session)
    total = len(centers)
    window = centers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    items = center_cards(session=session, centers=window, counts=counts)
    door = "visitor" if actor is None else "enterprise" if actor.role == Role.enterprise else None
    return render(request, "catalog.html", actor=actor, items=items, total=total, q=q, kind=kind, page=page,
                  shown=catalog.shown_statuses(session=session, centers=window),
                  pages=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE), kinds=[k.value for k in CenterKind],
                  door=door)


@router.get("/centers/{center_id}", response_class=HTMLResponse)
def center_page(request: Request, center_id: str, session: SessionDep, actor: VisitorActor) -> HTMLResponse:
    center = catalog.public_center(session=session, center_id=center_id)
    caps = [CapabilityPublic.of(c) for c in catalog.capabilities(session=session, center_id=center_id)]
    item = CenterPublic.of(center, capabilities=len(caps),
                           commendation=catalog.commendations(session=session, center_ids=[center_id]).get(center_id))
    lang = language(request)
    half = 0 if lang == "zh" else 1
    checks = [{"rule": c.rule, "clause": c.clause, "verdict": c.verdict,
               "reasons": [in_language(r, lang) for r in c.reasons]}
              for c in catalog.compliance(session=session, center_id=center_id)]
    rating = catalog.rating(session=session, center_id=center_id)
    party = label(rating.party, "zh" if half == 0 else "en") if rating is not None else ""
    return render(request, "center.html", actor=actor, item=item, caps=caps, center=center, checks=checks,
                  shown=catalog.shown_statuses(session=session, centers=[center])[center.id],
                  rating=rating, cases=catalog.cases(session=session, center_id=center_id),
                  criticisms=catalog.criticisms(session=session, center_id=center_id),
                  pf=PROFILE_STRINGS["zh" if half == 0 else "en"],
                  party=party,
                  operating=center.effective_status == CenterStatus.operating,
                  service_enum=[s.value for s in ServiceType])
