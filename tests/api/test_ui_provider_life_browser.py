"""A provider's life over time, walked as a new user of each role (2026-11-28), in real headless Chromium, once: a
Shanghai quality inspection center's own coordinator applies (seed 002 二(二)1, the materials cited by the guidance's
title) and gives the one it lacked before the review; the association prepares each decision from the provider's
page and Shanghai's bureau takes it on /decisions — the review, the approval to build with the experts and their
opinion (seed 002 二(二)2), the provider's request for acceptance against its building deadline, the acceptance
(二(二)3) —; the demo center files its five-part yearly report on a phone (seed 002 四(一)) while the association's
periodic assessment offers it no form; the bureau suspends the new center, marked so in the catalog; the key pages
again in English. Each fault the walk found is asserted where a person sees it (docs/ui.md, "A provider's life
walked as a new user"). Screenshots ``life-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from authz.principal import Principal
from core import china_time
from core.db import session_scope
from flows import obligations as obligations_flow
from flows.announce import OUTBOX
from providers.guards import add_months
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
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
from tests.api.domainhelpers import under_shanghai_rules

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

SENSOR = "qic-sh-sensor"
APPLICANT, PASSWORD = "sensor-chen", "chuanganqi-zhongxin-2026"
SHANGHAI = "关于促进上海市产品质量检验检测中心建设的指导意见"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("life-home"))
    under_shanghai_rules(settings)  # the demo center (in Jiangsu) under Shanghai's rules, as the association chose
    with session_scope(settings) as session:  # the center's own account, before it is in the catalog
        org = auth.create_org(session=session, kind=OrgKind.center, name="上海市智能传感器产品质量检验中心",
                              center_id=SENSOR)
        auth.create_user(session=session, org_id=org.id, username=APPLICANT, password=PASSWORD,
                         role=Role.center_coordinator, display_name="陈主任")
        # the daily job (innodock inbox overdue): this year's calendar made (the demo center, under Shanghai's rules
        # here, owes last year's work report), what is due announced; and the periodic assessment, which the
        # association records (seed 002 四(二)), set for this year by hand
        today = china_time.today()
        obligations_flow.announce_due(session=session, today=today, outbox=OUTBOX)
        assoc = auth.find_user(session=session, username="demo-association")
        assert assoc is not None
        by = Principal(org_id=assoc.org_id, org_kind=OrgKind.association, org_name="演示协会", via="session",
                       role=Role.association_coordinator, user_id=assoc.id, username=assoc.username)
        obligations_flow.create(session=session, principal=by, center_id="qic-js-battery", kind="evaluation",
                                period=str(today.year), due_on=date(today.year, 12, 31), today=today, outbox=OUTBOX,
                                title=f"定期评估考核（{today.year}）/ periodic assessment ({today.year})",
                                clause="seed 002 四(二) (three years: our reading)")
    with serve(settings, {**passwords, APPLICANT: PASSWORD}) as server:
        yield server


def _submit(page: Page, button: str, scope: str = "main") -> None:
    with page.expect_navigation():
        page.locator(scope).get_by_role("button", name=button).first.click()


def _accept(dialog: Dialog) -> None:
    dialog.accept()


def _prepare(assoc: Page, step: str, grounds: str) -> None:
    """The association follows the step's link on the provider's page to /decisions, where the form has the provider
    and the decision chosen (it opened on the list's first provider), and sends it."""
    go(assoc, f"/providers/{SENSOR}")
    assoc.locator(f"#given-away [data-given={step}] a").click()
    form = assoc.locator("#prepare-form")
    expect(form.locator("select[name=center_id]")).to_have_value(SENSOR)
    expect(form.locator("select[name=transition]")).to_have_value(step)
    form.locator("textarea[name=grounds]").fill(grounds)
    _submit(assoc, "提交主管部门", "#prepare-form")
    expect(assoc.locator(f"#waiting-decisions div.proposal[data-transition={step}]")).to_be_visible()


def _take(bureau: Page, step: str, document: str, *, experts: bool = False, section: str = "二(二)") -> None:
    go(bureau, "/decisions")
    card = bureau.locator(f"div.proposal[data-center={SENSOR}][data-transition={step}]")
    see(card, f"《{SHANGHAI}》{section}")  # the clause by the guidance's title
    card.locator("input[name=decision_document]").fill(document)
    if experts:  # seed 002 二(二)2–3: the experts and their opinion, which /decisions never asked for
        card.locator("input[name=experts]").fill("王教授（同济大学），李高工（上海市计量测试技术研究院）")
        card.locator("textarea[name=opinion]").fill("条件具备，同意")
    _submit(bureau, "作出决定", f"div.proposal[data-transition={step}]")
    expect(bureau.locator("p.error")).to_have_count(0)
    expect(bureau.locator("#decided-decisions li[data-status=accepted]").first).to_be_visible()


def _one_a_line(scope: Locator, names: list[str], *, name_beside: bool) -> None:
    """A filed report's parts, one a line in order, each named: its name beside its text (a desktop) or above it."""
    parts = scope.locator("dl.filing-parts > div")
    expect(parts).to_have_count(len(names))
    expect(scope.locator("dl.filing-parts dt")).to_have_text(names)
    last = -1.0
    for i in range(len(names)):
        name, text = parts.nth(i).locator("dt").bounding_box(), parts.nth(i).locator("dd").bounding_box()
        assert name is not None and text is not None
        assert name["y"] > last, (i, name, last)  # below the part before
        if name_beside:
            assert abs(text["y"] - name["y"]) < 4 and text["x"] > name["x"] + name["width"], (name, text)
        else:
            assert text["y"] >= name["y"] + name["height"] - 1, (name, text)
        last = max(name["y"] + name["height"], text["y"] + text["height"]) - 1


def test_a_provider_from_its_application_to_its_suspension(people: People) -> None:
    today = china_time.today()
    # 1. The center applies: its materials cited by the guidance's title, never "seed 002".
    applicant = people.login(APPLICANT)
    go(applicant, "/providers")
    see(applicant.locator("#not-applied"), "本机构尚未提交申请")  # it said "没有符合条件的机构。"
    applicant.locator("#not-applied a").click()
    choose = applicant.locator("#apply-choose")
    choose.locator("select[name=kind]").select_option("quality_inspection_center")
    choose.locator("input[name=region]").fill("上海市浦东新区")
    _submit(applicant, "下一步", "#apply-choose")
    form = applicant.locator("#apply-form")
    see(form.locator("div.material[data-material=written_application]"), f"依据：《{SHANGHAI}》二(二)1")
    dont_see(form, "seed 0")
    form.locator("input[name=name]").fill("上海市智能传感器产品质量检验中心")
    form.locator("input[name=industries]").fill("智能传感器；物联网")
    form.locator("input[name=file_written_application]").set_input_files(
        {"name": "书面申请.pdf", "mimeType": "application/pdf", "buffer": PDF})
    for key, note in (("preliminary_review", "浦东新区市场监管局初审意见 浦市监〔2026〕12号"),
                      ("recommendation", "浦东新区人民政府推荐函"), ("construction_plan", "中心建设规划（附件二）")):
        form.locator(f"input[name=note_{key}]").fill(note)
    shot(applicant, "life-01-application-form")
    _submit(applicant, "提交申请", "#apply-form")
    applicant.wait_for_url(f"**/providers/{SENSOR}/application")
    # One material was not ready: the page says so and takes it before the review (nothing did: the review could
    # never start, "申请材料不全").
    see(applicant.locator("#application-missing"), "政府部门支持")
    shot(applicant, "life-02-application-lacks-a-material")
    complete = applicant.locator("#complete-form")
    complete.locator("input[name=file_government_support]").set_input_files(
        {"name": "政府支持函.pdf", "mimeType": "application/pdf", "buffer": PDF})
    complete.locator("input[name=note_government_support]").fill("浦府〔2026〕7号 土地与资金支持")
    _submit(applicant, "提交补充材料", "#complete-form")
    expect(applicant.locator("#application-missing")).to_have_count(0)
    see(applicant.locator("ul.application-given li[data-material=preliminary_review]"), "浦市监〔2026〕12号")
    expect(applicant.locator("ul.application-files a", has_text="政府支持函.pdf")).to_be_visible()

    # 2. The review, then the approval to build, each prepared by the association and taken by the bureau.
    assoc = people.login("demo-association")
    assoc.on("dialog", _accept)
    bureau = people.login("demo-bureau")
    bureau.on("dialog", _accept)
    _prepare(assoc, "start_review", "申请材料齐全，请予受理并组织专家审查论证")
    _take(bureau, "start_review", "沪市监质〔2026〕88号")
    _prepare(assoc, "approve_build", "专家审查论证通过，建议批准筹建")
    # On the provider's page the association reads it as the bureau's to take: no "同意并执行" it may not use
    # (it offered one, "来源：其他", refused on sending), only its withdrawal.
    go(assoc, f"/providers/{SENSOR}")
    waiting = assoc.locator("#proposals div.proposal[data-transition=approve_build]")
    see(waiting, "已提交市市场监督管理局，等待其决定")
    see(waiting, "来源：协会提交主管部门的事项")  # it said "来源：其他"
    expect(waiting.locator("button[value=true]")).to_have_count(0)
    expect(waiting.get_by_role("button", name="撤回")).to_have_count(1)
    go(bureau, "/decisions")
    shot(bureau, "life-03-bureau-approves-with-experts")
    # The bureau reads what was filed before it approves (it decided without the documents): the card links it.
    bureau.locator(f"div.proposal[data-center={SENSOR}] a.application-page", has_text="查看申报材料").click()
    bureau.wait_for_url(f"**/providers/{SENSOR}/application")
    see(bureau.locator("ul.application-given li[data-material=preliminary_review]"), "浦市监〔2026〕12号")
    expect(bureau.locator("ul.application-files a", has_text="政府支持函.pdf")).to_be_visible()
    expect(bureau.locator("#complete-form")).to_have_count(0)
    _take(bureau, "approve_build", "沪市监质〔2026〕95号", experts=True)

    # 3. The center, building, reads its deadline for what it is, and asks for acceptance.
    go(applicant, f"/providers/{SENSOR}")
    see(applicant.locator("#build-deadline"), f"筹建期限（届满前完成筹建并申请验收）：{add_months(today, 12)}")
    approved = applicant.locator("table.history tr[data-transition=approve_build]")
    see(approved, "沪市监质〔2026〕95号")
    see(approved, "评审专家：王教授（同济大学）、李高工（上海市计量测试技术研究院）")  # kept, and now shown
    see(approved, "评审意见：条件具备，同意")
    dont_see(approved, "批准筹建 → 批准筹建")  # the step and the stage it led to, said once when alike
    applicant.locator("#acceptance-form textarea[name=summary]").fill("实验室建成，CMA 资质已取得，人员到位")
    _submit(applicant, "申请验收", "#acceptance-form")
    see(applicant.locator(".lifecycle-state"), "验收")
    _prepare(assoc, "pass_acceptance", "验收专家组现场验收通过")
    _take(bureau, "pass_acceptance", "沪市监质〔2026〕101号", experts=True)
    go(applicant, f"/providers/{SENSOR}")
    see(applicant.locator(".lifecycle-state"), "运行")

    # 4. The demo center's year, on a phone: last year's work report, its five parts (seed 002 四(一)) cited in
    # Chinese words, refused without one of them and filed; the periodic assessment is the association's, so the
    # center is offered no form for it.
    center = people.login("demo-center", viewport=PHONE)
    go(center, "/inbox")
    see(center.locator("main").get_by_text("履职事项已逾期").first, f"年度工作报告（{today.year - 1}）")
    dont_see(center.locator("main"), "annual work report")
    go(center, "/providers/qic-js-battery")
    # What waits is said at the top, linked: on a phone the obligations came after every finding (8 screens down
    # on the played year's center, the overdue ones last).
    summary = center.locator("#todo-summary")
    see(summary, "履职事项 2 项未完成（1 项已逾期）")
    summary.get_by_role("link").first.click()
    expect(center.locator("h2#obligations")).to_be_in_viewport()
    row = f"tr.obligation[data-kind=annual_report][data-period='{today.year - 1}']"
    report = center.locator(row)
    see(report, f"《{SHANGHAI}》四(一)（本项目的解读）")
    dont_see(report, "our reading")
    assessment = center.locator(f"tr.obligation[data-kind=evaluation][data-period='{today.year}']")
    see(assessment, f"《{SHANGHAI}》四(二)（本项目的解读）")
    expect(assessment.locator("form")).to_have_count(0)
    assert sideways(center) <= 1
    # On a phone each obligation and each step of the history reads as a card the screen's width: the tables'
    # columns squeezed the filing form to 170 px and the history's steps to a character a line.
    for cell in (report.locator("td").first, center.locator("table.history tr[data-transition] td").nth(1)):
        box = cell.bounding_box()
        assert box is not None and box["width"] > 300, box
    parts = report.locator("textarea")
    expect(parts).to_have_count(5)
    for i in range(4):
        parts.nth(i).fill(f"第 {i + 1} 部分：全年情况")
    report.locator("textarea").last.evaluate("e => e.removeAttribute('required')")  # sent without the last part
    _submit(center, "报送", row)
    see(center.locator("[role=alert]").first, "社会责任履行情况")
    parts = center.locator(row).locator("textarea")
    expect(parts.first).to_have_value("第 1 部分：全年情况")  # what was typed is kept
    parts.last.fill("参与标准宣贯 6 次，开放实验室 2 次")
    _submit(center, "报送", row)
    see(center.locator(row), "开放实验室 2 次")
    see(center.locator("[role=status]").first, "已报送，协会审核评分后会通知贵方")  # it said "已办理" only
    shot(center, "life-04-center-files-on-a-phone")
    # Filed, each of the five parts stands on its own line, its name above its text on the phone (they ran together
    # in one paragraph: "能力保持情况：第 1 部分…管理运行情况：…").
    five = ["能力保持情况", "管理运行情况", "业务开展情况", "科研创新情况", "社会责任履行情况"]
    _one_a_line(center.locator(row), five, name_beside=False)

    # 5. The bureau suspends the new center: its page and its card in the catalog say so.
    _prepare(assoc, "suspend", "连续两次未按期报送年度工作报告，暂停其服务")
    _take(bureau, "suspend", "沪市监质〔2026〕120号", section="四(二)")
    go(assoc, f"/providers/{SENSOR}")
    see(assoc.locator(".lifecycle-state"), "暂停")
    go(assoc, "/")  # the public catalog marks it
    see(assoc.locator("li", has=assoc.locator(f"a[href='/centers/{SENSOR}']")), "暂停")
    go(assoc, f"/centers/{SENSOR}")
    dont_see(assoc.locator("main"), "种子文件")  # the project's word for its sources, not the reader's

    # 6. In English: the bureau's decisions and the center's obligations say their clauses in English words.
    english = people.login("demo-bureau", lang="en")
    go(english, "/decisions")
    see(english.locator("#decided-decisions"), "suspend")
    phone = people.login("demo-center", viewport=PHONE, lang="en")
    go(phone, "/providers/qic-js-battery")
    clause = phone.locator(f"tr.obligation[data-kind=evaluation][data-period='{today.year}'] td.small")
    expect(clause).to_have_text("Guidance on building Shanghai's product-quality inspection and testing centers, "
                                "section 4(2) (our reading)")
    english_parts = ["capability maintained", "management and operation", "business carried out",
                     "research and innovation", "social responsibility"]
    _one_a_line(phone.locator(row), english_parts, name_beside=False)
    desktop = people.login("demo-center", lang="en")
    go(desktop, "/providers/qic-js-battery")
    _one_a_line(desktop.locator(row), english_parts, name_beside=True)
    shot(desktop, "life-06-center-filed-report-en-desktop")
    go(phone, "/inbox")
    see(phone.locator("main"), f"Your filing (annual work report ({today.year - 1})) was received")
    dont_see(phone.locator("main"), "年度工作报告")
    assert sideways(phone) <= 1
    shot(phone, "life-05-center-inbox-en-phone")
