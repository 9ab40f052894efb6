"""How well intake reads the need's industry, on the development sets with product labels (never a held-out set).

No set is labelled with an industry. The industry a need is read into is the GB/T 4754 group its company's product
belongs to (kb.industries.industry_of_product), so the gold industry of a text is taken to be the group of its
*labelled* product, where the product vocabulary gives that product one; texts whose gold product has none are left
out. A text is right when the industry read from it (intake.extract, the rules alone) is that group.

    .venv/bin/python benchmarks/intake_industry.py            # per language and in all
    .venv/bin/python benchmarks/intake_industry.py --errors   # and every development error
    INNODOCK_ROOT=OTHER_TREE .venv/bin/python benchmarks/intake_industry.py   # read with another tree's code

Beside the score: how the read industries split into GB/T 4754 groups, the seeds' sectors (intake/data/lexicon.yaml,
the reading before the group was read) and none, over every development text with a product label.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("INNODOCK_ROOT") or BENCH.parent)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))  # this tree's development sets, whichever tree reads them

# (the readers first: intake_products puts this tree first on the path when imported)
from intake.extract import extract  # noqa: E402, I001
from kb.industries import industry_named, industry_of_product  # noqa: E402
from intake_products import dev_items  # noqa: E402

DAY = date(2026, 11, 29)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    right: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    errors: list[str] = []
    for name, items in dev_items().items():
        for item in items:
            read = extract(item.text, today=DAY).industry
            group = industry_named(read)
            kinds["gbt4754 group" if group and not group.is_division else
                  "gbt4754 division" if group else "sector" if read else "none"] += 1
            gold = industry_of_product(item.product)
            if gold is None:
                continue
            for key in (item.language, "all"):
                scored[key] += 1
                right[key] += read == gold.name
            if read != gold.name:
                errors.append(f"{name}:{item.id} gold {gold.name} (product {item.product}) read {read!r}: "
                              f"{item.text[:70]!r}")
    for key in sorted(scored, key=lambda k: k != "all"):
        print(f"{key}: {right[key]}/{scored[key]} = {right[key] / scored[key]:.3f}")
    print("read industries:", dict(kinds))
    if args.errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
