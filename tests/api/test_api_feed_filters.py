"""An association website shows the needs that concern its visitors — its province, its industries, the services its
members offer — and fetches only what is new since its last visit. The feed could only be paged through whole, and
the filters a site sent (``?service_type=``, ``?since=``) were ignored, so the site was given every need and a
``total`` that did not count what it asked for (docs/api.md, "What a website reads from the feed")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from core.bilingual import CJK, in_language
from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins, create_need, submitted_need

BATTERY = ("我们是常州的动力电池生产企业，电芯在针刺后出现热失控，需要按GB 38031-2020做单体热失控试验检测，"
           "需要CMA报告，预算5万元，三个月内完成。")
TORQUE = ("我们是宁波的汽车零部件厂，车间里有二十多把扭矩扳手需要校准，希望浙江省内的计量机构上门，"
          "预算一万元左右，一个月内完成。")


def _feed(c: TestClient, world: World, **params: Any) -> Any:
    answer = c.get("/api/v1/feed/needs", params={"limit": 200, **params}, headers=bearer(world.keys["site"]))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _two_needs(c: TestClient) -> tuple[str, str]:
    ent = Logins(c)("ent-a")
    battery, _ = submitted_need(c, ent, text=BATTERY, service_types=["inspection_testing"])
    torque, _ = submitted_need(c, ent, text=TORQUE, service_types=["calibration"])
    return battery, torque


def _published(c: TestClient, world: World, need_id: str) -> dict[str, Any]:
    [item] = [i for i in _feed(c, world)["items"] if i["id"] == need_id]
    return dict(item)


def test_the_feed_is_filtered_by_service_type_industry_province_and_city(domain_client: TestClient,
                                                                         domain_world: World) -> None:
    c, w = domain_client, domain_world
    battery, torque = _two_needs(c)
    b, t = _published(c, w, battery), _published(c, w, torque)
    assert b["region"]["province"] != t["region"]["province"], (b["region"], t["region"])

    by_type = _feed(c, w, service_type="calibration")
    assert torque in [i["id"] for i in by_type["items"]] and battery not in [i["id"] for i in by_type["items"]]
    assert all("calibration" in i["service_types"] for i in by_type["items"])
    assert by_type["total"] == len(by_type["items"])  # the total counts what was asked for, not the whole feed

    either = _feed(c, w, service_type=["calibration", "inspection_testing"])  # several of one kind: any of them
    assert {battery, torque} <= {i["id"] for i in either["items"]}

    in_province = _feed(c, w, province=b["region"]["province"])
    assert battery in [i["id"] for i in in_province["items"]] and torque not in [i["id"] for i in in_province["items"]]
    assert all(i["region"]["province"] == b["region"]["province"] for i in in_province["items"])
    in_city = _feed(c, w, city=t["region"]["city"])
    assert [i["id"] for i in in_city["items"] if i["id"] in (battery, torque)] == [torque]

    # Kinds together narrow: the battery need's province and the torque need's service type is neither.
    both = _feed(c, w, province=b["region"]["province"], service_type="calibration")
    assert {battery, torque}.isdisjoint(i["id"] for i in both["items"])
    if b["industry"]:
        by_industry = _feed(c, w, industry=b["industry"])
        assert battery in [i["id"] for i in by_industry["items"]]
        assert all(i["industry"] == b["industry"] for i in by_industry["items"])
    nowhere = _feed(c, w, city="不存在市")
    assert nowhere == {"items": [], "total": 0, "limit": 200, "offset": 0, "next_before": None}


def test_since_gives_only_what_was_published_at_or_after_it_in_any_offset(domain_client: TestClient,
                                                                          domain_world: World) -> None:
    c, w = domain_client, domain_world
    battery, torque = _two_needs(c)
    stamp = datetime.fromisoformat(_published(c, w, torque)["published_at"].replace("Z", "+00:00"))
    later = _feed(c, w, since=stamp.isoformat())
    assert torque in [i["id"] for i in later["items"]] and battery not in [i["id"] for i in later["items"]]
    assert all(datetime.fromisoformat(i["published_at"].replace("Z", "+00:00")) >= stamp for i in later["items"])
    # The same instant said in China time, and in UTC with no offset, gives the same page.
    china = stamp.astimezone(ZoneInfo("Asia/Shanghai"))
    assert _feed(c, w, since=china.isoformat()) == later
    assert _feed(c, w, since=stamp.astimezone(UTC).replace(tzinfo=None).isoformat()) == later
    after_all = _feed(c, w, since=(stamp + timedelta(days=1)).isoformat())
    assert after_all["total"] == 0


def test_an_edit_moves_a_need_between_filters_and_a_need_gone_from_the_feed_matches_none(
        domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    ent = Logins(c)("ent-a")
    battery, _ = _two_needs(c)
    before = _published(c, w, battery)
    edited = c.patch(f"/api/v1/needs/{battery}", headers=ent,
                     json={"service_types": ["inspection_testing", "quality_evaluation"]})
    assert edited.status_code == 200, edited.text
    assert battery in [i["id"] for i in _feed(c, w, service_type="quality_evaluation")["items"]]
    withdrawn = c.post(f"/api/v1/needs/{battery}/withdraw", headers=ent)
    assert withdrawn.status_code == 200, withdrawn.text
    for params in ({"service_type": "quality_evaluation"}, {"province": before["region"]["province"]}, {}):
        assert battery not in [i["id"] for i in _feed(c, w, **params)["items"]], params


def test_a_bad_filter_is_refused_naming_it_and_nothing_else_is_read(domain_client: TestClient,
                                                                    domain_world: World) -> None:
    c, w = domain_client, domain_world
    site = bearer(w.keys["site"])
    create_need(c, Logins(c)("ent-a"))
    for params, field in (({"service_type": "testing"}, "service_type"), ({"since": "上周"}, "since"),
                          ({"since": "2026-13-01"}, "since"), ({"province": "省" * 101}, "province"),
                          ({"city": ""}, "city")):
        answer = c.get("/api/v1/feed/needs", params=params, headers=site)
        assert answer.status_code == 422, (params, answer.text)
        assert field in answer.text, (params, answer.text)
    # A refusal whose reason is the service's own, in both languages, keeps each language whole on its side of the
    # " / ": "请求参数不正确 / invalid request: 此接口没有参数 … / no parameter …" put Chinese in the English half, and
    # a page or a site showing one half showed the other language (docs/img/site-dev-site-page.png, 2026-11-28).
    misspelt = c.get("/api/v1/feed/needs", params={"service_types": "calibration"}, headers=site)
    assert misspelt.status_code == 422 and misspelt.json()["error"]["field"] == "service_types", misspelt.text
    zh, en = (in_language(misspelt.json()["error"]["message"], lang) for lang in ("zh", "en"))
    assert zh.startswith("请求参数不正确：此接口没有参数 service_types") and "service_type" in zh, zh
    assert en.startswith("invalid request: no parameter service_types here; did you mean service_type?"), en
    assert not CJK.search(en), en


def test_an_english_site_gets_the_platforms_sentences_in_english_and_the_enterprises_words_as_written(
        domain_client: TestClient, domain_world: World) -> None:
    """``budget_band`` and a confidential need's title and summary are the platform's Chinese sentences; an English
    website printed "新能源领域企业检验检测需求" and "约5万元" beside its own English text."""
    c, w = domain_client, domain_world
    ent = Logins(c)("ent-a")
    secret, _ = submitted_need(c, ent, text=BATTERY, confidential=True)
    open_one, _ = submitted_need(c, ent, text=TORQUE, service_types=["calibration"])
    zh = {i["id"]: i for i in _feed(c, w)["items"]}
    en = {i["id"]: i for i in _feed(c, w, lang="en")["items"]}
    assert zh[secret]["budget_band"] and "万" in zh[secret]["budget_band"]
    for said in (en[secret], c.get(f"/api/v1/feed/needs/{secret}", params={"lang": "en"},
                                   headers=bearer(w.keys["site"])).json()):
        assert said["budget_band"].startswith(("RMB", "up to RMB", "about RMB")), said["budget_band"]
        for text in (said["title"], said["summary"], said["budget_band"]):
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.replace(said["region"]["city"] or "", "")
                           .replace(said["region"]["province"] or "", "")), text
    assert en[open_one]["title"] == zh[open_one]["title"] and en[open_one]["summary"] == zh[open_one]["summary"]
    assert {k: v for k, v in en[open_one].items() if k not in ("budget_band", "url")} == {
        k: v for k, v in zh[open_one].items() if k not in ("budget_band", "url")}
    assert en[open_one]["url"] == zh[open_one]["url"] + "?lang=en"  # its public page, in the site's language
    refused = c.get("/api/v1/feed/needs", params={"lang": "fr"}, headers=bearer(w.keys["site"]))
    assert refused.status_code == 422 and "lang" in refused.text
