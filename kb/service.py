"""The knowledge base's service functions: the only way other packages read or change kb tables.

All functions are keyword-only and take an open ``Session``; the caller owns the transaction
(``core.db.session_scope``), so an import and whatever the caller does around it commit or fail together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core import china_time
from core.db import in_chunks
from core.errors import NotFoundError
from kb import rules
from kb.models import TABLES, Capability, Center, Expert, KbState
from kb.rules import ComplianceCheck
from kb.schemas import (
    RECORD_MODELS,
    CapabilityRecord,
    CenterRecord,
    ExpertRecord,
    KbRecord,
    KbStats,
    RecordType,
)
from kb.vocab import CenterKind, CenterStatus


def _row_to_record(row: Center | Capability | Expert, record_type: RecordType) -> KbRecord:
    model = RECORD_MODELS[record_type]
    data: dict[str, Any] = {}
    for name in model.model_fields:
        value = getattr(row, name)
        if value is not None:
            data[name] = value
    if row.extra:
        data.update(row.extra)
    # Stored rows were validated on the way in; construct without re-validating for speed, keeping extras.
    return model.model_validate(data)


def center_from_row(row: Center) -> CenterRecord:
    rec = _row_to_record(row, "center")
    assert isinstance(rec, CenterRecord)
    return rec


def capability_from_row(row: Capability) -> CapabilityRecord:
    rec = _row_to_record(row, "capability")
    assert isinstance(rec, CapabilityRecord)
    return rec


def expert_from_row(row: Expert) -> ExpertRecord:
    rec = _row_to_record(row, "expert")
    assert isinstance(rec, ExpertRecord)
    return rec


def kb_version(*, session: Session) -> int:
    """Bumped by every change to the knowledge base; an index built at another version is stale."""
    state = session.get(KbState, 1)
    return state.version if state else 0


def kb_stamp(*, session: Session) -> tuple[int, str]:
    """The version and the moment it was set: two states of the kb never share both, even across a rollback."""
    state = session.get(KbState, 1)
    return (state.version, state.updated_at.isoformat()) if state else (0, "")


def bump_version(*, session: Session) -> int:
    state = session.get(KbState, 1, with_for_update=True)
    if state is None:
        state = KbState(id=1, version=1)
        session.add(state)
    else:
        state.version += 1
    session.flush()
    return state.version


def get_center(*, session: Session, center_id: str) -> CenterRecord:
    row = session.get(Center, center_id)
    if row is None:
        raise NotFoundError(f"机构不存在 / no center with id {center_id!r}", field="id")
    return center_from_row(row)


def get_capability(*, session: Session, capability_id: str) -> CapabilityRecord:
    row = session.get(Capability, capability_id)
    if row is None:
        raise NotFoundError(f"能力条目不存在 / no capability with id {capability_id!r}", field="id")
    return capability_from_row(row)


def get_expert(*, session: Session, expert_id: str) -> ExpertRecord:
    row = session.get(Expert, expert_id)
    if row is None:
        raise NotFoundError(f"专家不存在 / no expert with id {expert_id!r}", field="id")
    return expert_from_row(row)


def set_center_status(*, session: Session, center_id: str, status: CenterStatus) -> bool:
    """Set a center's status (the providers package derives it from the lifecycle); bumps the kb version when it
    changes, so the matcher's catalog is read again. Returns whether it changed."""
    row = session.get(Center, center_id)
    if row is None:
        raise NotFoundError(f"机构不存在 / no center with id {center_id!r}", field="center_id")
    if (row.status or CenterStatus.operating.value) == status.value and row.status is not None:
        return False
    row.status = status.value
    session.flush()
    bump_version(session=session)
    return True


def center_keys(*, session: Session) -> list[tuple[str, CenterKind, CenterStatus, str | None]]:
    """(id, kind, status, region) of every center, status absent read as operating (kb-v1's default); the region
    chooses a provider's rules (``providers.profiles.default_for``)."""
    rows = session.execute(select(Center.id, Center.kind, Center.status, Center.region).order_by(Center.id)).all()
    return [(cid, CenterKind(kind), CenterStatus(status or CenterStatus.operating.value), region or None)
            for cid, kind, status, region in rows]


def find_record(*, session: Session, record_id: str) -> KbRecord:
    """A record of any type by id (ids are unique per type; centers win, then capabilities, then experts)."""
    for record_type, table in TABLES.items():
        row = session.get(table, record_id)
        if row is not None:
            return _row_to_record(row, record_type)  # type: ignore[arg-type]
    raise NotFoundError(f"知识库中没有该编号 / no record with id {record_id!r}", field="id")


def list_centers(*, session: Session, ids: Collection[str] | None = None) -> list[CenterRecord]:
    stmt = select(Center).order_by(Center.id)
    if ids is not None:
        id_list = sorted(set(ids))
        out: list[CenterRecord] = []
        for chunk in in_chunks(id_list):
            out.extend(center_from_row(r) for r in session.scalars(stmt.where(Center.id.in_(chunk))))
        return sorted(out, key=lambda r: r.id)
    return [center_from_row(r) for r in session.scalars(stmt)]


def list_capabilities(
    *, session: Session, center_ids: Collection[str] | None = None, ids: Collection[str] | None = None
) -> list[CapabilityRecord]:
    stmt = select(Capability).order_by(Capability.id)
    if center_ids is not None:
        stmt = stmt.where(Capability.center_id.in_(sorted(set(center_ids))))
    if ids is not None:
        out: list[CapabilityRecord] = []
        for chunk in in_chunks(sorted(set(ids))):
            out.extend(capability_from_row(r) for r in session.scalars(stmt.where(Capability.id.in_(chunk))))
        return sorted(out, key=lambda r: r.id)
    return [capability_from_row(r) for r in session.scalars(stmt)]


def iter_capabilities(*, session: Session, batch_size: int = 2000) -> Iterable[CapabilityRecord]:
    """All capabilities in id order, streamed, for building indexes over large catalogs."""
    last = ""
    while True:
        rows = list(
            session.scalars(select(Capability).where(Capability.id > last).order_by(Capability.id).limit(batch_size))
        )
        if not rows:
            return
        for r in rows:
            yield capability_from_row(r)
        last = rows[-1].id


def list_experts(
    *, session: Session, center_id: str | None = None, pools: Collection[str] | None = None
) -> list[ExpertRecord]:
    """Experts of a center's own team (``center_id``) and/or of the named pools; with neither, all experts."""
    experts = [expert_from_row(r) for r in session.scalars(select(Expert).order_by(Expert.id))]
    if center_id is None and pools is None:
        return experts
    wanted = set(pools or [])
    return [
        e for e in experts
        if (center_id is not None and e.center_id == center_id) or wanted.intersection(e.pools or [])
    ]


def compliance(*, session: Session, today: date,
               center_ids: Collection[str] | None = None) -> dict[str, list[ComplianceCheck]]:
    """Every center's checks against the seed rules on its staff (``kb.rules.center_compliance``), read in two
    queries (centers and experts), for the catalog page, ``kb stats``, the import's warnings and matching."""
    centers = list_centers(session=session, ids=center_ids)
    experts = list_experts(session=session)
    return {c.id: rules.center_compliance(c, experts, today) for c in centers}


def count_records(*, session: Session) -> dict[str, int]:
    return {t: int(session.scalar(select(func.count()).select_from(m)) or 0) for t, m in TABLES.items()}


def stats(*, session: Session, today: date | None = None) -> KbStats:
    centers = list_centers(session=session)
    caps = session.scalars(select(Capability.service_types)).all()
    by_type: Counter[str] = Counter()
    for types in caps:
        by_type.update(types or [])
    industries: set[str] = set()
    for c in centers:
        industries.update(c.industries or [])
    for inds in session.scalars(select(Capability.industries)).all():
        industries.update(inds or [])
    regions: Counter[str] = Counter()
    for c in centers:
        regions[_province_of(c.region)] += 1
    counts = count_records(session=session)
    return KbStats(
        version=kb_version(session=session),
        centers=counts["center"],
        capabilities=counts["capability"],
        experts=counts["expert"],
        centers_by_kind=dict(Counter(c.kind.value for c in centers)),
        centers_by_status=dict(Counter(c.effective_status.value for c in centers)),
        capabilities_by_service_type=dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        industries=len(industries),
        regions=dict(sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))),
        compliance=_compliance_counts(compliance(session=session, today=today or china_time.today())),
    )


def _compliance_counts(found: dict[str, list[ComplianceCheck]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for checks in found.values():
        for check in checks:
            counts = out.setdefault(check.rule, {"met": 0, "not_met": 0, "unknown": 0})
            counts[check.verdict] += 1
    return dict(sorted(out.items()))


_PROVINCE_SUFFIXES = ("省", "自治区", "特别行政区")
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")


def province_of(region: str | None) -> str | None:
    """The province-level part of a free-text region (江苏省南京市 → 江苏省; 上海市浦东新区 → 上海市), None without
    one: statistics and the assign-by-hand picker group centers by it."""
    if not region:
        return None
    for muni in _MUNICIPALITIES:
        if region.startswith(muni):
            return muni + "市"
    for suffix in _PROVINCE_SUFFIXES:
        i = region.find(suffix)
        if i > 0:
            return region[: i + len(suffix)]
    return region


def _province_of(region: str | None) -> str:
    return province_of(region) or "未填写"


def delete_records(*, session: Session, ids: Sequence[str]) -> dict[str, list[str]]:
    """Delete records by id, whatever their type. Removing a center removes its capabilities, and its experts
    lose their ``center_id`` (kb-v1). All ids must exist, or nothing is deleted."""
    found: dict[str, list[str]] = {t: [] for t in TABLES}
    missing = []
    for rid in ids:
        for record_type, table in TABLES.items():
            if session.get(table, rid) is not None:
                found[record_type].append(rid)
                break
        else:
            missing.append(rid)
    if missing:
        raise NotFoundError(f"知识库中没有这些编号 / no records with ids: {', '.join(missing)}", field="id")
    _delete_typed(session=session, ids_by_type=found)
    bump_version(session=session)
    return found


def _delete_typed(*, session: Session, ids_by_type: dict[str, list[str]]) -> None:
    centers = ids_by_type.get("center", [])
    for chunk in in_chunks(centers):
        # Explicit rather than relying on ON DELETE, so SQLite without foreign keys would behave the same.
        session.execute(delete(Capability).where(Capability.center_id.in_(chunk)))
        session.execute(update(Expert).where(Expert.center_id.in_(chunk)).values(center_id=None))
        session.execute(delete(Center).where(Center.id.in_(chunk)))
    for chunk in in_chunks(ids_by_type.get("capability", [])):
        session.execute(delete(Capability).where(Capability.id.in_(chunk)))
    for chunk in in_chunks(ids_by_type.get("expert", [])):
        session.execute(delete(Expert).where(Expert.id.in_(chunk)))


def capability_counts(*, session: Session) -> dict[str, int]:
    """Number of capabilities per center id."""
    rows = session.execute(select(Capability.center_id, func.count()).group_by(Capability.center_id)).all()
    return {cid: int(n) for cid, n in rows}
