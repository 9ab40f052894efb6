"""``innodock webhooks deliver`` and ``innodock jobs reap``: the outbox's own commands (no use case runs in them, so
they need nothing of the flows). ``webhooks subscribe|unsubscribe`` are a use case (audited, ``flows.webhooks``):
``cli.webhooks`` adds them to this group."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from core.settings import get_settings
from outbox.config import WebhookConfig
from outbox.queue import JobsConfig, reap
from outbox.runner import deliver_once

webhooks_app = typer.Typer(help="事件推送 / outgoing webhooks", no_args_is_help=True)
jobs_app = typer.Typer(help="后台任务 / background jobs", no_args_is_help=True)


@webhooks_app.command("deliver")
def webhooks_deliver(
    loop: Annotated[bool, typer.Option("--loop", help="持续运行 / keep running")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="轮询间隔秒 / seconds between passes")] = 5.0,
) -> None:
    """投递到期的事件推送 / deliver due webhooks (once, or --loop).

    例 / example: innodock webhooks deliver --loop --interval 10
    """
    settings, config = get_settings(), WebhookConfig()
    while True:
        run = deliver_once(settings, config)
        typer.echo(f"已投递 {run.delivered} 个，尝试 {run.attempted} 个，待重试 {run.retrying} 个，"
                   f"失败 {run.failed} 个 / attempted {run.attempted}, delivered {run.delivered}, "
                   f"retrying {run.retrying}, failed {run.failed}", err=not loop)
        if not loop:
            return
        time.sleep(interval)


@jobs_app.command("reap")
def reap_cmd() -> None:
    """将进程已终止的任务标为失败（API 启动时也会执行），每行一个任务编号 / mark failed the jobs whose process died
    (also run when the API starts). Prints the ids reaped, one per line.

    例 / example: innodock jobs reap
    """
    reaped = reap(get_settings(), JobsConfig())
    for job_id in reaped:
        typer.echo(job_id)
    typer.echo(f"已处理 {len(reaped)} 个进程已终止的任务 / reaped {len(reaped)} job(s) whose process died", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(webhooks_app, name="webhooks")
    app.add_typer(jobs_app, name="jobs")
