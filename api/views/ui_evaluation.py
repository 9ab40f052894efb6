"""A provider's latest evaluation: the four first-level scores, the stars, and the radar chart (seed 001 §5.2.9).

Coordinators only; a center coordinator sees its own center's (another center's answers 404, as elsewhere).
"""

from __future__ import annotations

import base64

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.auth.vocab import Role
from api.deps import SessionDep
from api.i18n import language
from api.views.ui_common import EvaluationPage, render
from core.errors import NotFoundError
from evaluation import service as evaluation
from evaluation.report import radar_png
from kb import service as kb

router = APIRouter(include_in_schema=False)


@router.get("/evaluation/{center_id}", response_class=HTMLResponse)
def evaluation_page(request: Request, center_id: str, actor: EvaluationPage, session: SessionDep) -> HTMLResponse:
    center_id = center_id[:64]
    if actor.role == Role.center_coordinator and actor.center_id != center_id:
        raise NotFoundError("机构不存在 / no such center", field="center_id")
    center = kb.get_center(session=session, center_id=center_id)
    run = evaluation.latest_run(session=session, center_id=center_id)
    dims: list[dict[str, object]] = []
    radar = None
    stars = None
    if run is not None:
        lang = language(request)
        result = run.result or {}
        dims = [{"symbol": d["symbol"], "name": d["name_zh"] if lang == "zh" else d["name_en"], "score": d["score"],
                 "weight": d["weight"]} for d in result.get("dimensions", [])]
        if dims:
            png, _ = radar_png(result["dimensions"])
            radar = base64.b64encode(png).decode("ascii")
        stars = run.stars
    return render(request, "ui_evaluation.html", actor=actor, center=center, run=run, dims=dims, radar=radar,
                  stars=stars)
