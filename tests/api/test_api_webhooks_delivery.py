"""Webhooks over HTTP: subscribing (secrets shown once, private receivers refused), the delivery log, retrying by
hand, unsubscribing, and the app's own deliverer."""

from __future__ import annotations

import json

import httpx
from fastapi.testclient import TestClient

from core.db import session_scope
from outbox import service as webhooks
from outbox.deliver import deliver_due
from outbox.signing import verify_signature
from tests.api.apihelpers import World, assert_error, bearer
from tests.outbox.outboxhelpers import Receiver, receiver_url, subscribe

__all__ = ["receiver_url"]  # a fixture, used by name


def test_delivery_to_a_real_local_server_and_the_log(client: TestClient, world: World, receiver_url: str) -> None:
    key = bearer(world.keys["site"])
    sub = client.post("/api/v1/webhooks/subscriptions", headers=key, json={
        "url": receiver_url, "events": ["engagement.state_changed"], "description": "协会网站"})
    assert sub.status_code == 201
    secret = sub.json()["secret"]
    assert secret.startswith("whsec_") and secret not in client.get("/api/v1/webhooks/subscriptions", headers=key).text
    with session_scope(world.settings) as session:
        webhooks.emit(session=session, event="engagement.state_changed",
                      payload={"engagement_id": "e-1", "from": "agreed", "to": "signed"})
    with session_scope(world.settings) as session, httpx.Client() as http:
        assert deliver_due(session=session, client=http).delivered == 1
    [(headers, body)] = Receiver.received
    assert verify_signature(secret, headers["X-Innodock-Timestamp"], headers["X-Innodock-Delivery"], body,
                            headers["X-Innodock-Signature"])
    assert json.loads(body)["data"]["to"] == "signed"
    log = client.get("/api/v1/webhooks/deliveries", headers=key, params={"status": "delivered"})
    assert log.status_code == 200 and log.json()["total"] == 1
    item = log.json()["items"][0]
    assert item["response_code"] == 200 and item["attempts"] == 1 and item["payload"] is None
    detail = client.get(f"/api/v1/webhooks/deliveries/{item['id']}", headers=key).json()
    assert detail["payload"]["engagement_id"] == "e-1"
    assert_error(client.post(f"/api/v1/webhooks/deliveries/{item['id']}/retry", headers=key), 400)
    assert client.get("/api/v1/webhooks/deliveries", headers=key, params={"status": "failed"}).json()["total"] == 0
    assert_error(client.get("/api/v1/webhooks/deliveries", headers=key, params={"status": "lost"}), 422)


def test_failed_delivery_can_be_retried_by_hand(client: TestClient, world: World) -> None:
    subscribe(world, "assoc", "http://127.0.0.1:9/closed", ["need.published"])
    with session_scope(world.settings) as session:
        [delivery_id] = webhooks.emit(session=session, event="need.published", payload={"need_id": "n-9"})
    with session_scope(world.settings) as session, httpx.Client(timeout=2) as http:
        run = deliver_due(session=session, client=http, max_attempts=1)
    assert run.failed == 1
    key = bearer(world.keys["site"])
    retried = client.post(f"/api/v1/webhooks/deliveries/{delivery_id}/retry", headers=key)
    assert retried.status_code == 200 and retried.json()["status"] == "pending" and retried.json()["attempts"] == 0


def test_unsubscribe_over_http(client: TestClient, world: World) -> None:
    key = bearer(world.keys["ent-a-key"])
    sub = client.post("/api/v1/webhooks/subscriptions", headers=key, json={
        "url": "https://a.example.com/h", "events": ["match.accepted"], "secret": "short"})
    assert assert_error(sub, 422)["field"] == "secret"
    sub = client.post("/api/v1/webhooks/subscriptions", headers=key, json={
        "url": "https://a.example.com/h", "events": ["match.accepted"]})
    sub_id = sub.json()["id"]
    assert_error(client.delete(f"/api/v1/webhooks/subscriptions/{sub_id}",
                               headers=bearer(world.keys["ent-b-key"])), 404)
    assert client.delete(f"/api/v1/webhooks/subscriptions/{sub_id}", headers=key).status_code == 204
    listed = client.get("/api/v1/webhooks/subscriptions", headers=key).json()["items"]
    assert [s["active"] for s in listed] == [False]


def test_the_app_delivers_in_process(world: World, receiver_url: str) -> None:
    import time

    from api.app import create_app
    from api.config import ApiConfig

    subscribe(world, "assoc", receiver_url, ["need.published"])
    config = ApiConfig(deliver_in_process=True, webhook_poll_seconds=0.1, webhook_allow_private=True)
    with TestClient(create_app(world.settings, config)):
        with session_scope(world.settings) as session:
            webhooks.emit(session=session, event="need.published", payload={"need_id": "n-7"})
        # A backstop against hanging, not a timing check: the delivery takes one 0.1 s poll on a quiet machine,
        # and a busy CI machine may take seconds to start the app's delivery thread.
        deadline = time.monotonic() + 120
        while not Receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(Receiver.received) == 1 and json.loads(Receiver.received[0][1])["data"]["need_id"] == "n-7"


def test_subscribing_a_private_url_over_http_is_refused_by_default(world: World) -> None:
    from api.app import create_app
    from api.config import ApiConfig

    with TestClient(create_app(world.settings, ApiConfig(deliver_in_process=False))) as c:
        response = c.post("/api/v1/webhooks/subscriptions", headers=bearer(world.keys["site"]),
                          json={"url": "http://127.0.0.1:9/h", "events": ["need.published"]})
        assert assert_error(response, 400, "invalid")["field"] == "url"
