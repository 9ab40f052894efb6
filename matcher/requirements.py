"""What a need asks of a provider, one requirement at a time, and whether a center covers each (issue 28, items 1, 2
and 5). Pure functions over kb records, the query and the supporting documents.

**The requirements** are read from the need's structured reading (intake's, carried on :class:`MatchQuery`): its
product (as a *product family*: the product or any family it belongs to, :func:`kb.products.family_of`), each service
type (confirmed ones, else the ones read from the text), each required qualification, its region and its decisive
phrases (the enterprise's own words for what it asks, intake's ``phrases``). A need with none of them has no list.

**Covered, with evidence**: the product family by the center's name (its card: "儿童滑板车 属于 滑板车", from
:func:`kb.products.products_in` over the name) or by a supporting document naming the product or its family; a
service type by a supporting capability that offers it (a center profile or card offers no service type); a
qualification by a supporting capability holding it (a mark the center holds satisfies the hard rule, but says
nothing of this item: "缺少：CNAS 认可的该项目"); the region by the center's region; a phrase by a supporting
document containing it (its key words, when not verbatim). A requirement not covered says what is missing, so a
near miss reads as one.

**The product-family signal** (:func:`family_link`): a center whose name names a family the need's product belongs to
gets ``MatcherConfig.product_family_weight`` added to its score (0, off, by default: docs/matching.md §8e measured it).
Generic words never fire it (:func:`kb.products.is_generic`).

**A thin match** (:func:`is_thin`): the lexical evidence rests on at most one key term, the dense side is weak, the
center's name does not name the product's family and none of the need's decisive phrases is in its documents.
Such a proposal is shown 低 whatever its score: a match on one shared word (电池包) is no medium fit.

**The need's core** (:func:`core_text`): the product, the service types' names and the decisive phrases, joined — what
the need is about without the words about the company, its plans and wishes. The matcher scores it as a query of its
own beside the whole text when ``MatcherConfig.core_query_weight`` is above 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kb.products import belongs_to, family_of, is_generic, product_forms, product_terms, products_in
from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import SERVICE_TYPE_LABELS
from matcher import rules
from matcher.explain import WISHED_KIND, requirements_only
from matcher.lexical import mostly_english, query_tokens, standard_tokens, to_chinese
from matcher.schemas import MatchQuery, RequirementCoverage
from matcher.text import profile_center

_SPACE = re.compile(r"\s+")
_BRACKET = re.compile(r"[（(【\[]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Dense part (rescaled cosine) below which a match is weak on meaning alone: the middle of the model's range.
THIN_DENSE = 0.5


def card_products(center: CenterRecord) -> tuple[str, ...]:
    """The product words of a center's name (its card): what it says its line of products is."""
    return products_in(center.name)


def family_link(product: str | None, center: CenterRecord) -> tuple[str, str] | None:
    """(the need's product, the family word of the center's name it belongs to), or None. The product's head noun
    stands for it when the product itself is not the family ("钛合金接骨板" → 接骨板)."""
    return _family_link(product, center.name) if product else None


@lru_cache(maxsize=65536)
def _family_link(product: str, name: str) -> tuple[str, str] | None:
    """:func:`family_link` by the center's name, worked out once per product and name: a match asks it of every
    center it scores and again of those it lists (issue 33, item 1)."""
    if is_generic(product):
        return None
    for word in products_in(name):
        if any(belongs_to(p, word) for p in _chinese_forms(product)):
            return product, word
    return None


def _chinese_forms(product: str) -> list[str]:
    """The product as the vocabulary can read it: itself, or for an English product its glossary translation's last
    Chinese run (the head: "lithium-ion battery cells" → 锂离子电池). A name the product-family map knows as written
    is itself, however much Latin it has ("MOS管", "IGBT模块", "MOSFET": read as English, MOS管 was "管")."""
    if not mostly_english(product) or family_of(product):
        return [product]
    runs = _CJK_RUN.findall(to_chinese(product))
    return [runs[-1]] if runs else []


def _shared_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _kin_in(family: str, text: str) -> list[str]:
    """The product words of ``family`` a text names, found where the family word ends them ("锂离子电池" around each
    电池): a few look-ups per occurrence, not a reading of the whole text (a match explains ten centers)."""
    terms = product_terms()
    out: list[str] = []
    at, seen = text.find(family), 0
    while at >= 0 and seen < 64:  # (the first few dozen say which kin a center names)
        seen += 1
        end = at + len(family)
        out += [text[i:end] for i in range(max(0, at - 8), at)
                if text[i:end] in terms and belongs_to(text[i:end], family)]
        at = text.find(family, at + 1)
    return list(dict.fromkeys(out))


def _named_product(product: str, text: str) -> str | None:
    """Why a center's texts cover the need's product, in their own words, or None: the product by the most specific
    of its forms they contain (:func:`kb.products.product_forms`: "电动工具电池包" for "电动工具用18650锂电池包
    （5串2并，18V）"); else a product word of theirs of the product's nearest family, the one closest to the product
    ("同属电池：支撑材料提到「锂离子电池」" for 钠离子电池); else the family word alone, said as only that. A bare
    family word read as "支撑材料提到「电池」" on a 钠离子电池 need, while the center testing 电动工具电池包 read
    "未覆盖" (a new user's trial, 2026-11-29)."""
    for form in _chinese_forms(product):
        said = next((w for w in product_forms(form) if w in text), None)
        if said is not None:
            return _bi(f"支撑材料提到「{said}」", f"its texts name {said}")
        for family in (f for f in family_of(form) if not is_generic(f)):
            own = _kin_in(family, text)
            if own:
                best = max(own, key=lambda w: (_shared_tail(w, form), len(w)))
                return _bi(f"同属{family}：支撑材料提到「{best}」",
                           f"of the same family ({family}): its texts name {best}")
            if family in text:
                return _bi(f"支撑材料仅提到类别「{family}」", f"its texts name only the family, {family}")
    return None


def core_text(query: MatchQuery) -> str | None:
    """The need's core as a query: its product, the names of its service types and its decisive phrases (None when
    intake read none of them)."""
    types = query.service_types or query.read_service_types
    parts = [query.product or "", *(SERVICE_TYPE_LABELS[t][0] for t in types),
             *(p for p in query.phrases if decisive(p))]
    words = [p.strip() for p in dict.fromkeys(parts) if p and p.strip()]
    return " ".join(words) if words else None


def card_query(query: MatchQuery, families: int = 0) -> str | None:
    """The need's product alone, as the query compared with each center's card (its name, region and industries:
    ``MatcherConfig.product_card_weight``): the specific product against the family a center's name names, without
    the words about the company, its plans and wishes. None when intake read no product or a generic one.

    ``families`` (``MatcherConfig.product_card_families``): the product followed by its nearest so many families of
    the product-family map (:func:`kb.products.family_of`; "除尘设备 大气污染防治设备 环境污染防治设备"), so that the
    model compares the family's name, too, with the card's; a Chinese product only (an English one would be read in
    two languages)."""
    product = (query.product or "").strip()
    if not product or is_generic(product):
        return None
    if families <= 0 or mostly_english(product):
        return product
    return " ".join([product, *family_of(product)[:families]])


# Words of a phrase that say only that a service is wanted: a phrase made of them alone decides nothing ("需求一种技术",
# "检测", "研发"). A service's deliverable, or the marks it carries, is no decisive phrase either: a center offering
# the service gives it ("检测报告" listed "未覆盖 — 缺少：「检测报告」" on a CMA test center's proposal, a new user's
# trial, 2026-11-29); the marks are the qualification requirement's.
_SERVICE_TEXT = ("检测 检验 测试 试验 研发 开发 研究 技术 需求 需要 寻求 一种 服务 咨询 符合 标准 进行 提供 相关 "
                 "报告 检测报告 检验报告 测试报告 试验报告 证书 认证 出具 正式 盖章 第三 三方 第三方 cma cnas 资质")
_SERVICE_WORDS = frozenset(_SERVICE_TEXT.split())


@lru_cache(maxsize=16384)
def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A phrase's tokens, cut once: a match asks of the same phrases for every center it lists (issue 33, item 1)."""
    return tuple(query_tokens(phrase))


def decisive(phrase: str) -> bool:
    """Whether one of intake's phrases says something of its own: a word of two characters or more beyond the words
    that only ask for a service."""
    return any(len(t) >= 2 and t not in _SERVICE_WORDS for t in _phrase_tokens(phrase))


def _pieces(phrase: str, *, fine: bool) -> list[str]:
    """The words a phrase must show in a center's texts, in its order: its tokens of two characters or more beyond
    the words that only ask for a service; a compound kept and its parts left out ("热失控试验" → 热失控), or with
    ``fine`` the parts kept and the compound left out ("失效分析" → 失效, 分析)."""
    tokens = [t for t in dict.fromkeys(_phrase_tokens(phrase)) if len(t) >= 2 and t not in _SERVICE_WORDS]
    low = phrase.lower()
    # (the phrase's own words, in its order; the glossary's reading of an English term is no word of the phrase:
    # "EMC测试" is EMC, 电磁兼容 only its translation — an English phrase keeps the translation's words)
    said = sorted((t for t in tokens if t in low), key=low.find)
    tokens = said or tokens
    if fine:
        return [t for t in tokens if not any(o != t and o in t for o in tokens)]
    return [t for t in tokens if not any(o != t and t in o for o in tokens)]


def _in_order(pieces: list[str], text: str, window: int) -> str | None:
    """The shortest-starting span of ``text`` holding ``pieces`` in order within ``window`` characters, or None."""
    low = text.lower()
    at = low.find(pieces[0])
    while at >= 0:
        end, ok = at + len(pieces[0]), True
        for piece in pieces[1:]:
            nxt = low.find(piece, end)
            if nxt < 0 or nxt + len(piece) - at > window:
                ok = False
                break
            end = nxt + len(piece)
        if ok:
            return text[at:end]
        at = low.find(pieces[0], at + 1)
    return None


def _phrase_in(phrase: str, text: str) -> str | None:
    """Where a center's texts say the phrase, as they say it, or None: the phrase itself, else its words
    (:func:`_pieces`, whole compounds first, then their parts) in its order within a short window, at most twice the
    phrase's length — an obvious variant with a word inserted ("失效分析" in "失效模式分析"), never the words scattered
    over a text or in another order. The words that only ask for a service need not be there ("过充测试" is in
    "…过充、短路与跌落试验")."""
    if phrase in text:
        return phrase
    for fine in (False, True):
        pieces = _pieces(phrase, fine=fine)
        if pieces:
            found = _in_order(pieces, text, max(2 * len(phrase), sum(len(p) for p in pieces) + 4))
            if found is not None:
                return found
    return None


# What separates the things a product phrase lists ("温度计、压力表、流量计", "温度计和压力表", "gauges and meters").
_LIST_SEP = re.compile(r"\s*(?:[、，,；;/]|和|及|\band\b)\s*")


def _listed(product: str) -> list[str]:
    """The things a product phrase lists, each of two characters or more and no generic word, or [] when it names
    one thing (a bracket's spec is never split: it says what the one thing is)."""
    if _BRACKET.search(product):
        return []
    items = [i.strip() for i in _LIST_SEP.split(product)]
    items = [i for i in dict.fromkeys(items) if len(i) >= 2 and not is_generic(i)]
    return items if len(items) >= 2 else []


def _item_covered(item: str, center: CenterRecord, hits: Sequence[CapabilityRecord]) -> str | None:
    """Which of a center's texts names one listed thing, as "压力表：能力「…」 / capability '…' names 压力表" (the
    English half starts in English, so a page can tell the halves apart: core.bilingual), or None."""
    link = family_link(item, center)
    if link is not None or _named_product(item, _SPACE.sub("", center.name)) is not None:
        return _bi(f"{item}：机构名称「{center.name}」", f"the center's name ({center.name}) names {item}")
    for cap in hits:
        if _named_product(item, _SPACE.sub("", f"{cap.title} {cap.description or ''}")) is not None:
            return _bi(f"{item}：能力「{cap.title}」", f"capability '{cap.title}' names {item}")
    return None


def _listed_coverage(product: str, items: list[str], center: CenterRecord,
                     hits: Sequence[CapabilityRecord]) -> RequirementCoverage:
    """A product phrase that lists several things, item by item: covered when the center names each, in part when
    it names some (which by which of its texts), not covered when none."""
    said = {i: _item_covered(i, center, hits) for i in items}
    found = [e for e in said.values() if e is not None]
    lacking = [i for i, e in said.items() if e is None]
    if not found:
        return RequirementCoverage(
            kind="product_family", requirement=product, covered=False,
            missing=_bi(f"缺少：该产品（{product}）或其所属类别的相关能力",
                        f"missing: anything on this product ({product}) or its family"))
    evidence = _bi("；".join(e.split(" / ")[0] for e in found), "; ".join(e.split(" / ", 1)[-1] for e in found))
    return RequirementCoverage(kind="product_family", requirement=product, covered=not lacking,
                               partial=bool(lacking), evidence=evidence,
                               missing=_bi(f"缺少：{'、'.join(lacking)}", f"missing: {', '.join(lacking)}")
                               if lacking else None)


def _holds(marks: Sequence[str] | None, wanted: str) -> bool:
    """As the qualification rule reads a mark (matcher.rules): spaces aside, case aside, contained."""
    return any(wanted in _SPACE.sub("", m).upper() for m in marks or [])


def _bi(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def coverage(query: MatchQuery, center: CenterRecord, hits: Sequence[CapabilityRecord]) -> list[RequirementCoverage]:
    """Each of the need's requirements and whether ``center`` covers it with its supporting documents ``hits``."""
    caps = [c for c in hits if profile_center(c.id) is None]
    texts = [center.name, center.description or "", *(f"{c.title} {c.description or ''}" for c in hits)]
    text = _SPACE.sub("", " ".join(texts))
    out: list[RequirementCoverage] = []
    product = (query.product or "").strip()
    listed = _listed(product) if product else []
    if listed:
        out.append(_listed_coverage(product, listed, center, hits))
    elif product and not is_generic(product):
        link = family_link(product, center)
        named = _named_product(product, text)
        if link is not None:
            evidence = (_bi(f"机构名称含「{link[1]}」", f"the center's name says {link[1]}") if link[0] == link[1]
                        else _bi(f"{link[0]} 属于 {link[1]}", f"product {link[0]} is a kind of {link[1]}"))
            out.append(RequirementCoverage(kind="product_family", requirement=product, covered=True,
                                           evidence=evidence))
        elif named is not None:
            out.append(RequirementCoverage(kind="product_family", requirement=product, covered=True, evidence=named))
        else:
            out.append(RequirementCoverage(
                kind="product_family", requirement=product, covered=False,
                missing=_bi(f"缺少：该产品（{product}）或其所属类别的相关能力",
                            f"missing: anything on this product ({product}) or its family")))
    for t in query.service_types or query.read_service_types:
        zh, en = SERVICE_TYPE_LABELS[t]
        offering = next((c for c in caps if t in (c.service_types or [])), None)
        if offering is not None:
            out.append(RequirementCoverage(kind="service_type", requirement=zh, covered=True,
                                           evidence=_bi(f"能力「{offering.title}」提供{zh}",
                                                        f"capability '{offering.title}' offers {en}")))
        else:
            out.append(RequirementCoverage(
                kind="service_type", requirement=zh, covered=False,
                missing=_bi(f"缺少：提供{zh}的能力", f"missing: a capability offering {en}")))
    quals = list(rules.required_qualifications(query)) + ([rules.SECRECY] if rules.needs_secrecy(query) else [])
    for q in quals:
        on_cap = next((c for c in caps if _holds(c.qualifications, q)), None)
        on_center = _holds(center.qualifications, q)
        if on_cap is not None:
            out.append(RequirementCoverage(kind="qualification", requirement=q, covered=True,
                                           evidence=_bi(f"能力「{on_cap.title}」具备 {q}",
                                                        f"capability '{on_cap.title}' holds {q}")))
        else:  # the center's mark satisfies the rule, but no supporting capability says the item is within it
            out.append(RequirementCoverage(
                kind="qualification", requirement=q, covered=False,
                evidence=_bi(f"机构具备 {q}", f"the center holds {q}") if on_center else None,
                missing=_bi(f"缺少：{q} 认可的该项目", f"missing: {q} accreditation for this item")))
    for q in rules.preferred_qualifications(query):  # wished for, not required: listed, never missing
        held = bool(rules.preferred_marks_held(None, center, [q])) or any(_holds(c.qualifications, q) for c in caps)
        out.append(RequirementCoverage(kind="preferred_qualification", requirement=q, covered=held,
                                       evidence=rules.preferred_text(q, held)))
    where = query.region.city or query.region.province
    if where:
        out.append(_region_coverage(query, center, where))
    for phrase in dict.fromkeys(p.strip() for p in query.phrases if p and p.strip()):
        if not decisive(phrase):
            continue
        asked = standard_tokens(phrase)
        said: str | None
        if asked:  # a test to a standard: the standard itself, wherever the center's texts or its capabilities name it
            said = _standards_named(asked, center, hits)
        else:
            found = _phrase_in(phrase, text)
            said = _bi(f"支撑材料含「{found}」", f"its texts contain '{found}'") if found else None
        out.append(RequirementCoverage(
            kind="phrase", requirement=phrase, covered=said is not None, evidence=said,
            missing=None if said else _bi(f"缺少：「{phrase}」", f"missing: '{phrase}'")))
    return out


def _standards_named(asked: Sequence[str], center: CenterRecord, hits: Sequence[CapabilityRecord]) -> str | None:
    """Where a center names every standard a phrase asks for (``asked``: matcher.lexical.standard_tokens, its number
    whole, year aside, so "GB/T 36276" is "GB/T 36276-2018" and neither GB/T 36277 nor GB 36276), as evidence, or
    None: a capability listing it among its standards or saying it in its title or description, else the center's
    own description. Every standard asked must be named."""
    said: list[str] = []
    for std in dict.fromkeys(asked):
        where = None
        for cap in hits:
            listed = next((s for s in cap.standards or [] if std in standard_tokens(s)), None)
            if listed is not None or std in standard_tokens(f"{cap.title} {cap.description or ''}"):
                named = listed or std
                where = _bi(f"能力「{cap.title}」依据 {named}", f"capability '{cap.title}' works to {named}")
                break
        if where is None and std in standard_tokens(f"{center.name} {center.description or ''}"):
            where = _bi(f"机构简介提到 {std}", f"the center's profile names {std}")
        if where is None:
            return None
        said.append(where)
    return _bi("；".join(e.split(" / ")[0] for e in said), "; ".join(e.split(" / ", 1)[-1] for e in said))


def _region_coverage(query: MatchQuery, center: CenterRecord, where: str) -> RequirementCoverage:
    """The need's place against the center's: in its city (or, for a need naming its province only, its province)
    covered; in another city of the need's province covered in part, said as such ("同省（浙江省金华市），非宁波市本地":
    "已覆盖 — 位于浙江省金华市" read as local to a 宁波市 need, a new user's trial, 2026-11-29); elsewhere not."""
    match = rules.region_match(center, query)
    if match == "province" and query.region.city:
        return RequirementCoverage(
            kind="region", requirement=where, covered=False, partial=True,
            evidence=_bi(f"同省（{center.region}），非{where}本地", f"same province ({center.region}), not in {where}"))
    if match is not None:
        return RequirementCoverage(kind="region", requirement=where, covered=True,
                                   evidence=_bi(f"位于{center.region}", f"located in {center.region}"))
    return RequirementCoverage(
        kind="region", requirement=where, covered=False,
        missing=_bi(f"缺少：位于{where}（机构位于{center.region or '未知地区'}）",
                    f"missing: being in {where} (the center is in {center.region or 'an unknown place'})"))


def is_thin(items: Sequence[RequirementCoverage], key_terms: Sequence[str], dense_part: float,
            family: tuple[str, str] | None) -> bool:
    """A match on at most one key term, weak in meaning, whose center's name does not name the product's family and
    whose documents contain none of the need's decisive phrases (see the module docstring). A product word its texts
    happen to share does not save it: that one word is what the match rests on (电池 in 电池包)."""
    if len(key_terms) > 1 or dense_part >= THIN_DENSE or family is not None:
        return False
    return not any(r.covered for r in items if r.kind == "phrase")


def summary(items: Sequence[RequirementCoverage]) -> str:
    """'覆盖 2/4 项要求；缺少：… / covers 2 of 4 requirements; missing: …' (the requirements covered in part counted
    apart and said after the missing ones: '覆盖 2/4 项要求，部分覆盖 1 项；…；部分覆盖：同省（…），非宁波市本地'; the
    marks wished for said last: '；优先：CMA — 具备')."""
    wished = [r for r in items if r.kind == WISHED_KIND]
    items = requirements_only(items)
    done = sum(1 for r in items if r.covered)
    part = [r for r in items if r.partial and not r.covered]
    missing = [r.missing for r in items if not r.covered and not r.partial and r.missing]
    zh = f"覆盖 {done}/{len(items)} 项要求" if items else ""
    en = f"covers {done} of {len(items)} requirements" if items else ""
    if part:
        zh += f"，部分覆盖 {len(part)} 项"
        en += f", {len(part)} in part"
    if missing:
        zh += "；" + "；".join(m.split(" / ")[0] for m in missing)
        en += "; " + "; ".join(m.split(" / ", 1)[-1] for m in missing)
    for r in part:
        said = r.evidence or ""
        zh += "；部分覆盖：" + said.split(" / ")[0]
        en += "; in part: " + said.split(" / ", 1)[-1]
    for r in wished:
        said = r.evidence or ""
        zh += ("；" if zh else "") + said.split(" / ")[0]
        en += ("; " if en else "") + said.split(" / ", 1)[-1]
    return f"{zh} / {en}"


__all__ = [
    "THIN_DENSE", "card_products", "card_query", "core_text", "coverage", "decisive", "family_link", "is_thin",
    "summary",
]
