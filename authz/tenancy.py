"""The tenancy rule, in one place: **every query is filtered by tenant and role.**

- An *enterprise* (user or key) sees the rows its organisation owns: ``enterprise_column == actor.org_id``.
- A *center coordinator* sees rows of the kb center its organisation stands for: ``center_column == actor.center_id``.
- An *association coordinator* sees the work of the enterprises its association serves (registered through it,
  needs it submitted, or under an enterprise's consent), never another association's (issue 31): see
  ``authz.policy.serves`` and :class:`authz.principal.Reach`.
- An *admin* is the platform operator: every association's tenants, and its reads of confidential details are
  audited (``flows.access``).
- Rows that belong to an organisation as such (users, API keys, webhook subscriptions, deliveries) are seen by that
  organisation only, and by admins: ``org_column == actor.org_id``.

A row outside the filter answers **404, never 403**: a tenant cannot even learn that another tenant's id exists.
Routers apply :func:`scope_to_actor` to their ``select`` before running it, and :func:`ensure_visible` after
fetching a single row by id.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, true

from authz.principal import Principal as Actor
from authz.vocab import Role
from core.errors import NotFoundError

S = TypeVar("S", bound=Select[Any])


def actor_filter(actor: Actor, *, org_column: Any = None, enterprise_column: Any = None,
                 center_column: Any = None) -> ColumnElement[bool]:
    """The WHERE clause of the rule for this actor; a column the caller does not give cannot grant access."""
    if actor.role == Role.admin:
        return true()
    if org_column is not None:
        return org_column == actor.org_id
    if actor.role == Role.enterprise and enterprise_column is not None:
        return enterprise_column == actor.org_id
    if actor.role == Role.center_coordinator and center_column is not None and actor.center_id:
        return center_column == actor.center_id
    if actor.role == Role.association_coordinator and (enterprise_column is not None or center_column is not None):
        return true()
    return false()


def scope_to_actor(stmt: S, actor: Actor, *, org_column: Any = None, enterprise_column: Any = None,
                   center_column: Any = None) -> S:
    clause = actor_filter(actor, org_column=org_column, enterprise_column=enterprise_column,
                          center_column=center_column)
    return stmt.where(clause)


def serving_association(actor: Actor) -> str | None:
    """The association whose tenants an association's staff or key work for; None for the platform operator, who
    works across associations. (For an enterprise: the association it belongs to.)"""
    return None if actor.role == Role.admin else actor.association_id


def owning_org(actor: Actor) -> str | None:
    """The org a service call is limited to: the actor's own, or None (no limit) for an admin."""
    return None if actor.role == Role.admin else actor.org_id


def ensure_visible(actor: Actor, *, org_id: str | None, what: str = "记录 / record", field: str = "id") -> None:
    """After a fetch by id: another tenant's row is reported as missing (404)."""
    if actor.role != Role.admin and org_id != actor.org_id:
        raise NotFoundError(f"{what}不存在 / not found", field=field)
