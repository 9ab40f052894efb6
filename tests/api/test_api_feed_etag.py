"""An association website polls the feed every few minutes, and most polls find nothing new: the feed answered each
with the whole page again, because it sent no validator (the feed walk's "left" list, 2026-11-28). Every feed
answer now carries an ``ETag`` made from its body; a site that sends it back in ``If-None-Match`` gets ``304 Not
Modified`` with no body until something it would see changes (docs/api.md, "What a website reads from the feed")."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins, submitted_need

TORQUE = ("我们是宁波的汽车零部件厂，车间里有二十多把扭矩扳手需要校准，希望浙江省内的计量机构上门，"
          "预算一万元左右，一个月内完成。")
SITE_ORIGIN = "https://site.example.org"  # the browser key's origin (tests/api/apihelpers.py)


def _get(c: TestClient, world: World, path: str, **headers: str) -> Any:
    return c.get(path, params={"limit": 50}, headers={**bearer(world.keys["site"]), **headers})


def test_a_feed_answer_that_did_not_change_is_not_sent_again(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    submitted_need(c, Logins(c)("ent-a"), text=TORQUE, service_types=["calibration"])
    for path in ("/api/v1/feed/needs", "/api/v1/feed/providers", "/api/v1/feed/groups"):
        first = _get(c, w, path)
        assert first.status_code == 200, first.text
        tag = first.headers.get("etag")
        assert tag and tag.startswith('W/"') and tag.endswith('"'), (path, first.headers)
        # the site keeps the tag and its copy; no browser or proxy stores a signed-in answer (issue 31)
        assert first.headers["cache-control"] == "private, no-store"
        again = _get(c, w, path, **{"If-None-Match": tag})
        assert again.status_code == 304, (path, again.status_code, again.text[:200])
        assert again.content == b"" and again.headers["etag"] == tag
        assert again.headers["cache-control"] == "private, no-store"
        # several validators, one of them current, or the strong form of the same tag: not modified either
        assert _get(c, w, path, **{"If-None-Match": f'W/"0000", {tag[2:]}'}).status_code == 304
        assert _get(c, w, path, **{"If-None-Match": "*"}).status_code == 304
        stale = _get(c, w, path, **{"If-None-Match": 'W/"0000"'})
        assert stale.status_code == 200 and stale.json() == first.json()


def test_the_tag_changes_when_what_the_site_sees_changes(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    before = _get(c, w, "/api/v1/feed/needs")
    need_id, _ = submitted_need(c, Logins(c)("ent-a"), text=TORQUE, service_types=["calibration"])
    after = _get(c, w, "/api/v1/feed/needs", **{"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and need_id in [i["id"] for i in after.json()["items"]]
    assert after.headers["etag"] != before.headers["etag"]
    # the same need in the other language is another representation, with its own tag
    one_zh = c.get(f"/api/v1/feed/needs/{need_id}", headers=bearer(w.keys["site"]))
    one_en = c.get(f"/api/v1/feed/needs/{need_id}", params={"lang": "en"},
                   headers={**bearer(w.keys["site"]), "If-None-Match": one_zh.headers["etag"]})
    assert one_zh.status_code == 200 and one_en.status_code == 200, one_en.text
    assert one_en.headers["etag"] != one_zh.headers["etag"]


def test_a_refusal_or_an_error_carries_no_tag(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    tag = _get(c, w, "/api/v1/feed/needs").headers["etag"]
    refused = c.get("/api/v1/feed/needs", headers={"If-None-Match": tag})  # no key: not the site's to read
    assert refused.status_code == 401 and "etag" not in refused.headers
    missing = c.get("/api/v1/feed/needs/no-such-need", headers={**bearer(w.keys["site"]), "If-None-Match": "*"})
    assert missing.status_code == 404 and "etag" not in missing.headers
    bad = c.get("/api/v1/feed/needs", params={"service_type": "nonsense"},
                headers={**bearer(w.keys["site"]), "If-None-Match": tag})
    assert bad.status_code == 422 and "etag" not in bad.headers


def test_a_sites_script_may_send_the_tag_and_read_it_across_origins(client: TestClient, world: World) -> None:
    preflight = client.options("/api/v1/feed/needs", headers={
        "Origin": SITE_ORIGIN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,if-none-match"})
    assert preflight.status_code == 204, preflight.text
    assert "if-none-match" in preflight.headers["access-control-allow-headers"]
    got = client.get("/api/v1/feed/needs", headers={**bearer(world.keys["browser"]), "Origin": SITE_ORIGIN})
    assert got.status_code == 200 and got.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert "ETag" in got.headers["access-control-expose-headers"]
    again = client.get("/api/v1/feed/needs", headers={**bearer(world.keys["browser"]), "Origin": SITE_ORIGIN,
                                                      "If-None-Match": got.headers["etag"]})
    assert again.status_code == 304 and again.headers["access-control-allow-origin"] == SITE_ORIGIN
