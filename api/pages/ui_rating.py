"""The rating run as a form (issue 29, item 1): the evaluator's form for a provider and a period
(``/evaluation/{center}/rate``), pre-filled from records, with the provider's own values beside and what is missing
listed by indicator, sent to ``/evaluation/{center}/rating-runs``; and the provider's self-assessment
(``/evaluation/{center}/self``, sent to ``/evaluation/{center}/self-assessments``: a path of its own, apart from the
form choosing the period, so a refused form is refilled in the right place). Both are
``flows.rating_runs``' use cases, as ``POST /api/v1/evaluations/form`` and ``POST /api/v1/evaluations/self``; a refused
form comes back with the error beside its field, what was typed kept (``ui_console.js``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.i18n import language
from api.pages.ui_common import (
    DRAFT_NOTICE,
    SELF_NOTICE,
    EvaluationPage,
    FormFields,
    form_post,
    redirect,
    render,
)
from api.pages.ui_format import china_today
from core.errors import FieldErrors, InnodockError
from evaluation.schemas import GRADES, EvaluatorParty, unit_said
from flows import independence, rating_runs
from flows.announce import OUTBOX

router = APIRouter(include_in_schema=False)

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "rate_title": "评分表", "self_title": "机构自评", "period": "评价期", "party": "评价主体",
        "period_help": "如 2026，或 2024..2026",
        "second": "第二方测评", "third": "第三方评价", "open": "打开", "item": "指标项", "unit": "单位",
        "range": "范围", "source": "来源", "value": "本次取值", "self_value": "机构自评值", "record": "记录",
        "form": "评价表", "self": "机构自评", "missing": "尚缺的指标",
        "self_unfiled": "机构自评项（机构未报，由评价方填写，报告记为评价方录入）",
        "yes": "是", "no": "否", "yes_no_unset": "—（未填）", "yes_no_unit": "是/否", "yes_no_range": "是或否",
        "nothing_missing": "各项均已有值，可以计算评级。",
        "compute": "计算并保存评级", "file_self": "提交自评", "back": "返回评价页",
        "save_draft": "保存草稿（暂不评级）",
        "draft_help": "未填完也可保存草稿：再次打开本期评分表时显示已填的数值；"
                      "评级完成后，再次打开显示该评级所用的数值。",
        "intro": "记录类指标取自对接记录、客户问卷、已审核的计划报告和知识库；"
                 "评价表项由评价方填写（已有访谈记录的预先填入）；"
                 "机构自评项预先填入机构自己报送的数值，请核实。齐全后按与上传 JSON 相同的方法计算评级。",
        "self_intro": "以下各项只有机构自己掌握，请如实填写本评价期的数值。"
                      "自评不构成评级，评价方会在评分表中看到并核实。",
        "no_self": "机构尚未提交本期自评。", "self_from": "本表的机构自评值取自其 {when} 提交的自评。",
        "votes_help": "各等级的票数（人数）", "votes_range": "5 个票数", "none": "—",
        "evaluator": "第三方评价机构", "evaluator_none": "— 请选择；未登记的请在下方填写名称 —",
        "evaluator_outside": "外部评价机构名称（未在本平台登记时填写）",
        "evaluator_help": "第三方须独立于被评价机构（seed 001 §5.2.3 独立性、§5.2.7 第三方评价）：不能是被评价机构、"
                          "其依托单位或主管部门，也不能是协会（协会的评价属第二方）；评价期内与其没有对接或专家关联。"
                          "此处只列出符合条件的机构。",
        "report": "评价报告的内容",
        "report_help": "《检验检测公共技术服务平台服务质量评价指南》编制说明第5.2.9条要求报告写明以下各项；"
                       "未填的在报告中显示为“未提供”。",
        "objective": "评价目标", "content_and_method": "评价内容和方法",
        "evaluator_people": "评价机构参与人员及资质（每行一人：姓名，身份，资质）",
        "evaluated_people": "被评价方参与人员及资质（每行一人：姓名，身份，资质）",
        "evaluated_example": "例：陈立新，中心主任，研究员",
        "experts": "评价专家（每行一人：姓名，单位，资质）",
        "expert_opinions": "专家及评价机构的指导意见（每行一条）", "conclusion": "评价结论",
        "recommendations": "建议（每行一条）", "evaluation_date": "评价日期",
        "to_improve": "待整改的指标",
        "to_improve_help": "评级中低于“合格”线（60 分）的二级指标有 {n} 项尚未关闭："
                           "机构确定措施并报告完成，由协会复核。",
        "to_findings": "到机构管理页确定或报告整改措施",
        "people_example": "例：李明，评价组组长，高级工程师",
        "experts_example": "例：王芳，某大学材料学院，教授",
    },
    "en": {
        "rate_title": "Rating form", "self_title": "Self-assessment", "period": "Period", "party": "Evaluator",
        "period_help": "e.g. 2026, or 2024..2026",
        "second": "Second-party evaluation", "third": "Third-party evaluation", "open": "Open", "item": "Item",
        "unit": "Unit", "range": "Range", "source": "Source", "value": "Value for this run",
        "self_value": "Provider's own value", "record": "records", "form": "run form", "self": "self-assessment",
        "self_unfiled": "self-assessment item (not filed by the provider: the evaluator's entry, so the report "
                        "says)",
        "yes": "Yes", "no": "No", "yes_no_unset": "— (not given)", "yes_no_unit": "yes/no",
        "yes_no_range": "yes or no",
        "missing": "Still missing", "nothing_missing": "Every item has a value: the rating can be computed.",
        "compute": "Compute and save the rating", "file_self": "File the self-assessment",
        "save_draft": "Save as a draft (not rated yet)",
        "draft_help": "A form not yet complete can be saved as a draft: opening this period's form again shows the "
                      "values typed; once rated, it shows the values the rating used.",
        "back": "Back to the evaluation page",
        "intro": "Record items come from the engagements, the clients' questionnaires, the reviewed plans and reports "
                 "and the catalog; the evaluator fills the form items (pre-filled from interviews where filed); the "
                 "self-assessment items start from the provider's own figures, to be checked. Once complete, the "
                 "rating is computed exactly as for an uploaded JSON file.",
        "self_intro": "Only the provider knows these figures: give this period's values. A self-assessment is never "
                      "the rating; the evaluator sees it in the rating form and checks it.",
        "no_self": "The provider has not filed a self-assessment for this period.",
        "self_from": "The provider's values here are from the self-assessment it filed on {when}.",
        "votes_help": "votes for each grade (number of people)", "votes_range": "5 vote counts", "none": "—",
        "evaluator": "Third-party evaluator", "evaluator_none": "— choose one; or name an unregistered body below —",
        "evaluator_outside": "Outside evaluation body's name (when it is not registered here)",
        "evaluator_help": "A third party is independent of the provider (seed 001 §5.2.3 independence, §5.2.7 "
                          "third-party evaluation): not the provider, its host organisation or its supervising "
                          "authority, nor an association (whose evaluation is a second-party one), and no "
                          "engagement or expert link with it in the period. Only eligible bodies are listed.",
        "report": "The report's contents",
        "report_help": "The Guide for evaluating public technical service platforms (explanatory notes, 5.2.9) "
                       "asks a report to say each of these; what is left empty reads \"not provided\" in it.",
        "objective": "Objective", "content_and_method": "Content and method",
        "evaluator_people": "The evaluator's people and their qualifications (one a line: name, role, "
                            "qualification)",
        "evaluated_people": "The evaluated provider's people and their qualifications (one a line: name, role, "
                            "qualification)",
        "evaluated_example": "e.g. Chen Lixin, head of the center, research fellow",
        "experts": "Experts (one a line: name, organisation, qualification)",
        "expert_opinions": "The experts' and the evaluator's guidance (one a line)", "conclusion": "Conclusion",
        "recommendations": "Recommendations (one a line)", "evaluation_date": "Date of the evaluation",
        "to_improve": "Indicators to improve",
        "to_improve_help": "{n} second-level indicators scored under the pass mark (60) in a rating and are not "
                           "closed yet: the provider sets and reports its actions, the association re-checks them.",
        "to_findings": "Set or report the actions on the provider's page",
        "people_example": "e.g. Li Ming, head of the panel, senior engineer",
        "experts_example": "e.g. Wang Fang, a university's school of materials, professor",
    },
}


def _period(period: str) -> str:
    """The period asked, or the current one (the year under way: what a person rating a provider today means)."""
    return period.strip()[:20] or str(china_today().year)


def _values(form: FormFields) -> dict[str, str]:
    """The items' fields: each named by its item id (so the field a refusal names, ``values.<item>``, is marked). A
    five-grade item has five fields of that name, one count per grade from 很满意 to 很不满意: sent as the five counts
    the item takes ("4,2,1,0,0"), a grade left empty counting no vote, all five empty not given."""
    given: dict[str, list[str]] = {}
    for k, v in form.multi_items():
        if isinstance(v, str) and k not in ("period", "party", "evaluator_org_id", "evaluator_name",
                                            *rating_runs.REPORT_FIELDS):
            given.setdefault(k[:64], []).append(v)
    return {k: v[0] if len(v) == 1 else _votes(v) for k, v in given.items()}


def _votes(counts: list[str]) -> str:
    if not any(c.strip() for c in counts):
        return ""
    return ",".join(c.strip() or "0" for c in counts)


def _grades(lang: str) -> list[str]:
    """The five grades' names, 很满意 first: the order of a five-grade item's counts (``evaluation.schemas.GRADES``)."""
    return [names[0] if lang == "zh" else names[1] for _, names in sorted(GRADES.items(), reverse=True)]


T = TypeVar("T")
# An item's refusal is written "“中文名”（单位）/ English name (unit) 应… / should …" (evaluation.sources.check_value):
# split at its first " / ", the page showed only "“服务范围（可检产品/参数数）”（项）", and the English page the
# English name followed by the Chinese rule (the coordinator's day tried as a new user, 2026-11-28).
_ITEM_REFUSAL = re.compile(r"^(“[^”]*”)（([^）]*)）/ (.*?) (应.*?) / (.*)$", re.S)


def _item_said(act: Callable[[], T]) -> Callable[[], T]:
    """``act`` with an item's refusal put as "中文名 + 中文规则 / English name + English rule"."""
    def said() -> T:
        try:
            return act()
        except FieldErrors as many:  # every wrong value at once: each said so, on its own field
            for problem in many.problems:
                _reworded(problem)
            raise
        except InnodockError as exc:
            _reworded(exc)
            raise
    return said


def _reworded(exc: InnodockError) -> None:
    """An item's refusal put as "中文名 + 中文规则 / English name + English rule" (:func:`_item_said`)."""
    found = _ITEM_REFUSAL.match(exc.message) if (exc.field or "").startswith("values.") else None
    if found:
        name, unit, name_en, zh, en = found[1], found[2], found[3], found[4], found[5]
        floor = re.fullmatch(r"应在 ≥ (\S+) 之间", zh)  # "应在 ≥ 0 之间" reads as nothing in Chinese
        if floor:
            zh, en = f"应不小于 {floor[1]}", f"should be at least {floor[1]}"
        if name_en.endswith(f"({unit})"):  # the English name with the unit in English ("(items)")
            name_en = f"{name_en[:-len(unit) - 2]}({unit_said(unit, 'en')})"
        exc.message = f"{name}（{unit}）{zh} / {name_en} {en}"


@router.get("/evaluation/{center_id}/rate", response_class=HTMLResponse)
def rating_form(request: Request, center_id: str, actor: EvaluationPage, session: SessionDep,
                period: Annotated[str, Query(max_length=20)] = "",
                party: Annotated[str, Query(max_length=10)] = "second",
                evaluator: Annotated[str, Query(max_length=64)] = "",
                evaluator_name: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    lang = language(request)
    chosen = party if party in ("second", "third") else "second"
    try:
        shown = rating_runs.rating_form(session=session, principal=actor, center_id=center_id[:64],
                                        period=_period(period))
    except InnodockError as exc:
        if exc.field != "period":
            raise
        why: str | None = exc.message  # the page says why it shows the current period instead
        shown = rating_runs.rating_form(session=session, principal=actor, center_id=center_id[:64],
                                        period=_period(""))
    else:
        why = None
    # only the bodies eligible as this period's third party (evaluation.independence.check_third_party)
    evaluators = (independence.evaluator_choices(session=session, principal=actor, center_id=center_id[:64],
                                                 period=shown.period) if chosen == "third" else [])
    return render(request, "ui_rating.html", actor=actor, form=shown, r=STRINGS[lang], lang=lang, party=chosen,
                  mode="rate", evaluators=evaluators, evaluator=evaluator, evaluator_name=evaluator_name,
                  error=why, grades=_grades(lang),
                  unit=lambda u: unit_said(u, lang), today=china_today().isoformat())


@router.post("/evaluation/{center_id}/rating-runs")
def complete_run(request: Request, center_id: str, actor: EvaluationPage, session: SessionDep,
                 form: FormFields) -> Response:
    center_id = center_id[:64]
    period = str(form.get("period") or "").strip()[:20]
    party = str(form.get("party") or "second")
    evaluator = str(form.get("evaluator_org_id") or "").strip()[:64]
    outside = str(form.get("evaluator_name") or "").strip()[:200]
    back = f"/evaluation/{quote(center_id)}/rate?period={quote(period)}&party={quote(party)}"
    if evaluator:  # the choice comes back selected (a refusal names it)
        back += f"&evaluator={quote(evaluator)}"
    if outside:
        back += f"&evaluator_name={quote(outside)}"
    try:
        asked = EvaluatorParty(party)
    except ValueError:
        return redirect(back, error="评价主体应为 second 或 third / party must be second or third", field="party")
    values = _values(form)
    return form_post(session=session, actor=actor, back=back, missing="-", notice="notice_evaluated",
                     then=lambda _run: f"/evaluation/{quote(center_id)}",
                     act=_item_said(lambda: rating_runs.complete_rating_run(
                         session=session, principal=actor, center_id=center_id, period=period, values=values,
                         party=asked, outbox=OUTBOX, evaluator_org_id=evaluator or None,
                         evaluator_name=outside or None,
                         report=rating_runs.report_from_form(
                             {k: v for k, v in form.multi_items() if isinstance(v, str)}))))


@router.post("/evaluation/{center_id}/rating-drafts")
def save_draft(center_id: str, actor: EvaluationPage, session: SessionDep, form: FormFields) -> Response:
    """The rating form saved part-way (``flows.rating_runs.save_rating_draft``): back to the form, which shows what
    was saved, with how many items are still missing; a wrong value is refused beside its field, nothing saved."""
    center_id = center_id[:64]
    period = str(form.get("period") or "").strip()[:20]
    party = str(form.get("party") or "second")
    back = f"/evaluation/{quote(center_id)}/rate?period={quote(period)}&party={quote(party)}"
    values = _values(form)
    return form_post(session=session, actor=actor, back=back, missing="-",
                     notice=lambda saved: f"{DRAFT_NOTICE}{min(saved.saved, 999)}_{min(saved.missing, 999)}",
                     then=lambda saved: f"/evaluation/{quote(center_id)}/rate?period={quote(saved.period)}"
                                        f"&party={quote(party)}",
                     act=_item_said(lambda: rating_runs.save_rating_draft(
                         session=session, principal=actor, center_id=center_id, period=period, values=values)))


@router.get("/evaluation/{center_id}/self", response_class=HTMLResponse)
def self_form(request: Request, center_id: str, actor: EvaluationPage, session: SessionDep,
              period: Annotated[str, Query(max_length=20)] = "") -> HTMLResponse:
    lang = language(request)
    try:
        shown = rating_runs.self_assessment_form(session=session, principal=actor, center_id=center_id[:64],
                                                 period=_period(period))
    except InnodockError as exc:
        if exc.field != "period":
            raise
        why: str | None = exc.message
        shown = rating_runs.self_assessment_form(session=session, principal=actor, center_id=center_id[:64],
                                                 period=_period(""))
    else:
        why = None
    return render(request, "ui_rating.html", actor=actor, form=shown, r=STRINGS[lang], lang=lang, party="self",
                  mode="self", error=why, grades=_grades(lang), unit=lambda u: unit_said(u, lang))


@router.post("/evaluation/{center_id}/self-assessments")
def file_self(center_id: str, actor: EvaluationPage, session: SessionDep, form: FormFields) -> Response:
    center_id = center_id[:64]
    period = str(form.get("period") or "").strip()[:20]
    back = f"/evaluation/{quote(center_id)}/self?period={quote(period)}"
    values = _values(form)
    return form_post(session=session, actor=actor, back=back, missing="-",
                     notice=lambda run: SELF_NOTICE + "_".join(map(str, rating_runs.self_items_left_blank(run))),
                     then=lambda _run: f"/evaluation/{quote(center_id)}",
                     act=_item_said(lambda: rating_runs.file_self_assessment(
                         session=session, principal=actor, center_id=center_id, period=period, values=values,
                         outbox=OUTBOX)))
