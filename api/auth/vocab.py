"""Labels for the identity vocabulary; the vocabulary itself (roles, org kinds, scopes and which go together) is
:mod:`authz.vocab`'s, re-exported here for the API's modules."""

from __future__ import annotations

from authz.vocab import BROWSER_KEY_SCOPES, KEY_ROLE, ORG_ROLES, ROLE_LABELS, ROLE_SCOPES, OrgKind, Role, Scope

__all__ = ["BROWSER_KEY_SCOPES", "KEY_ROLE", "ORG_KIND_LABELS", "ORG_ROLES", "ROLE_LABELS", "ROLE_SCOPES", "OrgKind",
           "Role", "Scope"]

ORG_KIND_LABELS: dict[OrgKind, tuple[str, str]] = {
    OrgKind.enterprise: ("企业", "enterprise"),
    OrgKind.center: ("服务机构", "center"),
    OrgKind.association: ("协会", "association"),
}
