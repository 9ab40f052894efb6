"""The association website's developer, walked as a new user (2026-11-28, docs/ui.md's last section): an admin
gives them a key on the organisation's page, they show the feed on the site, subscribe a webhook, try the API in
``/docs`` and handle its errors. Each test here is a fault that walk found, failing before its fix:

- ``/docs`` had no "Authorize" button: the OpenAPI document declared no security scheme, so a developer could not
  try a single route with their key there, and a generated client did not know how to send it;
- a 401 named no field, where every other refusal of a credential names ``authorization`` or ``scopes``;
- the feed's ``next_before`` was set on a full last page, so a site paging to the end made one more request for an
  empty page, though the schema says "null on the last page";
- a misspelt feed parameter (``?service_types=`` for ``?service_type=``) was ignored, and the site showed every
  need as if it were the ones it asked for;
- ``need.unpublished`` wrote its time as ``+00:00`` where every other time the site reads ends in ``Z``;
- an unknown path or method answered "Not Found" / "Method Not Allowed", in English only and naming nothing;
- the page that shows a new key labelled it "Key（…）" with Chinese brackets in English.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from api.rate_limits import SharedPace
from authz.tables import ACTIONS
from core.settings import Settings
from flows.accounts import TooManyAttempts
from matcher import service as matcher_service
from outbox import queue as jobs
from tests.api.apihelpers import PASSWORD, World, bearer
from tests.api.conftest import fake_matcher
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.jobhelpers import REDIS_URL, redis_unavailable

PACE_INSTANT = 1_900_000_050.0  # 30 s before a minute's window ends (1_900_000_080 is a multiple of 60)
TEXTS = ["我们是常州的动力电池生产企业，电芯针刺后热失控，需要检验检测，预算5万元，三个月内完成。",
         "我们是宁波的汽车零部件厂，二十多把扭矩扳手需要校准，预算一万元左右，一个月内完成。",
         "我们是无锡的电线电缆厂，护套低温下开裂，需要检测，预算两万元。"]


def _feed(c: TestClient, world: World, **params: Any) -> Any:
    return c.get("/api/v1/feed/needs", params=params, headers=bearer(world.keys["site"]))


def test_the_openapi_document_says_how_to_send_a_key_and_which_scope_each_route_needs(
        domain_client: TestClient) -> None:
    doc = domain_client.get("/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    bearer_schemes = [name for name, s in schemes.items() if s == {**s, "type": "http", "scheme": "bearer"}]
    assert len(bearer_schemes) == 1, schemes  # Swagger UI's "Authorize" button takes the key
    name = bearer_schemes[0]
    assert "ik_" in schemes[name]["description"] and "is_" in schemes[name]["description"]
    feed = doc["paths"]["/api/v1/feed/needs"]["get"]
    assert {name: ["feed:read"]} in feed["security"], feed.get("security")
    hooks = doc["paths"]["/api/v1/webhooks/subscriptions"]["post"]
    assert {name: ["webhooks:manage"]} in hooks["security"], hooks.get("security")
    # a people-only route takes a session token, never a key: it names no scope
    assert {name: []} in doc["paths"]["/api/v1/auth/password"]["post"]["security"]
    # a public route asks for nothing
    assert "security" not in doc["paths"]["/api/v1/centers"]["get"]
    assert "security" not in doc["paths"]["/api/v1/auth/login"]["post"]
    # every other operation under /api/v1 names the scopes its action needs
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            if "security" in op:
                scopes = {s for requirement in op["security"] for s in requirement.get(name, [])}
                assert scopes <= {s.value for rule in ACTIONS.values() for s in rule.scopes}, (method, path)


def test_a_refused_credential_names_the_authorization_header(domain_client: TestClient, domain_world: World) -> None:
    c = domain_client
    for headers in ({}, {"Authorization": "Bearer ik_00000000_nope"}, {"Authorization": "Token abc"},
                    {"Authorization": "Bearer is_nope"}):
        answer = c.get("/api/v1/feed/needs", headers=headers)
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer", answer.text
        assert answer.json()["error"]["field"] == "authorization", (headers, answer.text)


def test_the_last_page_of_the_feed_says_it_is_the_last(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    ent = Logins(c)("ent-a")
    for text in TEXTS:
        submitted_need(c, ent, text=text)
    total = _feed(c, w, limit=200).json()["total"]
    assert total == len(TEXTS)
    # three needs in pages of one: the third page is full and is the last, so it carries no cursor
    first = _feed(c, w, limit=1).json()
    second = _feed(c, w, limit=1, before=first["next_before"]).json()
    third = _feed(c, w, limit=1, before=second["next_before"]).json()
    assert len(third["items"]) == 1 and third["next_before"] is None, third
    # the same with offsets, and a page of exactly all of them
    assert _feed(c, w, limit=1, offset=2).json()["next_before"] is None
    assert _feed(c, w, limit=3).json()["next_before"] is None
    assert _feed(c, w, limit=2).json()["next_before"] is not None


def test_a_misspelt_feed_parameter_is_refused_naming_it(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    for wrong, right in (("service_types", "service_type"), ("provinces", "province"), ("page", None),
                         ("after", None)):
        answer = _feed(c, w, **{wrong: "calibration"})
        assert answer.status_code == 422, (wrong, answer.text)
        error = answer.json()["error"]
        assert error["field"] == wrong and error["code"] == "invalid", error
        assert " / " in error["message"] and (right is None or right in error["message"]), error
    # the same for one need, the providers and the groups; what the routes take still passes
    assert c.get("/api/v1/feed/needs/x", params={"language": "en"},
                 headers=bearer(w.keys["site"])).json()["error"]["field"] == "language"
    assert c.get("/api/v1/feed/providers", params={"lang": "en"}, headers=bearer(w.keys["site"])).status_code == 422
    assert c.get("/api/v1/feed/groups", params={"limit": 5}, headers=bearer(w.keys["site"])).status_code == 200
    assert _feed(c, w, service_type="calibration", lang="en", limit=5).status_code == 200


def test_the_times_a_site_reads_are_written_one_way(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    site = bearer(w.keys["site"])
    made = c.post("/api/v1/webhooks/subscriptions", headers=site,
                  json={"url": "https://hooks.example.org/in", "events": ["need.published", "need.unpublished"]})
    assert made.status_code == 201, made.text
    ent = Logins(c)("ent-a")
    need_id, _ = submitted_need(c, ent, text=TEXTS[0])
    assert c.post(f"/api/v1/needs/{need_id}/withdraw", headers=ent).status_code == 200
    log = c.get("/api/v1/webhooks/deliveries", headers=site).json()["items"]
    payloads = {d["event"]: c.get(f"/api/v1/webhooks/deliveries/{d['id']}", headers=site).json()["payload"]
                for d in log}
    published_at = payloads["need.published"]["published_at"]
    unpublished_at = payloads["need.unpublished"]["unpublished_at"]
    assert published_at.endswith("Z") and unpublished_at.endswith("Z"), (published_at, unpublished_at)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", unpublished_at), unpublished_at


def test_an_unknown_path_or_method_answers_in_both_languages(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    missing = c.get("/api/v1/feed/need", headers=bearer(w.keys["site"]))
    assert missing.status_code == 404
    error = missing.json()["error"]
    assert error["code"] == "not_found" and " / " in error["message"] and "/api/v1/feed/need" in error["message"]
    wrong = c.delete("/api/v1/feed/needs", headers=bearer(w.keys["site"]))
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET", wrong.headers
    error = wrong.json()["error"]
    assert error["code"] == "method_not_allowed" and " / " in error["message"] and "GET" in error["message"], error
    # a path several routes share names every method they take, not the first route's (Starlette's Allow did)
    made = c.post("/api/v1/webhooks/subscriptions", headers=bearer(w.keys["site"]),
                  json={"url": "https://hooks.example.org/in", "events": ["need.published"]}).json()
    put = c.put(f"/api/v1/webhooks/subscriptions/{made['id']}", headers=bearer(w.keys["site"]))
    assert put.status_code == 405 and put.headers["allow"] == "DELETE, GET", put.headers
    assert "DELETE, GET" in put.json()["error"]["message"], put.text


def test_the_new_key_page_reads_in_english(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    assert c.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}).status_code == 200
    c.cookies.set("lang", "en")
    made = c.post(f"/admin/orgs/{w.orgs['assoc']}/keys", data={"name": "Website server",
                                                               "scopes": ["feed:read", "webhooks:manage"]})
    assert made.status_code == 201, made.text[:500]
    label = re.search(r'<label for="key-secret">([^<]*)</label>', made.text)
    assert label, made.text[:2000]
    assert "（" not in label.group(1) and "）" not in label.group(1), label.group(1)
    assert label.group(1) == "Key (质量协会 · Website server)", label.group(1)


def test_one_subscription_is_read_by_its_id(domain_client: TestClient, domain_world: World) -> None:
    """``GET /webhooks/subscriptions/{id}`` answered 405: a developer who kept the id could not read back what it
    subscribed to without paging the list."""
    c, w = domain_client, domain_world
    made = c.post("/api/v1/webhooks/subscriptions", headers=bearer(w.keys["site"]),
                  json={"url": "https://hooks.example.org/in", "events": ["need.published"]}).json()
    one = c.get(f"/api/v1/webhooks/subscriptions/{made['id']}", headers=bearer(w.keys["site"]))
    assert one.status_code == 200, one.text
    assert one.json() == {k: v for k, v in made.items() if k != "secret"}  # the secret was shown once only
    others = c.get(f"/api/v1/webhooks/subscriptions/{made['id']}", headers=bearer(w.keys["ent-a-key"]))
    missing = c.get("/api/v1/webhooks/subscriptions/nope", headers=bearer(w.keys["ent-a-key"]))
    assert others.status_code == missing.status_code == 404
    assert others.json()["error"]["field"] == missing.json()["error"]["field"] == "subscription_id"
    assert c.get(f"/api/v1/webhooks/subscriptions/{made['id']}",
                 headers=bearer(w.keys["feed-only"])).json()["error"]["field"] == "scopes"


def test_the_openapi_document_describes_what_the_feed_s_webhooks_send(domain_client: TestClient) -> None:
    """A developer generating types from ``/openapi.json`` had the feed's shape but not its events': the document
    had no ``webhooks``. ``need.published`` and ``need.unpublished`` are there now, as they are sent: the envelope
    with its ``data``, and the signature's headers."""
    doc = domain_client.get("/openapi.json").json()
    hooks = doc.get("webhooks", {})
    for event, data_schema in (("need.published", "NeedAnnounced"), ("need.unpublished", "NeedLeft")):
        operation = hooks[event]["post"]
        headers = {p["name"].lower() for p in operation["parameters"] if p["in"] == "header"}
        assert {"x-innodock-event", "x-innodock-delivery", "x-innodock-timestamp", "x-innodock-signature",
                "x-innodock-signature-version"} <= headers, headers
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        envelope = doc["components"]["schemas"][body]
        assert set(envelope["required"]) == {"id", "event", "created_at", "data"}, envelope
        assert envelope["properties"]["data"]["$ref"].endswith("/" + data_schema), envelope
        assert envelope["properties"]["event"]["const"] == event, envelope
        # the signed string as the docs write it, in a code span: bare, ReDoc read <timestamp> as an HTML tag
        signature = next(p for p in operation["parameters"] if p["name"].lower() == "x-innodock-signature")
        assert "`<timestamp>.<delivery id>.<raw body>`" in signature["description"], signature


def test_a_website_key_is_paced_per_visitor_address(domain_world: World) -> None:
    """The website key's secret sits in every page of the site, and nothing counted its requests: anyone could read
    the feed through it as fast as they liked (300 back to back in the walk, all 200). A key with browser origins is
    now paced per key and client address (``INNODOCK_API_BROWSER_KEY_REQUESTS_PER_MINUTE``): the visitors of a busy
    site do not share one budget, and the server-side key is not paced."""
    config = ApiConfig(deliver_in_process=False, webhook_allow_private=True, browser_key_requests_per_minute=3)
    app = create_app(domain_world.settings, config, matcher=fake_matcher())
    site = {**bearer(domain_world.keys["browser"]), "Origin": "https://site.example.org"}
    try:
        with TestClient(app, client=("198.51.100.7", 50000)) as visitor, \
                TestClient(app, client=("203.0.113.9", 50000)) as other:
            app.state.browser_key_pace.freeze()  # every hit in one window, whatever the machine's speed
            assert [visitor.get("/api/v1/feed/needs", headers=site).status_code for _ in range(3)] == [200] * 3
            held = visitor.get("/api/v1/feed/needs", headers=site)
            assert held.status_code == 429, held.text
            assert int(held.headers["retry-after"]) >= 1
            error = held.json()["error"]
            assert error["code"] == "too_many_requests" and " / " in error["message"], error
            # the site's page may read how long to wait
            assert held.headers["access-control-allow-origin"] == "https://site.example.org"
            assert "Retry-After" in held.headers["access-control-expose-headers"]
            assert other.get("/api/v1/feed/needs", headers=site).status_code == 200  # another visitor
            server_key = bearer(domain_world.keys["feed-only"])
            assert [visitor.get("/api/v1/feed/needs", headers=server_key).status_code
                    for _ in range(5)] == [200] * 5
    finally:
        matcher_service.reset()


def test_two_workers_share_a_website_key_s_allowance(domain_world: World) -> None:
    """Each API worker counted the website key's pace in its own memory: with two workers a visitor had twice the
    allowance (the association website's walk, left item). Two apps on one database stand for two workers without
    Redis; their clocks are one injected instant, so every hit falls in one window."""
    config = ApiConfig(deliver_in_process=False, webhook_allow_private=True, browser_key_requests_per_minute=3)
    no_redis = jobs.JobsConfig(redis_url=None)
    first, second = (create_app(domain_world.settings, config, matcher=fake_matcher(), jobs=no_redis)
                     for _ in range(2))
    site = {**bearer(domain_world.keys["browser"]), "Origin": "https://site.example.org"}
    try:
        with TestClient(first, client=("198.51.100.21", 50000)) as one, \
                TestClient(second, client=("198.51.100.21", 50000)) as two:
            for app in (first, second):
                app.state.browser_key_pace.clock = lambda: PACE_INSTANT
            codes = [worker.get("/api/v1/feed/needs", headers=site).status_code for worker in (one, two, one, two)]
            assert codes == [200, 200, 200, 429], codes
    finally:
        matcher_service.reset()


@pytest.mark.parametrize("redis_url", [REDIS_URL, "redis://127.0.0.1:1/0"], ids=["redis", "redis-unreachable"])
def test_two_workers_paces_share_one_allowance_in_redis_or_else_the_database(settings: Settings,
                                                                           redis_url: str) -> None:
    """With Redis configured (``INNODOCK_REDIS_URL``, the job queue's) the pace is counted there; when Redis cannot
    be reached, in the database, so the allowance still holds. Two pace objects stand for two workers."""
    if redis_url == REDIS_URL and (reason := redis_unavailable()):
        pytest.skip(reason)
    now = [PACE_INSTANT]
    workers = [SharedPace(limit=2, window_seconds=60.0, what=("请求过于频繁", "too many requests"), name="test",
                          settings=settings, redis_url=redis_url, clock=lambda: now[0]) for _ in range(2)]
    caller = f"{uuid.uuid4()}|198.51.100.22"
    workers[0].hit(caller)
    workers[1].hit(caller)
    with pytest.raises(TooManyAttempts) as held:
        workers[0].hit(caller)
    assert held.value.headers["Retry-After"] == "30"  # the window ends 30 s after the instant
    workers[1].hit(f"{uuid.uuid4()}|198.51.100.22")  # another caller has an allowance of its own
    now[0] += 30.0  # the next window
    workers[1].hit(caller)


def test_a_provider_in_the_feed_names_its_kind_in_english_too(domain_client: TestClient, domain_world: World) -> None:
    """A site in English had ``tier_en`` for a provider's rating but its kind in Chinese alone (``kind_label``)."""
    c, w = domain_client, domain_world
    items = c.get("/api/v1/feed/providers", params={"limit": 200}, headers=bearer(w.keys["site"])).json()["items"]
    assert items
    for item in items:
        assert item["kind_label_en"] and item["kind_label_en"].isascii(), item
    battery = next(i for i in items if i["id"] == "qic-js-battery")
    assert (battery["kind_label"], battery["kind_label_en"]) == ("质检中心", "quality inspection center")
    one = c.get("/api/v1/centers/qic-js-battery").json()  # the public catalog says it the same way
    assert one["kind_label_en"] == "quality inspection center", one
