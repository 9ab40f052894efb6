"""A need submitted and withdrawn (``flows.needs.submit_need``, ``withdraw_need``): submitting publishes the need,
matches it and queues its review for the association, once; a need the submission rule holds back is refused naming
the field, with nothing published; only its enterprise submits it; a need withdrawn before a provider took it leaves
the queue and cannot be submitted again. The HTTP journey is tests/api/test_api_domain_flow.py's."""

from __future__ import annotations

import pytest

from core.db import session_scope
from core.errors import ConflictError, InnodockError, NotFoundError
from flows import needs as needs_flow
from flows import reviews
from intake.schemas import NeedStatus
from pipeline.schemas import ReviewStatus
from tests.flows.flowhelpers import Flows


def _queue(flows: Flows) -> list[str]:
    """The association's queue: the reviews waiting for it."""
    with session_scope(flows.settings) as session:
        items, total = reviews.queue(session=session, principal=flows("coord-assoc"), status=ReviewStatus.pending)
    assert total == len(items)
    return [r.id for r in items]


def test_submitting_publishes_matches_and_queues_the_need_once(flows: Flows) -> None:
    need_id = flows.create_need(title="电芯热失控试验")
    with pytest.raises(NotFoundError):  # another enterprise's need does not exist to it
        flows.submit(need_id, who="ent-b")
    submitted = flows.submit(need_id)
    assert submitted.public.title == "电芯热失控试验" and submitted.need.status == NeedStatus.in_review
    assert submitted.review.status == ReviewStatus.pending and submitted.review.need_id == need_id
    assert _queue(flows) == [submitted.review.id]
    best = flows.review(submitted.review.id).proposals[0]
    assert best.center_id == "qic-js-battery" and best.reasons
    result = flows.outcome(need_id)
    assert result.review is not None and result.review.status == ReviewStatus.pending
    with pytest.raises(ConflictError) as again:
        flows.submit(need_id)
    assert again.value.code == "already_submitted"
    # The need's state in words, each language its own (the enterprise's day, 2026-11-28: "需求状态为 closed，不能修改")
    zh, _, en = again.value.message.partition(" / ")
    assert "审核中" in zh and "in review" in en and "in_review" not in again.value.message, again.value.message
    assert _queue(flows) == [submitted.review.id]


def test_a_need_the_submission_rule_holds_back_is_refused_and_nothing_is_published(flows: Flows) -> None:
    need_id = flows.create_need(text="想找机构帮忙", service_types=[])
    with pytest.raises(InnodockError) as held:
        flows.submit(need_id)
    assert held.value.field and held.value.code
    assert flows.outcome(need_id).status == NeedStatus.draft and _queue(flows) == []
    with session_scope(flows.settings) as session, pytest.raises(NotFoundError):
        needs_flow.public_need(session=session, need_id=need_id)


def test_withdrawing_a_pending_need_takes_it_out_of_the_queue(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    with session_scope(flows.settings) as session:
        withdrawn = needs_flow.withdraw_need(session=session, principal=flows("ent-a"), need_id=need_id,
                                             outbox=flows.outbox)
    assert withdrawn.status == NeedStatus.withdrawn
    assert flows.review(review_id).status == ReviewStatus.rejected and _queue(flows) == []
    with pytest.raises(ConflictError):
        flows.submit(need_id)
