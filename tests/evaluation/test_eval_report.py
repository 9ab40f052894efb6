"""Reports carry every seed 001 §5.2.9 item; the radar chart has no missing glyph when a CJK font exists."""

from __future__ import annotations

import base64
import math
import re
import struct
import warnings
from html import unescape
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from evaluation.fonts import find_cjk_font
from evaluation.hierarchy import load_hierarchy
from evaluation.report import radar_png, render_html, write_pdf, write_report
from evaluation.schemas import ScoreInput
from evaluation.scoring import score


@pytest.fixture()
def scored(full_inputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return score(load_hierarchy(), ScoreInput.model_validate(full_inputs)), full_inputs


def test_html_has_every_section_and_every_indicator(scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, inputs = scored
    html = render_html(result, inputs)
    headings = ("评价机构与项目方", "评价目标", "评价内容和方法", "评价得分", "指导意见", "评价时间", "评价结论及建议")
    for heading in headings:
        assert heading in html
    for person in ("评价员甲", "专家丙", "正高级工程师", "平台联系人乙"):
        assert person in html
    for d in result["dimensions"]:
        assert d["name_zh"] in html
        for i in d["indicators"]:
            assert i["name_zh"] in html
            for it in i["items"]:
                assert it["name_zh"] in html
    assert "2026-12-15" in html and "data:image/png;base64," in html
    assert result["stars"]["label_zh"] in html


def test_missing_report_fields_are_shown_as_missing(scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, inputs = scored
    html = render_html(result, {**inputs, "report": None})
    assert html.count(">未提供<") >= 6 and "not provided" not in html


def test_pdf_is_written(scored: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path) -> None:
    result, inputs = scored
    out = write_report(result, inputs, out=tmp_path / "r.pdf", fmt="pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_pdf_body_uses_a_cjk_font(scored: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path) -> None:
    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk missing): Chinese text cannot be checked")
    result, inputs = scored
    families = write_pdf(render_html(result, inputs), tmp_path / "r.pdf")
    assert any("CJK" in f or "Han" in f or "WenQuanYi" in f or "Droid" in f for f in families), families


def test_radar_chart_has_no_missing_glyph(scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, _ = scored
    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk missing): chart falls back to English labels")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png, cjk = radar_png(result["dimensions"])
    assert cjk and png.startswith(b"\x89PNG")
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_radar_chart_without_cjk_font_uses_english(scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, _ = scored
    png, cjk = radar_png(result["dimensions"])
    assert png.startswith(b"\x89PNG")
    assert cjk == (find_cjk_font() is not None)


def test_incomplete_result_lists_missing_data(full_inputs: dict[str, Any]) -> None:
    full_inputs["values"]["on_time_rate"] = None
    result = score(load_hierarchy(), ScoreInput.model_validate(full_inputs))
    html = render_html(result, full_inputs)
    assert "数据不完整" in html and "按协议期限完成率（对接记录）" in html and "[on_time_rate]" not in html


def _chrome(html: str) -> str:
    """The report's visible text before its appendix, without the style sheet, the chart and the inputs' own words."""
    body = html.split("<body>", 1)[1].split('<details class="appendix"', 1)[0]
    text = re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]+"', "", body))
    return unescape(text)


def test_a_chinese_report_is_chinese_and_its_particulars_are_in_the_appendix(
        scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, inputs = scored
    html = render_html(result, inputs, "zh")
    words = set(re.findall(r"[A-Za-z][A-Za-z_.-]+", _chrome(html)))
    # The standard's own symbols and units stay; "§5.2.4" is the example input's own text, not the report's.
    assert words <= {"T1", "T2", "T3", "T4"}, words
    appendix = html.split('<details class="appendix"', 1)[1]
    assert "<summary>附录：计算依据</summary>" in appendix and result["hierarchy"]["sha256"] in appendix
    assert result["hierarchy"]["sha256"][:16] not in html.split('<details class="appendix"', 1)[0]
    assert "[12.0, 18.0" not in html and "<td class=\"num\">12</td><td class=\"num\">18</td>" in appendix
    assert "40 份问卷" in html and "评价机构（第三方评价）" in html


def test_an_english_report_is_english(scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, inputs = scored
    html = render_html(result, {**inputs, "report": None}, "en")
    chrome = _chrome(html).replace(inputs["center_name"], "")
    assert not re.search(r"[\u4e00-\u9fff]", chrome), re.findall(r"[^\x00-\x7f]+", chrome)[:10]
    assert '<html lang="en">' in html and "Appendix: how it was calculated" in html


def test_the_evaluated_provider_is_named_when_the_input_names_nobody(
        scored: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, inputs = scored
    html = render_html(result, {**inputs, "report": {"evaluator_kind": "第三方评价 third-party evaluation"}}, "zh")
    evaluated = html.split("<h3>被评价方</h3>", 1)[1].split("<h3>", 1)[0]
    assert f"<strong>{inputs['center_name']}</strong>" in evaluated and "未提供" not in evaluated.split("</p>")[0]
    assert "评价机构（第三方评价）" in html and "third-party" not in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_radar_labels_beside_the_ring_lie_outside_it(scored: tuple[dict[str, Any], dict[str, Any]],
                                                     monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """The labels at the ring's sides were centred on it: on the English page "T1 foundation conditions" ran over
    the ring and its score (the English pages walked, 2026-11-28)."""
    result, _ = scored
    drawn: list[Figure] = []
    close = plt.close

    def keep(fig: Figure) -> None:
        drawn.append(fig)
        fig.canvas.draw()  # the labels' extents, before the figure goes
        ring = fig.axes[0].get_window_extent()
        for tick in fig.axes[0].get_xticklabels():
            box = tick.get_window_extent()
            if box.x0 > ring.x0 + ring.width * 0.8:  # the right-hand label
                assert box.x0 >= ring.x1 - 2, (tick.get_text(), box, ring)
            if box.x1 < ring.x0 + ring.width * 0.2 or box.x0 < ring.x0:  # the left-hand label
                assert box.x1 <= ring.x0 + 2, (tick.get_text(), box, ring)
        close(fig)

    monkeypatch.setattr(plt, "close", keep)
    radar_png(result["dimensions"], lang)
    assert drawn


def test_an_incomplete_english_report_names_what_is_missing_in_english(full_inputs: dict[str, Any]) -> None:
    """The evaluation walked as a new user (2026-11-28): a self-assessment's English report listed the items it
    lacked by their Chinese names ("服务场地面积 (self-report): not provided"), and one questionnaire read "1
    questionnaires"."""
    full_inputs["values"]["on_time_rate"] = None
    full_inputs["values"]["equipment_adequacy"] = [1, 0, 0, 0, 0]
    result = score(load_hierarchy(), ScoreInput.model_validate(full_inputs))
    html = render_html(result, {**full_inputs, "report": None}, "en")
    missing = html.split("Missing:", 1)[1].split("</ul>", 1)[0]
    assert "engagements closed on time" in missing and not re.search(r"[\u4e00-\u9fff]", missing), missing
    assert ">1 questionnaire<" in html and "1 questionnaires" not in html


@pytest.mark.parametrize("scores", [[19.5, 28.5, 40.2, 18.8], [59.6, 66.9, 59.8, 59.3], [100.0, 35.0, 81.0, 60.0]])
def test_radar_scores_clear_the_rings_numbers(scores: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    """The evaluation walked as a new user (2026-11-28): a score of 19.5 was drawn over the ring's "20" (the
    demo center's failing year), each score centred on its corner and crossed by the outline."""
    dimensions = [{"symbol": f"T{k + 1}", "name_zh": n, "name_en": n, "score": v}
                  for k, (n, v) in enumerate(zip(("a", "b", "c", "d"), scores, strict=True))]
    drawn: list[Figure] = []
    close = plt.close

    def keep(fig: Figure) -> None:
        drawn.append(fig)
        fig.canvas.draw()
        ax = fig.axes[0]
        rings = [t.get_window_extent() for t in ax.get_yticklabels() if t.get_text()]
        marks = [t.get_window_extent() for t in ax.texts]
        assert len(marks) == 4 and rings
        # The outline, sampled along its four sides, in the figure's pixels.
        corners = [(2 * math.pi * k / 4, v) for k, v in enumerate(scores)]
        outline = ax.transData.transform([
            (a0 + (a1 - a0) * t / 50, r0 + (r1 - r0) * t / 50)
            for (a0, r0), (a1, r1) in zip(corners, [*corners[1:], corners[0]], strict=True)
            for t in range(51)])
        for mark in marks:
            assert not any(mark.overlaps(ring) for ring in rings), (mark, rings)
            inner = mark.padded(-1)
            crossed = [(x, y) for x, y in outline if inner.x0 < x < inner.x1 and inner.y0 < y < inner.y1]
            assert not crossed, (mark, crossed[:3])
        close(fig)

    monkeypatch.setattr(plt, "close", keep)
    radar_png(dimensions, "en")
    assert drawn


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_radar_charts_words_are_printed_readable(scored: tuple[dict[str, Any], dict[str, Any]],
                                                     monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """The evaluation walked as a new user (2026-11-28): the PDF shrank the chart to 9 cm, its labels to about 5 pt
    (the scores 4, the ring's numbers 3.5). Printed, each word of the chart is as large as drawn: the axes' labels
    at least 9.5 pt, the scores and the ring's numbers at least 8 pt, and the chart fits the A4 page's 178 mm."""
    result, inputs = scored
    sizes: dict[str, list[float]] = {}
    close = plt.close

    def keep(fig: Figure) -> None:
        ax = fig.axes[0]
        sizes["labels"] = [t.get_fontsize() for t in ax.get_xticklabels()]
        sizes["numbers"] = [t.get_fontsize() for t in [*ax.texts, *ax.get_yticklabels()] if t.get_text()]
        sizes["dpi"] = [fig.dpi]
        close(fig)

    monkeypatch.setattr(plt, "close", keep)
    html = render_html(result, inputs, lang)
    tag = re.search(r'<img class="radar"[^>]*>', html)
    assert tag
    png = base64.b64decode(re.findall(r'src="data:image/png;base64,([^"]+)"', tag.group())[0])
    drawn = struct.unpack(">I", png[16:20])[0] / sizes["dpi"][0]  # the PNG's width in inches, as drawn
    # its printed width: the tag's own, else the stylesheet's rule (in or cm)
    width = re.search(r"width: ([\d.]+)(in|cm)", tag.group()) or re.search(r"img\.radar \{ width: ([\d.]+)(in|cm)",
                                                                          html)
    assert width, tag.group()[:80]
    printed = float(width.group(1)) / (2.54 if width.group(2) == "cm" else 1)
    assert printed <= 178 / 25.4, printed
    scale = printed / drawn
    assert min(sizes["labels"]) * scale >= 9.5 and min(sizes["numbers"]) * scale >= 8, (sizes, scale)
