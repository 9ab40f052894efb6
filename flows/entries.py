"""Centers maintain their own entries (issue 14 step 3): a change to the profile, capabilities or experts, typed in a
form or uploaded as kb-v1, goes through one flow whoever sends it.

- A center coordinator's change concerns its own center only (every record: the center itself, its capabilities,
  its experts; never a status, which is the lifecycle's), is validated now as the import would validate it, and waits
  for an association coordinator's approval, with a diff against the entry as it was and a change log.
- An association coordinator's change (or upload, ``POST /api/v1/kb/import``) applies at once, as before.
- Approving applies the records through the one import flow (``flows.knowledge``); a change whose entry was changed
  meanwhile is refused (propose it again). Nobody approves a change to their own provider.
- Changes the seeds say must be reported within working days start a change-report obligation
  (``providers.rules.CHANGE_REPORTS``), met the day the change was submitted.

The index follows the caller's commit (the entry point calls ``flows.matching.sync_index``): the embedding cache makes
the rebuild incremental, so only the changed records are embedded again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from authz.vocab import Role
from core.bilingual import in_language
from core.errors import ConflictError, FieldErrors, InnodockError, NotFoundError, refuse_all
from flows import authorities, knowledge
from flows import intake as intake_flow
from flows.events import Outbox, Parties
from kb import service as kb
from kb import transfer
from kb.io.importer import ImportResult
from kb.io.readers import ImportIssue, SourceRecord, issues_in_words
from kb.schemas import RECORD_TYPES, KbRecord
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType, service_type_named
from outbox.vocab import DomainEvent
from providers import changes
from providers.schemas import ChangeView, FieldDiff, ObligationView


def _key(record_type: str, record_id: str) -> str:
    return f"{record_type}:{record_id}"


def _stored(session: Session, record_type: str, record_id: str) -> dict[str, Any] | None:
    record: KbRecord
    try:
        if record_type == "center":
            record = kb.get_center(session=session, center_id=record_id)
        elif record_type == "capability":
            record = kb.get_capability(session=session, capability_id=record_id)
        elif record_type == "expert":
            record = kb.get_expert(session=session, expert_id=record_id)
        else:
            return None
    except NotFoundError:
        return None
    data = record.to_record()
    data.pop("type", None)
    return data


def scope_issues(*, session: Session, records: Sequence[SourceRecord], center_id: str) -> list[ImportIssue]:
    """What in ``records`` is not the center's own to change: another center, a capability or expert of another
    center (as sent, or as stored for a tombstone), a record of no center, or a ``status`` (the lifecycle's)."""
    out: list[ImportIssue] = []
    for rec in records:
        rid = rec.id or ""
        if rec.record_type == "center":
            if rid != center_id:
                out.append(ImportIssue(rec.location, "id", f"只能修改本机构（{center_id}）的条目，不能修改 {rid} / "
                                                            f"only {center_id}'s own entry may be changed"))
            elif "status" in rec.data:
                out.append(ImportIssue(rec.location, "status", "机构状态由生命周期决定，不能在此修改 / the status "
                                                                "follows the lifecycle and cannot be changed here"))
            elif rec.is_tombstone:
                out.append(ImportIssue(rec.location, "deleted", "不能删除本机构条目（退出须走生命周期）/ a center "
                                                                 "cannot delete its own entry"))
            continue
        stored = _stored(session, rec.record_type, rid) if rid else None
        owners = {str(rec.data["center_id"])} if "center_id" in rec.data else set()
        if stored is not None:
            owners.add(str(stored.get("center_id")))
        if owners != {center_id}:
            shown = "、".join(sorted(o for o in owners if o and o != "None")) or "无 none"
            out.append(ImportIssue(rec.location, "center_id", f"只能修改本机构（{center_id}）的能力与专家，此条属于 "
                                                               f"{shown} / only records of {center_id} may be changed"))
    return out


def _before(session: Session, records: Sequence[SourceRecord]) -> dict[str, Any]:
    return {_key(r.record_type, r.id or ""): _stored(session, r.record_type, r.id or "") for r in records}


def _changed_fields(records: Sequence[SourceRecord], before: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(center fields that change, record types that change) — what the change reports are decided on."""
    fields: set[str] = set()
    types: set[str] = set()
    for rec in records:
        old = before.get(_key(rec.record_type, rec.id or "")) or {}
        changed = {k for k, v in rec.data.items() if k not in ("type", "id") and old.get(k) != v}
        if rec.is_tombstone or not old or changed:
            types.add(rec.record_type)
        if rec.record_type == "center":
            fields |= changed
    return fields, types


def _refused_field(issue: ImportIssue) -> str:
    """Where an issue of kb's is said: ``records.<n>.<field>`` for the n-th record a body or a form gave
    (``form:N``; a list's item, "service_types.0", on its list); a file's issue on its own field."""
    where, _, line = issue.location.rpartition(":")
    top = issue.field.split(".")[0]
    return f"records.{int(line) - 1}.{top}" if where == "form" and line.isdigit() else issue.field


def issue_refusals(issues: Sequence[ImportIssue]) -> list[InnodockError]:
    """Each record's each field kb refused, once, with all its reasons (each language whole on its side of " / "),
    in the order refused: the change said kb's lines on one field, ``records``, so a form marked the first field
    alone and said the next on the next submit ("forms lose input on errors", the product brief)."""
    by_field: dict[str, list[ImportIssue]] = {}
    for issue in issues:
        by_field.setdefault(_refused_field(issue), []).append(issue)
    return [InnodockError("；".join(in_language(i.reason, "zh") for i in found) + " / "
                          + "; ".join(in_language(i.reason, "en") for i in found), field=name)
            for name, found in by_field.items()]


# The fields in the order the entry page's forms show them (a capability's, an expert's and the profile's agree).
FORM_ORDER = ("title", "name", "title_level", "degree", "description", "region", "industries", "qualifications",
              "service_types", "standards", "capacity", "staff_total", "staff_innovation", "staff_full_time",
              "staff_part_time", "years_experience", "led_projects", "fields")


def in_form_order(problems: Sequence[InnodockError]) -> list[InnodockError]:
    """Refusals as a person reads the form: record by record, each record's fields as the form shows them, the
    change's day last (what a form could not read came first, kb's reasons after: "Years of work" before "Name")."""
    def key(problem: InnodockError) -> tuple[int, int, int]:
        parts = (problem.field or "").split(".")
        if parts[0] == "effective_on":
            return (1, 0, 0)
        if len(parts) >= 3 and parts[0] == "records" and parts[1].isdigit():
            at = FORM_ORDER.index(parts[2]) if parts[2] in FORM_ORDER else len(FORM_ORDER)
            return (0, int(parts[1]), at)
        return (0, -1, 0)
    return sorted(problems, key=key)


def refusal(result: ImportResult) -> FieldErrors:
    """A change kb refused, as the API says it: kb's lines (``form:1: capacity: …``) on ``records``, as before, and
    each field in ``fields`` (:func:`issue_refusals`)."""
    lines = [str(i) for i in result.issues]
    more = f"\n…（共 {len(lines)} 条 / {len(lines)} in all）" if len(lines) > 50 else ""
    return FieldErrors(in_form_order(issue_refusals(result.issues)), field="records", code="import_failed",
                       message="变更未通过校验，未保存任何内容 / the change was refused, nothing was stored:\n"
                       + "\n".join(lines[:50]) + more)


NOTHING_CHANGED = ("没有改动：填写的内容与目录中的一致，未提交任何修改 / nothing was changed: what was sent is what "
                   "the catalog already says, so nothing was submitted")


def pending_changes(*, session: Session, principal: Principal, center_id: str) -> list[ChangeView]:
    """The changes of ``center_id``'s entry still waiting for the association: the edit page says them, so a change
    is not filed twice (a new user's trial, 2026-11-29)."""
    return changes_for(session=session, principal=principal, status="pending", center_id=center_id)


def submit(*, session: Session, principal: Principal, center_id: str, records: Sequence[SourceRecord],
           read_issues: Sequence[ImportIssue] = (), source: str = "edit", note: str | None = None,
           effective_on: date | None = None, today: date,
           refused: Sequence[InnodockError] = ()) -> tuple[ChangeView | None, ImportResult]:
    """A change to ``center_id``'s entry. Any issue (a record another center's, one kb refuses, a status) refuses the
    whole change, nothing stored, the result's issues saying ``location: field: reason``. A center coordinator's
    change is stored pending; an association's applies now (no ``ChangeView`` then). Returns the change and the
    import's result (its warnings: seed rules on staff the entry would fall short of). A day after today, or
    ``refused`` (what a form could not read: :func:`submit_form`), is said at once with every field kb refuses of the
    rest (``core.errors.refuse_all``), nothing written: each was said on its own submit."""
    policy.check_own_center(principal, center_id)
    kb.get_center(session=session, center_id=center_id)
    day = effective_on or today
    found = list(refused)
    if day > today:
        found.append(InnodockError("变更发生日期不能晚于今天 / the change cannot have happened after today",
                                   field="effective_on"))
    scope = scope_issues(session=session, records=records, center_id=center_id)
    applies_now = policy.sees_other_centers(principal)
    result = knowledge.import_records(session=session, records=records, read_issues=read_issues, replace=False,
                                      principal=principal, more_issues=scope, dry_run=not applies_now or bool(found))
    if found:
        named = {p.field for p in found}
        refuse_all(in_form_order([*found, *(p for p in issue_refusals(result.issues) if p.field not in named)]))
    if not result.ok:
        return None, result
    before = _before(session, records) if not applies_now else {}
    if applies_now:
        return None, result
    fields, types = _changed_fields(records, before)
    if not types:  # a form sent back as it was ("十二" where it is 12) filed an empty change for the association
        raise ConflictError(NOTHING_CHANGED, code="nothing_changed")
    stored = [{"type": r.record_type, **r.data} for r in records]
    view = changes.submit(session=session, center_id=center_id, source=source, records=stored, before=before,
                          note=note, effective_on=day, principal=principal)
    kind = kb.get_center(session=session, center_id=center_id).kind
    changes.record_change_reports(session=session, center_id=center_id, kind=kind, changed_fields=fields,
                                  record_types=types, effective_on=day, reported_on=today, ref=f"change-{view.id}",
                                  created_by=principal.audit_label())
    return view, result


# A form's fields, by how the form types them (api.pages.ui_providers' edit page: the profile, a capability, an expert).
FORM_TEXTS = ("description", "region", "title", "name", "title_level", "degree")
FORM_LISTS = ("industries", "qualifications", "service_types", "standards", "fields")
FORM_NUMBERS = ("capacity", "staff_total", "staff_innovation", "staff_full_time", "staff_part_time",
                "years_experience", "led_projects")
# The most a number may say (else 100,000): 80 years of work; 500 projects led in a career (kb-v1's led_projects,
# read by the team-lead rule, kb.rules: a new user's trial, 2026-11-30, found no field to record it).
NUMBER_HIGH = {"years_experience": 80, "led_projects": 500}
_SERVICE_VALUES = frozenset(kind.value for kind in ServiceType)


def form_list(text: str) -> list[str]:
    """A list as a form's box takes it: separated by ";", "；" or "、"."""
    return [p.strip() for p in text.replace("；", ";").replace("、", ";").split(";") if p.strip()]


def _service_type(text: str) -> str:
    """A service type as the form shows it ("检验检测", "inspection and testing") or as kb-v1 writes it."""
    kind = service_type_named(text)
    return kind.value if kind is not None else text.strip()


def form_record(*, center_id: str, record_type: str, record_id: str, delete: bool,
                typed: Mapping[str, str | None]) -> tuple[dict[str, Any], list[InnodockError]]:
    """One record as a page's form types it, read (numbers as people type them, "十二", "1,200"; service types by
    their names in either language), and what could not be read, each on ``records.0.<field>``: the page read them
    itself and refused the first, so the next wrong field was said on the next submit."""
    record: dict[str, Any] = {"type": record_type, "id": record_id.strip() or None}
    problems: list[InnodockError] = []
    if record_type == "center":
        record["id"] = center_id
    if delete:
        record["deleted"] = True
    else:
        given = {k: (v or "").strip() for k, v in typed.items()}
        record.update({k: given[k] for k in FORM_TEXTS if given.get(k)})
        record.update({k: form_list(given[k]) for k in FORM_LISTS if given.get(k)})
        if "service_types" in record:
            record["service_types"] = [_service_type(v) for v in record["service_types"]]
            unknown = [v for v in record["service_types"] if v not in _SERVICE_VALUES]
            if unknown:
                choices = "、".join(p[0] for p in SERVICE_TYPE_LABELS.values())
                problems.append(InnodockError(
                    f"“{unknown[0][:20]}”不是可选的服务类型，可选：{choices}"
                    f" / “{unknown[0][:20]}” is not a service type; choose e.g. "
                    f"{'; '.join(p[1] for p in list(SERVICE_TYPE_LABELS.values())[:4])}",
                    field="records.0.service_types"))
                del record["service_types"]
        for key in FORM_NUMBERS:
            if given.get(key):
                try:
                    record[key] = int(intake_flow.read_number(text=given[key], field=key, low=0,
                                                              high=NUMBER_HIGH.get(key, 100_000), whole=True))
                except InnodockError as exc:
                    problems.append(InnodockError(exc.message, field=f"records.0.{key}"))
        if record_type != "center":
            record["center_id"] = center_id
    if record["id"] is None:
        record["id"] = new_record_id(center_id=center_id, record_type=record_type)
    return record, problems


def submit_form(*, session: Session, principal: Principal, center_id: str, record_type: str, record_id: str,
                delete: bool, typed: Mapping[str, str | None], note: str | None, effective_on: str,
                today: date) -> tuple[ChangeView | None, ImportResult]:
    """One form of a center's entry page (the profile, a capability, an expert), its fields as typed: every wrong
    field said at once, each on ``records.0.<field>`` or ``effective_on`` (:class:`core.errors.FieldErrors`),
    nothing stored; else :func:`submit`, as the API's change."""
    record, problems = form_record(center_id=center_id, record_type=record_type, record_id=record_id,
                                   delete=delete, typed=typed)
    day: date | None = None
    if effective_on.strip():
        try:
            day = date.fromisoformat(effective_on.strip())
        except ValueError:
            problems.append(InnodockError(f"“{effective_on.strip()[:20]}”不是日期，请按 2026-03-01 的格式填写 / "
                                          f"“{effective_on.strip()[:20]}” is not a date: give one as 2026-03-01",
                                          field="effective_on"))
    view, result = submit(session=session, principal=principal, center_id=center_id,
                          records=records_from([record]), note=note, effective_on=day, today=today,
                          refused=problems)
    if not result.ok:
        refuse_all(in_form_order(issue_refusals(result.issues)))
    return view, result


def submit_files(*, session: Session, principal: Principal, center_id: str, paths: Sequence[Path],
                 note: str | None = None, effective_on: date | None = None,
                 today: date) -> tuple[ChangeView | None, ImportResult]:
    """An upload of kb-v1 files for the center's own entry: the same flow as a form's change."""
    records, read_issues = transfer.collect(paths=paths)
    return submit(session=session, principal=principal, center_id=center_id, records=records,
                  read_issues=read_issues, source="upload", note=note, effective_on=effective_on, today=today)


def new_record_id(*, center_id: str, record_type: str) -> str:
    """An id for a capability or expert a form adds: the center's id, the kind and a random suffix, so two people
    adding on the same day never collide and the id says whose record it is (kb ids are at most 64 characters)."""
    prefix = {"capability": "cap", "expert": "exp"}[record_type]
    return f"{center_id[:40]}-{prefix}-{uuid.uuid4().hex[:12]}"


def records_from(data: Sequence[dict[str, Any]], *, where: str = "form") -> list[SourceRecord]:
    """kb-v1 records given as JSON objects (the API's body, a page's form), each located ``form:N``."""
    out = []
    for i, item in enumerate(data, 1):
        kind = str(item.get("type", ""))
        if kind not in RECORD_TYPES:
            raise InnodockError(f"第 {i} 条的 type 应为 center、capability 或 expert / record {i}: type must be one of "
                                f"{', '.join(RECORD_TYPES)}", field=f"records.{i - 1}.type")
        out.append(SourceRecord(f"{where}:{i}", kind, {k: v for k, v in item.items() if k != "type"}))
    return out


def diff(change: ChangeView) -> list[FieldDiff]:
    """Each field the change sets, against the entry as it was when proposed (absent record: new)."""
    out: list[FieldDiff] = []
    for item in change.records:
        rtype, rid = str(item.get("type")), str(item.get("id"))
        old = change.before.get(_key(rtype, rid)) or {}
        if item.get("deleted") is True:
            out.append(FieldDiff(record_type=rtype, record_id=rid, field="*", before=old.get("title") or
                                 old.get("name"), after=None, deleted=True))
            continue
        for name, value in item.items():
            if name in ("type", "id") or old.get(name) == value:
                continue
            out.append(FieldDiff(record_type=rtype, record_id=rid, field=name, before=old.get(name), after=value))
    return out


def changes_for(*, session: Session, principal: Principal, status: str | None = "pending",
                center_id: str | None = None) -> list[ChangeView]:
    """The change log: the association sees every center's, a center coordinator its own."""
    if center_id is not None:  # one provider's, as its record (an authority's officer within its jurisdiction)
        authorities.check_record(session=session, principal=principal, center_id=center_id)
    mine = None if policy.sees_other_centers(principal) else {principal.center_id or ""}
    if center_id is not None:
        mine = {center_id} if mine is None else mine & {center_id}
    return changes.list_changes(session=session, status=status, center_ids=mine)


def change(*, session: Session, principal: Principal, change_id: int) -> tuple[ChangeView, list[FieldDiff]]:
    found = changes.get_change(session=session, change_id=change_id)
    if principal.role == Role.center_coordinator and principal.center_id != found.center_id:
        raise NotFoundError("变更不存在 / no such change", field="change_id")
    return found, diff(found)


def decide(*, session: Session, principal: Principal, change_id: int, approve: bool, outbox: Outbox,
           note: str | None = None) -> tuple[ChangeView, ImportResult | None]:
    """Approve (the records are applied now, through the import flow) or reject a pending change. Refused, nothing
    written: the provider's own side deciding, a change decided already, an entry changed since it was proposed.
    Either decision is announced to the provider: ``provider.entry_change_decided`` (issue 29, item 7)."""
    found = changes.get_change(session=session, change_id=change_id)
    policy.check_not_own_provider(principal, found.center_id, what="审核")
    if found.status != "pending":
        raise ConflictError(f"变更已处理（{found.status}）/ the change was already decided", field="change_id",
                            code="change_decided")
    result = None
    if approve:
        records = records_from(found.records, where=f"change-{change_id}")
        now = _before(session, records)
        if json.dumps(now, sort_keys=True, default=str) != json.dumps(found.before, sort_keys=True, default=str):
            raise ConflictError("提交后该条目已被修改，请机构重新提交 / the entry changed since this change was "
                                "proposed: it must be proposed again", field="change_id", code="entry_changed")
        result = knowledge.import_records(session=session, records=records, replace=False, principal=principal)
        if not result.ok:
            raise InnodockError(issues_in_words(result.issues[:5], lead=("变更无法应用：", "the change no longer "
                                                                               "applies: ")),
                                field="change_id", code="import_failed")
    decided = changes.decide(session=session, change_id=change_id, approve=approve, principal=principal, note=note)
    outbox.record(session=session, event=DomainEvent.entry_change_decided,
                  payload={"change_id": decided.id, "center_id": decided.center_id,
                           "center_name": kb.get_center(session=session, center_id=decided.center_id).name,
                           "approved": decided.status == "approved", "note": decided.decision_note,
                           "effective_on": decided.effective_on.isoformat()},
                  parties=Parties(enterprise_id=None, center_id=decided.center_id))
    return decided, result


def obligations(*, session: Session, principal: Principal, today: date, center_id: str | None = None,
                open_only: bool = False) -> list[ObligationView]:
    if center_id is not None:
        policy.check_own_center(principal, center_id)
    mine = None if policy.sees_other_centers(principal) else {principal.center_id or ""}
    if center_id is not None:
        mine = {center_id} if mine is None else mine & {center_id}
    return changes.list_obligations(session=session, today=today, center_ids=mine, open_only=open_only)
