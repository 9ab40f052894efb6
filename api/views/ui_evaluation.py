"""A provider's latest evaluation: the four first-level scores, the stars, and the radar chart (seed 001 §5.2.9).

Coordinators only; a center coordinator sees its own center's (another center's answers 404, as elsewhere).
"""

from __future__ import annotations

import base64

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from api.i18n import language
from api.views.ui_common import EvaluationPage, render
from flows import evaluations

router = APIRouter(include_in_schema=False)


@router.get("/evaluation/{center_id}", response_class=HTMLResponse)
def evaluation_page(request: Request, center_id: str, actor: EvaluationPage, session: SessionDep) -> HTMLResponse:
    shown = evaluations.center_evaluation(session=session, principal=actor, center_id=center_id[:64])
    run = shown.run
    dims: list[dict[str, object]] = []
    stars = None
    if run is not None:
        lang = language(request)
        dims = [{"symbol": d["symbol"], "name": d["name_zh"] if lang == "zh" else d["name_en"], "score": d["score"],
                 "weight": d["weight"]} for d in (run.result or {}).get("dimensions", [])]
        stars = run.stars
    radar = base64.b64encode(shown.radar_png).decode("ascii") if shown.radar_png else None
    return render(request, "ui_evaluation.html", actor=actor, center=shown.center, run=run, dims=dims, radar=radar,
                  stars=stars)
