"""The need: intake's contract with the matcher, the pipeline and the API.

Field meanings follow ../shared/formats/need-fields.md; ``docs/intake.md`` lists the readings this project added.
The matcher imports ``Need`` and reads ``service_types``, ``industry``, ``region``, ``budget``, ``deadline`` and
``qualifications`` (and ``preferred_qualifications``, marks wished for, never a hard rule); keep those names stable.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kb.vocab import ServiceType

Language = Literal["zh", "en"]
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# Fields the follow-up questions may ask about, most decision-relevant first (issue 4 §4).
ASKABLE_FIELDS: tuple[str, ...] = ("service_types", "product", "region", "deadline", "budget")
# Fields whose reader is recorded in ``Need.sources`` and shown beside each field on the pages.
SOURCED_FIELDS: tuple[str, ...] = ("service_types", "product", "industry", "region", "deadline", "budget",
                                   "confidential")
# Who read a field: the deterministic extractor, the LLM (checked by the rules), both agreeing, or the user.
FieldSource = Literal["deterministic", "llm", "both", "user"]


class NeedStatus(StrEnum):
    """The names of ``intake.lifecycle.NeedMachine``'s states, for the wire (a test keeps the two the same); the
    states' labels and transitions are the machine's alone (``intake.lifecycle.NEED``)."""

    draft = "draft"
    ready = "ready"
    published = "published"
    in_review = "in_review"
    matched = "matched"
    in_engagement = "in_engagement"
    closed = "closed"
    withdrawn = "withdrawn"
    no_provider = "no_provider"


# Open and public: on the feed, in common-problem groups, its public view readable by anyone with feed:read.
PUBLIC_STATUSES: tuple[NeedStatus, ...] = (NeedStatus.published, NeedStatus.in_review, NeedStatus.no_provider)


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: str | None = None
    phone: str | None = None
    email: str | None = None


class Enterprise(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: str | None = None
    credit_code: str | None = Field(default=None, description="统一社会信用代码 (18 characters) if given.")
    contact: Contact | None = None

    @field_validator("credit_code")
    @classmethod
    def _valid_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().upper()
        if not CREDIT_CODE_RE.match(value):
            raise ValueError("统一社会信用代码格式不正确 / not a valid unified social credit code")
        return value


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid")

    province: str | None = None
    city: str | None = None


# The largest budget a need may state: 100亿元. No technical service comes near it (a national key R&D project is a
# few 亿), so an amount above it is a typing slip ("999999999999万" on the need card, found walking it), refused where
# a person types it rather than shown to coordinators as "约1e+12万元".
MAX_BUDGET_YUAN = 10_000_000_000
# How long a need's short texts a person types (title, product, industry) and its problem may be: the API's wire
# shapes (api.needs_schemas.Short / Long) and the use case's own check (flows.needs.typed_texts) both read these.
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5_000


def wan(yuan: int) -> str:
    """An amount in 万, every digit kept: "30", "12.3456", "99999999.9999". ``:g`` kept six significant digits, so
    1,234,567 元 read "123.457万" and a slip of 999999999999万 "1e+12万" (found walking the need card)."""
    return format((Decimal(yuan) / 10_000).normalize(), "f")


# Several tests the enterprise named for one service type ("振动测试、盐雾试验", "vibration testing and salt spray
# test"): how ``Need.phrases`` joins them, and how the chat, the title and the matcher's requirements (one a test) take
# them apart again (issue 27). Here because the matcher may read intake's schemas only.
PHRASE_ITEM_SEP = re.compile(r"(、| and )")
# How Chinese joins the items of a list ("振动测试和盐雾试验", "卡尺、千分尺"): one pattern for the phrase reader, which
# takes the tests apart, and the dialogue benchmark, which holds "卡尺、千分尺" the list "卡尺和千分尺".
ZH_LIST_JOINT = r"(?:、|和|及|与|以及)"
# A test or piece of work ends in the word for the work: "盐雾试验", "失效分析", "压力表校准", "salt spray test".
# (a piece of work asked for beside a test is one as well: "商标注册" added to 品牌策划 was taken for part of it; the
# seventh probe)
ITEM_END = re.compile(r"(试验|测试|检测|检验|分析|评价|评估|验证|测量|测定|校准|检定|认证|鉴定|研究|研发|开发|研制|"
                      r"注册|申请|申报|备案|策划|认定|辅导|培训|咨询|"
                      r"\b(?:tests?|testing|inspections?|analys[ie]s|calibrations?|certifications?|measurements?|"
                      r"evaluations?|assessments?|verifications?|research|development|stud(?:y|ies)))$", re.I)
# A mark that shares the next one's service word ("CE、UKCA认证"): one item with it.
_SHARED_MARK = re.compile(r"[A-Z0-9][A-Z0-9 .\-]{0,8}")


def phrase_items(phrase: str | None) -> list[str]:
    """The tests (or pieces of work) one of ``Need.phrases`` names: "振动测试、盐雾试验" → 振动测试, 盐雾试验. A phrase
    is taken apart only where each item after the first ends in the word for the work, as an item the chat adds does
    (:data:`ITEM_END`), so one cue that holds a separator stays whole ("specialized and sophisticated", "design and
    fabrication of a test rig"); marks that share a service word stay together ("CE、UKCA认证")."""
    text = (phrase or "").strip()
    if not text:
        return []
    pieces = PHRASE_ITEM_SEP.split(text)
    items = [pieces[0].strip()]
    for sep, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        piece = piece.strip()
        if _SHARED_MARK.fullmatch(items[-1].rsplit("、", 1)[-1]) and piece[:1].isascii() and piece[:1].isupper():
            items[-1] += sep + piece
        elif len(items) > 1 and not ITEM_END.search(items[-1]):
            # a later item that names two things before its work word ("vibration testing and IP54 dust and water
            # test" was one item, so the chat said both tests were added; the seventh probe)
            items[-1] += sep + piece
        else:
            items.append(piece)
    if len(items) > 1 and all(items) and all(ITEM_END.search(i) for i in items[1:]):
        return items
    return [text]


# Two tests that share their work word ("盐雾和振动测试"): "盐雾不做了" of it was ignored, and the need kept both (the
# seventh probe).
_SHARED_END = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{1,6}?)(?:和|与|及|跟)([\u4e00-\u9fffA-Za-z0-9]{1,8}?)"
                         r"(试验|测试|检测|检验|分析|校准|检定|认证)")


def shared_end(item: str) -> list[str]:
    """"盐雾和振动测试" → 盐雾测试, 振动测试: the tests one item names; any other item as it is."""
    m = _SHARED_END.fullmatch(item)
    if not m or ITEM_END.search(m.group(1)):
        return [item]
    return [m.group(1) + m.group(3), m.group(2) + m.group(3)]


def join_phrase_items(items: list[str]) -> str:
    """One of ``Need.phrases`` from its items: "振动测试、盐雾试验"; "vibration testing and salt spray test" when every
    item is English."""
    return (" and " if all(i.isascii() for i in items) else "、").join(items)


def said_items(items: list[str], language: str | None = None) -> str:
    """Tests as a sentence or the card lists them: "振动测试、盐雾试验、跌落测试"; "vibration testing, salt spray test
    and drop testing" in English (the stored form says "… and … and …"), and in an English sentence a Chinese name
    beside English ones too ("能效测试 and safety test": a message in both languages; "能效测试、safety test" read as
    Chinese in an English reply)."""
    english = language == "en" and any(i.isascii() for i in items)
    if len(items) > 2 and (all(i.isascii() for i in items) or english):
        return ", ".join(items[:-1]) + " and " + items[-1]
    if english:
        return " and ".join(items)
    return join_phrase_items(items)


def phrase_said(phrase: str, language: str | None = None) -> str:
    """One of ``Need.phrases`` as the card and the chat say it (:func:`said_items` of its items) in ``language``."""
    return said_items(phrase_items(phrase), language) or phrase


class Budget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_yuan: int | None = Field(default=None, ge=0)
    max_yuan: int | None = Field(default=None, ge=0)
    currency: str = "CNY"
    amount_text: str | None = Field(default=None, description="The words the amount was read from.")

    @property
    def is_empty(self) -> bool:
        return self.min_yuan is None and self.max_yuan is None and self.currency == "CNY"


class NeedBrief(BaseModel):
    """What the LLM made of the whole conversation at submission (issue 27): a suggestion for the coordinator, shown
    as the model's, never as the enterprise's words or the platform's finding."""

    problem: str | None = None
    tried: str | None = None
    evidence: str | None = None
    model: str
    made_on: date
    filled: list[str] = Field(default_factory=list, description="Fields the model filled that were left empty.")


class Need(BaseModel):
    """A technical-innovation need, from draft to published."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    id: str | None = None
    text: str = Field(description="The enterprise's own words, verbatim.")
    enterprise: Enterprise = Field(default_factory=Enterprise)
    title: str | None = None
    industry: str | None = None
    industries: list[str] = Field(default_factory=list)
    product: str | None = None
    problem: str | None = None
    service_types: list[ServiceType] = Field(default_factory=list)
    phrases: dict[ServiceType, str] = Field(default_factory=dict, description="The enterprise's own words for each "
                                            "service type it asked for (失效分析 → quality_evaluation).")
    qualifications: list[str] = Field(default_factory=list, description="CMA / CNAS / 保密资质 the provider must hold.")
    preferred_qualifications: list[str] = Field(
        default_factory=list, description="Marks the enterprise wishes the provider held, not a must "
        "(\"最好能有CMA，没有也行\", \"ideally CNAS accredited\"): matching ranks a holder first and leaves no "
        "one out.")
    qualifications_open: bool = Field(
        default=False, description="No qualification is required: the enterprise left it to the provider or the "
        "association to suggest one (\"不知道要啥资质，你们看着办\", \"not sure what certification we need, you "
        "decide\"); a mark it later requires ends it.")
    region: Region = Field(default_factory=Region)
    local_only: bool = False
    budget: Budget = Field(default_factory=Budget)
    deadline: date | None = None
    confidential: bool = False
    redactions: list[str] = Field(default_factory=list, description="Strings never to appear in a published view.")
    anonymous: bool = Field(default=False, description="The enterprise asked not to be named: its name never appears "
                            "in a published view, though the need is public (\"可以公开，但别写我们公司名\").")
    language: Language = "zh"
    status: NeedStatus = NeedStatus.draft
    missing: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="How the fields were obtained (e.g. LLM fallback).")
    brief: NeedBrief | None = Field(default=None, description="The LLM's brief for the coordinator, when one was made.")
    sources: dict[str, FieldSource] = Field(
        default_factory=dict, description="Who read each field: deterministic, llm, both (agreed) or user.")
    created_at: datetime | None = None

    @property
    def confidentiality(self) -> bool | None:
        """Whether the need is confidential as every page says it: yes, no when someone said so (the enterprise or a
        reader), None ("未说明") when nobody did. The one source for the need's rows and a center's view
        (:class:`CenterNeed`): the center's engagement page said "保密 否" before the countersignature and "保密 未说明"
        after it, for one need (a new user's trial, 2026-11-29)."""
        if self.confidential:
            return True
        return False if "confidential" in self.sources else None

    @model_validator(mode="after")
    def _required_or_wished(self) -> Need:
        """A mark is required or wished for, never both: one in both lists is required (the stricter reading, as
        matching reads it: matcher.rules.preferred_qualifications)."""
        wished = [q for q in dict.fromkeys(self.preferred_qualifications) if q not in self.qualifications]
        if wished != self.preferred_qualifications:
            self.preferred_qualifications = wished
        if self.qualifications and self.qualifications_open:
            self.qualifications_open = False  # a required mark: no longer left open
        return self

    def summary_json(self) -> dict[str, Any]:
        """The CLI's object: the fields issue 4 §3 fixes, plus the rest of the draft."""
        return {
            "service_types": [s.value for s in self.service_types],
            "region": {"province": self.region.province, "city": self.region.city},
            "local_only": self.local_only,
            "budget": {"min_yuan": self.budget.min_yuan, "max_yuan": self.budget.max_yuan,
                       "currency": self.budget.currency},
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "confidential": self.confidential,
            "missing": list(self.missing),
            "industry": self.industry,
            "product": self.product,
            "qualifications": list(self.qualifications),
            "preferred_qualifications": list(self.preferred_qualifications),
            "language": self.language,
            "title": self.title,
            "redactions": list(self.redactions),
            "notes": list(self.notes),
            "sources": dict(self.sources),
        }


class PublicNeed(BaseModel):
    """What anyone but the enterprise and its coordinators may see."""

    id: str
    title: str
    summary: str
    product: str | None = Field(default=None, description="产品（保密需求不公开；早于此字段发布的需求为空）/ the "
                                "product (none for a confidential need, nor for one published before this field)")
    service_types: list[ServiceType]
    industry: str | None
    region: Region
    budget_band: str | None
    deadline: date | None
    confidential: bool
    published_at: datetime | None = None

    def facets(self) -> set[tuple[str, str]]:
        """What a website may filter the feed by: each service type, the industry, the province and the city
        (:class:`FeedFilter`), as ``(facet, value)`` pairs."""
        found = {("service_type", code.value) for code in self.service_types}
        for facet, value in (("industry", self.industry), ("province", self.region.province),
                             ("city", self.region.city)):
            if value:
                found.add((facet, value))
        return found


@dataclass(frozen=True)
class FeedCursor:
    """Where a page of the feed ended: the last need's publication time and id, in the feed's own order (newest
    published first, then id). The next page is what comes strictly after it, so a need published or withdrawn while a
    site pages through the feed shifts nothing, as it shifts an offset (one need seen twice, or one missed). The token
    is opaque to the site; it is not a secret and grants nothing."""

    at: datetime
    need_id: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", _utc(self.at))

    def token(self) -> str:
        raw = f"{self.at.isoformat()}|{self.need_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> FeedCursor:
        """The cursor a token names; ``ValueError`` when it is not a token this feed gave."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            at, need_id = raw.split("|", 1)
            return cls(at=datetime.fromisoformat(at), need_id=need_id)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError("不是本接口给出的翻页标记 / not a page marker this feed gave") from exc


def _utc(value: datetime) -> datetime:
    """A stored time as UTC: SQLite hands them back without their zone, and they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class FeedFilter(BaseModel):
    """Which published needs a website asks the feed for. Values within a facet are alternatives (any of the
    service types given), facets together narrow (that industry *and* that province); ``since``: published (or
    republished by an edit) at or after it, for a site that fetches only what is new since its last visit."""

    model_config = ConfigDict(extra="forbid")

    service_types: list[ServiceType] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)
    provinces: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)
    since: datetime | None = None
    before: FeedCursor | None = None  # the page after the one that ended there (keyset paging)

    @field_validator("since")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        """Stored times are UTC, and SQLite compares them as text: a time given with another offset is turned into
        UTC first, and one given with none is read as UTC, as the feed writes ``published_at``."""
        return None if value is None else _utc(value)

    def by_facet(self) -> dict[str, list[str]]:
        """The values asked for, per facet, as :meth:`PublicNeed.facets` names them."""
        asked = {"service_type": [code.value for code in self.service_types], "industry": self.industries,
                 "province": self.provinces, "city": self.cities}
        return {facet: values for facet, values in asked.items() if values}


@dataclass(frozen=True)
class NeedsFound:
    """A page of need ids a work list's filters keep (``intake.service.needs_filtered``), with how many they keep in
    all and how many of those the caller marked."""

    ids: list[str]
    total: int
    marked: int


class NeedOwner(BaseModel):
    """Whose need it is, and who put it on the platform: what the authorization rule reads."""

    need_id: str
    enterprise_id: str | None
    submitted_by: str | None
    confidential: bool
    status: NeedStatus
    association_id: str | None = None


class NeedSummary(BaseModel):
    """A need as a list of needs shows it (``intake.service.list_need_summaries``): its fields typed as
    :class:`Need` types them, read without the rest of the need."""

    id: str
    title: str | None = None
    status: NeedStatus
    confidential: bool = False
    service_types: list[ServiceType] = Field(default_factory=list)
    created_at: datetime | None = None


class ReturnedNeed(BaseModel):
    """A need the association sent back as unclear and not yet submitted again, as the chat page names it
    (``intake.service.returned_needs``): its id, title, the coordinator's question and when it was sent back."""

    need_id: str
    title: str | None = None
    question: str = ""
    returned_at: datetime


class CenterNeed(BaseModel):
    """A need as a proposed center reads it before the details are opened to it (``intake.publish.center_view``):
    a confidential need's fields are those of the published summary; a public one adds its scrubbed text."""

    id: str
    title: str
    summary: str
    text: str | None = None
    product: str | None = None
    enterprise_name: str | None = None
    service_types: list[ServiceType]
    qualifications: list[str] = Field(default_factory=list)
    preferred_qualifications: list[str] = Field(default_factory=list)
    industry: str | None
    region: Region
    budget_band: str | None
    deadline: date | None
    confidential: bool
    confidentiality: bool | None = Field(default=None, description=(
        "保密：是/否，未说明时为空（与需求本身一致，Need.confidentiality）/ confidential as the need says it: yes, no, "
        "or null when nobody said (Need.confidentiality)"))


class Turn(BaseModel):
    """One line of the conversation: the enterprise's, the assistant's, or a coordinator's question (a need sent back
    as unclear)."""

    role: Literal["user", "assistant", "coordinator"]
    text: str


class SubmitBlocker(BaseModel):
    """One reason a need cannot be submitted yet (``intake.submission``): the field to fix, the API's error code
    (``need_incomplete`` or ``need_unclear``), the precise reason, and the message in each language."""

    field: str
    code: str
    reason: str
    zh: str
    en: str

    def message(self, language: str) -> str:
        return self.en if language == "en" else self.zh


# A need's qualifications left to the platform (Need.qualifications_open), as the card and the chat say it.
QUALIFICATIONS_OPEN = ("不限（服务机构或协会可以给出建议）",
                       "none required (the provider or the association may suggest one)")


class PublicPreview(BaseModel):
    """What will be public once the need is submitted: its title and summary as the public page will show them
    (``intake.publish.preview``), whether it is confidential (then the title and summary are the platform's
    desensitised sentences), and, said in the page's language, when and where it is published and what else of it
    is (``intake.publish.PUBLISHED_WHEN``, ``PUBLISHED_WHAT``), and who reads the enterprise's name and when
    (``intake.publish.NAME_SEEN``)."""

    title: str
    summary: str
    confidential: bool
    when: str = Field(default="", description="何时、在哪里公开：提交后立即发布，协会审核在发布之后 / when and where "
                                              "it is published: as soon as it is submitted, before the association's "
                                              "review")
    what: str = Field(default="", description="除标题和摘要外还公开什么、什么从不公开 / what else is published, and "
                                              "what never is")
    who: str = Field(default="", description="谁能看到企业名称、何时：公开需求的推荐机构在提交后、协会审核前即可看到 / "
                                             "who reads the enterprise's name, and when: for a public need, the "
                                             "providers proposed, as soon as it is submitted, before the review")


class SessionView(BaseModel):
    """An intake conversation as the caller sees it."""

    id: str
    need: Need
    asked: list[str]
    question: str | None
    ask_field: str | None
    done: bool
    turns: list[Turn] = Field(default_factory=list)
    error: str | None = None
    blockers: list[SubmitBlocker] = Field(default_factory=list, description="Why the need cannot be submitted yet.")
    # The chat page showed it beside the submit button; the JSON API's view had none (one home: intake.publish)
    preview: PublicPreview | None = Field(
        default=None, description="The public title and summary as the public page will show them, in the "
                                  "conversation's language.")


class ProblemGroup(BaseModel):
    """A common technical problem (共性技术难题, seed 002): open needs from different enterprises, solved once."""

    id: str | None = None
    title: str
    need_ids: list[str]
    summary: str | None = None
    published: bool = False


class NeedEventView(BaseModel):
    """One step of a need's history: which transition, from and to which status, by whom, and why."""

    seq: int
    transition: str
    from_status: NeedStatus | None
    to_status: NeedStatus
    actor: str
    note: str | None = None
    at: datetime
