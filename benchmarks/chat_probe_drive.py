"""A chat probe's conversations driven through intake.service as the JSON chat API runs them (start_session, then
post_message), on a fresh SQLite database, each reply and the card printed, with the gold card when the file gives
one: what docs/intake.md's probes read ("Driven …"). With the rules alone, or with the reader by meaning (--model e5).

Usage: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/chat_probe_drive.py --file tests/intake/data/dialogues_probe16.jsonl
       [--model e5] [--ids p151,p152] ["a message" "the next" …]
INNODOCK_ROOT=OTHER_TREE reads with another tree's code (a `git worktree` of an earlier commit), for a before/after.
Never give it a held-out set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("INNODOCK_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

from core.db import session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402
from intake import service  # noqa: E402
from intake.reader import DETERMINISTIC, reader_by_meaning  # noqa: E402
from intake.semantic import load_semantic  # noqa: E402
from matcher.embedding.models import load_embedder  # noqa: E402

DAY = date(2026, 11, 26)  # the day the probes' dates are read on (tests/intake/test_intake_chat_rules.DAY)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--ids", default="", help="comma-separated conversation ids")
    parser.add_argument("--model", default=None, help="read with the semantic head on this embedder (e5)")
    parser.add_argument("--home", type=Path, default=Path(__file__).resolve().parent.parent / "var")
    parser.add_argument("messages", nargs="*", help="one conversation given here")
    args = parser.parse_args(argv)
    if args.file is not None and "heldout" in str(args.file):
        parser.error("a held-out set is never driven by hand")
    reader = DETERMINISTIC
    if args.model:
        reader = reader_by_meaning(load_semantic(load_embedder(args.model, home=args.home)))
    wanted = {i for i in args.ids.split(",") if i}
    conversations: list[dict[str, Any]] = []
    if args.file is not None:
        for line in args.file.read_text(encoding="utf-8").splitlines():
            if line.strip() and (not wanted or json.loads(line)["id"] in wanted):
                conversations.append(json.loads(line))
    if args.messages:
        conversations.append({"id": "given", "messages": args.messages})
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        for c in conversations:
            print("=" * 30, c["id"])
            with session_scope(settings) as session:
                view = None
                for i, text in enumerate(c["messages"], 1):
                    view = (service.start_session(session=session, text=text, today=DAY, reader=reader)
                            if view is None else
                            service.post_message(session=session, session_id=view.id, text=text, today=DAY,
                                                 reader=reader))
                    said = [t.text for t in view.turns if t.role == "assistant"][-1]
                    print(f"[{i}] U: {text}")
                    print("    A: " + said.replace("\n", "\n       "))
                    print(f"    ask={view.ask_field}")
                if view is None:
                    continue
                n = view.need
                print(f"CARD product={n.product!r} types={[s.value for s in n.service_types]} "
                      f"phrases={ {k.value: v for k, v in n.phrases.items()} }")
                print(f"     region={n.region.province},{n.region.city} deadline={n.deadline} "
                      f"budget={n.budget.min_yuan},{n.budget.max_yuan},{n.budget.currency} conf={n.confidential} "
                      f"quals={n.qualifications} title={n.title!r}"
                      # (a mark wished for, not a must: shown when there is one, so earlier outputs read the same)
                      + (f" preferred={pref}" if (pref := getattr(n, "preferred_qualifications", [])) else ""))
                if "gold" in c:
                    print(f"GOLD {c['gold']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
