"""The industries a need is read into and chosen from: GB/T 4754-2017's divisions and groups, sections A–C
(``kb/data/industries_gbt4754.tsv``: the Chinese names of ``matcher/data/sources/gbt4754_2017_ABC.tsv`` and an
English name each).

Why here: a need's industry was read from the first sector keyword anywhere in its text, so
"我们是做电动工具锂电池包的企业" was in 机电 (电动工具 came first) though the company makes battery packs. The
company's own product says its industry: the GB/T 4754 classes the product vocabulary (:mod:`kb.products`) gives the
product, or the nearest family it belongs to, name one group (锂电池包 → 电池 → 3841–3849 → 384 电池制造, under 38
电气机械和器材制造业). kb is the leaf intake reads the product with and the pages' choices come from, so the reading
and the card's picker use one list.

- :func:`industry_choices`: the groups a person picks from, each with its division, in code order.
- :func:`industry_named`: an industry by its Chinese or English name (a group before a division of the same name).
- :func:`industry_of_classes`: the one group (else division) a set of GB/T 4754 classes falls in.
- :func:`industry_of_product`: the industry a product phrase (Chinese, or English by its words) names; None when
  the vocabulary does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.products import MAX_FAMILY_CLASSES, classes_of, family_of

DATA_PATH = Path(__file__).resolve().parent / "data" / "industries_gbt4754.tsv"
_WORD = re.compile(r"[a-z]+")
# English words a group's name shares with others or that say no kind of product ("other", "products", "equipment")
_EN_STOP = frozenset((
    "and", "or", "of", "the", "for", "other", "others", "similar", "related", "products", "product", "equipment",
    "manufacturing", "machinery", "parts", "materials", "material", "articles", "goods", "devices", "supplies",
    "special", "purpose", "general", "use", "daily", "household", "non", "not", "elsewhere", "classified"))


@dataclass(frozen=True)
class Industry:
    """A GB/T 4754-2017 division (2-digit code) or group (3-digit, or a 4-digit class standing alone as its group),
    with its division's code and names (a division's are its own)."""

    code: str
    name: str
    name_en: str
    division: str
    division_name: str
    division_en: str

    @property
    def is_division(self) -> bool:
        return len(self.code) == 2


@lru_cache(maxsize=1)
def _table() -> dict[str, Industry]:
    rows: list[tuple[str, str, str]] = []
    for line in DATA_PATH.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name, en = line.split("\t")
            rows.append((code, name, en))
    names = {code: (name, en) for code, name, en in rows if len(code) == 2}
    return {code: Industry(code, name, en, code[:2], *names[code[:2]]) for code, name, en in rows}


@lru_cache(maxsize=1)
def industry_choices() -> tuple[Industry, ...]:
    """Every group, in code order: what the need card offers (a division alone is no choice: its groups are)."""
    return tuple(i for i in _table().values() if not i.is_division)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Industry]:
    out: dict[str, Industry] = {}
    for ind in sorted(_table().values(), key=lambda i: (i.is_division, i.code)):  # groups first
        out.setdefault(ind.name, ind)
        out.setdefault(ind.name_en.casefold(), ind)
    return out


def industry_named(name: str | None) -> Industry | None:
    """The industry of that Chinese or English name (case aside), or None."""
    if not name:
        return None
    name = name.strip()
    return _by_name().get(name) or _by_name().get(name.casefold())


def _group_of(code: str) -> str | None:
    table = _table()
    for key in (code[:3], code[:3] + "0", code):
        if key in table and len(key) > 2:
            return key
    return None


def industry_of_classes(codes: Iterable[str]) -> Industry | None:
    """The group all these 4-digit classes fall in, else their one division, else None (none, or several)."""
    codes = [c for c in codes if c]
    if not codes:
        return None
    groups = {_group_of(c) for c in codes}
    if len(groups) == 1 and None not in groups:
        return _table()[next(iter(groups))]  # type: ignore[index]
    divisions = {c[:2] for c in codes}
    if len(divisions) == 1:
        return _table().get(next(iter(divisions)))
    return None


@lru_cache(maxsize=1)
def _en_words() -> dict[str, set[str]]:
    """Each English word of a group's name (singular) -> the groups whose name has it."""
    out: dict[str, set[str]] = {}
    for ind in industry_choices():
        for word in _WORD.findall(ind.name_en.casefold()):
            if word not in _EN_STOP:
                # (a kind named by its work: "lighting equipment" is read for "LED ceiling lights")
                for form in {_singular(word), word[:-3] if word.endswith("ing") and len(word) > 5 else word}:
                    out.setdefault(form, set()).add(ind.code)
    return out


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def industry_of_product(product: str | None) -> Industry | None:
    """The industry a product belongs to: the classes of the phrase itself or of its nearest product family that has
    a few (锂电池包 → 电池 → 384 电池制造; 电机轴承 → 轴承 → 345 轴承、齿轮和传动部件制造), one group else one division.
    An English phrase is read by its words, last first: the first that only one group's English name has
    ("lithium battery packs" → battery → 384). None when nothing says."""
    if not product or not product.strip():
        return None
    product = product.strip()
    for word in (product, *family_of(product)):
        codes = classes_of(word)
        if codes and len(codes) <= MAX_FAMILY_CLASSES and (found := industry_of_classes(codes)) is not None:
            return found
    words = _WORD.findall(product.casefold())
    if re.search(r"[\u4e00-\u9fff]", product) or not words:
        return None
    for word in reversed(words):
        groups = _en_words().get(_singular(word), set())
        if len(groups) == 1:
            return _table()[next(iter(groups))]
    return None


__all__ = ["DATA_PATH", "Industry", "industry_choices", "industry_named", "industry_of_classes",
           "industry_of_product"]
