"""The domain events a use case announces, and the outbox it announces them through.

A flow records its events in the caller's transaction (``Outbox.record``), so an event exists exactly when the change
it announces was committed; delivery (webhooks today) happens after the commit, from the stored rows. The outbox is
handed in by the entry point: the API and the UI pass the same one, so a use case announces the same events whichever
door it came through.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.orm import Session


class DomainEvent(StrEnum):
    need_published = "need.published"  # a need was refined and published (payload: the redacted public view)
    match_accepted = "match.accepted"  # a coordinator accepted a match for a need
    engagement_state_changed = "engagement.state_changed"  # an engagement moved along seed 000 Figure 1
    review_proposed = "review.proposed"  # a center was proposed for a need (to that center and the associations)
    complaint_filed = "complaint.filed"  # a client complained about an engagement (to its parties)
    complaint_overdue = "complaint.overdue"  # a complaint's handling is past its deadline (once a day, to its parties)
    engagement_overdue = "engagement.overdue"  # an engagement is past its deadline (once a day, to its parties)
    message_posted = "engagement.message_posted"  # a party wrote in the engagement's thread (no text in the payload)
    obligation_due = "provider.obligation_due"  # a provider's obligation falls due or is overdue (once a day)
    transition_proposed = "provider.transition_proposed"  # a lifecycle step proposed to the association
    finding_overdue = "provider.finding_overdue"  # a finding's corrective action is past its deadline (once a day)
    need_refined = "need.refined"  # the LLM pass at submission filled fields left empty (payload: which fields)


@dataclass(frozen=True)
class Parties:
    """Who may hear of an event about one need or engagement: its enterprise, its center, and the associations that
    serve the need (``need_id``: its tenant's, the one that submitted it, those the enterprise consented to —
    ``flows.access.associations_of_need``); an event about a provider alone (no ``need_id``) is heard by every
    association. ``None`` for an event about public data, which every subscriber may hear."""

    enterprise_id: str | None
    center_id: str | None
    need_id: str | None = None


class Outbox(Protocol):
    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None: ...


@dataclass
class MemoryOutbox:
    """An outbox that keeps what was recorded: for the CLI's dry runs and for tests of flows without the API."""

    events: list[tuple[DomainEvent, dict[str, Any], Parties | None]] = field(default_factory=list)

    def record(self, *, session: Session, event: DomainEvent, payload: Mapping[str, Any],
               parties: Parties | None) -> None:
        self.events.append((event, dict(payload), parties))
