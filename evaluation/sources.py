"""Where each of seed 001's 57 items comes from in a rating run: one row per item (issue 29, item 1).

Three kinds of source:

* ``record``: computed from what the platform already holds, by the function the row names — the engagements'
  timings, acceptance, satisfaction, complaints and their handling (``evaluation.records.record_indicators`` over the
  pipeline's outcomes), the clients' five-grade questionnaires (``evaluation.records.questionnaire_votes``), the
  reviewed annual plans and reports (``evaluation.records.filing_indicators`` over ``flows.obligations``' filings),
  and the catalog's qualifications and expert records (``evaluation.catalog_facts.catalog_facts``);
* ``form``: asked in the rating run's form of the association or the third party, with its unit and range — the
  experts' ratings seed 001 §5.2.7 leaves to interviews (pre-filled from the interviews filed for the period,
  ``evaluation.observations``) and the clients' economic benefit the evaluator surveys;
* ``self``: the provider's own figure, filed on its self-assessment (seed 001 §5.2.7 "（本）组织机构自评") and shown
  in the run's form as that party's value; the evaluator checks it and keeps or corrects it.

``SOURCES`` lists every item of the hierarchy exactly once (``tests/evaluation/test_eval_sources.py``);
``docs/evaluation.md`` prints :func:`markdown_table`, and a test keeps the two equal. Ranges: each unit's sane range
is the hierarchy's ``raw_bounds`` (a share in % and an expert's rating 0–100, a yes/no item 0 or 1, a count a whole
number up to a ceiling, an area or an amount of money up to a plausible maximum); five-grade items take five vote
counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from core.errors import InnodockError, refuse_all
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.hierarchy.schema import Item

Kind = Literal["record", "form", "self"]

RECORDS = "evaluation.records.record_indicators"
QUESTIONNAIRE = "evaluation.records.questionnaire_votes"
FILINGS = "evaluation.records.filing_indicators"
CATALOG = "evaluation.catalog_facts.catalog_facts"
PROFICIENCY = "evaluation.records.proficiency_indicators"

# What each computing function reads, as the table prints it.
READS: dict[str, tuple[str, str]] = {
    RECORDS: ("对接记录（结项、验收、期限、满意度、投诉及处理）", "engagement records (closing, acceptance, deadlines, "
              "satisfaction, complaints and their handling)"),
    QUESTIONNAIRE: ("客户验收后的五级问卷（及神秘顾客）", "the clients' five-grade questionnaires after acceptance "
                    "(and mystery shoppers)"),
    FILINGS: ("已审核的年度计划、年度报告", "the reviewed annual plans and reports"),
    CATALOG: ("知识库的资质与专家记录", "the catalog's qualifications and expert records"),
    PROFICIENCY: ("能力验证、实验室间比对、测量审核的结果", "the provider's proficiency tests, inter-laboratory "
                  "comparisons and measurement audits"),
}


@dataclass(frozen=True)
class Source:
    """One item's source. ``function`` and ``key``: for a record, the function that computes it and the key of its
    result the item reads (``None`` where the function is keyed by the item itself)."""

    item: str
    kind: Kind
    function: str | None = None
    key: str | None = None
    reading: str | None = None  # where seed 001 does not name the mapping: this project's reading, and why


def _record(item: str, function: str, key: str | None = None, reading: str | None = None) -> Source:
    return Source(item, "record", function, key, reading)


SOURCES: tuple[Source, ...] = (
    # T1 基础条件 — 检测能力
    _record("qualifications", CATALOG),
    Source("service_scope", "self"),
    Source("premises_area", "self"),
    # 技术能力
    Source("papers", "self"),
    Source("research_projects", "self"),
    Source("patents_awards", "self"),
    _record("senior_title_share", CATALOG),
    Source("degree_staff_share", "self"),
    # Seed 001 names no proficiency-testing item; its 技术能力 reads "团队整体水平" (the team's overall level), and a
    # satisfactory proficiency test is the outside evidence of it. With no result in the period, the form asks it.
    _record("team_collaboration", PROFICIENCY, "proficiency_satisfactory_rate",
            reading="本项目的解读：种子 001 未列能力验证；期内能力验证/比对满意率作为团队整体技术水平的记录 / this "
                    "project's reading: seed 001 names no proficiency testing; the period's share of satisfactory "
                    "results stands for the team's overall level"),
    # 仪器设备及设施
    _record("equipment_adequacy", QUESTIONNAIRE),
    Source("equipment_service_frequency", "self"),
    Source("high_end_equipment", "self"),
    # 协同创新能力
    Source("joint_projects", "self"),
    Source("key_techniques_solved", "self"),
    Source("industry_research_base", "self"),
    # T2 运营能力 — 资源集聚能力
    _record("expert_pool_size", CATALOG),
    Source("partner_units", "self"),
    Source("government_support", "form"),
    Source("organisational_resources", "form"),
    # 宣传推广
    Source("promo_materials", "self"),
    Source("promo_channels", "self"),
    Source("info_release_frequency", "self"),
    Source("offline_events", "self"),
    # 内部运营
    _record("development_plan", FILINGS, "annual_plan_score"),
    Source("staff_turnover", "self"),
    Source("financial_condition", "form"),
    _record("complaints_received", RECORDS, "complaints_received"),
    _record("performance_review", FILINGS, "annual_report_score"),
    # T3 服务能力
    Source("quality_eval_reports", "self"),
    _record("quality_eval_rating", QUESTIONNAIRE),
    Source("training_sessions", "self"),
    Source("trainees", "self"),
    _record("training_rating", QUESTIONNAIRE),
    _record("support_projects", RECORDS, "engagements_closed"),
    _record("support_rating", QUESTIONNAIRE),
    Source("test_reports", "self"),
    Source("report_turnaround", "self"),
    Source("info_items_published", "self"),
    Source("consultations", "self"),
    # T4 服务结果 — 服务成效
    Source("client_quality_reports", "self"),
    Source("standards_collected", "self"),
    Source("client_alerts", "self"),
    Source("research_cooperation", "self"),
    Source("consulting_training_given", "self"),
    _record("first_pass_acceptance_rate", RECORDS, "first_pass_acceptance_rate"),
    _record("on_time_rate", RECORDS, "on_time_rate"),
    # 经济效益
    Source("client_cost_reduction", "form"),
    Source("client_profitability_gain", "form"),
    Source("new_product_revenue", "form"),
    Source("fund_leverage", "self"),
    # 社会效应
    Source("client_development_support", "form"),
    Source("industry_leadership", "form"),
    # 客户满意度
    _record("value_for_money", QUESTIONNAIRE),
    _record("overall_satisfaction", RECORDS, "mean_satisfaction"),
    _record("complaint_rate", RECORDS, "complaint_rate"),
    _record("complaint_handling_rate", RECORDS, "complaint_resolution_rate"),
    _record("repeat_client_rate", RECORDS, "repeat_client_rate"),
)

BY_ITEM: dict[str, Source] = {s.item: s for s in SOURCES}

KIND_LABELS: dict[str, tuple[str, str]] = {
    "record": ("记录", "records"),
    "form": ("评价表", "run form"),
    "self": ("机构自评", "self-assessment"),
}

@dataclass(frozen=True)
class Range:
    """What a form field accepts: ``low``–``high``, whole numbers or not; five-grade items take five vote counts,
    each in the range."""

    low: float
    high: float
    whole: bool
    votes: bool = False

    def text(self) -> str:
        if self.votes:
            return "5 个票数 / 5 vote counts"
        return f"{self.low:.10g}–{self.high:.10g}"  # "0–1000000", never "0–1e+06"


def range_of(item: Item, hierarchy: Hierarchy | None = None) -> Range:
    """The item's sane range: its unit's ``raw_bounds`` in the hierarchy (the only place they are defined)."""
    bound = (hierarchy or load_hierarchy()).raw_bounds[item.unit]
    return Range(bound.low, bound.high, bound.whole, votes=item.normalisation.method == "five_grade")


def check_sources(hierarchy: Hierarchy | None = None) -> None:
    """Every item of the hierarchy has exactly one row, and every row is an item of it."""
    h = hierarchy or load_hierarchy()
    items = [it.id for _, _, it in h.items()]
    rows = [s.item for s in SOURCES]
    twice = sorted({r for r in rows if rows.count(r) > 1})
    if twice:
        raise InnodockError(f"指标来源表重复列出 / listed twice: {', '.join(twice)}", field="sources")
    missing = [i for i in items if i not in BY_ITEM]
    if missing:
        raise InnodockError(f"指标没有来源 / items without a source: {', '.join(missing)}", field="sources")
    extra = [r for r in rows if r not in set(items)]
    if extra:
        raise InnodockError(f"来源表中的指标不在指标体系中 / not in the hierarchy: {', '.join(extra)}", field="sources")


def entered(kind: Kind) -> bool:
    """Whether the run's form asks an item of this kind (a record item is asked only where the records lack it)."""
    return kind in ("form", "self")


def check_value(item: Item, raw: object, hierarchy: Hierarchy | None = None, *,
                whole: bool = True) -> float | list[float]:
    """A form's or a request's value for ``item`` in its range, or an ``InnodockError`` on ``values.<item>`` naming
    the item, its unit and its range. Text is read as a number (five-grade items: five counts separated by commas).
    ``whole=False``: a count need not be a whole number (an input file's yearly figure may be a multi-year mean)."""
    where = f"values.{item.id}"
    rng = range_of(item, hierarchy)
    name = f"“{item.name_zh}”（{item.unit}）/ {item.name_en} ({item.unit})"
    if rng.votes:
        parts = raw if isinstance(raw, list) else [p for p in str(raw).replace("，", ",").split(",")]
        try:
            votes = [float(p) for p in parts]
        except (TypeError, ValueError):
            votes = []
        if len(votes) != 5 or any(not math.isfinite(v) or not rng.low <= v <= rng.high or v != int(v)
                                  for v in votes) or sum(votes) == 0:
            raise InnodockError(f"{name} 应为从“很满意”到“很不满意”的 5 个票数，用逗号分隔 / should be five vote "
                                "counts, very good to very poor, separated by commas", field=where)
        return votes
    try:
        if isinstance(raw, bool):
            raise ValueError
        value = float(raw) if isinstance(raw, int | float) else float(str(raw).strip())
    except (TypeError, ValueError, OverflowError):
        raise InnodockError(f"{name} 应为数字 / should be a number", field=where) from None
    if not math.isfinite(value) or not rng.low <= value <= rng.high:
        raise InnodockError(f"{name} 应在 {rng.text()} 之间 / should lie in {rng.text()}", field=where)
    if whole and rng.whole and value != int(value):
        raise InnodockError(f"{name} 应为整数 / should be a whole number", field=where)
    return value


def check_values(hierarchy: Hierarchy, values: Mapping[str, object]) -> None:
    """Every value of an input (a JSON upload, the terminal's file) that names an item of ``hierarchy`` within its
    unit's bound (:func:`check_value`), every wrong one refused at once on its ``values.<item>``: no door scores a
    value past the bounds a form refuses. A count may have decimals here: an input's yearly figure of a multi-year
    period is a mean (the forms ask whole numbers of one period)."""
    items = {it.id: it for _, _, it in hierarchy.items()}
    problems: list[InnodockError] = []
    for key, raw in values.items():
        if key in items and raw is not None:
            try:
                check_value(items[key], raw, hierarchy, whole=False)
            except InnodockError as exc:
                problems.append(exc)
    refuse_all(problems)


def markdown_table(hierarchy: Hierarchy | None = None) -> str:
    """The table ``docs/evaluation.md`` prints, generated from :data:`SOURCES` and the hierarchy."""
    h = hierarchy or load_hierarchy()
    lines = ["| item | 指标 | unit | source | computed by / range |", "|---|---|---|---|---|"]
    for dim, ind, it in h.items():
        src = BY_ITEM[it.id]
        if src.kind == "record" and src.function is not None:
            how = f"`{src.function}`" + (f" → `{src.key}`" if src.key else "") + f" ({READS[src.function][1]})"
            if src.reading:
                how += f"; {src.reading}"
        else:
            how = range_of(it, h).text()
        zh = KIND_LABELS[src.kind][0]
        lines.append(f"| `{it.id}` | {dim.symbol} {ind.name_zh} / {it.name_zh} | {it.unit} | {src.kind} {zh} | {how} |")
    return "\n".join(lines) + "\n"
