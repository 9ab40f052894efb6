"""The outbox a use case announces its events through (the events themselves: :class:`outbox.vocab.DomainEvent`).

A flow records its events in the caller's transaction (``Outbox.record``), so an event exists exactly when the change
it announces was committed; delivery (webhooks today) happens after the commit, from the stored rows. The outbox is
handed in by the entry point: the API and the UI pass the same one, so a use case announces the same events whichever
door it came through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from outbox.vocab import DomainEvent


@dataclass(frozen=True)
class Parties:
    """Who may hear of an event about one need or engagement: its enterprise, its center, and the associations that
    serve the need (``need_id``: its tenant's, the one that submitted it, those the enterprise consented to —
    ``flows.access.associations_of_need``); an event about a provider alone (no ``need_id``) is heard by every
    association. ``None`` for an event about public data, which every subscriber may hear. ``authority_ids``: the
    deciding authorities' organisations that hear it too (a decision prepared for them, issue 29 item 3).
    ``acted_by``: the organisation whose own act the event announces (an association's decision about a provider):
    its inbox is not told of it as new — it knows, and a to-do of its own act is noise — while its webhooks still
    hear it (its website follows every provider's status); the other parties are told as before."""

    enterprise_id: str | None
    center_id: str | None
    need_id: str | None = None
    authority_ids: tuple[str, ...] = ()
    acted_by: str | None = None


class Outbox(Protocol):
    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None: ...

    def record_many(self, *, session: Session,
                    events: Sequence[tuple[DomainEvent, Mapping[str, Any], Parties | None]]) -> None:
        """Several events of one step, in their order (an outbox may read what they share once)."""
        ...


@dataclass
class MemoryOutbox:
    """An outbox that keeps what was recorded: for the CLI's dry runs and for tests of flows without the API."""

    events: list[tuple[DomainEvent, dict[str, Any], Parties | None]] = field(default_factory=list)

    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None:
        self.events.append((event, dict(payload), parties))

    def record_many(self, *, session: Session,
                    events: Sequence[tuple[DomainEvent, Mapping[str, Any], Parties | None]]) -> None:
        for event, payload, parties in events:
            self.record(session=session, event=event, payload=payload, parties=parties)
