"""The flows' outbox as the service runs it: each domain event becomes one pending webhook delivery per subscription
allowed to hear it (:func:`outbox.service.emit`) and the inbox notifications of the people it needs
(:mod:`flows.notices`), written in the flow's own transaction; webhooks are sent after the commit by the deliverer.

It lives with the flows, not in the outbox, because deciding who may hear an event is a use case's question (the
need's serving associations, the parties' organisations): the outbox only stores and sends. Every door hands this
one to the flows — the API, the pages, the terminal and the jobs — so a step announces the same events whichever
door it came through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from accounts import service as auth
from accounts.schemas import OrgOut
from flows import access, notices
from flows.events import Parties
from inbox import service as inbox
from inbox.schemas import NoticeIn
from outbox.service import emit, subscriptions_for
from outbox.vocab import DomainEvent


def party_orgs(session: Session, parties: Parties | None,
               serving: dict[str, frozenset[str] | None] | None = None) -> list[OrgOut]:
    """The organisations that may hear of an event about these parties: the client, the provider's organisation and
    the associations that serve the need (every association, for an event about a provider alone) — never another
    enterprise, nor another association's staff (issue 31). ``serving``: the need's associations already read in
    this batch of events (:meth:`WebhookOutbox.record_many`), filled as they are read."""
    need_id = parties.need_id if parties is not None else None
    if need_id is None:
        associations = None
    elif serving is not None and need_id in serving:
        associations = serving[need_id]
    else:
        associations = access.associations_of_need(session=session, need_id=need_id)
        if serving is not None:
            serving[need_id] = associations
    found = auth.parties(session=session, enterprise_id=parties.enterprise_id if parties is not None else None,
                         center_id=parties.center_id if parties is not None else None, association_ids=associations)
    if parties is not None and parties.authority_ids:
        found += [o for o in auth.authorities(session=session) if o.id in parties.authority_ids]
    return found


class WebhookOutbox:
    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None:
        self.record_many(session=session, events=[(event, payload, parties)])

    def record_many(self, *, session: Session,
                    events: Sequence[tuple[DomainEvent, Mapping[str, Any], Parties | None]]) -> None:
        """Several events of one step, in their order, as :meth:`record` writes each; what they share about a need
        (its serving associations, its two titles), and the webhook subscriptions of everyone they concern, are read
        once for the batch, not once an event, and the inbox notices are written together. A submission announces
        one event per proposed center (ten): these reads were a fifth of its time (issue 33)."""
        serving: dict[str, frozenset[str] | None] = {}
        titles: dict[str, notices.NeedTitles] = {}
        # An event without parties (a published need) is public: every subscriber hears it, nobody's inbox needs it.
        heard = [party_orgs(session, parties, serving) if parties is not None else None for _, _, parties in events]
        everyone = any(orgs is None for orgs in heard)
        subscriptions = subscriptions_for(session=session, org_ids=None if everyone else
                                          {o.id for orgs in heard for o in orgs or []})
        told: list[NoticeIn] = []
        for (event, payload, _parties), orgs in zip(events, heard, strict=True):
            emit(session=session, event=event, payload=payload,
                 org_ids=None if orgs is None else [o.id for o in orgs], subscriptions=subscriptions)
            settled = notices.settled_by(event=event, payload=payload)
            if settled:  # in the events' order: what was told before is settled, what this event tells is live
                inbox.notify(session=session, notices=told)
                told = []
                inbox.settle(session=session, groups=settled)
            told += notices.notices_of(session=session, event=event, payload=payload, orgs=orgs or [],
                                       titles=titles)
        # In the events' order, together: ten proposals' grouped notice is one row brought up to date once.
        inbox.notify(session=session, notices=told)


OUTBOX = WebhookOutbox()
