"""The pipeline's inputs and outputs (pydantic).

``MatchProposal`` mirrors one entry of the matcher's JSON result (``{"matches": [...], "low_confidence": ...}``), so
the pipeline stores proposals as data and never imports the matcher: the caller runs the matcher and hands them over.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.errors import InnodockError
from pipeline.vocab import RejectReason, ReviewStatus, Role

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Actor(BaseModel):
    """Who acts. ``org`` is the center id a center coordinator works for (``--as center_coordinator:ID@CENTER``).
    ``reach``: for association staff and keys, the needs whose reviews and engagements they may see (gathered by
    ``flows.access.reach``); None: no limit of that kind."""

    model_config = ConfigDict(frozen=True)

    role: Role
    id: NonEmpty
    org: str | None = None
    reach: frozenset[str] | None = None

    @classmethod
    def parse(cls, text: str) -> Actor:
        match = re.fullmatch(r"\s*([a-z_]+):([^@\s]+)(?:@(\S+))?\s*", text or "")
        roles = ", ".join(r.value for r in Role)
        if not match or match.group(1) not in Role.__members__:
            raise InnodockError(
                f"身份格式应为 角色:编号[@机构]，角色为 {roles} / --as must be ROLE:ID[@CENTER], ROLE one of {roles}",
                field="as",
            )
        return cls(role=Role(match.group(1)), id=match.group(2), org=match.group(3))

    def label(self) -> str:
        return f"{self.role.value}:{self.id}" + (f"@{self.org}" if self.org else "")


# ---- proposals (the matcher's output, as data) ----


class ProposedCapability(BaseModel):
    model_config = ConfigDict(extra="allow")

    capability_id: str
    title: str
    score: float


class ProposalReason(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: str
    text: str


class ProposedTeam(BaseModel):
    """A team suggested with a proposal (the matcher's team proposal, reduced to expert ids)."""

    lead: str | None = None
    members: list[str] = Field(default_factory=list)
    lead_exception_needed: bool = False


class ProposalRequirement(BaseModel):
    """One of the need's requirements as this proposal's center covers it (the matcher's coverage per requirement,
    docs/matching.md §5): ``kind`` is product_family | service_type | qualification | region | phrase; ``evidence``
    says why it is covered, ``missing`` what is missing when it is not ("中文 / English"); ``partial``: covered in part
    (not ``covered``; the evidence says what is, docs/matching.md §8t)."""

    kind: str
    requirement: str
    covered: bool
    partial: bool = False
    evidence: str | None = None
    missing: str | None = None


class MatchProposal(BaseModel):
    model_config = ConfigDict(extra="allow")

    center_id: NonEmpty
    center_name: str
    score: float
    capabilities: list[ProposedCapability] = Field(default_factory=list)
    reasons: list[ProposalReason] = Field(default_factory=list)
    coverage: list[ProposalRequirement] = Field(
        default_factory=list, description="需求的各项要求及该机构是否覆盖、依据或缺少什么 / the need's "
                                          "requirements, each covered or not by this center, with the evidence or "
                                          "what is missing")
    fit: int | None = Field(default=None, description="匹配度 0–100，由得分与要求覆盖共同得出 / the 0–100 fit, from "
                                                      "the score and the requirements covered (matcher.explain.fit_of; "
                                                      "absent on proposals made before it)")
    band: str | None = Field(default=None, description="匹配度分档 / the fit's band: high | medium | low")
    team: ProposedTeam | None = None


class Decline(BaseModel):
    """A proposal declined (or, without a center, the whole round), with its reason. An association may undo a
    wrong decline within its round: the record stays, with who undid it and when, and the center counts as proposed
    again."""

    center_id: str | None
    reason: RejectReason
    text: str | None = None
    by: str
    at: datetime
    undone_by: str | None = None
    undone_at: datetime | None = None


class Interest(BaseModel):
    """A proposed center's "we can take it", with its note for the coordinator."""

    center_id: str
    note: str | None = None
    by: str
    at: datetime


class RoundView(BaseModel):
    round: int
    proposals: list[MatchProposal]
    low_confidence: bool
    note: str | None
    declined: list[Decline]
    interested: list[Interest] = Field(default_factory=list)
    created_by: str
    created_at: datetime


class CanHelp(BaseModel):
    """A provider that found the need on its opportunities page (published needs that fit it) and said it can help,
    with its short note: the association sees it on the need's review, beside the matcher's proposals."""

    center_id: str
    center_name: str | None = None
    note: str | None = None
    by: str
    at: datetime


def client_reference(review_id: str) -> str:
    """An opaque reference to a review's client that names nobody: what a proposed center calls the client before
    the need's details are open to it. Per review, so two reviews of one enterprise cannot be linked (issue 31)."""
    return "委托方-" + hashlib.sha256(f"client:{review_id}".encode()).hexdigest()[:8].upper()


@dataclass(frozen=True)
class QueuedReview:
    """A review as a work list sorts, filters and pages it (``pipeline.reviews.queued_reviews``): no proposal, round
    or offer, which only the page's reviews need."""

    id: str
    need_id: str
    status: ReviewStatus
    created_at: datetime
    low_confidence: bool


class ReviewView(BaseModel):
    id: str
    need_id: str
    enterprise_id: str | None
    enterprise_name: str | None
    client_ref: str = ""
    status: ReviewStatus
    round: int
    version: int
    proposals: list[MatchProposal]
    low_confidence: bool
    declined: list[Decline]
    interested: list[Interest] = Field(default_factory=list)
    accepted_center_id: str | None
    accepted_center_name: str | None
    alternates: list[str]
    assigned_by_hand: bool
    assign_note: str | None
    # the association's reason for accepting the proposal, for the enterprise (None: it gave none, or by hand)
    accept_reason: str | None = None
    reject_reason: RejectReason | None
    reject_text: str | None
    decided_by: str | None
    decided_at: datetime | None
    engagement_id: str | None
    rounds: list[RoundView] = Field(default_factory=list)
    can_help: list[CanHelp] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    # To a proposed center the association did not choose: the need went to another provider (never which one;
    # pipeline.reviews.as_seen_by_center). It read "已接受" as if it had been accepted (a new user's trial, 2026-11-30)
    taken_elsewhere: bool = False
    # The coordinator's note on the current round when it re-matched the need (not a re-docking's): shown on the
    # review page and to the enterprise, which saw only "轮次 2" (a new user's trial, 2026-11-30); never to a center
    rematch_note: str | None = None


class ReviewParties(BaseModel):
    """Which centers a need's review names now: the facts the need-to-know rule reads."""

    review_id: str | None = None
    proposed: frozenset[str] = frozenset()
    accepted: str | None = None


# ---- records ----

AGREEMENT_REQUIRED: tuple[str, ...] = (
    "scope", "deliverables", "price_yuan", "schedule", "deadline", "confidentiality_clause", "signed_on",
    "client_party", "provider_party",
)

AGREEMENT_FIELD_LABELS: dict[str, str] = {
    "scope": "服务范围", "deliverables": "交付物", "price_yuan": "价格（元）", "schedule": "进度安排",
    "deadline": "完成期限", "confidentiality_clause": "保密条款", "signed_on": "签订日期", "client_party": "委托方",
    "provider_party": "服务方",
}


class AgreementIn(BaseModel):
    """A technical service agreement (技术服务协议); a draft may leave fields out, a signed one may not."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    scope: str | None = None
    deliverables: list[NonEmpty] | None = None
    price_yuan: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] | None = None
    schedule: str | None = None
    deadline: date | None = None
    confidentiality_clause: str | None = None
    signed_on: date | None = None
    client_party: str | None = None
    provider_party: str | None = None

    def missing(self) -> list[str]:
        return [name for name in AGREEMENT_REQUIRED if getattr(self, name) in (None, "", [])]


class RuleError(ValueError):
    """A rule of a record's content, said in both languages: :func:`pipeline.guards.parse_model` answers with it as
    written, not as a generic "内容不合格 / invalid" that names nothing. ``field``: the one field a rule of the whole
    record is about (a model validator's error has no place of its own), so a form marks it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class TeamRuleError(RuleError):
    """A rule of a team's make-up (naming ``team.members``)."""


class TeamIn(BaseModel):
    """A project team (项目组): one lead and the members, by kb expert id. ``lead_exception`` is a coordinator's
    recorded reason for a lead who does not meet seed 000 §4.2.1 (a "should" rule). The team's make-up — at least one
    member besides the lead, the lead not also a member, no member twice — is checked here, in one place."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    lead: NonEmpty
    members: list[NonEmpty] = Field(json_schema_extra={"minItems": 1})
    lead_exception: str | None = None

    @field_validator("members")
    @classmethod
    def _make_up(cls, members: list[str], info: ValidationInfo) -> list[str]:
        if not members:
            raise TeamRuleError("项目组除负责人外至少须有一名成员 / a project team needs at least one member "
                                "besides the lead")
        lead = info.data.get("lead")
        if lead is not None and lead in members:
            raise TeamRuleError("负责人不能同时列为成员 / the lead must not also be listed as a member")
        if len(set(members)) != len(members):
            raise TeamRuleError("同一成员不能列两次 / a member must not be listed twice")
        return members


@dataclass(frozen=True)
class Upload:
    """One file as the caller received it: the name the sender gave and the bytes (``pipeline.attachments`` judges
    them)."""

    name: str
    data: bytes


class FileMeta(BaseModel):
    """A file's metadata. ``id`` names a file stored with the engagement (``pipeline_file``), which the parties can
    download; a record may also cite a file kept elsewhere, without an id."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: NonEmpty
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, Field(ge=0)]
    media_type: NonEmpty


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: NonEmpty
    files: list[FileMeta] = Field(default_factory=list)


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    satisfaction: Annotated[int, Field(ge=1, le=5)] | None = None
    answers: dict[Annotated[str, Field(max_length=64)], Annotated[int, Field(ge=1, le=5)]] | None = Field(
        None, max_length=50)
    complaint: str | None = None

    @field_validator("complaint")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _something(self) -> FeedbackIn:
        if self.satisfaction is None and self.complaint is None and not self.answers:
            # The stars named: said at the top of a closed engagement's long page, the form far below was unmarked
            # (the enterprise's day walked again, 2026-11-29).
            raise RuleError("请选择满意度星级或填写投诉内容（验收通过后还可填写服务质量问卷） / choose a satisfaction "
                            "score (1–5 stars) or write a complaint (once the results are accepted, the "
                            "service-quality questionnaire too)", field="satisfaction")
        return self


class AgreementView(AgreementIn):
    model_config = ConfigDict(extra="forbid")

    recorded_by: str
    recorded_at: datetime


class TeamView(BaseModel):
    lead: str
    members: list[str]
    lead_exception: str | None
    lead_exception_by: str | None
    lead_rule_reasons: list[str]
    recorded_by: str
    recorded_at: datetime


class PlanReviewView(BaseModel):
    round: int
    approved: bool
    opinion: str
    reviewers: list[str]
    recorded_by: str
    recorded_at: datetime


class DeliveryView(BaseModel):
    round: int
    note: str
    files: list[FileMeta]
    recorded_by: str
    recorded_at: datetime


class VerdictView(BaseModel):
    round: int
    passed: bool
    reasons: list[str]
    recorded_by: str
    recorded_at: datetime


class HandlingView(BaseModel):
    step: str = "handle"  # pipeline.complaints.COMPLAINT's step: handle, report_progress, confirm, reopen, close_lapsed
    handling: str  # the handling, or the client's reason for reopening, or a note
    resolved: bool
    handled_by: str
    handled_at: datetime


class FeedbackView(BaseModel):
    id: int
    satisfaction: int | None
    answers: dict[str, int] | None = None
    complaint: str | None
    handling_due_on: date | None = None  # the complaint's handling deadline (working days after filing)
    handling: str | None
    resolved: bool
    handled_by: str | None
    handled_at: datetime | None
    recorded_by: str
    recorded_at: datetime
    handling_history: list[HandlingView] = Field(default_factory=list)  # every version recorded, oldest first
    complaint_state: str | None = None  # open, handled (awaiting the client's confirmation), closed; None: no complaint
    closed_by: str | None = None
    closed_at: datetime | None = None
    closed_how: str | None = None  # confirm (by the client) or close_lapsed (by the association, after the period)


class EventView(BaseModel):
    seq: int
    transition: str
    from_state: str | None
    to_state: str
    actor_role: Role
    actor_id: str
    at: datetime
    payload: dict[str, Any]


class DueAfterNeed(BaseModel):
    """An agreement due after the deadline its need asked for: said to both parties, not refused (they may agree a
    later day; ``flows.engagements.due_after_need``)."""

    agreed: date  # the agreement's 完成期限
    need: date  # the deadline the need asked for
    # the agreement's stage, which decides what is said (flows.engagements.agreement_stage): draft, signed (awaiting
    # the enterprise's countersignature) or countersigned
    stage: str = "signed"
    message: str  # "中文 / English"


class PriceAboveBudget(BaseModel):
    """An agreement priced above its need's stated budget maximum: said to the parties and the association, not
    refused (the price may be negotiated up; ``pipeline.guards.price_above_budget``, said by
    ``flows.engagements.price_above_budget_said``)."""

    price_yuan: Decimal  # the agreement's price
    budget_max_yuan: int  # the need's budget maximum
    stage: str = "signed"  # the agreement's stage, as DueAfterNeed's: draft, signed or countersigned
    message: str  # "中文 / English"


class EngagementView(BaseModel):
    id: str
    need_id: str
    review_id: str | None
    center_id: str
    center_name: str | None
    enterprise_id: str | None
    enterprise_name: str | None
    state: str
    version: int
    deadline: date | None
    overdue: bool | None = None
    plan_round: int
    acceptance_round: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    case_public: bool = False  # the client agreed to show it, redacted, as a typical case of its provider
    # the agreement due after the need's deadline: on an engagement's own view and on the answer to the step that
    # signs or countersigns the agreement (a list leaves it out: null)
    due_after_need: DueAfterNeed | None = None
    # the agreement's price above the need's budget maximum, on the same views (null to a provider that may not read
    # a confidential need's budget figures yet)
    price_above_budget: PriceAboveBudget | None = None


class EngagementDetail(EngagementView):
    allowed_transitions: list[str]
    agreement: AgreementView | None
    team: TeamView | None
    proposed_team: ProposedTeam | None
    plan_reviews: list[PlanReviewView]
    deliveries: list[DeliveryView]
    verdicts: list[VerdictView]
    feedback: list[FeedbackView]
    events: list[EventView]


class MessageView(BaseModel):
    """One message of the 技术、商务沟通 thread, with its files' metadata (the bytes are read one by one)."""

    id: int
    engagement_id: str
    body: str
    author_role: str
    author_name: str | None
    mine: bool = False
    at: datetime
    files: list[FileMeta]


class OverdueItem(BaseModel):
    engagement_id: str
    center_id: str
    state: str
    deadline: date
    days_overdue: int


class CaseConsentView(BaseModel):
    engagement_id: str
    public: bool
    decided_at: datetime | None


class PublicCase(BaseModel):
    """A closed engagement its client agreed to show: which need, which provider, when it closed."""

    engagement_id: str
    need_id: str
    center_id: str
    closed_on: date | None


class OverdueComplaint(BaseModel):
    """A complaint not handled by its deadline (whatever the engagement's own state)."""

    engagement_id: str
    feedback_id: int
    center_id: str
    due_on: date
    days_overdue: int


class HistoryCheck(BaseModel):
    """The result of replaying an engagement's events through the machine."""

    engagement_id: str
    ok: bool
    replayed_state: str | None
    stored_state: str
    events: int
    version: int
    problems: list[str]


class EngagementOutcome(BaseModel):
    """What evaluation reads about one engagement (seed 001 §5.2.4 service results).

    The first nine fields match ``evaluation.records.EngagementOutcome``; ``evaluation_fields()`` gives exactly them."""

    engagement_id: str
    center_id: str
    client_id: str
    closed_on: date | None
    due_on: date | None
    accepted_first_try: bool | None
    satisfaction: float | None
    answers: dict[str, int] = Field(default_factory=dict)
    complaints: int
    complaints_resolved: int
    state: str
    on_time: bool | None
    repeat_client: bool
    complaint: bool
    complaints_handled: bool

    def evaluation_fields(self) -> dict[str, Any]:
        return self.model_dump(include={
            "engagement_id", "center_id", "client_id", "closed_on", "due_on", "accepted_first_try", "satisfaction",
            "answers", "complaints", "complaints_resolved",
        })


# ---- what the coordinators' decisions teach the matcher (issue 28, item 4) ----


class LabelKind(StrEnum):
    """What a decision says about a (need, center) pair: ``positive`` (accepted, or assigned by hand), ``negative``
    (declined as not suitable, one proposal or the whole round), ``neutral`` (a decision that says nothing of the
    fit: no capacity, a conflict of interest, the provider declining or leaving, an unclear need, a proposal passed
    over by a re-match)."""

    positive = "positive"
    negative = "negative"
    neutral = "neutral"


class LabelDecision(StrEnum):
    accepted = "accepted"
    assigned_by_hand = "assigned_by_hand"
    declined = "declined"  # one proposal declined, with its reason
    round_rejected = "round_rejected"  # the whole round declined, with its reason: one label per proposal of it
    rematched = "rematched"  # the coordinator re-ran the matcher: the round's proposals still standing were passed over


class ReviewLabel(BaseModel):
    """One labelled (need, center) pair, read from the review's record as it stands: a decline undone is not one."""

    need_id: str
    center_id: str
    center_name: str | None = None
    review_id: str
    round: int
    decision: LabelDecision
    label: LabelKind
    reason: RejectReason | None = None
    text: str | None = None
    score: float | None = None  # the matcher's score when the center was proposed; None: not proposed (by hand)
    by: str | None = None
    at: datetime


class OfferView(BaseModel):
    """A published need offered to a provider whose services fit it (its opportunities page): the matcher's
    proposal of this center for the need's public view, whether the provider was told, and its "can help"."""

    need_id: str
    center_id: str
    center_name: str | None = None
    rank: int
    proposal: MatchProposal
    offered_at: datetime
    notified_at: datetime | None = None
    help_note: str | None = None
    help_by: str | None = None
    help_at: datetime | None = None
