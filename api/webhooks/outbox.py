"""The flows' outbox as the service runs it: each domain event becomes one pending webhook delivery per subscription
allowed to hear it and the inbox notifications of the people it needs (``api.notices``), written in the flow's own
transaction; webhooks are sent after the commit by the deliverer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from api.notices import notices_for, party_orgs
from api.webhooks.service import emit
from api.webhooks.vocab import WebhookEvent
from flows.events import DomainEvent, Parties
from inbox import service as inbox


class WebhookOutbox:
    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None:
        # An event without parties (a published need) is public: every subscriber hears it, nobody's inbox needs it.
        orgs = party_orgs(session, parties) if parties is not None else []
        org_ids = None if parties is None else [o.id for o in orgs]
        emit(session=session, event=WebhookEvent(event.value), payload=payload, org_ids=org_ids)
        inbox.notify(session=session, notices=notices_for(event=event, payload=payload, orgs=orgs))


OUTBOX = WebhookOutbox()
