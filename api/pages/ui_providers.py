"""The providers' pages (issue 14): the list, one provider's lifecycle with its decisions and obligations, a center's
own entry (profile, capabilities, experts, an upload) with changes waiting for approval, the association's review of
a change with its diff, and the association's kb-v1 import. Each handler parses the form, calls one flow and renders;
who may do what is ``authz`` (the page guards name ``provider.*`` and ``kb.manage``).
"""

from __future__ import annotations

import base64
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accounts.schemas import Actor
from api.deps import JobsConfigDep, SessionDep, SettingsDep
from api.i18n import language
from api.matching import MatcherDep
from api.pages import ui_charts
from api.pages.ui_common import (
    FormFields,
    KbManagePage,
    PageForbidden,
    ProviderApprovePage,
    ProviderDashboardPage,
    ProviderDecidePage,
    ProviderEditPage,
    ProviderFilePage,
    ProviderListPage,
    ProviderPage,
    ProviderRecordPage,
    form_post,
    label,
    read_error_cookie,
    redirect,
    render,
)
from api.pages.ui_format import china_today, clause, in_language, names_in
from api.pages.ui_i18n import MERGED
from api.pages.ui_people import people
from api.shared import sync_after_change, xlsx_response
from api.uploads import file_response, read_uploads, save_uploads
from authz.policy import refusal, speaks_for_provider
from authz.vocab import ROLE_LABELS, Role
from core import china_time
from core.bilingual import CJK, said_in, seeds_titled
from core.errors import FieldErrors, InnodockError, PermissionDeniedError
from flows import applications, authorities, catalog, entries, improvement, knowledge, proficiency, provider_console
from flows import intake as intake_flow
from flows import obligations as obligations_flow
from flows import providers as providers_flow
from flows.announce import OUTBOX
from flows.dashboard import latest_per_period, latest_rated, provider_dashboard
from flows.decisions import body_label
from flows.knowledge import ImportResult
from kb.vocab import DEGREE_LABELS, SERVICE_TYPE_LABELS, TITLE_LABELS, ServiceType, record_field_label, value_words
from pipeline.schemas import FileMeta
from providers.schemas import STEP_FIELDS, ChangeView

router = APIRouter(include_in_schema=False)


def _half(text: str | None, lang: str) -> str:
    """A "中文 / English" text of the service (a decision's grounds, an obligation's clause) in the page's language,
    a seed it cites by its document's title ("依种子 002 四(二)", as grounds stored earlier read, reads
    "依《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)"): ``core.bilingual.said_in``, the one splitter (which
    also takes a title whose English half starts with its period, "2026Q3 quarterly service report")."""
    return said_in(text, lang)


def _cite_text(text: str | None, lang: str) -> str:
    """A stored clause ("seed 000 §4.3.3 (due date: our reading)", an obligation's) as a page cites it: each seed
    clause by its document's title, the project's reading said in the page's language (the provider's life walked
    as a new user, 2026-11-28: the Chinese page read "§4.3.3 (due date: our reading)"); other text in its half."""
    said = in_language(text, lang)
    pieces = [p.strip() for p in said.split(";") if p.strip()]
    if not any(p.startswith("seed ") for p in pieces):
        return _half(text, lang)
    # the column (or, on a phone, the card's label) says 依据 already
    out = "；".join(seeds_titled(clause(p.split(" (")[0].strip(), lang), lang).removeprefix("依据：") for p in pieces)
    if "our reading" in said:
        out += "（本项目的解读）" if lang == "zh" else " (our reading)"
    return out


def _cite(value: Any, lang: str) -> str:
    """A profile's clause as a page cites it: each seed clause by its document's title (``ui_format.clause``), and
    this project's reading said in words, not in the data's English note."""
    pieces = [p.split(" (")[0].strip() for p in str(value.clause).split(";")]
    said = "；".join(seeds_titled(clause(p, lang), lang) for p in pieces if p)  # "seed 002 四(二)" too
    if value.reading:
        said += "（本项目的解读）" if lang == "zh" else " (our reading)"
    return said


@router.get("/providers", response_class=HTMLResponse)
def providers_page(request: Request, actor: ProviderListPage, session: SessionDep, error: str = "",
                   state: Annotated[str, Query(max_length=40)] = "", status: Annotated[str, Query(max_length=40)] = "",
                   kind: Annotated[str, Query(max_length=40)] = "", region: Annotated[str, Query(max_length=40)] = "",
                   q: Annotated[str, Query(max_length=200)] = "", overdue: Annotated[str, Query(max_length=5)] = "",
                   waiting: Annotated[str, Query(max_length=5)] = "",
                   page: Annotated[str, Query(max_length=10)] = "1") -> HTMLResponse:
    """The providers as a console: stage, catalog status, kind and province filters, a search and pages, all in the
    address (``flows.provider_console``); a value the page never offers answers 400 with the page and the reason."""
    lang = language(request)
    bad = None
    try:
        view = provider_console.ProviderFilter.parse(state=state, status=status, kind=kind, region=region, q=q,
                                                     overdue=overdue, waiting=waiting, page=page)
    except InnodockError as exc:
        view, bad = provider_console.ProviderFilter(), in_language(exc.message, lang)
    listing = provider_console.browse(session=session, principal=actor, today=china_today(), view=view)
    return render(request, "ui_providers.html", actor=actor, listing=listing, view=listing.view, lang=lang,
                  states=providers_flow.state_labels(lang), no_region=provider_console.NO_REGION,
                  error=bad or error[:300], may_dashboard=refusal(actor, "provider.dashboard") == "ok",
                  may_apply=refusal(actor, "provider.apply") == "ok", status_code=400 if bad else 200)


@router.get("/providers/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, actor: ProviderDashboardPage, session: SessionDep) -> HTMLResponse:
    """The same use case as ``GET /api/v1/providers/dashboard``: every count links to the list behind it, and the
    ratings and the obligations over time are drawn (``api.pages.ui_charts``, inline SVG in the page's language)."""
    lang = language(request)
    t = MERGED[lang]
    board = provider_dashboard(session=session, principal=actor, today=china_today())
    shown = latest_rated(board)
    ratings = ui_charts.line_chart(
        [ui_charts.Series(name=s.center_name, points=latest_per_period(s)) for s in shown],
        label=t["db_ratings_chart"], chart_id="ratings-chart", mark=60.0, mark_label=t["db_pass_line"]) \
        if shown else None
    stacks = [ui_charts.Stack(key, t[f"db_ob_{key}"], colour) for key, colour in
              (("on_time", "#2e7d4f"), ("late", "#b7791f"), ("overdue", "#b3261e"), ("open", "#6b7c93"))]
    months = [(said, {"on_time": m.on_time, "late": m.late, "overdue": m.overdue, "open": m.open})
              for said, m in zip(month_labels([m.month for m in board.obligation_months], lang),
                                 board.obligation_months, strict=True)]
    obligations = ui_charts.stacked_bars(months, stacks, label=t["db_obligations_chart"],
                                         chart_id="obligations-chart") if months else None
    counts = {s.state: s.count for s in board.stages}
    return render(request, "ui_dashboard.html", actor=actor, board=board, half=lambda t: _half(t, lang),
                  states=providers_flow.state_labels(lang), counts=counts, ratings_chart=ratings,
                  obligations_chart=obligations, charted=len(shown), stacks=stacks,
                  overdue_providers=len({o.center_id for o in board.overdue_obligations}))


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: str, lang: str, *, year: bool = False) -> str:
    """"2026-03" as the chart's axis writes it: the month alone, with its year in January and on request."""
    number = int(month.split("-")[1])
    if number == 1 or year:
        return month
    return f"{number}月" if lang == "zh" else MONTHS_EN[number - 1]


def month_labels(months: list[str], lang: str) -> list[str]:
    """The chart's axis under a run of months ("2026-03", …), oldest first: each January with its year, and the
    first month with its year unless January follows it (which says it): "2025-12 2026-01" ran into each other
    under the dashboard's first two bars (a new user's trial in Chromium, 2026-11-29)."""
    def year_shown(i: int) -> bool:
        return i == 0 and not (len(months) > 1 and months[1].endswith("-01"))
    return [month_label(m, lang, year=year_shown(i)) for i, m in enumerate(months)]


@router.get("/providers/dashboard.xlsx")
def dashboard_export(actor: ProviderDashboardPage, session: SessionDep) -> Response:
    """The same use case as ``GET /api/v1/providers/dashboard.xlsx``."""
    return xlsx_response(provider_dashboard(session=session, principal=actor, today=china_today()))


def files_hint(request: Request, lang: str) -> str:
    """What a corrective action's report may carry: how many files, how large, of which kinds."""
    limit = int(request.app.state.api_config.upload_max_file_bytes)
    most, kinds = improvement.accepted_files()
    return (MERGED[lang]["ca_files_hint"].replace("{n}", str(most)).replace("{mb}", f"{limit / 1_048_576:g}")
            .replace("{kinds}", kinds))


def step_confirms(name: str, lang: str, state: str | None = None) -> dict[str, str]:
    """The second question of each decision with no way back or with a consequence for matching, naming the
    provider: asked by the page before the decision goes out (ui_console.js). An application (``state``) withdrawn
    is asked as such, not as the provider leaving the register."""
    t = MERGED[lang]
    said = {step: t[f"confirm_step_{step}"].replace("{name}", name)
            for step in ("revoke", "cancel_build", "suspend", "order_rectification", "withdraw",
                         "reject_application", "publish_criticism", "place_under_key_supervision")}
    if state in providers_flow.APPLICATION_STATES:
        said["withdraw"] = t["confirm_step_withdraw_application"].replace("{name}", name)
    return said


def done_by(role: str, who: str, lang: str) -> str:
    """Who took a step of a provider's history, as the page says it: the role in the page's language and the login
    (``Principal.audit_label``'s ``role:login@org``, its login part), or the system for a step nobody took by hand.
    A report filed and its review read alike without it (a new user's trial, 2026-11-30)."""
    try:
        label = ROLE_LABELS[Role(role)][0 if lang == "zh" else 1]
    except ValueError:
        return MERGED[lang]["history_by_system"]
    login = who.split(":", 1)[-1].rsplit("@", 1)[0]
    return f"{label} {login}".strip()


@router.get("/providers/{center_id}", response_class=HTMLResponse)
def provider_page(request: Request, center_id: str, actor: ProviderRecordPage, session: SessionDep,
                  error: str = "") -> HTMLResponse:
    """A provider's record, and the work on it of whoever may do it. An authority's officer reads the record of a
    provider in its jurisdiction (``provider.record``): the lifecycle with each decision, obligations and filings,
    findings, proficiency tests; the entry's changes, the lifecycle proposals and the application are the
    association's and the provider's own (``provider.read``), and no need or engagement is on this page."""
    lang = language(request)
    center, detail = providers_flow.provider(session=session, principal=actor, center_id=center_id[:64],
                                             today=china_today())
    manages = refusal(actor, "provider.read") == "ok"
    may_file = refusal(actor, "provider.file") == "ok"
    obligations = entries.obligations(session=session, principal=actor, today=china_today(), center_id=center.id)
    log = entries.changes_for(session=session, principal=actor, status=None, center_id=center.id) if manages else []
    filings = {f.obligation_id: f for f in obligations_flow.filings(session=session, principal=actor,
                                                                    center_id=center.id)}
    findings = improvement.findings(session=session, principal=actor, center_id=center.id)
    finding_files = improvement.finding_files_of(session=session, principal=actor, center_id=center.id,
                                                 finding_ids=[f.id for f in findings])
    waiting = ([p for p in providers_flow.proposals(session=session, principal=actor) if p.center_id == center.id]
               if manages else [])
    profile = providers_flow.profile(detail.profile)
    parts = ({o.id: obligations_flow.parts(session=session, principal=actor, obligation_id=o.id,
                                           today=china_today()) for o in obligations if not o.done_on}
             if may_file else {})
    rated = (obligations_flow.rating_runs(session=session, principal=actor, center_id=center.id)
             if may_file and any(obligations_flow.needs_rating(o.kind) and not o.done_on for o in obligations)
             else [])
    choices = [p for p in providers_flow.profiles() if center.kind in p.kinds and p.id != profile.id]
    kinds = {o.id: o.kind for o in obligations}
    filed_parts = {oid: _filed_parts(profile, kinds.get(oid, ""), f.content, lang) for oid, f in filings.items()}
    return render(request, "ui_provider.html", actor=actor, center=center, detail=detail, obligations=obligations,
                  filed_parts=filed_parts,
                  findings=findings, finding_files=finding_files, files_hint=files_hint(request, lang),
                  due_by=improvement.due_by(detail),
                  proposals=waiting, today=china_today().isoformat(),
                  profile=profile, profile_choices=choices, cite=lambda v: _cite(v, lang),
                  profile_note=providers_flow.profile_note(profile, center.kind, center.region),
                  cite_text=lambda text: _cite_text(text, lang),
                  prepared_for={d.transition: body_label(d.body, lang) for d in profile.authorities.items},
                  files_it=lambda kind: obligations_flow.may_file(actor, kind),
                  returnable=obligations_flow.returnable,
                  # The association sets a yearly plan or report for the provider to file (the same use case as
                  # POST /api/v1/providers/{id}/obligations): a new user found no form for it (2026-11-29).
                  settable=(obligations_flow.settable()
                            if refusal(actor, "provider.decide") == "ok" and not speaks_for_provider(actor, center.id)
                            else []),
                  filing_parts=parts, filing_limits=(obligations_flow.TEXT_LIMIT, obligations_flow.PART_LIMIT),
                  rating_runs=rated, needs_rating=obligations_flow.needs_rating,
                  finding_steps=improvement.finding_step_labels(lang),
                  finding_states=improvement.finding_state_labels(lang),
                  may_recheck=(refusal(actor, "provider.decide") == "ok"
                               and not speaks_for_provider(actor, center.id)),
                  log=log, error=error[:300], steps=providers_flow.step_labels(lang, state=detail.state),
                  # each step of the history as it read where it was taken (an application withdrawn: 撤回申请)
                  step_at=lambda e: providers_flow.step_said(e.transition, lang, from_state=e.from_state,
                                                             to_state=e.to_state),
                  # who took each step (its role and login): a report filed and its review read alike before
                  done_by=lambda role, who: done_by(role, who, lang),
                  step_confirms=step_confirms(center.name, lang, detail.state),
                  field_steps={f: [step for step, fields in STEP_FIELDS.items() if f in fields]
                               for f in {f for fields in STEP_FIELDS.values() for f in fields}},
                  states=providers_flow.state_labels(lang),
                  may_decide=refusal(actor, "provider.decide") == "ok",
                  # Decisions the provider's profile gives to an authority on the platform: prepared, not taken.
                  given_away=(authorities.given_away(session=session, principal=actor, center_id=center.id,
                                                     transitions=list(detail.allowed_transitions))
                              if refusal(actor, "provider.decide") == "ok" else {}),
                  may_edit=refusal(actor, "provider.edit") == "ok", half=lambda t: _half(t, lang),
                  filings=filings, may_file=may_file, may_review=refusal(actor, "provider.approve") == "ok",
                  may_evaluate=refusal(actor, "evaluation.run") == "ok", manages=manages,
                  filed=manages and applications.application(session=session, principal=actor,
                                                              center_id=center.id) is not None,
                  proficiency=proficiency.results(session=session, principal=actor, center_id=center.id),
                  pt_kinds=proficiency.labels("kinds", lang), pt_results=proficiency.labels("results", lang))


@router.post("/providers/{center_id}/obligations")
def obligation_set(center_id: str, actor: ProviderDecidePage, session: SessionDep,
                   kind: Annotated[str, Form(max_length=40)] = "", period: Annotated[str, Form(max_length=40)] = "",
                   due_on: Annotated[str, Form(max_length=10)] = "") -> Response:
    """The association sets a yearly plan or report for the provider (``flows.obligations.create``, the API's use
    case): its kind, year and due date as typed, every wrong one refused at once on its field, nothing set, what
    was typed kept."""
    return form_post(session=session, actor=actor, back=f"/providers/{center_id[:64]}#obligations",
                     missing="center_id",
                     act=lambda: obligations_flow.create(session=session, principal=actor, center_id=center_id[:64],
                                                         kind=kind, period=period, due_on=due_on, today=china_today(),
                                                         outbox=OUTBOX))


@router.post("/providers/{center_id}/obligations/{obligation_id}/file")
def obligation_file(center_id: str, obligation_id: int, actor: ProviderFilePage, session: SessionDep,
                    form: FormFields) -> Response:
    """The provider's filing form: its text, or each part its profile names (``part_<key>``), or for a periodic
    evaluation the rating run it closes on; refused naming the part, with nothing stored."""
    # As typed: the filing's checks refuse a text or a part over its limit, naming it (the page cut at 20,000 without
    # a word, and took a quarterly report of any length below that: a new user in Chromium, 2026-11-29).
    content: dict[str, Any] = {"text": str(form.get("text") or "")}
    parts = {k[len("part_"):]: str(v) for k, v in form.multi_items() if k.startswith("part_")}
    if parts:
        content["parts"] = parts
    if str(form.get("run_id") or "").strip():
        content["run_id"] = str(form.get("run_id")).strip()[:12]

    def act() -> Any:
        try:
            return obligations_flow.file(session=session, principal=actor, obligation_id=obligation_id,
                                         content=content, today=china_today(), outbox=OUTBOX)
        except PermissionDeniedError:  # not this caller's to file (the association, a provider's report): 403
            raise PageForbidden(actor) from None
        except InnodockError as exc:  # the form's field ("text", "part_<key>"), for the page to mark: each of
            for problem in [*(exc.problems if isinstance(exc, FieldErrors) else []), exc]:  # several at once too
                problem.field = _filing_field(problem.field)
            raise

    return form_post(session=session, actor=actor, back=f"/providers/{center_id}", missing="center_id",
                     notice="notice_filed", act=act)  # it said "已办理" only


# A filing's fields as the API names them (the body's ``content``) and as the page's form does.
_FILING_FIELDS = {"content.text": "text", "content.run_id": "run_id"}


def _filing_field(field: str | None) -> str | None:
    named = _FILING_FIELDS.get(field or "", field)
    return "part_" + named[len("content.parts."):] if named and named.startswith("content.parts.") else named


@router.post("/providers/{center_id}/proficiency")
def proficiency_record(center_id: str, actor: ProviderFilePage, session: SessionDep, form: FormFields) -> Response:
    """The same use case as ``POST /api/v1/providers/{id}/proficiency``; refused naming the field, nothing stored,
    what was typed kept (``ui_console.js``)."""
    # As typed: the use case refuses a field over its limit, naming it (a note of 2,100 was stored cut to 2,000).
    data = {k: str(form.get(k) or "") for k in ("kind", "scheme", "item", "tested_on", "result", "note")}
    return form_post(session=session, actor=actor, back=f"/providers/{center_id[:64]}#proficiency",
                     missing="center_id",
                     act=lambda: proficiency.record(session=session, principal=actor, center_id=center_id[:64],
                                                    data=data, today=china_today()))


def _filed_parts(profile: Any, kind: str, content: dict[str, Any],
                 lang: str) -> tuple[list[tuple[str, str, str]], str] | None:
    """A filed report's parts, each named in the page's language, and the note given beside them: the page shows one
    line a part, where they ran together in one paragraph (the provider's life walked as a new user, 2026-11-28).
    None when the text is to be shown as filed (``flows.obligations.filed_parts``)."""
    split = obligations_flow.filed_parts(profile, kind, content)
    if split is None:
        return None
    parts, note = split
    return [(p.key, p.zh if lang == "zh" else p.en, value) for p, value in parts], note


@router.post("/providers/{center_id}/filings/{filing_id}/review")
def filing_review(center_id: str, filing_id: int, actor: ProviderApprovePage, session: SessionDep,
                  score: Annotated[str, Form(max_length=40)] = "", note: Annotated[str, Form(max_length=2000)] = "",
                  ) -> Response:
    """The score as people type it ("90", "九十", "八十五") through intake's number reader; out of 0–100 or unreadable,
    the form comes back with it marked and the note kept."""
    return form_post(session=session, actor=actor, back=f"/providers/{center_id}", missing="center_id",
                     act=lambda: obligations_flow.review(
                         session=session, principal=actor, filing_id=filing_id, note=note, outbox=OUTBOX,
                         score=intake_flow.read_number(text=score, field="score", low=0, high=100,
                                                                   label=("评分", "the score"))))


@router.post("/providers/{center_id}/filings/{filing_id}/return")
def filing_return(center_id: str, filing_id: int, actor: ProviderApprovePage, session: SessionDep,
                  reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """退回补充 beside the review (``flows.obligations.return_filing``, the API's use case): a blank reason comes back
    marked on its field, nothing returned."""
    return form_post(session=session, actor=actor, back=f"/providers/{center_id[:64]}#obligations",
                     missing="center_id", notice="notice_returned",
                     act=lambda: obligations_flow.return_filing(session=session, principal=actor,
                                                                filing_id=filing_id, reason=reason, outbox=OUTBOX))


@router.post("/providers/{center_id}/advance")
def provider_advance(center_id: str, actor: ProviderDecidePage, session: SessionDep,
                     transition: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=1)],
                     grounds: Annotated[str, Form(max_length=2000)] = "",
                     decided_on: Annotated[str, Form(max_length=10)] = "",
                     decision_document: Annotated[str, Form(max_length=300)] = "",
                     deadline: Annotated[str, Form(max_length=10)] = "",
                     experts: Annotated[str, Form(max_length=500)] = "",
                     opinion: Annotated[str, Form(max_length=2000)] = "") -> Response:
    payload: dict[str, Any] = {k: v for k, v in (("grounds", grounds), ("decided_on", decided_on),
                                                 ("decision_document", decision_document), ("deadline", deadline),
                                                 ("opinion", opinion)) if v.strip()}
    if experts.strip():
        payload["experts"] = names_in(experts)
    back = f"/providers/{center_id}"
    return form_post(session=session, actor=actor, back=back, missing="center_id",
                     act=lambda: providers_flow.advance(session=session, principal=actor, center_id=center_id,
                                                        transition=transition, version=version, payload=payload,
                                                        today=china_today(), outbox=OUTBOX))


@router.post("/providers/{center_id}/profile")
def provider_profile(center_id: str, actor: ProviderDecidePage, session: SessionDep,
                     profile: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=1)],
                     reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The association changes the rules profile that governs the provider, with its reason."""
    return form_post(session=session, actor=actor, back=f"/providers/{center_id}", missing="center_id",
                     act=lambda: providers_flow.change_profile(session=session, principal=actor, center_id=center_id,
                                                               profile=profile, reason=reason, version=version,
                                                               today=china_today(), outbox=OUTBOX))


@router.post("/providers/{center_id}/findings/{finding_id}/step")
def finding_step(request: Request, center_id: str, finding_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)],
                 actor: ProviderFilePage, session: SessionDep, step: Annotated[str, Form(max_length=40)],
                 version: Annotated[int, Form(ge=1)], action: Annotated[str, Form(max_length=2000)] = "",
                 owner: Annotated[str, Form(max_length=200)] = "", due_on: Annotated[str, Form(max_length=10)] = "",
                 note: Annotated[str, Form(max_length=2000)] = "",
                 files: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    """The same use case as ``POST /api/v1/providers/findings/{id}/steps``; the report that the action is done may
    carry files (the same content check as an engagement's files, ``flows.improvement.step``)."""
    back = f"/providers/{center_id[:64]}#findings"
    uploads = read_uploads(files)
    limit = int(request.app.state.api_config.upload_max_file_bytes)

    def act() -> Any:
        try:
            due = date.fromisoformat(due_on) if due_on.strip() else None
        except ValueError:
            raise InnodockError(f"日期格式应为 YYYY-MM-DD / not a date: {due_on[:10]!r}", field="due_on") from None
        return improvement.step(session=session, principal=actor, finding_id=finding_id, step=step, version=version,
                                today=china_today(), note=note or None, action=action or None, owner=owner or None,
                                due_on=due, outbox=OUTBOX, files=uploads, max_file_bytes=limit)

    return form_post(session=session, actor=actor, back=back, missing="finding_id", act=act)


@router.get("/providers/{center_id}/findings/{finding_id}/files/{file_id}")
def finding_file(center_id: str, finding_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)], file_id: str,
                 actor: ProviderRecordPage, session: SessionDep) -> Response:
    """A file of a corrective action's report, as a download (never rendered in the service's origin)."""
    meta, data = improvement.finding_file(session=session, principal=actor, finding_id=finding_id,
                                          file_id=file_id[:64])
    return file_response(FileMeta(name=meta.name, sha256=meta.sha256, size=meta.size, media_type=meta.media_type),
                         data)


@router.post("/providers/{center_id}/proposals/{proposal_id}/decide")
def proposal_decide(center_id: str, proposal_id: Annotated[int, PathParam(ge=1, le=2_000_000_000)],
                    actor: ProviderDecidePage, session: SessionDep, accept: Annotated[bool, Form()],
                    decided_on: Annotated[str, Form(max_length=10)] = "",
                    decision_document: Annotated[str, Form(max_length=300)] = "",
                    deadline: Annotated[str, Form(max_length=10)] = "",
                    note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """The same use case as ``POST /api/v1/providers/proposals/{id}/decision``."""
    payload = {k: v.strip() for k, v in (("decided_on", decided_on), ("decision_document", decision_document),
                                         ("deadline", deadline)) if v.strip()}
    return form_post(session=session, actor=actor, back=f"/providers/{center_id[:64]}", missing="proposal_id",
                     act=lambda: providers_flow.decide_proposal(session=session, principal=actor,
                                                                proposal_id=proposal_id, accept=accept,
                                                                today=china_today(),
                                                                payload=payload if accept else None,
                                                                note=note or None, outbox=OUTBOX))


@router.post("/providers/{center_id}/acceptance")
def provider_acceptance(center_id: str, actor: ProviderEditPage, session: SessionDep,
                        version: Annotated[int, Form(ge=1)], summary: Annotated[str, Form(max_length=5000)] = "",
                        ) -> Response:
    return form_post(session=session, actor=actor, back=f"/providers/{center_id}", missing="center_id",
                     act=lambda: providers_flow.advance(session=session, principal=actor, center_id=center_id,
                                                        transition="request_acceptance", version=version,
                                                        payload={"summary": summary}, today=china_today(),
                                                        outbox=OUTBOX))


# ---- a center's own entry ----

def _edit_page(request: Request, actor: Actor, session: SessionDep, center_id: str, *, errors: list[str] | None = None,
               warnings: list[str] | None = None, done: str = "", status_code: int = 200) -> HTMLResponse:
    lang = language(request)
    idx = 0 if lang == "zh" else 1
    center, detail = providers_flow.provider(session=session, principal=actor, center_id=center_id[:64],
                                             today=china_today())
    experts = catalog.center_experts(session=session, principal=actor, center_id=center.id, pools=False)
    return render(request, "ui_provider_edit.html", actor=actor, center=center, detail=detail,
                  caps=catalog.capabilities(session=session, center_id=center.id), experts=experts,
                  errors=errors or [], warnings=[_half(str(w), lang) for w in warnings or []], done=done,
                  status_code=status_code, service_enum=[s.value for s in ServiceType],
                  service_labels={k.value: v[idx] for k, v in SERVICE_TYPE_LABELS.items()},
                  titles={k.value: v[idx] for k, v in TITLE_LABELS.items()},
                  degrees={k.value: v[idx] for k, v in DEGREE_LABELS.items()}, today=china_today().isoformat(),
                  pending=[(c.id, china_time.day(c.submitted_at))
                           for c in entries.pending_changes(session=session, principal=actor, center_id=center.id)])


@router.get("/providers/{center_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, center_id: str, actor: ProviderEditPage, session: SessionDep,
              done: str = "") -> HTMLResponse:
    return _edit_page(request, actor, session, center_id, done=done[:20])


def _after_submit(request: Request, actor: Actor, session: SessionDep, center_id: str, view: Any,
                  result: ImportResult, settings: SettingsDep, setup: MatcherDep, queue: JobsConfigDep,
                  folder: str | None = None) -> Response:
    if not result.ok:
        session.rollback()
        if folder is None:  # one of the page's forms: back to it, each field named, what was typed put back
            return _entry_refused(center_id, FieldErrors(entries.issue_refusals(result.issues)))
        lang = language(request)
        lines = [f"{i.location}: {i.field}: {in_language(i.reason, lang)}" for i in result.issues]
        lines = [line.replace(folder + "/", "") for line in lines]
        return _edit_page(request, actor, session, center_id, errors=lines, status_code=400)
    if view is None:
        sync_after_change(session, settings, setup, queue, actor)
    else:
        session.commit()
    done = "applied" if view is None else "waits"
    return redirect(f"/providers/{center_id}/edit?done={done}")


def _entry_said(field: str | None, reason: str) -> tuple[str, str]:
    """A field of the edit page's forms and its reason in the form's words ("“可同时承接”：…"), never kb-v1's
    "form:1: capacity: Input should be …" (the center's day tried as a new user, 2026-11-28): the form's name of the
    field ("records.0.service_types" → "service_types") and the message."""
    name = ([part for part in (field or "").split(".") if not part.isdigit()] or [""])[-1]
    zh, en = (MERGED[lang].get(f"entry_{name}") or MERGED[lang].get(name, "") for lang in ("zh", "en"))
    zh_reason, en_reason = in_language(reason, "zh"), in_language(reason, "en")
    if not CJK.search(zh_reason):  # a check that speaks English only (pydantic's): said plainly in Chinese
        zh_reason = "填写的内容不符合要求，请修改"
    zh, en = zh.split("（")[0], en.split(" (")[0]
    # A reason that names the field already is not preceded by it again ("“技术创新服务人员”：技术创新服务人员（80）…",
    # a new user in Chromium, 2026-11-29).
    if zh and en and zh not in zh_reason:
        return name, f"“{zh}”：{zh_reason} / {en}: {en_reason}"
    return name, f"{zh_reason} / {en_reason}"


def _entry_refused(center_id: str, exc: InnodockError) -> Response:
    """A form of the edit page refused: back to the page with every field it names at once (``entries.submit_form``
    refuses them together), each in the form's words; ``ui_console.js`` puts back what was typed and marks each
    field with its own reason."""
    said: list[tuple[str | None, str]] = [_entry_said(p.field, p.message)
                                          for p in (exc.problems if isinstance(exc, FieldErrors) else [exc])]
    if len(said) == 1:
        return redirect(f"/providers/{center_id}/edit", error=said[0][1], field=said[0][0])
    return redirect(f"/providers/{center_id}/edit", error=exc.message, field=said[0][0], fields=said)


@router.post("/providers/{center_id}/edit")
def edit_submit(request: Request, center_id: str, actor: ProviderEditPage, session: SessionDep,
                settings: SettingsDep, setup: MatcherDep, queue: JobsConfigDep,
                record_type: Annotated[str, Form(pattern="^(center|capability|expert)$")],
                record_id: Annotated[str, Form(max_length=64)] = "",
                delete: Annotated[bool, Form()] = False,
                effective_on: Annotated[str, Form(max_length=10)] = "",
                note: Annotated[str, Form(max_length=2000)] = "",
                description: Annotated[str | None, Form(max_length=20_000)] = None,
                region: Annotated[str | None, Form(max_length=200)] = None,
                industries: Annotated[str | None, Form(max_length=2000)] = None,
                qualifications: Annotated[str | None, Form(max_length=2000)] = None,
                capacity: Annotated[str | None, Form(max_length=10)] = None,
                staff_total: Annotated[str | None, Form(max_length=10)] = None,
                staff_innovation: Annotated[str | None, Form(max_length=10)] = None,
                staff_full_time: Annotated[str | None, Form(max_length=10)] = None,
                staff_part_time: Annotated[str | None, Form(max_length=10)] = None,
                title: Annotated[str | None, Form(max_length=500)] = None,
                service_types: Annotated[str | None, Form(max_length=1000)] = None,
                standards: Annotated[str | None, Form(max_length=2000)] = None,
                name: Annotated[str | None, Form(max_length=200)] = None,
                title_level: Annotated[str | None, Form(max_length=20)] = None,
                degree: Annotated[str | None, Form(max_length=20)] = None,
                years_experience: Annotated[str | None, Form(max_length=10)] = None,
                led_projects: Annotated[str | None, Form(max_length=10)] = None,
                fields: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """One form of the edit page: the profile, a capability or an expert (new, changed, or deleted), handed to the
    use case as typed (``flows.entries.submit_form``), which reads it and refuses every wrong field at once."""
    typed = {"description": description, "region": region, "title": title, "name": name,
             "title_level": title_level, "degree": degree, "industries": industries,
             "qualifications": qualifications, "service_types": service_types, "standards": standards,
             "fields": fields, "capacity": capacity, "staff_total": staff_total, "staff_innovation": staff_innovation,
             "staff_full_time": staff_full_time, "staff_part_time": staff_part_time,
             "years_experience": years_experience, "led_projects": led_projects}
    try:
        view, result = entries.submit_form(session=session, principal=actor, center_id=center_id,
                                           record_type=record_type, record_id=record_id, delete=delete, typed=typed,
                                           note=note, effective_on=effective_on, today=china_today())
    except InnodockError as exc:
        session.rollback()
        return _entry_refused(center_id, exc)
    return _after_submit(request, actor, session, center_id, view, result, settings, setup, queue)


@router.post("/providers/{center_id}/upload")
def upload_submit(request: Request, center_id: str, actor: ProviderEditPage, session: SessionDep,
                  settings: SettingsDep, setup: MatcherDep, queue: JobsConfigDep,
                  files: Annotated[list[UploadFile] | None, File()] = None,
                  note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    with tempfile.TemporaryDirectory(prefix="innodock-entry-") as tmp:
        try:
            paths = save_uploads(files, Path(tmp))
            view, result = entries.submit_files(session=session, principal=actor, center_id=center_id,
                                                paths=paths, note=note, today=china_today())
        except InnodockError as exc:
            session.rollback()
            return _edit_page(request, actor, session, center_id, errors=[exc.message], status_code=400)
        return _after_submit(request, actor, session, center_id, view, result, settings, setup, queue, tmp)


# ---- the association's review of changes ----

# A change's records, named by what the edit page calls them (its headings), and their fields by its labels.
_RECORD_WORDS = {"center": "profile", "capability": "change_capability", "expert": "change_expert"}


def _field_label(field: str, lang: str) -> str:
    """A kb-v1 field as the edit page's form labels it ("staff_total" → "总人数"), else as kb names it in words."""
    own = MERGED[lang].get(f"entry_{field}") or MERGED[lang].get(field) or MERGED[lang].get(f"{field}_hint")
    if own:
        return own.split("（")[0].split(" (")[0]
    return record_field_label(field, lang)


def _center_names(session: SessionDep, center_ids: list[str]) -> dict[str, str]:
    """Each center a change is of, by its name: "条目变更审核 #1 · qic-js-battery" showed its id (a new user in
    Chromium, 2026-11-29)."""
    return catalog.center_names(session=session, center_ids=list(dict.fromkeys(center_ids)))


def _record_name(change: ChangeView, record_type: str, record_id: str, lang: str) -> str:
    """A changed record in words: the profile, or a capability or expert by its title or name ("能力 · 针刺试验")."""
    kind = MERGED[lang].get(_RECORD_WORDS.get(record_type, ""), record_type)
    if record_type == "center":
        return kind
    item: dict[str, Any] = next((r for r in change.records
                                 if r.get("type") == record_type and r.get("id") == record_id), {})
    old = change.before.get(f"{record_type}:{record_id}") or {}
    own = item.get("title") or item.get("name") or old.get("title") or old.get("name")
    return f"{kind} · {own}" if own else kind


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request, actor: ProviderPage, session: SessionDep) -> HTMLResponse:
    pending = entries.changes_for(session=session, principal=actor, status="pending")
    decided = [c for c in entries.changes_for(session=session, principal=actor, status=None)
               if c.status != "pending"][:50]
    both = pending + decided
    return render(request, "ui_changes.html", actor=actor, pending=pending, decided=decided,
                  centers=_center_names(session, [c.center_id for c in both]),
                  people=people(session=session, actors=[a for c in both for a in (c.submitted_by, c.decided_by)],
                                lang=language(request)))


@router.get("/changes/{change_id}", response_class=HTMLResponse)
def change_page(request: Request, change_id: int, actor: ProviderPage, session: SessionDep,
                error: str = "") -> HTMLResponse:
    lang = language(request)
    found, diff = entries.change(session=session, principal=actor, change_id=change_id)
    return render(request, "ui_change.html", actor=actor, change=found, diff=diff, error=error[:300],
                  center_name=_center_names(session, [found.center_id])[found.center_id],
                  people=people(session=session, actors=[found.submitted_by, found.decided_by], lang=lang),
                  records={(d.record_type, d.record_id): _record_name(found, d.record_type, d.record_id, lang)
                           for d in diff},
                  labels={d.field: _field_label(d.field, lang) for d in diff if d.field != "*"},
                  # each value in words, kb's labels (kb.vocab.value_words): never its codes as JSON
                  said=[(value_words(d.field, d.before, lang), value_words(d.field, d.after, lang)) for d in diff],
                  # the records the entry held before the change: a field of theirs without a value was filled in
                  existed={(d.record_type, d.record_id) for d in diff
                           if found.before.get(f"{d.record_type}:{d.record_id}")},
                  may_approve=refusal(actor, "provider.approve") == "ok" and found.status == "pending")


@router.post("/changes/{change_id}/decide")
def change_decide(change_id: int, actor: ProviderApprovePage, session: SessionDep, settings: SettingsDep,
                  setup: MatcherDep, queue: JobsConfigDep, decision: Annotated[str, Form(pattern="^(approve|reject)$")],
                  note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    back = f"/changes/{change_id}"
    try:
        _decided, result = entries.decide(session=session, principal=actor, change_id=change_id,
                                          approve=decision == "approve", note=note, outbox=OUTBOX)
    except InnodockError as exc:
        session.rollback()
        return redirect(back, error=exc.message)
    if result is not None:
        sync_after_change(session, settings, setup, queue, actor)
    else:
        session.commit()
    return redirect(back)


# ---- the association's kb-v1 import and export ----

# What an import did, in the page's words: "新增 created: center 2, capability 1" stood on both pages (the admin's
# day walked as a new user, 2026-11-28).
IMPORT_VERBS = (("created", "新增", "added"), ("updated", "更新", "updated"), ("deleted", "删除", "removed"),
                ("unchanged", "未变", "unchanged"))
RECORD_WORDS = {"center": ("机构", "provider", "providers"), "capability": ("服务能力", "capability", "capabilities"),
                "expert": ("专家", "expert", "experts")}
EXPORT_FORMATS = {"jsonl": "application/x-ndjson",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def import_summary(result: ImportResult, lang: str) -> str:
    """"新增 机构 2、服务能力 1；更新 专家 3" / "added 2 providers, 1 capability; updated 3 experts"."""
    parts = []
    for attr, zh, en in IMPORT_VERBS:
        counts = {kind: n for kind, n in getattr(result, attr).items() if n}
        if not counts:
            continue
        if lang == "zh":
            parts.append(f"{zh} " + "、".join(f"{RECORD_WORDS.get(k, (k,))[0]} {n}" for k, n in counts.items()))
        else:
            words = {k: RECORD_WORDS.get(k, (k, k, k)) for k in counts}
            parts.append(f"{en} " + ", ".join(f"{n} {words[k][1] if n == 1 else words[k][2]}"
                                              for k, n in counts.items()))
    if not parts:
        return "无变化" if lang == "zh" else "nothing changed"
    if len(parts) == 1 and any(result.unchanged.values()):  # every record as it was stored
        return ("无变化（" + parts[0] + "）") if lang == "zh" else f"nothing changed ({parts[0]})"
    return ("；" if lang == "zh" else "; ").join(parts)


# An import is answered by a redirect to this page (post/redirect/get: a reload of the POST's own answer sent the
# files again, the admin's day walked as a new user, 2026-11-28). What it did rides in a short-lived cookie for
# that one page, never in the address, and is said there in the page's language; warnings past what a cookie holds
# are counted.
IMPORT_COOKIE = "kb_imported"
IMPORT_PAGE = "/kb/upload"
IMPORT_COOKIE_BYTES = 3000
MORE_WARNINGS = ("另有 {n} 条提示未列出", "{n} more notes not listed")


def _packed(body: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(body, ensure_ascii=False).encode("utf-8")).decode("ascii").rstrip("=")


def import_cookie(result: ImportResult, *, folder: str = "") -> str:
    """What an import did (its counts and its warnings as the service said them, "中文 / English", without the
    ``folder`` the files were read from), for the page the import redirects to."""
    body: dict[str, Any] = {attr: {k: n for k, n in getattr(result, attr).items() if n} for attr, _, _ in IMPORT_VERBS}
    said = [str(w).replace(folder, "")[:400] if folder else str(w)[:400] for w in result.warnings]
    body["warnings"], body["more"] = [], 0
    for i, warning in enumerate(said):
        if len(_packed({**body, "warnings": [*body["warnings"], warning]})) > IMPORT_COOKIE_BYTES:
            body["more"] = len(said) - i
            break
        body["warnings"].append(warning)
    return _packed(body)


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k)[:20]: int(n) for k, n in value.items() if isinstance(n, int) and not isinstance(n, bool)}


@router.get("/kb/upload", response_class=HTMLResponse)
def kb_upload_page(request: Request, actor: KbManagePage) -> HTMLResponse:
    """The import and export page; after an import (a redirect here), what it did, once."""
    lang = language(request)
    done = read_error_cookie(request.cookies.get(IMPORT_COOKIE, ""))
    result: ImportResult | None = None
    summary, warnings = "", []
    if done:
        result = ImportResult(created=_counts(done.get("created")), updated=_counts(done.get("updated")),
                              deleted=_counts(done.get("deleted")), unchanged=_counts(done.get("unchanged")))
        summary = import_summary(result, lang)
        said = done.get("warnings")
        warnings = [_half(str(w)[:400], lang) for w in (said if isinstance(said, list) else [])[:100]]
        more = done.get("more")
        if isinstance(more, int) and more > 0:
            warnings.append(label(MORE_WARNINGS, lang).format(n=more))
    response = render(request, "ui_kb_upload.html", actor=actor, errors=[], warnings=warnings, result=result,
                      summary=summary)
    if IMPORT_COOKIE in request.cookies:
        response.delete_cookie(IMPORT_COOKIE, path=IMPORT_PAGE)
    return response


@router.get("/kb/export")
def kb_export(actor: KbManagePage, session: SessionDep,
              format: Annotated[str, Query(pattern="^(jsonl|xlsx)$")] = "jsonl") -> Response:
    """The whole knowledge base as a kb-v1 file, from the page that imports it: the UI offered the import only, and
    the export was the API's and the terminal's (the admin's day walked as a new user, 2026-11-28). The same flow
    as ``GET /api/v1/kb/export`` and ``innodock kb export``; the same guard, ``kb.manage``."""
    with tempfile.TemporaryDirectory(prefix="innodock-export-") as tmp:
        out = Path(tmp) / f"kb.{format}"
        knowledge.export(session=session, fmt="xlsx" if format == "xlsx" else "jsonl", out=out)
        data = out.read_bytes()
    return Response(content=data, media_type=EXPORT_FORMATS[format],
                    headers={"Content-Disposition": f'attachment; filename="innodock-kb-{china_today()}.{format}"'})


@router.post("/kb/upload", response_class=HTMLResponse)
def kb_upload(request: Request, actor: KbManagePage, session: SessionDep, settings: SettingsDep, setup: MatcherDep,
              queue: JobsConfigDep, files: Annotated[list[UploadFile] | None, File()] = None,
              replace: Annotated[bool, Form()] = False) -> Response:
    """An import: refused, the page again with every reason (nothing was written, so a reload only refuses again);
    done, a redirect to the page, which says what it did."""
    lang = language(request)
    with tempfile.TemporaryDirectory(prefix="innodock-upload-") as tmp:
        try:
            paths = save_uploads(files, Path(tmp))
        except InnodockError as exc:
            return render(request, "ui_kb_upload.html", actor=actor, errors=[in_language(exc.message, lang)],
                          warnings=[], result=None, status_code=400)
        result = knowledge.import_files(session=session, paths=paths, replace=replace, principal=actor)
        if not result.ok:
            session.rollback()
            errors = [f"{i.location}: {i.field}: {in_language(i.reason, lang)}".replace(tmp + "/", "")
                      for i in result.issues]
            return render(request, "ui_kb_upload.html", actor=actor, errors=errors, warnings=[], result=None,
                          status_code=400)
    sync_after_change(session, settings, setup, queue, actor)
    session.commit()  # before the browser follows the redirect (see api.pages.ui_common)
    response = RedirectResponse(IMPORT_PAGE, status_code=303)
    response.set_cookie(IMPORT_COOKIE, import_cookie(result, folder=tmp + "/"), max_age=120, httponly=True,
                        samesite="lax", path=IMPORT_PAGE)
    return response
