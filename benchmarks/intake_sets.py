"""The labelled intake sets, by name: the written sets, and the real set's development and held-out parts.

Shared by ``train_service_head.py`` (which may read only the development sets) and ``intake_service_types.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "intake" / "data"
WRITTEN = ("intake_dev", "intake_fresh", "intake_fresh2", "intake_fresh3", "intake_fresh4")
# What the service-type head is trained on: never the real set's held-out part.
TRAINING_SETS = ("written", "real_dev")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_set(name: str) -> list[dict[str, Any]]:
    """``written`` (all five written sets), one written set by file stem, ``real_dev`` or ``real_heldout``."""
    if name == "written":
        return [item for stem in WRITTEN for item in _lines(DATA / f"{stem}.jsonl")]
    if name in WRITTEN:
        return _lines(DATA / f"{name}.jsonl")
    if name in ("real_dev", "real_heldout"):
        split = json.loads((DATA / "real" / "split.json").read_text(encoding="utf-8"))
        wanted = set(split["dev" if name == "real_dev" else "heldout"])
        return [item for item in _lines(DATA / "real" / "intake_real.jsonl") if item["id"] in wanted]
    raise ValueError(f"unknown set {name!r}")
