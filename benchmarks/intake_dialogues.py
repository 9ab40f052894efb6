"""The intake chat on the hand-written multi-turn dialogues (tests/intake/data/dialogues, gold final needs committed
before the conversation code first ran on them): per field, all fields, corrections honoured, answers landed in the
asked field, and titles holding a budget, a deadline or a place (intake.dialogue_eval).

Each dialogue is driven through intake.service (start_session, post_message) on a fresh SQLite database, with the
rules alone (as the tests run it) or with the semantic head on a real model (--model e5).
Usage: .venv/bin/python benchmarks/intake_dialogues.py [--dialogues FILE] [--model e5] [--home DIR] [--errors]
       [--json FILE]
--dialogues chooses the set: the default is the first set; tests/intake/data/dialogues_heldout/dialogues.jsonl is the
second, written by another hand (HELDOUT).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.db import session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402
from intake import service  # noqa: E402
from intake.dialogue_eval import ChatRunner, DialogueEvaluator, load_dialogues  # noqa: E402
from intake.reader import DETERMINISTIC, IntakeReader, reader_by_meaning  # noqa: E402
from intake.schemas import SessionView  # noqa: E402

DIALOGUES = ROOT / "tests" / "intake" / "data" / "dialogues" / "dialogues.jsonl"
HELDOUT = ROOT / "tests" / "intake" / "data" / "dialogues_heldout" / "dialogues.jsonl"


def runner(settings: Settings, reader: IntakeReader = DETERMINISTIC) -> ChatRunner:
    """The chat as the API runs it: the first message opens the session, each next one is posted to it, typed on a
    page in ``page_language`` when the dialogue names one (the replies follow it)."""

    def run(messages: Sequence[str], today: date, page_language: str | None = None) -> list[SessionView]:
        views: list[SessionView] = []
        with session_scope(settings) as session:
            view = service.start_session(session=session, text=messages[0], today=today, reader=reader,
                                         page_language=page_language)
            views.append(view)
            for text in messages[1:]:
                view = service.post_message(session=session, session_id=view.id, text=text, today=today,
                                            reader=reader, page_language=page_language)
                views.append(view)
        return views

    return run


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogues", type=Path, default=DIALOGUES, help="the set (default: the first set)")
    parser.add_argument("--model", default=None, help="also read with the semantic head on this embedder (e5)")
    parser.add_argument("--home", type=Path, default=ROOT / "var")
    parser.add_argument("--errors", action="store_true", help="print each dialogue's wrong fields and failures")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    reader = DETERMINISTIC
    if args.model:
        from intake.semantic import load_semantic
        from matcher.embedding.models import load_embedder

        # as the API reads: the service types and the product by the model (the product was read by the rules here
        # until 2026-11-28, so the e5 figures before then are of a chat the API did not run)
        reader = reader_by_meaning(load_semantic(load_embedder(args.model, home=args.home)))
    evaluator = DialogueEvaluator(load_dialogues(args.dialogues))
    with tempfile.TemporaryDirectory() as home:
        found = evaluator(runner(Settings(home=Path(home)), reader))
    print(json.dumps(found, ensure_ascii=False, indent=2))
    if args.errors:
        for r in evaluator.results:
            if r.wrong_fields or r.failures or r.title_flaws or r.correction_title or not r.product_exact:
                print(f"\n{r.id}: wrong {r.wrong_fields}; product {r.product!r}; title {r.title!r} "
                      f"{r.title_flaws or ''}")
                for f in r.failures:
                    print(f"   {f}")
    if args.json:
        per_dialogue = [{"id": r.id, "wrong_fields": r.wrong_fields, "product": r.product,
                         "product_exact": r.product_exact, "title": r.title, "title_flaws": r.title_flaws,
                         "correction_title": r.correction_title, "failures": r.failures}
                        for r in evaluator.results]
        out = {"set": str(args.dialogues.resolve().relative_to(ROOT)), **found, "per_dialogue": per_dialogue}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
