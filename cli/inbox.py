"""``innodock inbox overdue``: the daily reminders, run from cron. Each is a use case of the flows that announces
through the service's outbox, so it is the terminal's (an entry point), not the API's."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from cli.acting import outbox
from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from core.settings import get_settings
from flows import engagements as engagements_flow
from flows import improvement as improvement_flow
from flows import obligations as obligations_flow
from flows import overdue_builds

inbox_app = typer.Typer(help="待办通知 / the inbox", no_args_is_help=True)


@inbox_app.command("overdue")
def inbox_overdue(
    today: Annotated[str | None, typer.Option(help="按此日期计算逾期 YYYY-MM-DD / the day to count from")] = None,
) -> None:
    """提醒逾期的对接项目、逾期未处理的投诉、筹建超期、到期或逾期的机构履职事项与逾期的整改措施（每项每天一次；筹建严重
    超期时提议取消筹建资格；可放入定时任务）/ remind the parties of overdue engagements and complaints, and providers of
    overdue builds (proposed for cancellation once seriously overdue), of obligations due or overdue and of corrective
    actions past their deadline (once a day each; run it from cron).

    例 / example: innodock inbox overdue   (cron: 0 2 * * *)
    """
    try:
        day = date.fromisoformat(today) if today else china_time.today()
    except ValueError:
        raise InnodockError(f"日期格式应为 YYYY-MM-DD / not a date: {today!r}", field="today") from None
    with session_scope(get_settings()) as session:
        count = engagements_flow.announce_overdue(session=session, today=day, outbox=outbox())
        builds = overdue_builds.sweep(session=session, today=day, outbox=outbox())
        due = obligations_flow.announce_due(session=session, today=day, outbox=outbox())
        late = improvement_flow.announce_overdue(session=session, today=day, outbox=outbox())
    typer.echo(f"已提醒逾期项目与逾期未处理的投诉 {count} 个 / {count} overdue engagement(s) and complaint(s) "
               "announced")
    reminded, proposed = len(builds.reminded), len(builds.proposed)
    typer.echo(f"筹建超期：新提醒 {reminded} 个，提议取消筹建资格 {proposed} 个 / overdue builds: {reminded} reminded, "
               f"{proposed} proposed for cancellation")
    typer.echo(f"已提醒到期或逾期的履职事项 {due} 项 / {due} obligation(s) due or overdue announced")
    typer.echo(f"已提醒逾期的整改措施 {late} 项 / {late} overdue corrective action(s) announced")


def register(app: typer.Typer) -> None:
    app.add_typer(inbox_app, name="inbox")
