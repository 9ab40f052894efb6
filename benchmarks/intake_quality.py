"""Per-field accuracy of the deterministic intake extractor on a labelled JSONL set, and its speed. Service types are
scored by intake.quality's set metrics (exact set, micro-F1), as the quality-floor test scores them.

Usage: .venv/bin/python benchmarks/intake_quality.py [tests/intake/data/intake_dev.jsonl] [--errors]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.extract import extract  # noqa: E402
from intake.quality import set_metrics  # noqa: E402

FIELDS = ("service_types", "province", "city", "budget_min", "budget_max", "deadline", "confidential")


def _actual(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "service_types": sorted(obj["service_types"]),
        "province": obj["region"]["province"],
        "city": obj["region"]["city"],
        "budget_min": obj["budget"]["min_yuan"],
        "budget_max": obj["budget"]["max_yuan"],
        "deadline": obj["deadline"],
        "confidential": obj["confidential"],
    }


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else ROOT / "tests" / "intake" / "data" / "intake_dev.jsonl"
    show_errors = "--errors" in argv
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    extract("预热 warm-up 苏州 20万 三个月内", today=date(2026, 1, 1))  # load the gazetteer before timing
    right = dict.fromkeys(FIELDS, 0)
    all_right = 0
    types: list[tuple[list[str], list[str]]] = []
    times: list[float] = []
    for item in items:
        start = time.perf_counter()
        need = extract(item["text"], today=date.fromisoformat(item["today"]))
        times.append((time.perf_counter() - start) * 1000)
        got = _actual(need.summary_json())
        exp = _actual(item["expected"])
        ok_all = True
        for field in FIELDS:
            if got[field] == exp[field]:
                right[field] += 1
            else:
                ok_all = False
                if show_errors:
                    print(f"  {item['id']} {field}: expected {exp[field]!r} got {got[field]!r} | {item['text'][:70]}")
        all_right += ok_all
        types.append((got["service_types"], exp["service_types"]))
    n = len(items)
    st = set_metrics(types)
    print(f"intake extraction quality on {path.name}: {n} messages")
    print(f"{'service_types (exact set)':28s} {st['exact']:.3f}")
    print(f"{'service_types micro F1':28s} {st['micro_f1']:.3f}  (P {st['precision']:.3f}, R {st['recall']:.3f})")
    for field in FIELDS[1:]:
        print(f"{field:28s} {right[field] / n:.3f}")
    print(f"{'all fields right':28s} {all_right / n:.3f}")
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"extraction time ms: p50 {statistics.median(times):.2f}, p95 {p95:.2f}, max {times[-1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
