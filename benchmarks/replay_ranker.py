"""Replay: the learned ranker retrained as coordinators' decisions accumulate (issue 28, item 4).

    .venv/bin/python benchmarks/replay_ranker.py [--features /tmp/innodock-bench/ranker-features.json] [--every 10]
        [--json benchmarks/results/issue28-replay.json]

The candidate lists come from ``benchmarks/train_ranker.py`` (its ``--features`` file: each need's best 30 centers
under the hand-set fusion, with their features). The replay:

- **The model shipped to the deployment** is fitted on the written set alone, so every decision replayed is news to
  it (the repository's shipped model has seen the real set: it cannot be the starting point of a fair replay).
- **Decisions, in time order**: the real set's tune half, in the order its needs were recorded (the file's order;
  the set has no dates). Each need is shown with the current model's order of its candidates; the simulated
  coordinator reads the top 10 from the top, declines as not suitable each center the labels call unsuitable until the
  first suitable one, and accepts it; with no suitable center shown, one the labels call suitable further down is
  assigned by hand. Each decided need is a training group as ``flows.ranker_training.decision_groups`` makes one: the
  accepted center 1, the declined and the others shown beside the acceptance 0.
- **Retraining** every ``--every`` decisions by the product's own rule (``matcher.ranker.refit``: the latest 30 % of the
  decisions held out, adopted only if the candidate orders them better than the current model).
- **Measured** after each retraining on the real set's held half (never decided on): nDCG@10 of the current model,
  of the shipped model and of the hand-set fusion. The check: the current model never falls more than 0.005 below the
  shipped one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.train_ranker import answerable, group, ndcg  # noqa: E402
from matcher import ranker  # noqa: E402

SHOWN = 10
FLOOR = -0.005


def decide(row: dict[str, Any], g: ranker.Group, model: ranker.RankerModel | None) -> ranker.Group | None:
    """The simulated coordinator's decisions on one need shown in ``model``'s order (see the module docstring)."""
    order = ranker.order_of(g, model)
    rel = row["relevance"]
    grade = [float(rel.get(c, 0)) for c in row["centers"]]
    shown = order[:SHOWN]
    chosen = next((i for i in shown if grade[i] >= 1), None)
    if chosen is None:
        chosen = next((i for i in order[SHOWN:] if grade[i] >= 1), None)  # assigned by hand
        if chosen is None:
            return None  # no suitable center anywhere: the need is sent back, nothing learnt of the fit
        rows = [*shown, chosen]
    else:
        rows = shown
    return ranker.Group(key=g.key, x=g.x[rows], grades=tuple(1.0 if i == chosen else 0.0 for i in rows))


def held_ndcg(rows: list[dict[str, Any]], groups: list[ranker.Group], model: ranker.RankerModel | None) -> float:
    return float(np.mean([ndcg(r, ranker.order_of(g, model))["ndcg@10"] for r, g in zip(rows, groups, strict=True)]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", type=Path, default=Path("/tmp/innodock-bench/ranker-features.json"))
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "issue28-replay.json")
    args = ap.parse_args()
    rows = json.loads(args.features.read_text("utf-8"))
    written = [group(r) for r in rows if r["set"] == "written"]
    stream = [r for r in rows if r["set"] == "real" and r["half"] == "tune"]
    held_rows = [r for r in rows if r["set"] == "real" and r["half"] == "held" and answerable(r)]
    held_groups = [group(r) for r in held_rows]
    shipped = ranker.fit(written)
    shipped_ndcg, fusion_ndcg = held_ndcg(held_rows, held_groups, shipped), held_ndcg(held_rows, held_groups, None)
    current, decided, steps = shipped, [], []
    print(f"# replay: {len(stream)} needs decided in order, measured on {len(held_rows)} held needs; shipped "
          f"(written set only) {shipped_ndcg:.3f}, hand-set fusion {fusion_ndcg:.3f}")
    print(f"{'decided':>8}{'rounds':>8}{'held-out current':>18}{'candidate':>11}{'adopted':>9}{'real held nDCG':>16}"
          f"{'vs shipped':>12}")
    for n, row in enumerate(stream, 1):
        made = decide(row, group(row), current)
        if made is not None:
            decided.append(made)
        if n % args.every and n != len(stream):
            continue
        found = ranker.refit(written, decided, current)
        if found.model is not None:
            current = found.model
        now = held_ndcg(held_rows, held_groups, current)
        step = {"needs": n, "decided_rounds": len(decided), "held_out": found.held_out, "current": found.current,
                "candidate": found.candidate, "adopted": found.adopted, "real_held_ndcg": now,
                "shipped": shipped_ndcg, "fusion": fusion_ndcg, "vs_shipped": now - shipped_ndcg}
        steps.append(step)
        print(f"{n:>8}{len(decided):>8}{found.current if found.current is not None else '—':>18}"
              f"{found.candidate if found.candidate is not None else '—':>11}{'yes' if found.adopted else 'no':>9}"
              f"{now:>16.3f}{now - shipped_ndcg:>+12.3f}")
    worst = min(s["vs_shipped"] for s in steps)
    verdict = {"worst_vs_shipped": worst, "never_below_floor": worst >= FLOOR,
               "final_vs_shipped": steps[-1]["vs_shipped"], "adoptions": sum(s["adopted"] for s in steps)}
    print(f"# worst vs shipped {worst:+.3f} (floor {FLOOR}); final {steps[-1]['vs_shipped']:+.3f}; "
          f"{verdict['adoptions']} adoptions")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"steps": steps, "verdict": verdict}, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
