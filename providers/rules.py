"""What the seeds say of a provider over time, per kind of provider, each rule in one named place with its clause.

- :data:`MATERIALS`: what an application must hold before it is reviewed (seed 002 二(二)1, seed 003 art. 5–6 and
  附件 1-1, seed 004 二 and 五);
- :data:`BUILD_PERIODS`: how long building may take once approved (seed 002 二(二)2: 12 months, 24 with construction);
- :data:`STATE_CLAUSES`: the clause each lifecycle state stands for;
- :data:`DERIVED_STATUS` and :data:`FLAGGED`: the kb ``status`` each state shows as, and the states matching flags;
- :data:`IMPORT_START`: the state a kb-v1 ``status`` starts a new provider at;
- :data:`NOT_ASSIGNABLE` and :func:`assign_refusal`: the states in which no need may be given to a provider by hand.

Kinds the seeds do not speak of (a public technical service platform has an evaluation guide, seed 001, but no
application procedure; ``other`` has nothing) follow the provincial quality inspection center's path of seed 002, and
say so (``reading``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kb.vocab import CenterKind, CenterStatus


@dataclass(frozen=True)
class Material:
    key: str
    zh: str
    en: str
    clause: str


@dataclass(frozen=True)
class BuildPeriod:
    """Months from the approval to build to the acceptance; ``None``: the seed sets no limit (no overdue flag)."""

    months: int | None
    months_with_construction: int | None
    clause: str


SEED002 = "seed 002 二(二)1"
_QIC = (
    Material("written_application", "书面申请", "written application", SEED002),
    Material("preliminary_review", "所在区市场监管局初审与可行性论证意见", "district bureau's preliminary review and "
             "feasibility opinion", SEED002),
    Material("recommendation", "所在区人民政府或行业主管部门推荐", "recommendation of the district government or the "
             "industry authority", SEED002),
    Material("construction_plan", "中心建设规划", "the center's construction plan", "seed 002 二(一)"),
    Material("government_support", "政府部门支持（土地、基础设施、资金）", "government support (land, infrastructure, "
             "funds)", "seed 002 二(一)"),
)
_METROLOGY = (
    Material("written_application", "建设申请", "application to build", "seed 004 六"),
    Material("government_consent", "地方人民政府或上级主管部门的同意和支持", "consent and support of the local "
             "government or the superior authority", "seed 004 二"),
    Material("quality_system", "独立运行的实验室质量管理体系文件", "the laboratory's quality-system documents",
             "seed 004 五(五)"),
    Material("funding", "自筹资金、配套资金与保障承诺", "own and matching funds and support", "seed 004 五(六)"),
)
_STATION = (
    Material("application_form", "科技服务站申请表（附件 1-1）", "the station application form (annex 1-1)",
             "seed 003 art. 6(一)"),
    Material("head_nomination", "站长人选及其职务、质量科技实践经历", "the nominated head, their post and years of "
             "quality practice", "seed 003 art. 5(三)"),
    Material("team_list", "专职、兼职工作人员与专家队伍名单", "full- and part-time staff and the expert team",
             "seed 003 art. 5(四)"),
    Material("office_proof", "固定办公场所与办公设备证明", "proof of a fixed office and its equipment",
             "seed 003 art. 5(二)"),
)

MATERIALS: dict[CenterKind, tuple[Material, ...]] = {
    CenterKind.quality_inspection_center: _QIC,
    CenterKind.metrology_center: _METROLOGY,
    CenterKind.service_station: _STATION,
    CenterKind.public_service_platform: _QIC,  # reading: no seed gives a platform's application; seed 002's path
    CenterKind.other: _QIC,
}

BUILD_PERIODS: dict[CenterKind, BuildPeriod] = {
    CenterKind.quality_inspection_center: BuildPeriod(12, 24, "seed 002 二(二)2"),
    # Seed 004 六: approval to build, then acceptance; "相关的程序和要求另行制定发布" — no period is set.
    CenterKind.metrology_center: BuildPeriod(None, None, "seed 004 六"),
    # Seed 003 art. 6: after the agreement the association files the station and the plaque follows; no period.
    CenterKind.service_station: BuildPeriod(None, None, "seed 003 art. 6"),
    CenterKind.public_service_platform: BuildPeriod(12, 24, "seed 002 二(二)2 (reading)"),
    CenterKind.other: BuildPeriod(12, 24, "seed 002 二(二)2 (reading)"),
}

STATE_CLAUSES: dict[str, str] = {
    "applied": "seed 002 二(二)1 提出申请; seed 003 art. 6(一) 提出申请; seed 004 二 自愿申请",
    "under_review": "seed 002 二(二)2 组织专家审查和论证; seed 003 art. 6(二) 资料核实",
    "building": "seed 002 二(二)2 批准筹建（筹建期 ≤12 个月，含基建 ≤24 个月）; seed 003 art. 6(二)–(三) 签订协议、"
                "备案申报; seed 004 六 批准筹建",
    "acceptance": "seed 002 二(二)3 验收申请; seed 003 art. 6(四) 核准后挂牌; seed 004 六 验收",
    "operating": "seed 002 二(二)3 批准成立并挂牌、四(一) 年度工作报告; seed 003 art. 12–14; seed 004 七",
    "rectifying": "seed 002 四(二) 限期整改、重点监管; seed 003 art. 16 不合格整改; seed 000 §8.2 改进",
    "suspended": "seed 002 四(二) 通报批评、调整 (our reading: out of matching while revocation is decided)",
    "revoked": "seed 002 四(二) 取消筹建资格、调整退出; seed 003 art. 21 撤销并摘牌",
    "withdrawn": "seed 003 art. 22 退出; seed 002 四(二) 有进有出",
    "rejected": "seed 002 二(二)2 未通过审查论证",
}

# The kb status each state shows as: matching and the catalog read the kb as before. Under rectification a provider
# still operates (seed 002 四(二): 限期整改 is a measure on a running center), flagged.
DERIVED_STATUS: dict[str, CenterStatus] = {
    "applied": CenterStatus.preparing,
    "under_review": CenterStatus.preparing,
    "building": CenterStatus.preparing,
    "acceptance": CenterStatus.preparing,
    "operating": CenterStatus.operating,
    "rectifying": CenterStatus.operating,
    "suspended": CenterStatus.suspended,
    "revoked": CenterStatus.withdrawn,
    "withdrawn": CenterStatus.withdrawn,
    "rejected": CenterStatus.withdrawn,
}

# States that matching flags (and penalises, MatcherConfig.lifecycle_penalty), besides what the status says.
FLAGGED: dict[str, tuple[str, str]] = {
    "rectifying": ("限期整改中", "under rectification"),
    "applied": ("申请中，尚未批准筹建", "application not yet approved"),
    "under_review": ("申请评审中，尚未批准筹建", "application under review"),
}

# A new provider entered by a kb-v1 import starts where its file's status says (an "imported" event records it).
IMPORT_START: dict[CenterStatus, str] = {
    CenterStatus.operating: "operating",
    CenterStatus.preparing: "building",
    CenterStatus.suspended: "suspended",
    CenterStatus.withdrawn: "withdrawn",
}

# Transitions that are decisions: each records its grounds, the date it was decided and the decision document.
DECISIONS = frozenset({
    "approve_build", "reject_application", "pass_acceptance", "fail_acceptance", "cancel_build",
    "order_rectification", "pass_recheck", "suspend", "reinstate", "revoke", "withdraw", "commend",
})


def derived_status(state: str) -> CenterStatus:
    return DERIVED_STATUS[state]


# Assigning a need by hand (issue 30, item 3) may not bring back a provider the association took out of service: a
# suspended one is out of matching while its revocation is decided (seed 002 四(二) 通报批评、调整, our reading), a
# revoked one lost its title (seed 002 四(二) 调整退出; seed 003 art. 21 撤销并摘牌), a withdrawn one left (seed 003
# art. 22 退出), and a refused applicant was never approved (seed 002 二(二)2). Each: why, in both languages.
NOT_ASSIGNABLE: dict[str, tuple[str, str]] = {
    "suspended": ("已被暂停，在撤销与否决定之前不承接新需求", "is suspended and takes no new need until its revocation "
                  "is decided"),
    "revoked": ("已被撤销资格，不能再承接需求", "has been revoked and can no longer serve a need"),
    "withdrawn": ("已退出，不再承接需求", "has withdrawn and no longer serves needs"),
    "rejected": ("未获批准设立，不能承接需求", "was not approved and cannot serve a need"),
}


def assign_refusal(state: str) -> tuple[str, str] | None:
    """Why a provider in this lifecycle state may not be given a need by hand (Chinese, English), or None."""
    return NOT_ASSIGNABLE.get(state)


def materials_for(kind: CenterKind) -> tuple[Material, ...]:
    return MATERIALS[kind]


def build_period(kind: CenterKind) -> BuildPeriod:
    return BUILD_PERIODS[kind]


# ---- changes a provider must report within a deadline ----

@dataclass(frozen=True)
class ChangeReport:
    """A change to these fields of the center's entry (or to any record of ``record_types``) must be reported within
    ``workdays`` working days of when it happened (``providers.workdays``)."""

    fields: frozenset[str]
    record_types: frozenset[str]
    workdays: int
    clause: str
    zh: str
    en: str


_STAFF = frozenset({"staff_total", "staff_innovation", "staff_innovation_advanced", "staff_full_time",
                    "staff_part_time"})
CHANGE_REPORTS: dict[CenterKind, tuple[ChangeReport, ...]] = {
    CenterKind.service_station: (
        ChangeReport(frozenset({"head", "contact"}), frozenset(), 5, "seed 003 art. 18", "站长或联络人员变动报送",
                     "report of a change of head or liaison"),
        ChangeReport(frozenset({"name"}), frozenset(), 10, "seed 003 art. 19", "依托单位名称等重大变更报送",
                     "report of a change of the host's name"),
    ),
    # Seed 004 七(二) and seed 002 四(一) say 及时 ("promptly") with no figure: our reading is 10 working days, the
    # longer of seed 003's two.
    CenterKind.metrology_center: (
        ChangeReport(frozenset({"head", "contact", "qualifications", *_STAFF}), frozenset({"capability"}), 10,
                     "seed 004 七(二) (10 working days: our reading of 及时)", "重大变化报告",
                     "report of a major change"),
    ),
    CenterKind.quality_inspection_center: (
        ChangeReport(frozenset({"name", "qualifications", "head", *_STAFF}), frozenset(), 10,
                     "seed 002 四(一) (10 working days: our reading of 及时)", "重大变化报告",
                     "report of a major change"),
    ),
    CenterKind.public_service_platform: (),
    CenterKind.other: (),
}


def reports_for(kind: CenterKind, changed_fields: set[str], record_types: set[str]) -> list[ChangeReport]:
    """The reports a change of these center fields and record types calls for."""
    return [r for r in CHANGE_REPORTS[kind] if r.fields & changed_fields or r.record_types & record_types]


# ---- the obligations calendar: what falls due each year, per kind ----

@dataclass(frozen=True)
class Annual:
    """An obligation of each year ``Y`` a provider operates: due on (month, day) of ``Y + due_year_offset`` for the
    period ``Y + period_offset`` (``cycle`` > 1: only in the last year of each cycle counted from the first year of
    operation). ``by``: who meets it — the provider files it, or the association records it."""

    kind: str
    zh: str
    en: str
    clause: str
    month: int
    day: int
    period_offset: int = 0
    cycle: int = 1
    by: str = "provider"


def _feb_end(year: int) -> int:
    return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28


ANNUAL: dict[CenterKind, tuple[Annual, ...]] = {
    # Seed 003 art. 12: 每年3月前 the year's plan and last year's summary (read as: before 1 March, so by the last day
    # of February); art. 13: the association supervises every year; art. 14: a three-year evaluation cycle.
    CenterKind.service_station: (
        Annual("annual_plan", "年度工作计划", "annual work plan", "seed 003 art. 12", 2, 0),
        Annual("annual_report", "上一年度工作总结", "last year's work summary", "seed 003 art. 12", 2, 0,
               period_offset=-1),
        Annual("annual_supervision", "年度监督指导", "annual supervision", "seed 003 art. 13", 12, 31,
               by="association"),
        Annual("evaluation", "三年评估", "three-year evaluation", "seed 003 art. 14", 12, 31, cycle=3,
               by="association"),
    ),
    # Seed 002 四(一): a yearly work report (no date: our reading, by 31 March for the year before); 四(二): periodic
    # assessment (no period: our reading, seed 003's three years).
    CenterKind.quality_inspection_center: (
        Annual("annual_report", "年度工作报告", "annual work report", "seed 002 四(一) (due date: our reading)", 3, 31,
               period_offset=-1),
        Annual("evaluation", "定期评估考核", "periodic assessment", "seed 002 四(二) (three years: our reading)", 12,
               31, cycle=3, by="association"),
    ),
    # Seed 004 七(三): the bureau inspects each center once a year in principle.
    CenterKind.metrology_center: (
        Annual("annual_supervision", "年度监督检查", "annual supervision inspection", "seed 004 七(三)", 12, 31,
               by="association"),
    ),
    # Seed 000 §8.1: service quality evaluated periodically (no period: our reading, three years).
    CenterKind.public_service_platform: (
        Annual("evaluation", "服务质量定期评价", "periodic service-quality evaluation",
               "seed 000 §8.1 (three years: our reading)", 12, 31, cycle=3, by="association"),
    ),
    CenterKind.other: (),
}

# States in which a provider runs and owes the calendar.
OWES_CALENDAR = frozenset({"operating", "rectifying"})
# Days before a due date the reminders start (once a day, ``innodock inbox overdue``).
REMIND_DAYS = 14


def annual_due(rule: Annual, year: int) -> date:
    day = rule.day or _feb_end(year)
    return date(year, rule.month, day)
