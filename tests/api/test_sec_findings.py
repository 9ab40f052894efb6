"""The penetration test's findings (issue 17), one test each, written before the fixes.

Each test replays the attacker's exact request and states what must happen instead. The world is the api tests'
own (``domainhelpers``): enterprises 甲 (A) and 乙 (B), the battery center's coordinator, the association's
coordinator and admin, and the association's integration keys.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts import service as auth
from accounts.vocab import Scope
from core.db import session_scope, utcnow
from core.errors import InnodockError
from outbox import service as webhooks
from outbox.deliver import deliver_due
from outbox.models import WebhookDelivery
from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, create_need, submitted_need
from tests.api.uihelpers import form_login
from tests.api.webhookhelpers import Drip, Flood, Healthy, LoopbackServer, MiB

SECRET = "PROJECT-NIGHTJAR"


def _key(world: World, org: str, *scopes: Scope, name: str = "probe") -> dict[str, str]:
    with session_scope(world.settings) as session:
        created = auth.create_api_key(session=session, org_id=world.orgs[org], name=name, scopes=list(scopes))
    return bearer(created.secret)


def _subscribe(c: TestClient, headers: dict[str, str], *events: str) -> None:
    response = c.post("/api/v1/webhooks/subscriptions", headers=headers,
                      json={"url": "http://127.0.0.1:9/hook", "events": list(events)})
    assert response.status_code == 201, response.text


def _payloads(world: World) -> list[str]:
    with session_scope(world.settings) as session:
        return [json.dumps(r.payload, ensure_ascii=False) for r in session.scalars(select(WebhookDelivery))]


# ---- finding 1: HTML pages took API keys and checked neither scopes nor "people only" ----

def test_f1_pages_refuse_an_integration_key(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    feed_only = bearer(domain_world.keys["feed-only"])
    _, review_id = submitted_need(c, as_("ent-a"), confidential=True, redactions=[SECRET],
                                  text=f"我们的{SECRET}电芯针刺后热失控，需要做GB 38031热失控试验检测")
    page = c.get(f"/review/{review_id}", headers=feed_only, follow_redirects=False)
    assert page.status_code == 403 and SECRET not in page.text
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    accept = c.post(f"/review/{review_id}/accept", headers=feed_only, follow_redirects=False,
                    data={"center_id": review["proposals"][0]["center_id"], "version": review["version"]})
    assert accept.status_code == 403
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["status"] == "pending"


def test_f1_form_transition_refuses_an_integration_key(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    for key in ("feed-only", "site"):
        answer = c.post(f"/engagements/{eng}/advance", headers=bearer(domain_world.keys[key]),
                        data={"transition": "terminate", "version": 1, "note": "x"}, follow_redirects=False)
        assert answer.status_code == 403
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "communicating"


def test_f1_chat_endpoints_refuse_an_enterprise_key(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    reader = _key(domain_world, "a", Scope.needs_read)
    started = c.post("/ui/intake/message", headers=reader, json={"text": "需要电池热失控试验"})
    assert started.status_code == 403
    chat = c.post("/api/v1/intake/sessions", headers=as_("ent-a"), json={"text": "需要电池热失控试验"}).json()
    submitted = c.post("/ui/intake/submit", headers=reader, json={"session_id": chat["id"]})
    assert submitted.status_code == 403
    result = c.get(f"/api/v1/needs/{chat['need']['id']}/result", headers=as_("ent-a")).json()
    assert result["review_status"] is None


# ---- finding 2: an association key with needs:write changed every enterprise's need ----

def test_f2_association_key_cannot_touch_needs_it_did_not_submit(domain_client: TestClient,
                                                                 domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    need = create_need(c, a, confidential=True, redactions=[SECRET], text=f"{SECRET} 电芯热失控试验，需CMA报告")
    writer = _key(domain_world, "assoc", Scope.needs_write)
    patched = c.patch(f"/api/v1/needs/{need['id']}", headers=writer, json={})
    assert_error(patched, 404)
    assert SECRET not in patched.text
    assert_error(c.patch(f"/api/v1/needs/{need['id']}", headers=writer, json={"confidential": False}), 404)
    assert_error(c.post(f"/api/v1/needs/{need['id']}/withdraw", headers=writer), 403)  # keys never withdraw
    stored = c.get(f"/api/v1/needs/{need['id']}", headers=a).json()
    assert stored["confidential"] is True and stored["status"] == need["status"]


def test_f2_on_behalf_needs_submission_or_consent_and_a_key_never_declassifies(domain_client: TestClient,
                                                                              domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    writer = _key(domain_world, "assoc", Scope.needs_write)
    own = c.post("/api/v1/needs", headers=writer, json={
        "text": f"{SECRET} 电芯热失控试验", "service_types": ["inspection_testing"], "confidential": True,
        "redactions": [SECRET], "enterprise_id": domain_world.orgs["a"]})
    assert own.status_code == 201, own.text
    assert SECRET not in own.text  # the key has no needs:read: it gets the acknowledgement only
    edited = c.patch(f"/api/v1/needs/{own.json()['id']}", headers=writer, json={"title": "热失控试验"})
    assert edited.status_code == 200 and SECRET not in edited.text
    assert_error(c.patch(f"/api/v1/needs/{own.json()['id']}", headers=writer, json={"confidential": False}), 403)
    assert_error(c.post(f"/api/v1/needs/{own.json()['id']}/withdraw", headers=writer), 403)
    other = create_need(c, a, title="另一个需求")
    assert_error(c.patch(f"/api/v1/needs/{other['id']}", headers=writer, json={"title": "x"}), 404)
    consent = c.post("/api/v1/consents", headers=a, json={"association_org_id": domain_world.orgs["assoc"]})
    assert consent.status_code == 201, consent.text
    assert c.patch(f"/api/v1/needs/{other['id']}", headers=writer, json={"title": "协会代为修改"}).status_code == 200
    assert c.delete(f"/api/v1/consents/{consent.json()['id']}", headers=a).status_code == 204
    assert_error(c.patch(f"/api/v1/needs/{other['id']}", headers=writer, json={"title": "x"}), 404)


# ---- finding 3: redacted strings leaked through industry and region, and non-confidential needs ----

def test_f3_redactions_are_scrubbed_from_every_public_field(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _subscribe(c, as_("coord-assoc"), "need.published")
    for confidential in (True, False):
        submitted_need(c, as_("ent-a"), confidential=confidential, redactions=[SECRET, "龙城"],
                       industry=f"动力电池 {SECRET}", region={"province": "江苏省", "city": "龙城"},
                       text=f"{SECRET} 电芯针刺热失控，需要GB 38031热失控试验")
    feed = c.get("/api/v1/feed/needs", headers=bearer(domain_world.keys["feed-only"]))
    assert feed.status_code == 200 and feed.json()["total"] == 2
    assert SECRET not in feed.text and "龙城" not in feed.text
    payloads = _payloads(domain_world)
    assert payloads and not any(SECRET in p or "龙城" in p for p in payloads)


# ---- finding 5: every proposed center saw a confidential need in full, and competitors' scores ----

def test_f5_a_proposed_center_sees_the_redacted_summary_only(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center = as_("coord-center")
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True, redactions=[SECRET],
                                        product=f"{SECRET}电芯", text=f"{SECRET}电芯针刺后热失控，需要热失控试验")
    assert_error(c.get(f"/api/v1/needs/{need_id}", headers=center), 404)
    review = c.get(f"/api/v1/reviews/{review_id}", headers=center)
    assert review.status_code == 200
    assert SECRET not in review.text and "甲公司" not in review.text and "redactions" not in review.text
    assert {p["center_id"] for p in review.json()["proposals"]} == {"qic-js-battery"}
    page = c.get(f"/review/{review_id}", headers=_cookie(c, "coord-center"))
    assert page.status_code == 200 and SECRET not in page.text and "甲公司" not in page.text
    queue = c.get("/api/v1/reviews", headers=center)
    assert SECRET not in queue.text and "甲公司" not in queue.text


def test_f5_the_accepted_center_sees_details_once_the_agreement_is_signed(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center, a = as_("coord-center"), as_("ent-a")
    need_id, review_id = submitted_need(c, a, confidential=True, redactions=[SECRET],
                                        text=f"{SECRET}电芯针刺后热失控，需要热失控试验")
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    assert_error(c.get(f"/api/v1/needs/{need_id}", headers=center), 404)
    assert "甲公司" not in c.get(f"/api/v1/engagements/{eng}", headers=center).text
    step = c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "reach_agreement", "version": 1})
    assert step.status_code == 200, step.text
    signed = c.post(f"/api/v1/engagements/{eng}/transitions", headers=center,
                    json={"transition": "sign_agreement", "version": 2, "payload": {"agreement": AGREEMENT}})
    assert signed.status_code == 200, signed.text
    # The provider's signature alone opens nothing (issue 31); the enterprise's countersignature does.
    assert_error(c.get(f"/api/v1/needs/{need_id}", headers=center), 404)
    countersigned = c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                           json={"transition": "countersign", "version": 3})
    assert countersigned.status_code == 200, countersigned.text
    assert SECRET in c.get(f"/api/v1/needs/{need_id}", headers=center).json()["text"]


# ---- finding 7: /feed/groups answered 404 for everyone once a member was unpublished ----

def test_f7_feed_groups_survive_a_withdrawn_member_and_hold_only_submitted_needs(domain_client: TestClient,
                                                                                 domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    text = "电芯针刺后热失控，需要按GB 38031做单体热失控试验检测"
    need_a, _ = submitted_need(c, as_("ent-a"), text=text)
    submitted_need(c, as_("ent-b"), text=text)
    create_need(c, as_("ent-b"), text=text)  # saved, never submitted
    built = c.post("/api/v1/groups/build", headers=as_("coord-assoc"), json={"threshold": 0.5})
    assert built.status_code == 200, built.text
    assert [len(g["need_ids"]) for g in built.json()] == [2]
    group = built.json()[0]["id"]
    assert c.post(f"/api/v1/groups/{group}/publish", headers=as_("coord-assoc")).status_code == 200
    review = c.get(f"/api/v1/needs/{need_a}/result", headers=as_("ent-a")).json()
    assert review["review_status"] == "pending"
    assert c.post(f"/api/v1/needs/{need_a}/withdraw", headers=as_("ent-a")).status_code == 200
    feed = c.get("/api/v1/feed/groups", headers=bearer(domain_world.keys["feed-only"]))
    assert feed.status_code == 200, feed.text
    assert [len(g["needs"]) for g in feed.json()["items"]] == [1]


# ---- finding 8: UI form errors revealed other tenants' engagements ----

def test_f8_form_errors_on_another_tenants_engagement_are_a_plain_404(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    answer = c.post(f"/engagements/{eng}/advance", headers=_cookie(c, "ent-b"), follow_redirects=False,
                    data={"transition": "withdraw", "version": 7, "note": "x"})
    assert answer.status_code == 404
    leaked = answer.text + answer.headers.get("location", "")
    for word in ("communicating", "qic-js-battery", "版本", "version 1"):
        assert word not in leaked


# ---- finding 9: on PostgreSQL a NUL character gave a plain-text 500 ----

def test_f9_nul_and_control_characters_are_a_400_naming_the_field(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    bad = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("ent-a"),
                 json={"transition": "reach_agreement", "version": 1, "payload": {"note": "a\x00b"}})
    assert assert_error(bad, 400)["field"] == "payload.note"
    chat = c.post("/ui/intake/message", headers=_cookie(c, "ent-a"), json={"text": "电池\x07检测"})
    assert assert_error(chat, 400)["field"] == "text"
    form = c.post(f"/engagements/{eng}/advance", headers=_cookie(c, "ent-a"), follow_redirects=False,
                  data={"transition": "reach_agreement", "version": 1, "note": "a\x00b"})
    assert form.status_code == 400 and "note" in form.text
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["version"] == 1


# ---- finding 10: no response to a stolen account ----

def test_f10_change_password_disable_and_end_sessions(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    admin = as_("admin")
    stolen = as_("ent-a")
    changed = c.post("/api/v1/auth/password", headers=as_("coord-center"),
                     json={"current_password": "correct-horse-battery", "new_password": "Zhiliang-2031-xinmima"})
    assert changed.status_code == 204, changed.text
    ended = c.post(f"/api/v1/admin/users/{domain_world.users['ent-a']}/sessions/end", headers=admin)
    assert ended.status_code == 200 and ended.json()["ended"] >= 1
    assert_error(c.get("/api/v1/auth/me", headers=stolen), 401)
    disabled = c.post(f"/api/v1/admin/users/{domain_world.users['ent-b']}/disable", headers=admin)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    org = c.post(f"/api/v1/admin/orgs/{domain_world.orgs['assoc']}/disable", headers=admin)
    assert_error(org, 409)  # an admin does not lock their own organisation out
    center_org = c.post(f"/api/v1/admin/orgs/{domain_world.orgs['center']}/disable", headers=admin)
    assert center_org.status_code == 200 and center_org.json()["active"] is False
    audit = c.get("/api/v1/admin/audit", headers=admin)
    assert audit.status_code == 200
    actions = {e["action"] for e in audit.json()["items"]}
    assert {"account.password_changed", "account.sessions_ended", "account.user_disabled",
            "account.org_disabled"} <= actions


# ---- finding 4: a subscriber could stall or bloat the sender inside the API process ----

def _webhook_rows(world: World) -> dict[str, WebhookDelivery]:
    with session_scope(world.settings) as session:
        return {r.subscription_id: r for r in session.scalars(select(WebhookDelivery))}


def _wait_for(what: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Polls ``what`` until it holds; the deadline only guards against hanging (what it proves takes ms)."""
    deadline = time.monotonic() + seconds
    while not what():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True



@pytest.mark.parametrize("runner", ["thread", "pass"])
def test_f4_a_dripping_receiver_delays_only_its_own_deliveries(world: World, runner: str) -> None:
    """A receiver that drips its answer holds its own delivery; one to a healthy receiver, queued after it, is sent
    meanwhile — by the app's deliverer thread (no Redis) and by one pass (what a queued job or the CLI runs)."""
    from api.config import ApiConfig
    from outbox.runner import DeliveryThread, deliver_once

    drip, healthy = Drip(), Healthy()
    servers = [LoopbackServer(drip), LoopbackServer(healthy)]
    subs = {}
    with session_scope(world.settings) as session:
        for org, server in zip(("a", "b"), servers, strict=True):
            subs[org] = webhooks.create_subscription(session=session, org_id=world.orgs[org], url=server.url(),
                                                     events=["match.accepted"], allow_private=True).id
    first = utcnow() - timedelta(seconds=5)
    with session_scope(world.settings) as session:  # the dripping receiver's delivery is due first
        webhooks.emit(session=session, event="match.accepted", payload={"n": 1}, org_ids=[world.orgs["a"]], now=first)
        webhooks.emit(session=session, event="match.accepted", payload={"n": 2}, org_ids=[world.orgs["b"]])
    # An attempt deadline far longer than this test waits: what lets the healthy delivery out is not the deadline.
    config = ApiConfig(webhook_allow_private=True, webhook_timeout_seconds=300, webhook_poll_seconds=0.05)
    thread = DeliveryThread(world.settings, config) if runner == "thread" else None
    one_pass = threading.Thread(target=deliver_once, args=(world.settings, config), daemon=True)
    try:
        if thread is not None:
            thread.start()
        else:
            one_pass.start()
        assert drip.connected.wait(30)
        assert healthy.received.wait(20), "the healthy receiver waited for the dripping one"
        assert _wait_for(lambda: _webhook_rows(world)[subs["b"]].status == "delivered")
        assert not drip.finished.is_set() and _webhook_rows(world)[subs["a"]].status == "pending"
    finally:
        drip.release.set()
        if thread is not None:
            thread.stop()
        else:
            one_pass.join(timeout=60)
        for server in servers:
            server.close()



def test_f4_each_attempt_has_a_total_deadline(world: World) -> None:
    from outbox.egress import delivery_client

    drip = Drip()
    server = LoopbackServer(drip)
    with session_scope(world.settings) as session:
        sub = webhooks.create_subscription(session=session, org_id=world.orgs["a"], url=server.url(),
                                           events=["match.accepted"], allow_private=True).id
        webhooks.emit(session=session, event="match.accepted", payload={"n": 1})
    done = threading.Event()

    def one_pass() -> None:
        with session_scope(world.settings) as session, delivery_client(timeout=3, allow_private=True) as http:
            deliver_due(session=session, client=http)
        done.set()

    worker = threading.Thread(target=one_pass, daemon=True)
    try:
        worker.start()
        # The receiver drips forever (until released): only a deadline over the whole attempt ends it. (3 s: ample
        # for connecting and sending on loopback however busy the machine, so the drip has started when it ends.)
        assert drip.connected.wait(30)
        assert done.wait(60), "the attempt outlived its deadline"
        assert drip.dropped.wait(30) and not drip.finished.is_set()
        row = _webhook_rows(world)[sub]
        assert row.status == "pending" and row.attempts == 1 and "timeout" in (row.last_error or "").lower()
    finally:
        drip.release.set()
        worker.join(timeout=60)
        server.close()



def test_f4_a_flooding_receiver_is_read_up_to_the_cap(world: World) -> None:
    from outbox.egress import delivery_client

    flood = Flood(total=64 * MiB, status=503)
    server = LoopbackServer(flood)
    try:
        with session_scope(world.settings) as session:
            sub = webhooks.create_subscription(session=session, org_id=world.orgs["a"], url=server.url(),
                                               events=["match.accepted"], allow_private=True).id
            webhooks.emit(session=session, event="match.accepted", payload={"n": 1})
        with session_scope(world.settings) as session, delivery_client(timeout=60, allow_private=True) as http:
            run = deliver_due(session=session, client=http)
        assert run.retrying == 1
        assert flood.done.wait(60)
        # The sender hung up after the cap (64 KiB): what the receiver got out is that plus the kernel's socket
        # buffers, a few MiB at most — never the 64 MiB it announced.
        assert flood.error is not None and flood.bytes_sent < 16 * MiB, (flood.bytes_sent, flood.error)
        row = _webhook_rows(world)[sub]
        assert (row.last_error or "").startswith("HTTP 503") and len(row.last_error or "") <= 300
    finally:
        server.close()


# ---- finding 6: SSRF by DNS rebinding, and numeric host forms accepted at subscription ----


def test_f6_dns_rebinding_connects_to_the_checked_address_only(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from outbox.egress import delivery_client

    healthy = Healthy()
    server = LoopbackServer(healthy)
    name, public = "rebind.example", "93.184.216.34"
    lookups: list[str] = []
    connects: list[tuple[str, int]] = []
    real_lookup, real_connect = socket.getaddrinfo, socket.create_connection

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in (name, name.encode()):  # first answer outside, every later one inside
            lookups.append(str(host))
            ip = public if len(lookups) == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, int(port)))]
        return real_lookup(host, port, *args, **kwargs)

    def loopback_only(address: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            ip = ipaddress.ip_address(address[0])
        except ValueError:
            return real_connect(address, *args, **kwargs)  # a name: resolved (by the fake) inside
        if not ip.is_loopback:  # no network in tests: record where the sender went, and refuse
            connects.append((str(address[0]), int(address[1])))
            raise ConnectionRefusedError("tests reach loopback only")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "create_connection", loopback_only)
    try:
        with session_scope(world.settings) as session:
            sub = webhooks.create_subscription(session=session, org_id=world.orgs["a"],
                                               url=server.url(host=name), events=["match.accepted"]).id
            webhooks.emit(session=session, event="match.accepted", payload={"n": 1})
        with session_scope(world.settings) as session, delivery_client(timeout=10, allow_private=False) as http:
            assert deliver_due(session=session, client=http).retrying == 1
        assert healthy.requests == [] and server.connections == 0
        assert connects == [(public, server.port)] and len(lookups) == 1
        assert _webhook_rows(world)[sub].status == "pending"
    finally:
        server.close()


NUMERIC_HOSTS = ["127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]", "0177.0.0.1", "0", "127.0.0.1.",
                 "[::ffff:a9fe:a9fe]", "0xa9.0xfe.0xa9.0xfe"]



def test_f6_numeric_host_forms_are_refused_when_subscribing(world: World) -> None:
    from api.app import create_app
    from api.config import ApiConfig

    with TestClient(create_app(world.settings, ApiConfig(deliver_in_process=False))) as c:
        for host in NUMERIC_HOSTS:
            response = c.post("/api/v1/webhooks/subscriptions", headers=bearer(world.keys["site"]),
                              json={"url": f"http://{host}:8080/hook", "events": ["need.published"]})
            assert response.status_code == 400, (host, response.text)
            assert assert_error(response, 400)["field"] == "url"
    # A deployment that allows private receivers still takes an address only in its one plain spelling.
    with session_scope(world.settings) as session:
        for host in ("127.1", "2130706433", "0x7f000001", "0177.0.0.1"):
            with pytest.raises(InnodockError) as info:
                webhooks.create_subscription(session=session, org_id=world.orgs["a"], url=f"http://{host}/h",
                                             events=["need.published"], allow_private=True)
            assert info.value.field == "url"


# ---- low findings ----

def test_low_scopes_are_limited_to_the_role_and_browser_keys_read_the_feed_only(domain_client: TestClient,
                                                                               domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    admin = as_("admin")
    ent = c.post("/api/v1/admin/keys", headers=admin,
                 json={"org_id": domain_world.orgs["a"], "name": "k", "scopes": ["feed:read"]})
    assert assert_error(ent, 400)["field"] == "scopes"
    browser = c.post("/api/v1/admin/keys", headers=admin,
                     json={"org_id": domain_world.orgs["assoc"], "name": "site2",
                           "scopes": ["feed:read", "needs:write"], "cors_origins": ["https://www.example.org"]})
    assert assert_error(browser, 400)["field"] == "scopes"


def test_low_api_logout_refuses_a_cross_site_request(domain_client: TestClient) -> None:
    c = domain_client
    form_login(c, "ent-a")
    answer = c.post("/api/v1/auth/logout", headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert_error(answer, 403)
    assert c.get("/api/v1/auth/me").status_code == 200


def test_low_idempotency_key_makes_one_need_of_parallel_retries(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = {**as_("ent-a"), "Idempotency-Key": "order-2031-0001"}
    body = {"text": "电芯热失控试验，需CMA报告", "service_types": ["inspection_testing"]}

    def post(_: int) -> Any:
        return c.post("/api/v1/needs", headers=a, json=body)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(post, range(20)))
    created = {r.json()["id"] for r in answers if r.status_code == 201}
    assert len(created) == 1 and all(r.status_code in (201, 409) for r in answers)
    assert c.get("/api/v1/needs", headers=as_("ent-a")).json()["total"] == 1
    other = c.post("/api/v1/needs", headers=a, json={**body, "text": "另一件事"})
    assert assert_error(other, 422)["field"] == "Idempotency-Key"


def test_low_error_shapes_a_403_not_a_400_and_no_unasked_ids(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center = as_("coord-center")
    _, review_id = submitted_need(c, as_("ent-a"))
    declined = c.post(f"/api/v1/reviews/{review_id}/reject", headers=center,
                      json={"reason": "no_capacity", "center_id": "met-jx-rare", "version": 1})
    assert_error(declined, 403, "forbidden")
    need_id, second = submitted_need(c, as_("ent-a"), title="第二个")
    assigned = c.post(f"/api/v1/reviews/{second}/assign", headers=as_("coord-assoc"),
                      json={"center_id": "met-jx-rare", "note": "就近", "version": 1,
                            "confirm_no_coordinator": True}).json()  # nobody logs in for it here
    result = c.get(f"/api/v1/needs/{need_id}/result", headers=center)
    assert assigned["engagement_id"] not in result.text



def test_low_the_delivery_id_is_signed(world: World) -> None:
    import hashlib
    import hmac

    import httpx

    from outbox.signing import verify_signature

    secret = "whsec_delivery_id_secret_0123456789"
    seen: list[httpx.Request] = []
    with session_scope(world.settings) as session:
        webhooks.create_subscription(session=session, org_id=world.orgs["a"], url="https://a.example.com/h",
                                     events=["match.accepted"], secret=secret)
        [delivery_id] = webhooks.emit(session=session, event="match.accepted", payload={"n": 1})
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204))
    with session_scope(world.settings) as session, httpx.Client(transport=transport) as http:
        assert deliver_due(session=session, client=http).delivered == 1
    [request] = seen
    stamp, header = request.headers["X-Innodock-Timestamp"], request.headers["X-Innodock-Signature"]
    assert request.headers["X-Innodock-Delivery"] == delivery_id
    signed = f"{stamp}.{delivery_id}.".encode() + request.content
    assert header == "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert verify_signature(secret, stamp, delivery_id, request.content, header)
    # A replay under another delivery id (to slip past the receiver's dedupe) no longer verifies.
    assert not verify_signature(secret, stamp, "another-delivery-id", request.content, header)


def _cookie(c: TestClient, username: str) -> dict[str, str]:
    """A browser's session cookie for ``username`` (the page routes take people only, by cookie), as a header."""
    answer = form_login(c, username)
    assert answer.status_code == 303, answer.text
    token = c.cookies.get("innodock_session")
    c.cookies.clear()
    assert token
    return {"Cookie": f"innodock_session={token}"}
