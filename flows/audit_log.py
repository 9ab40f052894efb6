"""The security audit log as people read it: its entries, and the names of everyone and everything they mention.

The log records who acted as ``role:username@org`` (or a key's id, "cli", "system") and what it acted on by id; a
page says "王芳 · 协会协调员 停用了用户 李工" instead. This module looks the ids up in bulk — people, organisations and
keys in accounts, needs in intake (the title a center may read: a confidential need's generic one, since reading the
log is no reason to show a confidential need's words), centers in the kb, consents in authz — and the page writes
the sentences (``api.pages.ui_audit``). An id nothing is found for stays unnamed; a page never shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.schemas import KeyOut, UserOut
from authz import service as authz
from authz.schemas import AuditOut
from core.errors import NotFoundError
from intake import service as intake
from kb import service as kb


@dataclass(frozen=True)
class Actor:
    """Who the log says acted, taken apart: the role's value (None for "cli", "system" and such), the person or key
    it names, and the organisation."""

    role: str | None
    who: str
    org_id: str | None
    label: str

    @property
    def key_id(self) -> str | None:
        return self.who.removeprefix("key:") if self.who.startswith("key:") else None


def parse_actor(label: str) -> Actor:
    """``role:who@org`` (a principal's audit label), or a bare word ("cli", "system", "self-registration")."""
    role, sep, rest = label.partition(":")
    if not sep:
        return Actor(None, label, None, label)
    who, at, org = rest.rpartition("@")
    if not at:
        who, org = rest, ""
    return Actor(role, who, org or None, label)


@dataclass(frozen=True)
class AuditNames:
    """What the ids in a page of the log stand for; whatever is missing was not found (deleted, or never named)."""

    users: dict[str, UserOut] = field(default_factory=dict)  # by id and by username
    orgs: dict[str, str] = field(default_factory=dict)
    keys: dict[str, KeyOut] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)  # a need's title as a center may read it
    centers: dict[str, str] = field(default_factory=dict)
    consents: dict[str, tuple[str, str]] = field(default_factory=dict)  # (enterprise org, association org)


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditOut]
    total: int
    names: AuditNames


def _need_titles(session: Session, need_ids: Iterable[str]) -> dict[str, str]:
    out = {}
    for need_id in sorted(set(need_ids)):
        try:
            out[need_id] = intake.center_view(session=session, need_id=need_id).title
        except NotFoundError:
            continue
    return out


def names_for(*, session: Session, events: list[AuditOut]) -> AuditNames:
    """Every name the given entries mention, looked up once per kind."""
    actors = [parse_actor(e.actor) for e in events]
    by_type: dict[str, set[str]] = {}
    for e in events:
        if e.target_type and e.target_id:
            by_type.setdefault(e.target_type, set()).add(e.target_id)
    wanted = by_type.get("consent", set())
    consents = {c.id: (c.enterprise_org_id, c.association_org_id)
                for c in (authz.list_consents(session=session) if wanted else []) if c.id in wanted}
    user_refs = {a.who for a in actors if not a.key_id} | by_type.get("user", set())  # a bare word may be a user id
    user_refs |= {str(e.detail["username"]) for e in events if e.detail.get("username")}
    key_ids = {a.key_id for a in actors if a.key_id} | by_type.get("key", set())
    keys = accounts.keys_by_id(session=session, key_ids={k for k in key_ids if k})
    users = accounts.users_by_ref(session=session, refs=user_refs)
    org_ids = {a.org_id for a in actors if a.org_id} | by_type.get("org", set())
    org_ids |= {str(e.detail[k]) for e in events for k in ("org_id", "association_org_id") if e.detail.get(k)}
    org_ids |= {k.org_id for k in keys.values()} | {u.org_id for u in users.values()}
    org_ids |= {o for pair in consents.values() for o in pair}
    center_ids = {str(e.detail["center_id"]) for e in events if e.detail.get("center_id")}
    return AuditNames(
        users=users, orgs=accounts.org_names(session=session, org_ids=org_ids), keys=keys,
        needs=_need_titles(session, by_type.get("need", set())),
        centers={c.id: c.name for c in kb.list_centers(session=session, ids=center_ids)} if center_ids else {},
        consents=consents,
    )


def audit_page(*, session: Session, limit: int, offset: int, action: str | None = None,
               outcome: str | None = None) -> AuditPage:
    """One page of the log, newest first, with the names it mentions (the caller holds ``admin.audit``)."""
    events, total = authz.list_audit(session=session, limit=limit, offset=offset, action=action, outcome=outcome)
    return AuditPage(events, total, names_for(session=session, events=events))
