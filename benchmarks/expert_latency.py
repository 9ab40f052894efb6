"""What experts in the index cost: embedding them at build, ranking them per need, a team proposal before and after
the index, and how ranking grows with the number of experts. Every figure is beside a baseline of the same run.

    .venv/bin/python benchmarks/expert_latency.py [--home DIR] [--queries 60] [--sizes 2000,20000]

- ``--home``: a data folder; the sample catalog (kb/sample, 230 experts) is imported there with --replace semantics
  and indexed by the product's ``build_index``. Pointing it at a folder whose embedding cache already holds the
  catalog (e.g. ``match_quality.py``'s ``<home>/written``) skips re-embedding the capabilities.
- build: the experts' documents embedded without the cache (texts/s), against the capabilities' in the same run.
- per need (query embedding included): ``match_experts`` against the provider ``match`` on the same dev-set needs.
- team proposal: ``propose_team`` through the index against the old path, which embedded every candidate expert per
  call (``encode_document`` of their texts, as ``matcher.team.relevance`` did before issue 13).
- growth: the experts' scoring (dense search + BM25 + fusion, query vector given) over synthetic catalogs of the
  sample's experts repeated with noise on their vectors, against the 230 real ones.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from core.db import session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402
from kb import service as kb_service  # noqa: E402
from kb.io.importer import collect, import_records  # noqa: E402
from matcher import service  # noqa: E402
from matcher.embedding.cache import encode_documents  # noqa: E402
from matcher.experts import ExpertCatalog, expert_documents, expert_text  # noqa: E402
from matcher.index.store import IndexParams, VectorStore  # noqa: E402
from matcher.lexical import LexicalIndex  # noqa: E402
from matcher.schemas import MatcherConfig  # noqa: E402
from matcher.text import capability_text  # noqa: E402

DEV = ROOT / "tests" / "matcher" / "data" / "match_dev.jsonl"


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q)) if xs else float("nan")


def timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-expert-latency"))
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--sizes", default="2000,20000")
    args = ap.parse_args()
    settings = Settings(home=args.home)
    config = MatcherConfig()
    records, issues = collect(sorted((ROOT / "kb" / "sample").glob("*.jsonl")))
    with session_scope(settings) as session:
        assert import_records(session=session, records=records, read_issues=issues, replace=True).ok
    t = time.perf_counter()
    stats = service.build_index(settings=settings, config=config)
    print(f"# index build (from the cache where it holds the texts): {time.perf_counter() - t:.1f}s; "
          f"capabilities embedded {stats.embedded}, experts embedded "
          f"{stats.experts.embedded if stats.experts else 0}")
    emb = service.get_embedder(settings=settings, config=config)
    with session_scope(settings) as session:
        centers = {c.id: c for c in kb_service.list_centers(session=session)}
        experts = kb_service.list_experts(session=session)
        caps = list(kb_service.iter_capabilities(session=session))
    expert_texts = [t for _, t in expert_documents(experts, centers)]
    cap_texts = [capability_text(c, centers.get(c.center_id)) for c in caps]

    # 1. build: embedding throughput, experts against capabilities (no cache).
    n = min(len(expert_texts), len(cap_texts), 48)
    t = time.perf_counter()
    encode_documents(expert_texts[:n], embedder=emb, cache=None)
    t_exp = time.perf_counter() - t
    t = time.perf_counter()
    encode_documents(cap_texts[:n], embedder=emb, cache=None)
    t_cap = time.perf_counter() - t
    print(f"build: {n} expert documents {n / t_exp:.1f} texts/s (mean {np.mean([len(x) for x in expert_texts]):.0f} "
          f"chars), {n} capability documents {n / t_cap:.1f} texts/s (mean "
          f"{np.mean([len(x) for x in cap_texts]):.0f} chars); ratio {t_exp / t_cap:.2f}; "
          f"{len(expert_texts)} experts of {len(experts)} have text")

    # 2. per need: match_experts against the provider match, same needs, query embedding included.
    needs = [json.loads(line)["text"] for line in DEV.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    needs = needs[: args.queries]
    with session_scope(settings) as session:
        service.match(session=session, settings=settings, need=needs[0], config=config)
        service.match_experts(session=session, settings=settings, need=needs[0], config=config)
        it = iter(needs * 3)
        prov = timed(lambda: service.match(session=session, settings=settings, need=next(it), config=config),
                     len(needs))
        it = iter(needs * 3)
        expt = timed(lambda: service.match_experts(session=session, settings=settings, need=next(it),
                                                   config=config), len(needs))
    print(f"per need ({len(needs)} dev needs): providers p50 {pct(prov, 50):.1f} ms p95 {pct(prov, 95):.1f} ms; "
          f"experts p50 {pct(expt, 50):.1f} ms p95 {pct(expt, 95):.1f} ms; ratio of p50 "
          f"{pct(expt, 50) / pct(prov, 50):.2f}")

    # 3. team proposal: through the index against embedding every candidate per call (the old path).
    center = max(centers.values(), key=lambda c: sum(1 for e in experts if e.center_id == c.id or
                                                      set(e.pools or []) & set(c.expert_pools or [])))
    team = [e for e in experts if e.center_id == center.id or set(e.pools or []) & set(center.expert_pools or [])]
    team_texts = [expert_text(e, centers.get(e.center_id or "")) or e.name for e in team]
    k = max(5, args.queries // 4)
    with session_scope(settings) as session:
        it = iter(needs * 3)
        new = timed(lambda: service.propose_team(session=session, settings=settings, center_id=center.id,
                                                 need=next(it), config=config), k)
    it = iter(needs * 3)

    def old() -> None:
        q = emb.encode_query([next(it)])[0]
        _ = emb.encode_document(team_texts) @ q

    before = timed(old, k)
    print(f"team proposal ({center.id}: {len(team)} candidates, {k} needs): through the index p50 "
          f"{pct(new, 50):.1f} ms; embedding the candidates per call (relevance alone) p50 {pct(before, 50):.1f} ms; "
          f"ratio {pct(new, 50) / pct(before, 50):.3f}")

    # 4. growth: scoring over synthetic catalogs (the real experts' vectors repeated with noise, texts repeated).
    eng = service._engine(settings, config, None)
    with session_scope(settings) as session:
        store0, cat0 = service._ready_experts(eng, session)
    ids0 = list(cat0.doc_ids)
    vecs0 = np.vstack([store0.vector(e) for e in ids0])
    texts0 = [t for _, t in expert_documents([cat0.experts[e] for e in ids0], cat0.centers)]
    qvecs = emb.encode_query(needs[:20])
    rng = np.random.default_rng(13)
    base_ms: float | None = None
    for size in [len(ids0), *[int(s) for s in args.sizes.split(",") if s]]:
        reps = int(np.ceil(size / len(ids0)))
        ids = [f"{e}~{r}" for r in range(reps) for e in ids0][:size]
        vecs = np.vstack([vecs0] * reps)[:size] + rng.normal(0, 0.02, (size, vecs0.shape[1])).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        t = time.perf_counter()
        store = VectorStore(dim=store0.dim, model_id=store0.model_id, params=IndexParams())
        store.add(ids, vecs.astype(np.float32), ["-"] * size)
        texts = (texts0 * reps)[:size]
        lexical = LexicalIndex(ids, texts)
        load_s = time.perf_counter() - t
        cat = ExpertCatalog(kb_version=0, experts={}, centers={}, doc_ids=ids, lexical=lexical,
                            position={d: i for i, d in enumerate(ids)})
        it2 = iter(list(zip(needs[:20], qvecs, strict=True)) * 3)

        def score(store: VectorStore = store, cat: ExpertCatalog = cat, it2: Any = it2) -> None:
            text, q = next(it2)
            service._expert_scores(eng, store, cat, text, q)

        ms = timed(score, 20)
        base_ms = base_ms or pct(ms, 50)
        print(f"growth: {size} experts — index + BM25 built in {load_s:.1f}s, vectors {size * store0.dim * 4 / 1e6:.1f}"
              f" MB; scoring p50 {pct(ms, 50):.1f} ms p95 {pct(ms, 95):.1f} ms (×{pct(ms, 50) / base_ms:.1f} the "
              f"{len(ids0)} real experts')")


if __name__ == "__main__":
    main()
