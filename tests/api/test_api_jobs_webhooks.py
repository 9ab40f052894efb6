"""Webhooks on the job queue: with Redis the app runs no deliverer thread; an event's deliveries are handed to RQ
after the request's commit, a burst worker sends them to a local receiver, and retries are queued by the job itself
(at once when due, for later through RQ's scheduler, once per due time)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

import api.app as app_module
from core.db import session_scope
from core.settings import Settings
from outbox import queue as jobs
from outbox import service as webhooks
from outbox.models import Job, WebhookDelivery
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.jobhelpers import Receiver, drain, jobs_client, receiver, rq_queue
from tests.conftest import run_cli

__all__ = ["receiver", "rq_queue"]  # fixtures, used by name

SECRET = "whsec_jobs_receiver_secret_0123"


@pytest.fixture(autouse=True)
def private_receivers(monkeypatch: pytest.MonkeyPatch) -> None:
    # The job reads ApiConfig from the environment, as a worker does; the receiver listens on 127.0.0.1.
    monkeypatch.setenv("INNODOCK_API_WEBHOOK_ALLOW_PRIVATE", "1")


def _subscribe(world: World, url: str, events: list[str]) -> None:
    with session_scope(world.settings) as session:
        webhooks.create_subscription(session=session, org_id=world.orgs["assoc"], url=url, events=events,
                                     secret=SECRET, allow_private=True)


def _emit(world: World, need_id: str) -> list[str]:
    with session_scope(world.settings) as session:
        return webhooks.emit(session=session, event="need.published", payload={"need_id": need_id})


def _deliveries(settings: Settings) -> list[WebhookDelivery]:
    with session_scope(settings) as session:
        return list(session.scalars(select(WebhookDelivery)))


def _job_rows(settings: Settings, name: str) -> list[Job]:
    with session_scope(settings) as session:
        return list(session.scalars(select(Job).where(Job.name == name).order_by(Job.created_at)))


def _rq(config: jobs.JobsConfig) -> jobs.RQQueue:
    backend = jobs.backend(config)
    assert isinstance(backend, jobs.RQQueue)
    return backend


class _Recorder:
    made: ClassVar[list[_Recorder]] = []

    def __init__(self, *_args: Any) -> None:
        self.started = False
        _Recorder.made.append(self)

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        pass


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Recorder]]:
    _Recorder.made = []
    monkeypatch.setattr(app_module, "DeliveryThread", _Recorder)
    yield _Recorder


def test_the_deliverer_thread_runs_only_without_redis(world: World, rq_queue: jobs.JobsConfig,
                                                      recorder: type[_Recorder]) -> None:
    with jobs_client(world, jobs.JobsConfig(redis_url=None), deliver_in_process=True):
        assert [r.started for r in recorder.made] == [True]
    recorder.made.clear()
    with jobs_client(world, rq_queue, deliver_in_process=True):
        assert recorder.made == []
    jobs.shutdown()


def test_an_event_is_delivered_by_a_queued_job(world: World, rq_queue: jobs.JobsConfig, receiver: str) -> None:
    _subscribe(world, receiver, ["need.published"])
    with jobs_client(world, rq_queue) as client:
        as_ = Logins(client)
        assert _rq(rq_queue).queue.count == 0  # nothing waited in the outbox at start-up
        need_id, _review = submitted_need(client, as_("ent-a"))
        # Handed to the queue after the request's commit; nobody has sent it yet.
        assert _rq(rq_queue).queue.count == 1 and Receiver.bodies == []
        [row] = _deliveries(world.settings)
        assert row.status == "pending"
        [job] = _job_rows(world.settings, "webhook_delivery")
        assert job.status == "queued"
        drain(rq_queue)
    assert len(Receiver.bodies) == 1 and need_id.encode() in Receiver.bodies[0]
    [row] = _deliveries(world.settings)
    assert row.status == "delivered" and row.attempts == 1
    [job] = _job_rows(world.settings, "webhook_delivery")
    assert job.status == "finished" and job.result == {"attempted": 1, "delivered": 1, "retrying": 0, "failed": 0}


def test_a_request_that_fails_queues_nothing(world: World, rq_queue: jobs.JobsConfig, receiver: str) -> None:
    _subscribe(world, receiver, ["need.published"])
    with jobs_client(world, rq_queue) as client:
        as_ = Logins(client)
        response = client.post("/api/v1/needs/no-such-need/submit", headers=as_("ent-a"))
        assert response.status_code == 404
    assert _rq(rq_queue).queue.count == 0 and _job_rows(world.settings, "webhook_delivery") == []


def test_outbox_leftovers_are_queued_when_the_app_starts(world: World, rq_queue: jobs.JobsConfig,
                                                         receiver: str) -> None:
    _subscribe(world, receiver, ["need.published"])
    _emit(world, "n-left-over")  # e.g. by the CLI, or while Redis was down
    with jobs_client(world, rq_queue):
        assert _rq(rq_queue).queue.count == 1
    drain(rq_queue)
    assert len(Receiver.bodies) == 1 and b"n-left-over" in Receiver.bodies[0]


def test_a_retry_due_now_runs_in_the_same_burst(world: World, rq_queue: jobs.JobsConfig, receiver: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNODOCK_API_WEBHOOK_BASE_DELAY_SECONDS", "0")
    Receiver.fail_first = 1
    _subscribe(world, receiver, ["need.published"])
    _emit(world, "n-retry-now")
    jobs.enqueue("webhook_delivery", settings=world.settings, config=rq_queue)
    drain(rq_queue)
    [row] = _deliveries(world.settings)
    assert row.status == "delivered" and row.attempts == 2 and len(Receiver.bodies) == 1
    passes = _job_rows(world.settings, "webhook_delivery")
    assert [p.status for p in passes] == ["finished", "finished"]
    assert passes[0].result["retrying"] == 1 and passes[1].result["delivered"] == 1


def test_a_later_retry_is_scheduled_once_and_sent_when_due(world: World, rq_queue: jobs.JobsConfig, receiver: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNODOCK_API_WEBHOOK_BASE_DELAY_SECONDS", "120")
    Receiver.fail_first = 1
    _subscribe(world, receiver, ["need.published"])
    _emit(world, "n-retry-later")
    jobs.enqueue("webhook_delivery", settings=world.settings, config=rq_queue)
    drain(rq_queue)
    [row] = _deliveries(world.settings)
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at is not None
    registry = _rq(rq_queue).queue.scheduled_job_registry
    [scheduled] = registry.get_job_ids()
    assert scheduled.startswith("webhook-retry-")
    due = row.next_attempt_at.replace(tzinfo=UTC) if row.next_attempt_at.tzinfo is None else row.next_attempt_at
    assert abs((registry.get_scheduled_time(scheduled) - due).total_seconds()) < 2

    # Another pass before then sends nothing and schedules nothing new.
    jobs.enqueue("webhook_delivery", settings=world.settings, config=rq_queue)
    drain(rq_queue)
    assert registry.get_job_ids() == [scheduled] and Receiver.bodies == []
    assert [j.status for j in _job_rows(world.settings, "webhook_delivery") if j.id == scheduled] == ["queued"]

    # Time passes: the delivery and its scheduled pass fall due; the worker's scheduler queues the pass.
    with session_scope(world.settings) as session:
        stored = session.get(WebhookDelivery, row.id)
        assert stored is not None
        stored.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)
    job = _rq(rq_queue).queue.fetch_job(scheduled)
    assert job is not None
    registry.schedule(job, datetime.now(UTC) - timedelta(seconds=1))
    drain(rq_queue, with_scheduler=True)
    [row] = _deliveries(world.settings)
    assert row.status == "delivered" and row.attempts == 2
    assert len(Receiver.bodies) == 1 and b"n-retry-later" in Receiver.bodies[0]
    assert [j.status for j in _job_rows(world.settings, "webhook_delivery") if j.id == scheduled] == ["finished"]


@pytest.mark.slow  # over 5 s on a loaded 2-core machine (issue 15): a real process, or many requests
def test_innodock_worker_runs_queued_jobs(world: World, rq_queue: jobs.JobsConfig, receiver: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _subscribe(world, receiver, ["need.published"])
    _emit(world, "n-by-the-cli-worker")
    handle = jobs.enqueue("webhook_delivery", settings=world.settings, config=rq_queue)
    monkeypatch.setenv("INNODOCK_REDIS_URL", str(rq_queue.redis_url))
    monkeypatch.setenv("INNODOCK_QUEUE_NAME", rq_queue.queue_name)
    done = run_cli(world.settings, "worker", "--burst")
    assert done.returncode == 0, done.stderr
    assert len(Receiver.bodies) == 1 and b"n-by-the-cli-worker" in Receiver.bodies[0]
    with session_scope(world.settings) as session:
        stored = session.get(Job, handle.id)
        assert stored is not None and stored.status == "finished"


def test_without_redis_an_event_queues_no_job(world: World, receiver: str) -> None:
    _subscribe(world, receiver, ["need.published"])
    with jobs_client(world, jobs.JobsConfig(redis_url=None)) as client:
        submitted_need(client, Logins(client)("ent-a"))
    jobs.shutdown()
    assert _job_rows(world.settings, "webhook_delivery") == []
    assert [d.status for d in _deliveries(world.settings)] == ["pending"]  # the deliverer thread's to send

