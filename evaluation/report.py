"""Evaluation reports (seed 001 §5.2.9) as HTML (Jinja2) and PDF (WeasyPrint), with a radar chart of T1–T4.

Every item §5.2.9 asks for has a section; an item the inputs do not supply is printed as "未提供 / not provided"
rather than left out, so a reader sees what the evaluation lacked.
"""

from __future__ import annotations

import base64
import io
import math
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from core.errors import InnodockError
from evaluation.fonts import CSS_FONT_STACK, find_cjk_font
from evaluation.schemas import ReportInfo


def radar_png(dimensions: list[dict[str, Any]]) -> tuple[bytes, bool]:
    """PNG of the first-level scores on a 0–100 radar, and whether Chinese labels could be used."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    font_path = find_cjk_font()
    props = FontProperties(fname=str(font_path)) if font_path else FontProperties()
    labels = [
        f"{d['symbol']} {d['name_zh'] if font_path else d['name_en']}" for d in dimensions
    ]
    values = [float(d["score"]) if d["score"] is not None else 0.0 for d in dimensions]
    angles = [2 * math.pi * k / len(values) for k in range(len(values))]
    fig = plt.figure(figsize=(4.6, 4.6), dpi=120)
    try:
        ax = fig.add_subplot(111, polar=True)
        ax.plot([*angles, angles[0]], [*values, values[0]], color="#1f5fa8", linewidth=2)
        ax.fill([*angles, angles[0]], [*values, values[0]], color="#1f5fa8", alpha=0.25)
        ax.set_xticks(angles)
        ax.set_xticklabels(labels, fontproperties=props, fontsize=10)
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100])
        ax.tick_params(axis="y", labelsize=7)
        for angle, value in zip(angles, values, strict=True):
            ax.annotate(f"{value:.1f}", (angle, value), fontsize=8, ha="center", va="bottom")
        buf = io.BytesIO()
        # Fixed metadata keeps the bytes stable across runs.
        fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    return buf.getvalue(), font_path is not None


def trend_png(series: list[tuple[str, list[tuple[str, float]]]]) -> bytes:
    """PNG of each provider's rating total over its rating runs (x: the runs in order, labelled by period), on the
    0–100 scale with the 60 pass line; for the association's dashboard."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    font_path = find_cjk_font()
    props = FontProperties(fname=str(font_path)) if font_path else FontProperties()
    longest = max((len(points) for _, points in series), default=1)
    fig = plt.figure(figsize=(7.5, 3.8), dpi=110)
    try:
        ax = fig.add_subplot(111)
        for name, points in series:
            ax.plot(range(1, len(points) + 1), [total for _, total in points], marker="o", linewidth=1.6, label=name)
        ax.axhline(60, color="#b23", linewidth=1, linestyle="--")
        ax.set_ylim(0, 100)
        ax.set_xlim(0.5, longest + 0.5)
        ax.set_xticks(range(1, longest + 1))
        ax.set_xlabel("评价次序 run" if font_path else "run", fontproperties=props)
        ax.set_ylabel("总分 T" if font_path else "total T", fontproperties=props)
        if series:
            ax.legend(prop=props, fontsize=8, loc="lower left", frameon=False)
        ax.grid(alpha=0.3)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    return buf.getvalue()


def render_html(result: dict[str, Any], inputs: dict[str, Any]) -> str:
    env = Environment(
        loader=PackageLoader("evaluation", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    png, cjk = radar_png(result["dimensions"])
    # Every §5.2.9 field present (None when not given), so the template can show what is missing.
    report = ReportInfo.model_validate(inputs.get("report") or {}).model_dump(mode="json")
    return env.get_template("report.html").render(
        r=result,
        info=report,
        center_name=inputs.get("center_name") or result.get("center_id") or "",
        radar=base64.b64encode(png).decode("ascii"),
        radar_cjk=cjk,
        font_stack=CSS_FONT_STACK,
        fmt=lambda v, nd=2: "—" if v is None else f"{v:.{nd}f}",
    )


def write_pdf(html: str, out: Path) -> set[str]:
    """Write the PDF; return the font families WeasyPrint embedded (to check a CJK font was used)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    document.write_pdf(str(out))
    return {str(getattr(font, "family", "")) for font in document.fonts.values()}


def write_report(result: dict[str, Any], inputs: dict[str, Any], *, out: Path, fmt: str = "html") -> Path:
    html = render_html(result, inputs)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(html, encoding="utf-8")
    elif fmt == "pdf":
        write_pdf(html, out)
    else:
        raise InnodockError(f"未知格式 {fmt!r} / format must be html or pdf", field="format")
    return out
