"""Which gold products' families change between two readings of ``kb.products.family_of`` (docs/matching.md §8r):
the version of ``kb/products.py`` at a git revision against the working tree's, over the gold products of the
development product sets (``tests/intake/data/products/*.jsonl``; held-out files are never read).

    .venv/bin/python benchmarks/product_family_diff.py --rev HEAD~1
    .venv/bin/python benchmarks/product_family_diff.py --rev HEAD~1 --names families   # every name of the families file
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import kb.products as new

REPO = Path(__file__).resolve().parents[1]
SETS = REPO / "tests" / "intake" / "data" / "products"


def old_module(rev: str) -> ModuleType:
    """``kb/products.py`` as it was at ``rev``, reading the working tree's data files."""
    source = subprocess.run(["git", "show", f"{rev}:kb/products.py"], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout
    path = Path(tempfile.mkdtemp()) / "products_at_rev.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("products_at_rev", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["products_at_rev"] = module
    spec.loader.exec_module(module)
    module.DATA_PATH, module.FAMILIES_PATH = new.DATA_PATH, new.FAMILIES_PATH
    return module


def gold_products() -> list[str]:
    out = []
    for path in sorted(p for p in SETS.glob("*.jsonl") if "heldout" not in p.name):
        for line in path.read_text("utf-8").splitlines():
            product = json.loads(line).get("product") if line.strip() else None
            if product:
                out.append(product)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rev", default="HEAD", help="the revision whose kb/products.py is the old reading")
    parser.add_argument("--names", choices=("gold", "families"), default="gold",
                        help="the gold products (default), or every name of kb/data/products_families.txt")
    args = parser.parse_args()
    old = old_module(args.rev)
    products = gold_products() if args.names == "gold" else list(new._families())
    distinct = list(dict.fromkeys(products))
    changed = [(w, old.family_of(w), new.family_of(w)) for w in distinct if old.family_of(w) != new.family_of(w)]
    print(f"{'gold products' if args.names == 'gold' else 'names'}: {len(products)} ({len(distinct)} distinct); "
          f"families changed: {len(changed)}")
    for word, before, after in changed:
        print(f"{word}\t{','.join(before) or '-'}\t->\t{','.join(after) or '-'}")


if __name__ == "__main__":
    main()
