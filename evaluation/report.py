"""Evaluation reports (seed 001 §5.2.9) as HTML (Jinja2) and PDF (WeasyPrint), with a radar chart of T1–T4.

Every item §5.2.9 asks for has a section; an item the inputs do not supply is printed as "未提供 / not provided"
rather than left out, so a reader sees what the evaluation lacked — except, in a self-assessment's report, what only an
independent evaluator gives (its people, experts, guidance, conclusion and recommendations), which it says the
self-assessment has none of.
"""

from __future__ import annotations

import base64
import io
import math
import re
import struct
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from core.bilingual import in_language
from core.errors import InnodockError
from evaluation.fonts import CSS_FONT_STACK, find_cjk_font
from evaluation.schemas import GRADES, EvaluatorParty, ReportInfo, label

RADAR_DPI = 120
RADAR_LABEL_PT = 10  # the axes' labels; the scores 9 pt, the ring's numbers 8 pt — as printed, the chart at its size


def radar_width(png: bytes) -> str:
    """The chart's own width as CSS inches (its pixels at RADAR_DPI): the report prints it at this size, so its
    labels are as large on paper as they were drawn."""
    pixels = struct.unpack(">I", png[16:20])[0]  # the PNG's IHDR width
    return f"{pixels / RADAR_DPI:.2f}in"


def radar_png(dimensions: list[dict[str, Any]], lang: str = "zh") -> tuple[bytes, bool]:
    """PNG of the first-level scores on a 0–100 radar, and whether Chinese labels could be used (an English page
    has English labels)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    font_path = find_cjk_font()
    props = FontProperties(fname=str(font_path)) if font_path else FontProperties()
    # An English name on two lines ("T1 foundation / conditions"): the chart stays narrow enough to be printed at its
    # own size, its labels at RADAR_LABEL_PT (the PDF shrank it to 9 cm: labels about 5 pt).
    labels = [
        f"{d['symbol']} {d['name_zh']}" if font_path and lang == "zh"
        else textwrap.fill(f"{d['symbol']} {d['name_en']}", 14) for d in dimensions
    ]
    values = [float(d["score"]) if d["score"] is not None else 0.0 for d in dimensions]
    angles = [2 * math.pi * k / len(values) for k in range(len(values))]
    fig = plt.figure(figsize=(3.4, 3.4), dpi=RADAR_DPI)
    try:
        ax = fig.add_subplot(111, polar=True)
        ax.plot([*angles, angles[0]], [*values, values[0]], color="#1f5fa8", linewidth=2)
        ax.fill([*angles, angles[0]], [*values, values[0]], color="#1f5fa8", alpha=0.25)
        ax.set_xticks(angles)
        ax.set_xticklabels(labels, fontproperties=props, fontsize=RADAR_LABEL_PT)
        # A label beside the circle starts (or ends) at it instead of being centred on it: the English labels are
        # long, and "T1 foundation conditions" ran over the ring and its score (the English pages walked, 2026-11-28).
        for tick, angle in zip(ax.get_xticklabels(), angles, strict=True):
            tick.set_horizontalalignment("left" if math.cos(angle) > 0.3 else "right" if math.cos(angle) < -0.3
                                         else "center")
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100])
        ax.tick_params(axis="y", labelsize=8)
        # The ring's numbers between the first two axes, and each score a little outward of its corner on a white
        # ground: a score sat centred on its corner, crossed by the outline, and 19.5 over the ring's "20" (the
        # evaluation walked as a new user, 2026-11-28).
        ax.set_rlabel_position(180 / len(values))  # type: ignore[attr-defined]  # a PolarAxes
        for angle, value in zip(angles, values, strict=True):
            c, s = math.cos(angle), math.sin(angle)
            ax.annotate(f"{value:.1f}", (angle, value), xytext=(8 * c, 8 * s), textcoords="offset points",
                        fontsize=9, ha="left" if c > 0.3 else "right" if c < -0.3 else "center",
                        va="bottom" if s > 0.3 else "top" if s < -0.3 else "center",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                              "alpha": 0.9})
        buf = io.BytesIO()
        # Fixed metadata keeps the bytes stable across runs.
        fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    return buf.getvalue(), font_path is not None


# The report's words besides the hierarchy's own names: what a data source, an item's origin and a weighting method
# are called, and the units in English (the hierarchy writes them in Chinese).
DATA_SOURCES = {"self_report": ("机构自报", "self-report"), "questionnaire": ("客户问卷", "client questionnaire"),
                "interview": ("专家评分", "experts' score"), "records": ("对接记录", "engagement records")}
ITEM_ORIGINS = {"records": ("由平台对接记录计算", "computed from the platform's records"),
                "kb": ("取自机构目录", "from the catalog"),
                "observations": ("取自访谈与走访记录", "from the interviews")}
# Who entered a value the run's input gave (``evaluation.service.ENTERED_ORIGINS``), as the report says it: never the
# hierarchy's intended source ("机构自报"), which the association's typing is not (a new user's trial, 2026-11-29).
ENTERED = {"self_assessment": ("机构自评", "the provider's self-assessment"),
           "evaluator": ("评价方录入", "entered by the evaluator")}


def entered_by(item: dict[str, Any], own: bool, lang: str) -> str:
    """An item's source as the report's 数据来源 column says it: who entered the value, or the record it came from
    (with the kind of record the hierarchy names, unless that is the provider's own report, which a record is not).
    A run's ``input`` is the provider's in its self-assessment, the evaluator's otherwise (a JSON upload)."""
    k = 0 if lang == "zh" else 1
    origin = item.get("origin") or "input"
    if origin == "input":
        origin = "self_assessment" if own else "evaluator"
    if origin in ENTERED:
        return ENTERED[origin][k]
    said = ITEM_ORIGINS.get(origin, (origin, origin))[k]
    kind = item.get("data_source")
    if kind and kind != "self_report" and kind in DATA_SOURCES:
        return f"{DATA_SOURCES[kind][k]} · {said}"
    return said
WEIGHT_ORIGINS = {"ahp": ("层次分析法（专家两两比较）",
                          "the analytic hierarchy process (experts' pairwise comparisons)"),
                  "explicit": ("指标体系给定的权重", "the weights the hierarchy states")}
UNITS_EN = {"项": "items", "项/年": "items a year", "篇/年": "papers a year", "次/年": "times a year",
            "人次/年": "attendances a year", "份/年": "reports a year", "场/年": "sessions a year",
            "条/年": "items a year", "万元/年": "×10,000 yuan a year", "人": "people", "个": "",
            "家": "organisations", "种": "kinds", "台套": "sets", "倍": "×", "工作日": "working days",
            "百分点": "percentage points", "是/否": "(1 yes, 0 no)", "分(0–100)": "points (0–100)",
            "分(1–5)": "points (1–5)", "票数(五级)": "votes (five grades)"}


def one_language(text: Any, lang: str) -> Any:
    """The page's half of a "中文 / English" text (``core.bilingual.in_language``, the one splitter the pages use),
    or of a label stored as "第三方评价 third-party evaluation"; anything else as it is."""
    if not isinstance(text, str):
        return text
    said = in_language(text, lang)
    if said != text:
        return said
    paired = re.fullmatch(r"([^A-Za-z]*[\u4e00-\u9fff）)])\s+([A-Za-z][^\u4e00-\u9fff]*)", text.strip())
    if paired:
        return paired.group(1) if lang == "zh" else paired.group(2)
    return text


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def yes_no(value: Any, lang: str) -> str:
    """A yes/no item's value (1 or 0) as a reader reads it: "是" / "否", "yes" / "no" (the English report read
    "1 (1 yes, 0 no)")."""
    yes = bool(value)
    return ("是" if yes else "否") if lang == "zh" else ("yes" if yes else "no")


def _raw(item: dict[str, Any], lang: str) -> str:
    """An item's value as a reader reads it: "1,800 m²", "40 份问卷"; the vote counts themselves go to the appendix."""
    raw = item["raw"]
    if isinstance(raw, list):
        n = _number(sum(raw))
        return f"{n} 份问卷" if lang == "zh" else f"{n} questionnaire{'' if sum(raw) == 1 else 's'}"
    unit = item.get("unit") or ""
    if lang == "en":
        unit = UNITS_EN.get(unit, unit)
    if item.get("unit") == "是/否":
        return yes_no(raw, lang)
    return f"{_number(raw)} {unit}".strip() if unit not in ("%",) else f"{_number(raw)}%"


# Where the caller does not say which rules govern the provider (a report written from a bare run file).
UNKNOWN_GRADING = {"scales": [], "none_zh": "等次与管理类别：未确定机构适用的规则，本报告不给出。",
                   "none_en": "Tier and management class: the rules that govern the provider were not given, so this "
                              "report gives neither."}


def render_html(result: dict[str, Any], inputs: dict[str, Any], lang: str = "zh",
                grading: Mapping[str, Any] | None = None) -> str:
    """The report in one language (``zh`` or ``en``): names, headings and notes in it, the evaluated provider named,
    and the calculation's particulars (the hierarchy's fingerprint, the consistency figures, the vote counts) in an
    appendix at the end. ``grading``: the tier and management class the provider's own rules set
    (``providers.profiles.report_grading``); the conclusion gives those only, each citing its basis, or says why none
    (a Jiangsu center's report cited the Guangdong stations' tiers and the Shanghai centers' classes, 2026-11-29)."""
    lang = "en" if lang == "en" else "zh"
    env = Environment(
        loader=PackageLoader("evaluation", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    png, cjk = radar_png(result["dimensions"], lang)
    # Every §5.2.9 field present (None when not given), so the template can show what is missing.
    report = ReportInfo.model_validate(inputs.get("report") or {}).model_dump(mode="json")
    center_name = inputs.get("center_name") or result.get("center_id") or ""
    if report["evaluated"] is None and inputs.get("center_name"):
        # The evaluated party is the provider the run is about, whether or not the input said so again.
        report["evaluated"] = {"name": inputs["center_name"], "description": None, "people": []}
    kind = one_language(report.get("evaluator_kind") or "", lang)  # stored as "第三方评价 third-party evaluation"
    own = one_language(report.get("evaluator_kind") or "", "zh") == label(EvaluatorParty.self_assessment, "zh")
    return env.get_template("report.html").render(
        r=result,
        info=report,
        lang=lang,
        evaluator_kind=kind,
        own=own,
        center_name=center_name,
        radar=base64.b64encode(png).decode("ascii"),
        radar_width=radar_width(png),
        radar_cjk=cjk,
        font_stack=CSS_FONT_STACK,
        fmt=lambda v, nd=2: "—" if v is None else f"{v:.{nd}f}",
        say=lambda zh, en: zh if lang == "zh" else en,
        name=lambda d: d["name_zh"] if lang == "zh" else d.get("name_en") or d["name_zh"],
        half=lambda text: one_language(text, lang),
        source=lambda key: (DATA_SOURCES.get(key, (key, key)))[0 if lang == "zh" else 1],
        entered_by=lambda item: entered_by(item, own, lang),
        weighting=lambda key: (WEIGHT_ORIGINS.get(key, (key, key)))[0 if lang == "zh" else 1],
        raw=lambda item: _raw(item, lang),
        number=_number,
        grades=[label[0 if lang == "zh" else 1] for _, label in sorted(GRADES.items(), reverse=True)],
        # A missing item is stored with its Chinese name only: the English report names it from the hierarchy's
        # items in the result (the evaluation walked as a new user, 2026-11-28: the list was Chinese in English).
        grading=grading or UNKNOWN_GRADING,
        item_en={it["id"]: it.get("name_en") or it["name_zh"] for d in result["dimensions"]
                 for ind in d["indicators"] for it in ind["items"]},
    )


def write_pdf(html: str, out: Path) -> set[str]:
    """Write the PDF; return the font families WeasyPrint embedded (to check a CJK font was used)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    document.write_pdf(str(out))
    return {str(getattr(font, "family", "")) for font in document.fonts.values()}


def write_report(result: dict[str, Any], inputs: dict[str, Any], *, out: Path, fmt: str = "html",
                 lang: str = "zh", grading: Mapping[str, Any] | None = None) -> Path:
    html = render_html(result, inputs, lang, grading)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(html, encoding="utf-8")
    elif fmt == "pdf":
        write_pdf(html, out)
    else:
        raise InnodockError(f"未知格式 {fmt!r} / format must be html or pdf", field="format")
    return out
