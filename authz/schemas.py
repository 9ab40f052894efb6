"""Wire shapes of the authorization layer: consents, detail grants and audit entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

GrantBasis = Literal["agreement", "enterprise"]


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    association_org_id: str = Field(min_length=1, max_length=36, pattern=r"^[^\x00-\x1f]*$",
                                    description="协会组织编号 / the association organisation's id")
    note: str | None = Field(default=None, max_length=500, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$")


class ConsentOut(BaseModel):
    id: str
    enterprise_org_id: str
    association_org_id: str
    granted_by: str
    granted_at: datetime
    note: str | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class GrantOut(BaseModel):
    id: str
    need_id: str
    center_id: str
    basis: GrantBasis
    reference: str | None = None
    granted_by: str
    granted_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None


class AuditOut(BaseModel):
    id: int
    at: datetime
    action: str
    outcome: Literal["ok", "refused"]
    actor: str
    actor_org_id: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    address: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
