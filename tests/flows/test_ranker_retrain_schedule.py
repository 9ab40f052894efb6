"""The scheduled ranker retrain (issue 28, item 4; flows.ranker_training.retrain_due, flows.jobs.ranker_retrain with
``scheduled``): a retrain falls due only when the interval has passed since the last recorded retrain AND decisions
were taken since; a check that is not due records a skip with its reason and trains nothing; the checks fall on a
grid, each queued on RQ under an id named after its time, so a run's successor and a worker starting meanwhile queue
one job. Every time is explicit (the labels' own times, or an injected clock): nothing here waits or reads the
wall clock for an answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from flows import jobs as flow_jobs
from flows import ranker_training
from flows.access import pipeline_actor
from matcher import ranker
from outbox import jobs as job_rows
from outbox import queue as jobs
from outbox.models import Job
from pipeline.schemas import LabelKind
from tests.api.jobhelpers import drain, rq_queue  # noqa: F401
from tests.flows.flowhelpers import Flows
from tests.flows.test_ranker_retrain import _decided

WEEKLY = Settings(matcher_retrain_interval_hours=168)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _record(settings: Settings, job_id: str, result: dict[str, Any]) -> None:
    """A finished ``ranker_retrain`` job as a retrain (or a skipped check) records it."""
    with session_scope(settings) as session:
        job_rows.create_job(session=session, job_id=job_id, name=ranker_training.JOB, params={})
        job_rows.mark_started(session=session, job_id=job_id)
        job_rows.mark_finished(session=session, job_id=job_id, result=result)


def _due(flows: Flows, now: datetime, settings: Settings | None = None) -> ranker_training.Due:
    with session_scope(flows.settings) as session:
        return ranker_training.retrain_due(session=session, settings=settings or flows.settings,
                                           actor=ranker_training.SCHEDULER, now=now)


def _latest_label(flows: Flows) -> datetime:
    with session_scope(flows.settings) as session:
        labels = ranker_training.pipeline.review_labels(session=session, actor=ranker_training.SCHEDULER)
    assert labels and all(lab.label != LabelKind.neutral for lab in labels)
    return max(lab.at if lab.at.tzinfo else lab.at.replace(tzinfo=UTC) for lab in labels)


def test_the_checks_fall_on_a_daily_grid_once_the_interval_has_passed() -> None:
    def nxt(last: str | None, now: str, settings: Settings = WEEKLY) -> datetime | None:
        return ranker_training.next_check_at(settings=settings, last_retrain_at=_at(last) if last else None,
                                             now=_at(now))

    # Never retrained: the next 19:00 UTC (03:00 Beijing time), always after now.
    assert nxt(None, "2031-01-06T08:00:00") == _at("2031-01-06T19:00:00")
    assert nxt(None, "2031-01-06T19:00:00") == _at("2031-01-07T19:00:00")
    # A run at its own 19:00 that started a few seconds late: next week's 19:00, not the day after it (the slack).
    assert nxt("2031-01-06T19:00:05", "2031-01-06T19:00:05") == _at("2031-01-13T19:00:00")
    # A retrain by hand at 10:00: the first 19:00 a week on.
    assert nxt("2031-01-06T10:00:00", "2031-01-07T19:00:00") == _at("2031-01-13T19:00:00")
    # Long overdue (nothing decided since): tomorrow's check.
    assert nxt("2030-06-01T19:00:00", "2031-01-06T19:00:01") == _at("2031-01-07T19:00:00")
    # An interval shorter than a day is its own grid: every 6 h from 19:00 UTC.
    six = Settings(matcher_retrain_interval_hours=6)
    assert nxt("2031-01-06T19:00:05", "2031-01-06T19:00:05", six) == _at("2031-01-07T01:00:00")
    # 0: no schedule at all.
    assert nxt(None, "2031-01-06T08:00:00", Settings(matcher_retrain_interval_hours=0)) is None
    at = _at("2031-01-06T19:00:00")
    assert ranker_training.scheduled_job_id(at) == f"ranker-retrain-{int(at.timestamp())}"


def test_due_only_when_the_interval_has_passed_and_decisions_were_taken_since(flows: Flows) -> None:
    now = _at("2031-01-06T19:00:00")
    nothing = _due(flows, now)
    assert (nothing.due, nothing.reason, nothing.new_decisions, nothing.last_retrain_at) == (
        False, "no_new_decisions", 0, None)
    off = _due(flows, now, flows.settings.model_copy(update={"matcher_retrain_interval_hours": 0}))
    assert (off.due, off.reason, off.next_check_at) == (False, "off", None)

    _decided(flows, 2)  # two needs: each a decline as not suitable and an acceptance
    t = _latest_label(flows)
    first = _due(flows, t + timedelta(minutes=1))
    assert (first.due, first.reason, first.new_decisions) == (True, "first", 4)

    # A retrain recorded a day before the decisions, checked a week after it: due, the four decisions are new.
    _record(flows.settings, "r-before", {"at": (t - timedelta(days=1)).isoformat(), "decided_rounds": 0})
    week_on = t - timedelta(days=1) + timedelta(days=7)
    due = _due(flows, week_on)
    assert (due.due, due.reason, due.new_decisions) == (True, "interval_passed", 4)
    assert due.last_retrain_at == t - timedelta(days=1)

    # A retrain recorded a minute after the decisions: an hour on, the interval has not passed (the decisions are
    # not even counted); eight days on, it has, but nothing was decided since.
    last = t + timedelta(minutes=1)
    _record(flows.settings, "r-after", {"at": last.isoformat(), "decided_rounds": 2})
    soon = _due(flows, last + timedelta(hours=1))
    assert (soon.due, soon.reason, soon.new_decisions, soon.last_retrain_at) == (
        False, "interval_not_passed", None, last)
    assert soon.next_check_at is not None and soon.next_check_at >= last + timedelta(days=7) - timedelta(hours=1)
    later = _due(flows, last + timedelta(days=8))
    assert (later.due, later.reason, later.new_decisions) == (False, "no_new_decisions", 0)

    # A skipped check is not a retrain: it does not move the clock.
    _record(flows.settings, "r-skipped", {"at": (last + timedelta(days=8)).isoformat(), "skipped": True,
                                          "reason": "no_new_decisions"})
    with session_scope(flows.settings) as session:
        assert ranker_training.last_retrain(session=session, settings=flows.settings) == last


def test_a_check_not_due_trains_nothing_and_records_its_reason(flows: Flows) -> None:
    _decided(flows, 2)
    t = _latest_label(flows)
    before = t - timedelta(days=1)
    _record(flows.settings, "r-before", {"at": before.isoformat(), "decided_rounds": 0})
    recorded = ranker_training.retrain_recorded(settings=flows.settings, principal=flows("coord-assoc"), if_due=True,
                                                now=t + timedelta(hours=2))
    assert recorded["skipped"] is True and recorded["reason"] == "interval_not_passed"
    assert "decided_rounds" not in recorded and "less than 168 h" in recorded["note"]
    assert not ranker.deployment_model(flows.settings.home).exists()
    with session_scope(flows.settings) as session:
        job = job_rows.get_job(session=session, job_id=recorded["job_id"], org_id=None, home=flows.settings.home)
        assert job.status == "finished" and job.result["skipped"] is True and job.params == {"if_due": True}
        # The skip did not become the last retrain.
        assert ranker_training.last_retrain(session=session, settings=flows.settings) == before

    # Due a week after it, the four decisions new: the retraining itself runs (two decided rounds: too few to fit,
    # which is a retrain too).
    with session_scope(flows.settings) as session:
        who = pipeline_actor(flows("coord-assoc"), session)
        ran = ranker_training.retrain_if_due(session=session, settings=flows.settings, actor=who, shipped=[],
                                             now=before + timedelta(days=7))
    assert "skipped" not in ran and ran["decided_rounds"] == 2 and ran["due"]["reason"] == "interval_passed"
    assert ran["due"]["new_decisions"] == 4 and ran["next_check_at"] is not None


def test_the_scheduled_check_without_redis_records_a_skip_and_queues_nothing(flows: Flows) -> None:
    """In-process (no Redis) nothing keeps a check queued: cron runs ``innodock match retrain --if-due``."""
    result = flow_jobs.ranker_retrain(flows.settings, scheduled=True)
    assert result["skipped"] is True and result["reason"] == "no_new_decisions" and result["next_job_id"] is None
    assert flow_jobs.schedule_ranker_retrain(flows.settings, jobs.JobsConfig(redis_url=None)) is None


def _scheduled_rows(settings: Settings) -> list[Job]:
    with session_scope(settings) as session:
        rows = session.query(Job).filter(Job.name == ranker_training.JOB).order_by(Job.created_at).all()
        session.expunge_all()
        return rows


def test_the_worker_keeps_one_check_queued_and_each_check_queues_the_next(
        flows: Flows, rq_queue: jobs.JobsConfig, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    settings = flows.settings
    clock = {"now": _at("2031-01-06T08:00:00")}
    monkeypatch.setattr(flow_jobs, "utcnow", lambda: clock["now"])
    registry = jobs.backend(rq_queue).queue.scheduled_job_registry  # type: ignore[union-attr]

    # Two workers start: both ask for the same check, one is queued (tonight's 19:00 UTC).
    first = flow_jobs.schedule_ranker_retrain(settings, rq_queue)
    assert first == ranker_training.scheduled_job_id(_at("2031-01-06T19:00:00"))
    assert flow_jobs.schedule_ranker_retrain(settings, rq_queue) == first
    assert registry.get_job_ids() == [first]
    assert int(registry.get_scheduled_time(first).timestamp()) == int(_at("2031-01-06T19:00:00").timestamp())
    [row] = _scheduled_rows(settings)
    assert (row.id, row.status, row.params) == (first, "queued", {"scheduled": True})

    def fire(job_id: str, now: datetime) -> dict[str, Any]:
        """Its time has come: the worker's scheduler moves the check onto the queue and runs it."""
        clock["now"] = now
        job = jobs.backend(rq_queue).queue.fetch_job(job_id)  # type: ignore[union-attr]
        assert job is not None
        registry.schedule(job, datetime.now(UTC) - timedelta(seconds=1))
        drain(rq_queue, with_scheduler=True)
        with session_scope(settings) as session:
            done = job_rows.get_job(session=session, job_id=job_id, org_id=None, home=settings.home)
        assert done.status == "finished", done.error
        assert isinstance(done.result, dict)
        return done.result

    # Nothing decided yet: a skip with its reason, and tomorrow's check queued under its own id.
    skipped = fire(first, _at("2031-01-06T19:00:02"))
    tomorrow = ranker_training.scheduled_job_id(_at("2031-01-07T19:00:00"))
    assert (skipped["skipped"], skipped["reason"], skipped["next_job_id"]) == (True, "no_new_decisions", tomorrow)
    assert registry.get_job_ids() == [tomorrow]

    # Decisions taken: tomorrow's check retrains (too few rounds to fit: recorded all the same) and queues the one a
    # week on, which a worker starting meanwhile finds queued.
    _decided(flows, 2)
    ran = fire(tomorrow, _at("2031-01-07T19:00:01"))
    week = ranker_training.scheduled_job_id(_at("2031-01-14T19:00:00"))
    assert "skipped" not in ran and ran["decided_rounds"] == 2 and ran["due"]["reason"] == "first"
    assert ran["next_job_id"] == week and registry.get_job_ids() == [week]
    clock["now"] = _at("2031-01-08T09:30:00")
    assert flow_jobs.schedule_ranker_retrain(settings, rq_queue) == week
    assert registry.get_job_ids() == [week]
    assert [(r.id, r.status) for r in _scheduled_rows(settings)] == [(first, "finished"), (tomorrow, "finished"),
                                                                     (week, "queued")]
    assert ranker_training.history(settings=settings)[0].id == tomorrow
