"""Rules of the seed documents about people and stations, one named function per clause.

Each function returns a ``RuleResult`` that says whether the rule is met and, when it is not, why, in Chinese and
English, so a coordinator can read the reason and, for a "should" (宜) rule, record an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from kb.schemas import CenterRecord, ExpertRecord
from kb.vocab import CenterKind, Degree, TitleLevel


@dataclass(frozen=True)
class RuleResult:
    rule: str
    clause: str
    ok: bool
    # A "should" (宜) rule may be overridden by a coordinator with a recorded exception; a "shall" (应) rule may not.
    overridable: bool
    reasons: list[str] = field(default_factory=list)
    # Each reason in a few words ("中文 / English"), where a list names it beside a person (the team form's lead
    # choices): the same shortfalls, in the same order
    short: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok


SEED000_LEAD = "seed 000 §4.2.1(1)"
SEED000_STAFF = "seed 000 §4.2.2(1)"
SEED000_STAFF_RATIO = "seed 000 §4.2.2(2)"
SEED003_POOL = "seed 003 art. 5(4)"
SEED003_HEAD = "seed 003 art. 5(3)1"

LEAD_MIN_YEARS = 5
STAFF_MIN_YEARS = 3
INNOVATION_STAFF_MIN_SHARE = 0.40
INNOVATION_STAFF_ADVANCED_MIN_SHARE = 0.20
STATION_MIN_POOL_EXPERTS = 10
STATION_MIN_FULL_TIME = 1
STATION_MIN_PART_TIME = 2
STATION_HEAD_MIN_YEARS = 5

_ADVANCED_DEGREES = {Degree.master, Degree.doctorate}
_ADVANCED_TITLES = {TitleLevel.associate_senior, TitleLevel.senior}
_STAFF_DEGREES = {Degree.bachelor, Degree.master, Degree.doctorate}


def has_advanced_standing(expert: ExpertRecord) -> bool:
    """Master's degree or above, or an associate-senior title or above (硕士（含）以上学历或副高以上职称)."""
    return expert.degree in _ADVANCED_DEGREES or expert.title_level in _ADVANCED_TITLES


def qualifies_as_lead(expert: ExpertRecord) -> RuleResult:
    """Seed 000 §4.2.1(1): a project lead *should* (宜) hold a master's degree or an associate-senior title or
    above, have five or more years of quality-inspection work, and have led a research project at prefecture level
    or above or an enterprise technical-development case. Unknown data counts as not shown, never as met."""
    reasons: list[str] = []
    short: list[str] = []
    if not has_advanced_standing(expert):
        reasons.append("学历低于硕士且职称低于副高 / below a master's degree and below an associate-senior title")
        short.append("需硕士或副高以上 / needs a master's or an associate-senior title")
    years = expert.years_experience
    if years is None:
        reasons.append("质检相关工作年限未知 / years of quality-inspection work unknown")
        short.append("年限未知 / years unknown")
    elif years < LEAD_MIN_YEARS:
        reasons.append(
            f"质检相关工作 {years} 年，少于 {LEAD_MIN_YEARS} 年 / {years} years of work, fewer than {LEAD_MIN_YEARS}"
        )
        short.append(f"工作 {years} 年，需 {LEAD_MIN_YEARS} 年 / {years} years, {LEAD_MIN_YEARS} needed")
    led = expert.led_projects
    if led is None:
        reasons.append("主持项目经历未知 / no record of a led project")
        short.append("主持项目未知 / led projects unknown")
    elif led < 1:
        reasons.append("无市厅级及以上科研项目或企业技术开发实例 / has led no qualifying project")
        short.append("未主持过项目 / has led no project")
    return RuleResult(rule="project_lead", clause=SEED000_LEAD, ok=not reasons, overridable=True, reasons=reasons,
                      short=short)


def qualifies_as_service_staff(expert: ExpertRecord) -> RuleResult:
    """Seed 000 §4.2.2(1): service staff *shall* (应) hold a bachelor's degree in the field or have three or more
    years of related work. Whether the degree is "in the field" is for the coordinator to judge; we check the level."""
    if expert.degree in _STAFF_DEGREES:
        return RuleResult(rule="service_staff", clause=SEED000_STAFF, ok=True, overridable=False)
    if expert.years_experience is not None and expert.years_experience >= STAFF_MIN_YEARS:
        return RuleResult(rule="service_staff", clause=SEED000_STAFF, ok=True, overridable=False)
    reasons = ["无本科及以上学历，且相关工作经验不足三年 / no bachelor's degree and under three years of related work"]
    if expert.years_experience is None:
        reasons = ["无本科及以上学历，相关工作年限未知 / no bachelor's degree and years of related work unknown"]
    return RuleResult(rule="service_staff", clause=SEED000_STAFF, ok=False, overridable=False, reasons=reasons)


def center_staffing_ok(*, total_staff: int, innovation_staff: Sequence[ExpertRecord]) -> RuleResult:
    """Seed 000 §4.2.2(2): innovation-service staff *shall* be at least 40% of the center's staff, and at least 20%
    of them hold a master's degree or an associate-senior title or above."""
    if total_staff <= 0:
        return RuleResult(
            rule="center_staffing", clause=SEED000_STAFF_RATIO, ok=False, overridable=False,
            reasons=["中心总人数未知 / the center's total staff is unknown"],
        )
    n = len(innovation_staff)
    reasons: list[str] = []
    share = n / total_staff
    if share < INNOVATION_STAFF_MIN_SHARE:
        reasons.append(
            f"技术创新服务人员占比 {share:.0%}，低于 40% / innovation staff are {share:.0%} of all staff, under 40%"
        )
    advanced = sum(1 for e in innovation_staff if has_advanced_standing(e))
    adv_share = advanced / n if n else 0.0
    if adv_share < INNOVATION_STAFF_ADVANCED_MIN_SHARE:
        reasons.append(
            f"其中硕士或副高以上占比 {adv_share:.0%}，低于 20% / "
            f"{adv_share:.0%} of them hold a master's degree or associate-senior title, under 20%"
        )
    return RuleResult(rule="center_staffing", clause=SEED000_STAFF_RATIO, ok=not reasons, overridable=False,
                      reasons=reasons)


def pool_experts(center: CenterRecord, experts: Iterable[ExpertRecord]) -> list[ExpertRecord]:
    """Experts who belong to at least one of the center's expert pools."""
    pools = set(center.expert_pools or [])
    return [e for e in experts if pools.intersection(e.pools or [])]


def station_pool_ok(center: CenterRecord, experts: Iterable[ExpertRecord]) -> RuleResult:
    """Seed 003 art. 5(4): a service station has an expert team of at least ten drawn from the association's expert
    pool (以省质促会专家库为依托). Only service stations are bound by it; for other kinds it is met vacuously."""
    if center.kind != CenterKind.service_station:
        return RuleResult(rule="station_pool", clause=SEED003_POOL, ok=True, overridable=False)
    if not center.expert_pools:
        return RuleResult(
            rule="station_pool", clause=SEED003_POOL, ok=False, overridable=False,
            reasons=["科技服务站未登记所依托的专家库 / the station names no expert pool"],
        )
    n = len({e.id for e in pool_experts(center, experts)})
    if n < STATION_MIN_POOL_EXPERTS:
        return RuleResult(
            rule="station_pool", clause=SEED003_POOL, ok=False, overridable=False,
            reasons=[f"专家库中仅 {n} 名专家，少于 10 名 / only {n} experts in its pools, fewer than 10"],
        )
    return RuleResult(rule="station_pool", clause=SEED003_POOL, ok=True, overridable=False)


def station_staff_ok(*, full_time: int, part_time: int) -> RuleResult:
    """Seed 003 art. 5(4): a station has at least one full-time and two part-time staff."""
    reasons = []
    if full_time < STATION_MIN_FULL_TIME:
        reasons.append(f"专职人员 {full_time} 名，少于 1 名 / {full_time} full-time staff, fewer than 1")
    if part_time < STATION_MIN_PART_TIME:
        reasons.append(f"兼职人员 {part_time} 名，少于 2 名 / {part_time} part-time staff, fewer than 2")
    return RuleResult(rule="station_staff", clause=SEED003_POOL, ok=not reasons, overridable=False, reasons=reasons)


def qualifies_as_station_head(*, middle_management_or_above: bool, years_quality_practice: int | None) -> RuleResult:
    """Seed 003 art. 5(3)1: a station head holds a middle-management post or above in the host organisation and
    has five or more years of quality practice or related theory."""
    reasons = []
    if not middle_management_or_above:
        reasons.append("未担任所在单位中层以上职务 / not in a middle-management post or above")
    if years_quality_practice is None or years_quality_practice < STATION_HEAD_MIN_YEARS:
        reasons.append("质量科技实践经验不足 5 年 / under five years of quality practice")
    return RuleResult(rule="station_head", clause=SEED003_HEAD, ok=not reasons, overridable=False, reasons=reasons)


# ---- a provider's compliance with the seed rules on its staff, computed from its kb entry ----

SEED003_STAFF = SEED003_POOL
SEED003_HEAD_CERTIFICATE = "seed 003 art. 17"
Verdict = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class ComplianceCheck:
    """One rule for one provider: ``met``, ``not_met`` (with the reasons), or ``unknown`` when the entry lacks the
    data (never counted as not met: a missing count is not a shortfall)."""

    rule: str
    clause: str
    verdict: Verdict
    reasons: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.verdict == "not_met"


def _from(result: RuleResult) -> ComplianceCheck:
    return ComplianceCheck(rule=result.rule, clause=result.clause, verdict="met" if result.ok else "not_met",
                           reasons=tuple(result.reasons))


def _unknown(rule: str, clause: str, what: str) -> ComplianceCheck:
    return ComplianceCheck(rule=rule, clause=clause, verdict="unknown", reasons=(f"未填报{what} / {what} not given",))


def staffing_check(center: CenterRecord, own_experts: Sequence[ExpertRecord]) -> ComplianceCheck:
    """Seed 000 §4.2.2(2) from the entry's counts: innovation staff (``staff_innovation``, else the center's own
    experts in the kb) against all staff (``staff_total``), and the advanced among them (``staff_innovation_advanced``,
    else counted from those experts' degrees and titles)."""
    if center.staff_total is None:
        return _unknown("center_staffing", SEED000_STAFF_RATIO, "中心总人数 staff_total")
    if center.staff_innovation is None and not own_experts:
        return _unknown("center_staffing", SEED000_STAFF_RATIO, "技术创新服务人员数 staff_innovation")
    if center.staff_innovation is None:
        return _from(center_staffing_ok(total_staff=center.staff_total, innovation_staff=own_experts))
    n = center.staff_innovation
    advanced = center.staff_innovation_advanced
    if advanced is None:
        advanced = sum(1 for e in own_experts if has_advanced_standing(e))
    reasons: list[str] = []
    if center.staff_total <= 0:
        reasons.append("中心总人数为 0 / the center's total staff is 0")
    else:
        share = n / center.staff_total
        if share < INNOVATION_STAFF_MIN_SHARE:
            reasons.append(f"技术创新服务人员 {n} 人，占全部 {center.staff_total} 人的 {share:.0%}，低于 40% / "
                           f"{n} innovation staff of {center.staff_total} in all ({share:.0%}), under 40%")
    adv_share = advanced / n if n else 0.0
    if adv_share < INNOVATION_STAFF_ADVANCED_MIN_SHARE:
        reasons.append(f"其中硕士或副高以上 {advanced} 人，占 {n} 人的 {adv_share:.0%}，低于 20% / {advanced} of "
                       f"them ({adv_share:.0%}) hold a master's degree or associate-senior title, under 20%")
    return ComplianceCheck(rule="center_staffing", clause=SEED000_STAFF_RATIO,
                           verdict="not_met" if reasons else "met", reasons=tuple(reasons))


def station_staff_check(center: CenterRecord) -> ComplianceCheck:
    if center.staff_full_time is None or center.staff_part_time is None:
        return _unknown("station_staff", SEED003_STAFF, "专职、兼职人员数 staff_full_time / staff_part_time")
    return _from(station_staff_ok(full_time=center.staff_full_time, part_time=center.staff_part_time))


def station_head_check(center: CenterRecord, today: date) -> ComplianceCheck:
    """Seed 003 art. 5(三)1 (middle management or above, ≥ 5 years of quality practice) and art. 17 (a head's
    certificate, where one was issued, is valid three years and must not have lapsed)."""
    head = center.station_head
    if head is None or head.middle_management is None or head.years_quality is None:
        return _unknown("station_head", SEED003_HEAD, "站长的职务与质量工作年限 head")
    result = qualifies_as_station_head(middle_management_or_above=head.middle_management,
                                       years_quality_practice=head.years_quality)
    reasons = list(result.reasons)
    clause = SEED003_HEAD
    if head.certificate_valid_until is not None and head.certificate_valid_until < today:
        lapsed = head.certificate_valid_until
        reasons.append(f"站长证书已于 {lapsed} 过期，须重新考核 / the head's certificate lapsed on {lapsed}")
        clause = f"{SEED003_HEAD}; {SEED003_HEAD_CERTIFICATE}"
    return ComplianceCheck(rule="station_head", clause=clause, verdict="not_met" if reasons else "met",
                           reasons=tuple(reasons))


def center_compliance(center: CenterRecord, experts: Sequence[ExpertRecord], today: date) -> list[ComplianceCheck]:
    """The seed rules on a provider's staff that apply to its kind, each met, not met or unknown.

    Seed 000 is the specification for provincial product-quality inspection centers, so its staffing ratio binds
    quality inspection centers; seed 003 art. 5 binds service stations. Metrology centers (seed 004 五(一) asks for a
    team "结构合理、规模适应" with no figure) and platforms have no numeric staffing rule in the seeds."""
    if center.kind == CenterKind.quality_inspection_center:
        own = [e for e in experts if e.center_id == center.id]
        return [staffing_check(center, own)]
    if center.kind == CenterKind.service_station:
        return [_from(station_pool_ok(center, experts)), station_staff_check(center), station_head_check(center, today)]
    return []
