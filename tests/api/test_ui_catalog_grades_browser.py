"""In real headless Chromium: the public catalog shows a grade only where an evaluation gives it under the provider's
own rules, and says 尚未评价 / Not yet evaluated otherwise; a provider in a province with no rules of its own says on
its page that the general rules apply, and why (a new user's trial, 2026-11-29: 合格 on providers never graded so, and
a Zhejiang center under Shanghai's rules). Screenshots ``catalog-grades-…`` in test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, go, seed_world, serve, shot
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

ZHEJIANG = {"type": "center", "id": "qic-zj-pump", "name": "浙江省泵阀产品质量检验中心",
            "kind": "quality_inspection_center", "region": "浙江省温岭市", "industries": ["泵阀"]}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("catalog-grades-home")
    settings, passwords = seed_world(home)  # qic-js-battery rated (Jiangsu: its rules grade no tier)
    assert do_import(settings, write_jsonl(home / "zj.jsonl", [ZHEJIANG])).ok
    with serve(settings, passwords) as server:
        yield server


def test_the_catalog_and_a_providers_rules(people: People) -> None:
    for lang, unrated in (("zh", "尚未评价"), ("en", "Not yet evaluated")):
        visitor = people.open(lang=lang)
        visitor.goto(people.server.url + "/")
        rated = visitor.locator("li.card", has=visitor.locator("a[href='/centers/qic-js-battery']"))
        expect(rated.locator(".tag.rating")).to_contain_text("★")
        for tier in ("合格", "良好", "优秀", "pass", "good", "excellent"):
            expect(rated.locator(".tag.rating")).not_to_contain_text(tier)
        zhejiang = visitor.locator("li.card", has=visitor.locator("a[href='/centers/qic-zj-pump']"))
        expect(zhejiang.locator(".tag.rating.unrated")).to_have_text(unrated)
        shot(visitor, f"catalog-grades-{lang}")
    assoc = people.login("demo-association")
    go(assoc, "/providers/qic-zj-pump")
    expect(assoc.locator(".profile-name")).to_have_text("通用规则（本项目的解读）")
    expect(assoc.locator(".profile-note")).to_contain_text("浙江省温岭市")
    expect(assoc.locator(".profile-note")).to_contain_text("尚无此类机构的专门规则")
    expect(assoc.locator(".profile-note")).not_to_contain_text("上海")
    shot(assoc, "catalog-grades-provider-rules-zh")
