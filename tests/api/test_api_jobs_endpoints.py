"""The job endpoints on both backends (a thread of the app; RQ on the real Redis run by a burst SimpleWorker) and
both databases: index rebuilds, batch assignment, report jobs with their file, the kb import's index job; who may
queue and read what, bad input, status transitions and a failing job recorded with its error."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from evaluation.service import evaluate_center
from matcher import service as matcher_service
from outbox import jobs as job_rows
from outbox import queue as jobs
from tests.api.apihelpers import World, assert_error, bearer, kb_records
from tests.api.domainhelpers import EXPERT2, Logins, submitted_need
from tests.api.formhelpers import form_error_field
from tests.api.jobhelpers import clean_rq, jobs_client, queue, rq_config, wait_job, world_with
from tests.api.uihelpers import form_login
from tests.kb.kbhelpers import CAP, CENTER

__all__ = ["queue"]  # a fixture, used by name

# A second battery-testing center, so a full first choice leaves the batch somewhere else to go.
CENTER3 = {"type": "center", "id": "qic-zj-battery", "name": "浙江省电池产品质量检验中心",
           "kind": "quality_inspection_center", "region": "浙江省杭州市", "industries": ["动力电池"],
           "qualifications": ["CMA"], "capacity": 5}
CAP3 = {"type": "capability", "id": "cap-3", "center_id": "qic-zj-battery", "title": "动力电池热失控与热扩散试验",
        "description": "按 GB 38031-2020 开展电池热失控试验。", "service_types": ["inspection_testing"],
        "industries": ["动力电池"], "standards": ["GB 38031-2020"], "qualifications": ["CMA"]}


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> World:
    # qic-js-battery has room for one more engagement only: the batch must respect that.
    records = [dict(CENTER, capacity=1), *[r for r in kb_records() if r["id"] != CENTER["id"]], EXPERT2,
               CENTER3, CAP3]
    return world_with(settings, tmp_path, records)


@pytest.fixture
def client(world: World, queue: jobs.JobsConfig) -> Iterator[TestClient]:
    # The app's tiny embedder is shared with the jobs run in this process (the thread, or the burst worker).
    with jobs_client(world, queue) as c:
        yield c
    matcher_service.reset()


@pytest.fixture
def as_(client: TestClient) -> Logins:
    return Logins(client)


def _queued(response: Any, name: str, *, may_fail: bool = False) -> dict[str, Any]:
    """The 202 snapshot: the in-process thread may already have run the job (on a busy machine, or not)."""
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    assert job["name"] == name
    if may_fail and job["status"] == "failed":
        return job
    assert job["status"] in ("queued", "started", "finished") and job["error"] is None
    return job


# ---- index rebuild ----

def test_index_rebuild_job_runs_and_is_readable_by_the_association_only(
        client: TestClient, as_: Logins, queue: jobs.JobsConfig, world: World) -> None:
    job = _queued(client.post("/api/v1/index/rebuild", json={"force": True}, headers=as_("coord-assoc")),
                  "index_rebuild")
    assert job["params"] == {"force": True}
    done = wait_job(client, as_("coord-assoc"), job["id"], queue)
    assert done["status"] == "finished", done
    assert done["result"]["rebuilt"] is True and done["result"]["added"] > 0
    assert done["result"]["kb_version"] == matcher_service.index_status(settings=world.settings)["kb_version"]
    assert done["started_at"] and done["finished_at"] and done["created_at"] <= done["started_at"]
    # Another tenant's job looks missing; associations' staff see every tenant's.
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=as_("admin")).status_code == 200
    for other in ("coord-center", "ent-a"):
        assert_error(client.get(f"/api/v1/jobs/{job['id']}", headers=as_(other)), 404, "not_found")
    # Jobs are queued by people only, so only people read them (issue 31: no key reads internal records).
    assert_error(client.get(f"/api/v1/jobs/{job['id']}", headers=bearer(world.keys["ent-a-key"])), 403)
    # No body means a sync, not a rebuild.
    job = _queued(client.post("/api/v1/index/rebuild", headers=as_("admin")), "index_rebuild")
    assert wait_job(client, as_("admin"), job["id"], queue)["result"]["rebuilt"] is False


def test_index_rebuild_access_and_bad_input(client: TestClient, as_: Logins, world: World) -> None:
    for user in ("coord-center", "ent-a"):
        assert_error(client.post("/api/v1/index/rebuild", json={}, headers=as_(user)), 403, "forbidden")
    assert_error(client.post("/api/v1/index/rebuild", json={}, headers=bearer(world.keys["site"])), 403)
    assert_error(client.post("/api/v1/index/rebuild", json={}), 401)
    assert assert_error(client.post("/api/v1/index/rebuild", json={"force": "maybe"},
                                    headers=as_("coord-assoc")), 422)["field"] == "force"
    assert assert_error(client.post("/api/v1/index/rebuild", json={"forse": True},
                                    headers=as_("coord-assoc")), 422)["field"] == "forse"
    assert assert_error(client.get("/api/v1/jobs/no-such-job", headers=as_("admin")), 404)["field"] == "job_id"
    assert_error(client.get("/api/v1/jobs/bad%20id", headers=as_("admin")), 422)
    assert_error(client.get("/api/v1/jobs/some-job"), 401)


# ---- batch assignment ----

def test_batch_assignment_of_the_review_queue_respects_capacity(
        client: TestClient, as_: Logins, queue: jobs.JobsConfig) -> None:
    needs = [submitted_need(client, as_("ent-a"))[0] for _ in range(2)]
    needs.append(submitted_need(client, as_("ent-b"))[0])
    job = _queued(client.post("/api/v1/assignments", json={}, headers=as_("coord-assoc")), "batch_assignment")
    done = wait_job(client, as_("coord-assoc"), job["id"], queue)
    assert done["status"] == "finished", done
    result = done["result"]
    assigned = {a["need_id"]: a for a in result["assigned"]}
    assert set(assigned) | set(result["unassigned"]) == set(needs) and result["skipped"] == []
    # All three want the Jiangsu battery center first; it has one free place, so one need gets it.
    assert [a["center_id"] for a in assigned.values()].count("qic-js-battery") == 1
    assert all(0 < a["score"] <= 1 for a in assigned.values())
    assert {a["center_id"] for a in assigned.values()} <= {"qic-js-battery", "qic-zj-battery", "met-jx-rare"}
    # Advisory only: the reviews still wait for a coordinator.
    queue_now = client.get("/api/v1/reviews", headers=as_("coord-assoc")).json()
    assert queue_now["total"] == 3


def test_batch_assignment_of_chosen_needs_and_bad_input(
        client: TestClient, as_: Logins, queue: jobs.JobsConfig) -> None:
    first, _ = submitted_need(client, as_("ent-a"))
    second, second_review = submitted_need(client, as_("ent-a"))
    # Batch assignment weighs every center against every need: the association's work, never a center's.
    assert_error(client.post("/api/v1/assignments", json={"need_ids": [second]}, headers=as_("coord-center")), 403)
    job = _queued(client.post("/api/v1/assignments", json={"need_ids": [second, second], "alternates": 0},
                              headers=as_("coord-assoc")), "batch_assignment")
    assert job["params"]["need_ids"] == [second] and job["params"]["actor"]["role"] == "association_coordinator"
    done = wait_job(client, as_("coord-assoc"), job["id"], queue)
    assert [a["need_id"] for a in done["result"]["assigned"]] + done["result"]["unassigned"] == [second]
    assert all(a["alternates"] == [] for a in done["result"]["assigned"])
    # The association's job: neither an enterprise nor a center sees it.
    assert_error(client.get(f"/api/v1/jobs/{job['id']}", headers=as_("ent-a")), 404)
    assert_error(client.get(f"/api/v1/jobs/{job['id']}", headers=as_("coord-center")), 404)

    error = assert_error(client.post("/api/v1/assignments", json={"need_ids": [first, "no-such-need"]},
                                     headers=as_("coord-assoc")), 400)
    assert error["field"] == "need_ids" and "no-such-need" in str(error["message"])
    assert assert_error(client.post("/api/v1/assignments", json={"need_ids": []}, headers=as_("coord-assoc")),
                        422)["field"] == "need_ids"
    assert assert_error(client.post("/api/v1/assignments", json={"alternates": 99}, headers=as_("coord-assoc")),
                        422)["field"] == "alternates"
    assert_error(client.post("/api/v1/assignments", json={}, headers=as_("ent-a")), 403)
    assert_error(client.post("/api/v1/assignments", json={}), 401)

    # A need accepted between queueing and running is reported as skipped, not assigned.
    review = client.get(f"/api/v1/reviews/{second_review}", headers=as_("coord-assoc")).json()
    if queue.redis_url:
        job = _queued(client.post("/api/v1/assignments", json={"need_ids": [first, second]},
                                  headers=as_("coord-assoc")), "batch_assignment")
        accepted = client.post(f"/api/v1/reviews/{second_review}/accept", headers=as_("coord-assoc"),
                               json={"center_id": review["proposals"][0]["center_id"], "version": review["version"]})
        assert accepted.status_code == 200, accepted.text
        done = wait_job(client, as_("coord-assoc"), job["id"], queue)
        assert done["result"]["skipped"] == [second]
        assert [a["need_id"] for a in done["result"]["assigned"]] + done["result"]["unassigned"] == [first]


def test_batch_assignment_from_the_review_queue_page_matches_the_api(
        client: TestClient, as_: Logins, queue: jobs.JobsConfig) -> None:
    """Issue 12: the same use case (flows.assignments) by either door: the same job, the same advisory result; the
    page shows each suggestion beside the review where a coordinator decides."""
    needs = {submitted_need(client, as_("ent-a"))[0] for _ in range(2)}
    by_api = _queued(client.post("/api/v1/assignments", json={"alternates": 1}, headers=as_("coord-assoc")),
                     "batch_assignment")
    ui = TestClient(client.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    assert 'action="/assignments"' in ui.get("/review").text
    paged = ui.post("/assignments", data={"alternates": "1"}, follow_redirects=False)
    assert paged.status_code == 303 and paged.headers["location"].startswith("/assignments/"), paged.text
    ui_job = paged.headers["location"].rsplit("/", 1)[1]
    done = [wait_job(client, as_("coord-assoc"), j, queue) for j in (by_api["id"], ui_job)]
    assert [d["status"] for d in done] == ["finished", "finished"], done
    assert done[0]["params"] == done[1]["params"]  # who asked (the person's pipeline view), the whole queue, 1
    assert done[0]["result"] == done[1]["result"]
    assert {a["need_id"] for a in done[1]["result"]["assigned"]} | set(done[1]["result"]["unassigned"]) == needs
    page = ui.get(f"/assignments/{ui_job}")
    assert page.status_code == 200 and 'data-status="finished"' in page.text
    for item in done[1]["result"]["assigned"]:
        review = client.get(f"/api/v1/needs/{item['need_id']}/result", headers=as_("ent-a")).json()
        assert review["review_status"] == "pending"  # advisory: nothing was accepted
        assert f'data-need="{item["need_id"]}"' in page.text
    assert page.text.count('href="/review/') >= len(done[1]["result"]["assigned"])
    # The form is the association's: a center's coordinator has neither it nor the page; bad input is refused.
    center = TestClient(client.app)
    assert form_login(center, "coord-center").status_code == 303
    assert 'action="/assignments"' not in center.get("/review").text
    assert center.post("/assignments", data={"alternates": "1"}, follow_redirects=False).status_code == 403
    assert center.get(f"/assignments/{ui_job}", follow_redirects=False).status_code == 403
    # a page form keeps what was typed and names the field (issue 30, item 1): back to the queue, never a bare 422
    refused = ui.post("/assignments", data={"alternates": "99"}, follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/review")
    assert form_error_field(refused) == "alternates"
    assert ui.get("/assignments/no-such-job").status_code == 404


# ---- report jobs ----

def _run(world: World, center_id: str = "qic-js-battery") -> int:
    with session_scope(world.settings) as session:
        run_id, _ = evaluate_center(session=session, center_id=center_id, period="2026")
    return run_id


def test_report_job_writes_a_file_served_from_the_data_folder(
        client: TestClient, as_: Logins, queue: jobs.JobsConfig, world: World) -> None:
    run_id = _run(world)
    job = _queued(client.post(f"/api/v1/evaluations/{run_id}/report-jobs", json={"fmt": "html"},
                              headers=as_("coord-center")), "evaluation_report")
    done = wait_job(client, as_("coord-center"), job["id"], queue)
    assert done["status"] == "finished", done
    assert done["download"] == f"/api/v1/jobs/{job['id']}/file"
    assert done["result"]["path"].startswith("reports/") and not done["result"]["path"].startswith("/")
    assert (world.settings.home / done["result"]["path"]).is_file()
    response = client.get(done["download"], headers=as_("coord-center"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "电池" in response.text
    assert client.get(done["download"], headers=as_("admin")).status_code == 200
    assert_error(client.get(done["download"], headers=as_("ent-a")), 404)


@pytest.mark.slow  # renders a PDF report: 3–5 s
def test_report_job_as_pdf(client: TestClient, as_: Logins, queue: jobs.JobsConfig, world: World) -> None:
    if queue.redis_url:
        pytest.skip("the PDF path is the same job; once is enough")
    run_id = _run(world)
    job = _queued(client.post(f"/api/v1/evaluations/{run_id}/report-jobs", json={"fmt": "pdf"},
                              headers=as_("coord-assoc")), "evaluation_report")
    done = wait_job(client, as_("coord-assoc"), job["id"], queue)
    assert done["status"] == "finished", done
    response = client.get(done["download"], headers=as_("coord-assoc"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_report_job_access_and_bad_input(client: TestClient, as_: Logins, world: World) -> None:
    other = _run(world, "met-jx-rare")
    # A center coordinator reaches only their own center's runs; another center's look missing.
    assert_error(client.post(f"/api/v1/evaluations/{other}/report-jobs", json={}, headers=as_("coord-center")), 404)
    assert_error(client.post(f"/api/v1/evaluations/{other}/report-jobs", json={}, headers=as_("ent-a")), 403)
    assert assert_error(client.post("/api/v1/evaluations/999999/report-jobs", json={}, headers=as_("coord-assoc")),
                        404)["field"] == "run_id"
    assert assert_error(client.post(f"/api/v1/evaluations/{other}/report-jobs", json={"fmt": "docx"},
                                    headers=as_("coord-assoc")), 422)["field"] == "fmt"
    assert_error(client.post("/api/v1/evaluations/0/report-jobs", json={}, headers=as_("coord-assoc")), 422)


def test_a_file_outside_the_data_folder_is_never_served(client: TestClient, as_: Logins, world: World,
                                                        tmp_path: Path) -> None:
    outside = tmp_path / "secret.html"
    outside.write_text("<p>not yours</p>", "utf-8")
    with session_scope(world.settings) as session:
        for job_id, path in (("escape-1", str(outside)), ("escape-2", "../secret.html")):
            job_rows.create_job(session=session, job_id=job_id, name="evaluation_report", params={},
                                org_id=world.orgs["assoc"])
            job_rows.mark_finished(session=session, job_id=job_id, result=path)
    for job_id in ("escape-1", "escape-2"):
        body = client.get(f"/api/v1/jobs/{job_id}", headers=as_("coord-assoc")).json()
        assert body["status"] == "finished" and body["download"] is None and body["result"] is None
        assert_error(client.get(f"/api/v1/jobs/{job_id}/file", headers=as_("coord-assoc")), 404)


# ---- status transitions and failures ----

def test_status_goes_queued_started_finished(client: TestClient, as_: Logins, queue: jobs.JobsConfig,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    headers = as_("coord-assoc")
    posted = threading.Event()
    job_id: list[str] = []
    seen_inside: list[dict[str, Any]] = []

    def watched_rebuild(settings: Settings, *, force: bool = False) -> dict[str, Any]:
        # What any API worker reports while the job runs (read through the API, from inside the job).
        assert posted.wait(60)
        seen_inside.append(client.get(f"/api/v1/jobs/{job_id[0]}", headers=headers).json())
        return {"force": force}

    monkeypatch.setitem(jobs.JOBS, "index_rebuild", watched_rebuild)
    job = _queued(client.post("/api/v1/index/rebuild", json={}, headers=headers), "index_rebuild")
    job_id.append(job["id"])
    before = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).json()
    if queue.redis_url:
        assert job["status"] == before["status"] == "queued" and before["started_at"] is None
    else:  # the thread may have taken it already; it waits inside the job
        assert before["status"] in ("queued", "started")
    posted.set()
    done = wait_job(client, headers, job["id"], queue)
    assert [s["status"] for s in seen_inside] == ["started"]
    assert seen_inside[0]["started_at"] and seen_inside[0]["finished_at"] is None
    assert done["status"] == "finished" and done["result"] == {"force": False} and done["error"] is None
    assert done["started_at"] == seen_inside[0]["started_at"] and done["finished_at"] >= done["started_at"]


def test_a_failing_job_is_recorded_as_failed_with_its_error(
        client: TestClient, as_: Logins, queue: jobs.JobsConfig, world: World,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_report(settings: Settings, **_kwargs: Any) -> str:
        raise RuntimeError("字体缺失 / the report font is missing")

    monkeypatch.setitem(jobs.JOBS, "evaluation_report", broken_report)
    run_id = _run(world)
    job = _queued(client.post(f"/api/v1/evaluations/{run_id}/report-jobs", json={}, headers=as_("coord-assoc")),
                  "evaluation_report", may_fail=True)
    done = wait_job(client, as_("coord-assoc"), job["id"], queue)
    assert done["status"] == "failed" and done["result"] is None and done["download"] is None
    assert "RuntimeError" in done["error"] and "font is missing" in done["error"]
    assert done["finished_at"] is not None
    assert_error(client.get(f"/api/v1/jobs/{job['id']}/file", headers=as_("coord-assoc")), 404)


def test_a_job_that_cannot_be_queued_is_recorded_as_failed(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Redis down when a job is queued: the caller gets a 4xx-style error naming the queue; the row says why."""
    config = jobs.JobsConfig(redis_url="redis://127.0.0.1:1/0", queue_name="innodock-test-nowhere")
    try:
        with pytest.raises(InnodockError, match="cannot reach the job queue") as caught:
            jobs.enqueue("index_rebuild", settings=world.settings, config=config, job_id="never-queued")
        assert caught.value.field == "redis_url"
    finally:
        jobs.shutdown()
    with session_scope(world.settings) as session:
        row = job_rows.get_job(session=session, job_id="never-queued", org_id=None, home=world.settings.home)
    assert row.status == "failed" and row.error and "cannot reach the job queue" in row.error


# ---- kb import ----

def test_kb_import_hands_the_index_to_a_job_only_with_redis(client: TestClient, as_: Logins,
                                                           queue: jobs.JobsConfig, world: World) -> None:
    changed = dict(CAP, title="动力电池单体热失控与热扩散试验（更新）")
    data = (json.dumps(changed, ensure_ascii=False) + "\n").encode("utf-8")
    response = client.post("/api/v1/kb/import", headers=as_("coord-assoc"),
                           files=[("files", ("kb.jsonl", data, "application/x-ndjson"))])
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"created", "updated", "deleted", "unchanged", "kb_version", "index", "index_job",
                         "warnings"}
    assert body["warnings"] == []
    if not queue.redis_url:
        assert body["index_job"] is None and body["index"] == "ok"
        return
    assert body["index_job"] and body["index"] != "ok"  # not built yet, or stale: the job syncs it
    done = wait_job(client, as_("coord-assoc"), body["index_job"], queue)
    assert done["status"] == "finished" and done["result"]["kb_version"] == body["kb_version"]
    status = matcher_service.index_status(settings=world.settings)
    assert status["manifest"]["kb_version"] == body["kb_version"]


def test_rq_status_is_the_same_from_a_second_app(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two API workers: one queues, the other (a separate app, its own process state) reads the same status."""
    config = rq_config()
    monkeypatch.setitem(jobs.JOBS, "index_rebuild", lambda settings, force=False: {"force": force, "by": "fake"})
    try:
        with jobs_client(world, config) as first, jobs_client(world, config) as second:
            token = first.post("/api/v1/auth/login", json={"username": "coord-assoc",
                                                            "password": "correct-horse-battery"}).json()["token"]
            job = _queued(first.post("/api/v1/index/rebuild", json={}, headers=bearer(token)), "index_rebuild")
            assert second.get(f"/api/v1/jobs/{job['id']}", headers=bearer(token)).json()["status"] == "queued"
            done = wait_job(second, bearer(token), job["id"], config)
            assert done["result"] == {"force": False, "by": "fake"}
            assert first.get(f"/api/v1/jobs/{job['id']}", headers=bearer(token)).json() == done
    finally:
        clean_rq(config)
        jobs.shutdown()
