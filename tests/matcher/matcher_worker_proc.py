"""A second "API worker" for the multi-process index test: a process with its own matcher, driven over stdin.

Commands (one JSON object a line): ``{"op": "match", "text": ...}`` answers the kb version and generation of the index
it searched and the center ids found; ``{"op": "start"}`` starts matching in a loop in a thread, ``{"op": "stop"}``
stops it and answers how many matches ran, which versions they saw and every error.

``{"op": "wait", "more": n}`` answers once the loop has run ``n`` more matches, and ``{"op": "wait_version",
"version": v}`` once a match has seen kb version ``v``: the test waits on the loop's progress, never on the clock
(a busy machine only makes it slower). Each wait gives up after ``WAIT_LIMIT`` seconds, a bound for a hung loop.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from typing import Any

from matcher_helpers import NgramEmbedder, in_session

from core.settings import Settings
from matcher import service
from matcher.schemas import MatcherConfig

settings = Settings()
embedder = NgramEmbedder()
TEXTS = ["动力电池热失控试验", "稀土永磁材料磁性能测量", "量子陀螺仪标定与校准"]


def one(text: str) -> dict[str, Any]:
    result = in_session(service.match, settings, need=text, top_k=5, embedder=embedder)
    store = service._engine(settings, MatcherConfig(), embedder).store
    assert store is not None
    return {"kb_version": store.kb_version, "generation": store.generation,
            "centers": [m.center_id for m in result.matches]}


WAIT_LIMIT = 300.0
stop = threading.Event()
progress = threading.Condition()
seen: dict[str, Any] = {"count": 0, "versions": [], "errors": []}


def loop() -> None:
    i = 0
    while not stop.is_set():
        try:
            version = one(TEXTS[i % len(TEXTS)])["kb_version"]
            with progress:
                seen["count"] += 1
                if not seen["versions"] or seen["versions"][-1] != version:
                    seen["versions"].append(version)
                progress.notify_all()
        except Exception:
            with progress:
                seen["errors"].append(traceback.format_exc(limit=3))
                progress.notify_all()
        i += 1


def wait_until(done: Any) -> dict[str, Any]:
    with progress:
        reached = progress.wait_for(lambda: done() or bool(seen["errors"]), timeout=WAIT_LIMIT)
        return {"reached": bool(reached) and not seen["errors"], "count": seen["count"],
                "versions": list(seen["versions"]), "errors": list(seen["errors"])}


def main() -> None:
    thread: threading.Thread | None = None
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "match":
            answer: dict[str, Any] = one(cmd["text"])
        elif cmd["op"] == "start":
            thread = threading.Thread(target=loop, daemon=True)
            thread.start()
            answer = {"started": True}
        elif cmd["op"] == "wait":
            with progress:
                target = seen["count"] + int(cmd["more"])
            answer = wait_until(lambda target=target: seen["count"] >= target)
        elif cmd["op"] == "wait_version":
            version = int(cmd["version"])
            answer = wait_until(lambda version=version: bool(seen["versions"]) and seen["versions"][-1] >= version)
        elif cmd["op"] == "stop":
            stop.set()
            if thread is not None:
                thread.join(timeout=60)
            answer = seen
        else:
            answer = {"error": f"unknown op {cmd['op']}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
