"""The rules' reading of every development text (benchmarks/intake_sets.DEVELOPMENT_SETS; never the held-out set):
service types, the enterprise's words for them, the title, budget, deadline and product of each, written as JSON, so
that two trees' readings can be compared field by field (docs/intake.md, the probes' "The rules' readings of the
development texts").

Usage: [INNODOCK_ROOT=OTHER_TREE] .venv/bin/python benchmarks/intake_readings.py OUT.json
       .venv/bin/python benchmarks/intake_readings.py --compare BEFORE.json AFTER.json
INNODOCK_ROOT reads with another tree's code (a `git worktree` of an earlier commit).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(os.environ.get("INNODOCK_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_sets import DEVELOPMENT_SETS, HELDOUT_SET, load_set  # noqa: E402

from intake.extract import extract  # noqa: E402
from intake.publish import derive_title  # noqa: E402

DAY = date(2026, 11, 26)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, default=None)
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        fields = ("phrases", "types", "title", "budget_min", "budget_max", "deadline", "product")
        changed = [k for k in before if before[k] != after.get(k)]
        for k in changed:
            for name, x, y in zip(fields, before[k], after[k], strict=True):
                if x != y:
                    print(f"{k} {name}: {x!r} -> {y!r}")
        print(f"changed {len(changed)} of {len(before)}")
        return 0
    if args.out is None:
        parser.error("OUT.json or --compare")
    if HELDOUT_SET in DEVELOPMENT_SETS:
        parser.error("the held-out set is among the development sets")
    out = {}
    for name in DEVELOPMENT_SETS:
        for i, item in enumerate(load_set(name)):
            need = extract(item["text"], today=DAY)
            need.title = None
            out[f"{name}:{item.get('id', i)}"] = [
                {k.value: v for k, v in need.phrases.items()}, [s.value for s in need.service_types],
                derive_title(need), need.budget.min_yuan, need.budget.max_yuan, str(need.deadline), need.product]
    args.out.write_text(json.dumps(out, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(out)} texts of {', '.join(DEVELOPMENT_SETS)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
