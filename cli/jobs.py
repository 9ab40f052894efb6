"""``innodock worker``: an RQ worker that runs the background jobs the API and CLI enqueue (see
:mod:`outbox.queue`). It is an entry point, not the outbox's own command, because it registers the jobs that run
use cases (``flows.jobs``), which the outbox cannot import."""

from __future__ import annotations

from typing import Annotated

import typer

from core.errors import InnodockError
from core.settings import get_settings
from flows import jobs as flow_jobs
from outbox import queue as job_queue
from outbox.queue import JobsConfig


def worker_cmd(
    burst: Annotated[bool, typer.Option("--burst", help="处理完队列即退出 / exit when the queue is empty")] = False,
    simple: Annotated[bool, typer.Option("--simple", help="不为每个任务派生进程 / run jobs in this process "
                                         "(keeps a loaded model between jobs)")] = False,
) -> None:
    """运行后台任务进程（需要 INNODOCK_REDIS_URL）/ run a background-job worker (needs INNODOCK_REDIS_URL).

    例 / example: INNODOCK_REDIS_URL=redis://127.0.0.1:6379/0 innodock worker
    """
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import SimpleWorker, Worker

    config = JobsConfig()
    if not config.redis_url:
        raise InnodockError("未配置 INNODOCK_REDIS_URL：任务在 API 进程内运行，无需 worker / INNODOCK_REDIS_URL is "
                            "not set: jobs run inside the API process and need no worker", field="redis_url")
    connection = Redis.from_url(config.redis_url)
    try:
        connection.ping()
    except RedisError as exc:
        raise InnodockError(f"无法连接 Redis / cannot reach Redis at {config.redis_url}: {exc}",
                            field="redis_url") from exc
    job_queue.register(flow_jobs.HANDLERS)  # before any job runs: forked work horses inherit them
    _keep_retrain_scheduled(config)
    kind = SimpleWorker if simple else Worker
    worker = kind([config.queue_name], connection=connection)
    typer.echo(f"innodock worker 监听队列 / listening on queue {config.queue_name!r} at {config.redis_url}", err=True)
    # The scheduler moves jobs queued for later (webhook retries) onto the queue when they fall due; several
    # workers may run it, RQ lets one at a time hold the queue's scheduler lock.
    worker.work(burst=burst, logging_level="WARNING", with_scheduler=True)


def _keep_retrain_scheduled(config: JobsConfig) -> None:
    """The scheduled ranker retrain check (issue 28, item 4): queued for its time unless it is already (every worker
    asks for the same job id, so several workers queue one). Each check queues the next; a worker's start mends a
    chain that broke (Redis emptied, a check killed). Never keeps the worker from starting."""
    try:
        job_id = flow_jobs.schedule_ranker_retrain(get_settings(), config)
    except Exception as exc:
        typer.echo(f"无法安排排序模型的定期重新训练 / could not schedule the ranker retrain: {exc}", err=True)
        return
    if job_id is not None:
        typer.echo(f"排序模型定期重新训练 / scheduled ranker retrain check: {job_id}", err=True)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)
