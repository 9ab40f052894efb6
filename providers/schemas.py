"""The providers package's inputs and outputs (pydantic)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from kb.vocab import CenterKind, CenterStatus
from providers.machine import state_label
from providers.profiles import Profile as Profile  # a rules profile, as the API lists it
from providers.rules import shown_status

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Flag(BaseModel):
    """Something matching and the pages show about a provider: ``code`` names the rule, the texts say why."""

    model_config = ConfigDict(frozen=True)

    code: str
    zh: str
    en: str


class Criticism(BaseModel):
    """通报批评 as the public reads it (seed 002 四(二)): a published record of the association's decision, with its
    date, reason and decision document."""

    decided_on: date
    grounds: str
    decision_document: str | None = None


class Commendation(BaseModel):
    """激励管理·示范推广 as the public reads it (seed 002 四(二), seed 003 art. 15): when the association commended
    the provider, and the rating period it rewarded."""

    commended_on: date
    period: str | None = None


class EventView(BaseModel):
    seq: int
    transition: str
    from_state: str | None
    to_state: str
    actor_role: str
    actor_id: str
    at: datetime
    grounds: str | None = None
    decided_on: date | None = None
    decision_document: str | None = None
    deadline: date | None = None
    payload: dict[str, Any] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def to_state_label(self) -> str:
        """The state it moved to, as people read it ("运行 operating"), like the provider's own ``state_label``."""
        return state_label(self.to_state)


class LifecycleView(BaseModel):
    center_id: str
    kind: CenterKind
    profile: str = "default"  # the rules profile that governs it (providers.profiles)
    profile_name: str = ""
    state: str
    state_label: str
    status: CenterStatus  # the kb status the state shows as (providers.rules.DERIVED_STATUS)
    version: int
    construction: bool
    materials: dict[str, str]
    missing_materials: list[str]
    build_deadline: date | None
    rectification_deadline: date | None
    operating_since: date | None
    commended_on: date | None = None  # 激励管理·示范推广, as the association decided it (providers.guards._commend)
    commended_for: str | None = None
    flags: list[Flag]
    allowed_transitions: list[str]
    created_at: datetime
    updated_at: datetime

    @property
    def shown_status(self) -> str:
        """The status a page says (``providers.rules.shown_status``): 限期整改中 under a rectification order, where the
        kb ``status`` still says operating. Not in the JSON, whose ``status`` and ``state`` say both."""
        return shown_status(self.state, self.status)


class LifecycleDetail(LifecycleView):
    events: list[EventView]


class ApplicationIn(BaseModel):
    """An application: the applicant's profile as a kb-v1 center record (it enters the catalog as ``preparing``), the
    materials its kind needs (they may be completed until the review starts), and whether building includes
    construction (seed 002 二(二)2: 24 months instead of 12)."""

    model_config = ConfigDict(extra="forbid")

    center: dict[str, Any]
    materials: dict[str, NonEmpty] = Field(default_factory=dict)
    construction: bool = False
    # The rules profile the association chooses (providers.profiles); none: the kind's default in its province.
    profile: str | None = Field(default=None, min_length=1, max_length=40)
    # What the profile's rules at application read (providers.applications): the station's plaque (seed 003 art.
    # 6(四)) and the investment figures, 10k yuan (seed 000 §4.3.3: equipment_investment, testing_revenue).
    plaque_name: str | None = Field(default=None, max_length=200)
    figures: dict[str, float] = Field(default_factory=dict, max_length=10)


class ProfileChangeIn(BaseModel):
    """The association changes the rules profile that governs a provider, with its reason (recorded)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    profile: str = Field(min_length=1, max_length=40)
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(BaseModel):
    """What every decision of the lifecycle records: its grounds, the date it was taken, and the decision document
    (its number and title)."""

    model_config = ConfigDict(extra="allow")

    grounds: NonEmpty
    decided_on: date
    decision_document: ShortText


class ReviewOpinionIn(DecisionIn):
    """An expert review or acceptance: the experts and their opinion (seed 002 二(二)2–3 组织专家…审查和论证、验收)."""

    experts: list[ShortText] = Field(min_length=1)
    opinion: NonEmpty
    construction: bool | None = None


class RectificationIn(DecisionIn):
    deadline: date


# Each decision field as the decision form labels it, Chinese and English: a refusal names the field by it.
DECISION_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "grounds": ("依据", "grounds"), "decided_on": ("决定日期", "decided on"),
    "decision_document": ("决定文件（文号）", "decision document"), "deadline": ("整改期限", "rectification deadline"),
    "experts": ("专家", "experts"), "opinion": ("评审意见", "review opinion"),
}


# The fields a decision asks for beyond its grounds, date and document, by step (the guards in providers.guards parse
# these models): the decision form shows each step's own.
def _own_fields(model: type[DecisionIn], *, leave: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(f for f in model.model_fields if f not in DecisionIn.model_fields and f not in leave)


STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "approve_build": _own_fields(ReviewOpinionIn, leave=frozenset({"construction"})),
    "pass_acceptance": _own_fields(ReviewOpinionIn, leave=frozenset({"construction"})),
    "order_rectification": _own_fields(RectificationIn),
}


class AdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    transition: ShortText
    version: int = Field(ge=1)
    payload: dict[str, Any] = Field(default_factory=dict)


class ProposalView(BaseModel):
    id: int
    center_id: str
    transition: str
    grounds: str
    source: str
    payload: dict[str, Any]
    status: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None


class ProposalDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    version: int | None = Field(default=None, ge=1)
    payload: dict[str, Any] = Field(default_factory=dict)
    note: str | None = Field(default=None, max_length=2000)


class ChangeView(BaseModel):
    id: int
    center_id: str
    source: str
    status: str
    records: list[dict[str, Any]]
    before: dict[str, Any]
    note: str | None
    effective_on: date
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None


class FieldDiff(BaseModel):
    """One field of one record as the change would leave it."""

    record_type: str
    record_id: str
    field: str
    before: Any = None
    after: Any = None
    deleted: bool = False


class ChangeIn(BaseModel):
    """Records of kb-v1 for the center's own entry (a tombstone ``{"type", "id", "deleted": true}`` removes one), with
    when the change happened (for the change reports the seeds time in working days) and a note."""

    model_config = ConfigDict(extra="forbid")

    records: list[dict[str, Any]] = Field(min_length=1, max_length=500)
    note: str | None = Field(default=None, max_length=2000)
    effective_on: date | None = None


class ChangeDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool
    note: str | None = Field(default=None, max_length=2000)


class ObligationView(BaseModel):
    id: int
    center_id: str
    kind: str
    period: str
    due_on: date
    clause: str
    title: str
    done_on: date | None
    done_ref: str | None
    overdue: bool
    late: bool
    created_by: str


class FilingView(BaseModel):
    id: int
    obligation_id: int
    center_id: str
    kind: str
    period: str
    content: dict[str, Any]
    filed_by: str
    filed_on: date
    filed_at: datetime
    score: float | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    returned_by: str | None = None
    returned_at: datetime | None = None
    return_reason: str | None = None


class ProficiencyView(BaseModel):
    """A proficiency test, comparison or measurement audit and its result (``providers.proficiency``)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    center_id: str
    kind: str
    scheme: str
    item: str
    tested_on: date
    result: str
    note: str | None
    recorded_by: str
    recorded_at: datetime


class ProficiencyIn(BaseModel):
    """What a record holds; ``providers.proficiency.checked`` refuses a bad one, naming the field."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=40, description="proficiency_testing | interlab_comparison | measurement_audit")
    scheme: str = Field(max_length=300, description="能力验证计划或组织方 / the scheme or its organiser")
    item: str = Field(max_length=300, description="检测项目 / the item tested")
    tested_on: date
    result: str = Field(max_length=20, description="satisfactory | questionable | unsatisfactory")
    note: str | None = Field(default=None, max_length=2000)


class FilingIn(BaseModel):
    """A filing: its ``parts`` where the provider's profile names them (each required, ``providers.filings``), its
    ``text`` otherwise (or as a note beside the parts), and for a periodic evaluation the completed rating run it
    closes on (``run_id``)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=20_000)
    parts: dict[str, str] | None = Field(default=None, max_length=20)
    run_id: int | None = Field(default=None, ge=1, le=2_000_000_000)
    attachment_note: str | None = Field(default=None, max_length=2000)


class FilingReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    score: float = Field(ge=0, le=100)
    note: str | None = Field(default=None, max_length=2000)


class FilingReturnIn(BaseModel):
    """退回补充: the reason is required (checked by the use case, so every door refuses a blank one alike)."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=2000)


class ObligationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(pattern=r"^[a-z_]{1,40}$")
    period: str = Field(min_length=1, max_length=40)
    due_on: date
    title: str = Field(min_length=1, max_length=300)
    clause: str = Field(min_length=1, max_length=200)


class FindingEventView(BaseModel):
    seq: int
    step: str  # found | plan_action | report_done | pass_recheck | fail_recheck
    from_state: str | None
    to_state: str
    actor: str
    at: datetime
    note: str | None
    due_on: date | None


class FindingView(BaseModel):
    """A finding of an evaluation and its corrective action (seed 000 §8.2–8.3)."""

    id: int
    center_id: str
    run_id: int
    period: str
    indicator_id: str
    indicator_zh: str
    indicator_en: str
    score: float
    threshold: float
    state: str  # open | planned | reported | closed (providers.improvement.FindingMachine)
    state_label: str
    action: str | None
    owner: str | None
    due_on: date | None
    version: int
    created_at: datetime
    allowed_steps: list[str]
    events: list[FindingEventView] = Field(default_factory=list)


class FindingStepIn(BaseModel):
    """One step of a finding: ``plan_action`` {action, owner, due_on}; ``report_done`` {note}; ``pass_recheck``
    {note}; ``fail_recheck`` {note, due_on}."""

    model_config = ConfigDict(extra="forbid")

    step: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    version: int = Field(ge=1)
    action: Annotated[str, StringConstraints(max_length=2000)] | None = None
    owner: Annotated[str, StringConstraints(max_length=200)] | None = None
    due_on: date | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None
