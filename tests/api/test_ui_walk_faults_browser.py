"""Faults the walks through the UI noticed and left (docs/ui.md, "Faults left by the walks, fixed (2026-11-28)"),
each checked in real headless Chromium where a person meets it, each failing before its fix:

1. An inbox notice stayed "新" after its reader had opened the page it leads to by another way (the board, "my
   needs"): only the inbox's own button marked it read.
2. A need withdrawn with its engagement still said "审核：已接受" beside "需求状态：已撤回" (and one withdrawn before a
   provider "已驳回"), on "my needs", the review page and the queue.
4. The knowledge base's import answered its POST with the page itself: a reload sent the files again. It now
   redirects to the page, which says what the import did, once.
5. The authority's officer, asked to decide on a provider, got 403 on its record page (/providers/{id}): it now
   reads the record of a provider in its jurisdiction (``provider.record``), with no form, no need and no
   engagement on it; another jurisdiction's provider stays refused.
6. An enterprise's registration told nobody who approves it (no notice, no badge): the association's
   coordinators now find it in their inbox, and it is done once decided (tests/flows/test_signups.py has the
   provider's application and a registration with no association).

One world for the module: the UI catalog and the demo accounts, the demo enterprise's need accepted for the demo
center. Screenshots ``walk-faults-…``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines
from core.settings import Settings
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    LiveServer,
    People,
    api_login,
    dont_see,
    engagement_through,
    go,
    see,
    seed_world,
    serve,
    shot,
)
from tests.api.uihelpers import NEED_TEXT
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS

CENTER = "qic-js-battery"
WORLD: dict[str, str] = {}


SH = "qic-sh-walk"
SH_NAME = "上海市新材料检测示范中心"
SH_CENTER = {"type": "center", "id": SH, "name": SH_NAME, "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}
SECRET_TEXT = "我们是宝山一家新材料企业，保密项目：碳纤维复合材料盐雾试验，要求出具CMA检测报告。"


def _shanghai_engagement(settings: Settings) -> None:
    """A Shanghai provider (the demo bureau's jurisdiction) given a confidential need by hand."""
    assert do_import(settings, write_jsonl(settings.home / "sh.jsonl", [SH_CENTER])).ok
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            ent, assoc = api_login(c, "demo-enterprise"), api_login(c, "demo-association")
            need = c.post("/api/v1/needs", headers=ent, json={"text": SECRET_TEXT, "confidential": True,
                                                              "service_types": ["inspection_testing"]}).json()["id"]
            WORLD["secret-title"] = c.get(f"/api/v1/needs/{need}", headers=ent).json()["title"]
            review_id = c.post(f"/api/v1/needs/{need}/submit", headers=ent).json()["review_id"]
            review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
            given = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                           json={"center_id": SH, "note": "上海本地机构", "version": review["version"],
                                 "confirm_no_coordinator": True})  # nobody logs in for it in the demo
            assert given.status_code == 200, given.text
    finally:
        matcher.reset()
        dispose_engines()


def _withdrawn_needs(settings: Settings) -> None:
    """Two needs of the demo enterprise withdrawn: one with its engagement (its review accepted), one while it was
    reviewed (its review closed)."""
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            ent, assoc = api_login(c, "demo-enterprise"), api_login(c, "demo-association")
            for key in ("left", "taken-back"):
                need = c.post("/api/v1/needs", headers=ent,
                              json={"text": NEED_TEXT, "service_types": ["inspection_testing"]}).json()["id"]
                review_id = c.post(f"/api/v1/needs/{need}/submit", headers=ent).json()["review_id"]
                WORLD[f"{key}-need"], WORLD[f"{key}-review"] = need, review_id
                if key == "taken-back":
                    assert c.post(f"/api/v1/needs/{need}/withdraw", headers=ent).status_code == 200
                    continue
                review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
                eng = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                             json={"center_id": CENTER, "version": review["version"]}).json()["engagement_id"]
                version = c.get(f"/api/v1/engagements/{eng}", headers=ent).json()["version"]
                left = c.post(f"/api/v1/engagements/{eng}/transitions", headers=ent,
                              json={"transition": "withdraw", "version": version,
                                    "payload": {"reason": "另找了离工厂更近的实验室"}})
                assert left.status_code == 200, left.text
    finally:
        matcher.reset()
        dispose_engines()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("walk-faults-home"))
    WORLD["matched"] = engagement_through(settings, CENTER, [])
    _withdrawn_needs(settings)
    _shanghai_engagement(settings)
    with serve(settings, passwords) as server:
        yield server


def test_a_notice_is_read_once_its_reader_opened_what_it_leads_to(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/inbox")
    unread = ent.locator("li.notice.unread")
    before = unread.count()
    assert before >= 1
    see(unread.first, "新")
    badge = ent.locator("#unread").inner_text()
    # Opened from the board, not from the inbox
    go(ent, "/engagements")
    with ent.expect_navigation():
        ent.locator(f'a[href="/engagements/{WORLD["matched"]}"]').first.click()
    go(ent, "/inbox")
    expect(unread).to_have_count(before - 1)
    # the one just read; the world's ended engagements' "已确定承接机构" are history (done), not read
    expect(ent.locator("li.notice:not(.unread):not(.done)")).to_have_count(1)
    dont_see(ent.locator("li.notice:not(.unread):not(.done)"), "新")
    assert ent.locator("#unread").inner_text() == badge.replace(str(before), str(before - 1))
    # An unread row looks unread, not by colour alone: its title bold and a bar at its start; a read one neither
    # (the association's inbox walked on 2026-11-29: the rows differed by the word "新" only).
    new, old = unread.first, ent.locator("li.notice:not(.unread):not(.done)").first
    expect(new.locator("button.link")).to_have_css("font-weight", "700")
    expect(old.locator("button.link")).to_have_css("font-weight", "400")
    expect(new).to_have_css("border-left-width", "4px")
    expect(old).to_have_css("border-left-width", "1px")
    shot(ent, "walk-faults-01-inbox-read")


def test_a_withdrawn_need_says_it_is_withdrawn_wherever_its_review_shows(people: People) -> None:
    ent = people.login("demo-enterprise")
    go(ent, "/needs")
    for key in ("left", "taken-back"):
        card = ent.locator(f'[id="{WORLD[f"{key}-need"]}"]')
        see(card.locator(".meta"), "需求状态：已撤回")
        see(card.locator(".meta"), "审核：已撤回")
        dont_see(card.locator(".meta"), "已接受")
        dont_see(card.locator(".meta"), "已驳回")
    ent.locator(f'[id="{WORLD["left-need"]}"]').scroll_into_view_if_needed()
    shot(ent, "walk-faults-02-my-needs-withdrawn", full_page=False)

    assoc = people.login("demo-association")
    for key in ("left", "taken-back"):
        go(assoc, f"/review/{WORLD[f'{key}-review']}")
        see(assoc.locator("#review-status"), "已撤回")
        # Nothing offers to dock a need nobody wants any more
        expect(assoc.locator(f'form[action="/review/{WORLD[f"{key}-review"]}/accept"]')).to_have_count(0)
        expect(assoc.locator("#assign")).to_have_count(0)
    shot(assoc, "walk-faults-03-review-withdrawn")
    go(assoc, "/review?status=all")
    for key in ("left", "taken-back"):
        see(assoc.locator(f'li.review-item[data-review="{WORLD[f"{key}-review"]}"] .tag').first, "已撤回")
    # Nothing is left to review of a need taken back: its proposals' notice is done, not "有 2 个推荐机构待审核 · 新"
    go(assoc, "/inbox")
    expect(assoc.locator('li.notice[data-kind="proposal"]')).not_to_have_count(0)
    expect(assoc.locator('li.notice[data-kind="proposal"]:not(.done)')).to_have_count(0)
    english = people.login("demo-enterprise", lang="en")
    go(english, "/needs")
    see(english.locator(f'[id="{WORLD["left-need"]}"] .meta'), "Review: withdrawn")


NEW_CENTER = {"type": "center", "id": "qic-nj-walk", "name": "南京市新材料测试中心",
              "kind": "quality_inspection_center", "region": "江苏省南京市"}


def test_an_import_is_answered_by_a_redirect_so_a_reload_sends_nothing_again(people: People,
                                                                             tmp_path: Path) -> None:
    assoc = people.login("demo-association")
    go(assoc, "/kb/upload")
    sent: list[str] = []
    assoc.on("request", lambda r: sent.append(r.method) if r.url.endswith("/kb/upload") else None)
    assoc.set_input_files("#kb-upload-form input[name=files]", str(write_jsonl(tmp_path / "nj.jsonl", [NEW_CENTER])))
    with assoc.expect_navigation() as done:
        assoc.locator("#kb-upload-form button[type=submit]").click()
    answer = done.value
    assert answer is not None and answer.request.method == "GET", "the import's POST was answered by the page"
    assert answer.request.redirected_from is not None and answer.request.redirected_from.method == "POST"
    expect(assoc.locator("#kb-imported")).to_have_text("已导入：新增 机构 1")  # the result, kept across the redirect
    shot(assoc, "walk-faults-04-kb-imported")
    sent.clear()
    assoc.reload()
    assert sent == ["GET"], sent  # a reload asks for the page, it sends no file
    expect(assoc.locator("#kb-imported")).to_have_count(0)  # said once
    # An import refused is still said on the page it was sent from, every reason, nothing written
    assoc.set_input_files("#kb-upload-form input[name=files]", str(write_jsonl(
        tmp_path / "bad.jsonl", [{"type": "center", "id": "qic-bad"}])))
    with assoc.expect_navigation():
        assoc.locator("#kb-upload-form button[type=submit]").click()
    expect(assoc.locator(".import-errors li")).not_to_have_count(0)
    english = people.login("demo-association", lang="en")
    go(english, "/kb/upload")
    english.set_input_files("#kb-upload-form input[name=files]",
                            str(write_jsonl(tmp_path / "nj2.jsonl", [{**NEW_CENTER, "name": "南京市新材料检测中心"}])))
    with english.expect_navigation():
        english.locator("#kb-upload-form button[type=submit]").click()
    expect(english.locator("#kb-imported")).to_have_text("Imported: updated 1 provider")


def test_the_officer_reads_the_record_of_a_provider_in_its_jurisdiction_and_nothing_of_its_clients(
        people: People) -> None:
    officer = people.login("demo-bureau")
    answer = go(officer, f"/providers/{SH}")
    assert answer is not None and answer.status == 200, answer.status if answer else None
    see(officer.locator("h1"), SH_NAME)
    expect(officer.locator("table.history")).to_be_visible()  # the lifecycle with each decision
    see(officer.locator("main"), "履职事项")
    see(officer.locator("#findings"), "整改")
    expect(officer.locator("#proficiency")).to_be_visible()
    # Reading, not deciding or editing: no form on the record, no page of the association's linked
    expect(officer.locator("main form")).to_have_count(0)
    expect(officer.locator("#evaluation-link")).to_have_count(0)
    expect(officer.locator('main a[href^="/changes/"]')).to_have_count(0)
    # Nothing of the provider's clients: the confidential need given to it is not on its record
    for secret in (WORLD["secret-title"], "碳纤维", "常州示例", "委托方"):
        dont_see(officer.locator("main"), secret)
    shot(officer, "walk-faults-05-officer-provider-record")
    # Another jurisdiction's provider (Jiangsu) is not the Shanghai bureau's to read
    refused = go(officer, f"/providers/{CENTER}")
    assert refused is not None and refused.status == 403
    # The association still reads and works on it whole
    assoc = people.login("demo-association")
    go(assoc, f"/providers/{SH}")
    expect(assoc.locator("#evaluation-link")).to_have_count(1)
    expect(assoc.locator("#decide-form")).to_have_count(1)


def test_a_registration_is_a_notice_for_whoever_approves_it_done_once_decided(people: People) -> None:
    visitor = people.open()
    visitor.goto(f"{people.server.url}/register")
    form = visitor.locator("#register-form")
    form.locator("input[name=org_name]").fill("宜兴环保装备有限公司")
    form.locator("input[name=username]").fill("yx-walk")
    form.locator("input[name=password]").fill("Yixing-huanbao-2026")
    form.locator("input[name=password_again]").fill("Yixing-huanbao-2026")
    form.locator("button[type=submit]").click()
    see(visitor.locator("#register-done"), "等待协会审核")

    assoc = people.login("demo-association")
    go(assoc, "/inbox")
    notice = assoc.locator('li.notice[data-kind="registration"]')
    expect(notice).to_have_count(1)
    see(notice, "企业「宜兴环保装备有限公司」提交了自助注册，请审核")
    see(notice, "新")
    see(notice, "企业注册待审核")
    shot(assoc, "walk-faults-06-registration-notice")
    with assoc.expect_navigation():
        notice.locator("button").click()
    assert assoc.url.endswith("/admin/registrations"), assoc.url
    card = assoc.locator("li.registration", has_text="宜兴环保装备有限公司")
    with assoc.expect_navigation():
        card.get_by_role("button", name="通过 宜兴环保装备有限公司").click()
    go(assoc, "/inbox")
    see(notice, "已完成")  # decided: history, not a to-do
    dont_see(notice, "新")
