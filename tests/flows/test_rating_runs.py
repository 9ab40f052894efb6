"""A rating run completed through forms (issue 29, item 1; ``flows.rating_runs``): the evaluator's form is pre-filled
from records and lists what is missing by indicator; the provider files its self-assessment, which the form shows as
its value; a run completed through the form scores exactly as the same values uploaded as JSON; a wrong or missing
value is refused naming its field, nothing stored; the provider cannot fill the evaluator's form, and nobody else
files the provider's self-assessment."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.errors import InnodockError, PermissionDeniedError
from evaluation import sources
from evaluation.schemas import EvaluatorParty, ReportInfo, RunView, ScoreInput
from flows import evaluations, rating_runs
from flows.rating_runs import RatingForm
from tests.flows.flowhelpers import Flows
from tests.kb.kbhelpers import CENTER as KB_CENTER
from tests.kb.kbhelpers import do_import, write_jsonl

CENTER = "qic-js-battery"
PERIOD = "2024"
EXAMPLES = Path(__file__).resolve().parents[2] / "evaluation" / "examples"


def _example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    return dict(data["values"])


def _form(flows: Flows, who: str = "coord-assoc") -> RatingForm:
    with session_scope(flows.settings) as session:
        return rating_runs.rating_form(session=session, principal=flows(who), center_id=CENTER, period=PERIOD)


OUTSIDE = "江苏省质量评价研究院"  # a third party names its evaluator (evaluation.independence.outside_evaluator)


def _complete(flows: Flows, values: dict[str, Any], who: str = "coord-assoc") -> RunView:
    with session_scope(flows.settings) as session:
        return rating_runs.complete_rating_run(session=session, principal=flows(who), center_id=CENTER,
                                               period=PERIOD, values=values, outbox=flows.outbox,
                                               party=EvaluatorParty.third_party, evaluator_name=OUTSIDE)


def _file_self(flows: Flows, values: dict[str, Any], who: str = "coord-center") -> RunView:
    with session_scope(flows.settings) as session:
        return rating_runs.file_self_assessment(session=session, principal=flows(who), center_id=CENTER,
                                                period=PERIOD, values=values, outbox=flows.outbox)


def _count(flows: Flows) -> int:
    with session_scope(flows.settings) as session:
        return len(evaluations.center_evaluation(session=session, principal=flows("coord-assoc"),
                                                 center_id=CENTER).runs)


def _asked(form: RatingForm) -> set[str]:
    return {i.item for ind in form.indicators for i in ind.items if i.asked}


def test_the_form_lists_every_item_and_what_is_missing_by_indicator(flows: Flows) -> None:
    form = _form(flows)
    items = [i for ind in form.indicators for i in ind.items]
    assert len(items) == 57 and {i.kind for i in items} == {"record", "form", "self"}
    # Form and self items are always asked; a record item only where the records lack it (no engagement closed in
    # 2024), and the catalog's qualifications and experts come filled, not asked.
    for i in items:
        assert i.asked == (sources.BY_ITEM[i.item].kind != "record" or i.record_value is None), i.item
    assert "qualifications" not in _asked(form)
    missing = {i.item for ind in form.missing for i in ind.missing}
    assert missing and "papers" in missing and "team_collaboration" in missing
    assert {ind.id for ind in form.missing} >= {"technical_capability", "internal_operation"}
    papers = next(i for i in items if i.item == "papers")
    # the unit's raw bound (seed001.yaml's raw_bounds)
    assert (papers.unit, papers.range_text, papers.whole) == ("篇/年", "0–1000000", True)


def _scores_only(dimensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dimensions without who entered each item's value (its ``origin`` and the note that says so)."""
    return [{**d, "indicators": [{**i, "items": [{k: v for k, v in it.items() if k not in ("origin", "note")}
                                                 for it in i["items"]]} for i in d["indicators"]]}
            for d in dimensions]


def test_a_run_completed_through_the_form_scores_as_the_same_values_uploaded(flows: Flows) -> None:
    example = _example()
    # The provider files its own figures; the evaluator's form shows them beside, and starts from them.
    own = {s.item: example[s.item] for s in sources.SOURCES if s.kind == "self"}
    filed = _file_self(flows, {k: str(v) for k, v in own.items()})
    assert filed.party == "self" and not filed.counts_as_rating
    form = _form(flows)
    assert form.self_run_id == filed.id
    shown = {i.item: i for ind in form.indicators for i in ind.items}
    assert shown["papers"].self_value == "12" and shown["papers"].value == "12"
    assert "papers" not in {i.item for ind in form.missing for i in ind.missing}
    # The evaluator sends the form as a browser does: text, the pre-filled self values and the rest typed.
    typed = {k: (", ".join(f"{x:g}" for x in v) if isinstance(v, list) else f"{v:g}")
             for k, v in example.items() if k in _asked(form)}
    typed.update({k: shown[k].value for k in own})
    by_form = _complete(flows, typed)
    assert by_form.complete and by_form.stars is not None
    with session_scope(flows.settings) as session:
        by_json = evaluations.evaluate(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                       period=PERIOD, inputs=ScoreInput(values={k: example[k] for k in typed}),
                                       party=EvaluatorParty.third_party, outbox=flows.outbox,
                                       evaluator_name=OUTSIDE)
    assert by_form.id != by_json.id
    assert (by_form.total, by_form.stars, by_form.tier) == (by_json.total, by_json.stars, by_json.tier)
    # The same scores, line by line; only who entered each value differs (the form's kept self values are the
    # provider's, the upload's the evaluator's input).
    assert _scores_only(by_form.result["dimensions"]) == _scores_only(by_json.result["dimensions"])
    assert by_form.party == "third" and by_form.counts_as_rating


def test_a_wrong_or_missing_value_is_refused_naming_its_field(flows: Flows) -> None:
    form = _form(flows)
    typed = {k: str(v) if not isinstance(v, list) else ",".join(f"{x:g}" for x in v)
             for k, v in _example().items() if k in _asked(form)}
    before = _count(flows)
    with pytest.raises(InnodockError) as wrong:
        _complete(flows, {**typed, "degree_staff_share": "130"})
    assert wrong.value.field == "values.degree_staff_share" and "0–100" in wrong.value.message
    with pytest.raises(InnodockError) as halves:
        _complete(flows, {**typed, "papers": "2.5"})
    assert halves.value.field == "values.papers"
    lacking = {k: v for k, v in typed.items() if k not in ("papers", "financial_condition")}
    with pytest.raises(InnodockError) as missing:
        _complete(flows, lacking)
    assert missing.value.field == "values.papers" and missing.value.code == "incomplete"
    assert "技术能力" in missing.value.message and "财务状况" in missing.value.message
    # An item the records answer is not typed over in the form.
    with pytest.raises(InnodockError) as recorded:
        _complete(flows, {**typed, "qualifications": "3"})
    assert recorded.value.field == "values.qualifications"
    with pytest.raises(InnodockError) as not_own:
        _file_self(flows, {"team_collaboration": "90"})
    assert not_own.value.field == "values.team_collaboration"
    assert _count(flows) == before


def test_the_provider_cannot_fill_the_evaluators_form_nor_anyone_else_its_self_assessment(flows: Flows) -> None:
    with pytest.raises(PermissionDeniedError):
        _form(flows, "coord-center")
    with pytest.raises(PermissionDeniedError):
        _complete(flows, {"papers": "3"}, who="coord-center")
    with pytest.raises(PermissionDeniedError) as other:
        _file_self(flows, {"papers": "3"}, who="coord-assoc")
    assert other.value.field == "center_id"
    with session_scope(flows.settings) as session, pytest.raises(PermissionDeniedError):
        rating_runs.self_assessment_form(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                         period=PERIOD)
    assert _count(flows) == 0


def test_a_period_to_come_and_a_report_dated_after_today_are_refused(flows: Flows) -> None:
    """The evaluation walked as a new user (2026-11-28): "2027" was rated in 2026, and a form's run had no report
    contents (seed 001 §5.2.9) — now given on the form, dated the day of the run unless an earlier day of the period
    is named; after today or before the period begins is refused on ``report.evaluation_date``."""
    today = date(2026, 11, 28)
    form = _form(flows)
    typed = {k: str(v) if not isinstance(v, list) else ",".join(f"{x:g}" for x in v)
             for k, v in _example().items() if k in _asked(form)}
    with session_scope(flows.settings) as session, pytest.raises(InnodockError) as future:
        rating_runs.rating_form(session=session, principal=flows("coord-assoc"), center_id=CENTER, period="2027",
                                today=today)
    assert future.value.field == "period" and "尚未开始" in future.value.message
    before = _count(flows)

    def complete(report: ReportInfo | None) -> RunView:
        with session_scope(flows.settings) as session:
            return rating_runs.complete_rating_run(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                                   period=PERIOD, values=typed, outbox=flows.outbox, today=today,
                                                   report=report)

    for day in (date(2026, 12, 1), date(2023, 12, 31)):
        with pytest.raises(InnodockError) as wrong:
            complete(rating_runs.report_from_form({"evaluation_date": day.isoformat()}))
        assert wrong.value.field == "report.evaluation_date", day
    assert _count(flows) == before  # nothing stored
    given = rating_runs.report_from_form({"objective": "年度考核", "experts": "王芳，某大学，教授\n赵强",
                                          "recommendations": "一\n\n二", "evaluation_date": "",
                                          "evaluated_people": "陈立新，中心主任，研究员"})
    run = complete(given)
    report = run.inputs["report"]
    assert report["objective"] == "年度考核" and report["evaluation_date"] == "2026-11-28"
    assert [e["name"] for e in report["experts"]] == ["王芳", "赵强"]
    assert report["experts"][0]["qualification"] == "教授"
    assert report["recommendations"] == ["一", "二"]
    # the evaluated party's people, under the provider's own name (seed 001 §5.2.9: 项目方参与人员的资质和身份)
    assert report["evaluated"]["name"] == form.center.name
    assert report["evaluated"]["people"] == [{"name": "陈立新", "organisation": None, "role": "中心主任",
                                               "qualification": "研究员"}]


def _sections(html: str) -> dict[str, str]:
    """A report's text by heading (h2 and h3), tags left out."""
    parts = re.split(r"<h[23]>(.*?)</h[23]>", html)
    return {unescape(re.sub(r"<[^>]+>", "", parts[i])): unescape(re.sub(r"<[^>]+>", " ", parts[i + 1]))
            for i in range(1, len(parts), 2)}


def test_a_self_assessments_report_says_it_has_no_independent_evaluators_items(flows: Flows) -> None:
    """The evaluation walked as a new user (2026-11-28): a self-assessment's report listed the evaluator's people,
    the experts, their guidance and the conclusion as "未提供" missing, which the provider cannot give. It says
    plainly that a self-assessment has none, in both languages, and is dated the day it was filed; a rating's report
    still names them missing."""
    own = _file_self(flows, {"premises_area": "1800"})
    with session_scope(flows.settings) as session:
        zh, en = (_sections(evaluations.report_html(session=session, principal=flows("coord-center"), run_id=own.id,
                                                    lang=lang)) for lang in ("zh", "en"))
    for said, missing, says in ((zh, "未提供", "机构自评"), (en, "not provided", "self-assessment")):
        by_self = [k for k in said if k.startswith(("评价机构", "Evaluator"))]
        assert len(by_self) == 1, list(said)
        for heading in (by_self[0], "评价专家" if said is zh else "Experts",
                        "五、专家及评价机构指导意见" if said is zh else "5. Experts' and evaluator's guidance"):
            assert missing not in said[heading] and says in said[heading], (heading, said[heading])
        # the conclusion: none of its own (the list of the values it lacks above it is what the provider did not give)
        ending = said["七、评价结论及建议" if said is zh else "7. Conclusion and recommendations"]
        assert says in ending and ("建议：" if said is zh else "Recommendations:") not in ending, ending
        assert missing not in said["六、评价时间" if said is zh else "6. Date"]
    asked = _asked(_form(flows))
    rated = _complete(flows, {k: v for k, v in _example().items() if k in asked})
    with session_scope(flows.settings) as session:
        theirs = _sections(evaluations.report_html(session=session, principal=flows("coord-assoc"), run_id=rated.id))
    assert "未提供" in theirs["评价专家"] and "未提供" in theirs["五、专家及评价机构指导意见"]
    assert "机构自评" not in theirs["评价专家"]


def _source_cells(html: str, name: str) -> str:
    """The report's 数据来源 / Source cell of the item named ``name`` (tags left out)."""
    row = re.search(r"<tr><td>" + re.escape(name) + r"(?:<span[^>]*>[^<]*</span>)?</td>\s*<td>(.*?)</td>", html,
                    re.S)
    assert row is not None, name
    return unescape(re.sub(r"<[^>]+>", " ", row.group(1)))


def test_the_report_says_who_entered_each_value(flows: Flows) -> None:
    """A new user's trial in Chromium (2026-11-29): the association filled the scoresheet while the page said "机构尚未
    提交本期自评", and the report called every such value "机构自报" ("服务范围（可检产品/参数数） 机构自报 320 项").
    Each value says who entered it: the provider's self-assessment (kept by the evaluator), the evaluator, or the
    records."""
    example = _example()
    asked = _asked(_form(flows))
    typed = {k: (", ".join(f"{x:g}" for x in v) if isinstance(v, list) else f"{v:g}")
             for k, v in example.items() if k in asked}
    # No self-assessment filed: what the association typed is the association's.
    theirs = _complete(flows, typed)
    with session_scope(flows.settings) as session:
        zh, en = (evaluations.report_html(session=session, principal=flows("coord-assoc"), run_id=theirs.id,
                                          lang=lang) for lang in ("zh", "en"))
    for html, by_them, self_said in ((zh, "评价方录入", ("机构自报", "机构自评")),
                                     (en, "entered by the evaluator", ("self-report", "self-assessment"))):
        name = "服务范围（可检产品/参数数）" if html is zh else "service scope (products/parameters covered)"
        cell = _source_cells(html, name)
        assert by_them in cell and not any(s in cell for s in self_said), cell
    # Records stay records.
    assert "机构自报" not in _source_cells(zh, "获得资质认证或许可项数")
    # The provider files its papers; the evaluator keeps them and corrects its premises: each said as it was.
    _file_self(flows, {"papers": typed["papers"], "premises_area": "9999"})
    kept = _complete(flows, typed)
    with session_scope(flows.settings) as session:
        zh = evaluations.report_html(session=session, principal=flows("coord-assoc"), run_id=kept.id, lang="zh")
        en = evaluations.report_html(session=session, principal=flows("coord-assoc"), run_id=kept.id, lang="en")
    assert "机构自评" in _source_cells(zh, "发表论文数") and "评价方录入" not in _source_cells(zh, "发表论文数")
    changed = _source_cells(zh, "服务场地面积")
    assert "评价方录入" in changed and "9999" in changed, changed
    assert "provider's self-assessment" in _source_cells(en, "papers published")
    item = {it["id"]: it for d in kept.result["dimensions"] for i in d["indicators"] for it in i["items"]}
    assert (item["papers"]["origin"], item["premises_area"]["origin"]) == ("self_assessment", "evaluator")


def test_the_self_assessments_day_is_said_in_china_time(flows: Flows) -> None:
    """A value kept from the provider's self-assessment names the day it was filed: the day in China, where the
    provider filed it, not the server's UTC day (17:30 UTC on 1 March is 01:30 on 2 March in Beijing)."""
    form = _form(flows)
    [item] = [i for ind in form.indicators for i in ind.items if i.item == "papers"]
    filed = replace(replace(form, self_filed_at=datetime(2026, 3, 1, 17, 30, tzinfo=UTC)),
                    indicators=[replace(ind, items=[replace(i, self_value="12") if i.item == "papers" else i
                                                    for i in ind.items]) for ind in form.indicators])
    origin, said = rating_runs.entered_by(filed, {item.item: 12})[item.item]
    assert origin == "self_assessment" and said is not None
    assert "2026-03-02" in said and "2026-03-01" not in said, said


def _conclusion(flows: Flows, center_id: str, lang: str) -> str:
    """The conclusion of a complete rating run of ``center_id`` (the example's values uploaded by the association)."""
    with session_scope(flows.settings) as session:
        rated = evaluations.evaluate(session=session, principal=flows("coord-assoc"), center_id=center_id,
                                     period=PERIOD, inputs=ScoreInput(values=_example()), outbox=flows.outbox,
                                     party=EvaluatorParty.second_party)
        assert rated.complete
        said = _sections(evaluations.report_html(session=session, principal=flows("coord-assoc"), run_id=rated.id,
                                                 lang=lang))
    return " ".join(said["七、评价结论及建议" if lang == "zh" else "7. Conclusion and recommendations"].split())


def test_the_conclusion_cites_only_the_rules_that_govern_the_provider(flows: Flows, tmp_path: Path) -> None:
    """A new user's trial in Chromium (2026-11-29, shot 90): the report of a Jiangsu 质检中心 said "等次（依据
    《科技服务站管理办法》第十四条）：合格；管理类别（依据《关于促进上海市产品质量检验检测中心建设的指导意见》）：
    正常管理" — another province's rules for another kind of provider. The grade and the class follow the provider's
    rules profile and province; where none of its rules grades it, the report says so."""
    others = [{**KB_CENTER, "id": cid, "kind": kind, "region": region, "name": name} for cid, kind, region, name in (
        ("qic-sh-newmat", "quality_inspection_center", "上海市宝山区", "上海市新材料产品质量检验检测中心"),
        ("sst-foshan-ceramics", "service_station", "广东省佛山市禅城区", "广东省质量发展促进会（佛山陶瓷）科技服务站"),
        ("qic-fj-ship", "quality_inspection_center", "福建省福州市", "福建省船舶产品质量检验中心"))]
    assert do_import(flows.settings, write_jsonl(tmp_path / "others.jsonl", others)).ok
    for lang in ("zh", "en"):
        jiangsu = _conclusion(flows, CENTER, lang)  # a Jiangsu quality inspection center: seed 000, no grades
        for wrong in ("科技服务站", "上海", "service stations", "Shanghai", "tier (", "management class (",
                      "等次（依据", "管理类别（依据"):
            assert wrong not in jiangsu, (lang, wrong, jiangsu)
        assert ("未按评价得分规定等次或管理类别" if lang == "zh" else "set no tier and no management class") in jiangsu
        shanghai = _conclusion(flows, "qic-sh-newmat", lang)  # seed 002: the management class, not the tier
        assert ("管理类别（依据《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)）" if lang == "zh"
                else "management class (") in shanghai, shanghai
        assert "科技服务站" not in shanghai and "service stations" not in shanghai
        station = _conclusion(flows, "sst-foshan-ceramics", lang)  # seed 003: the tier, not the class
        assert ("等次（依据《科技服务站管理办法》第十四条）" if lang == "zh" else "tier (") in station, station
        assert "上海" not in station and "Shanghai" not in station
        # No profile names Fujian: the general rules govern it, grade it by neither, and the report says why.
        fujian = _conclusion(flows, "qic-fj-ship", lang)
        assert ("管理类别（依据" not in fujian) and ("management class (" not in fujian), fujian
        assert ("尚无此类机构的专门规则" if lang == "zh" else "no rules of its own") in fujian, fujian
        assert "上海" not in fujian and "Shanghai" not in fujian
