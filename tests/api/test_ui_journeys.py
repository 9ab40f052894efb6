"""Issue 12's "done when", in real headless Chromium: an enterprise, an association coordinator and a center
coordinator, each in a browser context of their own, take one engagement from the chat to closure in the pages alone
— no API call and no database write after the fixture's set-up — and a second need is re-docked after its first
center pulls out. Every step leaves a screenshot in test-artifacts/ui/ named ``journey-…`` or ``redock-…``.

Each person finds their next step where a person would: in their inbox, whose notice opens the page of that step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from core import china_time
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    SECOND_CENTER_USER,
    People,
    dont_see,
    go,
    need_field,
    say,
    see,
    shot,
)

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

ENTERPRISE = "常州示例新能源材料有限公司（演示）"
CENTER = "江苏省动力电池产品质量检验中心"
SECOND_CENTER = "广东省新能源电池检测公共服务平台"
SECRET = "KX-7740"  # the cell's model: a confidential detail the center sees only under a confidentiality agreement
NEED = f"我们是常州一家动力电池企业，新款电芯型号{SECRET}需要做针刺热失控试验，要求出具CMA检测报告。技术资料请勿公开。"
ANSWER = "预算5万元，希望12月底前完成"
SPEC_NAME = "电芯规格书.txt"
SPEC = "方形铝壳电芯\n标称容量 100Ah\n标称电压 3.2V\n样品可提供 20 只\n".encode()
REPORT_NAME = "热失控试验报告.pdf"
REPORT = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


# ---- what a person does, in the page's own words -------------------------------------------------------------


def open_notice(page: Page, title: str | re.Pattern[str], *, shot_as: str | None = None) -> None:
    """Go to the inbox, see the newest unread notice with this title and open it (it leads to its page)."""
    go(page, "/inbox")
    notice = page.locator("li.notice.unread", has=page.get_by_role("button", name=title)).first
    expect(notice).to_be_visible()
    if shot_as:
        shot(page, shot_as)
    before = page.url
    notice.get_by_role("button").click()
    page.wait_for_url(lambda url: url != before and "/inbox" not in url)


def submit(page: Page, button: Locator) -> None:
    """Press a form's button and wait for the page it leads to (a 303 back to the same page, usually); a refusal
    shown there fails the test with the page's own message."""
    with page.expect_navigation():
        button.click()
    errors = page.locator("p.error[role=alert]")
    assert errors.count() == 0, errors.first.inner_text()


def step(page: Page, button: str, note: str = "") -> None:
    """Take a step of Figure 1 on the engagement page: its own form's first field (a plan, an opinion…), then its
    button."""
    form = page.locator("form.step-form").filter(has=page.get_by_role("button", name=button, exact=True))
    if note:
        form.locator("textarea").first.fill(note)
    submit(page, form.get_by_role("button", name=button, exact=True))


def chat(page: Page, *lines: str) -> None:
    """The enterprise describes its need in the chat, line by line, each answered before the next."""
    go(page, "/intake")
    for line in lines:
        say(page, line)


def submit_need(page: Page) -> None:
    """Submit the chat's need; the page goes to 'my needs'."""
    page.click("#submit-need")
    page.wait_for_url(re.compile(r"/needs"))


def read_explanation(page: Page, center_id: str) -> Locator:
    """On the review page: fold open one proposal's explanation and see its evidence; returns the proposal."""
    proposal = page.locator(f'li.proposal[data-center="{center_id}"]')
    explanation = proposal.locator("details.explain")
    if explanation.get_attribute("open") is None:
        explanation.locator(":scope > summary").click()
    expect(explanation.locator(".evidence.passages")).to_be_visible()
    see(explanation, "相关能力条目")
    dont_see(explanation, "技术细节")  # the matcher's internals: admins only
    return proposal


def accept(page: Page, center_id: str, *, alternates: tuple[str, ...] = ()) -> str:
    """On the review page: tick the alternates and accept the proposal; returns the path of the engagement the
    page goes to."""
    proposal = page.locator(f'li.proposal[data-center="{center_id}"]')
    for other in alternates:
        proposal.locator(f'input[name="alternates"][value="{other}"]').check()
    proposal.locator("button.accept").click()
    page.wait_for_url(re.compile(r"/engagements/eng"))
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


def download(page: Page, link_text: str) -> tuple[str, bytes]:
    """Click a file's link and read what the browser saved."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_text).first.click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


# ---- the journeys --------------------------------------------------------------------------------------------


def test_one_engagement_from_the_chat_to_closure_in_three_browsers(people: People) -> None:
    ent = people.login("demo-enterprise")
    assoc = people.login("demo-association")
    center = people.login("demo-center")

    # 需求提出: the enterprise describes its need in the chat; the card marks it confidential; it submits.
    chat(ent, NEED, ANSWER)
    expect(need_field(ent, "confidential")).to_have_text("是")
    expect(need_field(ent, "budget")).to_have_text("约5万元")
    shot(ent, "journey-00-enterprise-chat")
    submit_need(ent)
    card = ent.locator("li.card", has_text=SECRET)
    see(card, "等待协调员审核")
    see(card, SECRET)
    shot(ent, "journey-01-enterprise-submitted")

    # The association's inbox has the proposal; the review shows the whole need and each proposal's explanation.
    open_notice(assoc, "个推荐机构待审核")
    expect(assoc).to_have_url(re.compile(r"/review/rev"))
    see(assoc.locator("p.quote"), SECRET)
    see(read_explanation(assoc, "qic-js-battery"), CENTER)
    shot(assoc, "journey-02-association-reads-the-explanation")
    engagement = accept(assoc, "qic-js-battery", alternates=("plat-gd-battery",))
    expect(assoc.locator("#state")).to_have_text("技术、商务沟通")
    shot(assoc, "journey-03-association-accepted")

    # The center hears of the match in its inbox. Before any agreement it reads the need as the published summary:
    # neither the enterprise's words (with the cell's model) nor who the enterprise is.
    open_notice(center, re.compile("由贵机构承接"), shot_as="journey-04-center-inbox-match")
    expect(center).to_have_url(re.compile(re.escape(engagement)))
    need = center.locator("#need")
    see(need, "检验检测")
    dont_see(center, SECRET)
    dont_see(center, ENTERPRISE)
    shot(center, "journey-05-center-before-agreement")

    # 技术、商务沟通: the enterprise writes in the thread with a file attached through the page's file input ...
    open_notice(ent, re.compile("已确定承接机构"))
    ent.fill("form.message-form textarea[name=body]", "您好，样品为方形铝壳电芯，规格书见附件，请确认所需样品数量。")
    ent.set_input_files("form.message-form input[type=file]",
                        files=[{"name": SPEC_NAME, "mimeType": "text/plain", "buffer": SPEC}])
    submit(ent, ent.locator("form.message-form button[type=submit]"))
    see(ent.locator("#messages .message.mine"), SPEC_NAME)
    shot(ent, "journey-06-enterprise-message-with-attachment")

    # ... the center opens the message from its inbox, downloads the file and gets the same bytes, and answers.
    open_notice(center, "有新留言")
    message = center.locator("#messages .message", has_text="规格书见附件")
    see(message, SPEC_NAME)
    name, data = download(center, SPEC_NAME)
    assert (name, data) == (SPEC_NAME, SPEC)
    center.fill("form.message-form textarea[name=body]", "已收到规格书。需要 20 只样品，请于签约后一周内寄到本中心。")
    submit(center, center.locator("form.message-form button[type=submit]"))
    shot(center, "journey-07-center-downloaded-and-answered")

    # 达成一致 (the enterprise), then 签订技术服务协议 with a confidentiality clause (the center's side files it).
    open_notice(ent, "有新留言")
    see(ent.locator("#messages"), "需要 20 只样品")
    step(ent, "达成一致")
    expect(ent.locator("#state")).to_have_text("达成一致")
    open_notice(center, re.compile("达成一致"))
    form = center.locator("form.agreement-form")
    form.locator("textarea[name=scope]").fill(f"{SECRET}电芯针刺热失控试验")
    form.locator("textarea[name=deliverables]").fill("CMA 检测报告\n原始记录")
    form.locator("input[name=price_yuan]").fill("48000")
    form.locator("input[name=schedule]").fill("样品到达后六周")
    form.locator("input[name=deadline]").fill("2031-06-30")
    form.locator("textarea[name=confidentiality_clause]").fill("双方对电芯型号、试验数据及报告内容负有保密义务")
    if not form.locator("input[name=client_party]").input_value():
        form.locator("input[name=client_party]").fill(ENTERPRISE)
    shot(center, "journey-08-center-fills-the-agreement")
    submit(center, form.locator("button[type=submit]"))
    expect(center.locator("#state")).to_have_text("待企业会签")
    # The center's signature alone opens nothing: the need panel is still the published summary.
    expect(center.locator("#need")).not_to_contain_text(SECRET)

    # The enterprise reads the agreement on its page and countersigns it: only now is it signed (issue 31).
    open_notice(ent, re.compile("请核对后会签"))
    see(ent.locator("#agreement-on-record"), "负有保密义务")
    step(ent, "会签技术服务协议")
    expect(ent.locator("#state")).to_have_text("签订技术服务协议")
    open_notice(center, re.compile("签订技术服务协议"))

    # The countersigned clause opened the need's details to the center: its words, the cell's model and the client.
    see(center.locator("#need"), SECRET)
    see(center.locator("p.meta"), ENTERPRISE)
    see(center.locator("#agreement-on-record"), "负有保密义务")
    shot(center, "journey-09-center-after-agreement")

    # 成立项目组: the team form, the lead and a member from the center's experts.
    team = center.locator("form.team-form")
    team.locator("select[name=lead]").select_option("exp-1")
    team.locator('input[name=members][value="exp-2"]').check()
    submit(center, team.locator("button[type=submit]"))
    expect(center.locator("#state")).to_have_text("成立项目组")
    see(center.locator("#team-on-record"), "组长：陈立新 · 成员：李明")

    # 技术服务评审: the center hands in its plan; the association sends it back once, then approves the revision.
    step(center, "提交服务方案", "按 GB 38031-2020 第8.2条做针刺试验，样品 10 只")
    expect(center.locator("#state")).to_have_text("技术服务评审")
    # Whoever handed the plan in is not offered its review.
    expect(center.locator("#advance-form button[value=approve_plan], #advance-form button[value=reject_plan]")) \
        .to_have_count(0)
    shot(center, "journey-10-center-handed-in-the-plan")
    open_notice(assoc, re.compile("技术服务评审"), shot_as="journey-11-association-inbox-plan-review")
    step(assoc, "评审未通过", "样品数量不足以判定一致性，请补充至 20 只并写明判定依据")
    expect(assoc.locator("#state")).to_have_text("方案修改")
    shot(assoc, "journey-12-association-sent-the-plan-back")
    open_notice(center, re.compile("方案修改"))
    see(center.locator("ol.history"), "请补充至 20 只")
    step(center, "重新提交方案", "样品 20 只，按第8.2条试验，以不起火、不爆炸为合格")
    open_notice(assoc, re.compile("技术服务评审"))
    step(assoc, "评审通过", "方案可行")
    expect(assoc.locator("#state")).to_have_text("开展技术服务")
    shot(assoc, "journey-13-association-approved-the-revision")

    # 开展技术服务: the center delivers the report as a file.
    open_notice(center, re.compile("开展技术服务"))
    delivery = center.locator("form.delivery-form")
    delivery.locator("textarea[name=note]").fill("试验完成，检测报告已上传，原件另行寄送")
    delivery.locator("input[type=file]").set_input_files(
        files=[{"name": REPORT_NAME, "mimeType": "application/pdf", "buffer": REPORT}])
    submit(center, delivery.locator("button[type=submit]"))
    expect(center.locator("#state")).to_have_text("服务成果验收")
    shot(center, "journey-14-center-delivered")

    # 服务成果验收: the enterprise reads the report and passes acceptance; the engagement ends.
    open_notice(ent, re.compile("服务成果验收"), shot_as="journey-15-enterprise-inbox-acceptance")
    assert download(ent, REPORT_NAME) == (REPORT_NAME, REPORT)
    step(ent, "验收通过", "报告完整，结论清楚")
    expect(ent.locator("#state")).to_have_text("项目终结")

    # The satisfaction survey, with a complaint.
    survey = ent.locator("form.feedback-form")
    four = ent.locator('input[name=satisfaction][value="4"]')
    survey.locator(four).check()
    # The dot sits beside its stars, on one line (it was centred on a line of its own, far from them).
    dot, words = survey.locator(four).bounding_box(), survey.locator("label.check", has=four).bounding_box()
    assert dot and words and dot["width"] < 40 and words["height"] < 2.5 * dot["height"], (dot, words)
    survey.locator("textarea[name=complaint]").fill("报告原件比约定晚了三天寄到")
    shot(ent, "journey-16-enterprise-survey-and-complaint")
    submit(ent, survey.locator("button[type=submit]"))
    see(ent.locator("#feedback"), "★★★★☆")
    see(ent.locator("#feedback"), "晚了三天")

    # The complaint reaches the center's inbox; it records how it was handled.
    open_notice(center, "收到委托方投诉，请登记处理情况")
    handling = center.locator("form.handling-form")
    handling.locator("textarea[name=handling]").fill("已核实为快递延误，今后改用加急寄送并提前告知单号")
    submit(center, handling.locator("button[type=submit]"))
    see(center.locator("#feedback"), "改用加急寄送")
    see(center.locator("#feedback"), "已解决")
    shot(center, "journey-17-center-handled-the-complaint")

    # The questionnaire (issue 14): the association's evaluation before it has no client grade for technical
    # support; the enterprise answers once; the next run reads the grade as the item's vote, and the item moves.
    def run_and_read_support() -> Locator:
        go(assoc, "/evaluation/qic-js-battery")
        assoc.locator("#run-by-file summary").click()  # the JSON upload is folded away
        form = assoc.locator("#run-form")
        form.locator("input[name=period]").fill(str(china_time.today().year))
        submit(assoc, form.locator("button[type=submit]"))
        see(assoc.locator("#toast"), "评价已完成")
        with assoc.expect_navigation():
            assoc.locator("#runs tr.run").first.get_by_role("link", name="报告", exact=True).click()
        # the item's row in the scores table; the appendix further down repeats the item with its vote counts
        return assoc.locator("tr", has_text="客户对技术支持的评价").first

    expect(run_and_read_support()).to_contain_text("缺失")
    go(ent, engagement)
    questionnaire = ent.locator("#questionnaire-form")
    questionnaire.locator('fieldset[data-item="support_rating"] input[value="5"]').check()
    questionnaire.locator('fieldset[data-item="value_for_money"] input[value="4"]').check()
    shot(ent, "journey-17b-enterprise-questionnaire")
    ent.once("dialog", lambda dialog: dialog.accept())  # the questions left "不适用" are asked about first
    submit(ent, questionnaire.locator("button[type=submit]"))
    see(ent.locator("#feedback"), "已填写服务质量问卷")
    expect(ent.locator("#questionnaire-form")).to_have_count(0)  # once only
    support = run_and_read_support()
    expect(support).to_contain_text("由平台对接记录计算")
    expect(support).to_contain_text("100.00")
    shot(assoc, "journey-17c-association-report-after-the-questionnaire")

    # The need ends closed, as the enterprise's own page says, with the handling on record for it too.
    go(ent, "/needs")
    card = ent.locator("li.card", has_text=SECRET)
    see(card, "已办结")
    see(card, "项目终结")
    go(ent, engagement)
    see(ent.locator("#feedback"), "改用加急寄送")
    history = ent.locator("ol.history")
    see(history, "评审未通过")
    see(history, "重新提交方案")
    shot(ent, "journey-18-enterprise-need-closed")


REDOCK_NEED = "我们是无锡一家储能电池企业，电池模组需要做过充和热失控安全试验，要出具CMA检测报告。"
REDOCK_ANSWER = "预算8万元，三个月内完成"
WITHDRAWAL = "本中心试验设备检修，无法按期承接"


def test_a_need_is_docked_again_after_its_center_pulls_out(people: People) -> None:
    ent = people.login("demo-enterprise")
    assoc = people.login("demo-association")
    center = people.login("demo-center")
    second = people.login(SECOND_CENTER_USER)

    chat(ent, REDOCK_NEED, REDOCK_ANSWER)
    expect(need_field(ent, "confidential")).to_have_text("未说明")  # the enterprise never said (issue 16: not "否")
    submit_need(ent)
    see(ent.locator("li.card", has_text="过充"), "等待协调员审核")

    # The proposed center reads the (public) need on its review page, from its inbox's proposal.
    open_notice(center, "推荐了贵机构")
    review = re.sub(r"^https?://[^/]+", "", center.url)
    assert review.startswith("/review/rev")
    see(center.locator("p.quote"), "过充")

    # The association accepts the first center with the second as the alternate.
    open_notice(assoc, "个推荐机构待审核")
    expect(assoc).to_have_url(re.compile(re.escape(review) + "$"))
    read_explanation(assoc, "qic-js-battery")
    read_explanation(assoc, "plat-gd-battery")
    first = accept(assoc, "qic-js-battery", alternates=("plat-gd-battery",))
    shot(assoc, "redock-01-association-accepted-the-first-center")

    # The first center pulls out, with its reason.
    open_notice(center, re.compile("由贵机构承接"))
    expect(center).to_have_url(re.compile(re.escape(first) + "$"))
    see(center.locator("#need"), "过充")
    asked: list[str] = []
    center.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))  # it asks first
    step(center, "撤回", WITHDRAWAL)
    expect(center.locator("#state")).to_have_text("撤回")
    assert asked and asked[0].startswith("确定撤回「") and "需求将重新对接" in asked[0]  # names what ends
    shot(center, "redock-02-first-center-withdrew")

    # The review reopens with the stored alternate only, the departed center declined with its reason; the
    # coordinator accepts the other center.
    open_notice(assoc, "个推荐机构待审核")
    expect(assoc).to_have_url(re.compile(re.escape(review) + "$"))
    see(assoc.locator("p.meta"), "待审核")
    expect(assoc.locator("li.proposal")).to_have_count(1)
    expect(assoc.locator('li.proposal[data-center="plat-gd-battery"]')).to_be_visible()
    see(assoc.locator("p.meta .round"), "轮次 2")
    see(assoc.locator("ul.declines"), f"{CENTER}：机构婉拒（{WITHDRAWAL}）")
    shot(assoc, "redock-03-review-reopened-with-the-alternate")
    read_explanation(assoc, "plat-gd-battery")
    again = accept(assoc, "plat-gd-battery")
    assert again != first
    shot(assoc, "redock-04-association-accepted-the-alternate")

    # The other center hears of it in its inbox and starts 技术、商务沟通 on the need.
    open_notice(second, re.compile("由贵机构承接"))
    expect(second).to_have_url(re.compile(re.escape(again) + "$"))
    expect(second.locator("#state")).to_have_text("技术、商务沟通")
    see(second.locator("#need"), "过充")
    shot(second, "redock-05-second-center-has-the-engagement")

    # The center that left can no longer see the need: its review and the new engagement are not there for it, and
    # its own ended engagement keeps its history without the need or the client's name.
    for gone in (review, again):
        answer = go(center, gone)
        assert answer is not None and answer.status == 404, gone
        see(center, "页面不存在")
    go(center, "/review")
    expect(center.locator(f'#queue li.review-item[data-review="{review.rsplit("/", 1)[1]}"]')).to_have_count(0)
    go(center, first)
    expect(center.locator("#state")).to_have_text("撤回")
    expect(center.locator("#need")).to_have_count(0)
    dont_see(center, "电池模组")
    dont_see(center, ENTERPRISE)
    see(center.locator("ol.history"), WITHDRAWAL)
    shot(center, "redock-06-departed-center-sees-only-its-ended-engagement")

    # The enterprise's page names the new provider.
    go(ent, "/needs")
    card = ent.locator("li.card", has_text="过充")
    see(card.locator(".provider"), SECOND_CENTER)
    see(card, "技术、商务沟通")
    shot(ent, "redock-07-enterprise-sees-the-new-provider")
