"""``innodock webhooks deliver|subscribe`` and ``innodock jobs reap``: the outbox's own commands (no use case runs
in them, so they need nothing of the flows)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from accounts import service as accounts
from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from outbox import service as webhooks
from outbox.config import WebhookConfig
from outbox.queue import JobsConfig, reap
from outbox.runner import deliver_once
from outbox.vocab import DomainEvent

webhooks_app = typer.Typer(help="事件推送 / outgoing webhooks", no_args_is_help=True)
jobs_app = typer.Typer(help="后台任务 / background jobs", no_args_is_help=True)


@webhooks_app.command("deliver")
def webhooks_deliver(
    loop: Annotated[bool, typer.Option("--loop", help="持续运行 / keep running")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="轮询间隔秒 / seconds between passes")] = 5.0,
) -> None:
    """投递到期的事件推送 / deliver due webhooks (once, or --loop)."""
    settings, config = get_settings(), WebhookConfig()
    while True:
        run = deliver_once(settings, config)
        typer.echo(f"attempted {run.attempted}, delivered {run.delivered}, retrying {run.retrying}, "
                   f"failed {run.failed}", err=not loop)
        if not loop:
            return
        time.sleep(interval)


@webhooks_app.command("subscribe")
def webhooks_subscribe(
    org: Annotated[str, typer.Option(help="组织 / organisation")],
    url: Annotated[str, typer.Option(help="接收地址 / receiver URL")],
    events: Annotated[str, typer.Option(help=f"逗号分隔 / comma-separated: {', '.join(DomainEvent)}")],
    allow_private: Annotated[bool, typer.Option("--allow-private", help="允许本机或内网地址（测试用）/ allow a local "
                                                "or private receiver (for trying out)")] = False,
) -> None:
    """订阅事件，签名密钥只打印这一次 / subscribe an organisation; the signing secret is printed once, on stdout."""
    with session_scope(get_settings()) as session:
        found = accounts.find_org(session=session, ref=org)
        if found is None:
            raise InnodockError(f"找不到组织 {org!r} / no organisation {org!r} (id, center id, credit code or name)",
                                field="org")
        sub = webhooks.create_subscription(session=session, org_id=found.id, url=url,
                                           events=[e.strip() for e in events.split(",") if e.strip()],
                                           allow_private=allow_private)
    typer.echo(f"已订阅 / subscribed {sub.id} for {found.name}: {', '.join(sub.events)} → {sub.url}; "
               "签名密钥 / signing secret:", err=True)
    typer.echo(sub.secret)


@jobs_app.command("reap")
def reap_cmd() -> None:
    """将进程已终止的任务标为失败（API 启动时也会执行）/ mark failed the jobs whose process died (also run when the
    API starts). Prints the ids reaped, one per line."""
    reaped = reap(get_settings(), JobsConfig())
    for job_id in reaped:
        typer.echo(job_id)
    typer.echo(f"已处理 {len(reaped)} 个进程已终止的任务 / reaped {len(reaped)} job(s) whose process died", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(webhooks_app, name="webhooks")
    app.add_typer(jobs_app, name="jobs")
