"""The text of a capability as the matcher reads it, in one place so dense and lexical indexes agree.

A capability's own words come first (title, description, industries, standards), then its center's name, region and
industries: a need often names the sector or the place rather than the test, and those live on the center.
"""

from __future__ import annotations

from kb.schemas import CapabilityRecord, CenterRecord


def _join(items: list[str] | None) -> str:
    return "、".join(items or [])


def capability_text(cap: CapabilityRecord, center: CenterRecord | None) -> str:
    parts = [cap.title.strip()]
    if cap.description:
        parts.append(cap.description.strip())
    if cap.industries:
        parts.append("行业：" + _join(cap.industries))
    if cap.standards:
        parts.append("标准：" + _join(cap.standards))
    if center is not None:
        line = "机构：" + center.name
        if center.region:
            line += "（" + center.region + "）"
        parts.append(line)
        if center.industries:
            parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts if p) + "。"


PROFILE_PREFIX = "@center:"


def profile_id(center_id: str) -> str:
    """Document id of a center's profile; "@" cannot start a kb id, so it never collides with a capability."""
    return PROFILE_PREFIX + center_id


def profile_center(doc_id: str) -> str | None:
    return doc_id[len(PROFILE_PREFIX):] if doc_id.startswith(PROFILE_PREFIX) else None


def center_profile_text(center: CenterRecord) -> str | None:
    """A center's own description as a searchable document: many real centers describe what they do there
    rather than in capability records. None when the center has no description."""
    if not center.description or not center.description.strip():
        return None
    parts = [center.name + (f"（{center.region}）" if center.region else ""), center.description.strip()]
    if center.industries:
        parts.append("服务产业：" + _join(center.industries))
    return "。".join(p.rstrip("。") for p in parts) + "。"
