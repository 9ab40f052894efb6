"""The job queue without HTTP: the in-process backend and RQ on the real Redis (run by an in-process SimpleWorker in
burst mode), running the outbox's own job (webhook deliveries) and those the flows register (index rebuilds,
evaluation reports)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from evaluation.service import evaluate_center
from flows import jobs as flow_jobs
from matcher import service as matcher_service
from matcher.embedding import models as embedding_models
from matcher.index.store import read_manifest
from matcher.schemas import MatcherConfig
from outbox import queue as jobs
from outbox import service as webhooks
from outbox.models import WebhookDelivery
from tests.api.apihelpers import World
from tests.conftest import invoke_cli
from tests.kb.kbhelpers import CAP, do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder

REDIS_URL = "redis://127.0.0.1:6379/15"
# These tests queue jobs with no app in the process: register the jobs that run use cases as the app does.
jobs.register(flow_jobs.HANDLERS)


def _redis_unavailable() -> str | None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as exc:
        return f"Redis not reachable at {REDIS_URL}: {exc}"
    return None


class _Receiver(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        self.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.bodies = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_model(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[NgramEmbedder]:
    """The default model name resolves to a tiny embedder in this process (where the SimpleWorker runs jobs)."""
    fake = NgramEmbedder()
    monkeypatch.setitem(embedding_models._loaded, (embedding_models.DEFAULT_MODEL, str(settings.home),
                                                   MatcherConfig().e5_queries), fake)
    yield fake
    matcher_service.reset()


@pytest.fixture(params=["in_process", "rq"])
def queue(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[jobs.JobsConfig]:
    monkeypatch.setenv("INNODOCK_API_WEBHOOK_ALLOW_PRIVATE", "1")
    if request.param == "in_process":
        yield jobs.JobsConfig(redis_url=None)
        jobs.shutdown()
        return
    reason = _redis_unavailable()
    if reason:
        pytest.skip(reason)
    config = jobs.JobsConfig(redis_url=REDIS_URL, queue_name=f"innodock-test-{uuid.uuid4().hex[:8]}")
    yield config
    backend = jobs.backend(config)
    assert isinstance(backend, jobs.RQQueue)
    # Leave nothing behind in Redis: finished and failed jobs with their results, then the queue.
    for registry in (backend.queue.finished_job_registry, backend.queue.failed_job_registry):
        for job_id in registry.get_job_ids():
            job = backend.queue.fetch_job(job_id)
            if job is not None:
                job.delete()
    backend.queue.delete(delete_jobs=True)
    jobs.shutdown()


def _drain(config: jobs.JobsConfig) -> None:
    """Run what is queued: RQ's SimpleWorker in burst mode, in this process; the thread backend runs by itself."""
    if not config.redis_url:
        return
    from rq import SimpleWorker

    backend = jobs.backend(config)
    assert isinstance(backend, jobs.RQQueue)
    SimpleWorker([backend.queue], connection=backend.connection).work(burst=True, logging_level="WARNING")


def test_index_rebuild_job_builds_the_snapshot_of_the_current_kb(world: World, queue: jobs.JobsConfig,
                                                                 fake_model: NgramEmbedder, tmp_path: Path) -> None:
    settings = world.settings
    handle = jobs.enqueue("index_rebuild", settings=settings, config=queue)
    _drain(queue)
    first = handle.result(timeout=60)
    assert handle.status() == "finished"
    manifest = read_manifest(matcher_service.index_root(settings))
    assert manifest is not None and manifest.model_id == fake_model.model_id
    assert first["kb_version"] == manifest.kb_version == matcher_service.index_status(settings=settings)["kb_version"]
    assert first["added"] > 0
    # The same job builds the experts' index (kb_records has one expert, with text).
    assert first["experts"]["count"] == first["experts"]["added"] == 1 and first["experts"]["without_text"] == []

    # A kb change makes the snapshot stale; the next job syncs just the changed capability.
    do_import(settings, write_jsonl(tmp_path / "change.jsonl", [dict(CAP, title="动力电池单体热失控与热扩散试验")]))
    status = matcher_service.index_status(settings=settings)
    assert status["kb_version"] == first["kb_version"] + 1 and status["manifest"]["kb_version"] == first["kb_version"]
    handle = jobs.enqueue("index_rebuild", settings=settings, config=queue)
    _drain(queue)
    second = handle.result(timeout=60)
    assert second["kb_version"] == first["kb_version"] + 1 and second["embedded"] >= 1 and second["added"] == 0
    assert second["experts"]["embedded"] == 0  # the expert did not change: nothing of it is embedded again
    assert matcher_service.index_status(settings=settings)["manifest"]["kb_version"] == second["kb_version"]


def test_webhook_delivery_job_posts_due_deliveries(world: World, queue: jobs.JobsConfig, receiver: str) -> None:
    settings = world.settings
    with session_scope(settings) as session:
        webhooks.create_subscription(session=session, org_id=world.orgs["assoc"], url=receiver,
                                     events=["need.published"], secret="whsec_jobs_test_secret_0123456789",
                                     allow_private=True)
        ids = webhooks.emit(session=session, event="need.published", payload={"need_id": "n-jobs"})
    handle = jobs.enqueue("webhook_delivery", settings=settings, config=queue)
    _drain(queue)
    assert handle.result(timeout=60) == {"attempted": 1, "delivered": 1, "retrying": 0, "failed": 0}
    assert len(_Receiver.bodies) == 1 and b"n-jobs" in _Receiver.bodies[0]
    with session_scope(settings) as session:
        row = session.get(WebhookDelivery, ids[0])
        assert row is not None and row.status == "delivered"


def test_evaluation_report_job_writes_the_report(world: World, queue: jobs.JobsConfig, tmp_path: Path) -> None:
    settings = world.settings
    with session_scope(settings) as session:
        evaluate_center(session=session, center_id="qic-js-battery", period="2026")
    out = tmp_path / "reports" / "qic.html"
    handle = jobs.enqueue("evaluation_report", settings=settings, config=queue, center_id="qic-js-battery",
                          out=str(out))
    _drain(queue)
    assert handle.result(timeout=60) == str(out)
    assert "qic-js-battery" in out.read_text("utf-8") or "电池" in out.read_text("utf-8")

    # A failing job reports its error instead of hanging or passing.
    bad = jobs.enqueue("evaluation_report", settings=settings, config=queue, center_id="no-such-center",
                       out=str(tmp_path / "x.html"))
    _drain(queue)
    # (the report reads the provider's own rules first since 1c68802: a center the catalog lacks is said so)
    with pytest.raises(Exception, match="no center with id 'no-such-center'"):
        bad.result(timeout=60)
    assert bad.status() == "failed"


def test_unknown_job_is_refused(settings: Settings) -> None:
    with pytest.raises(InnodockError, match="unknown job"):
        jobs.enqueue("compact_everything", settings=settings, config=jobs.JobsConfig(redis_url=None))


def test_worker_without_redis_is_a_one_line_error(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INNODOCK_REDIS_URL", raising=False)
    done = invoke_cli(settings, "worker", "--burst")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "INNODOCK_REDIS_URL" in lines[0], done.stderr
