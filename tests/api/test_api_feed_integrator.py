"""What an association website's developer reads from the feed, walked as a new integrator would (docs/api.md, "An
integrator's first day, walked"): every date-time on the wire carries its zone (RFC 3339, as the OpenAPI document's
``date-time`` says) — a provider's ``rated_at`` in the feed and the catalog came without one on SQLite, beside the
needs' ``published_at`` with its ``Z`` — and the feed of needs is newest-published first, so a site that polls its
first page sees a need published today even when it was drafted long before others; and the docs name the feed's
service-type codes as the platform does."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from kb.vocab import SERVICE_TYPE_LABELS
from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins, create_need, rating_inputs, submitted_need
from tests.api.uihelpers import form_login

CENTER = "qic-js-battery"


def _zoned(value: str) -> bool:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def test_a_providers_rating_time_carries_its_zone_in_the_feed_and_the_catalog(domain_client: TestClient,
                                                                              domain_world: World) -> None:
    c = domain_client
    rated = c.post("/api/v1/evaluations", headers=Logins(c)("coord-assoc"),
                   json={"center_id": CENTER, "period": "2024", "inputs": rating_inputs(), "party": "third",
                         "evaluator_name": "江南质量评价研究院"})
    assert rated.status_code == 201, rated.text
    feed = c.get("/api/v1/feed/providers", params={"limit": 200}, headers=bearer(domain_world.keys["site"]))
    assert feed.status_code == 200, feed.text
    [item] = [p for p in feed.json()["items"] if p["id"] == CENTER]
    listed = [p for p in c.get("/api/v1/centers", params={"limit": 200}).json()["items"] if p["id"] == CENTER]
    one = c.get(f"/api/v1/centers/{CENTER}").json()
    for shown in (item["rating"], listed[0]["rating"], one["rating"]):
        assert shown is not None and _zoned(shown["rated_at"]), shown


def test_the_feed_of_needs_is_newest_published_first(domain_client: TestClient, domain_world: World) -> None:
    """A need drafted first and submitted last is the newest on the feed: the feed was ordered by when a need was
    first drafted, so a site reading its first page for what is new missed it behind needs published earlier."""
    c, as_ = domain_client, Logins(domain_client)
    ent = as_("ent-a")
    drafted_first = create_need(c, ent, text="锂电池包跌落试验，需要按GB 31241做检测，苏州，预算3万元")
    published_first, _ = submitted_need(c, ent)
    late = c.post(f"/api/v1/needs/{drafted_first['id']}/submit", headers=ent)
    assert late.status_code == 200, late.text
    feed = c.get("/api/v1/feed/needs", params={"limit": 200}, headers=bearer(domain_world.keys["site"]))
    assert feed.status_code == 200, feed.text
    ids = [item["id"] for item in feed.json()["items"]]
    assert ids.index(drafted_first["id"]) < ids.index(published_first), ids
    stamps = [item["published_at"] for item in feed.json()["items"]]
    assert stamps == sorted(stamps, reverse=True)


def test_the_docs_name_every_service_type_as_the_platform_does() -> None:
    """docs/api.md gives a website the names of the feed's ``service_types`` codes (it had none: a site showed
    ``inspection_testing`` or guessed); they are ``kb.vocab.SERVICE_TYPE_LABELS``, word for word."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- service-types:start -->(.*?)<!-- service-types:end -->", text, re.S)
    assert block is not None
    shown = " ".join(block.group(1).split())
    expected = ", ".join(f"`{k.value}` {zh} / {en}" for k, (zh, en) in SERVICE_TYPE_LABELS.items()) + "."
    assert shown == expected


def test_the_keys_page_leads_an_administrator_to_where_keys_are_made(client: TestClient, world: World) -> None:
    """An administrator looking for "the keys page" found /account/keys, which only lists and revokes and told them,
    the platform's administrator, to ask the platform's administrator; it now links to their organisation's page,
    whose form makes keys. Others are still told to ask (``admin.accounts``, asked of ``authz.policy``)."""
    assert form_login(client, "admin").status_code == 303
    page = client.get("/account/keys")
    assert page.status_code == 200, page.text
    assert f'href="/admin/orgs/{world.orgs["assoc"]}#key-form"' in page.text and "新建密钥" in page.text
    made_there = client.get(f"/admin/orgs/{world.orgs['assoc']}")
    assert 'id="key-form"' in made_there.text
    english = client.get("/account/keys?lang=en").text
    assert "make a new key on your organisation" in english
    assert form_login(client, "coord-assoc").status_code == 303
    other = client.get("/account/keys")
    assert other.status_code == 200 and "#key-form" not in other.text and "请联系平台管理员" in other.text
