"""The keyword rules' reading of each real set as the rules were when the set was committed (issue 27).

Why: every real development set's errors have since been looked at and the rules changed from them, so on those sets
today's rules are optimistic, and thresholds that say how far to trust them (``intake.semantic_train.choose``) learnt
from today's rules may trust them too much (every held-out reading so far had the head alone read real12, real13
and real14 better than rules plus head). The rules of the commit that added a set had never seen it (each set was
labelled and committed before anything ran on it), so their reading of it is what the rules do on text they have not
seen.

For each real set this checks out (``git archive``) the commit that first added its folder, reads each text with that
tree's ``clean_text``, ``extract_service_types`` and (where the tree had it) ``firm_service_types``, and writes
``tests/intake/data/rules_when_unseen.json``: set -> {"commit", "read": {id -> {"rules": [...], "firm": [...]}}}.
The leave-one-set-out benchmark reads each left-out set with these readings by default (the honest estimate of a set
the rules have not seen) and offers thresholds chosen on them as a candidate; the training can choose on them
(``train_service_head.py --rules-read then``), which was tried and not kept (docs/intake.md "Rules as they were").
The held-out set is never read here.

    .venv/bin/python benchmarks/rules_when_unseen.py            # every real set of intake_sets.DEVELOPMENT_SETS
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake_sets import DATA, DEVELOPMENT_SETS, HELDOUT_SET, ROOT, WRITTEN, load_set

sys.path.insert(0, str(ROOT))

from intake.semantic_train import Example
from kb.vocab import ServiceType

OUT = DATA / "rules_when_unseen.json"
# The folder (or file) whose first commit is the set's: the rules of that commit had not read the set.
FIRST_FILE = {"real": "tests/intake/data/real"}

# Run inside the old tree (its own intake package first on the path): reads texts from stdin, one JSON per line.
_READER = """
import json, sys
from intake.extract import clean_text
from intake.extract import service_types as st
firm = getattr(st, "firm_service_types", None)
for line in sys.stdin:
    item = json.loads(line)
    body = clean_text(item["text"])
    print(json.dumps({"id": item["id"], "rules": [t.value for t in st.extract_service_types(body)],
                      "firm": [t.value for t in firm(body)] if firm else []}))
"""


def first_commit(name: str) -> str:
    path = FIRST_FILE.get(name, f"tests/intake/data/{name}")
    out = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", path], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    if not out:
        raise SystemExit(f"{name}: no commit added {path}")
    return out[-1]


def read_with(commit: str, items: list[dict[str, object]]) -> dict[str, dict[str, list[str]]]:
    with tempfile.TemporaryDirectory(prefix="rules-") as tmp:
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        lines = "".join(json.dumps({"id": it["id"], "text": it["text"]}, ensure_ascii=False) + "\n" for it in items)
        done = subprocess.run([sys.executable, "-c", _READER], cwd=tmp, input=lines, capture_output=True, text=True,
                              env={"PYTHONPATH": tmp, "PYTHONDONTWRITEBYTECODE": "1", "HF_HUB_OFFLINE": "1",
                                   "PATH": "/usr/bin:/bin"})
        if done.returncode != 0:
            raise SystemExit(f"{commit[:7]}: {done.stderr.strip().splitlines()[-1]}")
    read = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {str(r["id"]): {"rules": r["rules"], "firm": r["firm"]} for r in read}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(n for n in DEVELOPMENT_SETS if n.startswith("real")))
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if n]
    if HELDOUT_SET in names:
        raise SystemExit(f"{HELDOUT_SET} is held out: never read here")
    stored = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    for name in names:
        commit = first_commit(name)
        items = load_set(name)
        stored[name] = {"commit": commit, "read": read_with(commit, items)}
        print(f"{name}: {len(items)} texts read by the rules of {commit[:7]}", flush=True)
    OUT.write_text(json.dumps(dict(sorted(stored.items())), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()


def load_then() -> dict[str, Any]:
    """The stored readings (set -> {"commit", "read"}); empty before the script has run."""
    return json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}


def as_then(example: Example, name: str, item_id: str, then: Mapping[str, Any]) -> Example:
    """``example`` with the rules' reading of its set's first commit (a written set's text: as it is). A real set
    missing from the file is an error: a set added since needs the script run again."""
    if name in WRITTEN or name == "written":
        return example
    if name not in then:
        raise SystemExit(f"{name} has no reading in {OUT.name}: run benchmarks/rules_when_unseen.py")
    old = then[name]["read"][item_id]
    return replace(example, rule_types=tuple(ServiceType(t) for t in old["rules"]),
                   firm_types=tuple(ServiceType(t) for t in old["firm"]))
