"""The files a provider attaches to a corrective action's report (issue 30, item 7): the report itself, photos of
what was fixed, a revised procedure. Kept as an engagement's files are (``pipeline_file``): the bytes in the
database, so ``innodock db backup`` carries them with the finding that cites them, each with its name, media type,
size and SHA-256. What may be stored is decided before this module sees a file, by the same content check as an
engagement's files (``pipeline.attachments``, called by ``flows.improvement``); this module stores what it is given
and hands it back to whoever may read the finding.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, utcnow
from core.errors import NotFoundError


class FindingFile(Base):
    """A file attached to one step of a finding (the report that its corrective action is done)."""

    __tablename__ = "provider_finding_file"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("provider_finding.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True)
class CheckedUpload:
    """A file already judged acceptable (name, media type by content, size, digest): what the flow hands in."""

    name: str
    media_type: str
    size: int
    sha256: str
    data: bytes


class FindingFileView(BaseModel):
    id: str
    finding_id: int
    step: str
    name: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


def _view(row: FindingFile) -> FindingFileView:
    return FindingFileView(id=row.id, finding_id=row.finding_id, step=row.step, name=row.name,
                           media_type=row.media_type, size=row.size, sha256=row.sha256, uploaded_by=row.uploaded_by,
                           uploaded_at=row.uploaded_at)


def store(*, session: Session, finding_id: int, step: str, files: Sequence[CheckedUpload],
          by: str) -> list[FindingFileView]:
    rows = [FindingFile(id=uuid.uuid4().hex, finding_id=finding_id, step=step, name=f.name, media_type=f.media_type,
                        size=f.size, sha256=f.sha256, content=f.data, uploaded_by=by, uploaded_at=utcnow())
            for f in files]
    session.add_all(rows)
    session.flush()
    return [_view(r) for r in rows]


def files_of(*, session: Session, finding_ids: Sequence[int]) -> dict[int, list[FindingFileView]]:
    """Each finding's files, oldest first (metadata only)."""
    if not finding_ids:
        return {}
    out: dict[int, list[FindingFileView]] = {}
    stmt = (select(FindingFile).where(FindingFile.finding_id.in_(list(finding_ids)))
            .order_by(FindingFile.uploaded_at, FindingFile.id))
    for row in session.scalars(stmt):
        out.setdefault(row.finding_id, []).append(_view(row))
    return out


def read(*, session: Session, finding_id: int, file_id: str) -> tuple[FindingFileView, bytes]:
    row = session.get(FindingFile, file_id[:64])
    if row is None or row.finding_id != finding_id:
        raise NotFoundError("附件不存在 / no such file", field="file_id")
    return _view(row), row.content
