"""Wire shapes of coordinators' work: review decisions, engagement transitions, kb import and evaluation runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.auth.schemas import NO_NUL, Id
from evaluation.schemas import ScoreInput
from pipeline.vocab import RejectReason

Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000, pattern=NO_NUL)]
Version = Annotated[int, Field(ge=1, le=1_000_000)]


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AcceptIn(StrictIn):
    center_id: Id
    alternates: list[Id] = Field(default_factory=list, max_length=10)
    version: Version


class RejectIn(StrictIn):
    reason: RejectReason
    text: Note | None = None
    center_id: Id | None = Field(default=None, description="婉拒单个建议；不填则驳回整轮 / decline one proposal; "
                                 "without it, the whole round")
    version: Version


class AssignIn(StrictIn):
    center_id: Id
    note: Note
    alternates: list[Id] = Field(default_factory=list, max_length=10)
    version: Version


class RematchIn(StrictIn):
    note: Note | None = None
    version: Version


class TransitionIn(StrictIn):
    transition: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
    version: Version
    payload: dict[str, Any] = Field(default_factory=dict, description="各步骤所需记录，见 docs/workflow.md / "
                                    "what the step needs on record (docs/workflow.md)")


class FeedbackIn(StrictIn):
    satisfaction: Annotated[int, Field(ge=1, le=5)] | None = None
    complaint: Note | None = None


class InterestIn(StrictIn):
    note: Note | None = None


class ComplaintHandlingIn(StrictIn):
    handling: Note
    resolved: bool = True


class ImportOut(BaseModel):
    created: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]
    kb_version: int
    index: str
    index_job: str | None = Field(default=None, description="同步索引的后台任务（配置了 Redis 时）/ the background "
                                  "job syncing the index (with Redis), at GET /api/v1/jobs/{id}")


class EvaluationIn(StrictIn):
    center_id: Id
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(\.\.\d{4})?$")] = Field(
        description="评价期，如 2025 或 2023..2025 / the period: YYYY or YYYY..YYYY")
    inputs: ScoreInput | None = None


class EvaluationRunOut(BaseModel):
    run_id: int
    center_id: str
    period: str
    complete: bool
    total: float | None
    stars: int | None
    tier: str | None
    created_at: datetime | None
    result: dict[str, Any]


class ExpertOut(BaseModel):
    """An expert as coordinators see them when forming a team (no contact details are held in kb-v1 experts)."""

    id: str
    name: str
    center_id: str | None = None
    pools: list[str] = Field(default_factory=list)
    title_level: str | None = None
    degree: str | None = None
    years_experience: int | None = None
    led_projects: int | None = None
    fields: list[str] = Field(default_factory=list)
