"""A provider's evaluations: the rating (its latest second- or third-party run) with the four first-level scores, the
stars and the radar chart (seed 001 §5.2.9), its latest self-assessment apart, every run with its report, and the
form that starts a run — the same flow as ``POST /api/v1/evaluations`` (``flows.evaluations.evaluate``).

Coordinators only; a center coordinator sees its own center's, and what it starts is its self-assessment
(``evaluation.independence``); another center's page answers 403 "not yours", a run of another center 404.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import (
    EvaluationPage,
    EvaluationReadPage,
    FormFields,
    PageNotFound,
    form_post,
    redirect,
    render,
)
from api.pages.ui_format import china_today
from api.pages.ui_i18n import MERGED
from api.pages.ui_rating import STRINGS as RATING_STRINGS
from api.pages.ui_rating import router as rating_router
from authz.policy import refusal
from core.errors import NotFoundError, PermissionDeniedError
from evaluation.schemas import GRADES, EvaluatorParty, ObservationKind, ScoreInput, label
from flows import evaluations, improvement
from flows.announce import OUTBOX

router = APIRouter(include_in_schema=False)
router.include_router(rating_router)  # the rating form and the self-assessment (``api.pages.ui_rating``)

MAX_INPUTS_BYTES = 1_000_000


@router.get("/evaluation/{center_id}", response_class=HTMLResponse)
def evaluation_page(request: Request, center_id: str, actor: EvaluationReadPage, session: SessionDep,
                    error: Annotated[str, Query(max_length=300)] = "") -> HTMLResponse:
    lang = language(request)
    shown = evaluations.center_evaluation(session=session, principal=actor, center_id=center_id[:64], lang=lang)
    run = shown.run
    dims: list[dict[str, object]] = []
    if run is not None:
        dims = [{"symbol": d["symbol"], "name": d["name_zh"] if lang == "zh" else d["name_en"], "score": d["score"],
                 "weight": d["weight"]} for d in (run.result or {}).get("dimensions", [])]
    radar = base64.b64encode(shown.radar_png).decode("ascii") if shown.radar_png else None
    history = [{"r": r, "party": label(r.party, lang)} for r in shown.runs]
    items = evaluations.observation_items()
    names = {i: (zh if lang == "zh" else en) for kind in items.values() for i, zh, en in kind}
    seen = evaluations.observations(session=session, principal=actor, center_id=center_id[:64])
    try:  # what the ratings left to improve, where the provider's page keeps its loop (seed 000 §8.2)
        to_improve = improvement.findings(session=session, principal=actor, center_id=center_id[:64], open_only=True)
    except PermissionDeniedError:
        to_improve = []
    return render(request, "ui_evaluation.html", actor=actor, center=shown.center, run=run, dims=dims, radar=radar,
                  stars=run.stars if run is not None else None, own=shown.self_assessment, history=history,
                  own_staff=shown.own_staff, may_run=refusal(actor, "evaluation.run") == "ok",
                  error=error or None, this_year=china_today().year,
                  today=china_today().isoformat(), r=RATING_STRINGS[lang], to_improve=to_improve,
                  interview_items=[(i, names[i]) for i, _, _ in items["interview"]],
                  shopper_items=[(i, names[i]) for i, _, _ in items["mystery_shopper"]],
                  observations=[{"o": o, "scores": [(names.get(k, k), v) for k, v in o.scores.items()]}
                                for o in seen[:20]],
                  grades=[(g, n[0] if lang == "zh" else n[1]) for g, n in sorted(GRADES.items(), reverse=True)],
                  parties=[(p.value, MERGED[lang][f"party_{p.value}"]) for p in
                           (EvaluatorParty.second_party, EvaluatorParty.third_party)])


@router.post("/evaluation/{center_id}/runs")
def start_run(request: Request, center_id: str, actor: EvaluationPage, session: SessionDep,
              period: Annotated[str, Form(max_length=20)] = "",
              party: Annotated[str, Form(max_length=10)] = "",
              inputs: Annotated[UploadFile | None, File()] = None,
              evaluator_name: Annotated[str, Form(max_length=200)] = "") -> Response:
    center_id = center_id[:64]
    back = f"/evaluation/{center_id}"
    t = MERGED[language(request)]
    given: ScoreInput | None = None
    if inputs is not None and inputs.filename:
        raw = inputs.file.read(MAX_INPUTS_BYTES + 1)
        if len(raw) > MAX_INPUTS_BYTES:
            return redirect(back, error=t["bad_inputs_file"] + "> 1 MB")
        try:
            given = ScoreInput.model_validate_json(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or inputs.filename
            return redirect(back, error=f"{t['bad_inputs_file']}{where}: {first['msg']}")
    try:
        asked = EvaluatorParty(party) if party else None
    except ValueError:
        return redirect(back, error="评价主体应为 second 或 third / party must be second or third")
    return form_post(session=session, actor=actor, back=back, missing="-", notice="notice_evaluated",
                     act=lambda: evaluations.evaluate(session=session, principal=actor, center_id=center_id,
                                                      period=period.strip(), inputs=given, party=asked,
                                                      outbox=OUTBOX,
                                                      evaluator_name=(evaluator_name.strip() or None) if asked
                                                      == EvaluatorParty.third_party else None))


@router.post("/evaluation/{center_id}/observations")
def file_observation(center_id: str, actor: EvaluationPage, session: SessionDep,
                     form: FormFields) -> Response:
    """The same use case as ``POST /api/v1/evaluations/observations``: one ``s_<item>`` field per item scored; an
    empty one is not scored."""
    center_id = center_id[:64]
    back = f"/evaluation/{center_id}"
    text = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    try:
        kind = ObservationKind(text.get("kind", ""))
        observed_on = date.fromisoformat(text.get("observed_on", ""))
    except ValueError:
        return redirect(back, error="请选择记录类型并填写日期 / choose the kind and give the date")
    scores: dict[str, float] = {}
    for key, value in text.items():
        if key.startswith("s_") and value.strip():
            try:
                scores[key[2:66]] = float(value)
            except ValueError:
                return redirect(back, error=f"“{key[2:66]}”应为数字 / {key[2:66]} must be a number")
    return form_post(session=session, actor=actor, back=back, missing="-", notice="notice_observation",
                     act=lambda: evaluations.file_observation(
                         session=session, principal=actor, center_id=center_id, kind=kind,
                         period=text.get("period", "").strip(), observed_on=observed_on, scores=scores,
                         summary=text.get("summary", "")[:4000]))


@router.get("/evaluation/runs/{run_id}/report", response_class=Response)
def run_report(run_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], actor: EvaluationReadPage, request: Request,
               session: SessionDep, format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html") -> Response:
    """The report (§5.2.9) as the API gives it, in the page's language, for a browser: another center's run is a 404
    page, as a missing one."""
    lang = language(request)
    try:
        if format == "pdf":
            data = evaluations.report_pdf(session=session, principal=actor, run_id=run_id, lang=lang)
            return Response(content=data, media_type="application/pdf",
                            headers={"Content-Disposition": f'attachment; filename="evaluation-{run_id}.pdf"'})
        return HTMLResponse(evaluations.report_html(session=session, principal=actor, run_id=run_id, lang=lang))
    except NotFoundError:
        raise PageNotFound(actor) from None
