"""A need entering and leaving the public feed, decided in one place: every step of a need's lifecycle that the flows
take goes through :func:`advance_need`, which announces ``need.unpublished`` when the step takes the need out of
``intake.schemas.PUBLIC_STATUSES`` (the statuses ``GET /api/v1/feed/needs`` lists) and ``need.published`` when it
brings the need back (an engagement ended and its need re-docked); a need published or refreshed (submitted, edited
while public, taken up again after it was sent back) is announced by :func:`publish_need`. A site that dropped a need
on ``need.unpublished`` hears of it again when it is back: before, a re-docked or re-matched need came back silently.

The event goes to every subscriber, as ``need.published`` does (no parties: the feed is shared by every association's
website), and carries the need's id, why it left (:class:`Unpublished`) and when — nothing of the need itself. A step
that keeps the need public (queued for review, no suitable provider found, re-opened) or that moves a need already
out of the feed (an engagement starting, closing or ending) announces nothing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from urllib.parse import quote

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from authz.principal import Acting
from core.db import utcnow
from flows.events import Outbox
from intake import publish
from intake import service as intake
from intake.schemas import PUBLIC_STATUSES, Need, PublicNeed
from outbox.vocab import DomainEvent


class Unpublished(StrEnum):
    """Why a need left the feed: the ``reason`` of ``need.unpublished``."""

    withdrawn = "withdrawn"  # the enterprise took it back
    matched = "matched"  # a provider was accepted or assigned by hand: it is no longer open
    sent_back = "sent_back"  # returned to the enterprise as unclear; resubmitted, it is published again


class NeedLeft(BaseModel):
    """The ``data`` of ``need.unpublished``, serialised as every other time a site reads (``…Z``); written by hand
    with ``isoformat()`` it said ``+00:00`` beside ``published_at``'s ``Z`` (the association website's walk,
    2026-11-28)."""

    need_id: str
    reason: Unpublished
    unpublished_at: datetime


class NeedAnnounced(PublicNeed):
    """The ``data`` of ``need.published``: the feed's item as published (``PublicNeed``, in Chinese) and ``path``,
    its public page's path on innodock (``/needs/{id}``), relative as an invitation's ``path`` is: the event is
    recorded with no request, so no host; a site joins it to the address it reaches innodock at (the feed's ``url``
    is that page, whole)."""

    path: str = Field(description="公开页面的路径（相对于平台地址）/ the path of the need's public page on innodock, "
                                  "relative to its address: /needs/{id}")


def need_page_path(need_id: str) -> str:
    """The path of a published need's public page (``api.pages.ui_public_need``): the one way it is written, for the
    feed's ``url``, ``need.published``'s ``path`` and the enterprise's own pages' link."""
    return "/needs/" + quote(need_id, safe="")


# The lifecycle's steps that take a need out of the feed, each with its reason (a test keeps this the same as the
# arrows of ``intake.lifecycle`` from a public status to one that is not).
LEAVING: dict[str, Unpublished] = {"withdraw": Unpublished.withdrawn, "match": Unpublished.matched,
                                   "send_back": Unpublished.sent_back}


def publish_need(*, session: Session, need_id: str, outbox: Outbox) -> PublicNeed:
    """Publish the need as it now reads (``intake.service.publish_need``: refined, its secrets kept) and announce
    ``need.published`` with the public view to every subscriber."""
    public = intake.publish_need(session=session, need_id=need_id)
    _announce(session, public, outbox)
    return public


def published_said(need: Need, lang: str) -> str:
    """What "my needs" tells the enterprise of a need with a public page: published where, for a confidential need
    that only the desensitised summary is, and who already reads its name (``intake.publish.PUBLISHED_DONE``, said
    with the rest of what the enterprise is told of publication)."""
    return publish.published_said(need, lang)


def _announce(session: Session, public: PublicNeed, outbox: Outbox) -> None:
    data = NeedAnnounced(**public.model_dump(), path=need_page_path(public.id))
    outbox.record(session=session, event=DomainEvent.need_published, payload=data.model_dump(mode="json"),
                  parties=None)


def advance_need(*, session: Session, need_id: str, transition: str, by: Acting | None, outbox: Outbox,
                 note: str | None = None) -> Need:
    """Fire one step of the need's lifecycle (``intake.service.advance_need``) and, when it takes the need out of the
    public feed or back into it, announce ``need.unpublished`` or ``need.published`` to every subscriber in the same
    transaction."""
    was_public = intake.need_owner(session=session, need_id=need_id).status in PUBLIC_STATUSES
    need = intake.advance_need(session=session, need_id=need_id, transition=transition, by=by, note=note)
    if was_public and need.status not in PUBLIC_STATUSES:
        outbox.record(session=session, event=DomainEvent.need_unpublished,
                      payload=NeedLeft(need_id=need_id, reason=LEAVING[transition],
                                       unpublished_at=utcnow()).model_dump(mode="json"),
                      parties=None)
    elif not was_public and need.status in PUBLIC_STATUSES:
        _announce(session, intake.public_view(session=session, need_id=need_id), outbox)
    return need
