"""The matcher's one table: which index generation each index's build job published (issue 33, item 6).

Only ``matcher.index.release`` writes it. The index files themselves live in a folder (``Settings.index_dir``), shared
by every API host when the builds run as a job; this row is what the hosts read, per request, to know the live
generation without reading the shared folder.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class IndexRelease(Base):
    """One row per index (``capabilities``, ``experts``): the generation folder a build wrote and switched to."""

    __tablename__ = "matcher_index_release"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
    kb_version: Mapped[int] = mapped_column(Integer)
    model_id: Mapped[str] = mapped_column(String(300))
    documents: Mapped[str] = mapped_column(String(200), default="")
    count: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
