"""Finding marked strings however they are spelled, and personal data, in text that is about to be published.

A marked ``QM-77X`` must be cut from ``ＱＭ－７７Ｘ``, ``qm 77x`` or ``Q\u200bM-77X`` too (issue 31): the comparison is
made on a folded copy of the text — each character NFKC-normalised (full-width forms, ligatures, circled digits) and
case-folded, with separators (spaces, zero-width characters, dashes, dots, underscores, slashes) dropped — while the
cut is made on the original characters, through the position each folded character came from.

Each character is folded alone, the marked string the same way, so the two always agree (a whole-string NFKC would
compose a letter with a following accent, and the positions would no longer map one to one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

# Characters that separate the parts of a code or a name and carry no meaning of their own: whitespace (full-width
# included), zero-width characters and the joiners, and the punctuation people put inside codes.
_SEPARATOR_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf", "Pd", "Pc"})
_SEPARATORS = frozenset(" \t\r\n\u00b7\u30fb./\\_-")


@cache
def fold_char(ch: str) -> str:
    """One character as the comparison sees it ('' for a separator)."""
    if ch in _SEPARATORS or unicodedata.category(ch) in _SEPARATOR_CATEGORIES:
        return ""
    folded = unicodedata.normalize("NFKC", ch).casefold()
    return "".join(c for c in folded if c not in _SEPARATORS and unicodedata.category(c) not in _SEPARATOR_CATEGORIES)


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in fold_char(ch):
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def folded(text: str) -> str:
    return fold(text)[0]


def spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """The original (start, end) of every place a needle occurs in ``text``, compared folded; overlapping places are
    merged. Needles that fold to less than two characters are looked for as they are written (case-insensitively),
    since folding them would match almost anything."""
    flat, origin = fold(text)
    found: list[tuple[int, int]] = []
    for needle in needles:
        key = folded(needle)
        if len(key) < 2:
            found += [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.I)] if needle else []
            continue
        start = flat.find(key)
        while start >= 0:
            found.append((origin[start], origin[start + len(key) - 1] + 1))
            start = flat.find(key, start + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def cut(text: str, places: Sequence[tuple[int, int]], mask: str) -> str:
    out, last = [], 0
    for a, b in places:
        out += [text[last:a], mask]
        last = b
    out.append(text[last:])
    return "".join(out)


def contains(text: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``text`` as the scrubber compares (folded)."""
    return bool(spans(text, [needle]))


# ---- personal data a public view never shows, whether or not anybody marked it (issue 31) ----
# A mainland mobile number, a landline with its area code, an e-mail address, an 18-character resident ID number.
# Digits may be written full-width or split by spaces and dashes, so the patterns run on the NFKC form; numbers that
# are part of a longer run of digits (a standard's year, a part number) are left alone.
_MOBILE = r"(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])"
_LANDLINE = r"(?<![0-9])0[0-9]{2,3}[ -][0-9]{7,8}(?![0-9])"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_ID_CARD = (r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
            r"(?![0-9])")
PERSONAL = re.compile("|".join(f"(?:{p})" for p in (_EMAIL, _ID_CARD, _MOBILE, _LANDLINE)))


def personal_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a phone number, an e-mail address or an ID number. NFKC keeps one character for one for
    everything these patterns match (full-width digits and letters, ＠), so positions carry over unchanged; a text
    whose length NFKC changes is matched character by character instead."""
    normal = "".join(unicodedata.normalize("NFKC", ch) if len(unicodedata.normalize("NFKC", ch)) == 1 else ch
                     for ch in text)
    return [(m.start(), m.end()) for m in PERSONAL.finditer(normal)]
