"""Who can exist and what they may ask for: org kinds, roles (the pipeline's), scopes, and which go together."""

from __future__ import annotations

from enum import StrEnum

# One role vocabulary for the whole service: the pipeline's rules on who fires which transition are written in it,
# and an API actor is handed to the pipeline as is.
from pipeline.vocab import Role


class OrgKind(StrEnum):
    enterprise = "enterprise"
    center = "center"  # type: ignore[assignment]  # shadows str.center, harmlessly
    association = "association"


class Scope(StrEnum):
    feed_read = "feed:read"  # the feed of published (redacted) needs
    needs_read = "needs:read"  # the org's own needs
    needs_write = "needs:write"  # submit a need (an association on an enterprise's behalf)
    results_read = "results:read"  # accepted matches, engagement status, acceptance results
    webhooks_manage = "webhooks:manage"  # subscribe, unsubscribe, read the delivery log


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.enterprise: ("企业用户", "enterprise user"),
    Role.center_coordinator: ("机构协调员", "center coordinator"),
    Role.association_coordinator: ("协会协调员", "association coordinator"),
    Role.admin: ("管理员", "administrator"),
}

ORG_KIND_LABELS: dict[OrgKind, tuple[str, str]] = {
    OrgKind.enterprise: ("企业", "enterprise"),
    OrgKind.center: ("服务机构", "center"),
    OrgKind.association: ("协会", "association"),
}

# A user's role must fit their organisation: admins are staff of the operating association.
ORG_ROLES: dict[OrgKind, frozenset[Role]] = {
    OrgKind.enterprise: frozenset({Role.enterprise}),
    OrgKind.center: frozenset({Role.center_coordinator}),
    OrgKind.association: frozenset({Role.association_coordinator, Role.admin}),
}

# The role an API key acts with: that of its organisation's kind, never admin (a leaked key must not administer).
KEY_ROLE: dict[OrgKind, Role] = {
    OrgKind.enterprise: Role.enterprise,
    OrgKind.center: Role.center_coordinator,
    OrgKind.association: Role.association_coordinator,
}

_ALL = frozenset(Scope)
# A logged-in user holds the scopes of their role; a key holds only the scopes it was given (a subset of these).
ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.enterprise: frozenset({Scope.needs_read, Scope.needs_write, Scope.results_read, Scope.webhooks_manage}),
    Role.center_coordinator: frozenset({Scope.feed_read, Scope.needs_read, Scope.results_read,
                                        Scope.webhooks_manage}),
    Role.association_coordinator: _ALL,
    Role.admin: _ALL,
}
