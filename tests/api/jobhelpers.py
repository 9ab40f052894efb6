"""Fixtures and helpers for the background-job tests: the two backends (a thread; RQ on the real Redis with a
queue of its own per test, run by an in-process SimpleWorker in burst mode), a local webhook receiver, and an app
wired to the chosen backend (its tiny embedder is the one the jobs run in this process use)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from api.matching import MatcherSetup
from core.settings import Settings
from flows import jobs as flow_jobs
from outbox import queue as jobs
from tests.api.apihelpers import TEST_BODY_LIMIT, World, build_world
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder

REDIS_URL = "redis://127.0.0.1:6379/15"
# Some tests queue jobs with no app in the process: register the jobs that run use cases as the app does.
jobs.register(flow_jobs.HANDLERS)
DONE = ("finished", "failed")


def redis_unavailable() -> str | None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as exc:
        return f"Redis not reachable at {REDIS_URL}: {exc}"
    return None


def rq_config() -> jobs.JobsConfig:
    reason = redis_unavailable()
    if reason:
        pytest.skip(reason)
    return jobs.JobsConfig(redis_url=REDIS_URL, queue_name=f"innodock-test-{uuid.uuid4().hex[:8]}")


def clean_rq(config: jobs.JobsConfig) -> None:
    """Leave nothing behind in Redis: every job this queue saw (finished, failed, scheduled), then the queue."""
    backend = jobs.backend(config)
    assert isinstance(backend, jobs.RQQueue)
    queue = backend.queue
    for registry in (queue.finished_job_registry, queue.failed_job_registry, queue.scheduled_job_registry,
                     queue.started_job_registry):
        for job_id in registry.get_job_ids():
            job = queue.fetch_job(job_id)
            if job is not None:
                job.delete()
    queue.delete(delete_jobs=True)
    for key in backend.connection.scan_iter(f"rq:*{config.queue_name}*"):
        backend.connection.delete(key)


@pytest.fixture(params=["in_process", "rq"])
def queue(request: pytest.FixtureRequest) -> Iterator[jobs.JobsConfig]:
    if request.param == "in_process":
        yield jobs.JobsConfig(redis_url=None)
        jobs.shutdown()
        return
    config = rq_config()
    yield config
    clean_rq(config)
    jobs.shutdown()


@pytest.fixture
def rq_queue() -> Iterator[jobs.JobsConfig]:
    config = rq_config()
    yield config
    clean_rq(config)
    jobs.shutdown()


def drain(config: jobs.JobsConfig, *, with_scheduler: bool = False) -> None:
    """Run what is queued: RQ's SimpleWorker in burst mode, in this process; the thread backend runs by itself.
    ``with_scheduler``: first move scheduled jobs that are due onto the queue, as ``innodock worker`` does."""
    if not config.redis_url:
        return
    from rq import SimpleWorker

    backend = jobs.backend(config)
    assert isinstance(backend, jobs.RQQueue)
    SimpleWorker([backend.queue], connection=backend.connection).work(burst=True, logging_level="WARNING",
                                                                      with_scheduler=with_scheduler)


def wait_job(client: TestClient, headers: dict[str, str], job_id: str, config: jobs.JobsConfig) -> dict[str, Any]:
    """The job once finished or failed, read through the API (a guard against hanging, not a timing check)."""
    drain(config)
    deadline = time.monotonic() + 120
    while True:
        response = client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body["status"] in DONE:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.05)


class Receiver(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []
    fail_first: ClassVar[int] = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Receiver.fail_first > 0:
            Receiver.fail_first -= 1
            self.send_response(503)
            self.end_headers()
            return
        self.bodies.append(body)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.bodies, Receiver.fail_first = [], 0
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def jobs_client(world: World, config: jobs.JobsConfig, **api: Any) -> TestClient:
    settings = dict(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, webhook_allow_private=True)
    settings.update(api)
    return TestClient(create_app(world.settings, ApiConfig(**settings), matcher=MatcherSetup(embedder=NgramEmbedder()),
                                        jobs=config))


def world_with(settings: Settings, tmp_path: Path, records: list[dict[str, Any]]) -> World:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", records)).ok
    return build_world(settings)
