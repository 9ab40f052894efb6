"""Issue 30, item 3, in real headless Chromium: assigning a need by hand through the searchable picker, grouped by
lifecycle state and region. Typing narrows the list; a revoked or suspended provider is shown, marked and cannot be
chosen; a provider nobody can act for asks first, naming it (cancelling sends nothing). On a 1366 px desktop and on
a 390 px phone, where nothing scrolls sideways (the old select overflowed by 47 px). And a batch assignment's page
(issue 28, item 5): each suggestion lists the need's requirements as the suggested center covers them, the same list
the review page shows for that center's proposal. Screenshots ``assign-…`` in test-artifacts/ui/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from core import china_time
from core.db import session_scope
from flows import providers as providers_flow
from flows.events import MemoryOutbox
from outbox import queue as jobs
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
)
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.providers.providerhelpers import ASSOC, decision

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

STATE: dict[str, Any] = {}
SUSPENDED = {"type": "center", "id": "qic-sd-paused", "name": "山东省暂停检验中心", "kind": "quality_inspection_center",
             "status": "suspended", "region": "山东省济南市"}
REVOKED = {"type": "center", "id": "qic-ah-revoked", "name": "安徽省被撤销检验中心",
           "kind": "quality_inspection_center", "region": "安徽省合肥市"}
IDLE = {"type": "center", "id": "sta-wx-idle", "name": "无锡市无人值守服务站", "kind": "service_station",
        "region": "江苏省无锡市"}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("assign-home")
    settings, passwords = seed_world(home)
    STATE["desktop"] = engagement_through(settings, None, [])  # two needs waiting for review
    STATE["phone"] = engagement_through(settings, None, [])
    STATE["unpicked"] = engagement_through(settings, None, [])
    STATE["batch"] = engagement_through(settings, None, [])  # a third, left for the batch
    # Entered after matching, so the matcher proposed none of them: a suspended provider, a revoked one, and a
    # station with no account.
    assert do_import(settings, write_jsonl(home / "more.jsonl", [SUSPENDED, REVOKED, IDLE])).ok
    today = china_time.today()
    with session_scope(settings) as session:
        version = providers_flow.provider(session=session, principal=ASSOC, center_id=str(REVOKED["id"]),
                                          today=today)[1].version
        providers_flow.advance(session=session, principal=ASSOC, center_id=str(REVOKED["id"]), transition="revoke",
                               version=version, payload=decision("年度考核不合格", today, "苏质促〔2026〕9号"),
                               today=today, outbox=MemoryOutbox())
    with serve(settings, passwords) as server:
        yield server


def _assign_the_idle_station(page: Page, name: str, reason: str) -> None:
    picker = page.locator("#assign-list")
    expect(picker.locator("fieldset.picker-group").first).to_be_visible()
    # Refused providers are in the list, marked, and cannot be chosen.
    expect(picker.locator('input[value="qic-ah-revoked"]')).to_be_disabled()
    expect(picker.locator('input[value="qic-sd-paused"]')).to_be_disabled()
    page.locator("input[data-filter]").fill("无锡")
    visible = picker.locator("li.pick:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text(IDLE["name"])
    expect(visible.first.locator(".pick-unreachable")).to_be_visible()
    expect(picker.locator('fieldset[data-state="revoked"]')).to_be_hidden()
    shot(page, f"assign-{name}-searched")
    visible.first.locator("input[type=radio]").check()
    page.locator("form.assign-form [name=note]").fill(reason)
    asked: list[str] = []
    answers = [False, True]  # first cancel (nothing is sent), then confirm
    page.on("dialog", lambda d: (asked.append(d.message), d.accept() if answers.pop(0) else d.dismiss()))
    page.locator("form.assign-form button[type=submit]").click()
    expect(page.locator("form.assign-form")).to_be_visible()  # cancelled: still on the review
    assert len(asked) == 1 and asked[0].startswith(f"「{IDLE['name']}」目前没有能登录办理的协调员"), asked
    expect(page.locator("form.assign-form [name=confirm_no_coordinator]")).to_have_value("")  # not said, not sent
    # Confirmed, the script says so in the form (confirm_no_coordinator): the server refuses the station without it.
    with page.expect_navigation():
        page.locator("form.assign-form button[type=submit]").click()
    assert len(asked) == 2, asked
    expect(page).to_have_url(re.compile(r"/engagements/[^/]+$"))
    expect(page.locator("main")).to_contain_text(IDLE["name"])
    shot(page, f"assign-{name}-assigned")


def test_assigning_by_hand_through_the_picker_on_a_desktop(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, f"/review/{STATE['desktop']}#assign")
    expect(assoc.locator('#assign-list fieldset.picker-group').first).to_have_attribute("data-state", "operating")
    shot(assoc, "assign-desktop-picker")
    _assign_the_idle_station(assoc, "desktop", "就近服务，企业指定")


def test_assigning_by_hand_through_the_picker_on_a_phone(people: People) -> None:
    assoc = people.login("demo-association", viewport=PHONE)
    go(assoc, f"/review/{STATE['phone']}#assign")
    assert assoc.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(assoc, "assign-phone-picker")
    _assign_the_idle_station(assoc, "phone", "就近服务")
    assert assoc.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_assigning_with_no_provider_chosen_says_so_after_a_search(people: People) -> None:
    """Walk finding: with the list narrowed by a search, a click with no provider chosen did nothing (the browser's
    check of the required radio group could not focus a hidden one). Now the page says to choose one, in its own
    language, above the list, and the reason typed is kept."""
    for lang, says in (("zh", "请先在列表中选定一家要指派的机构"), ("en", "Choose the provider to assign")):
        assoc = people.login("demo-association", lang=lang)
        go(assoc, f"/review/{STATE['unpicked']}#assign")
        assoc.locator("input[data-filter]").fill("无锡")
        expect(assoc.locator("#assign-list li.pick:visible")).to_have_count(1)
        assoc.locator("form.assign-form [name=note]").fill("企业指定就近机构")
        with assoc.expect_navigation():
            assoc.locator("form.assign-form button[type=submit]").click()
        expect(assoc.locator("p.error[role=alert]")).to_contain_text(says)
        expect(assoc.locator("#assign-list")).to_have_class(re.compile(r"\binvalid\b"))
        expect(assoc.locator("form.assign-form .field-error")).to_contain_text(says)
        expect(assoc.locator("form.assign-form [name=note]")).to_have_value("企业指定就近机构")
        expect(assoc).to_have_url(re.compile(rf"/review/{STATE['unpicked']}"))
        shot(assoc, f"assign-none-chosen-{lang}")


def _requirements(scope: Locator) -> list[tuple[str | None, str, str]]:
    """The requirements a coverage list shows: (kind, covered or missing, the line's text)."""
    items = scope.locator(".coverage li.req")
    return [(items.nth(i).get_attribute("data-kind"),
             "covered" if "covered" in (items.nth(i).get_attribute("class") or "").split() else "missing",
             items.nth(i).inner_text().strip()) for i in range(items.count())]


def test_a_batch_suggestion_shows_the_coverage_its_review_shows(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, "/review")
    with assoc.expect_navigation():
        assoc.locator("form.assign-batch-form button[type=submit]").click()
    expect(assoc).to_have_url(re.compile(r"/assignments/[^/]+$"))
    job_id = assoc.url.rsplit("/", 1)[1]
    jobs.finish_in_process()  # the server's job thread is this process's: its queued jobs run to the end first
    go(assoc, f"/assignments/{job_id}")
    expect(assoc.locator("#job")).to_have_attribute("data-status", "finished")
    batch = assoc.request.get(f"{people.server.url}/api/v1/assignments/{job_id}")
    assert batch.status == 200, batch.text()
    review_id = STATE["batch"]
    [item] = [a for a in batch.json()["assigned"] if a["review_id"] == review_id]
    row = assoc.locator(f'#suggestions tr[data-need="{item["need_id"]}"]')
    expect(row).to_have_attribute("data-center", item["center_id"])
    covered = sum(1 for r in item["coverage"] if r["covered"])
    expect(row.locator(".coverage")).to_have_attribute("data-covered", str(covered))
    expect(row.locator(".coverage")).to_have_attribute("data-total", str(len(item["coverage"])))
    expect(row).to_contain_text(f"{item['fit']}/100")
    # The band beside the fit, as the review page shows it, and the fit's cell a cell of the table (full height).
    expect(row.locator(f'.fit .band[data-band="{item["band"]}"]')).to_have_text({"high": "高", "medium": "中",
                                                                               "low": "低"}[item["band"]])
    fit_cell, whole = row.locator("td").nth(2).bounding_box(), row.bounding_box()
    assert fit_cell and whole and abs(fit_cell["height"] - whole["height"]) <= 2, (fit_cell, whole)
    shown = _requirements(row)
    assert [(k, state) for k, state, _ in shown] == [(r["kind"], "covered" if r["covered"] else "missing")
                                                    for r in item["coverage"]], shown
    for (_, _, text), r in zip(shown, item["coverage"], strict=True):
        said = (r["evidence"] if r["covered"] else r["missing"]) or ""
        assert said.split(" / ")[0] in text, (text, r)  # the page's half of "中文 / English"
    shot(assoc, "assign-batch-coverage")
    # The review page shows the same list for the same center's proposal, and the same fit.
    with assoc.expect_navigation():
        row.locator(f'a[href="/review/{review_id}"]').click()
    proposal = assoc.locator(f'li.proposal[data-center="{item["center_id"]}"]')
    expect(proposal.locator(".fit .value")).to_have_text(str(item["fit"]))
    assert _requirements(proposal) == shown
