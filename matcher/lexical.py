"""Lexical retrieval and evidence: jieba with a domain dictionary, and bm25s.

Why both dense and lexical: standard numbers (GB/T 31485), product words and rare test names are exact evidence a
coordinator trusts, and BM25 finds them where a small embedding model blurs them. Standard numbers are lifted out
whole before jieba sees the text, and stored without their year, so "GB/T 31485" meets "GB/T 31485-2015".
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

DICT_PATH = Path(__file__).resolve().parent / "data" / "domain_dict.txt"
GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "en_zh_glossary.txt"

# Standard prefixes: Chinese national/sector (GB, GB/T, JJG, JJF, QC/T …), group standards (T/CAS), international.
_STD_RE = re.compile(
    r"(?<![A-Za-z])("
    r"GB/Z|GB/T|GBZ|GB|GJB|JJG|JJF|[A-Z]{2}/T|T/[A-Z]{2,8}|DB\d{2}/T|DB\d{2}|Q/[A-Z0-9]+"
    r"|ISO/IEC|ISO/TS|ISO|IEC|IEEE|ASTM\s?[A-Z]|ASTM|EN|UL|SAE\s?J|SAE|JIS\s?[A-Z]|DIN|ANSI|IPC|AEC-Q"
    r")\s*([0-9][0-9.]*[0-9]|[0-9])(?:-(\d+))?(?:[-—–:：]\s*((?:19|20)\d{2}))?",
)

_STOP_WORDS = (
    "的 了 和 与 及 或 等 对 在 是 为 有 也 就 都 而 及其 以及 并 并且 从 "
    "向 把 被 让 给 但 但是 如果 因为 所以 需要 我们 我司 公司 企业 本公司 贵 "
    "希望 想 想要 请 请问 帮 帮助 帮忙 一下 一些 一个 这个 那个 这些 那些 进行 "
    "开展 做 做个 可以 能否 能 是否 什么 哪些 怎么 如何 目前 现在 已经 还 要 找 "
    "寻找 提供 相关 方面 问题 情况 有关 一家 机构 单位 谁 吗 呢 吧 啊 哪里 哪家 "
    "合适 比较 主要 具体 以上 以下 左右 大约 约 多 少 很 非常 最好 尽快 按 按照 "
    "依据 根据 参照 需 能够 帮我们 我方 该 此 其 "
    # words any need and any capability text share, saying nothing of what they have in common: '想找人看看到底是什么
    # 原因' matched a battery center's '给出失效原因', '电路设计' its '泄爆设计' (a new user's trial, 2026-11-29); a
    # compound keeps its place (电路设计, 失效分析 are tokens of their own)
    "原因 设计 结论 建议 客户 用户 内容 过程 效果 办法 部分 东西 时候 "
    "the a an of and or to for in on with by from at as is are be we our us need needs want "
    "would like please can could any some this that these those it its which who what how "
    "looking provider providers help company do does per according "
)
_STOP = set(_STOP_WORDS.split())
STOP_WORDS: frozenset[str] = frozenset(_STOP)  # retrieval's stop words (matcher.explain adds its own for display)

UNKNOWN_ASCII_WEIGHT = 0.25
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")


def standard_tokens(text: str) -> list[str]:
    """Standard numbers in ``text`` as whole tokens without year and spaces, upper-case (``GB/T31485``)."""
    out = []
    for m in _STD_RE.finditer(text.upper()):
        prefix = re.sub(r"\s+", "", m.group(1))
        part = m.group(3)
        # "GB/T 31485-2015": a four-digit 19xx/20xx after the dash is the year, not a part number.
        number = m.group(2) + (f"-{part}" if part and not re.fullmatch(r"(19|20)\d{2}", part) else "")
        out.append(f"{prefix}{number}")
    return out


class _Jieba:
    """One jieba tokenizer with the domain dictionary, built on first use (≈1 s) and shared by the process."""

    _tok = None
    _lock = threading.Lock()

    @classmethod
    def get(cls):  # type: ignore[no-untyped-def]
        with cls._lock:
            if cls._tok is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(DICT_PATH))
                cls._tok = tok
            return cls._tok


def jieba_tokenizer():  # type: ignore[no-untyped-def]
    """The process's one jieba tokenizer with the domain dictionary (its ``FREQ`` prefix table is ≈ 50 MB of Python
    objects: anything else in the matcher that segments text, the explanations' place test included, uses this one)."""
    return _Jieba.get()


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (compounds and their parts) plus whole standard numbers, lower-cased, no stopwords."""
    stds = standard_tokens(text)
    rest = _STD_RE.sub(" ", text.upper()) if stds else text
    tokens = [t.lower() for t in (s.strip() for s in _Jieba.get().cut_for_search(rest)) if t]
    out = [t for t in tokens if t not in _STOP and _TOKEN_OK.search(t) and not (len(t) == 1 and t.isascii())]
    return out + [s.lower() for s in stds]


@lru_cache(maxsize=65536)
def tokenize_cached(text: str) -> tuple[str, ...]:
    """``tokenize`` for catalog text that recurs on every match (passage sentences): jieba once per sentence."""
    return tuple(tokenize(text))


BIGRAM_PREFIX = "2g:"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def cjk_bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of every run of Chinese characters, marked with ``BIGRAM_PREFIX`` so they never
    mix with jieba's words. They back jieba up where its segmentation differs between a need and a description
    (``电池检测`` vs ``电池…检测能力``) and for words its dictionary lacks; BM25 reads them, explanations do not."""
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        out.extend(BIGRAM_PREFIX + run[i : i + 2] for i in range(len(run) - 1))
    return out


class _Glossary:
    """English technical phrases → the Chinese terms the catalog uses, longest phrase first (plural -s allowed)."""

    _pattern: ClassVar[re.Pattern[str] | None] = None
    _map: ClassVar[dict[str, str]] = {}
    _lock = threading.Lock()

    @classmethod
    def translate(cls, text: str) -> str:
        with cls._lock:
            if cls._pattern is None:
                entries: dict[str, str] = {}
                for line in GLOSSARY_PATH.read_text("utf-8").splitlines():
                    if not line.strip() or line.startswith("#") or "\t" not in line:
                        continue
                    en, zh = line.split("\t", 1)
                    entries[en.strip().lower()] = zh.strip()
                alternatives = sorted(entries, key=len, reverse=True)
                cls._map = entries
                cls._pattern = re.compile(
                    r"(?<![A-Za-z0-9])(" + "|".join(re.escape(a) for a in alternatives) + r")(?:e?s)?(?![A-Za-z0-9])",
                    re.IGNORECASE,
                )
        pattern, mapping = cls._pattern, cls._map
        def repl(m: re.Match[str]) -> str:
            # Acronyms (EMC, PCBA, SPC) are also written as such in Chinese catalogs: keep them beside the terms.
            keep = m.group(0) + " " if m.group(0).isupper() else ""
            return " " + keep + mapping[m.group(1).lower()] + " "

        return pattern.sub(repl, text)


def to_chinese(text: str) -> str:
    """English technical phrases replaced by the catalog's Chinese terms (the glossary), the rest as written."""
    return _Glossary.translate(text)


def mostly_english(text: str) -> bool:
    """Half or more of the letters are Latin: an English need against a Chinese catalog."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if ch.isascii()) * 2 >= len(letters)


def query_tokens(text: str) -> list[str]:
    """Tokens of a need. English technical phrases are translated into the catalog's Chinese terms first, so an
    English need gets lexical evidence too; standard numbers and acronyms pass through unchanged."""
    ascii_letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if ascii_letters >= 3:
        text = _Glossary.translate(text)
    return tokenize(text)


@dataclass
class LexicalHit:
    doc: int
    score: float


class LexicalIndex:
    """BM25 over capability texts, plus the idf-weighted share of a query's terms a document contains (an absolute
    evidence measure in [0, 1], used for explanations and for the confidence of a match)."""

    def __init__(self, doc_ids: Sequence[str], texts: Sequence[str], *, bigrams: bool = False) -> None:
        import bm25s

        self.doc_ids = list(doc_ids)
        self.bigrams = bigrams
        self.doc_tokens = [tokenize(t) for t in texts]
        self.doc_sets = [set(toks) for toks in self.doc_tokens]
        self._bm25 = bm25s.BM25()
        if self.doc_ids:
            bm25_docs = ([toks + cjk_bigrams(t) for toks, t in zip(self.doc_tokens, texts, strict=True)] if bigrams
                         else self.doc_tokens)
            self._bm25.index([toks or [""] for toks in bm25_docs], show_progress=False)
        n = len(self.doc_ids)
        df: dict[str, int] = {}
        for s in self.doc_sets:
            for t in s:
                df[t] = df.get(t, 0) + 1
        self.df = df
        self.n = n

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def search(self, query_tokens: Sequence[str], k: int, *, query_text: str | None = None) -> list[LexicalHit]:
        """BM25 top ``k``; with a bigram index, ``query_text``'s Chinese bigrams are searched as well."""
        vocab = getattr(self._bm25, "vocab_dict", {}) or {}
        extra = cjk_bigrams(query_text) if self.bigrams and query_text else []
        toks = [t for t in dict.fromkeys([*query_tokens, *extra]) if t in vocab and t]
        if not toks or not self.doc_ids:
            return []
        scores = np.asarray(self._bm25.get_scores(toks), dtype=np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [LexicalHit(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def shared_terms(self, query_tokens: Sequence[str], doc: int) -> list[str]:
        """Query terms the document contains, most informative first."""
        terms = [t for t in dict.fromkeys(query_tokens) if t in self.doc_sets[doc]]
        return sorted(terms, key=lambda t: -self.idf(t))

    def coverage(self, query_tokens: Sequence[str], doc: int, *, unknown_weight: float = 1.0,
                 extra: Sequence[str] = (), extra_weight: float = 0.0) -> float:
        """Idf-weighted share of the query's distinct terms found in the document, in [0, 1]. Chinese terms no
        document has count with the highest idf, so a query about something the catalog never mentions scores low."""
        return self.coverage_many(query_tokens, [doc], unknown_weight=unknown_weight, extra=extra,
                                  extra_weight=extra_weight)[0]

    def coverage_many(self, query_tokens: Sequence[str], docs: Sequence[int], *, unknown_weight: float = 1.0,
                      extra: Sequence[str] = (), extra_weight: float = 0.0) -> list[float]:
        """:meth:`coverage` of each of ``docs``, the query's term weights worked out once: a match scores a few hundred
        candidates against one query, and the weights depend on the query alone (issue 33, item 1)."""
        terms = list(dict.fromkeys(query_tokens))
        if not terms and not extra:
            return [0.0] * len(docs)
        # English words the glossary could not translate are weaker evidence of absence from a Chinese catalog than
        # unknown Chinese terms: they count as missing, at a fraction of the weight.
        # ``unknown_weight`` < 1 goes further: a term no catalog document contains says nothing about which document
        # fits, so it need not dilute every document's coverage alike (0: left out of the denominator).
        weights = {t: self.idf(t) * self._unknown_factor(t, unknown_weight) for t in terms}
        # Expansion terms (matcher.expansion) count at ``extra_weight`` of their idf, and only when the catalog knows
        # them: they are our guesses at the need's industry, so absent ones are no evidence of a poor fit.
        for t in dict.fromkeys(extra):
            if t not in weights and t in self.df and extra_weight > 0:
                weights[t] = self.idf(t) * extra_weight
        total = sum(weights.values())
        if total <= 0:
            return [0.0] * len(docs)
        items = [(t, w) for t, w in weights.items() if w]
        return [sum(w for t, w in items if t in self.doc_sets[doc]) / total for doc in docs]

    def _unknown_factor(self, term: str, unknown_weight: float) -> float:
        if term in self.df:
            return 1.0
        if term.isascii():
            return min(UNKNOWN_ASCII_WEIGHT, unknown_weight)
        return unknown_weight
