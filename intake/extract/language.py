"""The user's language: Chinese unless the text is mostly Latin letters; and whether it is neither.

The product speaks Chinese and English. A need written in another language is kept as written, read by the
deterministic path only (no LLM), and the user is told which languages are read (issue 13, bad input).
"""

from __future__ import annotations

import re

import opencc

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Scripts neither Chinese nor English use, with the language each most often means here.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("日本語 / Japanese", re.compile(r"[\u3040-\u30ff]")),
    ("한국어 / Korean", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("Русский / Cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("العربية / Arabic", re.compile(r"[\u0600-\u06ff]")),
    ("ไทย / Thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("हिन्दी / Devanagari", re.compile(r"[\u0900-\u097f]")),
    ("Ελληνικά / Greek", re.compile(r"[\u0370-\u03ff]")),
    ("עברית / Hebrew", re.compile(r"[\u0590-\u05ff]")),
)
# Latin-script languages: a text is one of these when its common function words outnumber English ones.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in {
        "en": "the and of to for in is are we our with need test testing a an on by please",
        "Deutsch / German": "der die das und ist wir unsere mit für nicht ein eine von zu bitte",
        "Français / French": "le la les et est nous notre avec pour des une un du de sur besoin",
        "Español / Spanish": "el la los las y es nosotros nuestra con para una un del de necesitamos",
        "Português / Portuguese": "o a os as e é nós nossa com para uma um do da precisamos",
        "Italiano / Italian": "il la gli e è noi nostra con per una un del della abbiamo",
        "Tiếng Việt / Vietnamese": "của và là chúng tôi cần với cho một các được",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return "en" if words >= 3 and cjk < words else "zh"


def unsupported_language(text: str) -> str | None:
    """The language a text is written in when it is neither Chinese nor English, else None.

    Japanese kanji are CJK, so kana decide Japanese; a Chinese text quoting a few foreign words stays Chinese.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    cjk = len(_CJK.findall(text))
    for name, script in _SCRIPTS:
        count = len(script.findall(text))
        if count >= 3 and count >= 0.2 * len(letters) and (name.startswith("日本語") or count > cjk):
            return name
    if cjk >= 0.3 * len(letters):
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return None
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    if best != "en" and scores[best] >= 2 and scores[best] > scores["en"]:
        return best
    return None


# Traditional characters (繁體) read as their simplified forms, one character for one, so that a span read on the
# simplified text is the same span of the original. A need from a Taiwan- or Hong Kong-invested plant typed in
# traditional characters ("工廠在東莞塘廈", "希望兩週內完成", "預算大約三萬人民幣") read no region, no deadline and no
# budget, and its product was "無線射頻" (the twelfth probe, p123): every rule is written in simplified characters.
# OpenCC does the conversion (t2s: its character table with the phrases that decide a character both scripts use, so
# 乾燥 becomes 干燥 and 乾隆 stays). Not its Taiwan vocabulary (tw2sp): that rewrites simplified words too (建立 →
# 创建, 文件 → 文档, 智慧 → 智能 in 341 of 35,428 development texts). 銲 (Taiwan's 焊, as in 銲接) is a variant
# OpenCC keeps; it is read as 焊.
_CONVERTER = opencc.OpenCC("t2s")
_VARIANTS = str.maketrans("銲", "焊")


def simplified(text: str) -> str:
    """The text with its traditional characters in their simplified forms (the same length; the rest as typed)."""
    if text.isascii():
        return text
    converted = _CONVERTER.convert(text)
    if len(converted) != len(text):  # no entry maps one character to two; kept as typed if one ever does
        return text.translate(_VARIANTS)
    return converted.translate(_VARIANTS)
