"""The index generation a build published, recorded in the database (``matcher_index_release``; issue 33, item 6).

A build (the ``index_rebuild`` job, ``innodock index build``, a kb import's sync) writes a new generation folder under
the index folder, switches ``CURRENT`` to it, and records it here in the same critical section (under the index write
lock). API workers that do not build (``MatcherConfig.index_builds = "job"``) read this row on every match — one
primary-key read — and, when it names another generation than the one they hold, map that generation's file
read-only (``store.load_store(generation=...)``): a new index is picked up at the next request, with no restart and
without reading the shared folder per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.db import utcnow
from matcher.index.store import Manifest
from matcher.models import IndexRelease

CAPABILITIES = "capabilities"
EXPERTS = "experts"


@dataclass(frozen=True)
class Release:
    name: str
    generation: int
    kb_version: int
    model_id: str
    documents: str
    count: int


def read_release(*, session: Session, name: str) -> Release | None:
    row = session.get(IndexRelease, name, populate_existing=True)
    if row is None:
        return None
    return Release(name=row.name, generation=row.generation, kb_version=row.kb_version, model_id=row.model_id,
                   documents=row.documents, count=row.count)


def record_release(*, session: Session, name: str, manifest: Manifest) -> None:
    """Record ``manifest``'s generation as the live one, in one statement (an upsert: no read first, so a short
    transaction of its own never waits to upgrade a read lock on SQLite). Generations only grow in one index folder,
    so an older one (from a slower concurrent build) never replaces a newer record."""
    values = {"name": name, "generation": manifest.generation, "kb_version": manifest.kb_version,
              "model_id": manifest.model_id, "documents": manifest.documents, "count": manifest.count,
              "published_at": utcnow()}
    table = IndexRelease.__table__
    assert isinstance(table, Table)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.name], set_={k: stmt.excluded[k] for k in values if k != "name"},
        where=stmt.excluded.generation >= table.c.generation)
    session.execute(stmt)
