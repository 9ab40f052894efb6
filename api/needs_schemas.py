"""Wire shapes of intake and needs: chat messages, a need's Create/Update families, lists and results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from accounts.schemas import NO_NUL, Id
from intake.schemas import LONG_TEXT_MAX, SHORT_TEXT_MAX, Need, NeedStatus, PublicNeed
from kb.vocab import ServiceType
from pipeline.vocab import RejectReason, ReviewStatus

Message = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=NO_NUL)]
# One chat message: what a person types in one go (a whole document belongs in a need's text, or an attachment).
CHAT_MESSAGE_MAX = 4_000
ChatMessage = Annotated[str, StringConstraints(min_length=1, max_length=CHAT_MESSAGE_MAX, pattern=NO_NUL)]
# What the need card beside the chat takes typed in each text field (the product is a need's Short, the title too): a
# place, a date or an amount in the enterprise's words. The chat page says these limits before it sends
# (api.pages.ui_intake: data-maxlength), never cuts what is typed.
CARD_TEXT_MAX = {"product": SHORT_TEXT_MAX, "industry": SHORT_TEXT_MAX, "title": SHORT_TEXT_MAX,
                 "region": 100, "deadline": 40, "budget": 40}
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT_MAX,
                                         pattern=NO_NUL)]
Mark = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200, pattern=NO_NUL)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LONG_TEXT_MAX, pattern=NO_NUL)]
Yuan = Annotated[int, Field(ge=0, le=10**12)]


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageIn(StrictIn):
    text: ChatMessage = Field(description="企业的原话（每条至多 4000 字）/ the enterprise's own words (up to 4,000 "
                                          "characters a message)")


class CardFieldsIn(StrictIn):
    """Fields the enterprise sets on the need card beside its chat. Budget, deadline and region may be given as the
    enterprise would say them ("15万", "十五万", "10到30万"; "三个月内"; "江苏苏州"), and are read with intake's own
    readers."""

    service_types: list[ServiceType] | None = None
    product: Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_TEXT_MAX,
                                              pattern=NO_NUL)] | None = None
    industry: Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_TEXT_MAX,
                                               pattern=NO_NUL)] | None = Field(
        default=None, description="行业：GB/T 4754-2017 的小类名称（中文或英文，如“电池制造”“batteries”），或自行填写；"
                                  "空则清除 / the industry: a GB/T 4754-2017 group's name in Chinese or English (e.g. "
                                  "电池制造, batteries), or words of your own; empty clears it")
    region: Annotated[str, StringConstraints(max_length=CARD_TEXT_MAX["region"],
                                             pattern=NO_NUL)] | dict[str, str | None] | None = None
    local_only: bool | None = None
    deadline: Annotated[str, StringConstraints(max_length=CARD_TEXT_MAX["deadline"], pattern=NO_NUL)] | None = None
    budget: Annotated[str, StringConstraints(max_length=CARD_TEXT_MAX["budget"],
                                             pattern=NO_NUL)] | dict[str, int | None] | None = None
    qualifications: list[Annotated[str, StringConstraints(min_length=2, max_length=20, pattern=NO_NUL)]] | None = None
    preferred_qualifications: list[Annotated[str, StringConstraints(min_length=2, max_length=20,
                                                                    pattern=NO_NUL)]] | None = Field(
        default=None, description="优先而非必须的资质（有的机构排在前面，没有的也推荐）/ marks wished for, not a must "
                                  "(holders ranked first, others still proposed)")
    confidential: bool | None = None
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=NO_NUL)] | None = None

    def changes(self) -> dict[str, object]:
        """The fields given (``null`` clears a text field: a present key with no value)."""
        return {k: v for k, v in self.model_dump(mode="json", exclude_unset=True).items()}


class RegionIn(StrictIn):
    province: Short | None = None
    city: Short | None = None


class BudgetIn(StrictIn):
    min_yuan: Yuan | None = None
    max_yuan: Yuan | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "CNY"


class NeedFields(StrictIn):
    """The fields an enterprise may set or correct; left out means "keep what intake read from the text"."""

    title: Short | None = None
    industry: Short | None = None
    product: Short | None = None
    problem: Long | None = None
    service_types: list[ServiceType] | None = Field(default=None, max_length=len(ServiceType))
    qualifications: list[Short] | None = Field(default=None, max_length=20)
    preferred_qualifications: list[Short] | None = Field(
        default=None, max_length=20, description="优先而非必须的资质（有的机构排在前面，没有的也推荐）/ marks wished "
                                                 "for, not a must (holders ranked first, others still proposed)")
    region: RegionIn | None = None
    local_only: bool | None = None
    budget: BudgetIn | None = None
    deadline: date | None = None
    confidential: bool | None = None
    redactions: list[Mark] | None = Field(default=None, max_length=50, description="不得出现在公开版本中的字符串（至少"
                                          "2个字符）/ strings never to appear in a public view (2+ characters)")


class NeedCreate(NeedFields):
    text: Message
    enterprise_id: Id | None = Field(default=None, description="代企业提交时填写企业组织编号 / on an enterprise's "
                                     "behalf (association keys and users): the enterprise organisation's id")


class NeedUpdate(NeedFields):
    pass


class NeedSummary(BaseModel):
    id: str
    title: str | None
    status: NeedStatus
    confidential: bool
    service_types: list[ServiceType]
    created_at: datetime | None


class NeedRead(Need):
    """The whole need as ``GET /needs/{id}`` answers it, with its public page's address while it has one, so an
    enterprise's own system shares the link its people see on their "my needs" page."""

    public_url: str | None = Field(None, description=(
        "已发布需求的公开页面（``lang=en`` 时为英文页面），未发布、已撤回或退回的需求为空 / "
        "the need's public page while it has one (the English page with ``lang=en``); null for a draft, a withdrawn "
        "or a sent-back need"))


class NeedAck(BaseModel):
    """What a write answers to a caller who may not read the need whole (an association key without
    ``needs:read``): that it happened, and nothing of the enterprise's words."""

    id: str
    status: NeedStatus
    confidential: bool


class SubmitOut(BaseModel):
    need_id: str
    status: NeedStatus
    review_id: str
    public: PublicNeed


class DeclineOut(BaseModel):
    """Why a proposal was declined, as the enterprise may read it (not who declined it)."""

    center_id: str | None
    reason: RejectReason
    reason_label: str
    text: str | None


class RequirementOut(BaseModel):
    """One of the need's requirements as the chosen center covers it (flows.explanations.Requirement, the
    coordinator's reading): the evidence when covered, what is missing when not."""

    kind: str = Field(description="product_family | service_type | qualification | region | phrase | "
                                  "preferred_qualification")
    requirement: str
    covered: bool
    partial: bool = False
    wished: bool = Field(default=False, description="只是优先，不是要求 / only wished for, not required")
    text: str


class ChosenOut(BaseModel):
    """The center the association chose, and why (no score, no reviewer)."""

    center_id: str
    center_name: str
    profile_path: str = Field(description="机构公开主页 / the center's public profile page")
    by_hand: bool = Field(description="协会直接指定，无匹配解释 / chosen by the association itself: no match "
                                      "explanation")
    requirements: list[RequirementOut] = Field(default_factory=list)
    missing: list[RequirementOut] = Field(default_factory=list)
    key_terms: list[str] = Field(default_factory=list)
    reason: str | None = Field(default=None, description="协会的说明：接受时写的选定理由，或人工指派的理由 / the "
                               "association's words: its reason for accepting the match, or for assigning by hand")


class NeedProgressOut(BaseModel):
    """Where the need stands (flows.need_progress, what "my needs" shows): while the association reviews, how many
    centers were found for it — never which, before the association has vetted them; once one is chosen, why."""

    stage: str = Field(description="reviewing | searching | chosen")
    found: int = Field(description="与需求契合（匹配度高）且有人能答复的机构数 / the centers that fit the need well "
                                   "(band high) and somebody can answer for (flows.need_progress.found_for_you)")
    interested: int
    unanswered: int = Field(default=0, description="与需求契合但暂无人能答复的机构数，协会会联系它们 / centers that "
                                                   "fit well but nobody can answer for yet; the association contacts "
                                                   "them")
    partial: int = Field(default=0, description="只覆盖需求一部分的机构数 / centers matched that cover only part of "
                                                "the need")
    submitted_at: datetime
    matched_at: datetime
    said: str = Field(description="说给企业的一句话（lang 指定语言）/ the sentence the enterprise reads, in lang")
    chosen: ChosenOut | None = None
    rematch_note: str | None = Field(default=None, description="协会重新匹配时的说明（原文）/ the association's note "
                                                               "when it matched the need again, as written")


class NeedResult(BaseModel):
    need_id: str
    need_status: NeedStatus
    review_status: ReviewStatus | None = None
    accepted_center_id: str | None = None
    accepted_center_name: str | None = None
    declined: list[DeclineOut] = Field(default_factory=list)
    engagement_id: str | None = None
    engagement_state: str | None = None
    progress: NeedProgressOut | None = Field(default=None, description="企业及协会可见的进展与选定理由 / the "
                                             "progress and why the center was chosen, for the enterprise and the "
                                             "association (never a center)")
