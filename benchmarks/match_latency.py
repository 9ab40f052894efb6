"""Index build time, memory, query latency (query embedding included) and approximate-search recall, by size.

    .venv/bin/python benchmarks/match_latency.py [--sizes 10000,100000,1000000] [--home DIR] [--queries 200]
    .venv/bin/python benchmarks/match_latency.py --service previous,base [--home DIR] [--queries 100]

``--service`` measures one match end to end through ``matcher.service.match`` (query embedding, dense and lexical
retrieval, expansion, fusion, rules, ranking, explanations) on the written development set's catalog, for each named
variant of benchmarks/match_quality.py, each in a fresh process so its resident memory (RSS after warm-up and after
the timed matches, what one API worker holds) is its own.

Catalog vectors are synthetic — embedding 1M texts on 2 cores takes hours — but shaped like real ones: each is a
random mix of two real e5 capability vectors from kb/sample plus noise, renormalised, so they cluster the way a
catalog does (pure Gaussian noise would be an unrealistically hard case for HNSW). Queries are real: dev-set needs
embedded with the default model at query time, so latency includes the query embedding. Recall@10 compares HNSW
(the kind used above the size threshold) with exact inner-product search over the same vectors.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import faiss  # noqa: E402

from kb.schemas import CapabilityRecord, CenterRecord  # noqa: E402
from matcher.embedding.models import load_embedder  # noqa: E402
from matcher.index.store import IndexParams, VectorStore  # noqa: E402
from matcher.text import capability_text  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_texts() -> list[str]:
    centers: dict[str, CenterRecord] = {}
    caps: list[CapabilityRecord] = []
    for f in sorted((ROOT / "kb" / "sample").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            r = json.loads(line)
            t = r.pop("type")
            if t == "center":
                centers[r["id"]] = CenterRecord.model_validate(r)
            elif t == "capability":
                caps.append(CapabilityRecord.model_validate(r))
    return [capability_text(c, centers.get(c.center_id)) for c in caps]


def synthetic(base: np.ndarray, n: int, rng: np.random.Generator, noise: float = 0.35) -> np.ndarray:
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    step = 50_000
    for s in range(0, n, step):
        m = min(step, n - s)
        i = rng.integers(0, len(base), m)
        j = rng.integers(0, len(base), m)
        w = rng.uniform(0.5, 1.0, (m, 1)).astype(np.float32)
        v = w * base[i] + (1 - w) * base[j] + noise * rng.normal(size=(m, base.shape[1])).astype(np.float32) / np.sqrt(
            base.shape[1])
        out[s : s + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def pct(xs: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(xs), p))


def service_one(variant: str, home: Path, queries: int, profile: bool = False,
                threads: int | None = 1) -> dict[str, float]:
    """One variant, in this process: import and index the written set, warm up, time ``queries`` single matches
    (``profile``: under cProfile, its tables printed to stderr; the timings then include the profiler's cost).
    ``threads``: the runtimes' share of the cores (``MatcherConfig.torch_threads``); 1 is what each worker of
    ``innodock serve --workers 2`` gets on 2 cores, None the runtimes' own default (all cores)."""
    from benchmarks.match_quality import VARIANTS, load_set, prepare
    from matcher import service
    from matcher.quality import MATCH_SETS, match_item
    from matcher.schemas import MatcherConfig

    # Every timed match pays its query's model call: the worker's memo of query vectors (a need matched twice at
    # submission) is off here, so a set shorter than ``queries`` does not time its repeats from the memo.
    no_memo = {"query_memo_size": 0} if "query_memo_size" in MatcherConfig.model_fields else {}
    config = MatcherConfig().model_copy(update={"torch_threads": threads, **no_memo, **VARIANTS[variant]})
    settings = prepare(MATCH_SETS["written"], home, config)
    service.warm(settings=settings, config=config)
    rss_warm = rss_mb()
    items = load_set(MATCH_SETS["written"].needs)
    items = (items * (queries // len(items) + 1))[:queries]
    # Each need as a submitted need carries it: with intake's reading (its product among it), which
    # ``product_card_weight`` embeds beside the text; a tree from before that reading matches the text alone.
    try:
        from benchmarks.match_quality import read_structure
    except ImportError:
        read = {it["id"]: match_item(it).query for it in items}
    else:
        read = read_structure(items)
    lat = []
    from core.db import session_scope

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    for it in items:
        s = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        with session_scope(settings) as session:
            service.match(session=session, settings=settings, need=read[it["id"]], config=config)
        if profiler is not None:
            profiler.disable()
        lat.append((time.perf_counter() - s) * 1000)
    if profiler is not None:
        import pstats

        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return {"p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "rss_warm_mb": rss_warm, "rss_mb": rss_mb()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--service", help="comma list of match_quality variants to time end to end (see module doc)")
    ap.add_argument("--service-one", help="time one variant in this process (the JSON line is its result)")
    ap.add_argument("--profile", action="store_true", help="with --service-one: cProfile the timed matches")
    ap.add_argument("--threads", type=int, default=1,
                    help="with --service: runtime threads, as one of N workers on N cores gets (0: their default)")
    ap.add_argument("--trees", default="", help="with --service: label=DIR,… source trees to run alternately")
    ap.add_argument("--rounds", type=int, default=1, help="with --service: rounds over variants and trees")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench"))
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--m", type=int, default=32)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--ef-search", type=int, default=512)
    ap.add_argument("--ef-sweep", default="64,128,256,512", help="HNSW efSearch values to measure")
    args = ap.parse_args()
    if args.service_one:
        print(json.dumps(service_one(args.service_one, args.home / "latency", args.queries, args.profile,
                                     args.threads or None)))
        return
    if args.service:
        import subprocess

        # ``--trees before=/tmp/old,now=.``: the same variants from other source trees (a ``git archive`` of an earlier
        # commit with this script copied in), alternating, so a change is measured before and after in one run.
        trees = [tuple(t.split("=", 1)) for t in args.trees.split(",")] if args.trees else [("", str(ROOT))]
        print(f"{'variant':<28}{'p50 ms':>9}{'p95 ms':>9}{'RSS warm MB':>13}{'RSS after MB':>14}")
        # One process first builds the index and fills the embedding cache, as `innodock index build` does before
        # the API starts; the timed processes then find every document embedded, as a serving worker does, so their
        # memory is a worker's, not an index builder's.
        script = lambda tree: str(Path(tree).resolve() / "benchmarks" / "match_latency.py")  # noqa: E731
        # Each tree gets a data folder of its own: an older tree cannot open a database a newer one has migrated.
        home = lambda label: args.home / label if len(trees) > 1 else args.home  # noqa: E731
        for label, tree in trees:
            subprocess.run([sys.executable, script(tree), "--service-one", args.service.split(",")[0], "--home",
                            str(home(label)), "--queries", "1"], capture_output=True, text=True, check=True,
                           cwd=tree)
        for _ in range(args.rounds):
            for variant in args.service.split(","):
                for label, tree in trees:
                    out = subprocess.run([sys.executable, script(tree), "--service-one", variant, "--home",
                                          str(home(label)), "--queries", str(args.queries), "--threads",
                                          str(args.threads)], capture_output=True, text=True, check=True,
                                         cwd=tree)
                    r = json.loads(out.stdout.strip().splitlines()[-1])
                    name = f"{variant}@{label}" if label else variant
                    print(f"{name:<28}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['rss_warm_mb']:>13.0f}"
                          f"{r['rss_mb']:>14.0f}", flush=True)
        return
    faiss.omp_set_num_threads(2)
    rng = np.random.default_rng(7)
    t0 = time.perf_counter()
    emb = load_embedder("e5", home=args.home)
    print(f"model load {time.perf_counter() - t0:.1f}s; RSS {rss_mb():.0f} MB")

    texts = sample_texts()
    emb.encode_document(texts[:32])  # warm-up
    t0 = time.perf_counter()
    base = emb.encode_document(texts)
    dt = time.perf_counter() - t0
    print(f"embedding throughput (default model, batch 32, {len(texts)} capability texts, mean "
          f"{np.mean([len(t) for t in texts]):.0f} chars): {len(texts) / dt:.1f} texts/s")

    dev = ROOT / "tests" / "matcher" / "data" / "match_dev.jsonl"
    qtexts = [json.loads(line)["text"] for line in dev.read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    qtexts = (qtexts * (args.queries // len(qtexts) + 1))[: args.queries]
    t0 = time.perf_counter()
    qlat = []
    qvecs = []
    for q in qtexts:
        s = time.perf_counter()
        qvecs.append(emb.encode_query([q])[0])
        qlat.append((time.perf_counter() - s) * 1000)
    print(f"query embedding alone: p50 {pct(qlat, 50):.1f} ms, p95 {pct(qlat, 95):.1f} ms")
    qmat = np.vstack(qvecs).astype(np.float32)

    print(f"\n{'size':>9} {'kind':<8}{'ef':>5}{'build s':>9}{'index MB':>10}{'RSS MB':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'search p50':>11}{'search p95':>11}{'recall@10':>10}")
    ef_values = [int(x) for x in args.ef_sweep.split(",") if x]
    for n in [int(x) for x in args.sizes.split(",") if x]:
        vecs = synthetic(base, n, rng)
        ids = [f"cap-{i}" for i in range(n)]
        exact: list[set[str]] = []
        for label in ("flat_ip", "hnsw_ip"):
            params = IndexParams(hnsw_threshold=n + 1 if label == "flat_ip" else 1, hnsw_m=args.m,
                                 ef_construction=args.ef_construction, ef_search=args.ef_search)
            rss0 = rss_mb()
            t0 = time.perf_counter()
            store = VectorStore(dim=vecs.shape[1], model_id="bench", params=params, kind=label)
            store.add(ids, vecs, [""] * n)
            build = time.perf_counter() - t0
            size_mb = faiss.serialize_index(store.index).nbytes / 1e6
            grow = rss_mb() - rss0
            for ef in ([0] if label == "flat_ip" else ef_values):
                if ef:
                    faiss.downcast_index(store.index.index).hnsw.efSearch = ef  # type: ignore[attr-defined]
                lat, slat = [], []
                for q in qtexts:  # end to end: embed the need, then search
                    s = time.perf_counter()
                    qv = emb.encode_query([q])[0]
                    s2 = time.perf_counter()
                    store.search(qv, 10)
                    e = time.perf_counter()
                    lat.append((e - s) * 1000)
                    slat.append((e - s2) * 1000)
                found = [{h[0] for h in store.search(qv, 10)[0]} for qv in qmat]
                if label == "flat_ip":
                    exact = found
                recall = float(np.mean([len(a & b) / 10 for a, b in zip(exact, found, strict=True)]))
                print(f"{n:>9} {label:<8}{ef or '-':>5}{build:>9.1f}{size_mb:>10.0f}{grow:>8.0f}{pct(lat, 50):>8.1f}"
                      f"{pct(lat, 95):>8.1f}{pct(slat, 50):>11.2f}{pct(slat, 95):>11.2f}{recall:>10.3f}", flush=True)
            del store
        del vecs


if __name__ == "__main__":
    main()
