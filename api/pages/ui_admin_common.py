"""Labels the account pages share: organisation kinds, scopes, approval states, and names for ids."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from accounts.schemas import Actor
from accounts.vocab import APPROVAL_LABELS, ORG_KIND_LABELS, Approval, OrgKind, Scope
from api.pages.ui_common import label
from authz.policy import refusal
from core.errors import NotFoundError
from flows import accounts as accounts_flow

SCOPE_LABELS: dict[Scope, tuple[str, str]] = {
    Scope.feed_read: ("读取已发布需求（脱敏）", "read the published (redacted) needs"),
    Scope.needs_read: ("读取本组织的需求", "read the organisation's needs"),
    Scope.needs_write: ("提交需求", "submit needs"),
    Scope.results_read: ("读取对接结果", "read docking results"),
    Scope.webhooks_manage: ("管理事件推送", "manage webhooks"),
}


def kind_label(kind: OrgKind, lang: str) -> str:
    return label(ORG_KIND_LABELS[kind], lang)


def scope_label(scope: Scope | str, lang: str) -> str:
    return label(SCOPE_LABELS[Scope(scope)], lang)  # the scope's code stays in the markup (a value, data-scope)


def approval_label(approval: Approval, lang: str) -> str:
    return label(APPROVAL_LABELS[approval], lang)


def registrations_waiting(session: Session, actor: Actor) -> int:
    """How many enterprises' own registrations wait for this person's decision (0 for a role that decides none): a
    registration makes no notice, and the admin found one only by opening 注册审核 (the admin's day walked as a new
    user, 2026-11-28), so the pages a reviewer starts from say so."""
    if refusal(actor, "registration.review") != "ok":
        return 0
    return accounts_flow.list_registrations(session=session, principal=actor, approval=Approval.pending, limit=1)[1]


def org_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Organisation names for ids shown on a page (an id that is gone stays as it is)."""
    names: dict[str, str] = {}
    for org_id in set(ids):
        try:
            names[org_id] = accounts_flow.get_org(session=session, org_id=org_id).name
        except NotFoundError:
            names[org_id] = org_id
    return names
