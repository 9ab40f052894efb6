"""kb-v1 records as pydantic models: the contract of ../shared/formats/kb-v1.md.

Every optional field defaults to ``None`` meaning "absent", so a merge can tell "not given" from a value,
and an export writes back only what was there. Unknown fields are allowed and travel in ``extra``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from kb.vocab import CenterKind, CenterStatus, Degree, ServiceType, TitleLevel

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)

RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
RecordType = Literal["center", "capability", "expert"]
RECORD_TYPES: tuple[RecordType, ...] = ("center", "capability", "expert")


def _clean_list(value: Any) -> Any:
    """Strip items and drop empty ones; a list of strings is the only list kb-v1 has."""
    if isinstance(value, list):
        out = []
        for item in value:
            if not isinstance(item, str):
                raise ValueError("list items must be strings")
            item = item.strip()
            if item:
                out.append(item)
        return out
    return value


class KbRecord(BaseModel):
    """Fields shared by the three record types."""

    model_config = ConfigDict(extra="allow", use_enum_values=False, str_strip_whitespace=True)

    record_type: ClassVar[RecordType]
    list_fields: ClassVar[tuple[str, ...]] = ()
    int_fields: ClassVar[tuple[str, ...]] = ()
    object_fields: ClassVar[tuple[str, ...]] = ()

    id: RecordId

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})

    def known_fields_set(self) -> set[str]:
        return {name for name in self.model_fields_set if name in type(self).model_fields}

    def to_record(self) -> dict[str, Any]:
        """The kb-v1 JSON object, without absent fields, unknown fields included."""
        data: dict[str, Any] = {"type": self.record_type}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None:
                continue
            data[name] = value.value if hasattr(value, "value") else value
            if isinstance(value, list):
                data[name] = [v.value if hasattr(v, "value") else v for v in value]
        data.update(self.extra)
        return data


class CenterRecord(KbRecord):
    record_type: ClassVar[RecordType] = "center"
    list_fields: ClassVar[tuple[str, ...]] = ("industries", "qualifications", "expert_pools")
    int_fields: ClassVar[tuple[str, ...]] = ("capacity",)
    object_fields: ClassVar[tuple[str, ...]] = ("contact",)

    name: Text
    kind: CenterKind
    status: CenterStatus | None = None
    region: str | None = None
    industries: list[str] | None = None
    qualifications: list[str] | None = None
    expert_pools: list[str] | None = None
    description: str | None = None
    capacity: Annotated[int, Field(ge=0)] | None = None
    contact: dict[str, Any] | None = None

    _clean = field_validator("industries", "qualifications", "expert_pools", mode="before")(_clean_list)

    @property
    def effective_status(self) -> CenterStatus:
        return self.status or CenterStatus.operating


class CapabilityRecord(KbRecord):
    record_type: ClassVar[RecordType] = "capability"
    list_fields: ClassVar[tuple[str, ...]] = ("service_types", "industries", "standards", "qualifications")

    center_id: RecordId
    title: Text
    description: str | None = None
    service_types: Annotated[list[ServiceType], Field(min_length=1)]
    industries: list[str] | None = None
    standards: list[str] | None = None
    qualifications: list[str] | None = None

    _clean = field_validator("industries", "standards", "qualifications", mode="before")(_clean_list)

    @field_validator("service_types", mode="before")
    @classmethod
    def _strip_types(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v.strip() if isinstance(v, str) else v for v in value if not (isinstance(v, str) and not v.strip())]
        return value


class ExpertRecord(KbRecord):
    record_type: ClassVar[RecordType] = "expert"
    list_fields: ClassVar[tuple[str, ...]] = ("pools", "conflicts", "fields")
    int_fields: ClassVar[tuple[str, ...]] = ("years_experience", "led_projects")

    name: Text
    center_id: RecordId | None = None
    pools: list[str] | None = None
    affiliation: str | None = None
    conflicts: list[str] | None = None
    title_level: TitleLevel | None = None
    degree: Degree | None = None
    years_experience: Annotated[int, Field(ge=0)] | None = None
    led_projects: Annotated[int, Field(ge=0)] | None = None
    fields: list[str] | None = None
    bio: str | None = None

    _clean = field_validator("pools", "conflicts", "fields", mode="before")(_clean_list)


RECORD_MODELS: dict[RecordType, type[KbRecord]] = {
    "center": CenterRecord,
    "capability": CapabilityRecord,
    "expert": ExpertRecord,
}

REQUIRED_FIELDS: dict[RecordType, tuple[str, ...]] = {
    t: tuple(name for name, f in m.model_fields.items() if f.is_required()) for t, m in RECORD_MODELS.items()
}


class KbStats(BaseModel):
    version: int
    centers: int
    capabilities: int
    experts: int
    centers_by_kind: dict[str, int]
    centers_by_status: dict[str, int]
    capabilities_by_service_type: dict[str, int]
    industries: int
    regions: dict[str, int]
