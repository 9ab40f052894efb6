"""Import kb-v1 records: validate everything first, then write in the caller's transaction.

The order matters for the promise that a failed import changes nothing: every file is read and every record
validated (merged with what is stored, so a partial update of an existing record is checked as the whole record it
will become) before the first row is written. Only then, in one transaction, are tombstones applied and records
upserted.
"""

from __future__ import annotations

import codecs
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import InnodockError
from kb import service
from kb.io.readers import ImportIssue, SourceRecord, read_file
from kb.models import TABLES, Capability, Center, Expert
from kb.schemas import ID_RE, RECORD_MODELS, RECORD_TYPES, ExpertRecord, KbRecord, RecordType

ProgressCallback = Callable[[str, int, int], None]
"""Called as (phase, done, total): phases are "read", "validate", "write"."""


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_TYPES, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_TYPES, 0))
    # Records whose fields were already what is stored: not written, and an import of nothing else leaves the kb
    # version where it was (the same file imported again said "updated" for every record and made every index stale).
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_TYPES, 0))
    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_TYPES, 0))
    issues: list[ImportIssue] = field(default_factory=list)
    # Valid records the import keeps but that will not work as well as they could (an expert with no text): said
    # once, at the door, rather than discovered when a match cannot find them.
    warnings: list[ImportIssue] = field(default_factory=list)
    rejected: int = 0
    written: bool = False
    replaced: bool = False
    version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        parts = []
        for label, counts in (("新增 created", self.created), ("更新 updated", self.updated),
                              ("删除 deleted", self.deleted), ("未变 unchanged", self.unchanged)):
            body = ", ".join(f"{t} {n}" for t, n in counts.items() if n)
            if body:
                parts.append(f"{label}: {body}")
        if self.rejected:
            parts.append(f"拒绝 rejected: {self.rejected}")
        return "; ".join(parts) or "无变化 / nothing changed"


NO_TEXT_WARNING = ("已导入，但该专家没有专长、简介、职称或工作单位，无法按需求内容匹配 / imported, but the expert "
                   "has no fields, bio, title or affiliation, so no need can be matched to them by content")


def _pydantic_issues(location: str, exc: ValidationError) -> list[ImportIssue]:
    out = []
    for err in exc.errors():
        loc = err.get("loc") or ()
        fld = ".".join(str(p) for p in loc) if loc else "record"
        kind = err.get("type", "")
        if kind == "missing":
            reason = "缺少必填字段 / required field is missing"
        elif kind == "string_pattern_mismatch":
            reason = "编号格式不正确（字母或数字开头，最多 64 个字母、数字或 ._:-）/ must match " + ID_RE.pattern
        elif kind == "enum":
            expected = (err.get("ctx") or {}).get("expected", "")
            reason = (f"取值 {err.get('input')!r} 不在允许范围（可选：{expected}） / not an allowed value "
                      f"{err.get('input')!r}; expected {expected}")
        elif kind == "value_error":  # a check of ours: its own words, without pydantic's "Value error, "
            reason = str((err.get("ctx") or {}).get("error") or err.get("msg", "invalid"))
        else:
            reason = _said(kind, err.get("ctx") or {}) or err.get("msg", "invalid")
        out.append(ImportIssue(location, fld, reason))
    return out


def _said(kind: str, ctx: dict[str, Any]) -> str | None:
    """Pydantic's common refusals in both languages, as every other reason here is: "Input should be greater than
    or equal to 0" stood alone on the Chinese import page (the admin's day walked as a new user, 2026-11-28)."""
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        zh = {"greater_than_equal": "应不小于", "greater_than": "应大于", "less_than_equal": "应不大于",
              "less_than": "应小于"}[kind]
        en = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
              "less_than": "less than"}[kind]
        limit = ctx.get({"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le",
                         "less_than": "lt"}[kind])
        return f"{zh} {limit} / must be {en} {limit}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数 / must be a whole number"
    if kind in ("string_too_long", "too_long"):
        most = ctx.get("max_length")
        return f"过长（最多 {most}） / too long (at most {most})"
    if kind in ("string_too_short", "too_short"):
        return "不能为空 / must not be empty"
    if kind == "string_type":
        return "应为文字 / must be text"
    if kind == "list_type":
        return "应为列表（CSV、Excel 中以 ; 分隔） / must be a list (joined with ; in CSV and Excel)"
    if kind in ("bool_parsing", "bool_type"):
        return "应为 true 或 false / must be true or false"
    return None


# Control characters: C0 (NUL included) and C1, and DEL. PostgreSQL cannot store a NUL in text or JSONB at all, and
# none of them belongs in a catalog. Tab, line feed and carriage return are text where text runs over lines: the
# free-text fields and the unknown fields we carry without reading (kb-v1 lets a file keep its own data there).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FREE_TEXT_FIELDS = frozenset({"description", "bio"})


def _control_in(value: Any, path: str, *, free: bool) -> tuple[str, str] | None:
    """The dotted path of the first string holding a control character, and that character; ``free``: a free-text
    field, where tab and line breaks are allowed. Outside free text the value is checked as the schema will keep it
    (stripped), so a trailing newline after a name is still just whitespace."""
    if isinstance(value, str):
        found = (_CONTROL.search(value) if free else _LINE_CONTROL.search(value.strip()))
        return (path, found.group()) if found else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            hit = _control_in(item, f"{path}.{i}", free=free)
            if hit:
                return hit
    if isinstance(value, dict):
        for key, item in value.items():
            key_hit = _LINE_CONTROL.search(str(key))
            if key_hit:
                return path, key_hit.group()
            hit = _control_in(item, f"{path}.{key}", free=free)
            if hit:
                return hit
    return None


def control_character_issue(rec: SourceRecord) -> ImportIssue | None:
    """An issue for a record holding a control character, naming the field (``contact.name``, ``industries.1``):
    the importer's own check, since the CLI reaches it without any HTTP guard in front."""
    known = RECORD_MODELS[rec.record_type].model_fields
    for key, value in rec.data.items():
        key_hit = _LINE_CONTROL.search(str(key))
        hit = ("(column)", key_hit.group()) if key_hit else _control_in(
            value, str(key), free=key in FREE_TEXT_FIELDS or key not in known)
        if hit:
            field, char = hit
            return ImportIssue(rec.location, field, f"含有不允许的控制字符 U+{ord(char):04X}（制表符与换行只允许出现在 "
                               f"description、bio 等自由文本中）/ contains the control character U+{ord(char):04X} "
                               "(tab and line breaks are allowed in free text such as description and bio only)")
    return None


def _stored_dicts(session: Session, record_type: RecordType, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Stored records as kb-v1 dicts (without ``type``), for the ids given."""
    table = TABLES[record_type]
    model = RECORD_MODELS[record_type]
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = session.scalars(select(table).where(table.id.in_(chunk))).all()
        for row in cast("Sequence[Center | Capability | Expert]", rows):
            data = {name: getattr(row, name) for name in model.model_fields if getattr(row, name) is not None}
            if row.extra:
                data.update(row.extra)
            out[row.id] = data
    return out


def _all_ids(session: Session, record_type: RecordType) -> set[str]:
    table = TABLES[record_type]
    return set(session.scalars(select(table.id)))


def _row_values(record: KbRecord) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, list):
            value = [v.value if hasattr(v, "value") else v for v in value]
        elif hasattr(value, "value"):
            value = value.value
        values[name] = value
    values["extra"] = record.extra or None
    values["updated_at"] = utcnow()
    return values


def check_encoding(encoding: str) -> None:
    """An encoding Python does not know is the option's fault, not the file's: said once, naming the option, instead
    of 'not valid nope text at byte 0' against every file."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InnodockError(f"未知的编码 {encoding!r}（常用：utf-8、gb18030、gbk）/ unknown encoding {encoding!r} "
                            "(common: utf-8, gb18030, gbk)", field="encoding") from None


def collect(paths: Iterable[Path], *, encoding: str | None = None,
            progress: ProgressCallback | None = None) -> tuple[list[SourceRecord], list[ImportIssue]]:
    if encoding:
        check_encoding(encoding)
    records: list[SourceRecord] = []
    issues: list[ImportIssue] = []
    for path in paths:
        for item in read_file(Path(path), encoding=encoding):
            if isinstance(item, ImportIssue):
                issues.append(item)
            else:
                records.append(item)
                if progress and len(records) % 5000 == 0:
                    progress("read", len(records), 0)
    if progress:
        progress("read", len(records), len(records))
    return records, issues


def import_records(
    *,
    session: Session,
    records: Sequence[SourceRecord],
    read_issues: Sequence[ImportIssue] = (),
    replace: bool = False,
    partial: bool = False,
    progress: ProgressCallback | None = None,
    more_issues: Sequence[ImportIssue] = (),
    dry_run: bool = False,
) -> ImportResult:
    """Validate and write records in the caller's transaction.

    All-or-nothing by default: with any issue nothing is written. With ``partial`` the good records are written
    and the bad ones reported. ``replace`` swaps the whole knowledge base for these records. ``more_issues``: what the
    caller found wrong with these records by rules of its own (each rejects its record, as a read issue does);
    ``dry_run``: validate only, write nothing (``written`` stays False).
    """
    result = ImportResult(replaced=replace)
    issues: list[ImportIssue] = [*read_issues, *more_issues]
    # Read-level issues (malformed lines) reject a record each.
    rejected_locations: set[str] = {i.location for i in [*read_issues, *more_issues]}

    # 1. Control characters, then duplicate ids within the import.
    first_seen: dict[tuple[str, str], str] = {}
    unique: list[SourceRecord] = []
    for rec in records:
        control = control_character_issue(rec)
        if control is not None:
            issues.append(control)
            rejected_locations.add(rec.location)
            continue
        rid = rec.id
        if rid is None:
            issues.append(ImportIssue(rec.location, "id", "缺少必填字段 / required field is missing"))
            rejected_locations.add(rec.location)
            continue
        key = (rec.record_type, rid)
        if key in first_seen:
            issues.append(ImportIssue(rec.location, "id",
                                      f"同一导入中编号重复（首次出现于 {first_seen[key]}）/ duplicate id {rid!r}, "
                                      f"first at {first_seen[key]}"))
            rejected_locations.add(rec.location)
            continue
        first_seen[key] = rec.location
        unique.append(rec)

    # 2. Validate each record merged with what is stored (unless replacing).
    by_type: dict[str, list[SourceRecord]] = defaultdict(list)
    for rec in unique:
        by_type[rec.record_type].append(rec)
    stored: dict[str, dict[str, dict[str, Any]]] = {}
    for record_type in RECORD_TYPES:
        ids = [r.id for r in by_type[record_type] if r.id]
        stored[record_type] = {} if replace else _stored_dicts(session, record_type, ids)

    valid: dict[str, dict[str, KbRecord]] = {t: {} for t in RECORD_TYPES}
    valid_loc: dict[tuple[str, str], str] = {}
    tombstones: dict[str, list[tuple[str, str]]] = {t: [] for t in RECORD_TYPES}
    total = len(unique)
    done = 0
    for record_type in RECORD_TYPES:
        model = RECORD_MODELS[record_type]
        for rec in by_type[record_type]:
            done += 1
            if progress and done % 5000 == 0:
                progress("validate", done, total)
            rid = rec.id
            assert rid is not None
            if rec.is_tombstone:
                if not ID_RE.match(rid):
                    issues.append(ImportIssue(rec.location, "id", "编号格式不正确 / invalid id"))
                    rejected_locations.add(rec.location)
                    continue
                tombstones[record_type].append((rid, rec.location))
                continue
            data = dict(stored[record_type].get(rid, {}))
            incoming = dict(rec.data)
            incoming.pop("deleted", None)
            data.update(incoming)
            try:
                valid[record_type][rid] = model.model_validate(data)
                valid_loc[(record_type, rid)] = rec.location
            except ValidationError as exc:
                issues.extend(_pydantic_issues(rec.location, exc))
                rejected_locations.add(rec.location)
    if progress:
        progress("validate", total, total)

    # 3. References: a capability names a center that will exist; so does an expert that names one.
    existing_centers = set() if replace else _all_ids(session, "center")
    dead_centers = {rid for rid, _ in tombstones["center"]}

    def center_alive(cid: str) -> bool:
        return (cid in valid["center"]) or (cid in existing_centers and cid not in dead_centers)

    changed = True
    while changed:  # dropping a bad center can orphan records that looked fine
        changed = False
        for record_type in ("capability", "expert"):
            for rid, rec_obj in list(valid[record_type].items()):
                cid = getattr(rec_obj, "center_id", None)
                if cid is None or center_alive(cid):
                    continue
                loc = valid_loc[(record_type, rid)]
                if cid in dead_centers:
                    reason = f"所属机构 {cid!r} 在本次导入中被删除 / center {cid!r} is deleted by this import"
                else:
                    reason = f"机构 {cid!r} 不存在 / no center {cid!r} in the knowledge base or this import"
                issues.append(ImportIssue(loc, "center_id", reason))
                rejected_locations.add(loc)
                del valid[record_type][rid]
                changed = True
    result.warnings = sorted((ImportIssue(valid_loc[("expert", rid)], "fields", NO_TEXT_WARNING)
                              for rid, rec_obj in valid["expert"].items()
                              if isinstance(rec_obj, ExpertRecord) and not rec_obj.has_text), key=_issue_sort_key)
    # Capabilities of a center deleted in this import must not survive through an upsert of the same file.
    issues.sort(key=_issue_sort_key)
    result.issues = issues
    result.rejected = len(rejected_locations)
    if (issues and not partial) or dry_run:
        return result

    # 4. Write.
    _write(session=session, result=result, valid=valid, tombstones=tombstones, replace=replace, stored=stored,
           progress=progress)
    result.written = True
    changed = replace or any(sum(counts.values()) for counts in (result.created, result.updated, result.deleted))
    result.version = service.bump_version(session=session) if changed else service.kb_version(session=session)
    return result


def _same_as_stored(record: KbRecord, stored: dict[str, Any] | None) -> bool:
    """Whether ``record`` (already merged with what is stored) writes what the row holds: both read by the same
    model and said as the row would be, so a list in another spelling or an unknown field compares as stored. A
    stored row the model no longer reads counts as changed."""
    if stored is None:
        return False
    try:
        before = type(record).model_validate(stored)
    except ValidationError:
        return False
    ignore = ("updated_at",)
    now, was = _row_values(record), _row_values(before)
    return all(now[k] == was[k] for k in now if k not in ignore)


def _issue_sort_key(issue: ImportIssue) -> tuple[str, int, str]:
    head, _, tail = issue.location.rpartition(":")
    try:
        return head, int(tail), issue.field
    except ValueError:
        return issue.location, 0, issue.field


def _write(
    *,
    session: Session,
    result: ImportResult,
    valid: dict[str, dict[str, KbRecord]],
    tombstones: dict[str, list[tuple[str, str]]],
    replace: bool,
    stored: dict[str, dict[str, dict[str, Any]]],
    progress: ProgressCallback | None,
) -> None:
    if replace:
        for table in (Capability, Expert, Center):
            result.deleted[_type_of(table)] = session.execute(delete(table)).rowcount or 0  # type: ignore[attr-defined]
    else:
        present = {t: _existing(session, t, [rid for rid, _ in tombstones[t]]) for t in RECORD_TYPES}
        ids_by_type: dict[str, list[str]] = {t: sorted(present[t]) for t in RECORD_TYPES}
        service._delete_typed(session=session, ids_by_type=ids_by_type)
        for t in RECORD_TYPES:
            result.deleted[t] = len(ids_by_type[t])
    total = sum(len(v) for v in valid.values())
    done = 0
    for record_type in RECORD_TYPES:
        table = TABLES[record_type]
        new_rows: list[dict[str, Any]] = []
        old_rows: list[dict[str, Any]] = []
        unchanged = 0
        for rid, rec in valid[record_type].items():
            if rid not in stored[record_type]:
                new_rows.append(_row_values(rec))
            elif _same_as_stored(rec, stored[record_type].get(rid)):
                unchanged += 1
            else:
                old_rows.append(_row_values(rec))
        done += unchanged  # the bar counts every valid record, written or not
        if progress and unchanged and not (new_rows or old_rows):
            progress("write", done, total)
        for batch_start in range(0, max(len(new_rows), len(old_rows)), 5000):
            new_batch = new_rows[batch_start : batch_start + 5000]
            old_batch = old_rows[batch_start : batch_start + 5000]
            if new_batch:
                session.execute(insert(table), new_batch)
            if old_batch:
                session.execute(update(table), old_batch)
            done += len(new_batch) + len(old_batch)
            if progress:
                progress("write", done, total)
        result.created[record_type] = len(new_rows)
        result.updated[record_type] = len(old_rows)
        result.unchanged[record_type] = unchanged
    session.flush()


def _existing(session: Session, record_type: str, ids: Sequence[str]) -> set[str]:
    table = TABLES[record_type]
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        found.update(session.scalars(select(table.id).where(table.id.in_(ids[i : i + 500]))))
    return found


def _type_of(table: type[Center] | type[Capability] | type[Expert]) -> str:
    return {Center: "center", Capability: "capability", Expert: "expert"}[table]


def import_files(
    *,
    session: Session,
    paths: Sequence[Path],
    replace: bool = False,
    partial: bool = False,
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Read and import files in one go (the caller owns the transaction)."""
    records, read_issues = collect(paths, encoding=encoding, progress=progress)
    return import_records(session=session, records=records, read_issues=read_issues, replace=replace,
                          partial=partial, progress=progress)
