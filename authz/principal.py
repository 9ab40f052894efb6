"""The caller, as every check sees it: an organisation, a role, how they proved it, and what they may ask for."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from authz.vocab import OrgKind, Role, Scope


class Principal(BaseModel):
    """Who is calling.

    ``via`` says how they proved it: a person's login (``session``; ``user_id`` set), an integration key (``key``;
    ``key_id`` set), or the operator's own terminal on the server (``terminal``: ``innodock … --as``).
    ``center_id`` is the kb center a center organisation stands for. ``browser``: a key with CORS origins, whose
    secret sits in web pages (public and feed actions only). ``association_id``: an association's own id
    (its staff and keys work within it); None for enterprises and centers, whose own rules apply (an enterprise's
    association is on record in ``authz.service``, a center serves every association's enterprises).
    """

    model_config = ConfigDict(frozen=True)

    org_id: str
    org_kind: OrgKind
    org_name: str
    role: Role
    via: Literal["session", "key", "terminal"]
    user_id: str | None = None
    key_id: str | None = None
    username: str | None = None
    # A signed-in person's name as their account holds it ("王芳"), which the pages' header shows; their login name
    # ("wang_fang") where the account has none of its own (a new user's trial in Chromium, 2026-11-29).
    display_name: str | None = None
    scopes: frozenset[Scope] = frozenset()
    center_id: str | None = None
    browser: bool = False
    association_id: str | None = None
    # A deciding authority's (issue 29, item 3): which body it is (``authz.vocab.AuthorityBody``) and its jurisdiction
    # (a region prefix; for a host organisation, its provider's id).
    authority_body: str | None = None
    jurisdiction: str | None = None
    # The organisation's unified social credit code, when it gave one: what a need names its enterprise by, beside its
    # name (a new chat read the organisation again for it; issue 33).
    credit_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin

    @property
    def is_person(self) -> bool:
        return self.via in ("session", "terminal")

    @property
    def across_associations(self) -> bool:
        """Works across every association's tenants: the platform operator (admins) and whoever runs the command
        line on the server (it holds the database anyway). Everyone else stays inside their association."""
        return self.role == Role.admin or self.via == "terminal"

    def has_scopes(self, *scopes: Scope) -> bool:
        return set(scopes) <= self.scopes

    @property
    def enterprise_id(self) -> str | None:
        """What domain rows call ``enterprise_id``: the enterprise organisation's id."""
        return self.org_id if self.org_kind == OrgKind.enterprise else None

    def pipeline_fields(self) -> dict[str, str | None]:
        """Fields for ``pipeline.schemas.Actor(**...)``: there an enterprise is known by its enterprise id and a
        center coordinator's ``org`` is the center id; other actors by their user (or key) id."""
        ident = self.enterprise_id or self.user_id or self.key_id or self.org_id
        return {"role": self.role.value, "id": ident, "org": self.center_id}

    def audit_label(self) -> str:
        who = self.username or self.user_id or (f"key:{self.key_id}" if self.key_id else "-")
        return f"{self.role.value}:{who}@{self.org_id}"


class Acting(Protocol):
    """What the workflow knows of an actor (``pipeline.schemas.Actor`` and the CLI's ``--as``): a role, an id, for
    a center coordinator the center, and for association staff and keys their ``reach``: the needs they may see the
    reviews and engagements of (None: no limit — the platform operator, the terminal, and those not of an
    association, whose own rules apply). The workflow rules read only these."""

    @property
    def role(self) -> Role: ...

    @property
    def id(self) -> str: ...

    @property
    def org(self) -> str | None: ...

    @property
    def reach(self) -> frozenset[str] | None: ...
