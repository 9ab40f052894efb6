"""FastAPI dependencies: settings and a database session per request (``Annotated`` style)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from core.db import replay_after_rollback, session_factory
from core.settings import Settings
from flows import jobs as flow_jobs
from flows.jobs import JobsConfig

log = logging.getLogger(__name__)


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def get_jobs_config(request: Request) -> JobsConfig:
    """The job queue the app was started with (``create_app(jobs=...)``; default from the environment)."""
    config: JobsConfig | None = getattr(request.app.state, "jobs_config", None)
    return config if config is not None else JobsConfig()


JobsConfigDep = Annotated[JobsConfig, Depends(get_jobs_config)]


def get_session(settings: SettingsDep, jobs_config: JobsConfigDep) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on any error.

    Scoped to the function (below), so the commit happens before the response is sent: a client that acts on a
    response (follows a redirect, uses a new session cookie) always finds what the request wrote. Webhook
    deliveries the request queued go to the job queue only after that commit, so no worker looks for them early."""
    session = session_factory(settings)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        replay_after_rollback(settings, session)
        raise
    finally:
        session.close()
    flow_jobs.send_queued_webhooks(session=session, settings=settings, config=jobs_config)
    for action in session.info.pop(AFTER_COMMIT, []):
        try:
            action()
        except Exception:  # the request's work is committed; a job that could not be queued is logged, not raised
            log.exception("after-commit action failed")


AFTER_COMMIT = "innodock.after_commit"


def after_commit(session: Session, action: Callable[[], object]) -> None:
    """Run ``action`` once the request's transaction committed (a job that reads what the request wrote)."""
    session.info.setdefault(AFTER_COMMIT, []).append(action)


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
