"""Memory of API workers holding the vector index: each its own copy, or one read-only mapping shared by all.

    .venv/bin/python benchmarks/index_memory.py [--docs 100000] [--dim 896] [--workers 4] [--kind hnsw|flat|hnsw_sq]
        [--ef-construction 40] [--home /tmp/innodock-indexmem]

Writes one index generation of ``--docs`` synthetic unit vectors (896 dimensions: the e5 + USE ensemble's; the memory
an index takes does not depend on what the vectors say) with ``matcher.index.store``, then starts ``--workers``
processes at once for each way of loading it (``load_store(mmap=False)``: read into the worker, as before issue 33;
``mmap=True``: mapped read-only, today) and, for reference, as many that load no index. Each worker imports what a
worker imports for the index (numpy, FAISS, the store), loads, runs 200 searches of 150 candidates (what a match
asks), and reports, while all of them are still alive: VmRSS, its anonymous part (RssAnon: memory of this process
alone), its file-backed part (RssFile: pages of mapped files, shared with every process that maps them) and PSS
(smaps_rollup: each shared page divided among the processes sharing it). The sum of PSS over the workers is what they
cost the machine. The build uses ``--ef-construction`` (default 40, the product's 200 builds several times longer;
the graph's size does not depend on it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def memory() -> dict[str, float]:
    out: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) / 1024
    rollup = Path("/proc/self/smaps_rollup")
    if rollup.exists():
        for line in rollup.read_text().splitlines():
            key, _, value = line.partition(":")
            if key == "Pss":
                out["Pss"] = int(value.split()[0]) / 1024
    return out


def worker(home: Path, mode: str) -> None:
    """One worker: load (or not), search, print its memory, then wait for the parent's word to exit."""
    import faiss
    import numpy as np

    from matcher.index.store import IndexParams, load_store

    faiss.omp_set_num_threads(1)
    if mode != "none":
        store = load_store(home, params=IndexParams(), mmap=mode == "mmap")
        assert store is not None and store.mapped == (mode == "mmap")
        rng = np.random.default_rng(os.getpid())
        for _ in range(200):
            q = rng.normal(size=store.dim).astype(np.float32)
            store.search(q / np.linalg.norm(q), 150)
    print("ready", flush=True)
    sys.stdin.readline()  # every worker has loaded: now each shared page is divided among all of them
    print(json.dumps(memory()), flush=True)
    sys.stdin.readline()


def build(home: Path, docs: int, dim: int, kind: str, ef_construction: int) -> float:
    import numpy as np

    from matcher.index.store import IndexParams, VectorStore

    params = IndexParams(hnsw_threshold=1 if kind == "hnsw" else docs + 1, ef_construction=ef_construction,
                         quantize_threshold=1_000 if kind == "hnsw_sq" else docs + 1)
    rng = np.random.default_rng(7)
    store = VectorStore(dim=dim, model_id="bench", params=params)
    t0 = time.perf_counter()
    step = 20_000
    for s in range(0, docs, step):
        n = min(step, docs - s)
        v = rng.normal(size=(n, dim)).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        store.add([f"cap-{i}" for i in range(s, s + n)], v, [f"{i:064x}" for i in range(s, s + n)])
    store.save(home)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=896)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--kind", choices=["hnsw", "flat", "hnsw_sq"], default="hnsw",
                    help="hnsw: what the product uses above 50,000 documents; hnsw_sq: above 200,000 (int8, the float "
                         "vectors in a mapped file for re-ranking)")
    ap.add_argument("--ef-construction", type=int, default=40)
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-indexmem"))
    ap.add_argument("--worker", choices=["none", "copy", "mmap"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.home, args.worker)
        return
    from matcher.index.store import read_manifest

    m = read_manifest(args.home)
    if m is None or m.count != args.docs or m.dim != args.dim or m.index_kind != f"{args.kind}_ip":
        took = build(args.home, args.docs, args.dim, args.kind, args.ef_construction)
        print(f"built {args.docs} × {args.dim} ({args.kind}) in {took:.0f} s")
    size = sum(p.stat().st_size for p in args.home.glob("gen-*/*")) / 2**20
    print(f"index generation on disk: {size:.0f} MiB; {args.workers} workers each way, all alive when measured")
    print(f"{'load':<8}{'worker':>7}{'VmRSS':>9}{'RssAnon':>9}{'RssFile':>9}{'PSS':>9}   (MiB)")
    for mode in ("none", "copy", "mmap"):
        procs = [subprocess.Popen([sys.executable, __file__, "--worker", mode, "--home", str(args.home)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for _ in range(args.workers)]
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        rows = []
        for p in procs:
            assert p.stdin is not None and p.stdout is not None
            p.stdin.write("\n")
            p.stdin.flush()
            rows.append(json.loads(p.stdout.readline()))
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("\n")
            p.stdin.flush()
            p.wait(timeout=60)
        for i, r in enumerate(rows):
            print(f"{mode:<8}{i + 1:>7}{r['VmRSS']:>9.0f}{r['RssAnon']:>9.0f}{r['RssFile']:>9.0f}"
                  f"{r.get('Pss', float('nan')):>9.0f}")
        total = sum(r.get("Pss", 0.0) for r in rows)
        print(f"{mode:<8}{'sum':>7}{sum(r['VmRSS'] for r in rows):>9.0f}{sum(r['RssAnon'] for r in rows):>9.0f}"
              f"{sum(r['RssFile'] for r in rows):>9.0f}{total:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
