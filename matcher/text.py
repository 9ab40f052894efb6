"""The text of a capability as the matcher reads it, in one place so dense and lexical indexes agree.

A capability's own words come first (title, description, industries, standards), then its center's name, region and
industries: a need often names the sector or the place rather than the test, and those live on the center.
"""

from __future__ import annotations

import re

from kb.schemas import CapabilityRecord, CenterRecord


def _join(items: list[str] | None) -> str:
    return "、".join(items or [])


def capability_text(cap: CapabilityRecord, center: CenterRecord | None) -> str:
    parts = [cap.title.strip()]
    if cap.description:
        parts.append(cap.description.strip())
    if cap.industries:
        parts.append("行业：" + _join(cap.industries))
    if cap.standards:
        parts.append("标准：" + _join(cap.standards))
    if center is not None:
        line = "机构：" + center.name
        if center.region:
            line += "（" + center.region + "）"
        parts.append(line)
        if center.industries:
            parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts if p) + "。"


PROFILE_PREFIX = "@center:"


def profile_id(center_id: str) -> str:
    """Document id of a center's profile; "@" cannot start a kb id, so it never collides with a capability."""
    return PROFILE_PREFIX + center_id


PASSAGE_SEP = "#"  # kb ids cannot contain "#": "@center:<id>#<n>" is passage n of a center's profile


def profile_center(doc_id: str) -> str | None:
    if not doc_id.startswith(PROFILE_PREFIX):
        return None
    return doc_id[len(PROFILE_PREFIX):].split(PASSAGE_SEP, 1)[0]


def center_profile_text(center: CenterRecord) -> str | None:
    """A center's own description as a searchable document: many real centers describe what they do there
    rather than in capability records. None when the center has no description."""
    if not center.description or not center.description.strip():
        return None
    parts = [center.name + (f"（{center.region}）" if center.region else ""), center.description.strip()]
    if center.industries:
        parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts) + "。"


_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def split_passages(text: str, max_chars: int) -> list[str]:
    """Consecutive sentences packed into passages of at most ``max_chars`` characters (a longer sentence is a
    passage of its own); the text as one passage when it is short or ``max_chars`` is 0."""
    text = text.strip()
    if max_chars <= 0 or len(text) <= max_chars:
        return [text] if text else []
    out: list[str] = []
    cur = ""
    for sent in (s.strip() for s in _SENTENCE.findall(text)):
        if not sent:
            continue
        if cur and len(cur) + len(sent) > max_chars:
            out.append(cur)
            cur = ""
        cur += sent
    if cur:
        out.append(cur)
    return out


CARD_SUFFIX = PASSAGE_SEP + "card"


def center_card_text(center: CenterRecord) -> str:
    """A center's name, region and served industries alone — its 'card'. A real center's name carries its product
    family (国家陶瓷产品质量监督检验中心) and its industries say the same in a word, while its description is often a
    long approval or news text in which those words are a small share; embedded alone, the card lets a need that
    names the product meet the center however the description reads."""
    parts = [center.name + (f"（{center.region}）" if center.region else "")]
    if center.industries:
        parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts) + "。"


def center_card_id(center_id: str) -> str:
    return profile_id(center_id) + CARD_SUFFIX


def is_card(doc_id: str) -> bool:
    return doc_id.startswith(PROFILE_PREFIX) and doc_id.endswith(CARD_SUFFIX)


def center_documents(center: CenterRecord, *, passage_chars: int = 0, cards: bool = False) -> list[tuple[str, str]]:
    """Every searchable document of a center itself (not of its capabilities): its profile, whole or in passages,
    and, with ``cards``, its card (``center_card_text``)."""
    docs = center_profile_documents(center, passage_chars)
    if cards:
        docs.append((center_card_id(center.id), center_card_text(center)))
    return docs


def center_profile_documents(center: CenterRecord, passage_chars: int = 0) -> list[tuple[str, str]]:
    """A center's profile as searchable documents: one (``profile_id``) when ``passage_chars`` is 0 or the
    description is short, else one per passage of the description (``profile_id#n``), each headed by the center's
    name and region — so a long, news-like description is scored where it talks about the need, not as an average
    of everything it says."""
    whole = center_profile_text(center)
    if whole is None:
        return []
    passages = split_passages(center.description or "", passage_chars)
    if len(passages) <= 1:
        return [(profile_id(center.id), whole)]
    head = center.name + (f"（{center.region}）" if center.region else "")
    tail = ("服务产业：" + _join(center.industries)) if center.industries else ""
    docs = []
    for i, passage in enumerate(passages, 1):
        parts = [head, passage.strip(), tail]
        docs.append((f"{profile_id(center.id)}{PASSAGE_SEP}{i}", "。".join(p.rstrip("。") for p in parts if p) + "。"))
    return docs
