"""The longest test files first, so the two xdist workers finish together.

Why: ``scripts/test.sh`` hands out whole files (``--dist loadfile``: a file's module fixtures, such as a live server
and a browser, are made once). xdist's own order is by number of tests, which puts the few-but-long files (browser
journeys, PDF reports, subprocesses) last: on a loaded 2-core machine one worker then ran alone for the last six
minutes of the suite. Sorting files by their measured duration, longest first (``--no-loadscope-reorder`` keeps the
order), is the classic longest-processing-time schedule, within 4/3 of the best possible.

The durations are a committed file (``tests/file_durations.json``, seconds per file over both databases), refreshed
from a JUnit report of a full run::

    scripts/test.sh --junitxml=/tmp/full.xml
    .venv/bin/python -m tests.file_order /tmp/full.xml

A file not in it (a new one) is weighed by its number of tests times the median seconds per test. Only the order
changes: stale durations cost time, never a result.

After a change that speeds up (or slows down) a few files, refresh only those, without a full run: run them alone
before and after the change, back to back, and scale their committed seconds by the ratio, so every figure stays on
the full run's scale (a file alone on an idle machine takes a fraction of what it takes beside another worker)::

    .venv/bin/python -m tests.file_order --rescale /tmp/before.xml /tmp/after.xml
"""

from __future__ import annotations

import json
import statistics
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

DURATIONS = Path(__file__).resolve().parent / "file_durations.json"


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def load_durations(path: Path = DURATIONS) -> tuple[dict[str, float], float]:
    """Seconds per file and the median seconds per test (none measured: every file weighs its number of tests)."""
    if not path.exists():
        return {}, 1.0
    data = json.loads(path.read_text(encoding="utf-8"))
    return ({str(k): float(v) for k, v in data["seconds"].items()}, float(data["median_seconds_per_test"]))


def file_weights(nodeids: Sequence[str], durations: dict[str, float], per_test: float) -> dict[str, float]:
    """Seconds expected per file of ``nodeids``: measured, else its number of tests times ``per_test``."""
    counts: dict[str, int] = defaultdict(int)
    for nodeid in nodeids:
        counts[_file_of(nodeid)] += 1
    return {f: durations.get(f, n * per_test) for f, n in counts.items()}


def longest_files_first(items: list[pytest.Item], durations: dict[str, float], per_test: float) -> None:
    """Reorder ``items`` in place: files by expected seconds, longest first; within a file, the order collected.

    Ties (and the order within a file) keep collection order, so every worker computes the same order, which xdist
    requires."""
    weights = file_weights([item.nodeid for item in items], durations, per_test)
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        first_seen.setdefault(_file_of(item.nodeid), i)
    items.sort(key=lambda item: (-weights[_file_of(item.nodeid)], first_seen[_file_of(item.nodeid)]))


def durations_from_junit(report: Path) -> tuple[dict[str, float], float]:
    """Seconds per test file from a JUnit XML report (setup, call and teardown), and the median seconds per test."""
    seconds: dict[str, float] = defaultdict(float)
    per_test: list[float] = []
    root = Path(__file__).resolve().parent.parent
    for case in ET.parse(report).getroot().iter("testcase"):
        classname = case.get("classname", "")
        # pytest writes "tests.api.test_x" or "tests.api.test_x.TestClass": the file is the longest existing prefix.
        parts = classname.split(".")
        path = ""
        for end in range(len(parts), 0, -1):
            candidate = "/".join(parts[:end]) + ".py"
            if (root / candidate).exists():
                path = candidate
                break
        if not path:
            continue
        t = float(case.get("time") or 0.0)
        seconds[path] += t
        per_test.append(t)
    return dict(seconds), (statistics.median(per_test) if per_test else 0.5)


def rescaled(committed: dict[str, float], before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """``committed`` with each file measured in both ``before`` and ``after`` scaled by after/before; the rest kept.

    A file measured in only one of the two reports keeps its committed figure (nothing to compare it with)."""
    out = dict(committed)
    for name in before.keys() & after.keys() & committed.keys():
        if before[name] > 0:
            out[name] = committed[name] * after[name] / before[name]
    return out


def _write(seconds: dict[str, float], median: float) -> None:
    body = {"why": "tests/file_order.py: files handed to the xdist workers longest first",
            "median_seconds_per_test": round(median, 3),
            "seconds": {k: round(v, 1) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])}}
    DURATIONS.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(seconds)} files, {sum(seconds.values()):.0f} s in all; wrote {DURATIONS}")


def main(argv: Sequence[str]) -> int:
    if len(argv) == 3 and argv[0] == "--rescale":
        committed, median = load_durations()
        before, _ = durations_from_junit(Path(argv[1]))
        after, _ = durations_from_junit(Path(argv[2]))
        changed = sorted(before.keys() & after.keys() & committed.keys())
        if not changed:
            print(f"no committed file measured in both {argv[1]} and {argv[2]}", file=sys.stderr)
            return 1
        new = rescaled(committed, before, after)
        for name in changed:
            print(f"{name}: {committed[name]:.1f} s -> {new[name]:.1f} s "
                  f"(alone: {before[name]:.1f} s before, {after[name]:.1f} s after)")
        _write(new, median)
        return 0
    if len(argv) != 1:
        print("usage: python -m tests.file_order REPORT.xml\n"
              "       python -m tests.file_order --rescale BEFORE.xml AFTER.xml", file=sys.stderr)
        return 2
    seconds, median = durations_from_junit(Path(argv[0]))
    if not seconds:
        print(f"no test cases with a known file in {argv[0]}", file=sys.stderr)
        return 1
    _write(seconds, median)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
