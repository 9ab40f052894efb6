"""The background jobs that run use cases: the handlers :mod:`outbox.queue` runs by name, registered by the entry
points (``outbox.queue.register(HANDLERS)``: the app, ``innodock worker``).

They live here, not in the outbox, because they call the flows and the outbox sits below them. A job receives the
``Settings`` of the data it works on, never a live object (see :mod:`outbox.queue`), and opens its own transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from authz.principal import Principal
from core import china_time
from core.db import session_scope, utcnow
from core.errors import NotFoundError
from core.settings import Settings
from flows import assignments, evaluations, matching, ranker_training, refine
from flows.announce import OUTBOX
from flows.intake import IntakeSetup, intake_setup_from_env
from flows.matching import MatcherSetup
from outbox import jobs as job_rows
from outbox import queue
from outbox.queue import Handler

# The queue's settings, a queue on someone's behalf and the webhooks' deliverer thread are the outbox's; the web doors
# name and start them through the flows (re-exported, ``X as X``), importing nothing of the outbox but its schemas,
# vocabulary and settings (the import contract "api-front-door").
from outbox.queue import JobsConfig as JobsConfig
from outbox.queue import Requested as Requested
from outbox.runner import DeliveryThread as DeliveryThread
from outbox.schemas import JobOut
from outbox.service import QUEUED_FLAG

log = logging.getLogger("innodock.jobs")

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
                                  today=china_time.today())
    return {"need_id": done.need_id, "filled": done.filled, "brief": done.brief, "notes": done.notes,
            "seconds": done.seconds}


def ranker_retrain(settings: Settings, *, actor: dict[str, Any] | None = None,
                   scheduled: bool = False) -> dict[str, Any]:
    """The learned ranker refitted on the decisions ``actor`` may see plus the shipped sets, adopted only on a gain on
    the held-out decisions (:func:`flows.ranker_training.retrain`); the result holds both figures.

    ``scheduled`` (the check ``innodock worker`` keeps queued): on the decisions the whole platform holds, only when
    :func:`flows.ranker_training.retrain_due` says so (else a skip with its reason, nothing trained); then, adopted,
    kept or skipped — or failed — the next check is queued for its time under its fixed id (on RQ; the result names
    it: ``next_job_id``)."""
    if not scheduled:
        if actor is None:
            raise ValueError("a retrain asked for by someone names them (actor)")
        with session_scope(settings) as session:
            return ranker_training.retrain(session=session, settings=settings,
                                           actor=ranker_training.Actor.model_validate(actor))
    try:
        with session_scope(settings) as session:
            result = ranker_training.retrain_if_due(session=session, settings=settings,
                                                    actor=ranker_training.SCHEDULER, now=utcnow())
    except Exception:
        try:  # a failed run is tried again at the next check, not never
            schedule_ranker_retrain(settings, now=utcnow())
        except Exception:
            log.warning("could not queue the next scheduled retrain; `innodock worker` queues it at its start",
                        exc_info=True)
        raise
    at = ranker_training.parse_time(result.get("next_check_at"))
    result["next_job_id"] = schedule_ranker_retrain(settings, at=at) if at is not None else None
    return result


def schedule_ranker_retrain(settings: Settings, config: JobsConfig | None = None, *, at: datetime | None = None,
                            now: datetime | None = None) -> str | None:
    """Queue the scheduled retrain check (``ranker_retrain`` with ``scheduled``) for ``at`` — by default the next
    time :func:`flows.ranker_training.next_check_at` gives from the last recorded retrain — under that time's fixed
    id, on RQ: from a running check (its successor, on its own queue) or from ``innodock worker`` starting
    (``config``). The id of the job queued, or found queued already; None when there is no schedule (the interval is
    0) or no Redis to queue on."""
    if at is None:
        with session_scope(settings) as session:
            last = ranker_training.last_retrain(session=session, settings=settings)
        at = ranker_training.next_check_at(settings=settings, last_retrain_at=last, now=now or utcnow())
        if at is None:
            return None
    job_id = ranker_training.scheduled_job_id(at)
    if queue.schedule(ranker_training.JOB, settings=settings, at=at, job_id=job_id, config=config, scheduled=True):
        return job_id
    with session_scope(settings) as session:  # another process queued it first, or there is no Redis
        try:
            job_rows.get_job(session=session, job_id=job_id, org_id=None, home=settings.home)
        except NotFoundError:
            return None
    return job_id


HANDLERS: dict[str, Handler] = {
    "ranker_retrain": ranker_retrain,
    "need_refinement": need_refinement,
    "index_rebuild": index_rebuild,
    "evaluation_report": evaluation_report,
    "batch_assignment": batch_assignment,
}


# ---- the queue as the web doors use it: a job queued on someone's behalf, read back by whoever may, and the
# in-process queue and deliveries started and stopped with the app.


def register_handlers() -> None:
    """Make this process's queue able to run the jobs above: an app registers them before its first request, since
    its own thread runs what it queues when no Redis is configured."""
    queue.register(HANDLERS)


def on_behalf_of(*, principal: Principal, settings: Settings, config: JobsConfig) -> Requested:
    """The job queue on the caller's behalf: each job's row names the caller's organisation (who may read it) and
    the user or key who asked (who is answerable for it)."""
    return Requested(settings=settings, config=config, org_id=principal.org_id,
                     requested_by=principal.user_id or principal.key_id)


def new_job_id() -> str:
    """A job's id chosen before it is queued, for a job whose output is named after it (a report's file)."""
    return queue.new_job_id()


def get_job(*, session: Session, settings: Settings, job_id: str, org_id: str | None) -> JobOut:
    """A job's status, result or error; ``org_id``: only if it is that organisation's (another's is missing). Paths
    in it are shown relative to the data folder, never the server's own."""
    return job_rows.get_job(session=session, job_id=job_id, org_id=org_id, home=settings.home)


def job_file(*, session: Session, settings: Settings, job_id: str, org_id: str | None) -> Path:
    """The file a finished job wrote (a report), only if it lies inside the data folder."""
    return job_rows.job_file(session=session, job_id=job_id, org_id=org_id, home=settings.home)


def send_queued_webhooks(*, session: Session, settings: Settings, config: JobsConfig) -> None:
    """After a request's commit: if it queued webhook deliveries, hand them to the job queue now (with Redis; the
    app's deliverer thread finds them otherwise), never before the commit, so no worker looks for them early."""
    if session.info.pop(QUEUED_FLAG, False):
        queue.kick_webhooks(settings, config)


def start_in_process(*, settings: Settings, config: JobsConfig) -> None:
    """An app starting: the jobs of a process that died (this service before a restart) are failed, not left
    ``started``, and the webhook deliveries waiting from before the start are handed to the queue."""
    queue.reap_at_start(settings, config)
    queue.kick_webhooks(settings, config, pending_only=True)


def finish_in_process() -> None:
    """An app stopping: the jobs queued in its own thread finish first, since they live nowhere else."""
    queue.finish_in_process()
