"""The labelled intake sets, by name: the written sets, the first real set (and its old development and held-out
parts), the second to ninth real sets (development, all trained on), and the tenth, held out (issue 27).

Shared by ``train_service_head.py`` (which may read only the development sets) and ``intake_service_types.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from intake.extract import clean_text
from intake.extract.service_types import extract_service_types, firm_service_types
from intake.semantic_train import Example
from kb.vocab import ServiceType

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
# real6 was read once as held out (issue 27, commit 2f2cb7d) and has been a development set since; a head retrained on
# it as well did not read the development sets better then (docs/intake.md "A seventh held-out set"), so the head
# stayed trained through real5 until 2026-11-27. The leave-one-set-out benchmark (benchmarks/intake_service_loso.py:
# each real development set read by a head trained without it) then showed that training on every other development
# set reads a set it never saw better than training on the first five real sets does, once the head may read its
# likeliest type when nothing else is read (mean micro-F1 over the nine sets 0.850 -> 0.866, exact 0.757 -> 0.792;
# docs/intake.md "Leave one set out"). So the committed head is trained on every development set: real6 to real9
# too. Never on a held-out set.
# Since 2026-11-27 (evening, issue 27 item 5) real10 and real11 too, development sets since their second readings: on
# the leave-one-set-out benchmark over the eleven real development sets, a head trained with them reads a set it never
# saw better (mean micro-F1 0.817 -> 0.831; real11, the GitHub questions, 0.394 -> 0.531 with real10 trained on) at
# 0.0014 of the written sets (docs/intake.md "Trained on real10 and real11").
# Since 2026-11-28 real12, real13 and real14 too: left out in turn, each is read better by a head trained on the others
# (mean micro-F1 over six sets 0.673 -> 0.765), and with the chat openers weighed in the thresholds' choice the
# development dialogues stay where they were (docs/intake.md "Trained on real12–real14, with the chat weighed in").
# Since 2026-11-28 (afternoon) real15 too, a development set since its second reading (docs/intake.md "real15 as
# development data, and real16 read once").
TRAINING_SETS = ("written", "real", "real2", "real3", "real4", "real5", "real6", "real7", "real8", "real9", "real10",
                 "real11", "real12", "real13", "real14", "real15")
# The head's training sets on 2026-11-28 until real15 joined them (the leave-one-set-out benchmark's pool "fifteen").
FIFTEEN_SETS = TRAINING_SETS[:15]
# The head's training sets from 2026-11-27's evening to 2026-11-28 (the leave-one-set-out benchmark's pool "twelve").
TWELVE_SETS = TRAINING_SETS[:12]
# The head's training sets before that (the leave-one-set-out benchmark's pool "nine", its "before").
NINE_SETS = TRAINING_SETS[:10]
# Every set whose errors may be looked at while developing: since 2026-11-27, the training sets and real10 (below).
# real7 (needs stated in public procurement notices and open-hardware threads, labelled by reading and committed in
# 385b0df before anything ran on it) was read once as held out (issue 27, e38ada0: service types 0.699 / 0.585,
# products 0.500 Chinese / 0.368 English) and is a development set since: its errors were looked at and the product
# reader was changed from them (docs/intake.md). The committed head is trained on it since 2026-11-27.
# real8 (public procurement notices in Chinese and English, hardware GitHub issues and forum questions, committed in
# 6bf7100 before anything ran on it) was read once as held out (issue 27, 7974015: service types 0.736 / 0.603,
# products 0.538 Chinese / 0.541 English) and is a development set since: the keyword rules were changed from its
# errors and real7's. The committed head is trained on it since 2026-11-27.
# real9 (public notices in Chinese and English, a forum question and GitHub issues none of the sets above holds,
# labelled by reading and committed in 54fdfb0 before anything ran on it) was read once by the two benchmarks'
# held-out modes after the development work on real7 and real8 (docs/intake.md "A ninth held-out set"). It was read a
# second time on 2026-11-27, after that session's development on real1–real8 (no one read its texts or
# errors in between), and is a development set since.
# real10 (public notices in Chinese and English, questions to a regulator's public message board and GitHub issues none
# of the sets above holds, labelled by reading and committed in dbbd084 before anything ran on it) was read once by the
# two benchmarks' held-out modes (docs/intake.md "A tenth held-out set") and a second time on 2026-11-27, after the
# leave-one-set-out work and the product reader's abstention (no one read its texts or errors in between; docs/intake.md
# "real10 read again and real11 read once"). It is a development set since; the committed head is trained on it since
# that evening.
# real11 (GitHub issues in Chinese and English, a machinery forum thread and a county bureau's inquiry, labelled by
# reading and committed in a0c812f before anything ran on it) was read once as held out on 2026-11-27 (docs/intake.md
# "real10 read again and real11 read once") and a second time the same day, after that session's development on the
# development sets (no one read its texts or errors in between; docs/intake.md "real11 read again and real12 read
# once"). It is a development set since; the committed head is trained on it since that evening.
# real12 (procurement notices in Chinese and English, questions of citizens and enterprises from a public message-board
# data set and GitHub issues none of the sets above holds, labelled by reading and committed in 32effa3, cbdc1a6 and
# 0f0aa84 before anything ran on it) was read once as held out on 2026-11-27 (docs/intake.md "real11 read again and
# real12 read once") and a second time the same evening, after that session's development on the development sets (no
# one read its texts or errors in between; docs/intake.md "real12 read again and real13 read once"). It is a
# development set since; the committed head is not trained on it.
# real13 (GitHub issues in English and Chinese and two district procurement intents none of the sets above holds,
# labelled by reading and committed in 924d60b and 54d95d1 before anything ran on it) was read once as held out on
# 2026-11-27 (docs/intake.md "real12 read again and real13 read once") and a second time that night, after that
# session's development on the development sets (no one read its texts or errors in between; a head tried that night
# read it too, and was not kept: docs/intake.md "real13 read again and real14 read once"). It is a development set
# since; the committed head is not trained on it.
# real16 is a development set since 2026-11-28's night but not trained on: a head trained with it read the other
# fifteen sets no better, left out in turn (docs/intake.md "English text read by the head, and real16 as development
# data"); the leave-one-set-out benchmark's pool "development" is that head's.
DEVELOPMENT_SETS = (*TRAINING_SETS, "real16")
# real14 (GitHub issues in English and Chinese, labelled by reading and committed in 2bf628c before anything ran on
# it) was read as held out on 2026-11-27's night by a tree of that session's start, by a head tried and not kept, and
# by the session's end (docs/intake.md "real13 read again and real14 read once"), and a third and last time the next
# evening, for the product chooser (docs/intake.md "The product chosen by meaning"). It is a development set since;
# neither the committed head nor the product chooser is trained on it.
# real15 (GitHub issues about hardware and software, and three procurement texts, none of the sets above holds;
# labelled by reading and committed in 93d21bf before anything ran on it) was read as held out once on 2026-11-27 and a
# second time at the end of 2026-11-28's intake work (docs/intake.md "real15 read a second time"). It is a development
# set since, and the committed head is trained on it (docs/intake.md "real15 as development data, and real16 read
# once").
# real16 (22 GitHub issues, 2 Chinese and 20 English, from repositories no earlier set took; labelled by reading and
# committed alone in bf2af31 before anything ran on it) was read as held out once on 2026-11-28's morning and a second
# time at that day's end (docs/intake.md "real16 read again and real17 read once"). Its errors may be looked at since;
# the committed head is not trained on it (above).
# real17 (33 texts, 12 Chinese and 21 English: news pages quoting enterprises' own words and GitHub issues from
# repositories no earlier set took; labelled by reading and committed alone in 8cad424 before anything ran on it) was
# read as held out on 2026-11-28's evening and a second time at 2026-11-29's end (docs/intake.md "real17 read again and
# real18 read once"). Its errors may be looked at since; it is not among DEVELOPMENT_SETS until the head is next
# retrained with it measured, as real16 was.
# The held-out set: real18 (37 texts, 22 Chinese and 15 English: one Chinese news quote of an enterprise and GitHub
# issues from repositories no earlier set took, most of the Chinese ones users' accuracy, calibration and licence
# questions; labelled by reading and committed alone in 6f6037c before anything ran on it); its errors are not looked
# at while developing, nothing is chosen on it, and it is in neither TRAINING_SETS nor DEVELOPMENT_SETS.
HELDOUT_SET: str | None = "real18"
# The real sets: texts in enterprises' own words from public sources, as against the written sets. The head's
# thresholds are tuned on these as one group. The keyword rules were first developed on none of them; since issue 27
# the rules' errors on all four development sets were looked at too, so "rules-unseen" now means "real", and the
# cross-validated figures on these sets are the head's out-of-fold reading with rules that saw them; real7 was the
# last real set no rule was written from, until it was read once as held out, and real8, real9 and real10 after it;
# real12 to real16, the last read, are the real sets no rule was written from (train_service_head.py
# reads only TRAINING_SETS, so listing them here trains nothing on them).
RULES_UNSEEN = ("real", "real_dev", "real2", "real3", "real4", "real5", "real6", "real7", "real8", "real9", "real10",
                "real11", "real12", "real13", "real14", "real15", "real16", "real17", "real18")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_set(name: str) -> list[dict[str, Any]]:
    """``written`` (all five written sets), one written set by file stem, ``real`` (the first real set, whole),
    ``real_dev`` or ``real_heldout`` (its two parts), ``real2`` … ``real18`` (a later real set, every file of it)."""
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
    if name in ("real2", "real3", "real4", "real5", "real6", "real7", "real8", "real9", "real10", "real11",
                "real12", "real13", "real14", "real15", "real16", "real17", "real18"):
        return [item for path in sorted((DATA / name).glob("*.jsonl")) for item in _lines(path)]
    raise ValueError(f"unknown set {name!r}")


DIALOGUES = DATA / "dialogues" / "dialogues.jsonl"


def chat_examples() -> list[Example]:
    """:func:`chat_openers` as the head's training reads a text: cleaned, with the rules' reading and firm types."""
    out: list[Example] = []
    for text, types in chat_openers():
        body = clean_text(text)
        out.append(Example(text=body, types=frozenset(ServiceType(t) for t in types),
                           rule_types=tuple(extract_service_types(body)), firm_types=tuple(firm_service_types(body))))
    return out


def chat_openers() -> list[tuple[str, list[str]]]:
    """The development dialogues' first messages whose service types the opener settles, with those types (the
    dialogue's gold): no later message corrects, negates or gives them. The head's thresholds weigh these as a third
    group (intake.semantic_train.with_chat); never the held-out dialogues."""
    out: list[tuple[str, list[str]]] = []
    with DIALOGUES.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            dialogue = json.loads(line)
            turns = dialogue["turns"]
            if any("service_types" in (t.get("corrects") or []) or t.get("kind") == "negation" for t in turns):
                continue
            if any("service_types" in (t.get("gives") or []) for t in turns[1:]):
                continue
            out.append((turns[0]["user"], list(dialogue["gold"]["service_types"])))
    return out
