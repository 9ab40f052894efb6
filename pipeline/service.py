"""The pipeline's service functions: the only way other packages (api, cli, matcher, evaluation) use it.

All functions are keyword-only and take an open ``Session``; the caller owns the transaction
(``core.db.session_scope``), so a refused step rolls back with everything the caller did around it.
"""

from __future__ import annotations

from pipeline.complaints import (
    COMPLAINT,
    close_lapsed_complaint,
    confirm_complaint,
    confirmation_due,
    record_complaint_handling,
    reopen_complaint,
)
from pipeline.engagements import (
    advance,
    engagements_by_id,
    get_engagement,
    history,
    list_engagements,
    open_engagement,
    open_engagement_counts,
    overdue_engagements,
    verify_history,
)
from pipeline.labels import declined_as_unsuitable, review_labels
from pipeline.machine import final_states, states
from pipeline.messages import list_messages, post_message, read_file, store_delivery_files
from pipeline.offers import can_help, list_offers, record_help, record_offers, told_today
from pipeline.outcomes import engagement_outcomes, show_engagement
from pipeline.records import (
    latest_agreement_view,
    overdue_complaints,
    public_cases,
    record_agreement,
    record_delivery,
    record_feedback,
    record_team,
    set_case_consent,
)
from pipeline.reviews import (
    ACCEPT_REASON_MAX,
    accept,
    as_seen_by_center,
    assign_by_hand,
    express_interest,
    get_review,
    list_reviews,
    queued_reviews,
    redock,
    reject,
    rematch,
    review_for_need,
    review_page,
    review_parties,
    review_parties_of,
    reviews_by_id,
    reviews_for_needs,
    submit_proposals,
    undo_decline,
)

__all__ = [
    "ACCEPT_REASON_MAX",
    "COMPLAINT",
    "accept",
    "advance",
    "as_seen_by_center",
    "assign_by_hand",
    "can_help",
    "close_lapsed_complaint",
    "confirm_complaint",
    "confirmation_due",
    "declined_as_unsuitable",
    "engagement_outcomes",
    "engagements_by_id",
    "express_interest",
    "final_states",
    "get_engagement",
    "get_review",
    "history",
    "latest_agreement_view",
    "list_engagements",
    "list_messages",
    "list_offers",
    "list_reviews",
    "open_engagement",
    "open_engagement_counts",
    "overdue_complaints",
    "overdue_engagements",
    "post_message",
    "public_cases",
    "queued_reviews",
    "read_file",
    "record_agreement",
    "record_complaint_handling",
    "record_delivery",
    "record_feedback",
    "record_help",
    "record_offers",
    "record_team",
    "redock",
    "reject",
    "rematch",
    "reopen_complaint",
    "review_for_need",
    "review_labels",
    "review_page",
    "review_parties",
    "review_parties_of",
    "reviews_by_id",
    "reviews_for_needs",
    "set_case_consent",
    "show_engagement",
    "states",
    "store_delivery_files",
    "submit_proposals",
    "told_today",
    "undo_decline",
    "verify_history",
]
