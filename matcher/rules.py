"""Hard rules and soft preferences of a match, one named function each, pure over kb records and the query.

Hard rules (a center failing one is left out, and the exclusion is counted and explained):
- service type: the need's requested service types (when it names any) must be offered by a capability;
- qualification: each required mark (CMA, CNAS, …) on the capability or on its center (seed 000 §6 (1): routine
  testing requires CMA/CNAS for those products and parameters);
- secrecy: a need that asks for a secrecy qualification needs a center holding 保密资质 (seed 000 §5.2.4);
- status: suspended and withdrawn centers are never proposed, nor one never approved (kb.vocab.NEVER_APPROVED:
  申请中, applied or under review, and 未获批准, its application rejected or withdrawn); preparing (筹建) ones are,
  flagged, with a penalty;
- capacity: a center whose open engagements reach its capacity is left out unless a coordinator overrides;
- region: when the need says the provider must be local, a center elsewhere (or of unknown region) is left out;
- compliance (only with ``MatcherConfig.compliance_exclude``): a center falling short of a seed rule on its staff is
  left out;
- legal standing: a routine test whose report must stand (market access, a tender, a sampling inspection, read by
  intake) needs CMA/CNAS for the item (seed 000 §6.1, ``check_legal_standing``).
Soft: region match boosts the score; a mark the need only wishes for ("最好能有CMA，没有也行", intake's
``preferred_qualifications``) boosts a center holding it (``preferred_marks_held``) and never leaves one out; a flag
of the provider's lifecycle (under rectification, …) or of its compliance with the seeds' staffing rules costs a
configured penalty, with the reason in the explanation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import NEVER_APPROVED, SERVICE_TYPE_LABELS, STATUS_LABELS, CenterStatus, ServiceType
from matcher.schemas import CenterFlag, LegalPurpose, MatchQuery

SECRECY = "保密资质"
_SECRECY_TEXT = re.compile(
    r"(?<![不非无])(保密资质|涉密)|军工保密|secrecy (qualification|clearance)|security clearance", re.I
)

RULE_SERVICE_TYPE = "service_type"
RULE_QUALIFICATION = "qualification"
RULE_SECRECY = "secrecy"
RULE_STATUS = "status"
RULE_CAPACITY = "capacity"
RULE_REGION = "region"
RULE_LIFECYCLE = "lifecycle"
RULE_COMPLIANCE = "compliance"


@dataclass(frozen=True)
class RuleCheck:
    rule: str
    ok: bool
    text: str


def _norm_qual(q: str) -> str:
    return re.sub(r"\s+", "", q).upper()


def required_qualifications(query: MatchQuery) -> list[str]:
    """Marks the need requires, normalised; the secrecy qualification is handled by ``needs_secrecy``."""
    out = []
    for q in query.qualifications:
        n = _norm_qual(q)
        if n and SECRECY not in n and n not in out:
            out.append(n)
    return out


# A mark wished for, not a must (issue 27 / issue 28): "最好能有CMA，没有也行" was held as a required mark and every
# center without CMA was left out. Seed 000 §6.1 asks for CMA/CNAS where a routine test's report must stand, which
# check_legal_standing holds to whatever the enterprise wished; beyond that a wished mark is the enterprise's
# preference: MatcherConfig.preferred_qualification_boost for a holder, no exclusion.
RULE_PREFERRED_QUALIFICATION = "preferred_qualification"


def preferred_qualifications(query: MatchQuery) -> list[str]:
    """Marks the need wishes for, normalised, without those it requires (a mark both wished and required is
    required) and without the secrecy qualification (a wish for secrecy is no mark to rank by)."""
    required = required_qualifications(query)
    out = []
    for q in query.preferred_qualifications:
        n = _norm_qual(q)
        if n and SECRECY not in n and n not in required and n not in out:
            out.append(n)
    return out


def preferred_marks_held(cap: CapabilityRecord | None, center: CenterRecord, wished: Sequence[str]) -> list[str]:
    """Of the marks wished for, those a center holds, on itself or on the capability (as the hard rule reads a mark:
    spaces and case aside, contained)."""
    return [q for q in wished if _has_mark(center.qualifications, q)
            or (cap is not None and _has_mark(cap.qualifications, q))]


def preferred_text(mark: str, held: bool) -> str:
    """'优先：CMA — 具备 / preferred: CMA — held', or '优先：CMA — 不具备（不影响入选） / preferred: CMA — not held
    (does not affect selection)': a wished mark in an explanation. Not holding it is neutral — a holder gets a small
    boost, nobody is left out — so it never reads as a miss (a new user's trial, 2026-11-29: "未覆盖" on a wished
    CNAS)."""
    if held:
        return f"优先：{mark} — 具备 / preferred: {mark} — held"
    return f"优先：{mark} — 不具备（不影响入选） / preferred: {mark} — not held (does not affect selection)"


def needs_secrecy(query: MatchQuery) -> bool:
    """Asked for explicitly (a qualification, or the text names 保密资质/涉密). A plain wish for confidentiality
    (an NDA, ``confidential``) any center can honour, so it is not this rule."""
    if any(SECRECY in _norm_qual(q) or "保密" in q for q in query.qualifications):
        return True
    return bool(_SECRECY_TEXT.search(query.text))


def _has_mark(marks: list[str] | None, wanted: str) -> bool:
    return any(wanted in _norm_qual(m) for m in marks or [])


def check_service_type(cap: CapabilityRecord, query: MatchQuery) -> RuleCheck:
    if not query.service_types:
        return RuleCheck(RULE_SERVICE_TYPE, True, "")
    offered = set(cap.service_types)
    shared = [t for t in query.service_types if t in offered]
    if shared:
        labels = "、".join(SERVICE_TYPE_LABELS[t][0] for t in shared)
        return RuleCheck(RULE_SERVICE_TYPE, True, f"提供所需服务类型：{labels} / offers the requested service type")
    wanted = "、".join(SERVICE_TYPE_LABELS[t][0] for t in query.service_types)
    return RuleCheck(RULE_SERVICE_TYPE, False,
                     f"不提供所需服务类型（{wanted}）/ does not offer the requested service type")


def check_qualifications(cap: CapabilityRecord, center: CenterRecord, query: MatchQuery) -> RuleCheck:
    return _qualifications(cap, center, required_qualifications(query))


def _qualifications(cap: CapabilityRecord, center: CenterRecord, req: Sequence[str]) -> RuleCheck:
    missing = [q for q in req if not (_has_mark(cap.qualifications, q) or _has_mark(center.qualifications, q))]
    if missing:
        return RuleCheck(RULE_QUALIFICATION, False,
                         f"缺少所需资质 {'、'.join(missing)} / lacks the required qualification {', '.join(missing)}")
    return RuleCheck(RULE_QUALIFICATION, True,
                     f"具备所需资质 {'、'.join(req)} / holds the required qualification" if req else "")


def check_secrecy(center: CenterRecord, cap: CapabilityRecord | None, query: MatchQuery) -> RuleCheck:
    return _secrecy(center, cap, needs_secrecy(query))


def _secrecy(center: CenterRecord, cap: CapabilityRecord | None, needed: bool) -> RuleCheck:
    if not needed:
        return RuleCheck(RULE_SECRECY, True, "")
    if _has_mark(center.qualifications, SECRECY) or (cap is not None and _has_mark(cap.qualifications, SECRECY)):
        return RuleCheck(RULE_SECRECY, True, "具备保密资质 / holds a secrecy qualification (seed 000 §5.2.4)")
    return RuleCheck(RULE_SECRECY, False,
                     "需求要求保密资质，该机构不具备 / the need requires a secrecy qualification the center lacks")


def check_status(center: CenterRecord) -> RuleCheck:
    status = center.effective_status
    zh, en = STATUS_LABELS[status]
    if status in (CenterStatus.suspended, CenterStatus.withdrawn):
        return RuleCheck(RULE_STATUS, False, f"机构状态为{zh}，不予推荐 / center is {en}")
    if status == CenterStatus.applying:  # seed 002 二(二)1–2: an application not yet approved provides nothing yet
        return RuleCheck(RULE_STATUS, False, "机构申请中，尚未批准，不予推荐 / the center's application is not yet "
                                             "approved: not proposed")
    if status in NEVER_APPROVED:  # seed 002 二(二)2: rejected, or withdrawn before approval; never a provider
        return RuleCheck(RULE_STATUS, False, "机构未获批准，不予推荐 / the center was never approved: not proposed")
    if status == CenterStatus.preparing:
        return RuleCheck(RULE_STATUS, True,
                         "机构筹建中（通常已依托现有实验室运行），略降分 / center is preparing; small penalty")
    return RuleCheck(RULE_STATUS, True, "")


def check_capacity(center: CenterRecord, open_engagements: int | None, *, override: bool) -> RuleCheck:
    if center.capacity is None or open_engagements is None:
        return RuleCheck(RULE_CAPACITY, True, "")
    # In words, not "在办 3/5": how many it has in hand, of how many it can take at once.
    held = f"在办 {open_engagements} 项，最多可同时承接 {center.capacity} 项"
    held_en = f"{open_engagements} engagements in progress, of the {center.capacity} it can take at once"
    if open_engagements < center.capacity:
        return RuleCheck(RULE_CAPACITY, True, f"{held} / {held_en}")
    if override:
        return RuleCheck(RULE_CAPACITY, True, f"已满负荷（{held}），协调员已放行 / at capacity ({held_en}), "
                                              "overridden by a coordinator")
    return RuleCheck(RULE_CAPACITY, False, f"已满负荷（{held}）/ at capacity ({held_en})")


def _short(place: str | None) -> str | None:
    if not place:
        return None
    place = place.strip()
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"):
        if place.endswith(suffix) and len(place) > len(suffix) + 1:
            return place[: -len(suffix)]
    return place


def region_match(center: CenterRecord, query: MatchQuery) -> str | None:
    """"city", "province" or None (no match or nothing to compare)."""
    region = center.region or ""
    city, province = _short(query.region.city), _short(query.region.province)
    if city and city in region:
        return "city"
    if province and province in region:
        return "province"
    return None


def check_region(center: CenterRecord, query: MatchQuery) -> RuleCheck:
    if not query.local_only or not (query.region.province or query.region.city):
        return RuleCheck(RULE_REGION, True, "")
    where = query.region.province or query.region.city or ""
    if not center.region:
        return RuleCheck(RULE_REGION, False, f"需求要求本地（{where}）服务，机构地区未知 / local provider required, "
                                             "center's region unknown")
    if region_match(center, query) is None:
        return RuleCheck(RULE_REGION, False, f"需求要求本地（{where}）服务，机构位于{center.region} / local provider "
                                             "required, center is elsewhere")
    return RuleCheck(RULE_REGION, True, f"位于{center.region}，满足本地要求 / local, as required")


def check_compliance(flags: Sequence[CenterFlag], *, exclude: bool) -> RuleCheck:
    """As a hard rule only when configured (``compliance_exclude``); otherwise a flag and a penalty (rank)."""
    failing = [f for f in flags if f.source == "compliance"]
    if not failing or not exclude:
        return RuleCheck(RULE_COMPLIANCE, True, "")
    return RuleCheck(RULE_COMPLIANCE, False, "不符合种子文件的人员条件，不予推荐 / falls short of the seeds' staffing "
                                             "rules: " + "；".join(f.text for f in failing))


# ---- legal standing of a routine test's report (issue 29, item 8) ----

RULE_LEGAL_STANDING = "legal_standing"
# Seed 000 §6.1: 针对客户常规产品、常规项目的检验检测需求，中心应…取得所涉及产品和项目（参数）标准的 CMA、CNAS 资质.
LEGAL_STANDING_CLAUSE = "seed 000 §6.1"
LEGAL_STANDING_CITED = "依据：《省级产品质量检验中心技术创新服务规范》第6.1条"
LEGAL_MARKS = ("CMA", "CNAS")


def needs_legal_standing(query: MatchQuery) -> LegalPurpose | None:
    """The purpose for which a routine test's report must stand (market access, a tender, a sampling inspection),
    when the need asks for routine testing (its confirmed service types) and intake's reading found such a purpose in
    its words (``query.legal_purpose``, read by ``intake.extract.legal_effect`` in ``flows.matching``); None for any
    other need — an R&D need is not restricted."""
    if ServiceType.inspection_testing not in query.service_types:
        return None
    return query.legal_purpose


def check_legal_standing(cap: CapabilityRecord, center: CenterRecord, query: MatchQuery) -> RuleCheck:
    """Seed 000 §6.1, as this project reads it: a routine test whose report must stand goes to a capability holding
    CMA or CNAS for the item — its own marks, or its center's where the capability lists none of its own."""
    return _legal_standing(cap, center, needs_legal_standing(query))


def _legal_standing(cap: CapabilityRecord, center: CenterRecord, purpose: LegalPurpose | None) -> RuleCheck:
    if purpose is None:
        return RuleCheck(RULE_LEGAL_STANDING, True, "")
    own = list(cap.qualifications or [])
    marks = own if own else list(center.qualifications or [])
    held = [m for m in LEGAL_MARKS if _has_mark(marks, m)]
    whose = "该检测项目" if own else "机构"
    whose_en = "the item" if own else "the center"
    # A purpose that is itself "a report with legal effect" is no use of the report: said as the need's words, not
    # "报告用于具有法律效力的报告须具法律效力" (two sentences run into one, a new user's trial, 2026-11-29).
    if purpose.purpose == "legal_effect":
        asked = f"报告须具法律效力（“{purpose.phrase}”）"
        asked_en = f"the report must stand in law ('{purpose.phrase}')"
    else:
        use = purpose.zh if held else f"{purpose.zh}（“{purpose.phrase}”）"
        asked, asked_en = f"报告用于{use}，须具法律效力", f"the report is for {purpose.en} and must stand in law"
    if held:
        return RuleCheck(RULE_LEGAL_STANDING, True,
                         f"{asked}；{whose}具备 {'、'.join(held)} 资质（{LEGAL_STANDING_CITED}）/ {asked_en}; "
                         f"{whose_en} holds {', '.join(held)} ({LEGAL_STANDING_CLAUSE})")
    return RuleCheck(RULE_LEGAL_STANDING, False,
                     f"{asked}；{whose}没有该项目的 CMA/CNAS 资质（{LEGAL_STANDING_CITED}）/ {asked_en}; {whose_en} "
                     f"holds no CMA/CNAS for the item ({LEGAL_STANDING_CLAUSE})")


@dataclass(frozen=True)
class CapabilityRules:
    """The hard rules a capability is held to for one need (service type, qualification, secrecy, legal standing),
    with what they read of the need worked out once: a match checks a couple of hundred capabilities against the same
    need, and reading it (the marks normalised, the secrecy pattern over its whole text) was most of the checks' time
    (issue 33, item 1). :meth:`check` gives what the four ``check_*`` functions give, in that order.
    ``asks_nothing``: the need names no service type, qualification, secrecy or legal purpose (a query of its text
    alone), so every capability passes all four with nothing to show, and a caller need not check each one."""

    query: MatchQuery
    required: tuple[str, ...]
    secrecy: bool
    purpose: LegalPurpose | None

    @property
    def asks_nothing(self) -> bool:
        return not self.query.service_types and not self.required and not self.secrecy and self.purpose is None

    @classmethod
    def of(cls, query: MatchQuery) -> CapabilityRules:
        return cls(query=query, required=tuple(required_qualifications(query)), secrecy=needs_secrecy(query),
                   purpose=needs_legal_standing(query))

    def check(self, cap: CapabilityRecord, center: CenterRecord) -> list[RuleCheck]:
        return [check_service_type(cap, self.query), _qualifications(cap, center, self.required),
                _secrecy(center, cap, self.secrecy), _legal_standing(cap, center, self.purpose)]
