"""Every product read on the development sets with its families, to review for fragment families and to compare two
trees (docs/matching.md §8w): intake's rule reader over the written and real matching sets' needs, and the gold
products of tests/intake/data/products/*.jsonl. Held-out files (``*heldout*``, real18) are never read.

    .venv/bin/python benchmarks/product_families_list.py OUT.json                 # read the products in this tree
    .venv/bin/python benchmarks/product_families_list.py OUT.json BEFORE.json     # the same products as BEFORE.json

Run from a tree's root (a ``git archive`` of another revision gives the "before" file).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from intake.extract import extract
from kb.products import family_of, industries_of
from matcher.schemas import MatchQuery

ROOT = Path.cwd()
NEED_SETS = (ROOT / "tests/matcher/data/match_dev.jsonl", ROOT / "benchmarks/data/real/needs.jsonl")
PRODUCT_SETS = ROOT / "tests/intake/data/products"


def _rows(path: Path) -> list[dict[str, object]]:
    if "heldout" in path.name or "real18" in path.name:
        raise SystemExit(f"held-out data is not read: {path}")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def products_read() -> dict[str, list[str]]:
    """product → where it was read (need ids, or the gold file's name)."""
    out: dict[str, list[str]] = {}
    for path in NEED_SETS:
        for row in _rows(path):
            product = MatchQuery.from_need(extract(str(row["text"]), today=date(2026, 1, 1))).product
            if product:
                out.setdefault(product, []).append(str(row["id"]))
    for path in sorted(p for p in PRODUCT_SETS.glob("*.jsonl") if "heldout" not in p.name and "real18" not in p.name):
        for row in _rows(path):
            if row.get("product"):
                out.setdefault(str(row["product"]), []).append(path.stem)
    return out


def main() -> None:
    products = (json.loads(Path(sys.argv[2]).read_text("utf-8"))["products"] if len(sys.argv) > 2
                else products_read())
    out = {"products": products, "families": {p: list(family_of(p)) for p in products},
           "industries": {p: list(industries_of(p)) for p in products}}
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, indent=0), "utf-8")
    print(f"{len(products)} products, {sum(1 for p in products if out['families'][p])} with a family")


if __name__ == "__main__":
    main()
