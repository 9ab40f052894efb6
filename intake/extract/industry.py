"""The industries a need's text and product say (:mod:`intake.industries` says why the product comes first)."""

from __future__ import annotations

import re

from intake.extract.product import kin_named
from intake.extract.service_types import extract_industries
from intake.extract.tagger import pos_tagger
from kb.industries import Industry, industry_of_product
from kb.products import family_of


def read_industries(body: str, product: str | None) -> list[str]:
    """The industries a need's text and product say, the GB/T 4754 group its product belongs to first
    (:func:`kb.industries.industry_of_product`), then the sectors the text names.

    Only the product read gives a group. Tried and not kept: with no product read, any product word of the text
    ("整理材料" read 皮革鞣制加工, "签协议" 计算机制造, "加速老化试验" 其他食品制造: 28 readings on the development
    sets, most wrong), or the sector word that named the sector (化工, 服装, 制药, 环保 name the machinery for making
    them in the product vocabulary: 化工、木材、非金属加工专用设备制造 …)."""
    own = industry_of_product(product)
    # (or, when the vocabulary does not know the product, of the same kind of thing the text names otherwise: "新设计的
    # 280Ah磷酸铁锂储能模组" of "做储能电池模组的企业" is 电池制造, not the sector word 新能源; issue 27, probe25)
    for kin in kin_named(body, product) if own is None else ():
        if (own := industry_of_product(kin)) is not None:
            break
    if own is None:
        own = _by_own_words(product)
    return list(dict.fromkeys(([own.name] if own else []) + extract_industries(body)))


def _by_own_words(product: str | None) -> Industry | None:
    """The group a word of the product's own name gives, before its head, when the vocabulary knows the head as a
    kind of thing but gives it no group ("家用燃气热水器": 热水器 is a 生活用电器 with no class, 燃气 names
    386 非电力家用器具制造; probe25's p242 read no industry). Only then: a material before a known head ("不锈钢法兰")
    is not read so."""
    if not product or not re.fullmatch(r"[\u4e00-\u9fff]{3,12}", product) or not family_of(product):
        return None
    words = [p.word for p in pos_tagger().lcut(product, HMM=False)]
    for word in words[:-1]:
        if len(word) >= 2 and (found := industry_of_product(word)) is not None:
            return found
    return None
