"""The enterprise's day walked as a new user (2026-11-28), in real headless Chromium: the faults found on its pages
after the need was submitted, each checked where the enterprise meets it (docs/ui.md, "The enterprise's day, walked
as a new user").

- The agreement it must countersign was shown without its schedule and without the two parties' names; a
  confidential need's names the client "委托方-XXXXXXXX", a reference the enterprise had never seen, unexplained.
- While the plan was under review, and after, the enterprise saw the plan only as a line in the history.
- A result file of a few bytes was "0.0 KB".
- The English board said a need's region in Chinese ("常州市, 江苏省") and named a state "plan revision (our reading)".
- An empty satisfaction form was refused with "内容不合格", naming nothing; a complaint filed was answered "已办理"; a
  rating left the form as if nothing was rated (a new one replaces it); "已填写服务质量问卷（2）" counted nothing named.
- "价格（元） 48,000 元" said the unit twice; the English account page read "…（enterprise）"; "Due by" beside a turn
  (the agreement's deadline for the work) read as the day that step was due; the plan's line read "… · center
  coordinator handed in"; a closed engagement kept an empty "可执行的步骤" panel.
- Every need offered "修改标题", and once a provider held it the edit was refused "需求状态为 matched，不能修改".
- Withdrawing from an engagement asked "需求将重新对接" and the page then said the association may find another
  provider, while the enterprise's withdrawal withdraws its need; and the need page still offered to open the
  details to the provider it had left (flows.disclosure opened them: tests/flows/test_disclosure.py).

One world for the module: the demo enterprise's need four times, accepted for the demo center and taken by the API to
the countersignature, to the plan's review, to the results' acceptance, and no further. Screenshots
``enterprise-day-…``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from api.app import create_app
from api.config import ApiConfig
from core.settings import Settings
from flows.matching import MatcherSetup
from matcher import service as matcher
from pipeline.schemas import client_reference
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    LiveServer,
    People,
    api_login,
    dont_see,
    go,
    see,
    seed_world,
    serve,
    shot,
)
from tests.api.domainhelpers import AGREEMENT, DELIVERY
from tests.api.uihelpers import NEED_TEXT
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS

CENTER = "qic-js-battery"
PLAN = "按 GB 38031 第 8.2 条做单体热失控试验，收样后第三周出初步数据"
TO_CONTRACT = [("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT})]
TO_PLAN = [*TO_CONTRACT, ("demo-enterprise", "countersign", {}),
           ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
           ("demo-center", "submit_plan", {"plan": PLAN})]
TO_RESULTS = [*TO_PLAN, ("demo-association", "approve_plan", {"opinion": "方案可行"}),
              ("demo-center", "submit_results", {"delivery": DELIVERY})]
WORLD: dict[str, str] = {}


def enterprise_day_world(home: Path) -> tuple[Settings, dict[str, str], dict[str, str]]:
    """The UI world and four engagements of the demo enterprise, by one API client: at the countersignature, at
    the plan's review, at the results' acceptance, and one just opened (for the enterprise to leave)."""
    settings, passwords = seed_world(home)
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    made: dict[str, str] = {}
    try:
        with TestClient(app) as c:
            heads = {u: api_login(c, u) for u in ("demo-enterprise", "demo-center", "demo-association")}
            for key, steps in (("contract", TO_CONTRACT), ("plan", TO_PLAN), ("results", TO_RESULTS), ("left", [])):
                # The one to countersign is confidential: its agreement names the client by the review's reference
                need = c.post("/api/v1/needs", headers=heads["demo-enterprise"],
                              json={"text": NEED_TEXT, "service_types": ["inspection_testing"],
                                    "confidential": key == "contract"})
                assert need.status_code == 201, need.text
                review_id = c.post(f"/api/v1/needs/{need.json()['id']}/submit",
                                   headers=heads["demo-enterprise"]).json()["review_id"]
                review = c.get(f"/api/v1/reviews/{review_id}", headers=heads["demo-association"]).json()
                accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=heads["demo-association"],
                                  json={"center_id": CENTER, "version": review["version"]})
                assert accepted.status_code == 200, accepted.text
                eng = made[key] = accepted.json()["engagement_id"]
                made[f"{key}-need"] = need.json()["id"]
                made[f"{key}-ref"] = client_reference(review_id)
                for username, transition, payload in steps:
                    if transition == "sign_agreement" and key == "contract":
                        payload = {"agreement": {**AGREEMENT, "client_party": made[f"{key}-ref"]}}
                    version = c.get(f"/api/v1/engagements/{eng}", headers=heads[username]).json()["version"]
                    moved = c.post(f"/api/v1/engagements/{eng}/transitions", headers=heads[username],
                                   json={"transition": transition, "version": version, "payload": payload})
                    assert moved.status_code == 200, moved.text
    finally:
        matcher.reset()
    return settings, passwords, made


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords, made = enterprise_day_world(tmp_path_factory.mktemp("enterprise-day-home"))
    WORLD.update(made)
    with serve(settings, passwords) as server:
        yield server


def test_the_agreement_and_the_plan_are_shown_whole_and_the_english_board_speaks_english(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{WORLD['contract']}")
    agreement = ent.locator("#agreement-on-record")
    for shown in (AGREEMENT["schedule"], WORLD["contract-ref"], AGREEMENT["provider_party"]):
        see(agreement, shown)
    # A confidential need's agreement names the client by a reference the enterprise has never seen: said to be its own
    see(agreement.locator("#client-party"), "贵企业")
    see(agreement, "进度安排")
    dont_see(agreement, "价格（元）")  # "价格（元） 48,000 元" said the unit twice
    expect(ent.locator('form.step-form[data-step="countersign"]')).to_be_visible()
    shot(ent, "enterprise-day-01-agreement-to-countersign")

    go(ent, f"/engagements/{WORLD['plan']}")
    plan = ent.locator("#plan-on-record")
    see(plan, PLAN)
    see(plan, "评审中")
    shot(ent, "enterprise-day-02-plan-under-review")

    # Once a provider holds a need its title is no longer offered for editing (it was, and then refused with
    # "需求状态为 matched，不能修改")
    go(ent, "/needs")
    expect(ent.locator("#my-needs li.need-item")).to_have_count(4)
    expect(ent.locator("#my-needs details.title-edit")).to_have_count(0)

    english = people.login("demo-enterprise", viewport=PHONE, lang="en")
    go(english, f"/engagements/{WORLD['plan']}")
    see(english.locator("#plan-on-record"), "under review")
    see(english.locator("#plan-on-record"), "handed in by")  # was "… · center coordinator handed in"
    see(english.locator("#turn"), "Work due by")  # "Due by" beside a turn read as that step's own deadline
    go(english, "/engagements")
    board = english.locator("main")
    see(board, "Changzhou, Jiangsu")
    dont_see(board, "常州市")
    dont_see(board, "our reading")
    assert english.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(english, "enterprise-day-03-board-phone-en")
    go(english, "/account")  # "…（enterprise）" in Chinese brackets on the English page
    see(english.locator("#who"), "(enterprise)")
    dont_see(english.locator("#who"), "（enterprise）")


def test_results_are_sized_the_feedback_form_names_what_it_lacks_and_a_complaint_is_acknowledged(
        people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{WORLD['results']}")
    size = ent.locator("#deliveries .file-size").first
    expect(size).to_have_text(re.compile(r"^6 字节$"))
    ent.locator('form.step-form[data-step="pass_acceptance"] textarea').fill("报告完整，结论清楚")
    with ent.expect_navigation():
        ent.locator('form.step-form[data-step="pass_acceptance"] button').click()
    see(ent.locator("#state"), "项目终结")
    expect(ent.locator("#advance-form")).to_have_count(0)  # "可执行的步骤：当前没有可执行的步骤" on a closed one
    # Sent with neither stars nor a complaint: the refusal says what to give
    with ent.expect_navigation():
        ent.locator("form.feedback-form button[type=submit]").click()
    alert = ent.locator("main [role=alert]").first
    see(alert, "满意度")
    see(alert, "投诉")
    dont_see(alert, "内容不合格")
    ent.locator("form.feedback-form textarea[name=complaint]").fill("纸质报告比约定晚了一周寄到")
    with ent.expect_navigation():
        ent.locator("form.feedback-form button[type=submit]").click()
    see(ent.locator("#toast"), "投诉已提交")
    shot(ent, "enterprise-day-04-complaint-filed")
    # A rating, then the form again: it says a new one replaces it (it stood as if nothing had been rated)
    ent.locator("form.feedback-form input[name=satisfaction][value='4']").check()
    with ent.expect_navigation():
        ent.locator("form.feedback-form button[type=submit]").click()
    see(ent.locator("#toast"), "评价已提交")
    see(ent.locator("#rated-before"), "4 星")
    # The questionnaire with one question answered: "已填写服务质量问卷（1）" said one what
    ent.locator("#questionnaire-form fieldset.question").first.locator("input[value='5']").check()
    ent.once("dialog", lambda dialog: dialog.accept())  # the questions left "不适用" are asked about first
    with ent.expect_navigation():
        ent.locator("#questionnaire-form button[type=submit]").click()
    see(ent.locator("#feedback"), "回答 1 题")


def test_leaving_an_engagement_says_the_need_goes_with_it_and_offers_no_details_to_the_provider_left(
        people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{WORLD['left']}")
    asked: list[str] = []
    ent.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    leave = ent.locator('form.exit-form[data-step="withdraw"]')
    leave.locator("textarea").fill("另找了离工厂更近的实验室")
    with ent.expect_navigation():
        leave.locator("button").click()
    assert asked and "需求随之撤回" in asked[0] and "重新对接" not in asked[0], asked
    see(ent.locator("#state"), "撤回")
    see(ent.locator("#next"), "由企业撤回的，需求随之撤回")
    go(ent, "/needs")
    card = ent.locator(f'[id="{WORLD["left-need"]}"]')
    see(card, "已撤回")
    expect(card.locator("form.details-form")).to_have_count(0)
    expect(ent.locator(f'[id="{WORLD["plan-need"]}"] form.details-form')).to_have_count(1)  # a running one keeps it
    shot(ent, "enterprise-day-05-left")
