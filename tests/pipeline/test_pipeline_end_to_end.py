"""A need from proposals through review and every step of seed 000 Figure 1 to closure, with one failed plan review
and one failed acceptance; the event history must tell the whole story and replay to the stored state.

Intake and the matcher are other packages; the caller hands the pipeline the matcher's JSON result as data, which
is what this test does. When the matcher is importable, ``test_matcher_result_is_accepted_as_is`` feeds a real
``MatchResult.to_json()`` shape through the same door."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_helpers import (
    ADMIN,
    ASSOC,
    CENTER_CO,
    CENTER_ID,
    ENTERPRISE,
    ENTERPRISE_ID,
    ENTERPRISE_NAME,
    FULL_PATH,
    OTHER_CENTER_ID,
    STATES_ALONG_PATH,
    proposals,
)

from core.db import session_scope
from core.settings import Settings
from pipeline import service
from pipeline.vocab import RejectReason, ReviewStatus


def test_need_to_closure_with_every_step_on_record(kb_settings: Settings) -> None:
    settings = kb_settings
    with session_scope(settings) as session:
        review = service.submit_proposals(session=session, need_id="need-e2e", actor=ASSOC, proposals=proposals(),
                                          enterprise_id=ENTERPRISE_ID, enterprise_name=ENTERPRISE_NAME)
        queue = service.list_reviews(session=session, actor=ASSOC, status="pending")
        assert [r.id for r in queue] == [review.id]
        # The second center declines; the coordinator then accepts the first with no alternates left.
        service.reject(session=session, review_id=review.id, actor=ASSOC, reason=RejectReason.provider_declined,
                       text="稀土中心本季度排满", center_id=OTHER_CENTER_ID)
        accepted = service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC)
    assert accepted.status == ReviewStatus.accepted and accepted.engagement_id
    eng_id = accepted.engagement_id

    # The enterprise sees who took its need and why the other proposal was declined.
    with session_scope(settings) as session:
        seen = service.list_reviews(session=session, actor=ENTERPRISE)
    assert len(seen) == 1
    assert seen[0].accepted_center_id == CENTER_ID
    assert [(d.center_id, d.reason) for d in seen[0].declined] == [(OTHER_CENTER_ID, RejectReason.provider_declined)]

    with session_scope(settings) as session:
        assert service.open_engagement_counts(session=session) == {CENTER_ID: 1}

    version = 1
    for (transition, actor, payload), expected in zip(FULL_PATH, STATES_ALONG_PATH, strict=True):
        with session_scope(settings) as session:
            out = service.advance(session=session, engagement_id=eng_id, transition=transition, actor=actor,
                                  version=version, payload=payload)
        assert (transition, out.state) == (transition, expected)
        assert out.version == version + 1
        version = out.version

    with session_scope(settings) as session:
        service.record_feedback(session=session, engagement_id=eng_id, actor=ENTERPRISE,
                                feedback={"satisfaction": 4, "complaint": "第一次报告延误了三天"})
        fb = service.show_engagement(session=session, engagement_id=eng_id, actor=ENTERPRISE).feedback[0]
        service.record_complaint_handling(session=session, engagement_id=eng_id, feedback_id=fb.id, actor=CENTER_CO,
                                          handling="已致歉并调整报告审核流程", resolved=True)

    with session_scope(settings) as session:
        events = service.history(session=session, engagement_id=eng_id, actor=ENTERPRISE)
        detail = service.show_engagement(session=session, engagement_id=eng_id, actor=ADMIN, today=date(2026, 12, 1))
        check = service.verify_history(session=session, engagement_id=eng_id)
        counts = service.open_engagement_counts(session=session)
        outcomes = service.engagement_outcomes(session=session, center_id=CENTER_ID)

    assert [e.seq for e in events] == list(range(1, len(FULL_PATH) + 2))
    assert [e.transition for e in events] == ["open", *(t for t, _, _ in FULL_PATH)]
    assert [e.to_state for e in events] == ["communicating", *STATES_ALONG_PATH]
    assert [e.from_state for e in events[1:]] == [e.to_state for e in events[:-1]]
    assert events[6].actor_id == "association_coordinator:assoc-li"
    assert events[6].payload["opinion"] == "缺少簇级试验的安全防护措施"
    assert check.ok, check.problems
    assert check.replayed_state == "closed" == detail.state
    assert counts == {}
    assert detail.closed_at is not None and detail.overdue is False and detail.allowed_transitions == []

    # The records of every step.
    assert detail.agreement is not None and str(detail.agreement.price_yuan) == "86000.00"
    assert detail.deadline == date(2099, 12, 31)
    assert detail.team is not None and detail.team.lead == "exp-lead-ok" and detail.team.lead_exception is None
    assert [(r.round, r.approved) for r in detail.plan_reviews] == [(1, False), (2, True)]
    assert [(d.round, d.files[0].name) for d in detail.deliveries] == [(1, "report-v1.pdf"), (2, "report-v2.pdf")]
    assert [(v.round, v.passed) for v in detail.verdicts] == [(1, False), (2, True)]
    assert detail.feedback[0].resolved and detail.feedback[0].handled_by == "center_coordinator:zhang@" + CENTER_ID

    [outcome] = outcomes
    assert outcome.accepted_first_try is False
    assert outcome.on_time is True and outcome.closed_on is not None
    assert (outcome.satisfaction, outcome.complaints, outcome.complaints_resolved) == (4.0, 1, 1)
    assert outcome.client_id == ENTERPRISE_ID and outcome.repeat_client is False
    assert set(outcome.evaluation_fields()) == {"engagement_id", "center_id", "client_id", "closed_on", "due_on",
                                                "accepted_first_try", "satisfaction", "answers", "complaints",
                                                "complaints_resolved"}


def test_matcher_result_is_accepted_as_is(lite: Settings) -> None:
    schemas = pytest.importorskip("matcher.schemas")
    result = schemas.MatchResult(matches=[schemas.CenterMatch(
        center_id=CENTER_ID, center_name="中心", score=0.7,
        capabilities=[schemas.CapabilityHit(capability_id="cap-t-1", title="热失控", score=0.6)],
        reasons=[schemas.Reason(kind="passage", text="相关")],
    )], low_confidence=True)
    with session_scope(lite) as session:
        review = service.submit_proposals(session=session, need_id="need-m", actor=ASSOC,
                                          proposals=result.to_json(), enterprise_id=ENTERPRISE_ID)
    assert review.low_confidence is True
    assert review.proposals[0].capabilities[0].capability_id == "cap-t-1"


def test_outcomes_fit_evaluations_input(lite: Settings) -> None:
    records = pytest.importorskip("evaluation.records")
    from pipeline_helpers import drive, open_engagement

    eng = open_engagement(lite)
    drive(lite, eng, len(FULL_PATH))
    with session_scope(lite) as session:
        [outcome] = service.engagement_outcomes(session=session)
    assert outcome.closed_on is not None
    theirs = records.EngagementOutcome(**outcome.evaluation_fields())
    assert theirs.engagement_id == eng and theirs.accepted_first_try is False
    indicators = records.record_indicators([theirs], center_id=CENTER_ID, period=str(outcome.closed_on.year))
    assert indicators["first_pass_acceptance_rate"].value == 0.0
    assert indicators["on_time_rate"].value == 100.0
