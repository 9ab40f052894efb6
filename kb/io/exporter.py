"""Export the knowledge base as kb-v1 files, written to a temporary name and renamed so a crash leaves no half file."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy.orm import Session

from core.errors import InnodockError
from core.spreadsheet import Sheet, save_workbook
from kb import service
from kb.io.cells import format_cell, neutralise_csv
from kb.schemas import RECORD_MODELS, KbRecord, RecordType

ExportFormat = Literal["jsonl", "csv", "xlsx"]
CSV_FILE_NAMES: dict[RecordType, str] = {"center": "centers.csv", "capability": "capabilities.csv",
                                         "expert": "experts.csv"}


def iter_records(*, session: Session) -> Iterator[KbRecord]:
    """Centers, then capabilities, then experts, each in id order: a stable order makes exports diffable."""
    yield from service.list_centers(session=session)
    yield from service.iter_capabilities(session=session)
    yield from service.list_experts(session=session)


def _atomic_target(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _replace(tmp: str, path: Path) -> None:
    os.replace(tmp, path)


def export_jsonl(*, session: Session, out: Path) -> int:
    fd, tmp = _atomic_target(out)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for record in iter_records(session=session):
                fh.write(json.dumps(record.to_record(), ensure_ascii=False) + "\n")
                count += 1
        _replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _table(records: list[KbRecord], record_type: RecordType) -> tuple[list[str], list[list[str]]]:
    model = RECORD_MODELS[record_type]
    known = list(model.model_fields)
    extra_keys: list[str] = sorted({k for r in records for k in r.extra})
    header = known + extra_keys
    rows = []
    for rec in records:
        data: dict[str, Any] = rec.to_record()
        rows.append([format_cell(model, col, data.get(col)) for col in header])
    return header, rows


def _by_type(session: Session) -> dict[RecordType, list[KbRecord]]:
    out: dict[RecordType, list[KbRecord]] = {"center": [], "capability": [], "expert": []}
    for rec in iter_records(session=session):
        out[rec.record_type].append(rec)
    return out


def export_csv(*, session: Session, out: Path) -> int:
    """Three files (centers.csv, capabilities.csv, experts.csv) in the folder ``out``, UTF-8 with a BOM for Excel.

    Formula-looking cells are neutralised (``kb.io.cells.neutralise_csv``): whoever opens the file in a spreadsheet
    must not run a formula some provider typed into a description."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for record_type, records in _by_type(session).items():
        header, rows = _table(records, record_type)
        target = out / CSV_FILE_NAMES[record_type]
        fd, tmp = _atomic_target(target)
        try:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows([neutralise_csv(cell) for cell in row] for row in rows)
            _replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        count += len(rows)
    return count


def export_xlsx(*, session: Session, out: Path) -> int:
    """One sheet per record type, through the product's one workbook writer (``core.spreadsheet``): every cell is
    text, so a description starting with "=" stays text and never becomes a formula."""
    sheets: list[Sheet] = []
    count = 0
    for record_type, records in _by_type(session).items():
        header, rows = _table(records, record_type)
        sheets.append(Sheet(title=record_type, header=header, rows=rows, widths=False))
        count += len(rows)
    fd, tmp = _atomic_target(out)
    os.close(fd)
    try:
        save_workbook(sheets, tmp)
        _replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


SUFFIX_FORMATS: dict[str, ExportFormat] = {".jsonl": "jsonl", ".xlsx": "xlsx"}


def export_format(out: Path, fmt: str | None) -> ExportFormat:
    """The format to write ``out`` in: the one asked, else the one its name says (``kb.xlsx`` a workbook, an existing
    folder CSV), else JSON Lines. Why: ``kb export kb.xlsx`` wrote JSON Lines into a file named .xlsx, which neither
    Excel nor the import could open; a name that says another format than the one asked is refused for the same
    reason, before anything is written."""
    named = SUFFIX_FORMATS.get(out.suffix.lower())
    if fmt is None:
        return named or ("csv" if out.is_dir() else "jsonl")
    if fmt not in ("jsonl", "csv", "xlsx"):
        raise InnodockError(f"不支持的格式 {fmt!r}，可选 jsonl、csv、xlsx / format must be jsonl, csv or xlsx",
                            field="format")
    if named is not None and named != fmt:
        raise InnodockError(f"格式 {fmt} 与文件名 {out.name} 不符（{out.suffix} 是 {named}）/ {fmt} does not match "
                            f"the name {out.name} ({out.suffix} is {named}): change --format or the name",
                            field="format")
    return cast(ExportFormat, fmt)


def _check_target(fmt: ExportFormat, out: Path) -> None:
    """One line naming the target instead of a traceback, checked before anything is written."""
    if fmt == "csv" and out.exists() and not out.is_dir():
        raise InnodockError(f"{out} 是文件；CSV 导出写入一个文件夹（centers.csv 等三个文件）/ {out} is a file; a CSV "
                            "export writes a folder (centers.csv, capabilities.csv, experts.csv)", field="out")
    if fmt != "csv" and out.is_dir():
        raise InnodockError(f"{out} 是文件夹；{fmt} 导出写入一个文件 / {out} is a folder; a {fmt} export writes a "
                            "file", field="out")


def export_records(*, session: Session, fmt: ExportFormat, out: Path) -> int:
    _check_target(fmt, out)
    if fmt == "jsonl":
        return export_jsonl(session=session, out=out)
    if fmt == "csv":
        return export_csv(session=session, out=out)
    return export_xlsx(session=session, out=out)
