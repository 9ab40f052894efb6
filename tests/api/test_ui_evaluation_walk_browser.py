"""The service-quality evaluation walked as a new user (docs/ui.md, "The evaluation walked as a new user
(2026-11-28)"), in real headless Chromium: each fault the walk found, checked where a person meets it, each failing
before its fix.

1. A rating made on the form had a report of "未提供": objective, content and method, people, experts, guidance,
   date, conclusion and recommendations (seed 001 §5.2.9) could only come from a JSON file. The form now has them;
   the date is the day of the run unless an earlier day of the period is given, and a date after today is refused
   beside its field, what was typed kept.
2. A period to come ("2027" in 2026) opened the form and could be rated: the rating of a year not begun stood as
   the provider's rating. The form refuses it and shows this year's.
3. On a 390 px phone the form's value column was off the screen (six columns scrolling inside their region).
4. The clients' votes recorded for a five-grade item read "0, 0, 1, 0, 0", with no grade named.
5. The evaluation page did not say what the rating left to improve, nor lead to where the loop is run; a
   finding's card did not lead to the items that pulled its indicator down (the run's report).
6. A self-assessment in the runs' history read "机构自评 机构自评".
7. The rating form said "机构自评（第 12 号记录）": the run's number, not when the provider filed it.
8. A corrective action planned again lost the earlier plan's words: the card's history said only "确定整改措施"
   twice.

The report's first-level weights are checked against AHPy on the hierarchy's own matrix, and its total against
T = Σ T_k·S_k. Screenshots ``evalwalk-…`` in test-artifacts/ui/."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import ahpy
import pytest
from playwright.sync_api import Page, expect

from core import china_time
from core.settings import Settings
from evaluation.hierarchy import load_hierarchy
from tests.api.browserhelpers import (
    ARTIFACTS,
    BROWSER_MARKS,
    EXAMPLES,
    PHONE,
    TO_ACCEPTED,
    LiveServer,
    People,
    dont_see,
    engagement_through,
    go,
    see,
    seed_world,
    serve,
    shot,
    sideways,
)

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
STATE: dict[str, Any] = {}
WEAK = ("promo_materials", "promo_channels", "info_release_frequency", "offline_events")  # 宣传推广 at 0: a finding


def _accepted(settings: Settings) -> str:
    return engagement_through(settings, CENTER, TO_ACCEPTED)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("evalwalk-home"))
    STATE["engagement"] = _accepted(settings)
    with serve(settings, passwords) as server:
        yield server


def _example() -> dict[str, Any]:
    return dict(json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))["values"])


def _view(page: Page, name: str) -> None:
    """A screenshot of what the screen shows now (``shot`` scrolls to the top first)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _pdf_fonts(pdf: bytes) -> bytes:
    """The PDF's streams, inflated (WeasyPrint keeps its font descriptors in compressed object streams)."""
    out = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(out)


def _send(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"#{form} button[type=submit]").click()


def _fill(page: Page, values: dict[str, Any]) -> list[str]:
    """Every asked item of the rating form from ``values`` (the five-grade ones count by count); the names."""
    form = page.locator("#rating-form")
    names = list(dict.fromkeys(form.locator("tr.item input, tr.item select").evaluate_all(
        "els => els.map(e => e.name)")))
    for name in names:
        value = 0 if name in WEAK else values[name]
        if isinstance(value, list):
            fields = form.locator(f"[name={name}]")
            for k, count in enumerate(value):
                fields.nth(k).fill(f"{count:g}")
        elif form.locator(f"select[name={name}]").count():  # a yes/no item: a choice of 1 or 0
            form.locator(f"select[name={name}]").select_option(f"{value:g}")
        else:
            form.locator(f"[name={name}]").fill(f"{value:g}")
    return names


def test_the_association_rates_on_the_form_and_reads_a_whole_report(people: People) -> None:
    today = china_time.today()
    # The client answers its questionnaire after acceptance: the next rating's record (the walk's third part).
    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{STATE['engagement']}")
    questionnaire = ent.locator("#questionnaire-form")
    questionnaire.locator("input[name=q_equipment_adequacy][value='5']").check()
    questionnaire.locator("input[name=q_value_for_money][value='4']").check()
    ent.once("dialog", lambda dialog: dialog.accept())  # the questions left "不适用" are asked about first
    _send(ent, "questionnaire-form")

    assoc = people.login("demo-association")
    go(assoc, f"/providers/{CENTER}")
    with assoc.expect_navigation():
        assoc.click("#evaluation-link")
    # 2. A period to come is refused, and the form is this year's.
    go(assoc, f"/evaluation/{CENTER}/rate?period={today.year + 1}&party=third")
    see(assoc.locator("p.error"), f"评价期 {today.year + 1} 尚未开始")
    expect(assoc.locator("#choose-period input[name=period]")).to_have_value(str(today.year))
    shot(assoc, "evalwalk-01-future-period", full_page=False)
    # 4. The clients' votes are said with their grades.
    votes = assoc.locator("tr[data-item=equipment_adequacy] .votes-recorded")
    expect(votes).to_have_text("很满意 1、满意 0、一般 0、不满意 0、很不满意 0")
    example = _example()
    asked = _fill(assoc, example)
    # a third party names its evaluator (seed 001 §5.2.7, evaluation.independence)
    assoc.locator("#rating-form [name=evaluator_name]").fill("江苏省质量评价研究院")
    assoc.locator("#rating-form [name=industry_leadership]").fill("")
    report = assoc.locator("#report-fields")
    expect(report.locator("[name='evaluation_date']")).to_have_value(today.isoformat())
    report.locator("[name='objective']").fill("评价该中心 2026 年度服务质量，作为年度考核依据。")
    report.locator("[name='experts']").fill("王芳，某大学材料学院，教授\n赵强，省计量院，正高级工程师")
    report.locator("[name='evaluated_people']").fill("陈立新，中心主任，研究员")
    report.locator("[name='expert_opinions']").fill("加强宣传推广渠道建设。")
    report.locator("[name='recommendations']").fill("建立宣传推广年度计划\n按季度统计服务成效")
    # 1. A date after today: refused beside the field, what was typed kept.
    report.locator("[name='evaluation_date']").fill((today + timedelta(days=10)).isoformat())
    _send(assoc, "rating-form")
    date_field = assoc.locator("#rating-form [name='evaluation_date']")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    see(assoc.locator("#rating-form .field-error"), "晚于今天")
    expect(assoc.locator("#rating-form [name='objective']")).to_have_value(re.compile("年度考核依据"))
    expect(assoc.locator("#rating-form [name=papers]")).to_have_value(f"{example['papers']:g}")
    date_field.scroll_into_view_if_needed()
    _view(assoc, "evalwalk-02-date-in-the-future")
    # Corrected; the item left out is refused next, the report's words still kept.
    date_field.fill(today.isoformat())
    _send(assoc, "rating-form")
    see(assoc.locator("#rating-form .field-error"), "尚缺 1 项")
    expect(assoc.locator("#rating-form [name='experts']")).to_have_value(re.compile("赵强"))
    assoc.locator("#rating-form [name=industry_leadership]").fill("70")
    _send(assoc, "rating-form")
    assert assoc.url.endswith(f"/evaluation/{CENTER}"), assoc.url
    expect(assoc.locator("#rating .stars")).to_be_visible()
    assert len(asked) > 30
    # 5. What the rating left to improve, and the way to the loop.
    see(assoc.locator("#to-improve"), "宣传推广")
    expect(assoc.locator("#to-findings")).to_have_attribute("href", f"/providers/{CENTER}#findings")
    shot(assoc, "evalwalk-03-rated")

    run = assoc.locator("table#runs tr.run").first.get_attribute("data-run")
    # 5. The finding leads to the items that pulled its indicator down: the run's report.
    go(assoc, f"/providers/{CENTER}")
    card = assoc.locator(".card.finding", has_text="宣传推广").first
    expect(card.locator("a.finding-report")).to_have_attribute("href", f"/evaluation/runs/{run}/report")
    # 8. An action planned again keeps the earlier plan's words in the card's history.
    center = people.login("demo-center")
    go(center, f"/providers/{CENTER}")
    finding = center.locator(".card.finding", has_text="宣传推广").first.get_attribute("data-finding")
    for action in ("编制宣传资料三种", "开通公众号并每月发布"):
        card = center.locator(f".card.finding[data-finding='{finding}']")
        card.locator("summary", has_text="确定整改措施").click()
        plan = card.locator("form.finding-plan")
        plan.locator("textarea[name=action]").fill(action)
        plan.locator("input[name=owner]").fill("办公室主任")
        plan.locator("input[name=due_on]").fill((today + timedelta(days=60)).isoformat())
        with center.expect_navigation():
            plan.locator("button[type=submit]").click()
    card = center.locator(f".card.finding[data-finding='{finding}']")
    see(card.locator(".finding-events"), "编制宣传资料三种")
    dont_see(card.locator(".finding-events"), "开通公众号并每月发布")  # the current plan is the line above
    go(assoc, f"/evaluation/runs/{run}/report")
    body = assoc.locator("body")
    for said in ("年度考核依据", "王芳", "赵强", "陈立新", "加强宣传推广渠道建设", "建立宣传推广年度计划",
                 today.isoformat()):
        see(body, said)
    date_section = assoc.locator("h2", has_text="六、评价时间").locator("xpath=following-sibling::p[1]")
    expect(date_section).not_to_contain_text("未提供")
    shot(assoc, "evalwalk-04-report")
    # The numbers: the first-level weights are AHPy's on the hierarchy's matrix, the total is Σ T_k·S_k.
    heading = assoc.locator("th", has_text=re.compile("^一级指标$"))
    rows = assoc.locator("table", has=heading).locator("tr").all_inner_texts()
    first = [r.split("\t") for r in rows[1:5]]
    h = load_hierarchy()
    assert h.ahp is not None
    keys = [d.symbol for d in h.dimensions]
    oracle = ahpy.Compare("first-level", {(keys[i], keys[j]): float(h.ahp.matrix[i][j]) for i in range(4)
                                          for j in range(i + 1, 4)}, precision=10)
    weights = {cells[0].split()[0]: float(cells[1]) for cells in first}
    scores = {cells[0].split()[0]: float(cells[2]) for cells in first}
    for k in keys:
        assert weights[k] == pytest.approx(oracle.local_weights[k], abs=5e-5), k
    total = float(rows[5].split("\t")[2])
    assert total == pytest.approx(sum(oracle.local_weights[k] * scores[k] for k in keys), abs=0.011)
    # The PDF: its Chinese in a CJK font.
    with assoc.expect_download() as download:
        assoc.evaluate(f"() => {{ const a = document.createElement('a'); "
                       f"a.href = '/evaluation/runs/{run}/report?format=pdf'; document.body.appendChild(a); "
                       f"a.click(); }}")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and re.search(rb"/[A-Z]{6}\+Noto-Sans-CJK", _pdf_fonts(pdf))


def test_the_center_files_its_self_assessment_and_its_history_says_it_once(people: People) -> None:
    center = people.login("demo-center")
    go(center, f"/evaluation/{CENTER}/self?period={china_time.today().year}")
    center.locator("#self-form [name=papers]").fill("15")
    _send(center, "self-form")
    row = center.locator("table#runs tr.run[data-party=self]").first
    expect(row.locator("td").nth(2)).to_have_text("机构自评")
    shot(center, "evalwalk-05-self-history")
    # 7. The rating form says when the provider's values were filed, not the run's number.
    assoc = people.login("demo-association")
    go(assoc, f"/evaluation/{CENTER}/rate?period={china_time.today().year}")
    see(assoc.locator("#self-from"), re.compile(r"本表的机构自评值取自其 \d{4}-\d\d-\d\d \d\d:\d\d 提交的自评"))
    dont_see(assoc.locator("#missing"), "号记录")


def test_the_rating_form_fits_a_phone(people: People) -> None:
    phone = people.login("demo-association", viewport=PHONE)
    go(phone, f"/evaluation/{CENTER}/rate?period={china_time.today().year}")
    field = phone.locator("#rating-form tr[data-item=service_scope] input")
    box = field.bounding_box()  # where it lies before anything is scrolled sideways
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    region = phone.locator("#rating-form .table-wrap")
    assert region.evaluate("el => el.scrollWidth - el.clientWidth") <= 0  # nothing hidden to the side
    field.scroll_into_view_if_needed()
    unit = phone.locator("tr[data-item=service_scope] td[data-label]").first
    assert unit.evaluate("td => getComputedStyle(td, '::before').content") == '"单位："'  # each value named
    assert sideways(phone) <= 0
    field.fill("120")
    _view(phone, "evalwalk-06-phone-form")


def test_the_runs_history_reads_on_a_phone(people: People) -> None:
    # The association's day walked on 2026-11-29: at 390 px the runs' seven columns squeezed "第二方测评" into a
    # column one character wide (a word a line) under a header broken the same way. Each run is now a block, each
    # value named, as the rating form's items are.
    phone = people.login("demo-association", viewport=PHONE)
    go(phone, f"/evaluation/{CENTER}")
    run = phone.locator("table#runs tr.run").first
    party = run.locator("td.run-party")
    party.scroll_into_view_if_needed()
    assert party.evaluate("td => getComputedStyle(td, '::before').content") == '"评价主体："'
    box = party.bounding_box()
    assert box is not None and box["width"] >= 200, box  # the party's name on one line, not a letter a line
    region = phone.locator("table#runs").locator("xpath=..")
    assert region.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert sideways(phone) <= 0
    _view(phone, "evalwalk-07-phone-runs")
