"""Back up and restore the database, on SQLite and on PostgreSQL.

Only the database is saved: the vector index and the catalog are derived from it and are rebuilt (or reloaded when
the knowledge-base version changes), so a backup never has to agree with files on disk. Each backup is written to a
temporary file beside the target and renamed into place, so a crash never leaves a half-written backup under the
final name.

SQLite uses the online backup API, which copies a consistent snapshot while the service keeps reading and writing.
PostgreSQL uses ``pg_dump``'s custom format for the schema the service uses (``search_path``), and restores it in one
transaction with ``psql --single-transaction``: a failed restore leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from core.db import dispose_engine, get_engine
from core.errors import ConflictError, InnodockError
from core.settings import Settings

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Bookkeeping tables that exist in every migrated database, data or not.
_NOT_DATA = {"alembic_version"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    size: int


# ---- paths ----

def _check_out(path: Path, *, force: bool) -> Path:
    path = path.expanduser().resolve()
    if path.is_dir():
        raise InnodockError("目标是一个目录 / the target is a directory", field=str(path))
    if not path.parent.is_dir():
        raise InnodockError("目标所在目录不存在 / the target's folder does not exist", field=str(path))
    if path.exists() and not force:
        raise ConflictError("目标文件已存在（用 --force 覆盖）/ the target exists (use --force to overwrite)",
                            field=str(path))
    return path


def _check_in(path: Path) -> tuple[Path, bytes]:
    path = path.expanduser().resolve()
    if not path.is_file():
        raise InnodockError("备份文件不存在 / the backup file does not exist", field=str(path))
    with path.open("rb") as fh:
        head = fh.read(16)
    return path, head


def _temp_beside(path: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def _publish(tmp: Path, path: Path) -> None:
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# ---- public ----

def backup(*, settings: Settings, out: Path, force: bool = False) -> BackupResult:
    target = _check_out(out, force=force)
    get_engine(settings)  # a fresh home is migrated first, so every backup restores to a usable database
    tmp = _temp_beside(target)
    try:
        if settings.is_sqlite:
            _sqlite_backup(settings, tmp)
        else:
            _pg_backup(settings, tmp)
        _publish(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(path=target, backend="sqlite" if settings.is_sqlite else "postgresql",
                        size=target.stat().st_size)


def restore(*, settings: Settings, source: Path, force: bool = False) -> str:
    """Replace the configured database's content with the backup's; refuses a database holding data unless forced."""
    path, head = _check_in(source)
    engine = get_engine(settings)
    if settings.is_sqlite:
        if not head.startswith(SQLITE_MAGIC):
            raise InnodockError("不是 SQLite 备份文件 / not a SQLite backup", field=str(path))
    elif not head.startswith(PG_MAGIC):
        raise InnodockError("不是 PostgreSQL 备份文件（pg_dump 自定义格式）/ not a PostgreSQL custom-format backup",
                            field=str(path))
    with engine.connect() as conn:
        rows = _data_rows(conn)
    if rows and not force:
        raise ConflictError(f"目标数据库已有 {rows} 行数据（用 --force 覆盖）/ the database holds {rows} rows "
                            "(use --force to overwrite)")
    if settings.is_sqlite:
        _sqlite_restore(settings, path)
    else:
        _pg_restore(settings, path)
    # Pooled connections may hold plans of dropped tables; the next use reconnects and checks migrations.
    dispose_engine(settings.db_url)
    get_engine(settings)
    return "sqlite" if settings.is_sqlite else "postgresql"


def _data_rows(conn: Connection) -> int:
    from sqlalchemy import inspect

    total = 0
    preparer = conn.dialect.identifier_preparer
    for name in inspect(conn).get_table_names():
        if name in _NOT_DATA:
            continue
        total += int(conn.execute(text(f"SELECT count(*) FROM {preparer.quote(name)}")).scalar_one())
    return total


# ---- SQLite ----

def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.db_url).database
    if not database or database == ":memory:":
        raise InnodockError("内存数据库无法备份 / an in-memory database cannot be backed up")
    return Path(database)


def _sqlite_backup(settings: Settings, tmp: Path) -> None:
    src = sqlite3.connect(_sqlite_path(settings), timeout=30)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
        # The copied header says WAL; a backup is one self-contained file.
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()


def _sqlite_restore(settings: Settings, path: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = src.execute("PRAGMA quick_check").fetchone()
            has_version = src.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            src.close()
            raise InnodockError(f"备份文件已损坏 / the backup is damaged: {exc}", field=str(path)) from exc
        if not ok or ok[0] != "ok" or not has_version:
            src.close()
            raise InnodockError("不是 innodock 的 SQLite 备份 / not an innodock SQLite backup", field=str(path))
        dst = sqlite3.connect(_sqlite_path(settings), timeout=30)
        try:
            # The backup API writes the whole database under one write lock: readers see the old or the new content.
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise InnodockError(f"恢复失败 / restore failed: {exc}") from exc


# ---- PostgreSQL ----

def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise InnodockError(f"找不到 {name}（请安装 postgresql-client）/ {name} not found (install postgresql-client)")
    return found


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (passed in the environment, so it never shows in a process list)."""
    url = make_url(settings.db_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _current_schema(settings: Settings) -> str:
    with get_engine(settings).connect() as conn:
        return str(conn.execute(text("SELECT current_schema()")).scalar_one())


def _run(cmd: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["?"])[0]
        raise InnodockError(f"{what}失败 / {what} failed: {first}")
    return done


def _pg_backup(settings: Settings, tmp: Path) -> None:
    uri, env = _libpq(settings)
    schema = _current_schema(settings)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--schema={schema}",
          f"--file={tmp}", f"--dbname={uri}"], env, "pg_dump ")


def _archive_schema(listing: str) -> str | None:
    # TOC lines look like "215; 1259 16390 TABLE myschema mytable owner".
    for line in listing.splitlines():
        if line.startswith(";"):
            continue
        parts = line.split()
        if len(parts) >= 6 and parts[3] == "TABLE":
            return parts[4]
    return None


def _pg_restore(settings: Settings, path: Path) -> None:
    uri, env = _libpq(settings)
    listing = _run([_tool("pg_restore"), "--list", str(path)], env, "读取备份 / reading the backup ").stdout
    schema = _current_schema(settings)
    archived = _archive_schema(listing)
    if archived is None:
        raise InnodockError("备份中没有数据表 / the backup holds no tables", field=str(path))
    if archived != schema:
        raise InnodockError(f"备份属于模式 {archived}，当前数据库使用 {schema} / the backup is of schema {archived}, "
                            f"the database uses {schema}", field=str(path))
    with tempfile.TemporaryDirectory(prefix="innodock-restore-") as work:
        # Everything but the schema itself, which exists already (and "public" cannot be recreated by a plain user).
        kept = [line for line in listing.splitlines() if not line.startswith(";") and " SCHEMA - " not in line]
        toc = Path(work) / "toc.list"
        toc.write_text("\n".join(kept) + "\n", "utf-8")
        script = Path(work) / "restore.sql"
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", f"--use-list={toc}", f"--file={script}",
              str(path)], env, "pg_restore ")
        drop = Path(work) / "drop.sql"
        drop.write_text(_drop_sql(settings, schema), "utf-8")
        _run([_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
              f"--file={drop}", f"--file={script}", f"--dbname={uri}"], env, "恢复 / restore ")


def _drop_sql(settings: Settings, schema: str) -> str:
    """Statements emptying the schema of our objects, run in the same transaction as the restore."""
    with get_engine(settings).connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        tables = conn.execute(text(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"), {"s": schema}).all()
        types = conn.execute(text(
            "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE n.nspname = :s AND t.typtype IN ('e', 'd')"), {"s": schema}).scalars().all()
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE",
             "f": "FOREIGN TABLE"}
    lines = [f"DROP {kinds[kind]} IF EXISTS {quote(schema)}.{quote(name)} CASCADE;" for name, kind in tables]
    lines += [f"DROP TYPE IF EXISTS {quote(schema)}.{quote(name)} CASCADE;" for name in types]
    return "\n".join(lines) + "\n"
