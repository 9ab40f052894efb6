"""Applying in the UI with documents (issue 29, item 6), in real headless Chromium: a station's own coordinator opens
the application form from the providers' list, chooses the kind and the province, fills the form for the Guangdong
station profile and attaches a document; the plaque's name is refused with its clause (back to the form, the field
marked, what was typed kept, nothing written); corrected, the application goes through and its page shows each rule
with its clause, the head certificate's renewal due date and the document. Screenshots ``apply-…``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from core import china_time
from core.db import session_scope
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    REPO,
    LiveServer,
    People,
    dont_see,
    go,
    see,
    seed_world,
    serve,
    shot,
    sideways,
)

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

STATION = "gd-station-sg"
APPLICANT = "applicant-sg"
PASSWORD = "shaoguan-zhan-2026"
AXE_JS = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
BROKEN_CHROME = re.compile(r"<built-in|\{\{|\}\}|\bNone\b|\bundefined\b|\[object ")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _sound(page: Page) -> None:
    """axe-core finds nothing serious, nothing the template failed to fill, no sideways scroll."""
    page.add_script_tag(path=str(AXE_JS))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    assert found == [], found
    assert not BROKEN_CHROME.findall(page.locator("body").inner_text())
    assert sideways(page) <= 1


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("apply-home"))
    with session_scope(settings) as session:  # the station's own account, before its station is in the catalog
        org = auth.create_org(session=session, kind=OrgKind.center, name="韶关科技服务站", center_id=STATION)
        auth.create_user(session=session, org_id=org.id, username=APPLICANT, password=PASSWORD,
                         role=Role.center_coordinator, display_name="韶关站联络员")
    with serve(settings, {**passwords, APPLICANT: PASSWORD}) as server:
        yield server


def test_a_station_applies_with_a_document_after_a_rule_refusal(people: People) -> None:
    page = people.login(APPLICANT)
    go(page, "/providers")
    page.locator("#apply-link").click()
    page.wait_for_url("**/providers/apply")
    choose = page.locator("#apply-choose")
    choose.locator("select[name=kind]").select_option("service_station")
    choose.locator("input[name=region]").fill("广东省韶关市")
    with page.expect_navigation():
        choose.get_by_role("button", name="下一步").click()
    see(page.locator("#apply-profile"), "广东省质量发展促进会科技服务站")
    rules = page.locator("ul.apply-rules")
    see(rules.locator("li[data-rule=plaque_name]"), "第六条")  # each rule with its clause, by the document's title
    see(rules.locator("li[data-rule=head_certificate]"), "第十七条")

    form = page.locator("#apply-form")
    until = (china_time.today() + timedelta(days=700)).isoformat()
    form.locator("input[name=name]").fill("韶关科技服务站")
    form.locator("input[name=industries]").fill("钨与稀土；有色金属")
    form.locator("input[name=contact_name]").fill("韶关站联络员")
    form.locator("input[name=head_name]").fill("林站长")
    form.locator("input[name=post]").fill("质量部部长")
    form.locator("input[name=middle_management]").check()
    form.locator("input[name=years_quality]").fill("8")
    form.locator("input[name=certificate]").fill("GDQA-ZZ-2026-017")
    form.locator("input[name=certificate_valid_until]").fill(until)
    form.locator("input[name=plaque_name]").fill("韶关质量科技服务站")
    document = {"name": "科技服务站申请表.pdf", "mimeType": "application/pdf", "buffer": PDF}
    form.locator("input[name=file_application_form]").set_input_files(document)
    form.locator("input[name=note_team_list]").fill("专职 1 名、兼职 2 名、专家 12 名")
    _sound(page)
    shot(page, "apply-00-form-filled")
    with page.expect_navigation():
        form.get_by_role("button", name="提交申请").click()

    # Refused: back to the form, the plaque's field marked with the rule and its clause, what was typed kept.
    error = page.locator("#apply-error")
    see(error, "牌匾名称")
    see(error, "《广东省质量发展促进会科技服务站管理办法》第六条(四)")
    dont_see(error, "plaque")  # the page's language only
    plaque = page.locator("#apply-form input[name=plaque_name]")
    expect(plaque).to_have_attribute("aria-invalid", "true")
    expect(plaque).to_have_value("韶关质量科技服务站")
    expect(page.locator("#apply-form input[name=head_name]")).to_have_value("林站长")
    shot(page, "apply-01-plaque-refused")
    look = page.context.new_page()  # nothing was written (another tab: this one keeps the form as it is)
    look.goto(page.url.split("/providers/", 1)[0] + f"/providers/{STATION}/application")
    see(look.locator("main"), "页面不存在")
    look.close()

    form = page.locator("#apply-form")
    form.locator("input[name=plaque_name]").fill("广东省质量发展促进会（韶关）科技服务站")
    form.locator("input[name=file_application_form]").set_input_files(document)  # a file is never kept: again
    with page.expect_navigation():
        form.get_by_role("button", name="提交申请").click()
    page.wait_for_url(f"**/providers/{STATION}/application")
    see(page.locator("p.notice, .toast, [role=status]").first, "申请已提交")
    see(page.locator("#application-state"), "申请")
    rows = page.locator("table.application-checks")
    plaque_row = rows.locator("tr[data-rule=plaque_name]")
    expect(plaque_row).to_have_attribute("data-verdict", "met")
    see(plaque_row, "第六条")
    head_row = rows.locator("tr[data-rule=head_certificate]")
    see(head_row, until)  # the renewal reminder's due date
    see(page.locator("#application-plaque"), "广东省质量发展促进会（韶关）科技服务站")
    link = page.locator("ul.application-files a", has_text="科技服务站申请表.pdf")
    expect(link).to_be_visible()
    # A 77-byte document's size in bytes, as the engagement page says its files' (it was "0.1 KB"; "0.0 KB" below 52)
    expect(page.locator("ul.application-files .file-size")).to_have_text(f"{len(PDF)} 字节")
    with page.expect_download() as got:
        link.click()
    assert got.value.suggested_filename == "科技服务站申请表.pdf"
    _sound(page)
    shot(page, "apply-02-application-filed")

    # The association reviewing the application finds it from the provider's page, with its document.
    assoc = people.login("demo-association")
    go(assoc, f"/providers/{STATION}")
    assoc.locator("#application-link").click()
    assoc.wait_for_url(f"**/providers/{STATION}/application")
    expect(assoc.locator("ul.application-files a", has_text="科技服务站申请表.pdf")).to_be_visible()
    see(assoc.locator("#application-missing"), "站长人选")  # what is still missing before the review


def test_the_application_form_in_english_on_a_phone(people: People) -> None:
    page = people.login("demo-association", viewport=PHONE, lang="en")
    go(page, "/providers/apply?kind=quality_inspection_center&region=江苏省常州市")
    see(page.locator("#apply-profile"), "Jiangsu provincial quality inspection center (Specification for technical "
                                        "innovation services of provincial product-quality inspection centers)")
    see(page.locator("ul.apply-rules li[data-rule=investment_ratio]"), "should")
    expect(page.locator("#apply-form input[name=equipment_investment]")).to_be_visible()
    expect(page.locator("#apply-form input[name=id]")).to_be_visible()  # the association names the applicant
    _sound(page)
    shot(page, "apply-03-form-en-phone")


def test_every_pattern_of_the_pages_is_one_the_browser_applies(people: People) -> None:
    # The association's day walked on 2026-11-29: "常州检测中心" typed as the applicant's 机构编号 went through the
    # browser unchecked. Chromium compiles a pattern with the 'v' flag, where the unescaped '-' of
    # "[A-Za-z0-9._-]" is an error: the browser drops the pattern (its console says so) and checks nothing. Every
    # pattern of the templates must compile as the browser does, and the id field must refuse what it says it does.
    page = people.login("demo-association")
    go(page, "/providers/apply?kind=quality_inspection_center&region=江苏省常州市")
    patterns = sorted({p for path in (REPO / "api" / "templates").glob("*.html")
                       for p in re.findall(r'pattern="([^"]*)"', path.read_text(encoding="utf-8"))})
    assert patterns
    broken = page.evaluate("""ps => ps.filter(p => { try { new RegExp('^(?:' + p + ')$', 'v'); return false; }
                                                  catch (e) { return true; } })""", patterns)
    assert broken == []
    field = page.locator("#apply-form input[name=id]")
    field.fill("常州检测中心")
    assert field.evaluate("e => e.validity.patternMismatch")
    field.fill("qic-js-changzhou.2")
    assert not field.evaluate("e => e.validity.patternMismatch")


def test_an_applications_figures_are_read_as_people_type_them(people: People) -> None:
    # The association's day walked on 2026-11-29: "一百二十" typed as the equipment investment (万元) was refused as
    # "请填写上一年度新增检验检测装备载体投资…", as though nothing had been typed. The page reads the figures with the
    # forms' number reader, as a filing's score; one it cannot read is named with what was typed, the rest kept.
    page = people.login("demo-association")
    go(page, "/providers/apply?kind=quality_inspection_center&region=江苏省常州市")
    form = page.locator("#apply-form")
    form.locator("input[name=id]").fill("qic-js-changzhou-walk")
    form.locator("input[name=name]").fill("常州市示例产品质量检验中心（演示）")
    form.locator("input[name=equipment_investment]").fill("一百二十多万")
    form.locator("input[name=testing_revenue]").fill("一千")
    with page.expect_navigation():
        form.get_by_role("button", name="提交申请").click()
    see(page.locator("#apply-error"), "“一百二十多万”应为")  # what was typed, and what is wanted
    expect(page.locator("#apply-form input[name=equipment_investment]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#apply-form input[name=testing_revenue]")).to_have_value("一千")
    form = page.locator("#apply-form")
    form.locator("input[name=equipment_investment]").fill("一百二十")
    with page.expect_navigation():
        form.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/providers/qic-js-changzhou-walk/application")
    see(page.locator("table.application-checks tr[data-rule=investment_ratio]"), "新增投资 120 万元")
