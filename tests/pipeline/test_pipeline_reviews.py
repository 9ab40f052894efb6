"""Coordinator review of proposals: queue, accept with alternates, structured rejections, re-matching with history,
assigning by hand; plus the figures other packages read (capacity counts, overdue flags, outcomes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pipeline_helpers import (
    AGREEMENT,
    ASSOC,
    CENTER_CO,
    CENTER_ID,
    ENTERPRISE,
    ENTERPRISE_ID,
    ENTERPRISE_NAME,
    FULL_PATH,
    HAND_CENTER_ID,
    OTHER_CENTER_CO,
    OTHER_CENTER_ID,
    OTHER_ENTERPRISE,
    advance,
    drive,
    drive_to,
    open_engagement,
    proposals,
)

from core import china_time
from core.db import session_scope
from core.errors import ConflictError, InnodockError, NotFoundError, PermissionDeniedError
from core.settings import Settings
from pipeline import service
from pipeline.schemas import ReviewView
from pipeline.vocab import RejectReason, ReviewStatus


def submit(settings: Settings, need_id: str = "need-r", enterprise_id: str = ENTERPRISE_ID) -> ReviewView:
    with session_scope(settings) as session:
        return service.submit_proposals(session=session, need_id=need_id, actor=ASSOC, proposals=proposals(),
                                        enterprise_id=enterprise_id, enterprise_name=ENTERPRISE_NAME)


def test_queue_accept_with_alternates(kb_settings: Settings) -> None:
    review = submit(kb_settings)
    assert review.status == ReviewStatus.pending and [p.center_id for p in review.proposals] == [CENTER_ID,
                                                                                                   OTHER_CENTER_ID]
    with session_scope(kb_settings) as session:
        assert [r.id for r in service.list_reviews(session=session, actor=ASSOC, status="pending")] == [review.id]
        done = service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC,
                              alternates=[OTHER_CENTER_ID, CENTER_ID])
        assert service.list_reviews(session=session, actor=ASSOC, status="pending") == []
        eng = service.get_engagement(session=session, engagement_id=done.engagement_id or "", actor=ENTERPRISE)
    assert done.alternates == [OTHER_CENTER_ID] and done.decided_by == ASSOC.label()
    assert (eng.state, eng.version, eng.center_id, eng.enterprise_id) == ("communicating", 1, CENTER_ID,
                                                                          ENTERPRISE_ID)
    with session_scope(kb_settings) as session, pytest.raises(ConflictError) as info:
        service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC)
    assert info.value.code == "review_closed"


def test_bad_accepts(lite: Settings) -> None:
    review = submit(lite)
    with session_scope(lite) as session:
        with pytest.raises(InnodockError) as info:
            service.accept(session=session, review_id=review.id, center_id=HAND_CENTER_ID, actor=ASSOC)
        assert info.value.field == "center_id" and "assign_by_hand" in info.value.message
        with pytest.raises(PermissionDeniedError):
            service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ENTERPRISE)
        with pytest.raises(NotFoundError):
            service.accept(session=session, review_id="rev-missing", center_id=CENTER_ID, actor=ASSOC)
    with session_scope(lite) as session, pytest.raises(ConflictError) as dup:
        service.submit_proposals(session=session, need_id="need-r", actor=ASSOC, proposals=proposals())
    assert dup.value.code == "review_exists"
    with session_scope(lite) as session, pytest.raises(InnodockError) as bad:
        service.submit_proposals(session=session, need_id="need-bad", actor=ASSOC,
                                 proposals=[{"center_name": "无编号"}])
    assert bad.value.field == "proposals[0].center_id"


def test_a_provider_never_serves_itself(lite: Settings) -> None:
    review = submit(lite, need_id="need-self", enterprise_id=CENTER_ID)
    with session_scope(lite) as session, pytest.raises(ConflictError) as info:
        service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC)
    assert info.value.code == "conflict_of_interest"


def test_reject_rematch_keeps_history_and_the_enterprise_sees_why(kb_settings: Settings) -> None:
    review = submit(kb_settings)
    with session_scope(kb_settings) as session:
        with pytest.raises(InnodockError) as info:
            service.reject(session=session, review_id=review.id, actor=ASSOC, reason="other")
        assert info.value.field == "text"
        # The English page read "Reason 'other' needs a text" (the code's value in quotes; the association's day,
        # 2026-11-29): each half names the reason as its form offers it and what is wanted
        assert info.value.message == ("理由为“其他”时须写明说明 / With the reason “other”, write an explanation")
        with pytest.raises(InnodockError):
            service.reject(session=session, review_id=review.id, actor=ASSOC, reason="bored")
    with session_scope(kb_settings) as session:
        # A center coordinator may decline its own proposal, not another's.
        service.reject(session=session, review_id=review.id, actor=OTHER_CENTER_CO,
                       reason=RejectReason.provider_declined, center_id=OTHER_CENTER_ID, text="设备检修中")
        with pytest.raises(InnodockError):
            service.reject(session=session, review_id=review.id, actor=OTHER_CENTER_CO,
                           reason=RejectReason.provider_declined, center_id=CENTER_ID)
    with session_scope(kb_settings) as session:
        rejected = service.reject(session=session, review_id=review.id, actor=ASSOC,
                                  reason=RejectReason.need_unclear, text="需补充电池簇规格")
        with pytest.raises(ConflictError):
            service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC)
    assert rejected.status == ReviewStatus.rejected and rejected.reject_reason == RejectReason.need_unclear

    with session_scope(kb_settings) as session:
        seen = service.get_review(session=session, review_id=review.id, actor=ENTERPRISE)
        with pytest.raises(NotFoundError):
            service.get_review(session=session, review_id=review.id, actor=OTHER_ENTERPRISE)
    assert [(d.center_id, d.reason.value) for d in seen.declined] == [(OTHER_CENTER_ID, "provider_declined"),
                                                                        (None, "need_unclear")]

    new = {"matches": [proposals()["matches"][1]], "low_confidence": True}
    with session_scope(kb_settings) as session:
        again = service.rematch(session=session, review_id=review.id, actor=ASSOC, proposals=new,
                                note="企业补充了电池簇规格")
        full = service.get_review(session=session, review_id=review.id, actor=ASSOC)
        done = service.accept(session=session, review_id=review.id, center_id=OTHER_CENTER_ID, actor=ASSOC)
    assert (again.status, again.round, again.low_confidence, again.reject_reason) == (ReviewStatus.pending, 2, True,
                                                                                      None)
    assert [r.round for r in full.rounds] == [1, 2]
    assert len(full.rounds[0].proposals) == 2 and len(full.rounds[0].declined) == 2
    assert full.rounds[1].note == "企业补充了电池簇规格" and full.rounds[1].declined == []
    assert done.accepted_center_id == OTHER_CENTER_ID


def test_assign_by_hand(kb_settings: Settings) -> None:
    review = submit(kb_settings)
    with session_scope(kb_settings) as session:
        with pytest.raises(InnodockError) as info:
            service.assign_by_hand(session=session, review_id=review.id, center_id=HAND_CENTER_ID, actor=ASSOC,
                                   note=" ")
        assert info.value.field == "note"
        with pytest.raises(NotFoundError):
            service.assign_by_hand(session=session, review_id=review.id, center_id="nowhere", actor=ASSOC,
                                   note="x")
    with session_scope(kb_settings) as session:
        done = service.assign_by_hand(session=session, review_id=review.id, center_id=HAND_CENTER_ID, actor=ASSOC,
                                      note="企业指定长期合作平台")
        eng = service.get_engagement(session=session, engagement_id=done.engagement_id or "", actor=ASSOC)
    assert done.assigned_by_hand and done.assign_note == "企业指定长期合作平台"
    assert eng.center_id == HAND_CENTER_ID and eng.center_name == "食品检验检测公共技术服务平台（测试）"


def test_capacity_counts_overdue_flags_and_outcomes(kb_settings: Settings) -> None:
    first = open_engagement(kb_settings, need_id="need-a")
    second = open_engagement(kb_settings, need_id="need-b")
    with session_scope(kb_settings) as session:
        assert service.open_engagement_counts(session=session) == {CENTER_ID: 2}

    drive_to(kb_settings, first, "agreed")
    # A deadline ahead of the real today (signing refuses one already past), then looked at from 4 days after it.
    due = china_time.today() + timedelta(days=5)
    advance(kb_settings, first, "sign_agreement", CENTER_CO, {"agreement": {**AGREEMENT, "deadline": due.isoformat()}})
    today = due + timedelta(days=4)
    with session_scope(kb_settings) as session:
        late = service.overdue_engagements(session=session, today=today)
        listed = {e.id: e.overdue for e in service.list_engagements(session=session, actor=ASSOC, today=today)}
        only = service.list_engagements(session=session, actor=ASSOC, today=today, overdue_only=True)
        assert service.overdue_engagements(session=session, today=due) == []
    assert [(o.engagement_id, o.days_overdue) for o in late] == [(first, 4)]
    assert listed == {first: True, second: False} and [e.id for e in only] == [first]

    advance(kb_settings, first, "terminate", ASSOC, {"reason": "企业破产"})
    drive(kb_settings, second, len(FULL_PATH))
    with session_scope(kb_settings) as session:
        assert service.open_engagement_counts(session=session) == {}
        assert service.overdue_engagements(session=session, today=today) == []
        outcomes = {o.engagement_id: o for o in service.engagement_outcomes(session=session)}
        closed = service.engagement_outcomes(session=session, closed_only=True)
    assert outcomes[first].state == "terminated" and outcomes[first].closed_on is None
    assert outcomes[first].repeat_client is False and outcomes[second].repeat_client is True
    assert outcomes[second].accepted_first_try is False and outcomes[second].on_time is True
    assert outcomes[second].satisfaction is None and outcomes[second].complaint is False
    assert [o.engagement_id for o in closed] == [second]


def test_review_decisions_are_version_checked(kb_settings: Settings) -> None:
    review = submit(kb_settings)
    assert review.version == 1
    with session_scope(kb_settings) as session:
        declined = service.reject(session=session, review_id=review.id, actor=ASSOC, reason="not_suitable",
                                  center_id=OTHER_CENTER_ID, version=1)
    assert declined.version == 2
    with session_scope(kb_settings) as session, pytest.raises(ConflictError) as info:
        service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC, version=1)
    assert (info.value.code, info.value.field) == ("stale_version", "version")
    with session_scope(kb_settings) as session:
        still = service.get_review(session=session, review_id=review.id, actor=ASSOC)
        assert (still.status, still.version, still.engagement_id) == (ReviewStatus.pending, 2, None)
        assert service.list_engagements(session=session, actor=ASSOC) == []


def test_two_coordinators_accepting_at_once_open_one_engagement(kb_settings: Settings) -> None:
    import threading

    review = submit(kb_settings)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def worker(center: str) -> None:
        barrier.wait()
        try:
            with session_scope(kb_settings) as session:
                service.accept(session=session, review_id=review.id, center_id=center, actor=ASSOC, version=1)
            results.append("ok")
        except ConflictError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=worker, args=(c,)) for c in (CENTER_ID, OTHER_CENTER_ID) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # Losers either lost the version race or arrived after the review was decided.
    assert results.count("ok") == 1 and len(results) == 4
    assert set(results) - {"ok"} <= {"stale_version", "review_closed"}
    with session_scope(kb_settings) as session:
        assert len(service.list_engagements(session=session, actor=ASSOC)) == 1


def test_an_accept_keeps_the_associations_reason_for_the_enterprise(kb_settings: Settings) -> None:
    """The association may say why it chose the center (a new user's trial, 2026-11-30: the enterprise read only the
    machine's explanation); optional, kept with the decision, gone with it when the provider leaves. Too long: refused
    on ``reason`` before anything is written."""
    review = submit(kb_settings)
    with session_scope(kb_settings) as session, pytest.raises(InnodockError) as info:
        service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC,
                       reason="很" * (service.ACCEPT_REASON_MAX + 1))
    assert info.value.field == "reason"
    with session_scope(kb_settings) as session:
        still = service.get_review(session=session, review_id=review.id, actor=ASSOC)
    assert (still.status, still.version, still.accept_reason) == (ReviewStatus.pending, review.version, None)
    with session_scope(kb_settings) as session:
        done = service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC,
                              reason="  贵司在常州，该中心离您最近，做过同类电芯的热失控试验。 ")
    assert done.accept_reason == "贵司在常州，该中心离您最近，做过同类电芯的热失控试验。"
    with session_scope(kb_settings) as session:
        seen = service.as_seen_by_center(done, center_id=OTHER_CENTER_ID, show_enterprise=False)
        again = service.redock(session=session, review_id=review.id, actor=ASSOC, departed_center_id=CENTER_ID)
    assert seen.accept_reason is None and again.accept_reason is None
    other = submit(kb_settings, need_id="need-r2")
    with session_scope(kb_settings) as session:
        blank = service.accept(session=session, review_id=other.id, center_id=CENTER_ID, actor=ASSOC, reason=" ")
    assert blank.accept_reason is None
