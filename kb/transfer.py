"""kb-v1 files in and out of the knowledge base: the service functions over ``kb.io`` (readers, importer,
exporter), which themselves write through ``kb.service``, so this module sits above both."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kb.io.exporter import ExportFormat
from kb.io.exporter import export_records as _export
from kb.io.importer import ImportResult
from kb.io.importer import import_files as _import_files


def import_files(*, session: Session, paths: Sequence[Any], replace: bool = False, partial: bool = False,
                 encoding: str | None = None) -> ImportResult:
    """Import kb-v1 files (see ``kb.io.importer``). Raises nothing for bad records: they are in the result's
    ``issues``, and with any issue and no ``partial`` nothing is written."""
    return _import_files(session=session, paths=paths, replace=replace, partial=partial, encoding=encoding)


def export_records(*, session: Session, fmt: ExportFormat, out: Path) -> int:
    """Export the knowledge base as kb-v1 (``jsonl`` file, ``csv`` folder or ``xlsx`` workbook); returns the count."""
    return _export(session=session, fmt=fmt, out=out)
