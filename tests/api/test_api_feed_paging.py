"""A site that copies the whole feed pages through it, newest first. With ``offset`` alone, a need published while
it paged pushed every need one place down, so the site saw one need twice, and a need withdrawn meanwhile pulled them
up, so it missed one (docs/api.md's "Left" list, 2026-11-28). Each page now says where the next one begins
(``next_before``), and ``?before=`` takes the needs strictly after that point: what happens meanwhile at the top
of the feed shifts nothing below it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins, submitted_need

TEXTS = [f"我们是常州的{product}生产企业，{problem}，需要检验检测，预算{budget}万元，三个月内完成。"
         for product, problem, budget in (("动力电池", "电芯针刺后热失控", 5), ("扭矩扳手", "出厂扭矩偏差大", 1),
                                          ("电动车控制器", "高温下频繁重启", 3), ("儿童滑板车", "折叠机构松动", 2),
                                          ("光伏接线盒", "湿热试验后绝缘下降", 4))]


def _page(c: TestClient, world: World, **params: Any) -> Any:
    answer = c.get("/api/v1/feed/needs", params=params, headers=bearer(world.keys["site"]))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_paging_by_the_cursor_neither_repeats_nor_misses_a_need(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, w = domain_client, domain_world
    ent = Logins(c)("ent-a")
    mine = [submitted_need(c, ent, text=text)[0] for text in TEXTS]
    before_paging = [i["id"] for i in _page(c, w, limit=200)["items"]]
    assert set(mine) <= set(before_paging)

    first = _page(c, w, limit=2)
    assert first["next_before"] and len(first["items"]) == 2
    # meanwhile: a need is published at the top, and one not yet read is withdrawn
    late, _ = submitted_need(c, ent, text="我们是无锡的电线电缆厂，护套低温下开裂，需要检测，预算两万元。")
    gone = before_paging[3]
    assert c.post(f"/api/v1/needs/{gone}/withdraw", headers=ent).status_code == 200

    seen = [i["id"] for i in first["items"]]
    cursor = first["next_before"]
    while cursor:
        page = _page(c, w, limit=2, before=cursor)
        seen += [i["id"] for i in page["items"]]
        assert page["total"] == len(before_paging)  # the filters' count, wherever the cursor stands
        cursor = page["next_before"]
    assert len(seen) == len(set(seen)), seen  # nothing twice
    assert seen == [n for n in before_paging if n != gone]  # nothing missed, in the feed's order
    assert late not in seen and late == _page(c, w, limit=1)["items"][0]["id"]  # the next poll's first page has it

    # the same meanwhile with offsets: the page after shows the last need of the first page again
    top = _page(c, w, limit=2)
    submitted_need(c, ent, text="我们是嘉兴的紧固件厂，螺栓镀锌后氢脆断裂，需要失效分析，预算三万元。")
    assert _page(c, w, limit=2, offset=2)["items"][0]["id"] == top["items"][1]["id"]


def test_a_cursor_narrows_with_the_filters_and_ends_on_the_last_page(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    c, w = domain_client, domain_world
    ent = Logins(c)("ent-a")
    for text in TEXTS[:3]:
        submitted_need(c, ent, text=text)
    whole = _page(c, w, limit=200, province="江苏省")
    assert whole["next_before"] is None or len(whole["items"]) == 200
    first = _page(c, w, limit=1, province="江苏省")
    rest = _page(c, w, limit=200, province="江苏省", before=first["next_before"])
    assert [i["id"] for i in first["items"] + rest["items"]] == [i["id"] for i in whole["items"]]
    assert rest["next_before"] is None  # a page shorter than its limit is the last


def test_a_cursor_that_is_not_the_feeds_is_refused_naming_it(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    for bad in ("not-a-cursor", "!!", "x" * 201, "MjAyNi0xMS0yOA"):  # the last: base64 of a date with no need id
        answer = c.get("/api/v1/feed/needs", params={"before": bad}, headers=bearer(w.keys["site"]))
        assert answer.status_code == 422, (bad, answer.text)
        assert "before" in answer.text, answer.text
