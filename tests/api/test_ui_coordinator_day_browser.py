"""The association coordinator's day tried as a new user (2026-11-28), in real headless Chromium: what the try found
wrong on the coordinator's pages, each checked where the coordinator meets it.

- Accepting in a tab opened before the alternate was declined in another: the refusal named the provider by its id
  ("机构 plat-gd-battery 已被婉拒"). And once one proposal was declined, the other still showed an empty
  "备选机构" box.
- A whole round sent back as "需求不清，需补充" with an empty note went to the enterprise with no question at all.
- The declines list read "—：需求不清，需补充" for a whole round.
- A review with no proposal (a need nothing in the catalog fits) showed the heading "推荐机构" over nothing.
- At plan review the plan to review was only in the history at the foot of the page, beside nothing of the
  review forms.
- On the English page the assign-by-hand picker grouped providers under "江西省" with "江西省赣州市" beside them.

Screenshots: test-artifacts/ui/coord-day-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORDS
from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines
from core.settings import Settings
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    CJK,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
)
from tests.api.domainhelpers import AGREEMENT
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS

STATE: dict[str, Any] = {}
PLAN = "按 GB 38031 第 8.2 条做单体热失控试验，样品 3 只"
# Nothing in the UI catalog fits it: the review opens with no proposal.
UNFIT = "南京一家医疗器械公司，想申请高新技术企业认定，需要机构辅导。"
GD = "广东省新能源电池检测公共服务平台"


def _unfit_review(settings: Settings) -> str:
    """The demo enterprise's need that no provider fits, submitted through the API: its review's id."""
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            token = c.post("/api/v1/auth/login", json={"username": "demo-enterprise",
                                                       "password": DEMO_PASSWORDS["demo-enterprise"]}).json()["token"]
            c.cookies.clear()
            ent = {"Authorization": f"Bearer {token}"}
            need = c.post("/api/v1/needs", headers=ent,
                          json={"text": UNFIT, "service_types": ["qualification_consulting"]})
            assert need.status_code == 201, need.text
            submitted = c.post(f"/api/v1/needs/{need.json()['id']}/submit", headers=ent)
            assert submitted.status_code == 200, submitted.text
            review_id: str = submitted.json()["review_id"]
            return review_id
    finally:
        matcher.reset()
        dispose_engines()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("coord-day-home"))
    STATE["two_tabs"] = engagement_through(settings, None, [])
    STATE["unclear"] = engagement_through(settings, None, [])
    STATE["english"] = engagement_through(settings, None, [])
    STATE["unfit"] = _unfit_review(settings)
    STATE["plan"] = engagement_through(settings, "qic-js-battery", [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {}),
        ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
        ("demo-center", "submit_plan", {"plan": PLAN})])
    with serve(settings, passwords) as server:
        yield server


def _send(page: Page, form: Any) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_two_tabs_a_question_for_the_enterprise_and_a_round_with_no_proposal(people: People) -> None:
    assoc = people.login("demo-association")
    assoc.on("dialog", lambda d: d.accept())
    go(assoc, f"/review/{STATE['two_tabs']}")
    stale = assoc.context.new_page()
    stale.on("dialog", lambda d: d.accept())
    stale.goto(assoc.url)

    # Tab 1 declines the Guangdong platform; the other proposal no longer offers an empty alternates box.
    gd = assoc.locator(f'li.proposal:has(h3:has-text("{GD}"))')
    gd.locator("form.reject-form select[name=reason]").select_option("no_capacity")
    gd.locator("form.reject-form input[name=text]").fill("本季度排期已满")
    _send(assoc, gd.locator("form.reject-form"))
    expect(assoc.locator("ul.declines")).to_contain_text(GD)
    expect(assoc.locator("li.proposal:not(.declined) form.accept-form fieldset")).to_have_count(0)

    # Tab 2, opened before, accepts with the declined platform as the alternate: refused, naming it by name.
    first = stale.locator("li.proposal").first
    first.locator("input[name=alternates]").check()
    _send(stale, first.locator("form.accept-form"))
    expect(stale.locator("main p.error").first).to_contain_text(GD)
    expect(stale.locator("main")).not_to_contain_text("plat-gd-battery")
    expect(stale.locator("main p.error").first).not_to_contain_text("declined")  # the page's language only
    shot(stale, "coord-day-01-stale-tab-named")

    # A whole round sent back as unclear with no question: refused on the page, naming the note.
    go(assoc, f"/review/{STATE['unclear']}")
    round_form = assoc.locator("form.reject-form.panel")
    expect(round_form).to_contain_text("选“需求不清，需补充”时需求退回企业")
    round_form.locator("select[name=reason]").select_option("need_unclear")
    _send(assoc, round_form)
    expect(assoc.locator("main p.error").first).to_contain_text("说明")
    expect(assoc.locator("p.meta .tag")).to_have_text("待审核")
    shot(assoc, "coord-day-02-unclear-needs-a-question")
    round_form = assoc.locator("form.reject-form.panel")
    round_form.locator("select[name=reason]").select_option("need_unclear")
    round_form.locator("input[name=text]").fill("请说明电芯的型号和试验的样品数量")
    _send(assoc, round_form)
    expect(assoc.locator("p.meta .tag")).to_have_text("已驳回")
    expect(assoc.locator("ul.declines")).to_contain_text("整轮驳回：需求不清，需补充（请说明电芯的型号")

    # A need nothing fits: the page says there is no proposal and what to do.
    go(assoc, f"/review/{STATE['unfit']}")
    expect(assoc.locator("p.no-proposals")).to_contain_text("本轮没有推荐机构")
    shot(assoc, "coord-day-03-no-proposals")


def test_the_plan_to_review_stands_by_the_review_forms(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, f"/engagements/{STATE['plan']}")
    plan = assoc.locator("#advance-form #plan-under-review")
    expect(plan).to_contain_text("待评审的服务方案")
    expect(plan.locator("blockquote")).to_have_text(PLAN)
    # Above the forms it is read for.
    assert plan.evaluate("(el) => el.compareDocumentPosition(document.querySelector("
                         "'form.step-form[data-step=approve_plan]')) & Node.DOCUMENT_POSITION_FOLLOWING")
    shot(assoc, "coord-day-04-plan-under-review")


def test_the_english_picker_names_places_in_english(people: People) -> None:
    assoc = people.login("demo-association", lang="en")
    go(assoc, f"/review/{STATE['english']}#assign")
    regions = assoc.locator("#assign-list .picker-region")
    expect(regions.first).to_be_visible()
    expect(regions.locator("h4")).to_contain_text(["Jiangxi"])
    expect(regions.locator("li.pick")).to_contain_text(["Ganzhou, Jiangxi"])
    headings = " ".join(regions.locator("h4").all_inner_texts())
    assert not CJK.search(headings), headings
    places = " ".join(regions.locator("li.pick .small").all_inner_texts())
    assert not CJK.search(places), places
    # The search still finds a provider by its English place.
    assoc.locator("input[data-filter]").fill("Ganzhou")
    expect(assoc.locator("#assign-list li.pick:visible")).to_have_count(1)
    shot(assoc, "coord-day-05-picker-en")
    assert re.search(r"/review/", assoc.url)
