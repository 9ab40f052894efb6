"""kb-v1 files in (all or nothing) and out, and the providers' lifecycles that an import enters.

One import flow for every door (``innodock kb import``, ``POST /api/v1/kb/import``, the pages): the records are read
with their ``file:line``, checked against the providers' lifecycles, validated and written by kb in the caller's
transaction, and then each new center enters the lifecycle at the state its ``status`` names, with an "imported"
event (``providers.rules.IMPORT_START``). An existing provider's status is its lifecycle's: a file that gives another
one is refused, naming the line, unless the import replaces the whole knowledge base.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from authz.principal import Principal
from core import china_time
from flows import catalog
from kb import service as kb
from kb import transfer
from kb.io.exporter import ExportFormat
from kb.io.importer import ImportResult, ProgressCallback

__all__ = ["ImportResult", "export", "import_files", "import_records", "sample_files", "status_issues"]
from kb.io.readers import ImportIssue, SourceRecord
from kb.vocab import CenterStatus
from providers import service as providers


def status_issues(*, session: Session, records: Sequence[SourceRecord], replace: bool) -> list[ImportIssue]:
    """A center record whose ``status`` differs from what its provider's lifecycle shows, each as an issue of its
    line (``file:line: status: reason``). A replacing import resets lifecycles, so it is never refused here."""
    if replace:
        return []
    out: list[ImportIssue] = []
    for rec in records:
        raw = rec.data.get("status")
        if rec.record_type != "center" or rec.is_tombstone or rec.id is None or not isinstance(raw, str):
            continue
        try:
            status = CenterStatus(raw.strip())
        except ValueError:
            continue  # kb's own validation names a status that is not one
        reason = providers.import_conflict(session=session, center_id=rec.id, status=status)
        if reason is not None:
            out.append(ImportIssue(rec.location, "status", reason))
    return out


def import_records(*, session: Session, records: Sequence[SourceRecord], read_issues: Sequence[ImportIssue] = (),
                   replace: bool = False, partial: bool = False, principal: Principal | None = None,
                   dry_run: bool = False,
                   more_issues: Sequence[ImportIssue] = (),
                   progress: ProgressCallback | None = None) -> ImportResult:
    """Check, validate and (unless ``dry_run`` or anything is wrong) write; then enter or reset the lifecycles of
    the file's centers. Any issue and nothing is written (``result.issues``, each ``file:line: field: reason``)."""
    providers.ensure_lifecycles(session=session, centers=kb.center_keys(session=session))
    issues = [*more_issues, *status_issues(session=session, records=records, replace=replace)]
    result = transfer.import_records(session=session, records=records, read_issues=read_issues, replace=replace,
                                     partial=partial, more_issues=issues, dry_run=dry_run, progress=progress)
    if not result.written:
        if dry_run and result.ok:
            result.warnings = [*result.warnings, *compliance_warnings(session=session, records=records,
                                                                      dry_run=True)]
        return result
    result.warnings = [*result.warnings, *compliance_warnings(session=session, records=records)]
    named = {rec.id for rec in records if rec.record_type == "center" and not rec.is_tombstone and rec.id}
    for center_id, kind, status, region in kb.center_keys(session=session):
        if center_id in named or replace:
            providers.record_import(session=session, center_id=center_id, kind=kind, status=status,
                                    principal=principal, replace=replace, region=region)
    return result


def compliance_warnings(*, session: Session, records: Sequence[SourceRecord],
                        dry_run: bool = False) -> list[ImportIssue]:
    """The seed rules on staff that the import's centers (those named, and those whose capabilities or experts it
    touched) fall short of, as warnings ``center: clause: reasons``: an import is not refused for them, matching
    flags and penalises them (``MatcherConfig.compliance_penalty``). A dry run checks the centers as stored."""
    touched = {str(rec.data.get("center_id") if rec.record_type != "center" else rec.id)
               for rec in records if (rec.id if rec.record_type == "center" else rec.data.get("center_id"))}
    existing = {cid for cid, _kind, _status, _region in kb.center_keys(session=session)}
    found = catalog.compliance_checks(session=session, today=china_time.today(), center_ids=touched & existing)
    out = []
    for center_id, checks in sorted(found.items()):
        for check in checks:
            if check.failed:
                out.append(ImportIssue(center_id, check.clause, "；".join(check.reasons)))
    return [] if dry_run and not out else out


def import_files(*, session: Session, paths: Sequence[Path], replace: bool, partial: bool = False,
                 principal: Principal | None = None, encoding: str | None = None,
                 progress: ProgressCallback | None = None) -> ImportResult:
    """Read ``paths`` and import them (:func:`import_records`). The matcher's index follows once the caller
    committed: it is built from committed rows."""
    records, read_issues = transfer.collect(paths=paths, encoding=encoding, progress=progress)
    return import_records(session=session, records=records, read_issues=read_issues, replace=replace,
                          partial=partial, principal=principal, progress=progress if len(records) > 2000 else None)


def sample_files() -> list[Path]:
    return transfer.sample_files()


def export(*, session: Session, fmt: ExportFormat, out: Path) -> int:
    return transfer.export_records(session=session, fmt=fmt, out=out)
