"""The labelled intake sets, by name: the written sets, the first real set (and its old development and held-out
parts), the second to seventh real sets (development), and the eighth, held out (issue 27).

Shared by ``train_service_head.py`` (which may read only the development sets) and ``intake_service_types.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "intake" / "data"
WRITTEN = ("intake_dev", "intake_fresh", "intake_fresh2", "intake_fresh3", "intake_fresh4")
# What the service-type head is trained on. The first real set's held-out part (99 texts) was read once per variant
# while the head was trained on the development part alone (docs/intake.md); once the second real set existed, held
# out in its turn, the whole first set became training data; the second set joined it once it had been read as held
# out (docs/intake.md) and the third real set existed, labelled before anything ran on it; the third, in its turn,
# once read as held out and the fourth existed; the fourth once read as held out (issue 13). The fifth was read as
# held out twice (issue 27: a nearest-texts head, then the kept head) and has been development data since the sixth
# existed, labelled before anything ran on it: its errors and the fourth's were looked at, and both are trained on.
# What the committed head is trained on: never ``real6``. The sixth set was read once as held out (issue 27, commit
# 2f2cb7d) and is a development set since: its errors were looked at and the keyword rules and the product reader
# were changed from them. A head retrained on it as well did not read the development sets better (out of fold, a few
# thousandths either way by set; docs/intake.md "A seventh held-out set"), so the committed head stays the one trained
# through real5, and real6 is read by it as a set it never saw.
TRAINING_SETS = ("written", "real", "real2", "real3", "real4", "real5")
# Every set whose errors may be looked at while developing: the training sets, real6, real7 and real8.
# real7 (needs stated in public procurement notices and open-hardware threads, labelled by reading and committed in
# 385b0df before anything ran on it) was read once as held out (issue 27, e38ada0: service types 0.699 / 0.585,
# products 0.500 Chinese / 0.368 English) and is a development set since: its errors were looked at and the product
# reader was changed from them (docs/intake.md). The committed head is not trained on it.
DEVELOPMENT_SETS = (*TRAINING_SETS, "real6", "real7", "real8", "real9")
# real8 (public procurement notices in Chinese and English, hardware GitHub issues and forum questions, committed in
# 6bf7100 before anything ran on it) was read once as held out (issue 27, 7974015: service types 0.736 / 0.603,
# products 0.538 Chinese / 0.541 English) and is a development set since: the keyword rules were changed from its
# errors and real7's. The committed head is not trained on it.
# real9 (public notices in Chinese and English, a forum question and GitHub issues none of the sets above holds,
# labelled by reading and committed in 54fdfb0 before anything ran on it) was read once by the two benchmarks'
# held-out modes after the development work on real7 and real8 (docs/intake.md "A ninth held-out set"). It was read a
# second time on 2026-11-27, after that session's development on real1–real8 (no one read its texts or
# errors in between), and is a development set since.
# The held-out set: real10 (public notices in Chinese and English, questions to a regulator's public message board and
# GitHub issues none of the sets above holds, labelled by reading and committed in dbbd084 before anything ran on it),
# read once by the two benchmarks' held-out modes (docs/intake.md "A tenth held-out set"); its errors are not looked at
# while developing, and it is in neither TRAINING_SETS nor DEVELOPMENT_SETS.
HELDOUT_SET: str | None = "real10"
# The real sets: texts in enterprises' own words from public sources, as against the written sets. The head's
# thresholds are tuned on these as one group. The keyword rules were first developed on none of them; since issue 27
# the rules' errors on all four development sets were looked at too, so "rules-unseen" now means "real", and the
# cross-validated figures on these sets are the head's out-of-fold reading with rules that saw them; real7 was the
# last real set no rule was written from, until it was read once as held out, and real8 and real9 after it; real10,
# held out, is the one real set no rule was written from (train_service_head.py reads only TRAINING_SETS, so listing
# it here trains nothing on it).
RULES_UNSEEN = ("real", "real_dev", "real2", "real3", "real4", "real5", "real6", "real7", "real8", "real9", "real10")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_set(name: str) -> list[dict[str, Any]]:
    """``written`` (all five written sets), one written set by file stem, ``real`` (the first real set, whole),
    ``real_dev`` or ``real_heldout`` (its two parts), ``real2`` … ``real10`` (a later real set, every file of it)."""
    if name == "written":
        return [item for stem in WRITTEN for item in _lines(DATA / f"{stem}.jsonl")]
    if name in WRITTEN:
        return _lines(DATA / f"{name}.jsonl")
    if name in ("real_dev", "real_heldout"):
        split = json.loads((DATA / "real" / "split.json").read_text(encoding="utf-8"))
        wanted = set(split["dev" if name == "real_dev" else "heldout"])
        return [item for item in _lines(DATA / "real" / "intake_real.jsonl") if item["id"] in wanted]
    if name == "real":
        return _lines(DATA / "real" / "intake_real.jsonl")
    if name in ("real2", "real3", "real4", "real5", "real6", "real7", "real8", "real9", "real10"):
        return [item for path in sorted((DATA / name).glob("*.jsonl")) for item in _lines(path)]
    raise ValueError(f"unknown set {name!r}")
