"""Three of a new user's findings (2026-11-29) as a person sees them in real headless Chromium: the enterprise's need
given to a provider nobody can log in for reads as the association contacting it, not 已匹配 / Matched; a center's
opportunities page shows no piece of a region's name ("州市" of 江苏省常州市) among a need's key terms; and an
application withdrawn before approval reads 撤回申请 / withdraw the application in the provider's history, not 退出.
Screenshots ``leftovers-…`` in test-artifacts/ui/ (the window as the page came back)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from api.app import create_app
from api.config import ApiConfig
from flows.matching import MatcherSetup
from tests.api.browserhelpers import (
    ARTIFACTS,
    BROWSER_MARKS,
    LiveServer,
    People,
    api_login,
    engagement_through,
    go,
    seed_world,
    serve,
)
from tests.api.test_provider_never_approved import DECIDED, GOOD, MATERIALS, STATION
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS
CHANGZHOU = "江苏省常州市的动力电池企业，电芯需要做热失控试验，要求出具CMA检测报告"
STATE: dict[str, str] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("ui-leftovers-home"))
    review_id = engagement_through(settings, None, [])  # the demo need, in review
    STATE["opportunity"] = engagement_through(settings, None, [], need={"text": CHANGZHOU})
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    with TestClient(app) as c:  # given by hand to the catalog's rare-earth center, which has no coordinator
        assoc = api_login(c, "demo-association")
        review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
        STATE["need"] = review["need_id"]
        given = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc, json={
            "center_id": "met-jx-rare", "note": "企业指定", "version": review["version"],
            "confirm_no_coordinator": True})
        assert given.status_code == 200, given.text
        STATE["applicant"] = _applied_and_withdrawn(c, assoc)
    with serve(settings, passwords) as server:
        yield server


def _applied_and_withdrawn(c: TestClient, assoc: dict[str, str]) -> str:
    """An applicant provider registered, approved as an account, applied, under review, and its application
    withdrawn (the steps of tests/api/test_provider_never_approved.py, by the demo association): its center id."""
    made = c.post("/api/v1/auth/register", json={"kind": "center", "org_name": "韶关质量技术促进中心",
                                                  "username": "sg-applicant", "password": GOOD})
    assert made.status_code == 201, made.text
    org = made.json()["org"]
    assert c.post(f"/api/v1/registrations/{org['id']}/approve", headers=assoc, json={}).status_code == 200
    answer = c.post("/api/v1/auth/login", json={"username": "sg-applicant", "password": GOOD})
    c.cookies.clear()
    applicant = {"Authorization": f"Bearer {answer.json()['token']}"}
    assert c.post("/api/v1/providers", headers=applicant, json={"center": STATION, "materials": {}}).status_code == 201
    center_id = str(org["center_id"])
    for transition, payload in (("start_review", {"materials": {key: "已提交" for key in MATERIALS}}),
                                ("withdraw", DECIDED)):
        version = c.get(f"/api/v1/providers/{center_id}", headers=assoc).json()["lifecycle"]["version"]
        done = c.post(f"/api/v1/providers/{center_id}/transitions", headers=assoc,
                      json={"transition": transition, "version": version, "payload": payload})
        assert done.status_code == 200, done.text
    return center_id


def _window(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_a_need_given_to_a_provider_nobody_can_act_for_reads_as_being_arranged(people: People) -> None:
    for lang, said, not_said in (("zh", "协会正在联系承接机构", "已匹配"),
                                 ("en", "The association is contacting the provider", "Matched")):
        page = people.login("demo-enterprise", lang=lang)
        go(page, "/needs")
        card = page.locator(f"li.need-item[id='{STATE['need']}']")
        expect(card.locator(".tag.status-matched, .tag.status-in_engagement")).to_contain_text(said)
        expect(card.locator("p.meta")).not_to_contain_text(not_said)
        expect(card.locator(".arranging")).to_be_visible()
        card.scroll_into_view_if_needed()
        _window(page, f"leftovers-1-needs-{lang}")


def test_the_opportunities_page_shows_no_piece_of_a_region_name(people: People) -> None:
    page = people.login("demo-center")
    go(page, "/centers/qic-js-battery/opportunities")
    terms = page.locator("p.terms .tag")
    expect(terms.first).to_be_visible()
    shown = [t.strip() for t in terms.all_inner_texts()]
    assert shown and not {"州市", "城区", "门市", "市区"} & set(shown), shown
    page.locator("p.terms").first.scroll_into_view_if_needed()
    _window(page, "leftovers-2-opportunities")


def test_an_application_withdrawn_reads_as_such_on_the_providers_page(people: People) -> None:
    for lang, step, exit_ in (("zh", "撤回申请", "退出"), ("en", "withdraw the application", "withdraw →")):
        page = people.login("demo-association", lang=lang)
        go(page, f"/providers/{STATE['applicant']}")
        row = page.locator("table.history tr[data-transition=withdraw]")
        expect(row).to_contain_text(step)
        expect(row).not_to_contain_text(exit_)
        row.scroll_into_view_if_needed()
        _window(page, f"leftovers-3-withdrawn-{lang}")
