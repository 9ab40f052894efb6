"""The outbox and the deliverer: who gets an event, signed POSTs, backoff, final failure, turns per subscription,
and the refusal of private receivers."""

from __future__ import annotations

import json
import random
import threading
from datetime import timedelta

import httpx
import pytest

from accounts.service import as_utc
from core.db import session_scope, utcnow
from core.errors import InnodockError
from outbox import service as webhooks
from outbox.config import WebhookConfig
from outbox.deliver import backoff_seconds, deliver_due, deliver_subscription, subscriptions_due
from outbox.egress import ClientSender, delivery_client
from outbox.models import WebhookDelivery
from outbox.runner import deliver_once
from outbox.signing import verify_signature
from outbox.vocab import DeliveryStatus
from tests.api.apihelpers import World
from tests.outbox.outboxhelpers import SECRET, Receiver, receiver_url, subscribe

__all__ = ["receiver_url"]  # a fixture, used by name


def test_emit_picks_matching_active_subscriptions(world: World) -> None:
    both = subscribe(world, "assoc", "https://assoc.example.org/hook", ["need.published", "match.accepted"])
    subscribe(world, "a", "https://a.example.com/hook", ["match.accepted"])
    off = subscribe(world, "b", "https://b.example.com/hook", ["need.published"])
    with session_scope(world.settings) as session:
        webhooks.deactivate_subscription(session=session, subscription_id=off, org_id=None)
        published = webhooks.emit(session=session, event="need.published", payload={"need_id": "n-1"})
        accepted = webhooks.emit(session=session, event="match.accepted", payload={"need_id": "n-1"},
                                 org_ids=[world.orgs["a"]])
        nobody = webhooks.emit(session=session, event="match.accepted", payload={}, org_ids=[])
    assert len(published) == 1 and len(accepted) == 1 and nobody == []
    with session_scope(world.settings) as session:
        row = session.get(WebhookDelivery, published[0])
        assert row is not None and row.subscription_id == both and row.status == "pending" and row.attempts == 0
        assert session.get(WebhookDelivery, accepted[0]).org_id == world.orgs["a"]  # type: ignore[union-attr]


def test_emit_is_part_of_the_callers_transaction(world: World) -> None:
    subscribe(world, "assoc", "https://assoc.example.org/hook", ["engagement.state_changed"])
    with pytest.raises(RuntimeError), session_scope(world.settings) as session:
        webhooks.emit(session=session, event="engagement.state_changed", payload={"state": "signed"})
        raise RuntimeError("the caller's change failed")
    with session_scope(world.settings) as session:
        assert webhooks.list_deliveries(session=session, org_id=None)[1] == 0


def test_emit_refuses_unknown_events_and_non_objects(world: World) -> None:
    with session_scope(world.settings) as session:
        with pytest.raises(InnodockError, match="unknown event"):
            webhooks.emit(session=session, event="need.deleted", payload={})
        with pytest.raises(InnodockError):
            webhooks.emit(session=session, event="need.published", payload=[1, 2])
        with pytest.raises(InnodockError):
            webhooks.create_subscription(session=session, org_id=world.orgs["a"], url="ftp://x",
                                         events=["need.published"])


def test_delivery_is_signed_and_verifiable(world: World) -> None:
    subscribe(world, "assoc", "https://assoc.example.org/hook", ["need.published"])
    seen: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    now = utcnow()
    with session_scope(world.settings) as session:
        [delivery_id] = webhooks.emit(session=session, event="need.published",
                                      payload={"need_id": "n-1", "title": "电池热失控分析", "at": now}, now=now)
    with session_scope(world.settings) as session, httpx.Client(transport=httpx.MockTransport(receiver)) as client:
        run = deliver_due(session=session, client=client, now=now)
    assert (run.attempted, run.delivered) == (1, 1)
    [request] = seen
    assert request.headers["X-Innodock-Event"] == "need.published"
    assert request.headers["X-Innodock-Delivery"] == delivery_id
    stamp = request.headers["X-Innodock-Timestamp"]
    assert int(stamp) == int(now.timestamp())
    assert request.headers["X-Innodock-Signature-Version"] == "2"
    assert verify_signature(SECRET, stamp, delivery_id, request.content, request.headers["X-Innodock-Signature"],
                            now=now.timestamp())
    body = json.loads(request.content)
    assert body["event"] == "need.published" and body["data"]["title"] == "电池热失控分析"
    with session_scope(world.settings) as session:
        row = session.get(WebhookDelivery, delivery_id)
        assert row is not None and row.status == "delivered" and row.response_code == 204 and row.attempts == 1
        assert row.signature_timestamp == int(stamp) and row.next_attempt_at is None
        # nothing is due any more
        with httpx.Client(transport=httpx.MockTransport(receiver)) as client:
            assert deliver_due(session=session, client=client, now=now + timedelta(hours=1)).attempted == 0


def test_backoff_doubles_with_bounded_jitter() -> None:
    rng = random.Random(7)
    for attempt in range(1, 8):
        for _ in range(20):
            delay = backoff_seconds(attempt, base=30, rng=rng)
            assert 30 * 2 ** (attempt - 1) * 0.8 <= delay <= 30 * 2 ** (attempt - 1) * 1.2


def test_retries_with_backoff_then_fails(world: World) -> None:
    subscribe(world, "assoc", "https://assoc.example.org/hook", ["match.accepted"])
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["X-Innodock-Timestamp"])
        if len(calls) == 2:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(503, text="维护中 maintenance")

    now = utcnow()
    with session_scope(world.settings) as session:
        [delivery_id] = webhooks.emit(session=session, event="match.accepted", payload={"match_id": "m-1"}, now=now)
    bodies: set[bytes] = set()
    delays: list[float] = []
    with httpx.Client(transport=httpx.MockTransport(flaky)) as client:
        for attempt in range(1, 5):
            with session_scope(world.settings) as session:
                early = deliver_due(session=session, client=client, now=now - timedelta(seconds=1), max_attempts=4,
                                    base_delay=30, rng=random.Random(attempt))
                assert early.attempted == 0  # not due yet
                run = deliver_due(session=session, client=client, now=now, max_attempts=4, base_delay=30,
                                  rng=random.Random(attempt))
                assert run.attempted == 1
                row = session.get(WebhookDelivery, delivery_id)
                assert row is not None and row.attempts == attempt
                bodies.add(json.dumps(row.payload).encode())
                if attempt < 4:
                    assert row.status == "pending" and run.retrying == 1
                    assert row.next_attempt_at is not None
                    delay = (as_utc(row.next_attempt_at) - now).total_seconds()
                    delays.append(delay)
                    assert 30 * 2 ** (attempt - 1) * 0.8 - 1 <= delay <= 30 * 2 ** (attempt - 1) * 1.2 + 1
                    now = as_utc(row.next_attempt_at)
                else:
                    assert row.status == "failed" and run.failed == 1 and row.next_attempt_at is None
                if attempt == 2:
                    assert row.response_code is None and "ConnectError" in (row.last_error or "")
                else:
                    assert row.response_code == 503 and "503" in (row.last_error or "")
    assert len(calls) == 4 and len(set(calls)) == 4  # each attempt signed afresh
    assert delays[0] < delays[1] < delays[2]


def test_inactive_subscription_fails_its_pending_deliveries(world: World) -> None:
    sub = subscribe(world, "a", "https://a.example.com/hook", ["match.accepted"])
    with session_scope(world.settings) as session:
        [delivery_id] = webhooks.emit(session=session, event="match.accepted", payload={"x": 1})
        webhooks.deactivate_subscription(session=session, subscription_id=sub, org_id=world.orgs["a"])
    with session_scope(world.settings) as session, \
            httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        assert deliver_due(session=session, client=client).failed == 1
        assert session.get(WebhookDelivery, delivery_id).status == "failed"  # type: ignore[union-attr]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/h", "http://localhost/h", "http://10.1.2.3/h",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]:9000/h",
                                 "http://192.168.1.5/h", "http://api.localhost/h"])
def test_private_receivers_are_refused_by_default(world: World, url: str) -> None:
    with session_scope(world.settings) as session, pytest.raises(InnodockError) as info:
        webhooks.create_subscription(session=session, org_id=world.orgs["a"], url=url, events=["match.accepted"])
    assert info.value.field == "url"


def test_the_real_deliverer_will_not_connect_inside(world: World, receiver_url: str) -> None:
    """A name may resolve inside later (DNS rebinding): the transport checks the addresses at every attempt."""

    subscribe(world, "assoc", receiver_url.replace("127.0.0.1", "localhost"), ["need.published"])
    with session_scope(world.settings) as session:
        [delivery_id] = webhooks.emit(session=session, event="need.published", payload={"need_id": "n-1"})
    with session_scope(world.settings) as session, delivery_client(timeout=2, allow_private=False) as http:
        assert deliver_due(session=session, client=http).retrying == 1
        row = session.get(WebhookDelivery, delivery_id)
        assert row is not None and "non-public" in (row.last_error or "")
    assert Receiver.received == []
    with session_scope(world.settings) as session, delivery_client(timeout=2, allow_private=True) as http:
        assert deliver_due(session=session, client=http, now=utcnow() + timedelta(hours=1)).delivered == 1
    assert len(Receiver.received) == 1


def test_one_subscriptions_deliveries_go_one_at_a_time_in_order_while_others_go_on(world: World) -> None:
    """What the deliverers run (a pass of turns): a subscription's deliveries are sent in order, never two at once,
    and a delivery being sent is leased (not due for any other deliverer) until its outcome is written."""

    slow = subscribe(world, "a", "https://slow.example.com/hook", ["match.accepted"])
    subscribe(world, "b", "https://quick.example.com/hook", ["match.accepted"])
    emitted: dict[str, list[str]] = {"a": [], "b": []}
    start = utcnow() - timedelta(minutes=1)
    for i in range(3):
        with session_scope(world.settings) as session:
            for org in ("a", "b"):
                emitted[org] += webhooks.emit(session=session, event="match.accepted", payload={"i": i},
                                              org_ids=[world.orgs[org]], now=start + timedelta(seconds=i))
    lock = threading.Lock()
    in_flight: dict[str, int] = {}
    most: dict[str, int] = {}
    seen: dict[str, list[str]] = {"slow.example.com": [], "quick.example.com": []}
    quick_done = threading.Event()
    due_while_sending: list[list[str]] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        with lock:
            in_flight[host] = in_flight.get(host, 0) + 1
            most[host] = max(most.get(host, 0), in_flight[host])
            seen[host].append(request.headers["X-Innodock-Delivery"])
        try:
            if host == "slow.example.com" and len(seen[host]) == 1:
                assert quick_done.wait(30), "the quick subscription waited for the slow one"
            if host == "slow.example.com" and len(seen[host]) == 3:
                with session_scope(world.settings) as session:  # the last one is leased: nothing of it is due
                    due_while_sending.append(subscriptions_due(session, now=utcnow()))
            if host == "quick.example.com" and len(seen[host]) == 3:
                quick_done.set()
            return httpx.Response(204)
        finally:
            with lock:
                in_flight[host] -= 1

    config = WebhookConfig(webhook_concurrency=2)
    with httpx.Client(transport=httpx.MockTransport(receiver)) as http:
        run = deliver_once(world.settings, config, client=http)
    assert (run.attempted, run.delivered) == (6, 6)
    assert seen["slow.example.com"] == emitted["a"] and seen["quick.example.com"] == emitted["b"]
    assert most == {"slow.example.com": 1, "quick.example.com": 1}
    assert due_while_sending == [[]] and slow not in due_while_sending[0]


def test_a_turn_ends_after_its_time_and_leaves_the_rest_due(world: World) -> None:

    sub = subscribe(world, "a", "https://a.example.com/hook", ["match.accepted"])
    with session_scope(world.settings) as session:
        for i in range(3):
            webhooks.emit(session=session, event="match.accepted", payload={"i": i})
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(204))) as http:
        first = deliver_subscription(settings=world.settings, subscription_id=sub, sender=ClientSender(http),
                                     turn_seconds=0)
        assert (first.attempted, first.delivered) == (1, 1)  # at least one attempt, however short the turn
        with session_scope(world.settings) as session:
            assert webhooks.list_deliveries(session=session, org_id=None, status=DeliveryStatus.pending)[1] == 2
        rest = deliver_subscription(settings=world.settings, subscription_id=sub, sender=ClientSender(http))
    assert (rest.attempted, rest.delivered) == (2, 2)


def test_a_turn_tries_each_delivery_once_even_when_its_retry_is_due_at_once(world: World) -> None:
    """As one pass did before: a failed attempt is retried at the next turn, not again in this one."""

    sub = subscribe(world, "a", "https://a.example.com/hook", ["match.accepted"])
    with session_scope(world.settings) as session:
        webhooks.emit(session=session, event="match.accepted", payload={})
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503))) as http:
        run = deliver_subscription(settings=world.settings, subscription_id=sub, sender=ClientSender(http),
                                   base_delay=0, turn_seconds=60)
    assert (run.attempted, run.retrying) == (1, 1)
