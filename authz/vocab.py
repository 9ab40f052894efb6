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
    # A deciding authority's staff (issue 29, item 3): a market-regulation bureau, 省科协 or a host organisation takes
    # the decisions a provider's rules profile gives it, which the association prepares.
    authority_officer = "authority_officer"


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.enterprise: ("企业用户", "enterprise user"),
    Role.center_coordinator: ("机构协调员", "center coordinator"),
    Role.association_coordinator: ("协会协调员", "association coordinator"),
    Role.admin: ("管理员", "administrator"),
    Role.authority_officer: ("主管部门用户", "authority officer"),
}


class OrgKind(StrEnum):
    enterprise = "enterprise"
    center = "center"  # type: ignore[assignment]  # shadows str.center, harmlessly
    association = "association"
    authority = "authority"


class AuthorityBody(StrEnum):
    """The deciding authorities the seeds name (issue 29, item 3); which decision each takes is the rules profile's
    (``providers.profiles``, ``authorities``). An authority organisation is one body for one jurisdiction: a region
    prefix (江苏省, 上海市, 上海市宝山区) for the bureaus and 省科协, the provider's own id for its host
    organisation."""

    municipal_bureau = "municipal_bureau"  # 市市场监管局 (seed 002 二(二), 四(二))
    district_bureau = "district_bureau"  # 区市场监管局 (seed 002 二(二)1 初审)
    provincial_bureau = "provincial_bureau"  # 省市场监督管理局 / 省质监局 (seed 000 §3.1, seed 004 六)
    science_association = "science_association"  # 省科协 (seed 003 art. 6(三)(四), 22)
    host_organisation = "host_organisation"  # 依托单位 (seed 000 §8.1)


AUTHORITY_LABELS: dict[AuthorityBody, tuple[str, str]] = {
    AuthorityBody.municipal_bureau: ("市市场监督管理局", "municipal market-regulation bureau"),
    AuthorityBody.district_bureau: ("区市场监督管理局", "district market-regulation bureau"),
    AuthorityBody.provincial_bureau: ("省市场监督管理局", "provincial market-regulation bureau"),
    AuthorityBody.science_association: ("省科学技术协会（省科协）", "provincial science and technology association"),
    AuthorityBody.host_organisation: ("依托单位", "host organisation"),
}


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
    OrgKind.authority: frozenset({Role.authority_officer}),
}

# The role an API key acts with: that of its organisation's kind, never admin (a leaked key must not administer).
KEY_ROLE: dict[OrgKind, Role] = {
    OrgKind.enterprise: Role.enterprise,
    OrgKind.center: Role.center_coordinator,
    OrgKind.association: Role.association_coordinator,
    OrgKind.authority: Role.authority_officer,
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
    # An authority decides in the UI, as a person; a key of its own may only manage its webhook subscriptions.
    Role.authority_officer: frozenset({Scope.webhooks_manage}),
}

# A key whose secret lives in web pages (it has CORS origins) is public in effect: it may read the public feed only.
BROWSER_KEY_SCOPES: frozenset[Scope] = frozenset({Scope.feed_read})
