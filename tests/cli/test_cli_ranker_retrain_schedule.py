"""``innodock match retrain --if-due`` (issue 28, item 4), the cron line of a deployment without Redis: the same due
rule as the scheduled job (flows.ranker_training.retrain_due; its cases with explicit times are in
tests/flows/test_ranker_retrain_schedule.py). Each run prints one line and exits 0 whether it retrained or skipped
(a skip is no failure: cron's mail and a monitor stay quiet); it is recorded either way, and ``--history`` lists the
records. A retrain just recorded leaves the next run not due for a week, whatever the clock reads now."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from core.cli import app
from core.settings import Settings
from tests.cli.test_cli_workflow import ASSOC, CLIENT, NEED_TEXT, ok, refused, terminal  # noqa: F401


def _one_line(*args: str) -> str:
    said = ok(*args)
    assert len(said.splitlines()) == 1, said
    return said


def test_retrain_if_due_runs_only_when_due_and_says_so_in_one_line(terminal: Settings,  # noqa: F811
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    skipped = _one_line("match", "retrain", "--if-due", "--as", ASSOC)
    assert "not due, nothing trained" in skipped and "no review decisions yet" in skipped

    need_id = json.loads(ok("need", "create", NEED_TEXT, "--as", CLIENT, "--json"))["id"]
    review_id = json.loads(ok("need", "submit", need_id, "--as", CLIENT, "--json"))["review_id"]
    review = json.loads(ok("review", "show", review_id, "--as", ASSOC))
    center = review["proposals"][0]["center_id"]
    ok("review", "reject", review_id, "--as", ASSOC, "--reason", "not_suitable", "--center", center, "--version",
       str(review["version"]))
    assert refused("match", "retrain", "--if-due", "--as", f"center_coordinator:z@{center}") == "role"

    ran = _one_line("match", "retrain", "--if-due", "--as", ASSOC)
    assert "due, retrained" in ran and "never retrained, 1 decision(s) taken" in ran and "adopted: 否 / no" in ran
    again = json.loads(ok("match", "retrain", "--if-due", "--as", ASSOC, "--json"))
    assert (again["skipped"], again["reason"]) == (True, "interval_not_passed") and again["job_id"]
    assert "decided_rounds" not in again

    monkeypatch.setenv("INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS", "0")
    off = _one_line("match", "retrain", "--if-due", "--as", ASSOC)
    assert "not due" in off and "INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS=0" in off

    # Every run recorded, the latest first: the two skips since the retrain, the retrain, the first skip.
    listed = ok("match", "retrain", "--history", "--as", ASSOC).splitlines()
    assert len(listed) == 4 and "skipped" in listed[0] and "skipped" in listed[1]
    assert "adopted: 否 / no" in listed[2] and "skipped" in listed[3]
    answer = CliRunner().invoke(app, ["match", "retrain", "--history", "--if-due", "--as", ASSOC])
    assert answer.exit_code != 0 and getattr(answer.exception, "field", None) == "history"


def test_innodock_worker_keeps_one_scheduled_check_queued(terminal: Settings,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """With Redis, ``innodock worker`` queues the next check as it starts (tonight's, on the clock given here); two
    workers starting queue one job. The check's own run and its successor: tests/flows/test_ranker_retrain_schedule.py.
    """
    from flows import jobs as flow_jobs
    from flows import ranker_training
    from outbox import queue as jobs
    from tests.api.jobhelpers import clean_rq, rq_config

    config = rq_config()
    monkeypatch.setenv("INNODOCK_REDIS_URL", str(config.redis_url))
    monkeypatch.setenv("INNODOCK_QUEUE_NAME", config.queue_name)
    monkeypatch.setattr(flow_jobs, "utcnow", lambda: datetime(2031, 1, 6, 8, 0, tzinfo=UTC))
    tonight = ranker_training.scheduled_job_id(datetime(2031, 1, 6, 19, 0, tzinfo=UTC))
    try:
        for _ in range(2):
            answer = CliRunner().invoke(app, ["worker", "--burst", "--simple"])
            assert answer.exit_code == 0, answer.output
            assert f"scheduled ranker retrain check: {tonight}" in answer.output
        backend = jobs.backend(config)
        assert isinstance(backend, jobs.RQQueue)
        assert backend.queue.scheduled_job_registry.get_job_ids() == [tonight]
        assert [j.id for j in ranker_training.history(settings=terminal)] == []  # queued, not run
    finally:
        clean_rq(config)
        jobs.shutdown()
