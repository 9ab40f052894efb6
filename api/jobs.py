"""Background jobs: one ``enqueue(name, **kwargs)`` over two backends.

With no Redis configured (the default for one machine) jobs run in a thread of the calling process, one at a time,
so a single ``innodock serve`` needs nothing else. With ``INNODOCK_REDIS_URL`` set they go to an RQ queue on Redis
and ``innodock worker`` processes (any number, on any machine sharing the database and data folder) run them, so a
long index rebuild or a PDF report never holds an API worker.

A job receives the database URL and data folder, never a live object: a worker may be another process on another
machine, and what reaches it must survive pickling.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import InnodockError, NotFoundError
from core.settings import Settings


class JobsConfig(BaseSettings):
    """Queue settings (environment prefix ``INNODOCK_``, so the Redis URL is ``INNODOCK_REDIS_URL``)."""

    model_config = SettingsConfigDict(env_prefix="INNODOCK_", extra="ignore")

    redis_url: str | None = Field(default=None, description="redis://host:port/db; unset: jobs run in-process.")
    queue_name: str = Field(default="innodock", description="RQ queue the API enqueues to and workers read.")
    job_timeout_seconds: int = Field(default=3600, ge=10, description="Longest a job may run before RQ kills it.")
    result_ttl_seconds: int = Field(default=86400, ge=0, description="How long RQ keeps a finished job's result.")


# ---- the jobs themselves ----

def _settings(payload: dict[str, str | None]) -> Settings:
    return Settings(home=Path(str(payload["home"])), database_url=payload.get("database_url"))


def index_rebuild(settings: Settings, *, force: bool = False) -> dict[str, Any]:
    """Sync (``force``: rebuild) the vector index with the knowledge base; every API worker picks the new snapshot
    up on its next request."""
    from matcher.service import build_index

    stats = build_index(settings=settings, force=force)
    return {"added": stats.added, "updated": stats.updated, "removed": stats.removed, "unchanged": stats.unchanged,
            "embedded": stats.embedded, "rebuilt": stats.rebuilt,
            "kb_version": stats.manifest.kb_version if stats.manifest else None}


def webhook_delivery(settings: Settings) -> dict[str, Any]:
    """One pass over due webhook deliveries (retries are scheduled in the delivery rows, with backoff)."""
    from api.config import ApiConfig
    from api.webhooks.runner import deliver_once

    return deliver_once(settings, ApiConfig()).model_dump()


def evaluation_report(settings: Settings, *, center_id: str, out: str, fmt: str = "html",
                      run_id: int | None = None) -> str:
    """Render a center's evaluation report (§5.2.9) to ``out``; PDF rendering takes seconds, so it is a job."""
    from core.db import session_scope
    from evaluation.report import write_report
    from evaluation.service import get_run, latest_run

    with session_scope(settings) as session:
        run = get_run(session=session, run_id=run_id) if run_id is not None else latest_run(
            session=session, center_id=center_id)
        if run is None or run.center_id != center_id:
            raise NotFoundError(f"机构 {center_id} 没有评价记录 / no evaluation run for this center", field="center_id")
        result, inputs = dict(run.result), dict(run.inputs)
    return str(write_report(result, inputs, out=Path(out), fmt=fmt))


JOBS: dict[str, Callable[..., Any]] = {
    "index_rebuild": index_rebuild,
    "webhook_delivery": webhook_delivery,
    "evaluation_report": evaluation_report,
}


def run_job(name: str, settings_payload: dict[str, str | None], kwargs: dict[str, Any]) -> Any:
    """What a worker executes (RQ imports it by name)."""
    return JOBS[name](_settings(settings_payload), **kwargs)


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

    def enqueue(self, name: str, settings: Settings, kwargs: dict[str, Any]) -> ThreadJob:
        future = self._executor.submit(JOBS[name], settings, **kwargs)
        return ThreadJob(id=uuid.uuid4().hex, name=name, future=future)

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

    def enqueue(self, name: str, settings: Settings, kwargs: dict[str, Any]) -> RQJob:
        from redis.exceptions import RedisError

        payload = {"home": str(settings.home), "database_url": settings.database_url}
        try:
            job = self.queue.enqueue(run_job, name, payload, kwargs, job_timeout=self.config.job_timeout_seconds,
                                     result_ttl=self.config.result_ttl_seconds, description=f"innodock {name}")
        except RedisError as exc:
            raise InnodockError(f"无法连接任务队列 / cannot reach the job queue ({self.config.redis_url}): {exc}",
                                field="redis_url") from exc
        return RQJob(id=job.id, name=name, job=job)

    def shutdown(self) -> None:
        self.connection.close()


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


def enqueue(name: str, *, settings: Settings, config: JobsConfig | None = None, **kwargs: Any) -> JobHandle:
    """Queue job ``name`` (one of ``JOBS``) for ``settings``' database and data folder."""
    if name not in JOBS:
        raise InnodockError(f"未知任务 {name} / unknown job (known: {', '.join(JOBS)})", field="job")
    return backend(config).enqueue(name, settings, kwargs)


def shutdown() -> None:
    with _lock:
        for found in _backends.values():
            found.shutdown()
        _backends.clear()
