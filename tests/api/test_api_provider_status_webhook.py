"""An association's website hears of a provider's status instead of polling (issue 29, item 7): it subscribes to
``provider.status_changed`` with its key, the association suspends a provider through the API, and the website's
receiver gets the signed event with the payload docs/api.md prints; the enterprise's subscriber gets nothing."""

from __future__ import annotations

import json

import httpx
from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from outbox.deliver import deliver_due
from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins

CENTER = "qic-js-battery"


def test_a_subscribed_website_receives_the_provider_status_event(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    for key, url in (("site", "http://127.0.0.1:9/site"), ("ent-a-key", "http://127.0.0.1:9/enterprise")):
        made = c.post("/api/v1/webhooks/subscriptions", headers=bearer(domain_world.keys[key]),
                      json={"url": url, "events": ["provider.status_changed"]})
        assert made.status_code == 201, made.text
    version = c.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()["lifecycle"]["version"]
    today = china_time.today().isoformat()
    suspended = c.post(f"/api/v1/providers/{CENTER}/transitions", headers=as_("coord-assoc"),
                       json={"transition": "suspend", "version": version, "payload": {
                           "grounds": "监督检查发现未按规定开展检测", "decided_on": today,
                           "decision_document": "苏质协〔2026〕40号"}})
    assert suspended.status_code == 200, suspended.text

    received: list[tuple[str, dict[str, str], dict[str, object]]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        received.append((str(request.url), dict(request.headers), json.loads(request.content)))
        return httpx.Response(204)

    with session_scope(domain_world.settings) as session, httpx.Client(transport=httpx.MockTransport(answer)) as h:
        run = deliver_due(session=session, client=h)
    assert run.delivered == 1
    [(url, headers, body)] = received
    assert url == "http://127.0.0.1:9/site" and headers["x-innodock-event"] == "provider.status_changed"
    assert headers["x-innodock-signature"].startswith("sha256=")
    assert body["event"] == "provider.status_changed"
    assert body["data"] == {"center_id": CENTER, "center_name": "江苏省动力电池产品质量检验中心",
                            "kind": "quality_inspection_center", "transition": "suspend",
                            "previous_state": "operating", "state": "suspended", "status": "suspended",
                            "version": version + 1, "decided_on": today, "proposal_id": None,
                            "rectification_deadline": None}
    # The website's delivery log says the same.
    log = c.get("/api/v1/webhooks/deliveries", headers=bearer(domain_world.keys["site"])).json()
    assert [d["event"] for d in log["items"]] == ["provider.status_changed"]
