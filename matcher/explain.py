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

**Key terms.** The shared terms are retrieval's tokens: search-mode jieba gives a compound and its parts (锂电池,
电池), and generic words and places match as well as anything (内, 数据, 常州). Shown to a person they are deduplicated
(a term inside a longer one shown is dropped), stop words are dropped (retrieval's :data:`matcher.lexical.STOP_WORDS`
plus :data:`DISPLAY_STOP_WORDS`, this one list), and so are place names (jieba's POS tag ``ns``) and single
characters.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Literal

from matcher.embedding.models import DEFAULT_LOW_CONFIDENCE
from matcher.lexical import DICT_PATH, STOP_WORDS

Band = Literal["high", "medium", "low"]
LOW_BELOW = 50
HIGH_FROM = 75
_DISPLAY_STOP = (
    "内 外 上 下 中 后 前 间 类 种 项 个 件 次 年 月 日 "
    "数据 信息 资料 情况 工作 项目 要求 能力 时间 方面 领域 范围 方法 方式 手段 国家 全国 全省 本地 地区 "
    "中心 公司 企业 单位 机构 平台 服务 技术 提供 开展 进行 具有 具备 包括 主要 用于 以及 相关 有关 "
    "可以 能够 实现 通过 开发 研究 应用 产品 行业 质量 出具 报告 结果 "
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


def points(score: float, delta: float, threshold: float | None = None) -> int:
    """An adjustment of the score (a region boost, a rating) as the fit points it is worth for this proposal."""
    return fit(score, threshold) - fit(score - delta, threshold)


class _Tagger:
    """jieba's POS tagger over the matcher's dictionary, built once per process on first use."""

    _tagger: Any = None
    _lock = threading.Lock()

    @classmethod
    def get(cls) -> Any:
        with cls._lock:
            if cls._tagger is None:
                import logging

                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(DICT_PATH))
                cls._tagger = jieba.posseg.POSTokenizer(tok)
            return cls._tagger


def is_place(term: str) -> bool:
    """Whether jieba reads the whole term as a place name (``ns``: 常州, 江苏省, 长三角)."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in term):
        return False
    pairs = _Tagger.get().lcut(term, HMM=False)
    return bool(pairs) and all(p.flag.startswith("ns") for p in pairs)


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
        if is_place(term):
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


__all__ = ["DISPLAY_STOP_WORDS", "HIGH_FROM", "LOW_BELOW", "Band", "band", "fit", "is_place", "key_terms", "points"]
