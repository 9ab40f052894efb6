"""Read kb-v1 files into raw records, each tagged with where it came from (``file:line`` or ``file:sheet:row``).

Readers never stop at the first bad line: they yield every record they can read and an ``ImportIssue`` for every
line they cannot, so the import can report all problems at once.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.bilingual import in_language
from kb.io.cells import CellError, parse_cell, restore_csv
from kb.schemas import RECORD_MODELS, RECORD_TYPES, REQUIRED_FIELDS, RecordType
from kb.vocab import record_field_label

_CSV_TYPE_BY_STEM = {
    "centers": "center", "center": "center",
    "capabilities": "capability", "capability": "capability",
    "experts": "expert", "expert": "expert",
}
_SHEET_TYPE = {"center": "center", "centers": "center", "capability": "capability",
               "capabilities": "capability", "expert": "expert", "experts": "expert"}


@dataclass(frozen=True)
class ImportIssue:
    location: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.field}: {self.reason}"


def issues_in_words(issues: Sequence[ImportIssue], *, lead: tuple[str, str] = ("", "")) -> str:
    """A record a form entered, refused: each field by its label, each language whole on its side of " / "
    ("“名称”：不能为空；“可同时承接”：应不小于 0 / Name: must not be empty; Concurrent engagements: must be at
    least 0"), so that a page showing one language shows every reason in it. A file's import keeps
    ``str(issue)``: its reader knows the keys and needs the line. ``lead``: what comes before the reasons in each
    language ("变更无法应用：", "the change no longer applies: ")."""
    zh = lead[0] + "；".join(f"“{record_field_label(i.field, 'zh')}”：{in_language(i.reason, 'zh')}" for i in issues)
    en = lead[1] + "; ".join(f"{record_field_label(i.field, 'en')}: {in_language(i.reason, 'en')}" for i in issues)
    return f"{zh} / {en}"


@dataclass
class SourceRecord:
    location: str
    record_type: RecordType
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    @property
    def is_tombstone(self) -> bool:
        return self.data.get("deleted") is True


ReadItem = SourceRecord | ImportIssue


def decode(raw: bytes, *, name: str, encoding: str | None, allow_gb18030: bool) -> tuple[str, ImportIssue | None]:
    """Bytes → text. UTF-8 with or without BOM always; GB18030/GBK (as Excel in China writes CSV) when allowed.

    Returns the text and, if it could not be decoded, an issue naming the line of the first bad byte.
    """
    if encoding:
        try:
            return raw.decode(encoding), None
        except (UnicodeDecodeError, LookupError) as exc:
            return "", _encoding_issue(raw, name, exc, encoding)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        if allow_gb18030:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                pass
            else:
                if "\x00" not in text:
                    return text, None
        return "", _encoding_issue(raw, name, exc, "UTF-8" + (" / GB18030" if allow_gb18030 else ""))


def _encoding_issue(raw: bytes, name: str, exc: Exception, expected: str) -> ImportIssue:
    start = getattr(exc, "start", 0) or 0
    line = raw.count(b"\n", 0, start) + 1
    return ImportIssue(
        f"{name}:{line}", "encoding",
        f"文件不是有效的 {expected} 编码（第 {start} 字节）/ not valid {expected} text at byte {start}; "
        "use --encoding to name the file's encoding",
    )


def read_file(path: Path, *, encoding: str | None = None) -> Iterator[ReadItem]:
    name = str(path)
    if not path.exists():
        yield ImportIssue(f"{name}:0", "file", "文件不存在 / file not found")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(path, encoding=encoding)
    elif suffix == ".csv":
        yield from read_csv(path, encoding=encoding)
    elif suffix == ".xlsx":
        yield from read_xlsx(path)
    else:
        kind = suffix or "(无扩展名 no extension)"
        reason = f"不支持的文件类型 {kind} / unsupported file type; use .jsonl, .csv or .xlsx"
        yield ImportIssue(f"{name}:0", "file", reason)


def read_jsonl(path: Path, *, encoding: str | None = None) -> Iterator[ReadItem]:
    name = str(path)
    text, issue = decode(path.read_bytes(), name=name, encoding=encoding, allow_gb18030=False)
    if issue:
        yield issue
        return
    seen_any = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        seen_any = True
        loc = f"{name}:{lineno}"
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield ImportIssue(loc, "json", f"JSON 格式错误 / malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield ImportIssue(loc, "json", "每行应是一个 JSON 对象 / each line must be a JSON object")
            continue
        record_type = obj.pop("type", None)
        if record_type not in RECORD_TYPES:
            yield ImportIssue(loc, "type", _type_reason(record_type))
            continue
        yield SourceRecord(loc, record_type, obj)
    if not seen_any:
        yield ImportIssue(f"{name}:1", "file", "文件为空，没有记录 / empty file: no records")


def _type_reason(value: object) -> str:
    if value is None:
        return "缺少记录类型 / missing: each record needs \"type\" (center, capability or expert)"
    return f"未知的记录类型 {value!r} / unknown type {value!r}: must be center, capability or expert"


def _rows_to_records(
    rows: Iterator[tuple[str, dict[str, Any]]], *, header: list[str], default_type: RecordType | None, where: str,
    empty_ok: bool = False,
) -> Iterator[ReadItem]:
    """Shared by CSV and Excel: header checks, type per row, and the cell conventions. ``empty_ok``: a header with no
    rows is an empty table (the export writes one for a type the kb holds none of), not an error."""
    if default_type is None and "type" not in header:
        yield ImportIssue(f"{where}:1", "type",
                          "无法确定记录类型：缺少 type 列，文件名也不是 centers/capabilities/experts / "
                          "no 'type' column and the name is not centers, capabilities or experts")
        return
    types_needing_check = [default_type] if default_type and "type" not in header else []
    for header_type in types_needing_check:
        missing = [f for f in REQUIRED_FIELDS[header_type] if f not in header]
        for f in missing:
            yield ImportIssue(f"{where}:1", f, "缺少必需的列 / missing column")
        if missing:
            return
    seen_any = False
    for loc, cells in rows:
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        seen_any = True
        record_type: RecordType | None = default_type
        raw_type = cells.pop("type", None)
        if raw_type is not None and str(raw_type).strip():
            raw_type = str(raw_type).strip()
            if raw_type not in RECORD_TYPES:
                yield ImportIssue(loc, "type", _type_reason(raw_type))
                continue
            record_type = raw_type
        if record_type is None:
            yield ImportIssue(loc, "type", _type_reason(None))
            continue
        model = RECORD_MODELS[record_type]
        data: dict[str, Any] = {}
        bad = False
        for key, cell in cells.items():
            if key is None or key == "":
                if cell not in (None, "", []):
                    yield ImportIssue(loc, "(column)", "数据多于表头的列 / more cells than header columns")
                    bad = True
                continue
            try:
                value = parse_cell(model, key, _cell_text(cell))
            except CellError as exc:
                yield ImportIssue(loc, key, str(exc))
                bad = True
                continue
            if value is not None:
                data[key] = value
        if not bad:
            yield SourceRecord(loc, record_type, data)
    if not seen_any and not empty_ok:
        yield ImportIssue(f"{where}:2", "file", "文件没有数据行 / no data rows")


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, list):  # csv.DictReader's restkey
        return ";".join(str(c) for c in cell)
    if hasattr(cell, "isoformat"):
        return str(cell.isoformat())
    return str(cell)


def read_csv(path: Path, *, encoding: str | None = None) -> Iterator[ReadItem]:
    name = str(path)
    raw = path.read_bytes()
    if not raw.strip():
        yield ImportIssue(f"{name}:1", "file", "文件为空，没有记录 / empty file: no records")
        return
    text, issue = decode(raw, name=name, encoding=encoding, allow_gb18030=True)
    if issue:
        yield issue
        return
    stem = path.stem.lower()
    default_type = _CSV_TYPE_BY_STEM.get(stem) or next(
        (t for s, t in _CSV_TYPE_BY_STEM.items() if stem.endswith(("_" + s, "-" + s, "." + s))), None
    )
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="")
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        yield ImportIssue(f"{name}:1", dupes[0], "表头中的列重复 / duplicate column in header")
        return

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        start = 2
        for row in reader:
            # Our own export quotes formula-looking cells (kb.io.cells.neutralise_csv); the quote comes off here.
            yield f"{name}:{start}", {k: restore_csv(v) if isinstance(v, str) else v for k, v in row.items()}
            start = reader.line_num + 1

    # A header alone is an empty table: the CSV export writes experts.csv so when the kb holds no expert.
    yield from _rows_to_records(rows(), header=header, default_type=default_type, where=name,  # type: ignore[arg-type]
                                empty_ok=True)


# An .xlsx is a zip of XML: a few kilobytes on the wire can expand to gigabytes (a "decompression bomb"). A real
# catalog of tens of thousands of records stays well under this once expanded; it is checked from the zip's own
# directory, before a byte is parsed (issue 31: a 170 kB file took 9 s and 166 MiB).
MAX_XLSX_EXPANDED_BYTES = 48 * 1024 * 1024


def _expanded_size(path: Path) -> int | None:
    """The workbook's size once decompressed, by the zip's directory; None when it is not a zip at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return None


def read_xlsx(path: Path) -> Iterator[ReadItem]:
    from openpyxl import load_workbook

    name = str(path)
    expanded = _expanded_size(path)
    if expanded is not None and expanded > MAX_XLSX_EXPANDED_BYTES:
        limit = MAX_XLSX_EXPANDED_BYTES // (1024 * 1024)
        size = expanded // (1024 * 1024)
        yield ImportIssue(f"{name}:0", "file", f"工作簿解压后超过 {limit} MB（{size} MB），不予读取 / the workbook "
                                               f"expands to more than {limit} MB; refused unread")
        return
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-workbook
        reason = f"不是有效的 Excel 工作簿 / not a valid .xlsx workbook ({type(exc).__name__})"
        yield ImportIssue(f"{name}:0", "file", reason)
        return
    try:
        sheets = [ws for ws in workbook.worksheets if ws.title.strip().lower() in _SHEET_TYPE]
        if not sheets:
            reason = "工作簿中没有 center、capability 或 expert 工作表 / no sheet named center, capability or expert"
            yield ImportIssue(f"{name}:0", "sheet", reason)
            return
        read = 0  # a sheet without rows is an empty table (an export of a kb without experts); a workbook, nothing
        for ws in sheets:
            record_type = _SHEET_TYPE[ws.title.strip().lower()]
            where = f"{name}:{ws.title}"
            it = ws.iter_rows(values_only=True)
            first = next(it, None)
            if first is None:
                continue
            header = [str(h).strip() if h is not None else "" for h in first]

            def rows(it: Iterator[tuple[Any, ...]] = it, header: list[str] = header, where: str = where
                     ) -> Iterator[tuple[str, dict[str, Any]]]:
                for rowno, values in enumerate(it, start=2):
                    cells: dict[str, Any] = {}
                    for i, value in enumerate(values):
                        key = header[i] if i < len(header) else ""
                        if key in cells and key:
                            continue
                        cells[key] = value
                    yield f"{where}:{rowno}", cells

            for item in _rows_to_records(rows(), header=header, default_type=record_type,  # type: ignore[arg-type]
                                         where=where, empty_ok=True):
                read += 1
                yield item
        if not read:
            yield ImportIssue(f"{name}:0", "file", "工作簿没有数据行 / the workbook has no data rows")
    finally:
        workbook.close()
