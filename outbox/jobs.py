"""The background-job table (keyword-only functions): a job's row is written when it is queued and by the job's
own wrapper as it starts, finishes or fails, so any API worker can answer ``GET /api/v1/jobs/{id}`` whichever
backend (an RQ worker elsewhere, or a thread of another API worker) ran it. The queue itself is
:mod:`outbox.queue`.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path, PureWindowsPath
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.service import as_utc
from core.db import utcnow
from core.errors import NotFoundError
from outbox.models import Job
from outbox.schemas import JobOut

QUEUED, STARTED, FINISHED, FAILED = "queued", "started", "finished", "failed"
# Jobs whose result is a file in the data folder, served by GET /api/v1/jobs/{id}/file.
FILE_JOBS = frozenset({"evaluation_report"})


PROCESS_DIED = "任务进程已终止 / the job's process died"
# A started job whose process cannot be checked from here (another machine, a row from before 0011) and that no queue
# vouches for is presumed dead after this long: three times RQ's default job timeout, which kills a job after an hour.
STALE_AFTER = timedelta(hours=3)
# A job queued on RQ has its row written just before RQ has the job: a reaper must not catch it in between.
QUEUE_GRACE = timedelta(minutes=1)
# RQ states in which the job will never report back (a job RQ has not heard of is one too).
RQ_DEAD_STATES = frozenset({"failed", "stopped", "canceled"})


# ---- which process runs a job ----

@lru_cache(maxsize=1)
def this_host() -> str:
    """This machine and pid namespace: a pid means something only inside the namespace it was given in (two
    containers on one host with the host's name have each their own pid 1)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid").removeprefix("pid:")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}#{namespace}" if namespace else socket.gethostname()


@lru_cache(maxsize=1)
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8]
    except OSError:
        return ""


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (boot, then clock ticks since boot): a pid reused by a later process, or by the
    restarted service, has another start. None where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    return f"{_boot_id()}.{fields[19]}" if len(fields) > 19 else None


def this_worker() -> str:
    """``host/pid/start`` of this process, as a job row records it."""
    pid = os.getpid()
    return f"{this_host()}/{pid}/{_process_start(pid) or ''}"


def worker_alive(worker: str) -> bool | None:
    """Is the process a row names still the one running? None when that cannot be told from here (another host or
    pid namespace, a malformed value): a row the reaper leaves to the queue or to its age."""
    parts = worker.rsplit("/", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    host, pid_text, start = parts
    if host != this_host():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, someone else's
    except (OverflowError, OSError):
        return False
    if start:
        now_start = _process_start(pid)
        if now_start is not None and now_start != start:
            return False  # the pid belongs to another process now: ours has gone (or restarted)
    return True


def _json(value: Any) -> Any:
    return to_jsonable_python(value, fallback=str)


def create_job(*, session: Session, job_id: str, name: str, params: dict[str, Any], org_id: str | None = None,
               requested_by: str | None = None, worker: str | None = None) -> bool:
    """Record a queued job; False (and nothing written) when a job with this id exists already — a scheduled
    retry with a deterministic id is queued once however many passes ask for it. Call it in a session of its own:
    a clash with another process's insert rolls that session back. ``worker``: the process whose thread will run
    it (the in-process queue), so a queued job dies with that process too."""
    if session.get(Job, job_id) is not None:
        return False
    session.add(Job(id=job_id, name=name, status=QUEUED, org_id=org_id, requested_by=requested_by,
                    params=_json(params), created_at=utcnow(), worker=worker))
    try:
        session.flush()
    except IntegrityError:  # another process queued the same id in between
        session.rollback()
        return False
    return True


def _row(session: Session, job_id: str) -> Job | None:
    return session.get(Job, job_id)


def mark_started(*, session: Session, job_id: str, worker: str | None = None) -> None:
    """``worker``: the process running it (default: this one), what the reaper checks."""
    row = _row(session, job_id)
    if row is not None:
        row.status, row.started_at, row.error = STARTED, utcnow(), None
        row.worker = worker or this_worker()
        session.flush()


def mark_finished(*, session: Session, job_id: str, result: Any) -> None:
    row = _row(session, job_id)
    if row is not None:
        row.status, row.result, row.finished_at = FINISHED, _json(result), utcnow()
        session.flush()


def mark_failed(*, session: Session, job_id: str, error: str, only_unfinished: bool = False) -> None:
    """``only_unfinished``: a late report (RQ's clean-up of a killed worker) must not overwrite an outcome."""
    row = _row(session, job_id)
    if row is None or (only_unfinished and row.status in (FINISHED, FAILED)):
        return
    row.status, row.error, row.finished_at = FAILED, error[:4000], utcnow()
    session.flush()


RqState = Callable[[str], str | None]
"""A job id → its RQ status (``queued``, ``started``, ``failed`` …), None when RQ has no such job."""


def _reap_reason(row: Job, *, now: datetime, alive: Callable[[str], bool | None], rq_state: RqState | None,
                 stale_after: timedelta) -> str | None:
    verdict = alive(row.worker) if row.worker else None
    if verdict is not None:
        return None if verdict else PROCESS_DIED
    if rq_state is not None:
        state = rq_state(row.id)
        if state in RQ_DEAD_STATES:
            return PROCESS_DIED
        if state is None and (row.status == STARTED or as_utc(row.created_at) < now - QUEUE_GRACE):
            return PROCESS_DIED
        if state is not None:
            return None  # the queue knows the job and still expects it to report (RQ enforces its own timeout)
    if row.status == STARTED and row.started_at is not None and as_utc(row.started_at) < now - stale_after:
        hours = stale_after.total_seconds() / 3600
        return (f"任务超时未结束：{hours:g} 小时仍在运行，其进程无法检查，视为已终止 / the job did not finish within "
                f"{hours:g} h and its process cannot be checked from here: presumed dead")
    return None


def reap_jobs(*, session: Session, now: datetime | None = None,
              alive: Callable[[str], bool | None] = worker_alive, rq_state: RqState | None = None,
              stale_after: timedelta = STALE_AFTER) -> list[str]:
    """Mark ``failed`` every unfinished job whose process is gone; returns their ids.

    A job is reaped when the process its row names (``worker``) is on this host and dead, or alive under another
    start (restarted, the pid reused); when RQ (``rq_state``, with Redis) reports it failed, stopped or unknown; or,
    when none of those can tell (another host without Redis, a row from before ``worker`` existed), when it has been
    ``started`` for longer than ``stale_after``. Run at an app's start, by ``innodock jobs reap``, and — for the
    dead-process rule — whenever a job is read."""
    now = now or utcnow()
    reaped: list[str] = []
    rows = session.scalars(select(Job).where(Job.status.in_((QUEUED, STARTED))).order_by(Job.created_at)).all()
    for row in rows:
        reason = _reap_reason(row, now=now, alive=alive, rq_state=rq_state, stale_after=stale_after)
        if reason is not None:
            row.status, row.error, row.finished_at = FAILED, reason, now
            reaped.append(row.id)
    session.flush()
    return reaped


def _reap_if_dead(session: Session, row: Job) -> None:
    """On read: a job whose process on this host is gone is failed now, not left ``started`` for ever."""
    if row.status in (QUEUED, STARTED) and row.worker and worker_alive(row.worker) is False:
        row.status, row.error, row.finished_at = FAILED, PROCESS_DIED, utcnow()
        session.flush()


def _home_relative(value: Any, home: Path) -> Path | None:
    """The file a job's result names, when it lies inside the data folder (anything else is never served)."""
    text = value.get("path") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text:
        return None
    path = Path(text)
    path = (home / path if not path.is_absolute() else path).resolve()
    root = home.resolve()
    return path if path.is_relative_to(root) else None


_PATH_LIKE = re.compile(r"^(?:[/\\~]|[A-Za-z]:[/\\])|[/\\]")


def public_params(value: Any) -> Any:
    """What a job's params show a client: a path (a report's output, an uploaded file's temporary copy) as its file
    name only. The row keeps the full params, which only the job itself reads: a server's folders are nobody's
    business, and a path names the machine's layout, the data folder, sometimes a user's home."""
    if isinstance(value, str):
        return PureWindowsPath(value).name if _PATH_LIKE.search(value) else value
    if isinstance(value, dict):
        return {key: public_params(item) for key, item in value.items()}
    if isinstance(value, list):
        return [public_params(item) for item in value]
    return value


def _public_error(error: str | None, home: Path) -> str | None:
    """A failed job's error without the data folder's absolute path (an exception's text may name a file in it)."""
    if not error:
        return error
    for root in {str(home.resolve()), str(home)}:
        error = error.replace(root, "<data>")
    return error


def job_out(row: Job, *, home: Path) -> JobOut:
    def opt(value: datetime | None) -> datetime | None:
        return as_utc(value) if value else None

    result = row.result
    download = None
    if row.name in FILE_JOBS and row.status == FINISHED:
        path = _home_relative(result, home)
        if path is not None:
            # Clients see where the file is inside the data folder, never the server's absolute paths.
            result = {"path": str(path.relative_to(home.resolve())), "filename": path.name}
            download = f"/api/v1/jobs/{row.id}/file"
        else:
            result = None
    return JobOut(id=row.id, name=row.name, status=row.status,  # type: ignore[arg-type]
                  params=public_params(row.params or {}), result=result, error=_public_error(row.error, home),
                  download=download,
                  created_at=as_utc(row.created_at), started_at=opt(row.started_at), finished_at=opt(row.finished_at))


def _visible_row(session: Session, job_id: str, org_id: str | None) -> Job:
    row = session.get(Job, job_id)
    if row is None or (org_id is not None and row.org_id != org_id):
        raise NotFoundError(f"任务不存在 / no job with id {job_id!r}", field="job_id")
    return row


def get_job(*, session: Session, job_id: str, org_id: str | None, home: Path) -> JobOut:
    """``org_id`` None: any job (associations and admins); otherwise only that tenant's — others' look missing. A job
    whose process died is marked failed here (see :func:`reap_jobs`)."""
    row = _visible_row(session, job_id, org_id)
    _reap_if_dead(session, row)
    return job_out(row, home=home)


def job_file(*, session: Session, job_id: str, org_id: str | None, home: Path) -> Path:
    """The file a finished job wrote, inside the data folder."""
    row = _visible_row(session, job_id, org_id)
    path = _home_relative(row.result, home) if row.name in FILE_JOBS and row.status == FINISHED else None
    if path is None or not path.is_file():
        raise NotFoundError("该任务没有可下载的文件 / this job has no file to download", field="job_id")
    return path


def finished_jobs(*, session: Session, name: str, home: Path, page: int = 50) -> Iterator[JobOut]:
    """The finished jobs of one kind, the latest first, read ``page`` rows at a time: a caller looking for the latest
    of some sort stops at it (``flows.ranker_training.last_retrain``: the last retrain that was not a skipped check)."""
    stmt = (select(Job).where(Job.name == name, Job.status == FINISHED)
            .order_by(Job.finished_at.desc(), Job.id.desc()))
    offset = 0
    while True:
        rows = session.scalars(stmt.limit(page).offset(offset)).all()
        for row in rows:
            yield job_out(row, home=home)
        if len(rows) < page:
            return
        offset += page
