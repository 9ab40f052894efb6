"""Wire shapes of coordinators' work: review decisions, engagement transitions, kb import and evaluation runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from accounts.schemas import NO_NUL, Id
from evaluation.schemas import EvaluatorParty, ObservationKind, ScoreInput
from pipeline.vocab import RejectReason

Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000, pattern=NO_NUL)]
Version = Annotated[int, Field(ge=1, le=1_000_000)]


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AcceptIn(StrictIn):
    center_id: Id
    alternates: list[Id] = Field(default_factory=list, max_length=10)
    version: Version
    confirm_no_coordinator: bool = Field(False, description=(
        "该机构没有能登录办理的协调员时仍要接受（否则 409，field 为 confirm_no_coordinator）/ accept a provider "
        "nobody can log in for (no active coordinator) all the same; without it such an accept is a 409 on this "
        "field"))
    reason: Note | None = Field(default=None, description=(
        "选定这家机构的理由（选填，企业在“为什么选这家机构”下看到，最多 2000 字）/ why the association chose this "
        "provider (optional; the enterprise reads it under “why this center”; at most 2,000 characters)"))


class RejectIn(StrictIn):
    reason: RejectReason
    text: Note | None = None
    center_id: Id | None = Field(default=None, description="婉拒单个建议；不填则驳回整轮 / decline one proposal; "
                                 "without it, the whole round")
    version: Version


class UndoDeclineIn(StrictIn):
    center_id: Id = Field(description="本轮被婉拒的机构 / the center declined in this round")
    version: Version


class AssignIn(StrictIn):
    center_id: Id
    note: Note
    alternates: list[Id] = Field(default_factory=list, max_length=10)
    version: Version
    confirm_no_coordinator: bool = Field(False, description=(
        "该机构没有能登录办理的协调员时仍要指派（否则 409，field 为 confirm_no_coordinator）/ assign a provider "
        "nobody can log in for (no active coordinator) all the same; without it such an assignment is a 409 on this "
        "field"))


class RematchIn(StrictIn):
    note: Note | None = None
    version: Version
    include_declined: bool = Field(default=False, description="也推荐已因不适合被婉拒的机构 / propose again the "
                                   "centers declined as unsuitable for this need or a near-duplicate of it")


CorrectedText = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]


class CorrectedRegion(StrictIn):
    province: Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)] | None = None
    city: Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)] | None = None


class CorrectedBudget(StrictIn):
    min_yuan: int | None = None
    max_yuan: int | None = None


class NeedCorrectionIn(StrictIn):
    """协调员修正需求要点: any of the fields, each left out or null when it stays; an unknown industry or service type
    is refused naming its field, several at once (``flows.corrections``)."""

    product: CorrectedText | None = None
    industry: CorrectedText | None = Field(
        default=None, description="GB/T 4754 行业小类或大类名称（中文或英文）/ a GB/T 4754 group or division by its "
        "Chinese or English name")
    service_types: Annotated[list[Annotated[str, StringConstraints(max_length=60, pattern=NO_NUL)]],
                             Field(max_length=12)] | None = Field(
        default=None, description="服务类型代码或名称 / service type codes (or names in either language)")
    title: CorrectedText | None = None
    region: CorrectedRegion | None = Field(
        default=None, description="省、市（按地名表核对；都为空则清除）/ province and city, checked against the "
        "gazetteer (both empty clear it)")
    deadline: Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)] | None = Field(
        default=None, description="日期 YYYY-MM-DD，不早于今天 / a date, not in the past")
    budget: CorrectedBudget | None = Field(default=None, description="元，下限不高于上限 / yuan, min ≤ max")
    qualifications: Annotated[list[Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)]],
                              Field(max_length=40)] | None = Field(
        default=None, description="机构须具备的资质（CMA、CNAS…）/ the marks the provider must hold")
    confidential: bool | None = Field(
        default=None, description="只能改为保密；改为公开须由企业决定 / only raised: making a need public is the "
        "enterprise's decision")


class CorrectedField(BaseModel):
    field: str
    old: str
    new: str


class NeedCorrectionOut(BaseModel):
    """What was corrected (each field old → new, as the history and the enterprise's notice say it; empty when the
    fields already said so) and the need's key fields now."""

    review_id: str
    need_id: str
    changes: list[CorrectedField]
    title: str | None
    product: str | None
    industry: str | None
    service_types: list[str]
    region: dict[str, str | None]
    deadline: date | None
    budget: dict[str, int | None]
    qualifications: list[str]
    confidential: bool


class TransitionIn(StrictIn):
    transition: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
    version: Version
    payload: dict[str, Any] = Field(default_factory=dict, description="各步骤所需记录，见 docs/workflow.md / "
                                    "what the step needs on record (docs/workflow.md)")


class FeedbackIn(StrictIn):
    satisfaction: Annotated[int, Field(ge=1, le=5)] | None = None
    answers: dict[Annotated[str, Field(max_length=64)], Annotated[int, Field(ge=1, le=5)]] | None = Field(
        None, max_length=50, description="五级问卷（验收通过后填写一次）：题目编号 → 1–5 级（5 最好），"
                                          "不适用的题目不填 / the five-grade questionnaire, once, after acceptance: "
                                          "item id → grade 1–5 (5 best); leave out what does not apply "
                                          "(GET /api/v1/questionnaire)")
    complaint: Note | None = None


class QuestionOut(BaseModel):
    item_id: str
    zh: str
    en: str
    item_zh: str = Field(description="评价体系中的指标 / the hierarchy's item it scores")
    item_en: str


class InterestIn(StrictIn):
    note: Note | None = None


class ComplaintHandlingIn(StrictIn):
    handling: Note
    resolved: bool = True  # true: the client is asked to confirm it; false: progress, the complaint stays open


class ComplaintConfirmIn(StrictIn):
    note: Note | None = None  # the client's word on it, kept in the complaint's history


class ComplaintReopenIn(StrictIn):
    reason: Note  # why the handling does not settle the complaint: the provider handles it again


class ComplaintCloseIn(StrictIn):
    note: Note | None = None


class ImportOut(BaseModel):
    created: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]
    unchanged: dict[str, int] = Field(default_factory=dict, description="已与库中一致、未写入的记录 / records "
                                      "already as stored, not written (an import of nothing else keeps the kb version)")
    kb_version: int
    index: str
    index_job: str | None = Field(default=None, description="同步索引的后台任务（配置了 Redis 时）/ the background "
                                  "job syncing the index (with Redis), at GET /api/v1/jobs/{id}")
    warnings: list[str] = Field(default_factory=list, description="已导入但需注意的记录，如没有任何文本的专家 / "
                                "records imported that need attention, e.g. an expert with no text to match on")


class EvaluationIn(StrictIn):
    center_id: Id
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(\.\.\d{4})?$")] = Field(
        description="评价期，如 2025 或 2023..2025 / the period: YYYY or YYYY..YYYY")
    inputs: ScoreInput | None = None
    party: EvaluatorParty | None = Field(
        None, description="评价主体（seed 001 §5.2.7）：self 机构自评 / second 第二方 / third 第三方。"
                          "机构本身只能自评；默认：机构本身为 self，其他为 second / the evaluator's party: a "
                          "provider's own staff may file a self-assessment only; by default self for them, second "
                          "for anyone else")
    evaluator_org_id: Id | None = Field(
        None, description="第三方评价机构（本平台上的组织）：核查其独立性——不是被评价机构或其依托单位，评价期内与其没有"
                          "对接或专家关联——不独立则拒绝（400）；指定后即为第三方评价 / the organisation a third-party "
                          "run is assigned to: its independence is checked (not the provider nor its host, no "
                          "engagement or expert link with it in the period), 400 otherwise; the run is third-party")
    evaluator_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = Field(
        None, description="第三方评价：未在本平台登记的外部评价机构名称；第三方评价须给出 evaluator_org_id 或本项 / a "
                          "third-party run's outside evaluation body, by name, when none registered is named; a "
                          "third-party run gives this or evaluator_org_id")


class ObservationIn(StrictIn):
    center_id: Id
    kind: ObservationKind = Field(description="interview 访谈 / mystery_shopper 神秘顾客")
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(\.\.\d{4})?$")]
    observed_on: date = Field(description="访谈或走访的日期，在评价期内 / the day, within the period")
    scores: dict[Annotated[str, Field(max_length=64)], float] = Field(
        max_length=60, description="访谈：专家评分项 0–100；神秘顾客：问卷五级项 1–5 / interview: the "
                                   "expert-scored items 0–100; mystery shopper: the questionnaire's items 1–5")
    summary: Note


class EvaluatorOut(BaseModel):
    role: str | None
    org: str | None
    name: str | None


class EvaluationRunOut(BaseModel):
    run_id: int
    center_id: str
    period: str
    complete: bool
    total: float | None
    stars: int | None
    tier: str | None
    created_at: datetime | None
    party: EvaluatorParty
    counts_as_rating: bool = Field(description="本次评价是否构成机构评级（自评不构成）/ whether this run rates "
                                               "the center (a self-assessment never does)")
    evaluator: EvaluatorOut
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
