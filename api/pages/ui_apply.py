"""Applying in the UI, with documents (issue 29, item 6): the application form and the application as filed.

``GET /providers/apply`` chooses the kind and the province (and, for the association, the rules profile), then shows
the form for that profile: the center, what its rules read (the plaque, the station head and the head's certificate,
the investment figures, each with its clause) and one file input per material. ``POST /providers/applications``
calls the one use case (``flows.applications.apply``); a refusal goes back to the form with the field named and what
was typed kept (the error cookie), nothing written. ``GET /providers/{id}/application`` shows what was filed: each
rule's result with its clause, the figures, and the documents as downloads.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from accounts.schemas import Actor
from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import FormFields, PageNotFound, ProviderRecordPage, form_post, page, render
from api.pages.ui_format import china_today, clause, in_language
from api.uploads import file_response, read_uploads
from authz.policy import refusal
from core.errors import FieldErrors, InnodockError
from flows import applications
from flows import providers as providers_flow
from kb.vocab import KIND_LABELS, CenterKind
from pipeline.schemas import FileMeta, Upload

router = APIRouter(include_in_schema=False)

ApplyPage = Annotated[Actor, Depends(page("provider.apply"))]
CenterIdPath = Annotated[str, PathParam(min_length=1, max_length=64)]
# The error fields whose last part would name another input of the form (the head's name is not the center's).
FORM_FIELDS = {"center.head.name": "head_name", "center.contact": "contact_name"}


def _cite(text: str, reading: bool, lang: str) -> str:
    """A rule's clause as the page cites it: each seed clause by its document's title."""
    said = "；".join(clause(p.split(" (")[0].strip(), lang) for p in text.split(";") if p.strip())
    return said + (("（本项目的解读）" if lang == "zh" else " (our reading)") if reading else "")


def _kinds(lang: str) -> list[tuple[str, str]]:
    return [(k.value, KIND_LABELS[k][0 if lang == "zh" else 1]) for k in CenterKind]


@router.get("/providers/apply", response_class=HTMLResponse)
def apply_page(request: Request, actor: ApplyPage, kind: Annotated[str, Query(max_length=40)] = "",
               region: Annotated[str, Query(max_length=100)] = "",
               profile: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    """Step one: the kind and the province (and the profile, for the association); step two: the form of the
    profile they lead to."""
    lang = language(request)
    may_choose = refusal(actor, "provider.decide") == "ok"
    chosen = None
    bad = ""
    if kind:
        try:
            chosen = applications.profile_for(kind=CenterKind(kind), region=region,
                                              chosen=profile if may_choose else None)
        except ValueError:
            bad = "机构类型无效 / unknown kind"
        except InnodockError as exc:
            bad = exc.message
    count, kinds_allowed = applications.accepted_files()
    rules = []
    if chosen is not None:
        rules = [{"rule": r.rule, "text": r.zh if lang == "zh" else r.en, "binding": r.binding,
                  "clause": _cite(r.clause, r.reading, lang)} for r in chosen.application.rules]
    materials = [] if chosen is None else [
        {"key": m.key, "text": m.zh if lang == "zh" else m.en, "clause": _cite(m.clause, m.reading, lang)}
        for m in chosen.materials.items]
    return render(request, "ui_apply.html", actor=actor, lang=lang, kinds=_kinds(lang), kind=kind, region=region,
                  profile=chosen, chosen_profile=profile, may_choose=may_choose,
                  profiles=[(p.id, p.label(lang)) for p in providers_flow.profiles()],
                  rules=rules, rule_names={r["rule"] for r in rules}, materials=materials,
                  own_id=actor.center_id or "", files_count=count, files_kinds=kinds_allowed,
                  today=china_today().isoformat(), error=in_language(bad, lang) if bad else "",
                  status_code=400 if bad else 200)


def _text(form: Any, name: str, limit: int = 500) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _figures(form: Any) -> dict[str, str]:
    """Last year's figures (万元) as people type them ("一百二十", "1,200"): read by the use case
    (``flows.applications.apply``), which refuses one it cannot read naming its field, with the form's other
    wrong fields."""
    return {k: _text(form, k, 30) for k in ("equipment_investment", "testing_revenue") if _text(form, k, 30)}


def _center(form: Any, actor: Actor) -> dict[str, Any]:
    """The kb-v1 center record the form describes (the id: a center's own coordinator applies for its center)."""
    center: dict[str, Any] = {"id": actor.center_id or _text(form, "id", 64), "name": _text(form, "name", 200),
                              "kind": _text(form, "kind", 40), "region": _text(form, "region", 100)}
    industries = [p.strip() for p in _text(form, "industries").replace("；", ";").replace("、", ";").split(";")
                  if p.strip()]
    if industries:
        center["industries"] = industries
    for key in ("description",):
        if _text(form, key, 2000):
            center[key] = _text(form, key, 2000)
    contact = {k: _text(form, f"contact_{k}", 100) for k in ("name", "phone") if _text(form, f"contact_{k}", 100)}
    if contact:
        center["contact"] = contact
    if _text(form, "head_name", 100):
        head: dict[str, Any] = {"name": _text(form, "head_name", 100)}
        if _text(form, "post", 100):
            head["post"] = _text(form, "post", 100)
        head["middle_management"] = _text(form, "middle_management", 5) == "true"
        years = _text(form, "years_quality", 30)
        if years:  # as typed: the use case reads it, refusing one that is not a whole number with the others
            head["years_quality"] = years
        for key in ("certificate", "certificate_valid_until"):
            if _text(form, key, 100):
                head[key] = _text(form, key, 100)
        center["head"] = head
    return center


def _files(form: Any) -> dict[str, list[Upload]]:
    out: dict[str, list[Upload]] = defaultdict(list)
    for name, value in form.multi_items():
        if isinstance(value, UploadFile) and name.startswith("file_"):
            out[name.removeprefix("file_")[:60]].extend(read_uploads([value]))  # type: ignore[list-item]
    return {k: v for k, v in out.items() if v}


@router.post("/providers/applications")
def apply_post(request: Request, actor: ApplyPage, session: SessionDep, form: FormFields) -> Response:
    """The same use case as ``POST /api/v1/providers/applications``."""
    query = {k: _text(form, k, 100) for k in ("kind", "region", "profile") if _text(form, k, 100)}
    back = "/providers/apply?" + urlencode(query)
    may_choose = refusal(actor, "provider.decide") == "ok"
    limit = int(request.app.state.api_config.upload_max_file_bytes)

    def act() -> applications.Applied:
        try:
            center = _center(form, actor)
            materials = {k.removeprefix("note_"): v.strip() for k, v in form.multi_items()
                         if k.startswith("note_") and isinstance(v, str) and v.strip()}
            filed = applications.ApplicationForm(
                center=center, materials=materials, files=_files(form),
                construction=_text(form, "construction", 5) == "true",
                profile=(_text(form, "profile", 40) or None) if may_choose else None,
                plaque_name=_text(form, "plaque_name", 200) or None,
                figures=_figures(form))
            return applications.apply(session=session, principal=actor, form=filed, today=china_today(),
                                      max_file_bytes=limit)
        except InnodockError as exc:  # each field refused, as the form names it
            for problem in [*(exc.problems if isinstance(exc, FieldErrors) else []), exc]:
                problem.field = FORM_FIELDS.get(problem.field or "", problem.field)
            raise

    return form_post(session=session, actor=actor, back=back, missing="__none__", act=act,
                     then=lambda done: f"/providers/{done.lifecycle.center_id}/application",
                     notice="notice_applied")


@router.get("/providers/{center_id}/application", response_class=HTMLResponse)
def application_page(request: Request, center_id: CenterIdPath, actor: ProviderRecordPage,
                     session: SessionDep) -> HTMLResponse:
    """What was filed: each rule's result with its clause, the figures, the plaque, and the documents."""
    lang = language(request)
    found = applications.application(session=session, principal=actor, center_id=center_id)
    if found is None:
        raise PageNotFound(actor)
    center, life = providers_flow.provider(session=session, principal=actor, center_id=center_id,
                                           today=china_today())
    profile = providers_flow.profile(found.profile)
    names = {m.key: (m.zh if lang == "zh" else m.en) for m in profile.materials.items}
    checks = [{"rule": c.rule, "text": c.zh if lang == "zh" else c.en, "verdict": c.verdict,
               "detail": c.detail_zh if lang == "zh" else c.detail_en, "due": c.due,
               "clause": _cite(c.clause, c.reading, lang)} for c in found.checks]
    return render(request, "ui_application.html", actor=actor, lang=lang, center=center, life=life,
                  application=found, profile=profile, profile_name=profile.label(lang), checks=checks,
                  material_names=names, missing=[names.get(k, k) for k in life.missing_materials],
                  missing_keys=list(life.missing_materials), given=dict(life.materials or {}),
                  may_complete=life.state == "applied" and refusal(actor, "provider.apply") == "ok",
                  states=providers_flow.state_labels(lang))


@router.post("/providers/{center_id}/application/materials")
def application_materials(request: Request, center_id: CenterIdPath, actor: ApplyPage, session: SessionDep,
                          form: FormFields) -> Response:
    """The same use case as ``POST /api/v1/providers/{id}/application/materials``: a document or a note for each
    material still missing, until the review starts."""
    notes = {k.removeprefix("note_"): v.strip() for k, v in form.multi_items()
             if k.startswith("note_") and isinstance(v, str) and v.strip()}
    back = f"/providers/{center_id}/application"
    return form_post(session=session, actor=actor, back=back, missing="__none__", notice="notice_materials_given",
                     act=lambda: applications.complete(
                         session=session, principal=actor, center_id=center_id, today=china_today(),
                         materials=notes, files=_files(form),
                         max_file_bytes=int(request.app.state.api_config.upload_max_file_bytes)))


@router.get("/providers/{center_id}/application/files/{file_id}")
def application_file(center_id: CenterIdPath, file_id: Annotated[str, PathParam(max_length=64)],
                     actor: ProviderRecordPage, session: SessionDep) -> Response:
    """A document of the application, as a download (never rendered in the service's origin)."""
    meta, data = applications.application_file(session=session, principal=actor, center_id=center_id,
                                               file_id=file_id)
    return file_response(FileMeta(name=meta.name, sha256=meta.sha256, size=meta.size, media_type=meta.media_type),
                         data)
