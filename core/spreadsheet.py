"""The one writer of every Excel workbook the product hands out (the kb export, the providers dashboard).

A cell written from a string is always text: openpyxl otherwise reads a string starting with ``=`` as a formula, so
a provider's name or description typed as ``=HYPERLINK(...)`` would run in whoever opens the file (issue 31: the
dashboard did). Numbers, dates and times stay what they are; a bold header row and column widths are the only
formatting.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    widths: bool = True  # size the columns to their longest value (reads every row first)


def _cell(sheet: Any, value: Cell, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; the product writes UTC
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an .xlsx file."""
    out = io.BytesIO()
    save_workbook(sheets, out)
    return out.getvalue()


def save_workbook(sheets: Sequence[Sheet], target: Any) -> None:
    """Write the sheets to ``target`` (a path or a binary file object)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        rows = [list(r) for r in spec.rows] if spec.widths else spec.rows
        if spec.widths:
            assert isinstance(rows, list)
            for i, head in enumerate(spec.header, start=1):
                longest = max([len(str(head))] + [len(str(r[i - 1] or "")) for r in rows if len(r) >= i])
                sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest * 1.6))
        sheet.append([_cell(sheet, h, bold=True) for h in spec.header])
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    book.save(target)
