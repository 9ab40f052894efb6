"""Where an organisation's events go is in the security log, as its keys and consents are (the route rules audited on
2026-11-28 found webhook subscriptions missing from it): subscribing and switching off are each an entry naming who,
for which organisation and to which receiver, by scheme and host only (a URL's path or query may carry a token)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from authz.models import AuditEvent
from core.db import session_scope
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins


def test_subscribing_and_switching_off_are_in_the_security_log(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    made = c.post("/api/v1/webhooks/subscriptions", headers=as_("ent-a"), json={
        "url": "http://127.0.0.1:9/hook?token=s3cr3t", "events": ["need.published"]})
    assert made.status_code == 201, made.text
    off = c.delete(f"/api/v1/webhooks/subscriptions/{made.json()['id']}", headers=as_("ent-a"))
    assert off.status_code == 204, off.text
    with session_scope(domain_world.settings) as session:
        entries = list(session.scalars(select(AuditEvent).where(AuditEvent.action.like("webhook.%"))
                                       .order_by(AuditEvent.id)))
    assert [(e.action, e.target_id, e.actor_org_id) for e in entries] == [
        ("webhook.subscribed", made.json()["id"], domain_world.orgs["a"]),
        ("webhook.unsubscribed", made.json()["id"], domain_world.orgs["a"])]
    assert entries[0].detail == {"org_id": domain_world.orgs["a"], "receiver": "http://127.0.0.1:9",
                                 "events": ["need.published"]}
    assert "s3cr3t" not in str([e.detail for e in entries])
