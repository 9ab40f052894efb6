"""Per-field accuracy and latency of the intake's LLM path against a real endpoint, beside the deterministic
extractor's, on a labelled set (by default the real set's held-out part).

Reads the endpoint from INNODOCK_LLM_* (as the product does). Each text is read three ways: the keyword rules alone,
the product's deterministic reading (rules + semantic service-type head, when one is trained for --model), and the LLM
path (the LLM's proposal validated and merged over the deterministic reading, as the chat does). --sample N measures a
random subset (seed --seed) when the whole set would take too long; the ids used are printed.
Usage: INNODOCK_LLM_BASE_URL=http://127.0.0.1:8001/v1 INNODOCK_LLM_MODEL=qwen \\
       INNODOCK_LLM_STRUCTURED_METHOD=function_calling .venv/bin/python benchmarks/intake_llm_quality.py \\
       [--set real_heldout] [--sample 40 --seed 13] [--budget 120] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_sets import load_set  # noqa: E402

from intake.extract import extract  # noqa: E402
from intake.llm import LLMSettings, read_with_llm  # noqa: E402
from intake.quality import micro_f1  # noqa: E402
from intake.schemas import Need  # noqa: E402

FIELDS = ("service_types", "province", "city", "budget_min", "budget_max", "deadline", "confidential")


def _fields(need: Need) -> dict[str, Any]:
    return {"service_types": sorted(s.value for s in need.service_types), "province": need.region.province,
            "city": need.region.city, "budget_min": need.budget.min_yuan, "budget_max": need.budget.max_yuan,
            "deadline": need.deadline.isoformat() if need.deadline else None, "confidential": need.confidential}


def _expected(item: dict[str, Any]) -> dict[str, Any]:
    e = item["expected"]
    return {"service_types": sorted(e["service_types"]), "province": e["region"]["province"],
            "city": e["region"]["city"], "budget_min": e["budget"]["min_yuan"], "budget_max": e["budget"]["max_yuan"],
            "deadline": e["deadline"], "confidential": e["confidential"]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="real_heldout")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per LLM call before falling back")
    parser.add_argument("--model", default="e5", help="embedder of the semantic head ('' for rules only)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = LLMSettings()
    if not settings.enabled:
        print("set INNODOCK_LLM_BASE_URL and INNODOCK_LLM_MODEL", file=sys.stderr)
        return 2
    items = load_set(args.set)
    if args.sample and args.sample < len(items):
        items = random.Random(args.seed).sample(sorted(items, key=lambda i: i["id"]), args.sample)
    semantic = None
    if args.model:
        from core.settings import Settings
        from intake.semantic import load_semantic
        from matcher.embedding.models import load_embedder

        semantic = load_semantic(load_embedder(args.model, home=Settings().home))
    variants = ("rules", "deterministic", "llm")
    got: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    times: dict[str, list[float]] = {v: [] for v in variants}
    fallbacks = 0
    for n, item in enumerate(items, 1):
        today = date.fromisoformat(item["today"])
        for v in variants:
            start = time.perf_counter()
            if v == "rules":
                need = extract(item["text"], today=today)
            elif v == "deterministic":
                need = extract(item["text"], today=today, service_reader=semantic,
                               product_reader=semantic.product if semantic else None)
            else:
                need = read_with_llm(item["text"], today=today, settings=settings, budget_s=args.budget,
                                     service_reader=semantic, product_reader=semantic.product if semantic else None)
                if not any("read by the LLM" in note for note in need.notes):
                    fallbacks += 1
            times[v].append(time.perf_counter() - start)
            got[v].append(_fields(need))
        print(f"[{n}/{len(items)}] {item['id']} llm {times['llm'][-1]:.1f}s", file=sys.stderr, flush=True)
    want = [_expected(i) for i in items]
    report: dict[str, Any] = {"set": args.set, "n": len(items), "ids": [i["id"] for i in items],
                              "llm_model": settings.model, "method": settings.structured_method,
                              "fallbacks": fallbacks, "variants": {}}
    print(f"\n{args.set}: {len(items)} texts; LLM {settings.model} via {settings.structured_method}; "
          f"{fallbacks} LLM calls fell back")
    print(f"{'field':26s} " + " ".join(f"{v:>13s}" for v in variants))
    for v in variants:
        report["variants"][v] = {f: sum(g[f] == w[f] for g, w in zip(got[v], want, strict=True)) / len(items)
                                 for f in FIELDS}
        report["variants"][v]["service_types_micro_f1"] = micro_f1([g["service_types"] for g in got[v]],
                                                                   [w["service_types"] for w in want])
        report["variants"][v]["all_fields"] = sum(g == w for g, w in zip(got[v], want, strict=True)) / len(items)
        ts = sorted(times[v])
        report["variants"][v]["latency_s"] = {"p50": statistics.median(ts), "p95": ts[round(0.95 * (len(ts) - 1))],
                                              "max": ts[-1]}
    for f in (*FIELDS, "service_types_micro_f1", "all_fields"):
        label = "service_types (exact set)" if f == "service_types" else f
        print(f"{label:26s} " + " ".join(f"{report['variants'][v][f]:13.3f}" for v in variants))
    for v in variants:
        lat = report["variants"][v]["latency_s"]
        print(f"latency {v:13s} p50 {lat['p50']:.3f}s  p95 {lat['p95']:.3f}s  max {lat['max']:.3f}s")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
