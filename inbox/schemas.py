"""What an inbox item looks like to its reader."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class NoticeKind(StrEnum):
    proposal = "proposal"  # a center was proposed for a need: review it, say whether it can take it
    matched = "matched"  # the enterprise's need has a provider; the provider has a new engagement
    your_turn = "your_turn"  # the engagement waits for a step this organisation's role may take
    complaint = "complaint"  # a client complained: the provider (and the association) should handle it
    overdue = "overdue"  # an engagement is past its deadline: whoever has the next step, and the association
    message = "message"  # a party wrote in an engagement's thread: the other parties
    obligation = "obligation"  # a provider's obligation falls due or is overdue: its coordinators and the association
    lifecycle = "lifecycle"  # a provider's lifecycle step was proposed (an evaluation's consequence): the association
    # decides, the provider is told
    finding = "finding"  # a finding's corrective action is past its deadline: the provider and the association
    refined = "refined"  # the LLM pass at submission filled fields the enterprise left empty: it should check them
    corrected = "corrected"  # the association corrected the need's key fields: the enterprise reads what changed
    sent_back = "sent_back"  # the association sent the need back as unclear: the enterprise should answer and resubmit
    complaint_handled = "complaint_handled"  # the provider recorded a complaint's handling: the enterprise confirms
    rectification = "rectification"  # the association ordered a provider to rectify: its coordinators must act
    finding_opened = "finding_opened"  # an evaluation opened a finding: the provider owes a corrective action
    complaint_closed = "complaint_closed"  # a complaint was closed: the provider (and, when the association closed it,
    # the client) learns how
    decision = "decision"  # a decision about a provider (a lifecycle step, an entry change, a filing's review): the
    # provider learns of it at once, and the association when it must know
    opportunity = "opportunity"  # a need just published fits the provider: it may say it can help
    registration = "registration"  # an enterprise registered itself: its association (or the admins) approves it
    application = "application"  # a provider applied: the associations decide on it
    joined = "joined"  # a colleague accepted an invitation: whoever invited them (their role in their organisation)
    closed = "closed"  # the client accepted the results and the engagement closed: the provider (and the client, when
    # the association accepted them for it)
    rated = "rated"  # the client rated the service (satisfaction, the questionnaire): the provider
    acted_for = "acted_for"  # the association took a party's step for it (signed its agreement): that party, when it
    # is not the one whose turn it now is (told so in its your_turn notice)


class NoticeIn(BaseModel):
    """``group``: the notice's grouping key (its kind and the need or engagement it is about). Another notice of the
    same organisation with that key is not added but merged: its count grows, its title, link and refs are the
    latest, and it is unread again. A grouped notice's titles are ``str.format`` templates that may use
    ``{count}`` (so literal braces in them are doubled, see :func:`literal`)."""

    org_id: str
    roles: list[str]
    kind: NoticeKind
    # A template may run longer than the title it makes (doubled braces); the title is cut to its column's 300.
    title_zh: str = Field(max_length=1000)
    title_en: str = Field(max_length=1000)
    body: str | None = None
    link: str | None = Field(default=None, max_length=300)
    refs: dict[str, Any] = Field(default_factory=dict)
    group: str | None = Field(default=None, max_length=200)
    # A ref whose new value starts the group's count again (a need's next matching round: "3 to review", not 8).
    restart_on: str | None = Field(default=None, max_length=40)
    # The user of the organisation's roles it is not for: the person the notice is about (a colleague who joined).
    not_for_user: str | None = Field(default=None, max_length=64)


def literal(text: str) -> str:
    """Text put into a grouped notice's title template as it is (a need's title may hold braces)."""
    return text.replace("{", "{{").replace("}", "}}")


class NoticeOut(BaseModel):
    id: int
    kind: NoticeKind
    title_zh: str
    title_en: str
    body: str | None
    link: str | None
    refs: dict[str, Any]
    created_at: datetime
    read: bool
    count: int = 1
    done: bool = False  # the step it asked for is settled: history, not a to-do


class InboxPage(BaseModel):
    items: list[NoticeOut]
    unread: int
    total: int
