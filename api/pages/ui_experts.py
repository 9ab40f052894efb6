"""The association coordinator's page for an expert consultation without a center: experts ranked for a need, with
the reasons, the conflicts of interest left out (and why), and those who could not be ranked. The page is a plain
GET of ``/needs/{need_id}/experts``, so its address can be shared; it calls the same flow as the API and the CLI."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import ExpertPage, PageNotFound, render
from api.pages.ui_format import in_language  # the one splitter (core.bilingual)
from api.pages.ui_i18n import MERGED
from api.pages.ui_need import center_need_rows, need_rows
from core.errors import NotFoundError
from flows import experts as experts_flow
from flows.matching import MatcherSetup
from matcher.schemas import ExpertMatch, Reason

router = APIRouter(include_in_schema=False)

DEFAULT_TOP = 10


def _row(m: ExpertMatch, lang: str) -> dict[str, Any]:
    def of(kind: str, **match: str) -> list[Reason]:
        return [r for r in m.reasons if r.kind == kind and all(getattr(r, k, None) == v for k, v in match.items())]

    fields = of("passage", source="fields")
    bio = of("passage", source="bio")
    terms = of("terms")
    lead = of("rule", rule="project_lead")
    staff = of("rule", rule="service_staff")
    senior = of("seniority")
    score = of("score")
    return {
        "m": m,
        "fields": getattr(fields[0], "fields", []) if fields else [],
        "bio": bio[0].text.partition("：")[2] if bio else "",
        "terms": getattr(terms[0], "terms", []) if terms else [],
        "lead_ok": m.lead_qualified, "lead_clause": getattr(lead[0], "clause", "") if lead else "",
        "lead_unmet": [in_language(u, lang) for u in getattr(lead[0], "unmet", [])] if lead else [],
        "staff_unmet": [in_language(u, lang) for u in getattr(staff[0], "unmet", [])] if staff else [],
        "seniority": getattr(senior[0], lang if lang == "zh" else "en", "") if senior else "",
        "parts": {k: getattr(score[0], k) for k in ("relevance", "dense", "lexical", "coverage")} if score else {},
    }


@router.get("/needs/{need_id}/experts", response_class=HTMLResponse)
def experts_page(request: Request, need_id: str, actor: ExpertPage, session: SessionDep,
                 top: str = str(DEFAULT_TOP)) -> HTMLResponse:
    lang = language(request)
    setup: MatcherSetup = getattr(request.app.state, "matcher", None) or MatcherSetup()
    error = ""
    try:
        n = int(top)
    except ValueError:
        n = 0
    if not 1 <= n <= experts_flow.MAX_TOP:
        n, error = DEFAULT_TOP, MERGED[lang]["bad_top"]  # the text: render() reads an error as a message
    try:
        found = experts_flow.for_need(session=session, settings=request.app.state.settings, matcher=setup,
                                      principal=actor, need_id=need_id[:64], top=n)
    except NotFoundError:
        raise PageNotFound(actor) from None
    read = found.need
    rows = need_rows(read.need, lang) if read.need is not None else center_need_rows(read.center, lang,
                                                                                      read.withheld)
    result = found.result
    return render(request, "ui_experts.html", actor=actor, need=read.need or read.center, need_id=need_id[:64],
                  rows=rows, top=n, error=error, items=[_row(m, lang) for m in result.matches],
                  excluded=[{"x": x, "reason": in_language(x.reason, lang)} for x in result.excluded],
                  without_text=result.without_text, considered=result.considered)
