"""The one vocabulary of events, and the states of a delivery.

A use case announces an event (``flows``) and a subscription asks for one by the same value (the webhooks), so both
read this enum: two copies drifted apart before (issue 32). It lives here, below the flows, because the outbox
stores and filters by it and must not import the flows that announce.
"""

from __future__ import annotations

from enum import StrEnum


class DomainEvent(StrEnum):
    need_published = "need.published"  # a need was refined and published (payload: the redacted public view)
    match_accepted = "match.accepted"  # a coordinator accepted a match for a need
    engagement_state_changed = "engagement.state_changed"  # an engagement moved along seed 000 Figure 1
    review_proposed = "review.proposed"  # a center was proposed for a need (to that center and the associations)
    complaint_filed = "complaint.filed"  # a client complained about an engagement (to its parties)
    complaint_overdue = "complaint.overdue"  # a complaint's handling is past its deadline (once a day, to its parties)
    engagement_overdue = "engagement.overdue"  # an engagement is past its deadline (once a day, to its parties)
    message_posted = "engagement.message_posted"  # a party wrote in the engagement's thread (no text in the payload)
    obligation_due = "provider.obligation_due"  # a provider's obligation falls due or is overdue (once a day)
    transition_proposed = "provider.transition_proposed"  # a lifecycle step proposed to the association
    finding_overdue = "provider.finding_overdue"  # a finding's corrective action is past its deadline (once a day)
    need_refined = "need.refined"  # the LLM pass at submission filled fields left empty (payload: which fields)
    need_corrected = "need.corrected"  # the association's coordinator corrected a need's key fields under review
    # (payload: each field's old and new value), to the enterprise
    need_sent_back = "need.sent_back"  # the association sent a need back as unclear, with its question
    complaint_handled = "complaint.handled"  # the provider (or the association) recorded a complaint's handling
    rectification_ordered = "provider.rectification_ordered"  # the association ordered a provider to rectify
    finding_opened = "provider.finding_opened"  # a rating run found a weak indicator: a corrective action is owed
    complaint_reopened = "complaint.reopened"  # the client did not accept a complaint's handling, with its reason
    complaint_closed = "complaint.closed"  # the client confirmed the handling, or the association closed it after
    # the confirmation period
    provider_status_changed = "provider.status_changed"  # a provider's lifecycle step was taken (a decision, or its
    # own withdrawal): its state and the catalog status it shows as, for association websites that list providers
    entry_change_decided = "provider.entry_change_decided"  # the association approved or refused a catalog entry change
    obligation_set = "provider.obligation_set"  # the association set an obligation by hand (a report, a visit)
    filing_received = "provider.filing_received"  # a plan or report was filed against an obligation
    filing_reviewed = "provider.filing_reviewed"  # the association reviewed (scored) a filed plan or report
    need_offered = "need.offered"  # a need just published fits a provider (its public view, to that provider alone)
    decision_prepared = "provider.decision_prepared"  # the association prepared a decision for the authority its
    # provider's rules profile gives it to (to that authority's organisations covering the provider)
    need_unpublished = "need.unpublished"  # a need left the public feed (withdrawn, matched, sent back): to every
    # subscriber, as need.published (payload: its id, the reason's code and when; nothing of the need)
    engagement_rated = "engagement.rated"  # the client rated the service: its satisfaction and/or its questionnaire
    # (payload: the engagement, need and center, the feedback's id, the satisfaction or none, whether it answered
    # the questionnaire; no answers), to the engagement's parties


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its first attempt or its next retry
    delivered = "delivered"  # the receiver answered 2xx
    failed = "failed"  # out of attempts, or its subscription was switched off


HEADER_EVENT = "X-Innodock-Event"
HEADER_DELIVERY = "X-Innodock-Delivery"
HEADER_TIMESTAMP = "X-Innodock-Timestamp"
HEADER_SIGNATURE = "X-Innodock-Signature"
HEADER_SIGNATURE_VERSION = "X-Innodock-Signature-Version"
