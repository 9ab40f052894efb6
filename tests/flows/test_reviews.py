"""The association's review of a need's proposals (``flows.reviews``): a decline undone within its round (issue 30,
item 3) stays on record with who undid it, and the center may then be accepted; a need sent back as unclear is
re-matched once the enterprise answered, in a new round, and may be given to a provider by hand. Who may be assigned
by hand is tests/flows/test_flows_assign_rule.py's; the HTTP answers and the review page are tests/api's
(test_api_undo_decline.py, test_api_domain_coordination.py)."""

from __future__ import annotations

import pytest

from core.db import session_scope
from core.errors import ConflictError, NotFoundError, PermissionDeniedError
from flows import needs as needs_flow
from flows import reviews
from pipeline.schemas import ReviewStatus, ReviewView
from tests.flows.flowhelpers import Flows


def _decline(flows: Flows, review_id: str, center: str) -> ReviewView:
    version = flows.review(review_id).version
    with session_scope(flows.settings) as session:
        return reviews.reject(session=session, principal=flows("coord-assoc"), review_id=review_id,
                              reason="not_suitable", text="点错了", center_id=center, version=version,
                              outbox=flows.outbox)


def _undo(flows: Flows, who: str, review_id: str, center: str, version: int) -> ReviewView:
    with session_scope(flows.settings) as session:
        return reviews.undo_decline(session=session, principal=flows(who), review_id=review_id, center_id=center,
                                    version=version)


def test_a_decline_is_undone_by_the_association_and_stays_on_record(flows: Flows) -> None:
    _, review_id = flows.submitted_need()
    center = flows.review(review_id).proposals[0].center_id
    declined = _decline(flows, review_id, center)
    assert [d.center_id for d in declined.declined] == [center]
    with pytest.raises(ConflictError):  # declined: not accepted
        flows.accept(review_id, center)

    with pytest.raises((PermissionDeniedError, NotFoundError)):  # a center does not undo
        _undo(flows, "coord-center", review_id, center, declined.version)
    undone = _undo(flows, "coord-assoc", review_id, center, declined.version)
    assert undone.declined == [] and undone.version == declined.version + 1
    with pytest.raises(ConflictError) as twice:
        _undo(flows, "coord-assoc", review_id, center, undone.version)
    assert twice.value.field == "center_id"
    with pytest.raises(ConflictError):  # a stale version
        _undo(flows, "coord-assoc", review_id, center, declined.version)

    # The round's history keeps the decline, and who undid it.
    [on_record] = [d for r in flows.review(review_id).rounds for d in r.declined]
    assert on_record.reason == "not_suitable" and on_record.text == "点错了"
    assert on_record.undone_by and on_record.undone_at
    assert flows.accept(review_id, center).status == ReviewStatus.accepted


def test_reject_as_unclear_then_rematch_after_the_need_changed_then_assign_by_hand(flows: Flows) -> None:
    assoc = flows("coord-assoc")
    need_id, review_id = flows.submitted_need()
    with session_scope(flows.settings) as session:
        unclear = reviews.reject(session=session, principal=assoc, review_id=review_id, reason="need_unclear",
                                 text="请说明样品数量", center_id=None, version=1, outbox=flows.outbox)
    assert unclear.status == ReviewStatus.rejected

    def rematch(version: int, note: str | None = None) -> ReviewView:
        with session_scope(flows.settings) as session:
            return reviews.rematch(session=session, settings=flows.settings, matcher=flows.matcher, principal=assoc,
                                   review_id=review_id, note=note, version=version, outbox=flows.outbox)

    with pytest.raises(ConflictError) as stale:
        rematch(1)
    assert stale.value.code == "stale_version"
    with session_scope(flows.settings) as session:
        needs_flow.edit_need(session=session, principal=flows("ent-a"), need_id=need_id,
                             changes={"problem": "样品 20 只电芯"}, outbox=flows.outbox)
    again = rematch(2, "已补充")
    assert again.round == 2 and again.status == ReviewStatus.pending and again.proposals
    assert len(flows.review(review_id).rounds) == 2
    assert flows.outcome(need_id).status == "in_review"  # published again

    with session_scope(flows.settings) as session:
        assigned = reviews.assign(session=session, principal=assoc, review_id=review_id, center_id="met-jx-rare",
                                  note="企业指定", alternates=[], version=3, outbox=flows.outbox,
                                  confirm_no_coordinator=True)  # nobody logs in for it here
    assert assigned.assigned_by_hand is True and assigned.assign_note == "企业指定"
    result = flows.outcome(need_id)
    assert result.review is not None and result.review.accepted_center_id == "met-jx-rare"
    with session_scope(flows.settings) as session, pytest.raises(ConflictError):  # a provider took it
        needs_flow.withdraw_need(session=session, principal=flows("ent-a"), need_id=need_id,
                                 outbox=flows.outbox)
