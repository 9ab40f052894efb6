"""The LLM pass at submission (issue 27, item 7) on the hand-written dialogues: each dialogue runs through the chat
(rules alone, as shipped), then ``intake.refine`` reads its whole conversation with the configured model, exactly as
the ``need_refinement`` job does (``intake.service.refinement_inputs`` gives the conversation and the fields it must
not touch). Reported: per-field accuracy before and after, the fields it filled and how many of those were right,
the seconds each pass took, and the briefs (``--briefs FILE``) for reading against the rubric below.

The rubric, written before any brief was read; a brief scores one point for each:
1. problem: names the product or process and the symptom in the enterprise's own terms;
2. tried: says what the enterprise did or tried, or is empty when the conversation says nothing of it;
3. evidence: names a kind of test, analysis or result that could answer the problem;
4. faithful: states nothing the conversation does not (no invented figure, standard, institution or cause);
5. usable: a coordinator could act on it without re-reading the conversation (short, natural, no field names).

Needs an OpenAI-compatible endpoint: INNODOCK_LLM_BASE_URL, INNODOCK_LLM_MODEL, INNODOCK_LLM_STRUCTURED_METHOD (see
docs/intake.md, "The LLM"). Usage: .venv/bin/python benchmarks/intake_refine.py [--limit N] [--briefs FILE]
[--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.progress import track  # noqa: E402

from core.db import session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402
from intake import refine, service  # noqa: E402
from intake.dialogue_eval import FIELDS, field_right, load_dialogues  # noqa: E402
from intake.llm import LLMSettings  # noqa: E402

DIALOGUES = ROOT / "tests" / "intake" / "data" / "dialogues" / "dialogues.jsonl"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N dialogues")
    parser.add_argument("--briefs", type=Path, default=None, help="write each dialogue's conversation and brief here")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    llm = LLMSettings()
    if not llm.enabled:
        print("no LLM configured (INNODOCK_LLM_BASE_URL, INNODOCK_LLM_MODEL)", file=sys.stderr)
        return 2
    dialogues = load_dialogues(DIALOGUES)[: args.limit]
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    filled: Counter[str] = Counter()
    filled_right: Counter[str] = Counter()
    whole: Counter[str] = Counter()
    seconds: list[float] = []
    briefs: list[dict[str, Any]] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp))
        for item in track(dialogues, description="LLM pass"):
            today = date.fromisoformat(item["today"])
            gold = item["gold"]
            with session_scope(settings) as session:
                view = service.start_session(session=session, text=item["turns"][0]["user"], today=today)
                for turn in item["turns"][1:]:
                    view = service.post_message(session=session, session_id=view.id, text=turn["user"], today=today)
                need, conversation, protected = service.refinement_inputs(session=session, need_id=view.need.id or "")
            done = refine.refine(need, conversation, today=today, settings=llm, protected=protected)
            seconds.append(done.seconds)
            failures += [f"{item['id']}: {n}" for n in done.notes if "已使用规则抽取" in n]  # intake.llm.failure_note
            for name in FIELDS:
                before[name] += field_right(need, gold, name)
                after[name] += field_right(done.need, gold, name)
            whole["before"] += all(field_right(need, gold, f) for f in FIELDS)
            whole["after"] += all(field_right(done.need, gold, f) for f in FIELDS)
            for name in done.filled:
                filled[name] += 1
                print(f"{item['id']}: filled {name} = {getattr(done.need, name)!r}", file=sys.stderr)
                filled_right[name] += field_right(done.need, gold, name) if name in FIELDS else 0
            brief = done.need.brief
            briefs.append({"id": item["id"], "conversation": conversation, "filled": done.filled,
                           "notes": done.notes, "seconds": round(done.seconds, 1),
                           "brief": brief.model_dump(mode="json", exclude={"made_on"}) if brief else None})
    n = len(dialogues)
    report: dict[str, Any] = {
        "model": llm.model, "dialogues": n,
        "all_fields_right_before": round(whole["before"] / n, 4),
        "all_fields_right_after": round(whole["after"] / n, 4),
        "per_field_before": {f: round(before[f] / n, 4) for f in FIELDS},
        "per_field_after": {f: round(after[f] / n, 4) for f in FIELDS},
        "filled": dict(filled), "filled_right": dict(filled_right),
        "briefs": sum(b["brief"] is not None for b in briefs),
        "briefs_with_text": sum(bool(b["brief"]) and any(b["brief"].get(k) for k in ("problem", "tried", "evidence"))
                                for b in briefs),
        "failed_calls": len(failures),
        "seconds_median": round(statistics.median(seconds), 1) if seconds else None,
        "seconds_max": round(max(seconds), 1) if seconds else None,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    for line in failures:
        print(line, file=sys.stderr)
    if args.briefs:
        args.briefs.write_text(json.dumps(briefs, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
