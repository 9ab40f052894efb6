"""Who can exist and what they may ask for: roles, organisation kinds, scopes, and which go together.

One vocabulary for the whole service: the pipeline's workflow tables are written in these roles, and the API hands
its callers to the pipeline as they are.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    enterprise = "enterprise"
    center_coordinator = "center_coordinator"
    association_coordinator = "association_coordinator"
    admin = "admin"


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.enterprise: ("企业用户", "enterprise user"),
    Role.center_coordinator: ("机构协调员", "center coordinator"),
    Role.association_coordinator: ("协会协调员", "association coordinator"),
    Role.admin: ("管理员", "administrator"),
}


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
# A logged-in user holds the scopes of their role; a key holds only the scopes it was given, a subset of its role's.
# Enterprises read no feed: the feed is other enterprises' published needs, for providers and association websites.
ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.enterprise: frozenset({Scope.needs_read, Scope.needs_write, Scope.results_read, Scope.webhooks_manage}),
    Role.center_coordinator: frozenset({Scope.feed_read, Scope.needs_read, Scope.results_read,
                                        Scope.webhooks_manage}),
    Role.association_coordinator: _ALL,
    Role.admin: _ALL,
}

# A key whose secret lives in web pages (it has CORS origins) is public in effect: it may read the public feed only.
BROWSER_KEY_SCOPES: frozenset[Scope] = frozenset({Scope.feed_read})
