"""The matcher's service functions (keyword-only): build the index, match needs, propose teams, assign in batch.

The expensive things — the model, the vector index, the lexical index — are loaded once per process and reused;
a match first checks the index against the kb version and syncs it when stale, so a changed knowledge base is never
searched through an old index.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy.orm import Session

from core.db import session_scope
from core.settings import Settings
from kb import service as kb_service
from matcher import team as team_mod
from matcher.assign import assign as assign_flow
from matcher.calibrate import centred_hubness, hub_scores, hubness_adjust, per_query_norm, probe_sample
from matcher.catalog import Catalog
from matcher.embedding.cache import EmbeddingCache
from matcher.embedding.models import DEFAULT_LOW_CONFIDENCE, Embedder, load_embedder, model_id_for
from matcher.fusion import fuse, rescale
from matcher.index.build import Progress, SyncStats, sync_index
from matcher.index.lock import index_write_lock
from matcher.index.store import IndexParams, VectorStore, load_store, read_manifest
from matcher.lexical import mostly_english, query_tokens
from matcher.rank import OpenEngagements, QualityPrior, rank_centers
from matcher.schemas import Assignment, MatcherConfig, MatchQuery, MatchResult, TeamProposal

Mode = Literal["hybrid", "dense", "lexical"]


def index_root(settings: Settings) -> Path:
    return settings.home / "index"


def _params(config: MatcherConfig) -> IndexParams:
    return IndexParams(hnsw_threshold=config.hnsw_threshold, hnsw_m=config.hnsw_m,
                       ef_construction=config.ef_construction, ef_search=config.ef_search)


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
    lock: threading.Lock = field(default_factory=threading.Lock)


_engines: dict[tuple[str, str, str], _Engine] = {}
_engines_lock = threading.Lock()


def get_embedder(*, settings: Settings, config: MatcherConfig | None = None) -> Embedder:
    config = config or MatcherConfig()
    return load_embedder(config.model, home=settings.home)


def _limit_torch_threads(threads: int | None) -> None:
    """Several API workers on one machine each default to all cores for the query embedding; under load their
    thread pools then spin against each other, and a match waits on the slowest of them."""
    if threads is None:
        return
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def _engine(settings: Settings, config: MatcherConfig, embedder: Embedder | None) -> _Engine:
    key = (str(settings.home), settings.db_url, config.model if embedder is None else embedder.model_id)
    with _engines_lock:
        eng = _engines.get(key)
        if eng is None or eng.config != config:
            _limit_torch_threads(config.torch_threads)
            emb = embedder or load_embedder(config.model, home=settings.home)
            cache = EmbeddingCache(settings.home / "cache" / "embeddings.sqlite3")
            eng = _engines[key] = _Engine(settings=settings, config=config, embedder=emb, cache=cache)
        return eng


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
    """Build or incrementally sync the vector index with the knowledge base (``force``: from scratch)."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    with eng.lock, index_write_lock(index_root(settings)), session_scope(settings) as session:
        eng.store, stats = sync_index(session=session, embedder=eng.embedder, root=index_root(settings),
                                      cache=eng.cache, params=_params(config), force=force, progress=progress,
                                      passage_chars=config.profile_passage_chars)
        eng.catalog = None
    return stats


def warm(*, settings: Settings, config: MatcherConfig | None = None, embedder: Embedder | None = None) -> None:
    """Everything the first match would otherwise pay for, done ahead: the model, the index snapshot, the catalog with
    its BM25 index (jieba's dictionary loads on its first cut) and one query embedding (torch's first call is slow).
    Measured on a 2-core machine: without it the first match in each API worker took 4.4 s."""
    config = config or MatcherConfig()
    build_index(settings=settings, config=config, embedder=embedder)
    eng = _engine(settings, config, embedder)
    with eng.lock, session_scope(settings) as session:
        _ready(eng, session)
    eng.embedder.encode_query(["预热 warm-up"])


def index_status(*, settings: Settings, config: MatcherConfig | None = None) -> dict[str, Any]:
    config = config or MatcherConfig()
    manifest = read_manifest(index_root(settings))
    with session_scope(settings) as session:
        version = kb_service.kb_version(session=session)
    out: dict[str, Any] = {"kb_version": version, "manifest": manifest.to_json() if manifest else None}
    out["stale"] = manifest is None or manifest.kb_version != version or manifest.model_id != model_id_for(config.model)
    return out


def _fits(store: VectorStore, eng: _Engine, version: int) -> bool:
    return store.kb_version == version and store.model_id == eng.embedder.model_id


def _ready(eng: _Engine, session: Session) -> tuple[VectorStore, Catalog]:
    """The index and catalog at the current kb version, syncing whatever is stale or missing.

    The kb version is read from the database on every call (one primary-key read), so each API worker notices a
    change made by any process. A snapshot another process already wrote for this version is loaded as it is;
    otherwise this process syncs under the cross-process write lock, after which it first re-reads the snapshot,
    since the previous holder may just have written the one it needs.
    """
    version = kb_service.kb_version(session=session)
    store = eng.store
    if store is None or not _fits(store, eng, version):
        root = index_root(eng.settings)
        manifest = read_manifest(root)
        loaded = None
        if manifest is not None and manifest.kb_version == version and manifest.model_id == eng.embedder.model_id:
            loaded = load_store(root, params=_params(eng.config))
        if loaded is not None and _fits(loaded, eng, version):
            store = loaded
        else:
            with index_write_lock(root):
                store, _ = sync_index(session=session, embedder=eng.embedder, root=root, cache=eng.cache,
                                      params=_params(eng.config), passage_chars=eng.config.profile_passage_chars)
        eng.store = store
    if eng.catalog is None or eng.catalog.kb_version != version:
        eng.catalog = Catalog.load(session=session, bigrams=eng.config.lexical_bigrams,
                                   passage_chars=eng.config.profile_passage_chars)
    return store, eng.catalog


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


def _dense_ranking(eng: _Engine, store: VectorStore, dense: dict[str, float], dense_hits: list[tuple[str, float]],
                   floor: float, ceiling: float) -> tuple[dict[str, float] | None, list[str]]:
    """The dense ranking score and order after the configured corrections (None: plain rescaled cosine)."""
    cfg = eng.config
    order = [c for c, _ in dense_hits]
    if cfg.hubness_weight <= 0 and not cfg.dense_query_norm:
        return None, order
    adj = hubness_adjust(dense, _hubness(eng, store), cfg.hubness_weight) if cfg.hubness_weight > 0 else dict(dense)
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
    quality_prior: QualityPrior | None,
) -> MatchResult:
    cfg = eng.config
    if cfg.low_confidence_threshold is None:
        threshold = getattr(eng.embedder, "low_confidence_threshold", DEFAULT_LOW_CONFIDENCE)
        cfg = cfg.model_copy(update={"low_confidence_threshold": threshold})
    n = cfg.candidates
    dense_hits = store.search(qvec, n)[0]
    tokens = query_tokens(query.text)
    lex_hits = catalog.lexical.search(tokens, n, query_text=query.text)
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
    coverage = {c: catalog.lexical.coverage(tokens, catalog.position[c], unknown_weight=cfg.lexical_unknown_weight)
                for c in union if c in catalog.position}
    lo, hi = eng.embedder.cosine_range
    if mostly_english(query.text):
        shift = getattr(eng.embedder, "cross_lingual_offset", 0.0)
        lo, hi = lo - shift, hi - shift
    floor = cfg.dense_floor if cfg.dense_floor is not None else lo
    ceiling = cfg.dense_ceiling if cfg.dense_ceiling is not None else hi
    method = cfg.fusion if mode == "hybrid" else "weighted"
    weight = cfg.dense_weight if mode == "hybrid" else (1.0 if mode == "dense" else 0.0)
    rank_score, dense_order = (_dense_ranking(eng, store, dense, dense_hits, floor, ceiling) if mode != "lexical"
                               else (None, []))
    fused = fuse(dense=dense, dense_rank=dense_order, bm25=bm25, lexical_rank=lex_ids,
                 coverage=coverage, method=method, dense_weight=weight, dense_floor=floor,
                 dense_ceiling=ceiling, rrf_k=cfg.rrf_k, dense_rank_score=rank_score)
    if mode == "lexical":
        best = max(bm25.values(), default=1.0) or 1.0
        for s in fused.values():
            s.fused = s.bm25 / best
    top_caps = sorted(fused.values(), key=lambda s: -s.fused)[: max(60, top_k * cfg.max_supporting * 2)]
    shared = {s.cap_id: catalog.lexical.shared_terms(tokens, catalog.position[s.cap_id])
              for s in top_caps if s.cap_id in catalog.position}
    passages = {s.cap_id: catalog.passage(s.cap_id, tokens) for s in top_caps if s.cap_id in catalog.position}
    return rank_centers(
        fused=fused, capabilities=catalog.capabilities, centers=catalog.centers, query=query, config=cfg, top_k=top_k,
        open_engagements=open_engagements, override_capacity=override_capacity, quality_prior=quality_prior,
        shared_terms=shared, passages=passages,
    )


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
) -> list[MatchResult]:
    """Match several needs with one model load and one batched query embedding.

    ``session`` is the caller's: the kb version, and the catalog when it is stale, are read in the caller's
    transaction, so a match sees the knowledge base its caller sees."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    queries = [_as_query(n) for n in needs]
    with eng.lock:
        store, catalog = _ready(eng, session)
    qvecs = eng.embedder.encode_query([q.text for q in queries]) if queries else np.zeros((0, 1), np.float32)
    return [
        _match_one(eng, store, catalog, q, qvecs[i], top_k=top_k, mode=mode, open_engagements=open_engagements,
                   override_capacity=override_capacity, quality_prior=quality_prior)
        for i, q in enumerate(queries)
    ]


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
) -> MatchResult:
    """Providers for one need, best first, with reasons, exclusions and the low-confidence flag.

    ``open_engagements(center_id)`` gives a center's open engagements (the pipeline's count; none: capacity unknown);
    ``override_capacity`` lets a coordinator keep full centers (True, or a set of center ids);
    ``quality_prior(center_id)`` is a rating in [0, 1] from the evaluation, moving a score by at most ±prior_weight/2.
    """
    return match_many(session=session, settings=settings, needs=[need], top_k=top_k, config=config,
                      open_engagements=open_engagements, override_capacity=override_capacity,
                      quality_prior=quality_prior, mode=mode, embedder=embedder)[0]


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
    """A lead (seed 000 §4.2.1) and members (§4.2.2) for ``center_id`` from its team and its expert pools."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    query = _as_query(need)
    center = kb_service.get_center(session=session, center_id=center_id)
    experts = kb_service.list_experts(session=session, center_id=center_id, pools=center.expert_pools or [])
    return team_mod.propose(center=center, experts=experts, query=query, embedder=eng.embedder, members=members)


def match_experts(
    *, session: Session, settings: Settings, need: MatchQuery | str | Any, top_k: int = 10,
    config: MatcherConfig | None = None, embedder: Embedder | None = None,
) -> list[tuple[str, str, float]]:
    """Experts ranked directly against a need (id, name, relevance), conflicts of interest left out."""
    config = config or MatcherConfig()
    eng = _engine(settings, config, embedder)
    query = _as_query(need)
    experts = kb_service.list_experts(session=session)
    return team_mod.rank_experts(experts=experts, query=query, embedder=eng.embedder, top_k=top_k)


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
) -> list[Assignment]:
    """Assign many open needs at once, maximising total affinity under center capacities (min-cost flow)."""
    queries = [_as_query(n) for n in needs]
    for i, q in enumerate(queries):
        if q.id is None:
            q.id = f"need-{i + 1}"
    results = match_many(session=session, settings=settings, needs=queries, top_k=top_k, config=config,
                         open_engagements=open_engagements, override_capacity=True, embedder=embedder)
    if capacities is None:
        capacities = {}
        for c in kb_service.list_centers(session=session):
            if c.capacity is not None:
                used = open_engagements(c.id) if open_engagements else 0
                capacities[c.id] = max(0, c.capacity - used)
    affinities = {q.id or "": {m.center_id: m.score for m in r.matches} for q, r in zip(queries, results, strict=True)}
    return assign_flow(affinities, capacities=capacities, alternates=alternates)


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
