"""The pipeline's closed vocabularies — roles, review statuses, reject reasons — with Chinese and English labels."""

from __future__ import annotations

from enum import StrEnum

from authz.vocab import ROLE_LABELS, Role  # one role vocabulary (and its labels) for the whole service

__all__ = ["REJECT_REASON_LABELS", "REVIEW_STATUS_LABELS", "ROLE_LABELS", "RejectReason",
           "ReviewStatus", "Role"]

class ReviewStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


REVIEW_STATUS_LABELS: dict[ReviewStatus, tuple[str, str]] = {
    ReviewStatus.pending: ("待审核", "pending"),
    ReviewStatus.accepted: ("已接受", "accepted"),
    ReviewStatus.rejected: ("已驳回", "rejected"),
}


class RejectReason(StrEnum):
    not_suitable = "not_suitable"
    no_capacity = "no_capacity"
    conflict_of_interest = "conflict_of_interest"
    need_unclear = "need_unclear"
    provider_declined = "provider_declined"
    other = "other"


REJECT_REASON_LABELS: dict[RejectReason, tuple[str, str]] = {
    RejectReason.not_suitable: ("机构不适合该需求", "provider not suitable"),
    RejectReason.no_capacity: ("机构无余力承接", "provider has no capacity"),
    RejectReason.conflict_of_interest: ("存在利益冲突", "conflict of interest"),
    RejectReason.need_unclear: ("需求不清，需补充", "need unclear"),
    RejectReason.provider_declined: ("机构婉拒", "provider declined"),
    RejectReason.other: ("其他", "other"),
}
