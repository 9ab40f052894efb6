"""``innodock webhooks subscribe|unsubscribe|secret``: an organisation's subscriptions at the terminal, through the
same use case as the API's routes (``flows.webhooks``), so all are in the security log (``webhook.subscribed``,
``webhook.unsubscribed``, ``webhook.secret_changed``) wherever they were made. Whoever can run these owns the
deployment: they act as no principal (the log names them "cli") and reach any organisation.

The commands join the ``innodock webhooks`` group that ``outbox.cli`` registers (``core.cli`` mounts it first).
"""

from __future__ import annotations

from typing import Annotated

import typer

from accounts import service as accounts
from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from flows import webhooks
from outbox.vocab import DomainEvent


def subscribe_cmd(
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
        sub = webhooks.subscribe(session=session, principal=None, org_id=found.id, url=url,
                                 events=[e.strip() for e in events.split(",") if e.strip()],
                                 allow_private=allow_private)
    typer.echo(f"已订阅 / subscribed {sub.id} for {found.name}: {', '.join(sub.events)} → {sub.url}; "
               "签名密钥 / signing secret:", err=True)
    typer.echo(sub.secret)


def unsubscribe_cmd(
    subscription_id: Annotated[str, typer.Argument(help="订阅编号 / subscription id")],
) -> None:
    """停止事件推送（订阅保留在记录中）/ switch a subscription off; it is kept for the delivery log."""
    with session_scope(get_settings()) as session:
        done = webhooks.unsubscribe(session=session, principal=None, subscription_id=subscription_id)
    typer.echo(f"已停止推送 / switched off {done.id}", err=True)


def secret_cmd(
    subscription_id: Annotated[str, typer.Argument(help="订阅编号 / subscription id")],
) -> None:
    """更换签名密钥，新密钥只打印这一次 / give a subscription a new signing secret, printed once, on stdout."""
    with session_scope(get_settings()) as session:
        changed = webhooks.change_secret(session=session, principal=None, subscription_id=subscription_id)
    typer.echo(f"已更换签名密钥 / new signing secret for {changed.id} → {changed.url}:", err=True)
    typer.echo(changed.secret)


def register(app: typer.Typer) -> None:
    """Add ``subscribe``, ``unsubscribe`` and ``secret`` to the ``webhooks`` group ``outbox.cli`` registered."""
    group = next((g for g in app.registered_groups if g.name == "webhooks"), None)
    if group is None or group.typer_instance is None:
        raise RuntimeError("outbox.cli must register the webhooks group before cli.webhooks")
    group.typer_instance.command("subscribe")(subscribe_cmd)
    group.typer_instance.command("unsubscribe")(unsubscribe_cmd)
    group.typer_instance.command("secret")(secret_cmd)
