"""``innodock webhooks subscribe`` and ``unsubscribe``: the same use case as the API's routes (``flows.webhooks``), so
a subscription made or switched off at the terminal is in the security log as one made on the web is — who (the
terminal, "cli"), for which organisation, to which receiver by scheme and host only (a URL's query may carry a
token)."""

from __future__ import annotations

from sqlalchemy import select

from accounts.vocab import OrgKind
from authz.models import AuditEvent
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from tests.conftest import invoke_cli


def _entries(settings: Settings) -> list[AuditEvent]:
    with session_scope(settings) as session:
        rows = list(session.scalars(select(AuditEvent).where(AuditEvent.action.like("webhook.%"))
                                    .order_by(AuditEvent.id)))
        session.expunge_all()
    return rows


def test_subscribing_and_switching_off_at_the_terminal_are_in_the_security_log(settings: Settings) -> None:
    with session_scope(settings) as session:
        org = accounts_flow.create_org(session=session, kind=OrgKind.enterprise, name="常州动力电池有限公司")
    made = invoke_cli(settings, "webhooks", "subscribe", "--org", "常州动力电池有限公司", "--url",
                      "http://127.0.0.1:9/hook?token=s3cr3t", "--events", "need.published", "--allow-private")
    assert made.returncode == 0, made.stderr
    sub_id = made.stderr.split("subscribed ")[1].split()[0]
    assert made.stdout.strip().startswith("whsec_")
    assert [(e.action, e.target_id, e.actor) for e in _entries(settings)] == [("webhook.subscribed", sub_id, "cli")]
    off = invoke_cli(settings, "webhooks", "unsubscribe", sub_id)
    assert off.returncode == 0, off.stderr
    assert sub_id in off.stderr
    entries = _entries(settings)
    assert [(e.action, e.target_id, e.actor) for e in entries] == [
        ("webhook.subscribed", sub_id, "cli"), ("webhook.unsubscribed", sub_id, "cli")]
    assert entries[0].detail == {"org_id": org.id, "receiver": "http://127.0.0.1:9", "events": ["need.published"]}
    assert "s3cr3t" not in str([e.detail for e in entries])


def test_a_subscription_that_does_not_exist_is_one_line_and_nothing_is_logged(settings: Settings) -> None:
    gone = invoke_cli(settings, "webhooks", "unsubscribe", "no-such-subscription")
    assert gone.returncode != 0 and "Traceback" not in gone.stderr
    assert gone.stderr.startswith("错误 error:") and len(gone.stderr.strip().splitlines()) == 1, gone.stderr
    assert _entries(settings) == []
