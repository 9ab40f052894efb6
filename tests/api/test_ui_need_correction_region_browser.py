"""协调员修正需求要点: the region, in real headless Chromium (a new user's trial, 2026-11-30: the chat read 福建省宁德市
from a supplier's name for an enterprise in 常州; the coordinator could correct only the product, industry, service
types and title, and the matcher kept marking the right center "地区 宁德市：未覆盖"). The coordinator types a city
of another province and is refused beside the city box with what was typed kept; corrects it, re-matches, and the
proposals read "地区 常州市：已覆盖". The English page says secrecy is only raised. Screenshots
``need-correction-region-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, engagement_through, go, seed_world, serve, shot

pytestmark = [*BROWSER_MARKS]

STATE: dict[str, Any] = {}
TEXT = ("我们是常州一家做储能电池模组的企业，电芯由福建省宁德市的供应商提供。新设计的280Ah磷酸铁锂储能模组需要按"
        "GB/T 36276做热失控和热扩散试验，要CMA报告。预算10万，两个月内完成。")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("need-correction-region-home")
    settings, passwords = seed_world(home)
    STATE["review"] = engagement_through(settings, None, [], need={
        "text": TEXT, "region": {"province": "福建省", "city": "宁德市"}})
    with serve(settings, passwords) as server:
        yield server


def test_the_coordinator_corrects_a_misread_region_and_rematches(people: People) -> None:
    page = people.login("demo-association")
    go(page, f"/review/{STATE['review']}")
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("宁德市")
    page.locator("#correct-need summary").click()
    form = page.locator("form.correct-need-form")
    expect(form.locator("input[name=city]")).to_have_value("宁德市")
    expect(form).to_contain_text("只能提高保密程度")
    form.locator("input[name=city]").fill("常州")  # still 福建省: refused beside the city, what was typed kept
    form.locator("#correct-need-save").click()
    page.wait_for_load_state()
    form = page.locator("form.correct-need-form")
    expect(form.locator("input[name=city]")).to_have_value("常州")
    expect(form.locator("input[name=city]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#field-error-city")).to_contain_text("不在福建省")
    shot(page, "need-correction-region-1-refused")
    form.locator("input[name=province]").fill("江苏省")
    form.locator("#correct-need-save").click()
    page.wait_for_url(lambda url: "corrected=1" in url)
    expect(facts).to_contain_text("江苏省常州市")
    expect(facts).not_to_contain_text("宁德")
    page.locator("#corrected-rematch").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("地区 常州市：已覆盖")
    expect(page.locator("main")).not_to_contain_text("宁德市：未覆盖")
    shot(page, "need-correction-region-2-rematched")

    en = people.login("demo-association", lang="en")
    go(en, f"/review/{STATE['review']}")
    en.locator("#correct-need summary").click()
    expect(en.locator("form.correct-need-form")).to_contain_text("Secrecy can only be raised here")
    # the region in the page's language (it read 江苏省 / 常州市 on the English page), read back as the same place
    en_form = en.locator("form.correct-need-form")
    expect(en_form.locator("input[name=province]")).to_have_value("Jiangsu")
    expect(en_form.locator("input[name=city]")).to_have_value("Changzhou")
    expect(en_form.locator("input[name=city]")).to_have_attribute("placeholder", "Changzhou")
    shot(en, "need-correction-region-3-en")
    en_form.locator("input[name=title]").fill("Thermal runaway test of a 280Ah storage module")
    en_form.locator("#correct-need-save").click()
    en.wait_for_url(lambda url: "corrected=1" in url)
    go(page, f"/review/{STATE['review']}")
    expect(page.locator("dl.facts").first).to_contain_text("江苏省常州市")
