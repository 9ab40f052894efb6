"""Pipeline tables: match reviews and their proposal rounds, engagements, the append-only event history, and the
records attached to workflow steps. Only ``pipeline.service`` (and the modules it re-exports) writes them.

No foreign keys into kb: a center or expert may later leave the knowledge base, and the engagement's record must stay
as it was. Names are kept as snapshots next to the ids.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, JSONType, utcnow

ID = String(64)
ROLE = String(40)


class MatchReview(Base):
    """A coordinator's review of the providers proposed for one need; one per need, re-matching adds rounds."""

    __tablename__ = "pipeline_match_review"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    need_id: Mapped[str] = mapped_column(ID, unique=True)
    enterprise_id: Mapped[str | None] = mapped_column(ID, index=True)
    enterprise_name: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic lock, bumped by every decision: two coordinators deciding at once cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)
    proposals: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    low_confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted_center_id: Mapped[str | None] = mapped_column(ID)
    accepted_center_name: Mapped[str | None] = mapped_column(String(300))
    alternates: Mapped[list[str]] = mapped_column(JSONType, default=list)
    assigned_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    assign_note: Mapped[str | None] = mapped_column(Text)
    # The association's reason for accepting a proposal, in its words, for the enterprise ("为什么选这家机构");
    # optional. A review assigned by hand says why in ``assign_note``.
    accept_reason: Mapped[str | None] = mapped_column(Text)
    reject_reason: Mapped[str | None] = mapped_column(String(40))
    reject_text: Mapped[str | None] = mapped_column(Text)
    decided_by_role: Mapped[str | None] = mapped_column(ROLE)
    decided_by_id: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    engagement_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ReviewRound(Base):
    """One set of proposals for a review, kept when the need changes and matching runs again."""

    __tablename__ = "pipeline_review_round"
    __table_args__ = (UniqueConstraint("review_id", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    review_id: Mapped[str] = mapped_column(ForeignKey("pipeline_match_review.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    proposals: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    low_confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    # Declines of single proposals and of the whole round: [{center_id|null, reason, text, by, at}].
    declined: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # Proposed centers that said they can take the need (seed 000 §5.2.4: a center sees the redacted summary and
    # answers before any details are shared): [{center_id, note, by, at}]. None on rounds from before this column.
    interested: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType, nullable=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Engagement(Base):
    """One accepted match being served (seed 000 Figure 1). ``state`` moves only together with a new event row,
    and ``version`` (= the number of events) is the optimistic lock."""

    __tablename__ = "pipeline_engagement"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    need_id: Mapped[str] = mapped_column(ID, index=True)
    review_id: Mapped[str | None] = mapped_column(ID)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    center_name: Mapped[str | None] = mapped_column(String(300))
    enterprise_id: Mapped[str | None] = mapped_column(ID, index=True)
    enterprise_name: Mapped[str | None] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date | None] = mapped_column(Date)
    plan_round: Mapped[int] = mapped_column(Integer, default=0)
    acceptance_round: Mapped[int] = mapped_column(Integer, default=0)
    proposed_team: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When it reached a final state (closed, withdrawn or terminated).
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The enterprise's consent to show this engagement, redacted, as one of the provider's typical cases (issue 14
    # step 7); given after acceptance, and withdrawn at any time.
    case_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    case_decided_by: Mapped[str | None] = mapped_column(String(200))
    case_decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EngagementEvent(Base):
    """Append-only: one row per transition (and one for opening). Never updated or deleted."""

    __tablename__ = "pipeline_engagement_event"
    __table_args__ = (UniqueConstraint("engagement_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    transition: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_role: Mapped[str] = mapped_column(ROLE)
    actor_id: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class _Recorded:
    recorded_by_role: Mapped[str] = mapped_column(ROLE)
    recorded_by_id: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgreementRecord(_Recorded, Base):
    """技术服务协议. Drafts may be recorded while communicating; the newest row counts, the signed one is final."""

    __tablename__ = "pipeline_agreement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str | None] = mapped_column(Text)
    deliverables: Mapped[list[str] | None] = mapped_column(JSONType)
    price_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    schedule: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    confidentiality_clause: Mapped[str | None] = mapped_column(Text)
    signed_on: Mapped[date | None] = mapped_column(Date)
    client_party: Mapped[str | None] = mapped_column(String(300))
    provider_party: Mapped[str | None] = mapped_column(String(300))


class TeamRecord(_Recorded, Base):
    """项目组: lead and members (kb expert ids); a lead exception is the coordinator's reason and name."""

    __tablename__ = "pipeline_team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    lead_expert_id: Mapped[str] = mapped_column(ID)
    member_expert_ids: Mapped[list[str]] = mapped_column(JSONType)
    lead_exception: Mapped[str | None] = mapped_column(Text)
    lead_exception_by: Mapped[str | None] = mapped_column(String(200))
    lead_rule_reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)


class PlanReviewRecord(_Recorded, Base):
    """技术服务评审 opinion on the service plan, one per review round."""

    __tablename__ = "pipeline_plan_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    approved: Mapped[bool] = mapped_column(Boolean)
    opinion: Mapped[str] = mapped_column(Text)
    reviewers: Mapped[list[str]] = mapped_column(JSONType, default=list)


class DeliveryRecord(_Recorded, Base):
    """Delivery notes and the result files' metadata (name, sha256, size, media type, and the ``pipeline_file`` id
    when the file was uploaded here; older records may cite files kept elsewhere)."""

    __tablename__ = "pipeline_delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class AcceptanceVerdict(_Recorded, Base):
    """服务成果验收 verdict, passed or not, with its reasons; one per acceptance round."""

    __tablename__ = "pipeline_acceptance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list[str]] = mapped_column(JSONType)


class FeedbackRecord(_Recorded, Base):
    """The client's satisfaction (1–5) and complaint, and how the complaint was handled."""

    __tablename__ = "pipeline_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    # The client's five-grade questionnaire (seed 001's questionnaire items: item id → grade 1–5), answered once,
    # after acceptance; which items exist is evaluation's (evaluation.questionnaire), checked by flows.
    answers: Mapped[dict[str, int] | None] = mapped_column(JSONType)
    complaint: Mapped[str | None] = mapped_column(Text)
    # When the complaint's handling is due (flows.engagements.COMPLAINT_HANDLING_WORKDAYS after filing); None for a
    # record without a complaint, and for complaints filed before the deadline existed.
    handling_due_on: Mapped[date | None] = mapped_column(Date)
    handling: Mapped[str | None] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    handled_by: Mapped[str | None] = mapped_column(String(200))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A complaint's state (pipeline.complaints.COMPLAINT: open, handled awaiting the client's confirmation, closed);
    # None for a record without a complaint. Closed by the client's confirmation or, once the client let the
    # confirmation period pass, by the association (``closed_how``: the step that closed it).
    complaint_state: Mapped[str | None] = mapped_column(String(20))
    closed_by: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_how: Mapped[str | None] = mapped_column(String(20))
    # Every handling ever recorded, oldest first: the fields above are the latest, and a later handling never
    # erases an earlier one (issue 31).
    handlings: Mapped[list[ComplaintHandling]] = relationship(order_by="ComplaintHandling.id", lazy="selectin",
                                                               cascade="all, delete-orphan")


class ComplaintHandling(Base):
    """One step of a complaint's history, as recorded: append-only. ``step`` is the complaint machine's
    (pipeline.complaints): the provider's handling or progress, the client's confirmation or reopening (its reason
    in ``handling``), the association's closing after the period."""

    __tablename__ = "pipeline_complaint_handling"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("pipeline_feedback.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20), default="handle", server_default="handle")
    handling: Mapped[str] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column(Boolean)
    handled_by: Mapped[str] = mapped_column(String(200))
    handled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EngagementMessage(Base):
    """技术、商务沟通: one message of an engagement's thread between its parties. Append-only, like the history."""

    __tablename__ = "pipeline_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_role: Mapped[str] = mapped_column(ROLE)
    author_id: Mapped[str] = mapped_column(String(200))
    author_name: Mapped[str | None] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EngagementFile(Base):
    """A file a party uploaded to an engagement, with a message or a delivery. The bytes live here, in the
    database, so a backup carries them (``pipeline.attachments`` decides what may be stored)."""

    __tablename__ = "pipeline_file"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("pipeline_engagement.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_message.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # message | delivery
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_role: Mapped[str] = mapped_column(ROLE)
    uploaded_by_id: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NeedOffer(Base):
    """A published need offered to a provider it fits (issue 28, item 6): the matcher's proposal of that provider for
    the need's public view — never its confidential details —, whether the provider was told (``notified_at``; None
    when it was already proposed for the need, or its day's offers were used up), and the provider's "can help".
    Written only by ``pipeline.offers``."""

    __tablename__ = "pipeline_need_offer"
    __table_args__ = (UniqueConstraint("need_id", "center_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ID, index=True)
    center_id: Mapped[str] = mapped_column(ID, index=True)
    center_name: Mapped[str | None] = mapped_column(String(300))
    rank: Mapped[int] = mapped_column(Integer)
    proposal: Mapped[dict[str, Any]] = mapped_column(JSONType)
    offered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    help_note: Mapped[str | None] = mapped_column(Text)
    help_by: Mapped[str | None] = mapped_column(String(200))
    help_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
