"""Background jobs: one ``enqueue(name, **kwargs)`` over two backends.

With no Redis configured (the default for one machine) jobs run in a thread of the calling process, one at a time,
so a single ``innodock serve`` needs nothing else. With ``INNODOCK_REDIS_URL`` set they go to an RQ queue on Redis
and ``innodock worker`` processes (any number, on any machine sharing the database and data folder) run them, so a
long index rebuild or a PDF report never holds an API worker.

A job receives the database URL and data folder, never a live object: a worker may be another process on another
machine, and what reaches it must survive pickling.

Every job queued through :func:`enqueue` has a row in ``api_job`` (:mod:`outbox.jobs`): written as ``queued`` here,
then ``started`` / ``finished`` (with the result) / ``failed`` (with the error) by :func:`run_job` in whatever process
runs it, so ``GET /api/v1/jobs/{id}`` answers the same from every API worker. The queue only carries the work.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.db import session_scope, utcnow
from core.errors import InnodockError
from core.settings import Settings
from outbox import jobs as jobs_service
from outbox.config import WebhookConfig
from outbox.runner import deliver_once
from outbox.service import next_attempt_at

log = logging.getLogger("innodock.jobs")


class JobsConfig(BaseSettings):
    """Queue settings (environment prefix ``INNODOCK_``, so the Redis URL is ``INNODOCK_REDIS_URL``)."""

    model_config = SettingsConfigDict(env_prefix="INNODOCK_", extra="ignore")

    redis_url: str | None = Field(default=None, description="redis://host:port/db; unset: jobs run in-process.")
    queue_name: str = Field(default="innodock", description="RQ queue the API enqueues to and workers read.")
    job_timeout_seconds: int = Field(default=3600, ge=10, description="Longest a job may run before RQ kills it.")
    result_ttl_seconds: int = Field(default=86400, ge=0, description="How long RQ keeps a finished job's result.")


# ---- the jobs themselves ----

Handler = Callable[..., Any]
"""A job: called with the ``Settings`` of the data it works on and the job's keyword arguments; what it returns is
the job's result (JSON)."""


def _settings(payload: dict[str, str | None]) -> Settings:
    settings = Settings(home=Path(str(payload["home"])), database_url=payload.get("database_url"))
    index_dir = payload.get("index_dir")  # only when the queuing process named one; else the job's environment's
    return settings.model_copy(update={"index_dir": Path(index_dir)}) if index_dir else settings


def webhook_delivery(settings: Settings) -> dict[str, Any]:
    """One pass over due webhook deliveries: a turn per subscription, several subscriptions at once (retries are
    scheduled in the delivery rows, with backoff). On RQ the job then queues itself — at once when a turn left
    deliveries due, else for when the earliest retry falls due — so failed deliveries are retried with no deliverer
    thread anywhere; in-process, the app's deliverer thread does that."""
    run = deliver_once(settings, WebhookConfig())
    _queue_webhook_retry(settings, progressed=run.attempted > 0)
    return run.model_dump()


def _queue_webhook_retry(settings: Settings, *, progressed: bool) -> None:
    from rq import get_current_job

    current = get_current_job()
    if current is None:
        return
    with session_scope(settings) as session:
        due = next_attempt_at(session=session)
    if due is None:
        return
    now = utcnow()
    if due <= now and progressed:
        # More was due than one pass took: go on at once, under a fresh id.
        job_id, delay = uuid.uuid4().hex, 0.0
    else:
        # One scheduled pass per due second, however many passes ask for it (the job row's id is the guard); a
        # row due now that this pass did not take (another deliverer holds it) is looked at again in a second.
        when = max(due, now + timedelta(seconds=1))
        job_id, delay = f"webhook-retry-{int(when.timestamp())}", (when - now).total_seconds()
    from redis import Redis
    from rq import Queue

    connection: Redis = current.connection
    queue = Queue(current.origin, connection=connection)
    _submit_rq(queue, "webhook_delivery", settings, {}, job_id=job_id, delay=delay, new_row=True,
               timeout=int(current.timeout) if current.timeout else None, result_ttl=current.result_ttl)


JOBS: dict[str, Handler] = {
    "webhook_delivery": webhook_delivery,
}
"""The jobs this process can run: the outbox's own, and those the entry point registered (:func:`register`)."""


def register(handlers: dict[str, Handler]) -> None:
    """Add jobs that run use cases. They live with the use cases (``flows.jobs``), which the outbox must not import,
    so every process that queues or runs jobs (the app, ``innodock worker``) registers them at its start. RQ runs a
    job in its worker's process, or in a fork of it, where they are registered already. A name already known keeps
    its handler: registering again (a second app in one process) changes nothing."""
    for name, handler in handlers.items():
        JOBS.setdefault(name, handler)


def _record(settings: Settings, job_id: str | None, mark: Callable[..., None], **fields: Any) -> None:
    """Write the job's row in a session of its own: the job's work and its status never share a transaction."""
    if job_id is None:
        return
    try:
        with session_scope(settings) as session:
            mark(session=session, job_id=job_id, **fields)
    except Exception:  # the job's own outcome matters more than its bookkeeping; the log says what went wrong
        log.exception("could not record job %s", job_id)


def _error_text(exc: BaseException) -> str:
    """Our own errors say what went wrong in both languages; anything else is named by its type."""
    return exc.message if isinstance(exc, InnodockError) else f"{type(exc).__name__}: {exc}"


def run_job(name: str, settings_payload: dict[str, str | None], kwargs: dict[str, Any],
            job_id: str | None = None) -> Any:
    """What a worker executes (RQ imports it by name), and the thread backend too: runs the job and keeps its
    row up to date."""
    settings = _settings(settings_payload)
    _record(settings, job_id, jobs_service.mark_started)
    try:
        result = JOBS[name](settings, **kwargs)
    except BaseException as exc:
        _record(settings, job_id, jobs_service.mark_failed, error=_error_text(exc))
        raise
    _record(settings, job_id, jobs_service.mark_finished, result=result)
    return result


def rq_job_failed(job: Any, connection: Any, *exc_info: Any) -> None:
    """RQ's failure callback: also called when a worker died mid-job (no traceback reaches :func:`run_job`)."""
    try:
        payload = job.args[1]
        settings = _settings(payload)
    except Exception:
        return
    value = exc_info[1] if len(exc_info) > 1 else None
    text = _error_text(value) if isinstance(value, BaseException) else "worker died"
    _record(settings, job.id, jobs_service.mark_failed, error=text, only_unfinished=True)


# ---- handles and backends ----

class JobHandle(Protocol):
    id: str
    name: str

    def status(self) -> str:
        """queued | started | finished | failed"""

    def result(self, timeout: float | None = None) -> Any:
        """The job's return value; raises ``InnodockError`` if it failed or did not finish in time."""


@dataclass
class ThreadJob:
    id: str
    name: str
    future: Future[Any]

    def status(self) -> str:
        if self.future.running():
            return "started"
        if not self.future.done():
            return "queued"
        return "failed" if self.future.exception() is not None else "finished"

    def result(self, timeout: float | None = None) -> Any:
        from concurrent.futures import TimeoutError as FutureTimeout

        try:
            return self.future.result(timeout=timeout)
        except FutureTimeout as exc:
            raise InnodockError(f"任务 {self.name} 未在时限内完成 / job did not finish in time", field="job") from exc


@dataclass
class InProcessQueue:
    """One worker thread: jobs run in order, like a one-worker queue, without Redis."""

    _executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="innodock-job"))

    def enqueue(self, name: str, settings: Settings, kwargs: dict[str, Any], job_id: str) -> ThreadJob:
        future = self._executor.submit(run_job, name, _payload(settings), kwargs, job_id)
        return ThreadJob(id=job_id, name=name, future=future)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


@dataclass
class RQJob:
    id: str
    name: str
    job: Any  # rq.job.Job

    def status(self) -> str:
        value = self.job.get_status(refresh=True)
        text = str(getattr(value, "value", value))
        return {"deferred": "queued", "scheduled": "queued", "stopped": "failed", "canceled": "failed"}.get(text, text)

    def result(self, timeout: float | None = None) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            state = self.status()
            if state == "finished":
                return self.job.return_value(refresh=True)
            if state == "failed":
                latest = self.job.latest_result()
                detail = (latest.exc_string or "").strip().splitlines()[-1:] if latest is not None else []
                raise InnodockError(f"任务 {self.name} 失败 / job failed: {' '.join(detail) or state}", field="job")
            if deadline is not None and time.monotonic() > deadline:
                raise InnodockError(f"任务 {self.name} 未在时限内完成 / job did not finish in time", field="job")
            time.sleep(0.05)


class RQQueue:
    def __init__(self, config: JobsConfig) -> None:
        from redis import Redis
        from rq import Queue

        self.config = config
        self.connection = Redis.from_url(str(config.redis_url))
        self.queue = Queue(config.queue_name, connection=self.connection)

    def enqueue(self, name: str, settings: Settings, kwargs: dict[str, Any], job_id: str) -> RQJob:
        from redis.exceptions import RedisError

        try:
            job = _submit_rq(self.queue, name, settings, kwargs, job_id=job_id,
                             timeout=self.config.job_timeout_seconds, result_ttl=self.config.result_ttl_seconds)
        except RedisError as exc:
            raise InnodockError(f"无法连接任务队列 / cannot reach the job queue ({self.config.redis_url}): {exc}",
                                field="redis_url") from exc
        return RQJob(id=job.id, name=name, job=job)

    def shutdown(self) -> None:
        self.connection.close()


def _payload(settings: Settings) -> dict[str, str | None]:
    payload = {"home": str(settings.home), "database_url": settings.database_url}
    if settings.index_dir is not None:  # an index folder shared by several hosts (issue 33, item 6)
        payload["index_dir"] = str(settings.index_dir)
    return payload


def _submit_rq(queue: Any, name: str, settings: Settings, kwargs: dict[str, Any], *, job_id: str,
               timeout: int | None, result_ttl: int | None, delay: float = 0.0, new_row: bool = False) -> Any:
    """Put ``run_job`` on an RQ queue under the row's id (now, or ``delay`` seconds on, which needs a worker
    started with its scheduler: ``innodock worker`` is). ``new_row``: write the row here (a job queued by a job);
    when one with this id exists nothing is queued — that is what keeps one scheduled pass per due time."""
    from rq import Callback

    options: dict[str, Any] = {"job_id": job_id, "job_timeout": timeout, "result_ttl": result_ttl,
                               "description": f"innodock {name}", "on_failure": Callback(rq_job_failed)}
    if new_row:
        with session_scope(settings) as session:
            if not jobs_service.create_job(session=session, job_id=job_id, name=name, params=kwargs):
                return None
    if delay > 0:
        return queue.enqueue_in(timedelta(seconds=delay), run_job, name, _payload(settings), kwargs, job_id,
                                **options)
    return queue.enqueue(run_job, name, _payload(settings), kwargs, job_id, **options)


Backend = InProcessQueue | RQQueue
_backends: dict[str | None, Backend] = {}
_lock = threading.Lock()


def backend(config: JobsConfig | None = None) -> Backend:
    """The process's queue for this configuration (created once)."""
    config = config or JobsConfig()
    key = f"{config.redis_url}#{config.queue_name}" if config.redis_url else None
    with _lock:
        found = _backends.get(key)
        if found is None:
            found = _backends[key] = RQQueue(config) if config.redis_url else InProcessQueue()
        return found


def new_job_id() -> str:
    return uuid.uuid4().hex


def enqueue(name: str, *, settings: Settings, config: JobsConfig | None = None, org_id: str | None = None,
            requested_by: str | None = None, job_id: str | None = None, **kwargs: Any) -> JobHandle:
    """Queue job ``name`` (one of ``JOBS``) for ``settings``' database and data folder; its row (``org_id``: the
    tenant that may read it, ``requested_by``: the user or key) is written before the work is queued."""
    if name not in JOBS:
        raise InnodockError(f"未知任务 {name} / unknown job (known: {', '.join(JOBS)})", field="job")
    job_id = job_id or new_job_id()
    config = config or JobsConfig()
    # In-process, this process's thread will run it: the row names us, so the job dies with us, even if still queued.
    worker = None if config.redis_url else jobs_service.this_worker()
    with session_scope(settings) as session:
        if not jobs_service.create_job(session=session, job_id=job_id, name=name, params=kwargs, org_id=org_id,
                                       requested_by=requested_by, worker=worker):
            raise InnodockError(f"任务编号已存在 / a job with id {job_id!r} exists", field="job_id")
    try:
        return backend(config).enqueue(name, settings, kwargs, job_id)
    except Exception as exc:
        with session_scope(settings) as session:
            jobs_service.mark_failed(session=session, job_id=job_id, error=_error_text(exc))
        raise


def schedule(name: str, *, settings: Settings, at: datetime, job_id: str, config: JobsConfig | None = None,
             **kwargs: Any) -> bool:
    """Queue job ``name`` on RQ for ``at`` (at once when that has passed) under ``job_id``; the scheduler of an
    ``innodock worker`` moves it onto the queue then. Inside a running RQ job it goes to that job's queue (a job
    queuing its successor), elsewhere to ``config``'s. False, and nothing queued, when a job with this id is recorded
    already — a fixed id per run is what keeps one scheduled run however many processes ask — or when there is no
    Redis to queue on (``config`` without ``redis_url``, or none given outside an RQ job)."""
    if name not in JOBS:
        raise InnodockError(f"未知任务 {name} / unknown job (known: {', '.join(JOBS)})", field="job")
    from rq import Queue, get_current_job

    current = get_current_job()
    if current is not None:
        queue: Any = Queue(current.origin, connection=current.connection)
        timeout = int(current.timeout) if current.timeout else None
        result_ttl = current.result_ttl
    elif config is not None and config.redis_url:
        found = backend(config)
        assert isinstance(found, RQQueue)
        queue, timeout, result_ttl = found.queue, config.job_timeout_seconds, config.result_ttl_seconds
    else:
        return False
    delay = max((at - utcnow()).total_seconds(), 0.0)
    return _submit_rq(queue, name, settings, kwargs, job_id=job_id, delay=delay, new_row=True, timeout=timeout,
                      result_ttl=result_ttl) is not None


@dataclass(frozen=True)
class Requested:
    """The job queue as a flow gets it (``flows.assignments.JobQueue``): jobs queued for ``settings``' data, on
    behalf of the organisation that may read them and the user or key who asked."""

    settings: Settings
    config: JobsConfig
    org_id: str | None
    requested_by: str | None

    def submit(self, name: str, **params: Any) -> str:
        return enqueue(name, settings=self.settings, config=self.config, org_id=self.org_id,
                       requested_by=self.requested_by, **params).id


def _rq_states(config: JobsConfig) -> Callable[[str], str | None]:
    """RQ's view of each job, for the reaper: first RQ's own clean-up of its started registry (jobs whose worker
    stopped sending heartbeats are moved to failed), then a lookup per job id. A Redis error reads as "unknown", a
    status the reaper leaves alone: Redis being down says nothing about the job."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RqJob
    from rq.registry import StartedJobRegistry

    connection = Redis.from_url(str(config.redis_url))
    try:
        StartedJobRegistry(queue=Queue(config.queue_name, connection=connection)).cleanup()
    except RedisError:
        log.warning("could not clean up RQ's started-job registry", exc_info=True)

    def state(job_id: str) -> str | None:
        try:
            job = RqJob.fetch(job_id, connection=connection)
            value = job.get_status(refresh=False)
        except NoSuchJobError:
            return None
        except RedisError:
            return "unknown"
        return str(getattr(value, "value", value))

    return state


def reap(settings: Settings, config: JobsConfig | None = None) -> list[str]:
    """One reaper pass (``outbox.jobs.reap_jobs``) over ``settings``' database, asking RQ when Redis is
    configured; returns the ids of the jobs marked failed."""
    config = config or JobsConfig()
    rq_state = _rq_states(config) if config.redis_url else None
    with session_scope(settings) as session:
        reaped = jobs_service.reap_jobs(session=session, rq_state=rq_state)
    if reaped:
        log.warning("reaped %d job(s) whose process died: %s", len(reaped), ", ".join(reaped))
    return reaped


def reap_at_start(settings: Settings, config: JobsConfig) -> None:
    """An app starting: the jobs of a process that died (this service before its restart, among others) are
    failed now, not left ``started``. Never raises: a failed pass must not keep the API from starting."""
    try:
        reap(settings, config)
    except Exception:
        log.warning("the job reaper failed at start-up; `innodock jobs reap` runs it again", exc_info=True)


def finish_in_process() -> None:
    """Let the jobs queued in this process's thread finish (an app stopping): they live nowhere else."""
    with _lock:
        found = _backends.pop(None, None)
    if found is not None:
        found.shutdown()


def kick_webhooks(settings: Settings, config: JobsConfig, *, pending_only: bool = False) -> str | None:
    """After a commit that queued webhook deliveries: with Redis, queue a ``webhook_delivery`` pass (the app runs
    no deliverer thread then); without, the app's thread finds them. Never raises: the deliveries are committed
    and wait in the outbox, and the next pass (any later event, an app start, ``innodock webhooks deliver``) sends
    them. ``pending_only``: only if some delivery is waiting (at an app's start)."""
    if not config.redis_url:
        return None
    try:
        if pending_only:
            with session_scope(settings) as session:
                if next_attempt_at(session=session) is None:
                    return None
        return enqueue("webhook_delivery", settings=settings, config=config).id
    except Exception:
        log.warning("could not queue a webhook delivery pass; deliveries wait in the outbox", exc_info=True)
        return None


def shutdown() -> None:
    with _lock:
        for found in _backends.values():
            found.shutdown()
        _backends.clear()
