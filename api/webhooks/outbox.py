"""The flows' outbox as the service runs it: each domain event becomes one pending webhook delivery per subscription
allowed to hear it and the inbox notifications of the people it needs (``api.notices``), written in the flow's own
transaction; webhooks are sent after the commit by the deliverer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from api.auth import service as auth
from api.auth.vocab import OrgKind
from api.notices import notices_for
from api.webhooks.service import emit
from api.webhooks.vocab import WebhookEvent
from flows.events import DomainEvent, Parties
from inbox import service as inbox


def event_recipients(session: Session, *, enterprise_id: str | None, center_id: str | None) -> list[str]:
    """Who may hear of a match or an engagement step: the client, the provider's organisation and the associations
    — never another enterprise."""
    out: list[str] = []
    offset = 0
    while True:
        orgs, total = auth.list_orgs(session=session, limit=200, offset=offset)
        for org in orgs:
            if (org.kind == OrgKind.association or (org.kind == OrgKind.enterprise and org.id == enterprise_id)
                    or (org.kind == OrgKind.center and center_id is not None and org.center_id == center_id)):
                out.append(org.id)
        offset += len(orgs)
        if not orgs or offset >= total:
            return out


class WebhookOutbox:
    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None:
        org_ids = None if parties is None else event_recipients(
            session, enterprise_id=parties.enterprise_id, center_id=parties.center_id)
        emit(session=session, event=WebhookEvent(event.value), payload=payload, org_ids=org_ids)
        inbox.notify(session=session, notices=notices_for(session=session, event=event, payload=payload,
                                                          parties=parties))


OUTBOX = WebhookOutbox()
