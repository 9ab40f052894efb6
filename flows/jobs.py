"""The background jobs that run use cases: the handlers :mod:`outbox.queue` runs by name, registered by the entry
points (``outbox.queue.register(HANDLERS)``: the app, ``innodock worker``).

They live here, not in the outbox, because they call the flows and the outbox sits below them. A job receives the
``Settings`` of the data it works on, never a live object (see :mod:`outbox.queue`), and opens its own transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from core.db import session_scope
from core.settings import Settings
from flows import assignments, evaluations, matching, refine
from flows.announce import OUTBOX
from flows.intake import IntakeSetup, intake_setup_from_env
from flows.matching import MatcherSetup
from outbox.queue import Handler

# An embedder an app was handed (``create_app(matcher=MatcherSetup(embedder=...))``, the tests' tiny one), for the
# jobs this process runs on that data folder; otherwise a job loads the model its ``MatcherConfig`` names, as a
# separate worker does.
_embedders: dict[str, Any] = {}


def share_embedder(settings: Settings, embedder: Any | None) -> None:
    if embedder is not None:
        _embedders[str(settings.home)] = embedder


# The intake reader of the app that queued a job, for jobs run in its own process (a worker elsewhere reads the
# LLM's settings from its environment, as the app did).
_intakes: dict[str, IntakeSetup] = {}


def share_intake(settings: Settings, setup: IntakeSetup) -> None:
    _intakes[str(settings.home)] = setup


def _setup(settings: Settings) -> MatcherSetup:
    """The matcher a job runs: the model its ``MatcherConfig`` names, or the embedder shared for this data folder."""
    return MatcherSetup(embedder=_embedders.get(str(settings.home)))


def index_rebuild(settings: Settings, *, force: bool = False) -> dict[str, Any]:
    """Sync (``force``: rebuild) the vector indexes (capabilities, then experts) with the knowledge base; every API
    worker picks the new snapshot up on its next request."""
    stats = matching.sync_index(setup=_setup(settings), settings=settings, force=force)
    ex = stats.experts
    return {"added": stats.added, "updated": stats.updated, "removed": stats.removed, "unchanged": stats.unchanged,
            "embedded": stats.embedded, "rebuilt": stats.rebuilt,
            "kb_version": stats.manifest.kb_version if stats.manifest else None,
            "experts": None if ex is None else {
                "count": ex.manifest.count if ex.manifest else 0, "added": ex.added, "updated": ex.updated,
                "removed": ex.removed, "embedded": ex.embedded, "without_text": ex.skipped}}


def batch_assignment(settings: Settings, *, actor: dict[str, Any], need_ids: list[str] | None = None,
                     alternates: int = 2, top_k: int = 5) -> dict[str, Any]:
    """:func:`flows.assignments.run` in a transaction of its own (advisory: it changes nothing)."""
    with session_scope(settings) as session:
        return assignments.run(session=session, settings=settings, setup=_setup(settings), actor=actor,
                               need_ids=need_ids, alternates=alternates, top_k=top_k)


def evaluation_report(settings: Settings, *, center_id: str, out: str, fmt: str = "html",
                      run_id: int | None = None) -> str:
    """Render a center's evaluation report (§5.2.9) to ``out``; PDF rendering takes seconds, so it is a job."""
    with session_scope(settings) as session:
        return str(evaluations.write_center_report(session=session, center_id=center_id, out=Path(out), fmt=fmt,
                                                   run_id=run_id))


def need_refinement(settings: Settings, *, need_id: str) -> dict[str, Any]:
    """The LLM's pass over a submitted need's whole conversation (:func:`flows.refine.refine_need`), in a
    transaction of its own; the enterprise is told of any field it filled."""
    setup = _intakes.get(str(settings.home)) or intake_setup_from_env(settings=settings,
                                                                      matcher=lambda: _setup(settings))
    with session_scope(settings) as session:
        done = refine.refine_need(session=session, need_id=need_id, reader=setup.reader, outbox=OUTBOX,
                                  today=date.today())
    return {"need_id": done.need_id, "filled": done.filled, "brief": done.brief, "notes": done.notes,
            "seconds": done.seconds}


HANDLERS: dict[str, Handler] = {
    "need_refinement": need_refinement,
    "index_rebuild": index_rebuild,
    "evaluation_report": evaluation_report,
    "batch_assignment": batch_assignment,
}
