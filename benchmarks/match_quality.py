"""Matching quality on two sets: the written development set and the real-world set.

    .venv/bin/python benchmarks/match_quality.py [--home DIR] [--model e5|usem3|/abs/path]
        [--sets written,real] [--modes bm25,dense,hybrid] [--variants base,…] [--json FILE]

- ``written``: tests/matcher/data/match_dev.jsonl over kb/sample (both written by this project's first build).
- ``real``: benchmarks/data/real/needs.jsonl over benchmarks/data/real/providers.jsonl — real public texts of real
  providers and real enterprises' needs, labelled by reading (benchmarks/data/real/LABELLING.md).

Each set gets its own data folder under ``--home``; its providers are loaded the way the product loads a catalog
(kb.io.importer ``collect`` + ``import_records`` with --replace semantics) and the index is built with the product's
``matcher.service.build_index``; needs are matched with ``matcher.service.match_many``.

Metrics over the needs with at least one relevant center (graded 1 or 2): nDCG@10 (gains 2^g − 1), MRR@10,
recall@10, top-1 accuracy (a relevant center ranked first), split all / zh / en; plus the low-confidence
calibration of the top match's evidence on the needs that have no suitable provider.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from dataclasses import dataclass
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
REAL = ROOT / "benchmarks" / "data" / "real"


@dataclass(frozen=True)
class EvalSet:
    name: str
    catalog: list[Path]
    needs: Path


SETS = {
    "written": EvalSet("written", sorted((ROOT / "kb" / "sample").glob("*.jsonl")), DEV),
    "real": EvalSet("real", [REAL / "providers.jsonl"], REAL / "needs.jsonl"),
}

# Matcher variants measured by this benchmark: MatcherConfig overrides (docs/matching.md has the results).
VARIANTS: dict[str, dict[str, Any]] = {
    "base": {},
    "qnorm": {"dense_query_norm": True},
    "hub0.5": {"hubness_weight": 0.5},
    "hub1.0": {"hubness_weight": 1.0},
    "hub0.5+qnorm": {"hubness_weight": 0.5, "dense_query_norm": True},
    "lex-unknown0": {"lexical_unknown_weight": 0.0},
    "lex-bigrams": {"lexical_bigrams": True},
    "lex-unknown0+bigrams": {"lexical_unknown_weight": 0.0, "lexical_bigrams": True},
    "dw0.7": {"dense_weight": 0.7},
    "dw0.8": {"dense_weight": 0.8},
    "passages80": {"profile_passage_chars": 80},
    "passages160": {"profile_passage_chars": 160},
}


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
        "mrr@10": 1.0 / (first + 1) if first is not None else 0.0,
        "recall@10": len(relevant.intersection(ranked[:10])) / len(relevant),
        "top1": 1.0 if ranked[:1] and ranked[0] in relevant else 0.0,
    }


METRIC_KEYS = ("ndcg@10", "mrr@10", "recall@10", "top1")


def top_evidence(r: MatchResult) -> float:
    if not r.matches:
        return 0.0
    for reason in r.matches[0].reasons:
        if reason.kind == "score":
            return float(getattr(reason, "evidence", 0.0))
    return 0.0


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def prepare(es: EvalSet, home: Path, config: MatcherConfig) -> Settings:
    """A data folder holding exactly this set's catalog, imported and indexed by the product's own services."""
    settings = Settings(home=home)
    records, issues = collect(es.catalog)
    with session_scope(settings) as session:
        res = import_records(session=session, records=records, read_issues=issues, replace=True)
        assert res.ok, [str(i) for i in res.issues[:5]]
    service.build_index(settings=settings, config=config)
    return settings


def evaluate(settings: Settings, items: list[dict[str, Any]], config: MatcherConfig,
             mode: str) -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    with session_scope(settings) as session:
        results = service.match_many(session=session, settings=settings, needs=[to_query(it) for it in items],
                                     top_k=10, config=config, mode=mode)  # type: ignore[arg-type]
    by_id = {it["id"]: r for it, r in zip(items, results, strict=True)}
    answerable = [it for it in items if it["relevance"]]
    table: dict[str, dict[str, float]] = {}
    for split in ("all", "zh", "en"):
        subset = [it for it in answerable if split == "all" or it.get("lang", "zh") == split]
        ms = [metrics([m.center_id for m in by_id[it["id"]].matches], it["relevance"]) for it in subset]
        table[split] = {"n": float(len(subset)), **{k: mean([m[k] for m in ms]) for k in METRIC_KEYS}}
    no_answer = [it for it in items if not it["relevance"]]
    calib = {"answerable": [top_evidence(by_id[it["id"]]) for it in answerable],
             "no_answer": [top_evidence(by_id[it["id"]]) for it in no_answer]}
    return table, calib


def balanced_threshold(pos: list[float], neg: list[float]) -> tuple[float, float]:
    best_t, best_ba = 0.0, 0.0
    for t in sorted(set(pos + neg)):
        tpr = mean([1.0 if x >= t else 0.0 for x in pos])
        tnr = mean([1.0 if x < t else 0.0 for x in neg])
        if (tpr + tnr) / 2 > best_ba:
            best_t, best_ba = t, (tpr + tnr) / 2
    return best_t, best_ba


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench"))
    ap.add_argument("--model", default="e5")
    ap.add_argument("--sets", default="written,real")
    ap.add_argument("--modes", default="hybrid", help="comma list of bm25, dense, hybrid (weighted fusion), rrf")
    ap.add_argument("--variants", default="base", help="comma list of: " + ", ".join(VARIANTS))
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args()
    modes = {"bm25": ("lexical", {}), "dense": ("dense", {}), "hybrid": ("hybrid", {"fusion": "weighted"}),
             "rrf": ("hybrid", {"fusion": "rrf"})}
    rows: list[dict[str, Any]] = []
    header = f"{'set':<8}{'variant':<22}{'mode':<8}{'split':<6}{'n':>4}" + "".join(f"{k:>11}" for k in METRIC_KEYS)
    print(header)
    print("-" * len(header))
    for set_name in args.sets.split(","):
        es = SETS[set_name]
        items = load_set(es.needs)
        base = MatcherConfig(model=args.model)
        t0 = time.perf_counter()
        settings = prepare(es, args.home / set_name, base)
        print(f"# {set_name}: {len(items)} needs ({sum(1 for it in items if it['relevance'])} answerable), "
              f"catalog {', '.join(p.name for p in es.catalog)}; imported + indexed in {time.perf_counter() - t0:.1f}s")
        for variant in args.variants.split(","):
            for mode_name in args.modes.split(","):
                mode, cfg_update = modes[mode_name]
                config = base.model_copy(update={**cfg_update, **VARIANTS[variant]})
                service.build_index(settings=settings, config=config)  # passages change the documents: resync
                t0 = time.perf_counter()
                table, calib = evaluate(settings, items, config, mode)
                elapsed = time.perf_counter() - t0
                for split, m in table.items():
                    if not m["n"]:
                        continue
                    print(f"{set_name:<8}{variant:<22}{mode_name:<8}{split:<6}{int(m['n']):>4}"
                          + "".join(f"{m[k]:>11.3f}" for k in METRIC_KEYS))
                    rows.append({"set": set_name, "variant": variant, "mode": mode_name, "split": split, **m})
                if calib["no_answer"]:
                    t, ba = balanced_threshold(calib["answerable"], calib["no_answer"])
                    print(f"{'':<8}{'':<22}{'':<8}low-confidence: answerable median "
                          f"{sorted(calib['answerable'])[len(calib['answerable']) // 2]:.3f}, no-provider median "
                          f"{sorted(calib['no_answer'])[len(calib['no_answer']) // 2]:.3f}; best threshold {t:.3f} "
                          f"(balanced acc {ba:.2f}); {len(items) / elapsed:.1f} needs/s")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
