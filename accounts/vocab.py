"""Labels for the identity vocabulary, and whether an organisation is approved; the vocabulary itself (roles, org
kinds, scopes and which go together) is :mod:`authz.vocab`'s, re-exported here so the doors name one module."""

from __future__ import annotations

from enum import StrEnum

from authz.vocab import (
    AUTHORITY_LABELS,
    BROWSER_KEY_SCOPES,
    KEY_ROLE,
    ORG_ROLES,
    ROLE_LABELS,
    ROLE_SCOPES,
    AuthorityBody,
    OrgKind,
    Role,
    Scope,
)

__all__ = [
    "APPROVAL_LABELS",
    "AUTHORITY_LABELS",
    "BROWSER_KEY_SCOPES",
    "KEY_ROLE",
    "ORG_KIND_LABELS",
    "ORG_ROLES",
    "ROLE_LABELS",
    "ROLE_SCOPES",
    "Approval",
    "AuthorityBody",
    "OrgKind",
    "Role",
    "Scope",
]

ORG_KIND_LABELS: dict[OrgKind, tuple[str, str]] = {
    OrgKind.enterprise: ("企业", "enterprise"),
    OrgKind.center: ("服务机构", "center"),
    OrgKind.association: ("协会", "association"),
    OrgKind.authority: ("主管部门", "authority"),
}


class Approval(StrEnum):
    """Whether an organisation's people may log in yet: an enterprise that registered itself waits for an
    association (``pending``) until it is ``approved`` or ``refused``; every other organisation is made approved."""

    pending = "pending"
    approved = "approved"
    refused = "refused"


APPROVAL_LABELS: dict[Approval, tuple[str, str]] = {
    Approval.pending: ("待审核", "awaiting approval"),
    Approval.approved: ("已通过", "approved"),
    Approval.refused: ("未通过", "refused"),
}
