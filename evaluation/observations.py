"""Interview and mystery-shopper records (seed 001 §5.2.7: "数据来源于访谈、问卷、网络调查、神秘顾客等").

An evaluator files what they saw, for a center and a period:

* an **interview** (访谈) scores the items seed 001 leaves to experts (``data_source: interview``, 0–100 each: team
  collaboration, government support, the development plan, …); the period's interviews give each such item the mean
  of their scores;
* a **mystery-shopper** visit (神秘顾客) goes through a service as a client would and grades the client questionnaire's
  five-grade items (1–5); each visit is one more vote beside the clients' own answers.

A value the run's input gives is kept (a deliberate entry wins). The center's own staff cannot file either: they
are the evaluated party (``flows.evaluations.file_observation`` checks it with ``authz.policy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core import china_time
from core.errors import InnodockError
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.questionnaire import questions
from evaluation.records import period_bounds
from evaluation.schemas import ObservationKind


def interview_items(hierarchy: Hierarchy | None = None) -> list[tuple[str, str, str]]:
    """(item id, Chinese name, English name) of the items an interview scores."""
    h = hierarchy or load_hierarchy()
    return [(it.id, it.name_zh, it.name_en) for _, _, it in h.items() if it.data_source == "interview"]


def check_scores(kind: ObservationKind, scores: dict[str, float], period: str, observed_on: date,
                 hierarchy: Hierarchy | None = None) -> dict[str, float]:
    """The scores if they fit the kind; the visit's date must lie in the period and not in the future."""
    start, end = period_bounds(period)
    if not start <= observed_on <= end:
        raise InnodockError(f"记录日期 {observed_on} 不在评价期 {period} 内 / the date is outside the period",
                            field="observed_on")
    if observed_on > china_time.today():
        raise InnodockError("记录日期不能晚于今天 / the date cannot be in the future", field="observed_on")
    if not scores:
        raise InnodockError("至少给出一项评分 / score at least one item", field="scores")
    if kind == ObservationKind.interview:
        known = {item_id for item_id, _, _ in interview_items(hierarchy)}
        low, high = 0.0, 100.0
    else:
        known = {q.item_id for q in questions(hierarchy)}
        low, high = 1.0, 5.0
    out: dict[str, float] = {}
    for key, value in scores.items():
        if key not in known:
            raise InnodockError(f"{key!r} 不是{'访谈' if kind == ObservationKind.interview else '问卷'}评分项 / "
                                f"not an item a {kind.value.replace('_', ' ')} scores", field=f"scores.{key}"[:80])
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= float(value) <= high \
                or (kind == ObservationKind.mystery_shopper and float(value) != int(value)):
            raise InnodockError(f"评分应在 {low:g}–{high:g} 之间{'（整数级）' if high == 5 else ''} / the score must "
                                f"lie in {low:g}–{high:g}", field=f"scores.{key}")
        out[key] = float(value)
    return out


def interview_means(scored: Sequence[dict[str, float]]) -> dict[str, tuple[float, int]]:
    """Per interview item, the mean of the period's scores and how many interviews gave one."""
    found: dict[str, list[float]] = {}
    for scores in scored:
        for key, value in scores.items():
            found.setdefault(key, []).append(value)
    return {k: (sum(v) / len(v), len(v)) for k, v in found.items()}


def shopper_grades(scored: Sequence[dict[str, float]]) -> dict[str, list[int]]:
    """Per questionnaire item, the mystery shoppers' grades."""
    found: dict[str, list[int]] = {}
    for scores in scored:
        for key, value in scores.items():
            found.setdefault(key, []).append(int(value))
    return found
