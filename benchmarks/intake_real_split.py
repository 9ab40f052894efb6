"""Split the real intake set into a development part and a held-out part, by a fixed seed.

The held-out part is never read while rules or the classifier are developed; the final figures are on it.
Usage: .venv/bin/python benchmarks/intake_real_split.py   (rewrites tests/intake/data/real/split.json)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "intake" / "data" / "real"
SEED = 13
HELDOUT_FRACTION = 0.4


def main() -> int:
    ids = [json.loads(line)["id"] for line in (DATA / "intake_real.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
    order = sorted(ids)
    random.Random(SEED).shuffle(order)
    cut = round(len(order) * HELDOUT_FRACTION)
    split = {"seed": SEED, "heldout_fraction": HELDOUT_FRACTION, "method": "sorted ids, random.Random(seed).shuffle, "
             "first heldout_fraction are held out", "heldout": sorted(order[:cut]), "dev": sorted(order[cut:])}
    (DATA / "split.json").write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"dev {len(split['dev'])}, held-out {len(split['heldout'])} (seed {SEED})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
