"""Train the learned ranker (matcher/ranker.py) and measure it against the hand-set fusion, out of fold (issue 28,
item 3). One command trains the shipped model:

    .venv/bin/python benchmarks/train_ranker.py [--home DIR] [--features FILE] [--model matcher/data/ranker.json]
        [--json benchmarks/results/issue28-ranker.json] [--products-read rules|e5]

``--products-read e5`` gives each need the product the API reads (intake's product chooser), as the default's figures
since docs/matching.md §8m are measured; ``rules`` (the default here, as §8f's runs) the rule reader's.

1. Each set (written, real) is imported and indexed the product's way (benchmarks/match_quality.py ``prepare``) and its
   needs matched with the default matcher (hand-set fusion) and intake's structured reading of each need
   (``read_structure``), keeping the best ``MatcherConfig.ranker_pool`` centers; each candidate's features are read
   from the match as the API returns it (``matcher.ranker.features``). They are written to ``--features`` (JSON) and
   read back from there on a re-run with ``--reuse``.
2. **Out of fold**: the needs of both sets are split into 5 folds grouped by need (a translation goes with its
   original: ``-en``), each fold ranked by a model fitted on the other four. nDCG@10 per need, against the fusion's
   order of the same candidates: paired mean difference, 95 % bootstrap interval, sign test (``match_quality.paired``),
   per set, language and category of the real set.
3. **Held half**: a model fitted on the tune halves of both sets (``match_quality.tune_half``), measured on the held
   halves.
4. The shipped model is fitted on every need of both sets; the file records the figures above and the adoption rule's
   verdict (``meta``). No knob is tuned: the regularisation is scikit-learn's default (C = 1) and the pool the
   setting's default.

``--priors`` (issue 28, item 3: the hub and the rating prior) measures today's features plus
``ranker.PRIOR_FEATURES`` the same way — knob chosen on the tune halves, out of fold, held half — against the fusion
and against today's learned model, applies the adoption rule, writes ``--priors-json``, and leaves the model files
alone. The hub prior of a center is the share of *training* needs of the same set whose first 10 it was in while
labelled unsuitable (``ranker.hub_counts``; a training need's own labels left out of its own value, a ranked need's
never read); a label-free variant counts the first 10 whatever the labels. The rating prior is each candidate's
evaluation rating as the match recorded it, neutral (0.5) where there is none.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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

from benchmarks.match_quality import READ, in_split, load_set, paired, prepare, read_structure, tune_half  # noqa: E402
from matcher import ranker  # noqa: E402
from matcher.quality import MATCH_SETS, match_results, ranking_metrics  # noqa: E402
from matcher.schemas import MatcherConfig  # noqa: E402

FOLDS = 5
SETS = ("written", "real")


def extract(home: Path, sets: tuple[str, ...] = SETS, products_read: str = "rules") -> list[dict[str, Any]]:
    """Every need of the sets with its candidate list: ids, feature rows, in the fusion's order. ``products_read``:
    whose product each need carries (``match_quality.read_structure``): "e5" is the API's reading of a submitted need
    (intake's product chooser), the one the default's figures since §8m are measured with."""
    out: list[dict[str, Any]] = []
    config = MatcherConfig()
    for set_name in sets:
        es = MATCH_SETS[set_name]
        items = load_set(es.needs)
        READ.update(read_structure(items, products_read))
        settings = prepare(es, home / set_name, config)
        t0 = time.perf_counter()
        results = match_results([READ[it["id"]] for it in items], settings=settings, config=config,
                                top_k=config.ranker_pool)
        print(f"# {set_name}: {len(items)} needs matched in {time.perf_counter() - t0:.1f}s", flush=True)
        tune = tune_half(items)
        for it, res in zip(items, results, strict=True):
            matches = [m.to_json() for m in res.matches]
            out.append({"set": set_name, "id": it["id"], "key": f"{set_name}:{it['id'].removesuffix('-en')}",
                        "lang": it.get("lang", "zh"), "category": it.get("category"),
                        "half": "tune" if in_split(it, "tune", tune) else "held",
                        "relevance": dict(it.get("relevance") or {}),
                        "centers": [m["center_id"] for m in matches],
                        "rating": ranker.rating_priors(matches),
                        "x": ranker.features(matches).round(6).tolist()})
    return out


def group(row: dict[str, Any]) -> ranker.Group:
    rel = row["relevance"]
    x = np.asarray(row["x"], dtype=np.float64).reshape(-1, len(ranker.FEATURES))
    return ranker.Group(key=row["key"], x=x, grades=tuple(float(rel.get(c, 0)) for c in row["centers"]))


def ndcg(row: dict[str, Any], order: list[int]) -> dict[str, float]:
    return ranking_metrics([row["centers"][i] for i in order], row["relevance"])


def folds_of(rows: list[dict[str, Any]], k: int = FOLDS) -> list[int]:
    """A fold per row, grouped by need key, balanced by a fixed shuffle of the keys."""
    keys = sorted({r["key"] for r in rows})
    rng = np.random.default_rng(13)
    rng.shuffle(keys)
    fold = {key: i % k for i, key in enumerate(keys)}
    return [fold[r["key"]] for r in rows]


def answerable(row: dict[str, Any]) -> bool:
    return any(g >= 1 for g in row["relevance"].values())


def compare(rows: list[dict[str, Any]], base: list[dict[str, float]], new: list[dict[str, float]],
            label: str, names: tuple[str, str] = ("fusion", "learned")) -> list[dict[str, Any]]:
    """Per set, language and real-set category: both rankings' means and the paired difference of nDCG@10
    (``names``: the base's and the new ranking's, as the table's keys call them)."""
    a, b_ = names
    table = []
    subsets: list[tuple[str, list[int]]] = []
    for set_name in SETS:
        idx = [i for i, r in enumerate(rows) if r["set"] == set_name and answerable(r)]
        if not idx:
            continue
        subsets.append((f"{set_name}", idx))
        for lang in ("zh", "en"):
            subsets.append((f"{set_name} {lang}", [i for i in idx if rows[i]["lang"] == lang]))
        if set_name == "real":
            cats = sorted({str(rows[i]["category"]) for i in idx})
            subsets += [(f"real cat:{c}", [i for i in idx if str(rows[i]["category"]) == c]) for c in cats]
    for name, idx in subsets:
        if not idx:
            continue
        b = {rows[i]["id"]: base[i]["ndcg@10"] for i in idx}
        n = {rows[i]["id"]: new[i]["ndcg@10"] for i in idx}
        diff, lo, hi, p = paired(n, b)
        entry = {"eval": label, "subset": name, "n": len(idx),
                 **{f"{a}_{k}": float(np.mean([base[i][k] for i in idx])) for k in base[idx[0]]},
                 **{f"{b_}_{k}": float(np.mean([new[i][k] for i in idx])) for k in new[idx[0]]},
                 "diff": diff, "ci_low": lo, "ci_high": hi, "sign_p": p}
        table.append(entry)
        print(f"{label:<10}{name:<40}{len(idx):>4}  {a} {entry[f'{a}_ndcg@10']:.3f} top1 "
              f"{entry[f'{a}_top1']:.3f}  {b_} {entry[f'{b_}_ndcg@10']:.3f} top1 {entry[f'{b_}_top1']:.3f}  "
              f"{diff:+.3f} [{lo:+.3f}, {hi:+.3f}] p={p:.3f}", flush=True)
    return table


def verdict(table: list[dict[str, Any]]) -> dict[str, Any]:
    """The issue's rule on the out-of-fold figures: it helps the real set (interval above zero), costs at most 0.01 on
    the written set, no real category falls by more than 0.02; and the held half of the real set does not fall."""
    oof = {e["subset"]: e for e in table if e["eval"] == "oof"}
    held = {e["subset"]: e for e in table if e["eval"] == "held"}
    cats = {k: v["diff"] for k, v in oof.items() if k.startswith("real cat:")}
    checks = {
        "real_gain_interval_above_zero": oof["real"]["ci_low"] > 0,
        "written_cost_at_most_0.01": oof["written"]["diff"] >= -0.01,
        "no_real_category_falls_over_0.02": all(d >= -0.02 for d in cats.values()),
        "real_held_half_does_not_fall": held.get("real", {"diff": 0.0})["diff"] >= 0,
    }
    return {"adopt": all(checks.values()), "checks": checks}


KNOBS: list[dict[str, Any]] = [{"c": c, "per_need": p} for p in (False, True) for c in (0.1, 1.0, 10.0)]

# Groups for a fit and for the needs it ranks: (training row indices, ranked row indices) → (the training groups,
# each ranked row's group). Today's features need nothing from the training rows; the priors' hub prior does.
Build = Callable[[list[int], list[int]], tuple[list[ranker.Group], dict[int, ranker.Group]]]
PRIOR_NAMES = (*ranker.FEATURES, *ranker.PRIOR_FEATURES)


def plain(groups: list[ranker.Group]) -> Build:
    def build(train: list[int], ranked: list[int]) -> tuple[list[ranker.Group], dict[int, ranker.Group]]:
        return [groups[i] for i in train], {i: groups[i] for i in ranked}
    return build


def with_priors(rows: list[dict[str, Any]], groups: list[ranker.Group], *, label_free: bool = False) -> Build:
    """Today's features and the two priors (``ranker.PRIOR_FEATURES``). The hub prior is counted on the training rows
    of the same set alone (``ranker.hub_counts``: their labels stand for a deployment's decided rounds), a training
    row's own need (its key: a translation with its original) left out of its own count; a ranked row reads the
    training rows' counts, never its own labels. ``label_free``: the share of the other needs whose first 10 the
    center is in, whatever their labels (hubness from the rankings alone). The rating prior: each candidate's rating
    as its match recorded it, neutral where none (the sets have no evaluations: neutral throughout)."""
    def lists(idx: list[int]) -> list[tuple[list[str], dict[str, float]]]:
        return [(rows[i]["centers"], {} if label_free else rows[i]["relevance"]) for i in idx]

    def build(train: list[int], ranked: list[int]) -> tuple[list[ranker.Group], dict[int, ranker.Group]]:
        by_set: dict[str, list[int]] = {}
        by_key: dict[str, list[int]] = {}
        for i in train:
            by_set.setdefault(rows[i]["set"], []).append(i)
            by_key.setdefault(rows[i]["key"], []).append(i)
        counts = {name: ranker.hub_counts(lists(idx)) for name, idx in by_set.items()}

        def aug(i: int, leave_own_out: bool) -> ranker.Group:
            r, g = rows[i], groups[i]
            total, n = counts.get(r["set"], ({}, 0))
            if leave_own_out:
                mine, m = ranker.hub_counts(lists(by_key[r["key"]]))
                total, n = {c: v - mine.get(c, 0) for c, v in total.items()}, n - m
            hub = ranker.hub_prior(r["centers"], total, n)
            rating = r.get("rating") or [ranker.NEUTRAL_RATING] * len(r["centers"])
            if not r["centers"]:
                return ranker.Group(g.key, np.zeros((0, len(PRIOR_NAMES))), g.grades)
            return ranker.Group(g.key, np.hstack([g.x, np.column_stack([hub, rating])]), g.grades)

        return [aug(i, True) for i in train], {i: aug(i, False) for i in ranked}
    return build


def out_of_fold(rows: list[dict[str, Any]], build: Build, names: tuple[str, ...],
                knob: dict[str, Any]) -> list[dict[str, float]]:
    """Each row ranked by a model fitted on the other folds (5, grouped by need, both sets pooled)."""
    fold = folds_of(rows)
    out: list[dict[str, float]] = [{} for _ in rows]
    for k in range(FOLDS):
        train = [i for i, f in enumerate(fold) if f != k]
        ranked = [i for i, f in enumerate(fold) if f == k]
        fitted, apply = build(train, ranked)
        model = ranker.fit(fitted, **knob, names=names)
        for i in ranked:
            out[i] = ndcg(rows[i], ranker.order_of(apply[i], model))
    return out


def held_half(rows: list[dict[str, Any]], build: Build, names: tuple[str, ...],
              knob: dict[str, Any]) -> tuple[list[int], list[dict[str, float]]]:
    """The held halves ranked by a model fitted on the tune halves of both sets."""
    tune = [i for i, r in enumerate(rows) if r["half"] == "tune"]
    held = [i for i, r in enumerate(rows) if r["half"] == "held"]
    fitted, apply = build(tune, held)
    model = ranker.fit(fitted, **knob, names=names)
    return held, [ndcg(rows[i], ranker.order_of(apply[i], model)) for i in held]


def choose_knob(rows: list[dict[str, Any]], build: Build, base: list[dict[str, float]],
                names: tuple[str, ...] = ranker.FEATURES) -> dict[str, Any]:
    """The regularisation and the pairs' weighting, chosen on the tune halves alone: out of fold within them (5 folds
    grouped by need), the knob with the best real-set nDCG@10 among those costing the written set at most 0.01."""
    tune = [i for i, r in enumerate(rows) if r["half"] == "tune"]
    fold = folds_of([rows[i] for i in tune])
    best: tuple[float, dict[str, Any]] | None = None
    for knob in KNOBS:
        got: dict[int, float] = {}
        for k in range(FOLDS):
            train = [i for i, f in zip(tune, fold, strict=True) if f != k]
            ranked = [i for i, f in zip(tune, fold, strict=True) if f == k]
            fitted, apply = build(train, ranked)
            model = ranker.fit(fitted, **knob, names=names)
            for i in ranked:
                got[i] = ndcg(rows[i], ranker.order_of(apply[i], model))["ndcg@10"]
        means = {}
        for set_name in SETS:
            idx = [i for i in tune if rows[i]["set"] == set_name and answerable(rows[i])]
            means[set_name] = (float(np.mean([got[i] for i in idx])), float(np.mean([base[i]["ndcg@10"] for i in idx])))
        ok = means["written"][0] - means["written"][1] >= -0.01
        print(f"# tune halves, {knob}: real {means['real'][0]:.3f} (fusion {means['real'][1]:.3f}), written "
              f"{means['written'][0]:.3f} (fusion {means['written'][1]:.3f}){'' if ok else ' — costs the written set'}",
              flush=True)
        if ok and (best is None or means["real"][0] > best[0]):
            best = (means["real"][0], knob)
    chosen = best[1] if best else {"c": ranker.C, "per_need": ranker.PER_NEED}
    print(f"# chosen on the tune halves: {chosen}", flush=True)
    return chosen


def measure_priors(rows: list[dict[str, Any]], groups: list[ranker.Group], base: list[dict[str, float]],
                   oof: list[dict[str, float]], held_rows: list[int], held_new: list[dict[str, float]],
                   today_table: list[dict[str, Any]], out: Path) -> dict[str, Any]:
    """The hub and rating priors as features (issue 28, item 3): today's features plus the two, the knob chosen on
    the tune halves the same way, out of fold and on the held half, each against the hand-set fusion and against
    today's learned model (its figures above), and the adoption rule on the one against the fusion. Then the same
    with the label-free hub prior (the rankings alone), reported beside it, not a candidate for adoption."""
    report: dict[str, Any] = {"today": today_table}
    held_base = [base[i] for i in held_rows]
    held_sub = [rows[i] for i in held_rows]
    for variant, label_free in (("priors", False), ("priors_label_free", True)):
        build = with_priors(rows, groups, label_free=label_free)
        print(f"# === {variant}: today's features + {', '.join(ranker.PRIOR_FEATURES)}"
              f"{' (hub prior from the rankings alone)' if label_free else ''}", flush=True)
        knob = choose_knob(rows, build, base, PRIOR_NAMES)
        new_oof = out_of_fold(rows, build, PRIOR_NAMES, knob)
        _, new_held = held_half(rows, build, PRIOR_NAMES, knob)
        print(f"# {variant} against the hand-set fusion")
        vs_fusion = compare(rows, base, new_oof, "oof", ("fusion", variant))
        vs_fusion += compare(held_sub, held_base, new_held, "held", ("fusion", variant))
        print(f"# {variant} against today's learned model")
        vs_today = compare(rows, oof, new_oof, "oof", ("learned", variant))
        vs_today += compare(held_sub, held_new, new_held, "held", ("learned", variant))
        decision = verdict(vs_fusion)
        final = ranker.fit(build(list(range(len(rows))), [])[0], **knob, names=PRIOR_NAMES)
        weights = dict(zip(final.features, (round(w, 4) for w in final.weights), strict=True))
        print(f"# {variant}: adoption rule against the fusion: {decision}; knob {knob}; prior weights "
              + ", ".join(f"{f} {weights[f]:+.3f}" for f in ranker.PRIOR_FEATURES), flush=True)
        report[variant] = {"knob": knob, "vs_fusion": vs_fusion, "vs_today": vs_today, "verdict": decision,
                           "weights_on_all": weights}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-bench"))
    ap.add_argument("--features", type=Path, default=Path("/tmp/innodock-bench/ranker-features.json"))
    ap.add_argument("--products-read", default="rules",
                    help="the needs' products: 'rules' (intake's rule reader) or an embedder name ('e5': its product "
                         "chooser, as the API reads a submitted need and as match_quality.py --products-read e5)")
    ap.add_argument("--reuse", action="store_true", help="read the features from --features instead of matching")
    ap.add_argument("--model", type=Path, default=ranker.DEFAULT_MODEL)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "issue28-ranker.json")
    ap.add_argument("--priors", action="store_true",
                    help="also measure the hub and rating priors as features (against the fusion and today's "
                         "learned model), write --priors-json, and leave the model files alone")
    ap.add_argument("--priors-json", type=Path,
                    default=ROOT / "benchmarks" / "results" / "issue28-ranker-priors.json")
    args = ap.parse_args()
    if args.reuse and args.features.exists():
        rows = json.loads(args.features.read_text("utf-8"))
    else:
        rows = extract(args.home, products_read=args.products_read)
        args.features.parent.mkdir(parents=True, exist_ok=True)
        args.features.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    groups = [group(r) for r in rows]
    base = [ndcg(r, list(range(len(r["centers"])))) for r in rows]

    knob = choose_knob(rows, plain(groups), base)
    oof = out_of_fold(rows, plain(groups), ranker.FEATURES, knob)
    print("# out of fold (5 folds grouped by need, both sets pooled)")
    table = compare(rows, base, oof, "oof")

    held_rows, held_new = held_half(rows, plain(groups), ranker.FEATURES, knob)
    print("# held half (fitted on the tune halves of both sets)")
    table += compare([rows[i] for i in held_rows], [base[i] for i in held_rows], held_new, "held")

    decision = verdict(table)
    print(f"# adoption rule: {decision}")
    if args.priors:
        measure_priors(rows, groups, base, oof, held_rows, held_new, table, args.priors_json)
        print("# --priors: measured only; the model files are left as they are")
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    summary = {e["eval"] + " " + e["subset"]: {"fusion": round(e["fusion_ndcg@10"], 4),
                                              "learned": round(e["learned_ndcg@10"], 4), "diff": round(e["diff"], 4),
                                              "ci": [round(e["ci_low"], 4), round(e["ci_high"], 4)]}
               for e in table if e["subset"] in ("written", "real")}
    trained_on = {s: sum(1 for r in rows if r["set"] == s) for s in SETS}
    pool = MatcherConfig().ranker_pool
    final = ranker.fit(groups, **knob, meta={"knob": knob, "trained_on": trained_on, "pool": pool,
                                             "at_commit": commit, "command": "benchmarks/train_ranker.py",
                                             "measured": summary, "adopted": decision["adopt"],
                                             "checks": decision["checks"]})
    final.save(args.model)
    ranker.save_groups(groups, args.model.parent / ranker.TRAINING_DATA.name)
    print(f"# model written to {args.model}: " + ", ".join(f"{f} {w:+.3f}" for f, w in
                                                            zip(final.features, final.weights, strict=True)))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"table": table, "verdict": decision, "model": final.to_json()},
                                    ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
