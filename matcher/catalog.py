"""The in-process view of the knowledge base the matcher searches: records, texts and the lexical index.

Rebuilt when the kb version changes; tokenising is the slow part (≈2-3k capabilities/s with jieba), so it happens
once per version and process, not per query.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kb import service as kb_service
from kb.schemas import CapabilityRecord, CenterRecord
from matcher.lexical import LexicalIndex, mostly_english, tokenize_cached
from matcher.text import capability_text, center_card_text, center_documents, is_card, profile_center

_SENT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


@dataclass
class Catalog:
    kb_version: int
    centers: dict[str, CenterRecord]
    capabilities: dict[str, CapabilityRecord]
    cap_ids: list[str]
    texts: list[str]
    lexical: LexicalIndex
    position: dict[str, int]
    # Documents written mostly in English, and the Latin-letter words only such documents contain (docs/matching.md
    # §8p: what MatcherConfig.cross_lingual reads; both empty in an all-Chinese catalog).
    english: frozenset[str] = frozenset()
    english_only: frozenset[str] = frozenset()

    @classmethod
    def load(cls, *, session: Session, bigrams: bool = False, passage_chars: int = 0, cards: bool = False) -> Catalog:
        version = kb_service.kb_version(session=session)
        centers = {c.id: c for c in kb_service.list_centers(session=session)}
        caps = {c.id: c for c in kb_service.iter_capabilities(session=session)}
        ids = list(caps)
        texts = [capability_text(caps[i], centers.get(caps[i].center_id)) for i in ids]
        for center in centers.values():
            for doc_id, text in center_documents(center, passage_chars=passage_chars, cards=cards):
                ids.append(doc_id)
                texts.append(text)
        lexical = LexicalIndex(ids, texts, bigrams=bigrams)
        english, english_only = english_documents(ids, texts, lexical.doc_sets)
        return cls(kb_version=version, centers=centers, capabilities=caps, cap_ids=ids, texts=texts,
                   lexical=lexical, position={c: i for i, c in enumerate(ids)}, english=english,
                   english_only=english_only)

    def passage(self, cap_id: str, query_tokens: list[str]) -> str:
        """The sentence of the capability (or center profile) that shares most query terms (else its title)."""
        center_id = profile_center(cap_id)
        if center_id is not None and is_card(cap_id):
            return f"{self.centers[center_id].name}（机构名称与服务产业 / name and industries）：" \
                   + center_card_text(self.centers[center_id])
        if center_id is not None:
            center = self.centers[center_id]
            title, description = f"{center.name}（机构简介 / profile）", center.description
        else:
            cap = self.capabilities[cap_id]
            title, description = cap.title, cap.description
        qset = set(query_tokens)
        best, best_n = title, 0
        for sentence in _SENT.findall(description or ""):
            sentence = sentence.strip()
            if not sentence:
                continue
            n = len(qset.intersection(tokenize_cached(sentence)))
            if n > best_n:
                best, best_n = sentence, n
        if best is not title and len(best) > 160:
            best = best[:157] + "…"
        return best if best == title else f"{title}：{best}"


def english_documents(ids: Sequence[str], texts: Sequence[str],
                      token_sets: Sequence[Collection[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """The ids of the documents written mostly in English (``lexical.mostly_english``), and the Latin-letter words
    that occur in those documents and in no other: in a mostly Chinese catalog such a word says in which language a
    document is written, not what it is about (docs/matching.md §8p)."""
    english = {i for i, t in enumerate(texts) if mostly_english(t)}
    if not english:
        return frozenset(), frozenset()
    in_english: set[str] = set().union(*(token_sets[i] for i in english))
    elsewhere: set[str] = set().union(*(token_sets[i] for i in range(len(texts)) if i not in english))
    words = {t for t in in_english - elsewhere if t.isascii() and t.isalpha()}
    return frozenset(ids[i] for i in english), frozenset(words)
