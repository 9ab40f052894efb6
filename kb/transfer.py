"""kb-v1 files in and out of the knowledge base: the service functions over ``kb.io`` (readers, importer,
exporter), which themselves write through ``kb.service``, so this module sits above both."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kb.io.exporter import ExportFormat
from kb.io.exporter import export_records as _export
from kb.io.importer import ImportResult, ProgressCallback
from kb.io.importer import collect as _collect
from kb.io.importer import import_files as _import_files
from kb.io.importer import import_records as _import_records
from kb.io.readers import ImportIssue, SourceRecord


def import_files(*, session: Session, paths: Sequence[Any], replace: bool = False, partial: bool = False,
                 encoding: str | None = None) -> ImportResult:
    """Import kb-v1 files (see ``kb.io.importer``). Raises nothing for bad records: they are in the result's
    ``issues``, and with any issue and no ``partial`` nothing is written."""
    return _import_files(session=session, paths=paths, replace=replace, partial=partial, encoding=encoding)


SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


def sample_files() -> list[Path]:
    """The shipped sample catalog (fictional, written for this project)."""
    return sorted(SAMPLE_DIR.glob("*.jsonl"))


def collect(*, paths: Sequence[Path], encoding: str | None = None,
            progress: ProgressCallback | None = None) -> tuple[list[SourceRecord], list[ImportIssue]]:
    """Read kb-v1 files into records (each with its ``file:line``) and the issues of lines that could not be read."""
    return _collect(paths, encoding=encoding, progress=progress)


def import_records(*, session: Session, records: Sequence[SourceRecord], read_issues: Sequence[ImportIssue] = (),
                   replace: bool = False, partial: bool = False, more_issues: Sequence[ImportIssue] = (),
                   dry_run: bool = False, progress: ProgressCallback | None = None) -> ImportResult:
    """Validate records read by :func:`collect` (or made by the caller, each with a location) and, unless
    ``dry_run`` or anything is wrong, write them; ``more_issues`` are the caller's own findings about them."""
    return _import_records(session=session, records=records, read_issues=read_issues, replace=replace,
                           partial=partial, more_issues=more_issues, dry_run=dry_run, progress=progress)


def export_records(*, session: Session, fmt: ExportFormat, out: Path) -> int:
    """Export the knowledge base as kb-v1 (``jsonl`` file, ``csv`` folder or ``xlsx`` workbook); returns the count."""
    return _export(session=session, fmt=fmt, out=out)
