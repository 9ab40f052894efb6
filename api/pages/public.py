"""Server-rendered pages (Jinja2), Chinese by default with an English switch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.auth.deps import public
from api.deps import SessionDep
from api.i18n import STRINGS, language
from api.pages.ui_i18n_profiles import PROFILE_STRINGS
from api.schemas import CapabilityPublic, CenterPublic
from api.shared import center_cards
from core.bilingual import in_language
from evaluation.schemas import label
from flows import catalog
from kb.vocab import KIND_LABELS, SERVICE_TYPE_LABELS, STATUS_LABELS, CenterKind, CenterStatus, ServiceType

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])
PAGE_SIZE = 24


def _context(request: Request, **kw: object) -> dict[str, object]:
    lang = language(request)
    idx = 0 if lang == "zh" else 1
    return {
        "request": request, "lang": lang, "t": STRINGS[lang],
        "kind_labels": {k.value: v[idx] for k, v in KIND_LABELS.items()},
        "status_labels": {k.value: v[idx] for k, v in STATUS_LABELS.items()},
        "service_labels": {k.value: v[idx] for k, v in SERVICE_TYPE_LABELS.items()},
        **kw,
    }


def _render(request: Request, name: str, **kw: object) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(request, name, _context(request, **kw))
    if request.query_params.get("lang") in STRINGS:
        response.set_cookie("lang", request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/", response_class=HTMLResponse)
def catalog_page(
    request: Request,
    session: SessionDep,
    q: Annotated[str, Query(max_length=100)] = "",
    kind: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    centers = catalog.find_centers(session=session, kind=CenterKind(kind) if kind in CenterKind.__members__ else None,
                                   text=q)
    counts = catalog.capability_counts(session=session)
    total = len(centers)
    window = centers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    items = center_cards(session=session, centers=window, counts=counts)
    return _render(request, "catalog.html", items=items, total=total, q=q, kind=kind, page=page,
                   pages=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE), kinds=[k.value for k in CenterKind])


@router.get("/centers/{center_id}", response_class=HTMLResponse)
def center_page(request: Request, center_id: str, session: SessionDep) -> HTMLResponse:
    center = catalog.center(session=session, center_id=center_id)
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
    return _render(request, "center.html", item=item, caps=caps, center=center, checks=checks, rating=rating,
                   cases=catalog.cases(session=session, center_id=center_id),
                   criticisms=catalog.criticisms(session=session, center_id=center_id),
                   pf=PROFILE_STRINGS["zh" if half == 0 else "en"],
                   party=party,
                   operating=center.effective_status == CenterStatus.operating,
                   service_enum=[s.value for s in ServiceType])

