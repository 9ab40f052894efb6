"""After a key leaks, an organisation finds what that key subscribed and changes a subscription's signing secret
(docs/api.md, "Keys, subscriptions and secrets"). Before, a subscription did not record the key that made it — only
the security log named it — and there was no way to change a secret but to subscribe again and delete the old one."""

from __future__ import annotations

from datetime import timedelta

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from authz.models import AuditEvent
from core.db import session_scope, utcnow
from outbox import service as webhooks
from outbox.deliver import deliver_due
from outbox.signing import verify_signature
from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import Logins
from tests.conftest import invoke_cli

HOOK = {"url": "http://127.0.0.1:9/hook", "events": ["need.published"]}


def _subscribe(c: TestClient, headers: dict[str, str], **body: object) -> dict[str, object]:
    made = c.post("/api/v1/webhooks/subscriptions", headers=headers, json={**HOOK, **body})
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_a_subscription_names_the_key_that_made_it_and_the_list_finds_a_keys_own(domain_client: TestClient,
                                                                                  domain_world: World) -> None:
    c, w = domain_client, domain_world
    by_key = _subscribe(c, bearer(w.keys["ent-a-key"]), description="ERP")
    by_person = _subscribe(c, Logins(c)("ent-a"), description="人工")
    other_org = _subscribe(c, bearer(w.keys["ent-b-key"]))
    assert by_key["key_id"] == w.key_ids["ent-a-key"] and by_person["key_id"] is None
    listed = c.get("/api/v1/webhooks/subscriptions", headers=Logins(c)("ent-a"),
                   params={"key_id": w.key_ids["ent-a-key"]})
    assert listed.status_code == 200, listed.text
    assert [s["id"] for s in listed.json()["items"]] == [by_key["id"]] and listed.json()["total"] == 1
    # Another organisation's key's subscriptions are not found by naming that key.
    theirs = c.get("/api/v1/webhooks/subscriptions", headers=Logins(c)("ent-a"),
                   params={"key_id": w.key_ids["ent-b-key"]})
    assert theirs.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
    everyone = c.get("/api/v1/webhooks/subscriptions", headers=Logins(c)("ent-a")).json()["items"]
    assert other_org["id"] not in [s["id"] for s in everyone]


def test_a_new_secret_is_shown_once_signs_the_next_delivery_and_is_in_the_security_log(
        domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    ent = Logins(c)("ent-a")
    made = _subscribe(c, ent, secret="whsec_the_old_secret_0123")
    changed = c.post(f"/api/v1/webhooks/subscriptions/{made['id']}/secret", headers=ent)
    assert changed.status_code == 200, changed.text
    new = changed.json()["secret"]
    assert new.startswith("whsec_") and new != "whsec_the_old_secret_0123"
    assert "secret" not in c.get("/api/v1/webhooks/subscriptions", headers=ent).json()["items"][0]
    chosen = c.post(f"/api/v1/webhooks/subscriptions/{made['id']}/secret", headers=ent,
                    json={"secret": "whsec_chosen_by_the_receiver_42"})
    assert chosen.status_code == 200 and chosen.json()["secret"] == "whsec_chosen_by_the_receiver_42"

    seen: list[httpx.Request] = []
    now = utcnow()
    with session_scope(w.settings) as session:
        ids = webhooks.emit(session=session, event="need.published", payload={"need_id": "n-1"}, now=now,
                            org_ids=[w.orgs["a"]])
    with session_scope(w.settings) as session, httpx.Client(transport=httpx.MockTransport(
            lambda request: seen.append(request) or httpx.Response(204))) as client:
        assert deliver_due(session=session, client=client, now=now + timedelta(seconds=1)).delivered == len(ids) == 1
    [request] = seen
    args = (request.headers["X-Innodock-Timestamp"], ids[0], request.content, request.headers["X-Innodock-Signature"])
    assert verify_signature("whsec_chosen_by_the_receiver_42", *args, now=now.timestamp())
    assert not verify_signature("whsec_the_old_secret_0123", *args, now=now.timestamp())

    with session_scope(w.settings) as session:
        logged = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "webhook.secret_changed")))
        assert [(e.target_id, e.actor_org_id) for e in logged] == [(made["id"], w.orgs["a"])] * 2
        assert all("whsec_" not in str(e.detail) for e in logged)


def test_a_secret_is_not_changed_for_another_organisation_a_switched_off_subscription_or_a_short_one(
        domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    theirs = _subscribe(c, bearer(w.keys["ent-b-key"]))
    mine = _subscribe(c, Logins(c)("ent-a"))
    refused = c.post(f"/api/v1/webhooks/subscriptions/{theirs['id']}/secret", headers=Logins(c)("ent-a"))
    assert refused.status_code == 404 and "subscription_id" in refused.text
    short = c.post(f"/api/v1/webhooks/subscriptions/{mine['id']}/secret", headers=Logins(c)("ent-a"),
                   json={"secret": "short"})
    assert short.status_code == 422 and "secret" in short.text
    assert c.delete(f"/api/v1/webhooks/subscriptions/{mine['id']}", headers=Logins(c)("ent-a")).status_code == 204
    off = c.post(f"/api/v1/webhooks/subscriptions/{mine['id']}/secret", headers=Logins(c)("ent-a"))
    assert off.status_code == 409 and "subscription_id" in off.text
    with session_scope(w.settings) as session:
        assert not list(session.scalars(select(AuditEvent).where(AuditEvent.action == "webhook.secret_changed")))


def test_the_terminal_changes_a_secret_through_the_same_use_case(domain_client: TestClient,
                                                                 domain_world: World) -> None:
    made = _subscribe(domain_client, Logins(domain_client)("ent-a"))
    done = invoke_cli(domain_world.settings, "webhooks", "secret", str(made["id"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("whsec_") and str(made["id"]) in done.stderr
    gone = invoke_cli(domain_world.settings, "webhooks", "secret", "no-such-subscription")
    assert gone.returncode != 0 and len(gone.stderr.strip().splitlines()) == 1, gone.stderr
    with session_scope(domain_world.settings) as session:
        logged = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "webhook.secret_changed")))
        assert [(e.target_id, e.actor) for e in logged] == [(made["id"], "cli")]
