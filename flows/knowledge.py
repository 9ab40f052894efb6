"""The association keeps the knowledge base: kb-v1 files in (all or nothing) and out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from kb import transfer
from kb.io.exporter import ExportFormat
from kb.io.importer import ImportResult


def import_files(*, session: Session, paths: Sequence[Path], replace: bool) -> ImportResult:
    """Any issue and nothing is written (the result's ``issues`` say which, each as ``file:line: field: reason``).
    The matcher's index follows once the caller committed: it is built from committed rows."""
    return transfer.import_files(session=session, paths=paths, replace=replace, partial=False)


def export(*, session: Session, fmt: ExportFormat, out: Path) -> int:
    return transfer.export_records(session=session, fmt=fmt, out=out)
