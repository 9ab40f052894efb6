"""A trial in real Chromium (2026-11-30): the association's rating form for the demo center, as first opened on a
year played by ``innodock demo-accounts --history``, could not be saved, with no message: it came pre-filled with
fractional counts (服务范围 70.4 项, 发表论文数 2.64 篇: the demo year's figures scaled), 23 fields failed the
browser's own check and the browser sent nothing, a native tooltip on one field the only word. The page also said
"各项均已有值" while a yes/no item read "—（未填）". Here the form as first shown saves a draft with one field changed;
a whole-number field typed with decimals reaches the server, which refuses it beside the field, what was typed kept;
and an empty choice is listed as missing. Screenshots ``rating-demo-year-…`` in test-artifacts/ui/."""

from __future__ import annotations

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
from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, go, serve, shot
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("rating-demo-year-home")
    settings = Settings(home=home)
    with session_scope(settings) as session:
        assert knowledge.import_files(session=session, paths=transfer.sample_files(), replace=False).ok
        demo = accounts_flow.demo_accounts(session=session)
    demo_history.play(settings=settings, matcher=MatcherSetup(embedder=NgramEmbedder()), today=china_time.today(),
                      size=3)
    with serve(settings, {a.username: a.password for a in demo.accounts}) as server:
        yield server


def test_the_demo_years_form_as_first_shown_saves_a_draft(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, f"/evaluation/{CENTER}/rate")  # as first opened: this year, the demo history's rating
    form = assoc.locator("#rating-form")
    # nothing pre-filled that a whole-number field cannot hold
    fractional = form.evaluate("""f => Array.from(f.querySelectorAll('input[type=number][step="1"]'))
        .filter(e => e.value !== '' && !Number.isInteger(Number(e.value))).map(e => e.name + '=' + e.value)""")
    assert fractional == []
    # every choice the form shows empty is listed as missing, and then the page does not say all have values
    empty = form.evaluate("f => Array.from(f.querySelectorAll('select')).filter(s => s.value === '').map(s => s.name)")
    for name in empty:
        expect(assoc.locator(f"#missing [data-missing-item={name}]")).to_be_visible()
    if empty:
        expect(assoc.locator("#nothing-missing")).to_be_hidden()
    shot(assoc, "rating-demo-year-1-first-shown")
    # a whole-number field typed with decimals: the server says so beside it (the browser does not block silently)
    papers = form.locator("[name=papers]")
    papers.fill("2.64")
    with assoc.expect_navigation():
        assoc.locator("#save-draft").click()
    expect(papers).to_have_attribute("aria-invalid", "true")
    expect(papers).to_have_value("2.64")  # what was typed, kept
    expect(form.locator("#field-error-papers")).to_contain_text("整数")
    papers.scroll_into_view_if_needed()
    shot(assoc, "rating-demo-year-2-decimals-refused")
    # the form as first shown, one field changed: the draft is saved
    go(assoc, f"/evaluation/{CENTER}/rate")
    form.locator("[name=premises_area]").fill("1500")
    with assoc.expect_navigation():
        assoc.locator("#save-draft").click()
    expect(assoc.locator("#toast")).to_contain_text("草稿已保存")
    go(assoc, f"/evaluation/{CENTER}/rate")
    expect(form.locator("[name=premises_area]")).to_have_value("1500")
    shot(assoc, "rating-demo-year-3-draft-saved")
