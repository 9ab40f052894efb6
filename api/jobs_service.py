"""The background-job table (keyword-only functions): a job's row is written when it is queued and by the job's
own wrapper as it starts, finishes or fails, so any API worker can answer ``GET /api/v1/jobs/{id}`` whichever
backend (an RQ worker elsewhere, or a thread of another API worker) ran it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path, PureWindowsPath
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.service import as_utc
from api.jobs_schemas import JobOut
from api.models import Job
from core.db import utcnow
from core.errors import NotFoundError

QUEUED, STARTED, FINISHED, FAILED = "queued", "started", "finished", "failed"
# Jobs whose result is a file in the data folder, served by GET /api/v1/jobs/{id}/file.
FILE_JOBS = frozenset({"evaluation_report"})


def _json(value: Any) -> Any:
    return to_jsonable_python(value, fallback=str)


def create_job(*, session: Session, job_id: str, name: str, params: dict[str, Any], org_id: str | None = None,
               requested_by: str | None = None) -> bool:
    """Record a queued job; False (and nothing written) when a job with this id exists already — a scheduled
    retry with a deterministic id is queued once however many passes ask for it. Call it in a session of its own:
    a clash with another process's insert rolls that session back."""
    if session.get(Job, job_id) is not None:
        return False
    session.add(Job(id=job_id, name=name, status=QUEUED, org_id=org_id, requested_by=requested_by,
                    params=_json(params), created_at=utcnow()))
    try:
        session.flush()
    except IntegrityError:  # another process queued the same id in between
        session.rollback()
        return False
    return True


def _row(session: Session, job_id: str) -> Job | None:
    return session.get(Job, job_id)


def mark_started(*, session: Session, job_id: str) -> None:
    row = _row(session, job_id)
    if row is not None:
        row.status, row.started_at, row.error = STARTED, utcnow(), None
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
    """``org_id`` None: any job (associations and admins); otherwise only that tenant's — others' look missing."""
    return job_out(_visible_row(session, job_id, org_id), home=home)


def job_file(*, session: Session, job_id: str, org_id: str | None, home: Path) -> Path:
    """The file a finished job wrote, inside the data folder."""
    row = _visible_row(session, job_id, org_id)
    path = _home_relative(row.result, home) if row.name in FILE_JOBS and row.status == FINISHED else None
    if path is None or not path.is_file():
        raise NotFoundError("该任务没有可下载的文件 / this job has no file to download", field="job_id")
    return path
