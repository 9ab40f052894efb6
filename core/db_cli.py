"""``innodock db backup|restore``: save and bring back the whole database (the index is rebuilt from it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.backup import backup, restore
from core.settings import get_settings

db_app = typer.Typer(help="数据库备份与恢复 / database backup and restore", no_args_is_help=True)


@db_app.command("backup")
def backup_cmd(
    out: Annotated[Path, typer.Argument(help="备份文件 / backup file to write")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")] = False,
) -> None:
    """备份数据库（SQLite 在线备份；PostgreSQL 用 pg_dump 自定义格式）/ back up the database.

    例 / example: innodock db backup /backup/innodock-2026-11-28.db
    """
    result = backup(settings=get_settings(), out=out, force=force)
    typer.echo(f"已备份 / backed up ({result.backend}, {result.size} bytes): {result.path}")


@db_app.command("restore")
def restore_cmd(
    source: Annotated[Path, typer.Argument(help="备份文件 / backup file to read")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已有数据 / overwrite a database holding data")] = False,
) -> None:
    """从备份恢复数据库（索引不在备份中，随后重建）/ restore the database (the index is not in it: rebuild).

    例 / example: innodock db restore --force /backup/innodock-2026-11-28.db, then innodock index build
    """
    backend = restore(settings=get_settings(), source=source, force=force)
    # The kb version can repeat after a restore (v6 before, v5 restored, v6 again with other content), so the
    # index is synced by content hashes now rather than trusted by version number.
    typer.echo(f"已恢复 / restored ({backend}) from {source}")
    typer.echo("请运行 `innodock index build` 按内容同步索引 / run `innodock index build` to sync the index by content")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
