"""Bring the vector index in line with the knowledge base: full build, or an incremental sync.

A capability's vector is keyed by the sha256 of its text (``matcher.text.capability_text``): a sync embeds only
capabilities that are new or whose text changed (and even those come from the embedding cache when the same text
was embedded before), removes the deleted ones, and writes a new index generation stamped with the kb version.
The experts' index (``sync_expert_index``, under ``<index>/experts/``) is synced the same way from the same cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from kb import service as kb_service
from kb.schemas import CenterRecord
from matcher.embedding.cache import EmbeddingCache, encode_documents, text_hash
from matcher.embedding.models import Embedder
from matcher.experts import EXPERT_DOCUMENTS, expert_documents
from matcher.index.store import IndexParams, Manifest, VectorStore, load_store, read_manifest
from matcher.text import capability_text, center_documents

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class SyncStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    rebuilt: bool = False
    manifest: Manifest | None = None
    skipped: list[str] = field(default_factory=list)  # records with no document (an expert with no text)
    experts: SyncStats | None = None  # the expert index, synced by the same build


def _documents(session: Session, centers: dict[str, CenterRecord],
               passage_chars: int = 0, cards: bool = False) -> Iterator[tuple[str, str]]:
    """Every searchable document: capabilities, then center profiles (centers with a description), whole or in
    passages (``MatcherConfig.profile_passage_chars``), and the centers' cards (``MatcherConfig.center_cards``)."""
    for cap in kb_service.iter_capabilities(session=session):
        yield cap.id, capability_text(cap, centers.get(cap.center_id))
    for center in centers.values():
        yield from center_documents(center, passage_chars=passage_chars, cards=cards)


def documents_key(*, passage_chars: int = 0, cards: bool = False) -> str:
    """A stamp of the document options (profiles in passages, center cards): an index built with other options holds
    other documents, so it is synced before use rather than searched as it is."""
    return ",".join(part for part in (f"passages={passage_chars}" if passage_chars else "", "cards" if cards else "")
                    if part)


def is_stale(root: Path, *, model_id: str, kb_version: int) -> bool:
    m = read_manifest(root)
    return m is None or m.model_id != model_id or m.kb_version != kb_version


def sync_index(
    *,
    session: Session,
    embedder: Embedder,
    root: Path,
    cache: EmbeddingCache | None,
    params: IndexParams,
    force: bool = False,
    progress: Progress | None = None,
    chunk: int = 64,
    passage_chars: int = 0,
    cards: bool = False,
) -> tuple[VectorStore, SyncStats]:
    """The capabilities' index (with center profiles and cards)."""
    centers = {c.id: c for c in kb_service.list_centers(session=session)}
    return _sync(session=session, embedder=embedder, root=root, cache=cache, params=params, force=force,
                 progress=progress, chunk=chunk, documents=_documents(session, centers, passage_chars, cards),
                 doc_key=documents_key(passage_chars=passage_chars, cards=cards), phase="embed")


def sync_expert_index(
    *,
    session: Session,
    embedder: Embedder,
    root: Path,
    cache: EmbeddingCache | None,
    params: IndexParams,
    force: bool = False,
    progress: Progress | None = None,
    chunk: int = 64,
) -> tuple[VectorStore, SyncStats]:
    """The experts' index (``matcher.experts``): one document per expert with text; the others are ``skipped``."""
    centers = {c.id: c for c in kb_service.list_centers(session=session)}
    experts = kb_service.list_experts(session=session)
    store, stats = _sync(session=session, embedder=embedder, root=root, cache=cache, params=params, force=force,
                         progress=progress, chunk=chunk, documents=expert_documents(experts, centers),
                         doc_key=EXPERT_DOCUMENTS, phase="embed_experts")
    stats.skipped = [e.id for e in experts if not e.has_text]
    return store, stats


def _sync(
    *,
    session: Session,
    embedder: Embedder,
    root: Path,
    cache: EmbeddingCache | None,
    params: IndexParams,
    force: bool,
    progress: Progress | None,
    chunk: int,
    documents: Iterable[tuple[str, str]],
    doc_key: str,
    phase: str,
) -> tuple[VectorStore, SyncStats]:
    stats = SyncStats()
    version = kb_service.kb_version(session=session)
    store = None if force else load_store(root, params=params, mmap=False)  # this copy is changed
    if store is not None and (store.model_id != embedder.model_id or store.dim != embedder.dim):
        store = None
    if store is None:
        stats.rebuilt = True
        store = VectorStore(dim=embedder.dim, model_id=embedder.model_id, params=params)
    todo_ids: list[str] = []
    todo_texts: list[str] = []
    todo_hashes: list[str] = []
    seen: set[str] = set()
    for doc_id, text in documents:
        seen.add(doc_id)
        h = text_hash(text)
        old = store.hashes.get(doc_id)
        if old == h:
            stats.unchanged += 1
            continue
        if old is None:
            stats.added += 1
        else:
            stats.updated += 1
        todo_ids.append(doc_id)
        todo_texts.append(text)
        todo_hashes.append(h)
    gone = [c for c in store.ids if c not in seen]
    total = len(todo_ids)
    done = 0

    def on_progress(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(phase, done, total)

    if todo_ids:
        vectors, stats.embedded = encode_documents(todo_texts, embedder=embedder, cache=cache,
                                                   on_progress=on_progress, chunk=chunk)
        store.add(todo_ids, vectors, todo_hashes)
    elif progress:
        progress(phase, 0, 0)
    stats.removed = store.remove(gone)
    if stats.rebuilt or todo_ids or gone or store.kb_version != version or store.documents != doc_key:
        store.kb_version = version
        store.documents = doc_key
        stats.manifest = store.save(root)
    else:
        stats.manifest = read_manifest(root)
    # The process that synced serves from the generation on disk as every other does, mapped and shared, rather than
    # from the private copy it changed (the same vectors: the file was written from it).
    mapped = load_store(root, params=params)
    if mapped is not None and mapped.generation == store.generation and mapped.count == store.count:
        store = mapped
    return store, stats
