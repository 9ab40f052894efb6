"""The SQLAlchemy base, engines and sessions, and migrate-on-first-use.

Every package declares its tables on ``Base``; a single Alembic history (``core/migrations``) creates them.
Any command that opens the database first brings it to the newest revision, so a new data folder just works.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from core.settings import Settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# The moment a played history's step is taken (flows.demo_history): what the rows written meanwhile are stamped.
_played_at: ContextVar[datetime | None] = ContextVar("played_at", default=None)


def utcnow() -> datetime:
    """Now; inside :func:`played_at`, the moment being played."""
    return _played_at.get() or datetime.now(UTC)


@contextmanager
def played_at(moment: datetime) -> Iterator[None]:
    """Write as at ``moment`` (aware): every row and notice a step writes inside is stamped then, as if it had been
    taken that day. For a history played through the use cases (the demo's year), never for a request."""
    token = _played_at.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _played_at.reset(token)


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_count_engines: dict[str, Engine] = {}  # get_count_engine's, by URL
_migrated: set[str] = set()
_lock = threading.Lock()


# Ids sent to one ``IN`` at most: SQLite's older builds took 999 parameters a statement.
IN_CHUNK = 900


def in_chunks(ids: Sequence[str], size: int = IN_CHUNK) -> Iterator[Sequence[str]]:
    """``ids`` in slices short enough for one ``IN`` (:data:`IN_CHUNK`), in their order: the one place a package
    splits a long id list (kb, intake and pipeline each had their own)."""
    return (ids[i : i + size] for i in range(0, len(ids), size))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (API workers) go on while an import writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True, future=True)
    return engine


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision of every branch (idempotent).

    Each package keeps its own Alembic branch off ``0001_kb``, so packages can add tables independently.
    """
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")


def get_engine(settings: Settings) -> Engine:
    """The process-wide engine for these settings, created and migrated on first use."""
    url = settings.db_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if settings.is_sqlite:
                settings.ensure_home()
            engine = make_engine(url, echo=settings.echo_sql)
            _engines[url] = engine
        if url not in _migrated:
            migrate(engine)
            _migrated.add(url)
    return engine


def _commit_without_flush_wait(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.autocommit = True
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit TO off")
    cursor.close()


def get_count_engine(settings: Settings) -> Engine:
    """The engine of the deployment's shared counts in the database (:mod:`core.shared_counts`: the paces of the
    website keys and the chat, the login throttle), for these settings. On PostgreSQL an engine of its own, whose
    connections run each statement as its own transaction (autocommit: no BEGIN and no COMMIT to wait for), commit
    without waiting for the write-ahead log to reach the disk (``synchronous_commit`` off: a crash may forget the
    last counts, never write a wrong row) and are not pinged before each use (the count retries a connection found
    dropped): a pace cost a request four round trips and a flush to disk (issue 33), one now. On SQLite the engine
    itself."""
    engine = get_engine(settings)
    if engine.dialect.name != "postgresql":
        return engine
    url = settings.db_url
    with _lock:
        counts = _count_engines.get(url)
        if counts is None:
            counts = create_engine(url, echo=settings.echo_sql, isolation_level="AUTOCOMMIT", pool_size=2,
                                   max_overflow=8)
            event.listen(counts, "connect", _commit_without_flush_wait)
            _count_engines[url] = counts
    return counts


def dispose_engine(url: str) -> None:
    """Close one URL's engine and forget it (the next use opens and checks migrations again)."""
    with _lock:
        engine = _engines.pop(url, None)
        counts = _count_engines.pop(url, None)
        _migrated.discard(url)
    for one in (engine, counts):
        if one is not None:
            one.dispose()


def mark_migrated(url: str) -> None:
    """Record that the database at ``url`` is known to be at the newest revision (e.g. a copy of a migrated file),
    so the first use skips the Alembic check."""
    with _lock:
        _migrated.add(url)


def dispose_engines() -> None:
    with _lock:
        for engine in [*_engines.values(), *_count_engines.values()]:
            engine.dispose()
        _engines.clear()
        _count_engines.clear()
        _migrated.clear()


def session_factory(settings: Settings) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(settings), expire_on_commit=False)


@contextmanager
def session_scope(settings: Settings) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error, so nothing is half-changed."""
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


AFTER_ROLLBACK = "innodock.after_rollback"


def keep_after_rollback(session: Session, write: Callable[[Session], None]) -> None:
    """A write that must survive the transaction rolling back: the audit record of a refused access is written even
    though the refusal itself undoes the request's transaction. On commit the write has happened with the rest and
    is dropped; on rollback the owner of the transaction (:func:`session_scope`, the API's request dependency)
    replays it in a transaction of its own (:func:`replay_after_rollback`)."""
    session.info.setdefault(AFTER_ROLLBACK, []).append(write)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    """Whatever was kept for a rollback was committed with the rest: forget it (a handler may commit early)."""
    session.info.pop(AFTER_ROLLBACK, None)


def replay_after_rollback(settings: Settings, session: Session) -> None:
    writes: list[Callable[[Session], None]] = session.info.pop(AFTER_ROLLBACK, [])
    if not writes:
        return
    try:
        with session_scope(settings) as fresh:
            for write in writes:
                write(fresh)
    except Exception:  # the original error matters more than its audit; say so in the log
        logging.getLogger("innodock.db").exception("could not keep %d write(s) after a rollback", len(writes))
