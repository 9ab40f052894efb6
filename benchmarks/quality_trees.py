"""The default matcher's quality from two source trees, paired need by need: did a change move any ranking?

    .venv/bin/python benchmarks/quality_trees.py --trees before=/tmp/old,after=. [--home /tmp/innodock-qtrees]
        [--sets written,real]

Each tree (a ``git archive`` of an earlier commit, say, and this one) runs, in its own process and data folder,
``benchmarks/match_quality.py``'s own ``prepare`` and ``evaluate`` on each set with ``MatcherConfig()`` in hybrid mode,
and writes every need's nDCG@10; then the first tree is compared with each other one over the same needs: the mean
difference with its 95 % paired-bootstrap interval (``match_quality.paired``) and how many needs differ at all.
Copy a data folder's ``models`` and ``cache`` into ``<home>/<label>/<set>/`` first to skip rebuilding and embedding.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE = """
import json, os, sys
sys.path.insert(0, os.getcwd())
from benchmarks.match_quality import MATCH_SETS, evaluate, load_set, prepare
from matcher.schemas import MatcherConfig
home, sets = sys.argv[1], sys.argv[2].split(",")
out = {}
for name in sets:
    es = MATCH_SETS[name]
    items = load_set(es.needs)
    settings = prepare(es, __import__("pathlib").Path(home) / name, MatcherConfig())
    table, _, per_need = evaluate(settings, items, MatcherConfig(), "hybrid")
    out[name] = per_need
    print(name, round(table["all"]["ndcg@10"], 4), file=sys.stderr, flush=True)
print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trees", required=True, help="label=DIR,label=DIR: the first is the reference")
    ap.add_argument("--home", type=Path, default=Path("/tmp/innodock-qtrees"))
    ap.add_argument("--sets", default="written,real")
    args = ap.parse_args()
    trees = [tuple(t.split("=", 1)) for t in args.trees.split(",")]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    per: dict[str, dict[str, dict[str, float]]] = {}
    for label, tree in trees:
        out = subprocess.run([sys.executable, "-c", _ONE, str(args.home / label), args.sets], cwd=tree, env=env,
                             capture_output=True, text=True, check=True)
        per[label] = json.loads(out.stdout.strip().splitlines()[-1])
    sys.path.insert(0, str(ROOT))
    from benchmarks.match_quality import paired

    ref = trees[0][0]
    for label, _ in trees[1:]:
        for name in args.sets.split(","):
            a, b = per[label][name], per[ref][name]
            keys = sorted(b)
            diff, lo, hi, _p = paired({k: a[k] for k in keys}, {k: b[k] for k in keys})
            differ = sum(1 for k in keys if abs(a[k] - b[k]) > 1e-9)
            print(f"{name:<8} nDCG@10 {ref} {sum(b.values()) / len(b):.4f}  {label} {sum(a.values()) / len(a):.4f}  "
                  f"difference {diff:+.4f} [{lo:+.4f}, {hi:+.4f}]; {differ} of {len(keys)} needs differ")


if __name__ == "__main__":
    main()
