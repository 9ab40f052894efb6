"""The rating run as a form on the page and over the API (issue 29, item 1): the association opens the form for a
provider and period, sees every item with its unit and range and what is missing by indicator; a wrong value comes
back with the error naming its field; the provider cannot open the association's form but files its self-assessment
on its own page, which the form then shows beside; the completed form is the run, scored as the JSON upload; the API
answers the same. The rules themselves are tests/flows/test_rating_runs.py's."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts import service as auth
from api.auth.deps import SESSION_COOKIE
from api.pages.ui_common import ERROR_COOKIE
from authz.vocab import OrgKind
from core import china_time
from core.db import session_scope
from evaluation.models import EvaluationRun
from evaluation.report import yes_no
from flows.rating_runs import figure
from tests.api.apihelpers import World, assert_error, login
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field

CENTER = "qic-js-battery"
EXAMPLE = Path(__file__).resolve().parents[2] / "evaluation" / "examples" / "seed001_full_inputs.json"


def _as(c: TestClient, token: str, method: str, path: str, after: Any = None, **kw: Any) -> Any:
    c.cookies.clear()
    c.cookies.set(SESSION_COOKIE, token)
    if after is not None and after.cookies.get(ERROR_COOKIE):
        c.cookies.set(ERROR_COOKIE, after.cookies[ERROR_COOKIE])
    try:
        return c.request(method, path, follow_redirects=False, **kw)
    finally:
        c.cookies.clear()


def _runs(world: World) -> int:
    with session_scope(world.settings) as session:
        return int(session.scalar(select(func.count()).select_from(EvaluationRun)) or 0)


def _example() -> dict[str, Any]:
    return dict(json.loads(EXAMPLE.read_text(encoding="utf-8"))["values"])


def _text(v: Any) -> str:
    return ", ".join(f"{x:g}" for x in v) if isinstance(v, list) else f"{v:g}"


def _typed(page: str, example: dict[str, Any]) -> dict[str, str | list[str]]:
    """The form's fields as a person fills them: what the page shows, else the example's value; a five-grade item's
    five fields (one vote count per grade) each get their count."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input (?:type="number" )?name="([a-z_]+)" value="([^"]*)"', page):
        if name != "period":
            fields.setdefault(name, []).append(value)
    for name, options in re.findall(r'<select name="([a-z_]+)">(.*?)</select>', page, re.S):  # a yes/no choice
        if name not in ("party", "evaluator_org_id"):
            chosen = re.search(r'<option value="([^"]*)" selected>', options)
            fields.setdefault(name, []).append(chosen.group(1) if chosen else "")
    typed: dict[str, str | list[str]] = {}
    for name, values in fields.items():
        if len(values) == 5:
            typed[name] = values if all(values) else [f"{x:g}" for x in example[name]]
        else:
            typed[name] = values[0] or _text(example[name])
    return typed


def test_the_page_form_lists_items_refuses_naming_the_field_and_completes_the_run(domain_client: TestClient,
                                                                                   domain_world: World) -> None:
    c = domain_client
    center, assoc = login(c, "coord-center"), login(c, "coord-assoc")
    # The provider: not the association's form; its own self-assessment page with the self items only.
    assert _as(c, center, "GET", f"/evaluation/{CENTER}/rate?period=2024").status_code == 403
    mine = _as(c, center, "GET", f"/evaluation/{CENTER}/self?period=2024")
    assert mine.status_code == 200 and 'id="self-form"' in mine.text
    assert 'name="papers"' in mine.text and 'name="team_collaboration"' not in mine.text
    example = _example()
    own = {k: _text(example[k]) for k in re.findall(r'<input type="number" name="([a-z_]+)"', mine.text)}
    filed = _as(c, center, "POST", f"/evaluation/{CENTER}/self-assessments", data={"period": "2024", **own})
    assert filed.status_code == 303 and not form_error(filed), form_error(filed)
    assert _as(c, assoc, "GET", f"/evaluation/{CENTER}/self?period=2024").status_code == 403

    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&party=third")
    assert page.status_code == 200 and 'id="rating-form"' in page.text and 'id="missing"' in page.text
    # papers: the provider's own value beside
    assert '<td class="self-value" data-label="机构自评值">12</td>' in page.text
    assert 'data-indicator="social_effect"' in page.text  # expert ratings still missing, by indicator
    # In English, the items still missing are listed with ", " after ": ", not the Chinese "：" and "、".
    english = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&party=third&lang=en").text
    missing_en = english.split('data-indicator="social_effect"', 1)[1].split("</li>", 1)[0]
    assert "：" not in missing_en and "、" not in missing_en and ": " in missing_en and ", " in missing_en, missing_en
    typed = _typed(page.text, example)
    # A wrong value: back to the form, the error naming the item and marked on its field.
    wrong = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
                data={"period": "2024", "party": "third", **typed, "degree_staff_share": "180"})
    assert wrong.status_code == 303 and form_error_field(wrong) == "degree_staff_share"
    assert wrong.headers["location"] == f"/evaluation/{CENTER}/rate?period=2024&party=third"
    back = _as(c, assoc, "GET", wrong.headers["location"], after=wrong)
    assert re.search(r'role="alert">[^<]*本科以上学历', back.text), back.text[:2000]
    # Complete: the run, third party, with stars; equal to the same values uploaded as JSON.
    done = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
               data={"period": "2024", "party": "third", "evaluator_name": "江苏省质量评价研究院", **typed})
    assert done.status_code == 303 and done.headers["location"] == f"/evaluation/{CENTER}", form_error(done)
    by_form = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=Logins(c)("coord-assoc")).json()
    assert by_form["party"] == "third" and by_form["complete"] and by_form["stars"]
    values = {k: (example[k]) for k in typed}
    uploaded = _as(c, assoc, "POST", f"/evaluation/{CENTER}/runs",
                   data={"period": "2024", "party": "third", "evaluator_name": "江苏省质量评价研究院"},
                   files={"inputs": ("values.json", json.dumps({"values": values}).encode(), "application/json")})
    assert uploaded.status_code == 303 and not form_error(uploaded)
    by_json = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=Logins(c)("coord-assoc")).json()
    assert by_json["run_id"] != by_form["run_id"]
    assert (by_json["total"], by_json["stars"], by_json["tier"]) == (by_form["total"], by_form["stars"],
                                                                     by_form["tier"])


def test_the_api_has_the_same_form(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center, assoc = as_("coord-center"), as_("coord-assoc")
    assert_error(c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2024"}, headers=center), 403)
    form = c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2024"}, headers=assoc)
    assert form.status_code == 200, form.text
    body = form.json()
    assert sum(len(i["items"]) for i in body["indicators"]) == 57 and body["missing"]
    asked = {it["item"] for i in body["indicators"] for it in i["items"] if it["asked"]}
    example = _example()
    bad = c.post("/api/v1/evaluations/form", headers=assoc,
                 json={"center_id": CENTER, "period": "2024", "party": "second",
                       "values": {k: example[k] for k in asked if k != "papers"}})
    assert assert_error(bad, 400)["field"] == "values.papers"
    posing = c.post("/api/v1/evaluations/form", headers=center,
                    json={"center_id": CENTER, "period": "2024", "values": {}})
    assert_error(posing, 403)
    own = c.post("/api/v1/evaluations/self", headers=center,
                 json={"center_id": CENTER, "period": "2024", "values": {"papers": 12}})
    assert own.status_code == 201 and own.json()["party"] == "self"
    mine = c.get(f"/api/v1/centers/{CENTER}/self-assessment/form", params={"period": "2024"}, headers=center)
    assert mine.status_code == 200
    papers = next(it for i in mine.json()["indicators"] for it in i["items"] if it["item"] == "papers")
    assert papers["self_value"] == papers["value"] == "12"  # as the form shows it
    done = c.post("/api/v1/evaluations/form", headers=assoc,
                  json={"center_id": CENTER, "period": "2024", "party": "second",
                        "values": {k: example[k] for k in asked}})
    assert done.status_code == 201, done.text
    assert done.json()["complete"] and done.json()["stars"] and done.json()["party"] == "second"


def test_the_apis_form_takes_the_reports_contents_and_refuses_a_date_after_today(
        domain_client: TestClient, domain_world: World) -> None:
    """The evaluation walked as a new user (2026-11-28): the page's form gives the report's contents (seed 001
    §5.2.9); the API's form takes them too, by the same flow, and refuses a date after today on its field."""
    c, assoc = domain_client, Logins(domain_client)("coord-assoc")
    form = c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2024"}, headers=assoc).json()
    asked = {it["item"] for i in form["indicators"] for it in i["items"] if it["asked"]}
    values = {k: v for k, v in _example().items() if k in asked}
    later = (china_time.today() + timedelta(days=3)).isoformat()
    bad = c.post("/api/v1/evaluations/form", headers=assoc,
                 json={"center_id": CENTER, "period": "2024", "values": values,
                       "report": {"objective": "年度考核", "evaluation_date": later}})
    assert assert_error(bad, 400)["field"] == "report.evaluation_date"
    done = c.post("/api/v1/evaluations/form", headers=assoc,
                  json={"center_id": CENTER, "period": "2024", "values": values,
                        "report": {"objective": "年度考核", "experts": [{"name": "王芳", "qualification": "教授"}]}})
    assert done.status_code == 201, done.text
    report = c.get(f"/api/v1/evaluations/{done.json()['run_id']}/report", headers=assoc).text
    assert "年度考核" in report and "王芳" in report and china_time.today().isoformat() in report


def test_a_third_party_run_on_the_page_names_its_evaluator_and_a_linked_one_is_refused(
        domain_client: TestClient, domain_world: World) -> None:
    """The third-party form offers the organisations that may evaluate (only the eligible ones: an association is the
    second party, tests/api/test_ui_third_party_independent.py); the provider's own, sent anyway, is refused back to
    the form naming ``evaluator_org_id``, the choice kept, nothing stored; an independent one is the run's
    evaluator."""
    c = domain_client
    assoc = login(c, "coord-assoc")
    with session_scope(domain_world.settings) as session:  # another provider, with no link to this one in 2024
        firm = auth.create_org(session=session, kind=OrgKind.center, name="苏南质量评价事务所",
                               center_id="met-jx-rare").id
    second = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&party=second")
    assert 'name="evaluator_org_id"' not in second.text  # a second-party run is the association's own
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&party=third")
    offered = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                              page.text.split('name="evaluator_org_id"', 1)[1].split("</select>", 1)[0]))
    assert offered[firm] == "苏南质量评价事务所" and domain_world.orgs["center"] not in offered and "" in offered
    example = _example()
    typed = _typed(page.text, example)
    before = _runs(domain_world)
    own = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
              data={"period": "2024", "party": "third", "evaluator_org_id": domain_world.orgs["center"], **typed})
    assert own.status_code == 303 and form_error_field(own) == "evaluator_org_id"
    assert "不能作为第三方评价机构" in form_error(own)
    back = _as(c, assoc, "GET", own.headers["location"], after=own)
    assert re.search(r'role="alert">[^<]*不能作为第三方评价机构', back.text)
    assert f'evaluator={domain_world.orgs["center"]}' in own.headers["location"]  # sent back (it is never offered)
    assert _runs(domain_world) == before  # nothing stored
    done = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
               data={"period": "2024", "party": "third", "evaluator_org_id": firm, **typed})
    assert done.status_code == 303 and done.headers["location"] == f"/evaluation/{CENTER}", form_error(done)
    latest = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=Logins(c)("coord-assoc")).json()
    assert latest["party"] == "third" and latest["evaluator"] == {**latest["evaluator"], "org": firm,
                                                                  "name": "苏南质量评价事务所"}


def test_the_evaluation_page_leads_to_the_readable_form_on_the_current_period(domain_client: TestClient,
                                                                               domain_world: World) -> None:
    """Walk finding: the evaluation page led with a JSON upload and linked the form on last year. Now the form is the
    main path (the period this year, the party chosen beside), the upload folded away for integrations; the form
    opened without a period is on this year, and a period it cannot read is said, not silently replaced."""
    c = domain_client
    center, assoc = login(c, "coord-center"), login(c, "coord-assoc")
    this_year = str(china_time.today().year)
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}").text
    assert 'id="rating-forms"' in page, page[:3000]
    opened = page[page.rfind("<form", 0, page.index('id="rating-forms"')):]
    assert opened.startswith(f'<form method="get" action="/evaluation/{CENTER}/rate"'), opened[:200]
    first_form = opened.split("</form>", 1)[0]
    assert f'name="period" required pattern="\\d{{4}}(\\.\\.\\d{{4}})?" value="{this_year}"' in first_form
    assert 'name="party"' in first_form and 'type="file"' not in first_form
    assert page.index('id="rating-forms"') < page.index('id="run-by-file"') < page.index('type="file"')
    assert "其余指标可上传" not in page
    assert re.search(r'<details class="panel" id="run-by-file"><summary>[^<]*JSON', page)
    own = _as(c, center, "GET", f"/evaluation/{CENTER}").text
    assert f'<form method="get" action="/evaluation/{CENTER}/self"' in own
    for path in (f"/evaluation/{CENTER}/rate", f"/evaluation/{CENTER}/self"):
        token = assoc if path.endswith("rate") else center
        form = _as(c, token, "GET", path).text
        assert f'<input name="period" value="{this_year}"' in form, path
        unread = _as(c, token, "GET", f"{path}?period=20x6").text
        assert f'<input name="period" value="{this_year}"' in unread
        assert re.search(r'role="alert">[^<]*评价期格式', unread), path


def test_a_five_grade_item_is_five_counts_and_a_refusal_says_what_is_missing_whole(domain_client: TestClient,
                                                                                   domain_world: World) -> None:
    """Walk finding: a five-grade item was one text field for "5 个票数，逗号分隔", and the refusal of a form with many
    items missing was cut off mid-list ("…；质量评价服务"). Now each grade has its number field (很满意 … 很不满意, the
    counts stored as the five-vote list the JSON upload gives), and the refusal counts what is missing, names the
    first items and says "等另 N 项 / and N more", whole, in the page's language, on the first missing field."""
    c = domain_client
    assoc = login(c, "coord-assoc")
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024").text
    assert "逗号分隔" not in page and "pattern=" not in page.split('id="rating-form"', 1)[1]
    votes = page.split('data-field-group="equipment_adequacy"', 1)[1].split("</fieldset>", 1)[0]
    assert re.findall(r'<label class="vote">([^<]+) <input type="number" name="equipment_adequacy"', votes) == [
        "很满意", "满意", "一般", "不满意", "很不满意"]
    english = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&lang=en").text
    assert '<label class="vote">very good <input type="number" name="equipment_adequacy"' in english
    # Nearly nothing given: the refusal is whole (both halves), counts the items and marks the first missing one.
    few = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
              data={"period": "2024", "party": "second", "service_scope": "120",
                    "equipment_adequacy": ["4", "2", "", "1", ""]})
    said = form_error(few)
    assert re.fullmatch(r"尚缺 (\d+) 项：.+ 等另 \d+ 项 / still missing \(\1\): .+ and \d+ more", said), said
    assert form_error_field(few) == "premises_area"  # the first item still missing, after service_scope
    back = _as(c, assoc, "GET", few.headers["location"], after=few).text
    assert re.search(r'role="alert">尚缺 \d+ 项：[^<]*等另 \d+ 项</p>', back), back[:3000]
    back_en = _as(c, assoc, "GET", few.headers["location"] + "&lang=en", after=few).text
    assert re.search(r'role="alert">Still missing \(\d+\): [^<]* and \d+ more</p>', back_en)
    # The five counts typed in five fields are the item's five votes (a grade left empty: no vote).
    example = _example()
    typed = _typed(page, example)
    typed["equipment_adequacy"] = ["4", "2", "", "1", ""]
    done = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
               data={"period": "2024", "party": "second", **typed})
    assert done.status_code == 303 and not form_error(done), form_error(done)
    latest = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=Logins(c)("coord-assoc")).json()
    with session_scope(domain_world.settings) as session:
        run = session.get(EvaluationRun, latest["run_id"])
        assert run is not None and run.inputs["values"]["equipment_adequacy"] == [4, 2, 0, 1, 0]


def test_the_form_speaks_the_pages_language_only(domain_client: TestClient, domain_world: World) -> None:
    """Walk finding: on the English form the units stayed Chinese (项, 篇/年, 票数(五级)), the range read
    "5 个票数 / 5 vote counts" and the sources "知识库：2 项（CMA、CNAS）/ from the catalog" — and the Chinese form
    showed those English halves too. Each page now says its own language only."""
    c = domain_client
    assoc = login(c, "coord-assoc")
    rows = {}
    for lang in ("zh", "en"):
        page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&lang={lang}").text
        rows[lang] = {item: re.sub(r"<[^>]+>", " ", body) for item, body in
                      re.findall(r'<tr class="item" data-item="([a-z_]+)"[^>]*>(.*?)</tr>', page, re.S)}
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for item in ("qualifications", "papers", "equipment_adequacy", "team_collaboration"):
        en, zh = rows["en"][item], rows["zh"][item]
        assert not cjk.search(en), (item, en)
        assert "catalog" not in zh and "vote counts" not in zh and "questionnaires" not in zh, (item, zh)
    assert "papers/year" in rows["en"]["papers"] and "篇/年" in rows["zh"]["papers"]
    assert "5 vote counts" in rows["en"]["equipment_adequacy"] and "5 个票数" in rows["zh"]["equipment_adequacy"]
    assert "from the catalog" in rows["en"]["qualifications"] and "知识库" in rows["zh"]["qualifications"]


def test_every_unit_of_the_hierarchy_has_its_english() -> None:
    from evaluation.hierarchy import load_hierarchy
    from evaluation.schemas import UNIT_EN

    units = {it.unit for _, _, it in load_hierarchy().items()}
    assert units <= set(UNIT_EN), units - set(UNIT_EN)


def test_a_numbered_english_half_and_a_seeds_number_are_said_for_a_reader() -> None:
    """The helper every page uses to keep its half (``ui_format.in_language``) took an English half only when it
    started with a letter: "7 份客户问卷、0 次神秘顾客 / 7 client questionnaires" showed whole. A provider's history
    said "依种子 002 四(二)…" — the project's numbering of the seeds — now the document's title."""
    from api.pages.ui_format import in_language
    from api.pages.ui_providers import _half

    assert in_language("7 份客户问卷、0 次神秘顾客 / 7 client questionnaires, 0 mystery shoppers", "zh") == \
        "7 份客户问卷、0 次神秘顾客"
    assert in_language("5 项中 3 项 / 3 of 5", "en") == "3 of 5"
    assert in_language("第 1 / 2 页", "en") == "第 1 / 2 页"  # a number in a Chinese text is no English half
    grounds = ("2026 评价为重点监管·不合格，依种子 002 四(二)、种子 003 第十六条限期整改 / graded for key "
               "supervision or fail: rectification within a deadline")
    assert _half(grounds, "zh") == ("2026 评价为重点监管·不合格，"
                                    "依《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)、"
                                    "《科技服务站管理办法》第十六条限期整改")
    assert _half(grounds, "en") == "graded for key supervision or fail: rectification within a deadline"
    assert _half("协会年度监督计划 / the association's supervision plan", "zh") == "协会年度监督计划"
    assert _half(None, "en") == ""


def test_a_period_the_browser_refuses_says_the_format_wanted(domain_client: TestClient, domain_world: World) -> None:
    """The association's day walked on 2026-11-29: "二〇二六年" typed as the period was stopped by the browser with
    "请与所请求的格式保持一致" and nothing more (the pattern had no title to say the format). Each period field with a
    pattern says it, in the page's language."""
    c = domain_client
    assoc = login(c, "coord-assoc")
    for lang, said in (("zh", "如 2026，或 2024..2026"), ("en", "e.g. 2026, or 2024..2026")):
        for path in (f"/evaluation/{CENTER}", f"/evaluation/{CENTER}/rate"):
            page = _as(c, assoc, "GET", f"{path}?lang={lang}").text
            fields = re.findall(r'<input name="period"[^>]*pattern=[^>]*>', page)
            assert fields, (lang, path)
            for field in fields:
                assert f'title="{said}"' in field, (lang, path, field)


def test_a_self_item_the_provider_did_not_file_says_the_evaluator_enters_it(domain_client: TestClient,
                                                                           domain_world: World) -> None:
    """A new user's trial in Chromium (2026-11-29): the form said "机构尚未提交本期自评" yet named the source of every
    self item "机构自评", and the report then called what the association typed "机构自报". With nothing filed, the
    form says the evaluator enters it, in both languages."""
    c = domain_client
    assoc = login(c, "coord-assoc")
    for lang, said in (("zh", "机构未报，由评价方填写"), ("en", "not filed by the provider")):
        page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&lang={lang}").text
        row = re.search(r'<tr class="item" data-item="service_scope"[^>]*>(.*?)</tr>', page, re.S)
        assert row is not None and said in row.group(1), row


def test_a_yes_no_item_is_a_yes_no_choice_and_a_figure_is_shown_rounded(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    """A new user's trial in Chromium (2026-11-29, shot 53): "是否成为产业检测科研基地（是=1，否=0）" was a number box,
    and the records' figures read "33.3333" and "4.33333". Every item the hierarchy holds as yes/no (unit 是/否) is a
    choice of yes or no, on the evaluator's form and the provider's own, in both languages; a figure is shown to two
    decimals, its stored value kept exact."""
    c = domain_client
    assoc, center = login(c, "coord-assoc"), login(c, "coord-center")
    for who, path in ((assoc, "rate"), (center, "self")):
        for lang, yes, no in (("zh", "是", "否"), ("en", "Yes", "No")):
            page = _as(c, who, "GET", f"/evaluation/{CENTER}/{path}?period=2024&lang={lang}").text
            row = re.search(r'<tr class="item" data-item="industry_research_base"[^>]*>(.*?)</tr>', page, re.S)
            assert row is not None, (path, lang)
            body = row.group(1)
            assert 'type="number"' not in body and '<select name="industry_research_base"' in body, body
            assert f'<option value="1">{yes}</option>' in body and f'<option value="0">{no}</option>' in body, body
            assert "=1" not in body and "1 yes" not in body, body
    # The choice is taken as the item's 1 or 0.
    filed = _as(c, center, "POST", f"/evaluation/{CENTER}/self-assessments",
                data={"period": "2024", "industry_research_base": "1"})
    assert filed.status_code == 303 and not form_error(filed), form_error(filed)
    page = _as(c, center, "GET", f"/evaluation/{CENTER}/self?period=2024").text
    row = re.search(r'<tr class="item" data-item="industry_research_base"[^>]*>(.*?)</tr>', page, re.S)
    assert row is not None and '<option value="1" selected>是</option>' in row.group(1), row
    assert figure("33.3333") == "33.33" and figure("4.33333") == "4.33" and figure("100") == "100"
    assert figure(None) is None and figure("0, 2, 1, 0, 0") == "0, 2, 1, 0, 0"
    assert yes_no(1.0, "en") == "yes" and yes_no(0.0, "zh") == "否"


def test_every_wrong_value_is_said_at_once_each_on_its_field(domain_client: TestClient, domain_world: World) -> None:
    """A new user's trial in Chromium (2026-11-29, shot 54): the scoresheet said a negative 论文数 but not 人员流动率
    150 sent with it; fixing one, the next submit refused the other. Every wrong value is said at once, each on its
    own field (the page's ``data-form-errors``, which ``ui_console.js`` marks), nothing stored; so is the provider's
    own form."""
    c = domain_client
    assoc, center = login(c, "coord-assoc"), login(c, "coord-center")
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024").text
    typed = _typed(page, _example())
    before = _runs(domain_world)
    for who, path, back in ((assoc, "rating-runs", "rate"), (center, "self-assessments", "self")):
        data = {**(typed if who == assoc else {}), "period": "2024", "papers": "-5", "staff_turnover": "150"}
        sent = _as(c, who, "POST", f"/evaluation/{CENTER}/{path}", data=data)
        assert sent.status_code == 303 and f"/{back}?" in sent.headers["location"], sent.headers
        said = form_error(sent)
        assert "发表论文数" in said and "人员流动率" in said, said
        for lang, papers, turnover in (("zh", "发表论文数", "人员流动率"),
                                       ("en", "papers published", "staff turnover")):
            shown = _as(c, who, "GET", f"{sent.headers['location']}&lang={lang}", after=sent).text
            marks = re.search(r"data-form-errors='([^']*)'", shown)
            assert marks is not None, lang
            fields = json.loads(unescape(marks.group(1)))
            assert [f for f, _ in fields] == ["papers", "staff_turnover"], fields
            assert papers in fields[0][1].lower() and turnover in fields[1][1].lower(), fields
            top = re.search(r'<p class="error" role="alert">(.*?)</p>', shown, re.S)
            assert top is not None and papers in top.group(1).lower() and turnover in top.group(1).lower(), top
    assert _runs(domain_world) == before
