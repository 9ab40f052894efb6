"""协调员修正需求要点 in real headless Chromium (a new user's trial, 2026-11-29: the chat read a battery module's
confidential need as product "担心单体间隔热垫", industry "家具制造业"; the proposed battery center and the public page
read "家具制造业领域企业检验检测需求" and the coordinator could not correct it). The association's coordinator opens
the review, sees the misread public title, corrects the product and the industry in the form (the industry picked
from the need card's GB/T 4754 list), saves, and is offered a re-match beside the saved message; the page and the
proposed center's view then show the corrected redacted title. Screenshots ``need-correction-…`` in
test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, engagement_through, go, seed_world, serve, shot

pytestmark = [*BROWSER_MARKS]

STATE: dict[str, Any] = {}
TEXT = ("我们是常州一家做储能电池模组的企业，新设计的280Ah磷酸铁锂储能模组在做热失控扩散试验前想先摸底，"
        "担心单体间隔热垫不够。需要按GB/T 36276做热失控和热扩散试验，要CMA报告。预算10万，两个月内完成，"
        "技术方案需要保密。")
MISREAD_TITLE = "家具制造业领域企业检验检测需求"
CORRECTED_TITLE = "电池制造领域企业检验检测需求"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("need-correction-home")
    settings, passwords = seed_world(home)
    STATE["review"] = engagement_through(settings, None, [], need={
        "text": TEXT, "confidential": True, "product": "担心单体间隔热垫", "industry": "家具制造业"})
    with serve(settings, passwords) as server:
        yield server


def test_the_coordinator_corrects_a_misread_need_on_its_review_page(people: People) -> None:
    center = people.login("demo-center")
    go(center, f"/review/{STATE['review']}")
    expect(center.locator("h1")).to_have_text(MISREAD_TITLE)  # what the trial's battery center read

    page = people.login("demo-association")
    go(page, f"/review/{STATE['review']}")
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text(MISREAD_TITLE)  # the public title, beside the need's own
    page.locator("#correct-need summary").click()
    form = page.locator("form.correct-need-form")
    expect(form.locator("input[name=product]")).to_have_value("担心单体间隔热垫")
    form.locator("input[name=product]").fill("280Ah磷酸铁锂储能模组")
    form.locator("input[name=industry]").fill("电池制造")
    shot(page, "need-correction-1-form")
    form.locator("#correct-need-save").click()
    page.wait_for_url(lambda url: "corrected=1" in url)
    saved = page.locator("#corrected")
    expect(saved).to_contain_text("需求要点已修正")
    expect(saved.locator("#corrected-rematch")).to_be_visible()  # offered, not run
    expect(facts).to_contain_text(CORRECTED_TITLE)
    expect(facts).to_contain_text("280Ah磷酸铁锂储能模组")
    expect(facts).not_to_contain_text("家具制造业")
    shot(page, "need-correction-2-saved")

    go(center, f"/review/{STATE['review']}")
    expect(center.locator("h1")).to_have_text(CORRECTED_TITLE)
    expect(center.locator("main")).not_to_contain_text("280Ah")  # still the published summary, no detail
    expect(center.locator("#correct-need")).to_have_count(0)
    shot(center, "need-correction-3-center")
