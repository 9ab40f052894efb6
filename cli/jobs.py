"""``innodock worker``: an RQ worker that runs the background jobs the API and CLI enqueue (see ``api.jobs``)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.jobs import JobsConfig, reap
from core.errors import InnodockError
from core.settings import get_settings


def worker_cmd(
    burst: Annotated[bool, typer.Option("--burst", help="处理完队列即退出 / exit when the queue is empty")] = False,
    simple: Annotated[bool, typer.Option("--simple", help="不为每个任务派生进程 / run jobs in this process "
                                         "(keeps a loaded model between jobs)")] = False,
) -> None:
    """运行后台任务进程（需要 INNODOCK_REDIS_URL）/ run a background-job worker (needs INNODOCK_REDIS_URL)."""
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
    kind = SimpleWorker if simple else Worker
    worker = kind([config.queue_name], connection=connection)
    typer.echo(f"innodock worker 监听队列 / listening on queue {config.queue_name!r} at {config.redis_url}", err=True)
    # The scheduler moves jobs queued for later (webhook retries) onto the queue when they fall due; several
    # workers may run it, RQ lets one at a time hold the queue's scheduler lock.
    worker.work(burst=burst, logging_level="WARNING", with_scheduler=True)


jobs_app = typer.Typer(help="后台任务 / background jobs", no_args_is_help=True)


@jobs_app.command("reap")
def reap_cmd() -> None:
    """将进程已终止的任务标为失败（API 启动时也会执行）/ mark failed the jobs whose process died (also run when the
    API starts). Prints the ids reaped, one per line."""
    reaped = reap(get_settings(), JobsConfig())
    for job_id in reaped:
        typer.echo(job_id)
    typer.echo(f"已处理 {len(reaped)} 个进程已终止的任务 / reaped {len(reaped)} job(s) whose process died", err=True)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)
    app.add_typer(jobs_app, name="jobs")
