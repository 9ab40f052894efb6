"""kb-v1 records as pydantic models: the contract of ../shared/formats/kb-v1.md.

Every optional field defaults to ``None`` meaning "absent", so a merge can tell "not given" from a value,
and an export writes back only what was there. Unknown fields are allowed and travel in ``extra``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from kb.vocab import RECORD_FIELD_LABELS, CenterKind, CenterStatus, Degree, ServiceType, TitleLevel

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


class StationHead(BaseModel):
    """A station's head (站长, seed 003 art. 5(三)): their post in the host organisation, whether it is a
    middle-management post or above, years of quality practice, and the head's certificate the association issues
    after assessing them (art. 17: valid three years)."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    name: Text
    post: str | None = None
    middle_management: bool | None = None
    years_quality: Annotated[int, Field(ge=0)] | None = None
    certificate: str | None = None
    certificate_valid_until: date | None = None


class CenterRecord(KbRecord):
    record_type: ClassVar[RecordType] = "center"
    list_fields: ClassVar[tuple[str, ...]] = ("industries", "qualifications", "expert_pools")
    int_fields: ClassVar[tuple[str, ...]] = ("capacity", "staff_total", "staff_innovation",
                                             "staff_innovation_advanced", "staff_full_time", "staff_part_time")
    object_fields: ClassVar[tuple[str, ...]] = ("contact", "head")

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
    # Staff (seed 000 §4.2.2(2): innovation-service staff ≥ 40 % of all, ≥ 20 % of them master's or associate-senior
    # and above; seed 003 art. 5(四): a station has ≥ 1 full-time and ≥ 2 part-time staff) and a station's head.
    staff_total: Annotated[int, Field(ge=0)] | None = None
    staff_innovation: Annotated[int, Field(ge=0)] | None = None
    staff_innovation_advanced: Annotated[int, Field(ge=0)] | None = None
    staff_full_time: Annotated[int, Field(ge=0)] | None = None
    staff_part_time: Annotated[int, Field(ge=0)] | None = None
    head: dict[str, Any] | None = None

    _clean = field_validator("industries", "qualifications", "expert_pools", mode="before")(_clean_list)

    @field_validator("head", mode="before")
    @classmethod
    def _head(cls, value: Any) -> Any:
        """Checked as a :class:`StationHead`, kept as the plain object kb-v1 stores (dates as ISO text)."""
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ValueError("head 应为对象 / head must be an object")
        return StationHead.model_validate(value).model_dump(mode="json", exclude_none=True)

    @field_validator("staff_innovation", "staff_innovation_advanced")
    @classmethod
    def _staff_within(cls, value: int | None, info: ValidationInfo) -> int | None:
        """Innovation staff within all staff, the advanced within the innovation staff (seed 000 §4.2.2(2)). A
        field's check, so the refusal names the field the page marks, said with the form's own labels and the numbers
        typed: "Value error, staff_innovation 不能多于 staff_total" named keys no form shows (a new user in Chromium,
        2026-11-29)."""
        within = "staff_total" if info.field_name == "staff_innovation" else "staff_innovation"
        limit = info.data.get(within)
        if value is None or limit is None or value <= limit:
            return value
        (zh, en), (zh_within, en_within) = RECORD_FIELD_LABELS[str(info.field_name)], RECORD_FIELD_LABELS[within]
        raise ValueError(f"{zh}（{value}）不能多于{zh_within}（{limit}） / {en} ({value}) cannot be more than "
                         f"{en_within} ({limit})")

    @field_validator("staff_full_time")
    @classmethod
    def _full_time_within_all(cls, value: int | None, info: ValidationInfo) -> int | None:
        """500 full-time of 120 in all was taken from the provider's own form (a new center's day, 2026-11-28). A
        field's check, so the error names the field (the page marks it); whether part-time staff count towards the
        total is said nowhere, so only full-time is held to it."""
        total = info.data.get("staff_total")
        if value is not None and total is not None and value > total:
            raise ValueError(f"专职人员 {value} 人，多于全部人员 {total} 人 / {value} full-time staff, more than the "
                             f"{total} staff in all")
        return value

    @property
    def station_head(self) -> StationHead | None:
        return StationHead.model_validate(self.head) if self.head else None

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

    @property
    def has_text(self) -> bool:
        """Whether anything says what the expert knows: fields, bio, a title or an affiliation. kb-v1 requires only
        the name, so a record without any of them is valid, but no need can be matched to it by content; the
        importer warns about it and the matcher lists it apart instead of ranking it on nothing."""
        return bool(self.fields or (self.bio and self.bio.strip()) or (self.affiliation and self.affiliation.strip())
                    or (self.title_level is not None and self.title_level != TitleLevel.none))


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
    # Per seed rule on a provider's staff (kb.rules.center_compliance): how many centers meet it, fall short of it,
    # and cannot be checked for want of data.
    compliance: dict[str, dict[str, int]] = Field(default_factory=dict)
