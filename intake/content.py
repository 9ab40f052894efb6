"""Whether a text says something a coordinator can act on: the content check that gates a need's submission.

Why: a need is published and proposed to providers, and every proposal costs a coordinator a review. Issue 16 saw
"asdf 123 ？？？" reach the review queue with five proposals. Seed 000 §5.1.3 has needs *refined* (凝练) before
they are published; a text with no words cannot be refined, so it is refused at the door, with a reason the
enterprise can act on.

The check counts *content words*: distinct dictionary words of two or more Chinese characters (jieba's own
dictionary: random characters and one repeated character form none), and English words of three or more letters
that English actually uses (``wordfreq``'s Zipf frequency ≥ :data:`EN_MIN_ZIPF`: "battery" 4.5, "qwerty" 2.5,
"blorf" 0), less greetings and chat filler (:data:`FILLER`). A text needs :data:`MIN_CONTENT_WORDS` of them. The
thin real needs of ``benchmarks/data/real/`` and ``tests/intake/data/real/`` ("熟肉制品检测", six characters, has
three) all pass; the junk list of ``tests/intake/test_intake_content.py`` fails (figures in docs/intake.md).

This is the one place the rule lives: :func:`intake.service.submission_blockers` reads it, and the chat, the pages
and ``POST /api/v1/needs/{id}/submit`` all ask that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wordfreq import zipf_frequency

from intake.extract import clean_text
from intake.extract.tagger import pos_tagger, tokenizer

MIN_CONTENT_WORDS = 2
EN_MIN_ZIPF = 3.0
# Words that are words but say nothing about a technical need: greetings, chat filler, "just testing".
_FILLER_WORDS = (
    "你好 您好 在吗 在不在 谢谢 感谢 请问 哈哈 呵呵 嗯嗯 好的 没有 不知 知道 不知道 测试一下 "
    "试试 随便 一下 这个 那个 什么 "
    "怎么 可以 我们 你们 他们 东西 一些 有点 问题 需求 帮忙 帮助 看看 大家 朋友 "
    "hello hey thanks thank please just something anything stuff thing things what how "
    "the and for with you your our this that are was were have has can could would should need needs want "
    "also lorem ipsum")
FILLER = frozenset(_FILLER_WORDS.split())
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w.-]+@[\w-]+\.[\w.]+\b|\b[\w-]+\.(com|cn|net|org|io)(/\S*)?\b", re.I)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_EN_WORD = re.compile(r"[A-Za-z]{3,}")
_ANY_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")


@dataclass(frozen=True)
class ContentCheck:
    """``problem``: None when the text passes, else one of ``no_words``, ``link_only``, ``repeated``, ``too_little``;
    ``words``: the content words found (what a test or a curious coordinator can read)."""

    problem: str | None
    words: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.problem is None


class _Jieba:
    """jieba's default dictionary and its part-of-speech tagger, built once per process and shared with the
    extractor (``intake.extract.tagger``): building them reads jieba's dictionaries (≈ 1.3 s), which per chat message
    was a sixth of an API worker's time under load."""

    @staticmethod
    def get() -> Any:
        return tokenizer()

    @staticmethod
    def tagger() -> Any:
        return pos_tagger()


def _cjk_words(text: str) -> list[str]:
    tok = _Jieba.get()
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        for word in tok.lcut(run, HMM=False):  # dictionary words only: HMM would invent "words" from noise
            if len(word) >= 2 and tok.FREQ.get(word, 0) > 0 and len(set(word)) > 1 and word not in FILLER:
                out.append(word)
    return out


def _en_words(text: str) -> list[str]:
    out = []
    for word in _EN_WORD.findall(text):
        low = word.lower()
        if low not in FILLER and len(set(low)) > 1 and zipf_frequency(low, "en") >= EN_MIN_ZIPF:
            out.append(low)
    return out


# Words that only answer a follow-up question (a deadline, a budget, a place, a correction): an answer made of these
# and of places, numbers and times fills a field and adds nothing to the description.
_FIELD_WORDS = (
    "预算 经费 费用 左右 大概 大约 以内 之内 以下 以上 之前 以前 前后 完成 期限 时间 工期 周期 截止 尽快 越快越好 "
    "地区 地点 本地 省内 市内 必须 最好 改成 改为 应该 不是 而是 更正 保密 公开 不用 需要 产品 行业 万元 元 月份 "
    "budget about around within before deadline months weeks days local must change instead confidential")
FIELD_WORDS = frozenset(_FIELD_WORDS.split())
_FIELD_POS = ("ns", "m", "t", "q", "mq", "r", "c", "u", "p", "d", "y", "e", "x")


def substantive_words(text: str) -> list[str]:
    """The content words of ``text`` that say something about the need itself, not only a field's value: places
    (jieba's ``ns``), numbers, times and the words of budgets, deadlines and corrections are left out."""
    body = _URL.sub(" ", clean_text(text or ""))
    tagger = _Jieba.tagger()
    out: list[str] = []
    for run in _CJK_RUN.findall(body):
        for pair in tagger.lcut(run, HMM=False):
            word, flag = pair.word, pair.flag
            if (len(word) >= 2 and len(set(word)) > 1 and word not in FILLER and word not in FIELD_WORDS
                    and not flag.startswith(_FIELD_POS)):
                out.append(word)
    out += [w for w in _en_words(body) if w not in FIELD_WORDS]
    return list(dict.fromkeys(out))


def _repeated(text: str) -> bool:
    """One or two characters typed over and over ("啊啊啊啊", "hhhhhh", "哈哈哈哈"): no dictionary helps there."""
    chars = [c for c in text if _ANY_WORD.match(c)]
    return len(chars) >= 4 and len(set(chars)) <= 2


def check_content(text: str) -> ContentCheck:
    """Whether ``text`` has enough content words to be refined into a need (see the module's docstring)."""
    body = clean_text(text or "")
    without_links = _URL.sub(" ", body)
    if not _ANY_WORD.search(without_links):
        return ContentCheck("link_only" if _URL.search(body) else "no_words", ())
    if _repeated(without_links):
        return ContentCheck("repeated", ())
    words = tuple(dict.fromkeys([*_cjk_words(without_links), *_en_words(without_links)]))
    if len(words) < MIN_CONTENT_WORDS:
        return ContentCheck("too_little", words)
    return ContentCheck(None, words)


__all__ = ["EN_MIN_ZIPF", "FIELD_WORDS", "FILLER", "MIN_CONTENT_WORDS", "ContentCheck", "check_content",
           "substantive_words"]
