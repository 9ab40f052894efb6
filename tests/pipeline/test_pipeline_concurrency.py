"""Many coordinators firing transitions on one engagement at once: the optimistic version check lets exactly one
writer through per version, losers get ``stale_version``, and the history stays a valid chain that replays to the
stored state. Runs on SQLite and, when reachable, PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter

from pipeline_helpers import ASSOC, CENTER_CO, advance, drive_to, open_engagement

from core.db import session_scope
from core.errors import ConflictError
from core.settings import Settings
from pipeline import service
from pipeline.schemas import Actor

THREADS = 8
ATTEMPTS = 12

# The plan-review loop can go round forever, so every thread always has a legal move to race for.
MOVES: dict[str, tuple[str, Actor, dict[str, str]]] = {
    "plan_review": ("reject_plan", ASSOC, {"opinion": "再改一版"}),
    "plan_revision": ("resubmit_plan", CENTER_CO, {"plan": "修改后的方案"}),
}


def test_parallel_transitions_leave_a_valid_history(kb_settings: Settings) -> None:
    eng = open_engagement(kb_settings)
    drive_to(kb_settings, eng, "plan_review")
    with session_scope(kb_settings) as session:
        start = service.get_engagement(session=session, engagement_id=eng, actor=ASSOC)

    outcomes: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker() -> None:
        barrier.wait()
        for _ in range(ATTEMPTS):
            try:
                with session_scope(kb_settings) as session:
                    current = service.get_engagement(session=session, engagement_id=eng, actor=ASSOC)
                transition, actor, payload = MOVES[current.state]
                advance(kb_settings, eng, transition, actor, payload, version=current.version)
                result = "ok"
            except ConflictError as exc:
                result = exc.code
            except BaseException as exc:  # anything else is a bug: keep it for the assertion below
                with lock:
                    errors.append(exc)
                return
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert set(outcomes) <= {"ok", "stale_version"}, outcomes
    assert outcomes["ok"] >= 1 and sum(outcomes.values()) == THREADS * ATTEMPTS

    with session_scope(kb_settings) as session:
        final = service.get_engagement(session=session, engagement_id=eng, actor=ASSOC)
        events = service.history(session=session, engagement_id=eng, actor=ASSOC)
        check = service.verify_history(session=session, engagement_id=eng)
        detail = service.show_engagement(session=session, engagement_id=eng, actor=ASSOC)
    assert check.ok, check.problems
    assert final.version == start.version + outcomes["ok"] == len(events)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    fired = Counter(e.transition for e in events[start.version:])
    assert sum(fired.values()) == outcomes["ok"]
    # Each success filed its record exactly once: one review opinion per rejection, rounds counted per submission.
    assert len(detail.plan_reviews) == fired["reject_plan"]
    assert final.plan_round == 1 + fired["resubmit_plan"]
