"""Charts drawn on the server as inline SVG (issue 30, item 7): the dashboard's ratings over the rating periods and
its obligations month by month. SVG scales to any screen width (a phone included), its words are the page's own
text in the page's language and font (the CJK font of the page's stack draws the Chinese), and nothing is fetched.
Each chart is a ``role="img"`` with a name; the table beside it carries the same numbers for a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# Distinguishable for the common colour blindnesses (Okabe–Ito), darkened where needed to stand on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#333333", "#E69F00")
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[str, float]]  # (x label, value), in order


@dataclass(frozen=True)
class Stack:
    key: str
    label: str
    colour: str


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: int = 12, fill: str = "#333") -> str:
    extra = f' fill="{fill}"'
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{extra}>'
            f"{escape(text)}</text>")


def _frame(label: str, chart_id: str, body: list[str], legend: list[tuple[str, str]]) -> Markup:
    keys = "".join(f'<li><span class="swatch" style="background:{escape(colour)}"></span>{escape(name)}</li>'
                   for name, colour in legend)
    svg = (f'<svg class="chart-svg" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet" '
           f'font-family="inherit">{"".join(body)}</svg>')
    return Markup(f'<figure class="chart">{svg}<ul class="chart-legend" aria-hidden="true">{keys}</ul></figure>')


def _width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn at ``size``: a CJK character an em, anything else six tenths of one."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in text)


def _x_labels(labels: Sequence[tuple[float, str]], *, size: int) -> list[str]:
    """The x axis's labels that fit side by side, the longest (those naming a year) placed first and any that would
    run into one placed left out; its column's bar keeps the label in its tooltip."""
    placed: list[tuple[float, float]] = []
    keep = set()
    for i in sorted(range(len(labels)), key=lambda i: (-len(labels[i][1]), i)):
        x, text = labels[i]
        half = _width(text, size) / 2 + 2
        if all(x + half <= left or x - half >= right for left, right in placed):
            placed.append((x - half, x + half))
            keep.add(i)
    return [_text(x, HEIGHT - BOTTOM + 18, text, size=size) for i, (x, text) in enumerate(labels) if i in keep]


def _y_axis(top: float, ticks: Sequence[float], scale: float) -> list[str]:
    out = []
    for tick in ticks:
        y = HEIGHT - BOTTOM - (tick / top) * scale
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid" '
                   'stroke="#d8dde3" stroke-width="1"/>')
        out.append(_text(LEFT - 6, y + 4, f"{tick:g}", anchor="end", size=11))
    return out


def line_chart(series: Sequence[Series], *, label: str, chart_id: str, top: float = 100.0,
               mark: float | None = None, mark_label: str = "") -> Markup:
    """One line per series over the x labels every series names (in the order first met), on 0..``top``; ``mark``
    draws a dashed line (the pass line)."""
    xs: list[str] = []
    for s in series:
        for x, _ in s.points:
            if x not in xs:
                xs.append(x)
    xs.sort()
    scale = HEIGHT - TOP - BOTTOM
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(xs), 1)

    def at(x: str) -> float:
        return LEFT + step * (xs.index(x) + 0.5)

    body = _y_axis(top, [top * i / 5 for i in range(6)], scale)
    body += [_text(at(x), HEIGHT - BOTTOM + 18, x, size=12) for x in xs]
    if mark is not None:
        y = HEIGHT - BOTTOM - (mark / top) * scale
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b22" '
                    'stroke-dasharray="5 4" stroke-width="1.2"/>')
        body.append(_text(WIDTH - RIGHT, y - 4, mark_label, anchor="end", size=11))
    legend = []
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        legend.append((s.name, colour))
        coords = [(at(x), HEIGHT - BOTTOM - (max(0.0, min(v, top)) / top) * scale) for x, v in s.points]
        if len(coords) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (cx, cy), (_, v) in zip(coords, s.points, strict=True):
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"><title>{escape(s.name)} '
                        f"{v:.1f}</title></circle>")
    return _frame(label, chart_id, body, legend)


def stacked_bars(columns: Sequence[tuple[str, dict[str, int]]], stacks: Sequence[Stack], *, label: str,
                 chart_id: str) -> Markup:
    """One bar per column (a month), its parts stacked in the order of ``stacks``, each part's count inside it."""
    biggest = max((sum(counts.get(s.key, 0) for s in stacks) for _, counts in columns), default=0)
    top = float(max(1, biggest))
    nice = next((n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if n * 5 >= top), top / 5)
    top = nice * max(1, -(-int(top) // int(nice))) if nice >= 1 else top
    scale = HEIGHT - TOP - BOTTOM
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(columns), 1)
    body = _y_axis(top, [t for t in (nice * i for i in range(0, 11)) if t <= top], scale)
    axis: list[tuple[float, str]] = []
    for i, (name, counts) in enumerate(columns):
        x = LEFT + step * i + step * 0.15
        width = step * 0.7
        y = float(HEIGHT - BOTTOM)
        for s in stacks:
            n = counts.get(s.key, 0)
            if not n:
                continue
            h = (n / top) * scale
            y -= h
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{s.colour}">'
                        f"<title>{escape(name)} {escape(s.label)} {n}</title></rect>")
            if h >= 14:
                body.append(_text(x + width / 2, y + h / 2 + 4, str(n), size=11, fill="#fff"))
        axis.append((x + width / 2, name))
    body += _x_labels(axis, size=11)
    return _frame(label, chart_id, body, [(s.label, s.colour) for s in stacks])
