"""Issue 30, item 7, in real headless Chromium, on a fresh install's data: the sample catalog (68 providers), the demo
accounts and a year played by ``innodock demo-accounts --history`` (three needs). The association filters the
providers by province and kind through the form (the address carries the view), pages through them, opens the
dashboard — its charts drawn, every count a link — and follows the rectifying count to the list behind it. On a
390 px phone, in English, neither page scrolls sideways. Screenshots ``providers-…`` in test-artifacts/ui/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core import china_time
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from flows import demo_history, knowledge
from flows.matching import MatcherSetup
from kb import transfer
from tests.api.browserhelpers import BROWSER_MARKS, PHONE, LiveServer, People, go, see, serve, shot
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("providers-console-home")
    settings = Settings(home=home)
    with session_scope(settings) as session:
        assert knowledge.import_files(session=session, paths=transfer.sample_files(), replace=False).ok
        demo = accounts_flow.demo_accounts(session=session)
    demo_history.play(settings=settings, matcher=MatcherSetup(embedder=NgramEmbedder()), today=china_time.today(),
                      size=3)
    with serve(settings, {a.username: a.password for a in demo.accounts}) as server:
        yield server


def test_the_providers_console_and_its_dashboard(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, "/providers")
    see(assoc.locator("#provider-count"), "共 68 家机构")
    expect(assoc.locator("table.providers th").first).to_have_text("机构名称")
    expect(assoc.locator("tr.provider")).to_have_count(20)
    see(assoc.locator("#provider-page"), "第 1 页，共 4 页")
    shot(assoc, "providers-01-list")
    # Filter through the form: the address carries the view, and the form keeps it
    assoc.locator("#provider-filters select[name=region]").select_option("江苏省")
    assoc.locator("#provider-filters select[name=kind]").select_option("quality_inspection_center")
    assoc.locator("#provider-filters button[type=submit]").click()
    expect(assoc).to_have_url(re.compile(r"kind=quality_inspection_center&region=%E6%B1%9F%E8%8B%8F%E7%9C%81"))
    rows = assoc.locator("tr.provider")
    assert rows.count() >= 2
    for i in range(rows.count()):
        see(rows.nth(i), "江苏省")
    expect(assoc.locator("#provider-filters select[name=region]")).to_have_value("江苏省")
    shot(assoc, "providers-02-filtered")
    # Paging keeps the filters
    go(assoc, "/providers?status=operating")
    assoc.locator(".pager a[rel=next]").click()
    expect(assoc).to_have_url(re.compile(r"status=operating&page=2"))
    # The dashboard: the charts drawn, each count a link to the list behind it
    go(assoc, "/providers/dashboard")
    expect(assoc.locator("#ratings-chart circle")).to_have_count(10)  # five providers over two periods
    expect(assoc.locator("#obligations-chart rect")).not_to_have_count(0)
    see(assoc.locator("#kn-rectifying"), "1")
    shot(assoc, "providers-03-dashboard")
    assoc.locator("#kn-rectifying").click()
    expect(assoc).to_have_url(re.compile(r"/providers\?state=rectifying$"))
    expect(assoc.locator("tr.provider")).to_have_count(1)
    see(assoc.locator("tr.provider"), "江苏省动力电池及储能产品质量检验中心")

    phone = people.login("demo-association", viewport=PHONE, lang="en")
    for path, name in (("/providers", "providers-04-list-phone-en"),
                       ("/providers/dashboard", "providers-05-dashboard-phone-en")):
        go(phone, path)
        see(phone.locator("h1"), "Provider")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        shot(phone, name)
    see(phone.locator("#obligations-over-time"), "Overdue, not done")
