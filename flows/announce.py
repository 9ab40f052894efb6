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


def party_orgs(session: Session, parties: Sequence[Parties]) -> list[list[OrgOut]]:
    """For each event's parties, the organisations that may hear of it: the client, the provider's organisation and
    the associations that serve the need (every association, for an event about a provider alone) — never another
    enterprise, nor another association's staff (issue 31). One read of the organisations for the whole batch, and
    each need's serving associations read once (a submission announces one event per center told of it)."""
    serving: dict[str, frozenset[str] | None] = {}
    for need_id in dict.fromkeys(p.need_id for p in parties if p.need_id is not None):
        serving[need_id] = access.associations_of_need(session=session, need_id=need_id)
    found = auth.parties_many(session=session, asks=[
        (p.enterprise_id, p.center_id, serving[p.need_id] if p.need_id is not None else None) for p in parties])
    if any(p.authority_ids for p in parties):
        deciding = auth.authorities(session=session)
        found = [orgs + [o for o in deciding if o.id in p.authority_ids] if p.authority_ids else orgs
                 for orgs, p in zip(found, parties, strict=True)]
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
        titles: dict[str, notices.NeedTitles] = {}
        # An event without parties (a published need) is public: every subscriber hears it, nobody's inbox needs it.
        known = [parties for _, _, parties in events if parties is not None]
        answers = iter(party_orgs(session, known))
        heard = [next(answers) if parties is not None else None for _, _, parties in events]
        everyone = any(orgs is None for orgs in heard)
        subscriptions = subscriptions_for(session=session, org_ids=None if everyone else
                                          {o.id for orgs in heard for o in orgs or []})
        told: list[NoticeIn] = []
        for (event, payload, parties), orgs in zip(events, heard, strict=True):
            emit(session=session, event=event, payload=payload,
                 org_ids=None if orgs is None else [o.id for o in orgs], subscriptions=subscriptions)
            settled = notices.settled_by(event=event, payload=payload)
            if settled:  # in the events' order: what was told before is settled, what this event tells is live
                inbox.notify(session=session, notices=told)
                told = []
                inbox.settle(session=session, groups=settled)
            # The organisation that acted is not told of its own act in its inbox (its webhooks above still are)
            acted_by = parties.acted_by if parties is not None else None
            told += notices.notices_of(session=session, event=event, payload=payload,
                                       orgs=[o for o in orgs or [] if o.id != acted_by], titles=titles)
        # In the events' order, together: ten proposals' grouped notice is one row brought up to date once.
        inbox.notify(session=session, notices=told)


OUTBOX = WebhookOutbox()
