"""What the kill -9 tests share: knowing when a killed process's transaction has begun writing."""

from __future__ import annotations

from sqlalchemy import text

from core.db import get_engine
from core.settings import Settings


def writing(settings: Settings, app_name: str, wal_start: int, *, table: str | None = None) -> bool:
    """True once the process (its PostgreSQL sessions are named ``app_name``) has an open transaction that has
    written rows — on SQLite, once the WAL has grown by a megabyte. ``table``: only a statement touching it counts
    (a server also writes other rows, such as sessions, while it works)."""
    if settings.is_sqlite:
        wal = settings.home / "innodock.sqlite3-wal"
        return wal.exists() and wal.stat().st_size > wal_start + 1_000_000
    sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = :a AND backend_xid IS NOT NULL"
    params = {"a": app_name}
    if table is not None:
        sql += " AND query ILIKE :t"
        params["t"] = f"%{table}%"
    with get_engine(settings).connect() as conn:
        return conn.execute(text(sql), params).scalar_one() > 0
