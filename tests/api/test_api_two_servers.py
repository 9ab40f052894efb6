"""Past one machine (issue 33, item 6): two API servers, each with its own data folder, on one database and one shared
index folder, with the index written only by the build job (``INNODOCK_MATCHER_INDEX_BUILDS=job``).

A capability imported through server A is matched by server B after the build job has published the new index
generation, with B neither restarted nor embedding a document: B reads the published generation from the database
at its next request and maps that generation's file. The servers are two apps in this process (each its own matcher
engine: the engines are per data folder), run on SQLite and on PostgreSQL (one schema for both servers). Nothing waits
on the clock: the test waits on the job's recorded status (``wait_job``, a bounded poll of state).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from api.matching import MatcherSetup
from core.db import session_scope
from core.settings import Settings
from flows import jobs as flow_jobs
from matcher import service as matcher_service
from matcher.index.release import CAPABILITIES, read_release
from matcher.index.store import current_dir
from matcher.schemas import MatcherConfig
from outbox import queue as jobs
from tests.api.apihelpers import TEST_BODY_LIMIT, kb_records
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.jobhelpers import wait_job, world_with
from tests.matcher.matcher_helpers import NgramEmbedder

GYRO_CENTER = {"type": "center", "id": "qic-sn-inertial", "name": "陕西省惯性器件计量测试中心",
               "kind": "quality_inspection_center", "region": "陕西省西安市", "industries": ["惯性导航"],
               "qualifications": ["CMA", "CNAS"], "capacity": 5}
GYRO_CAP = {"type": "capability", "id": "cap-gyro", "center_id": "qic-sn-inertial",
            "title": "光纤陀螺仪标定与零偏稳定性测试",
            "description": "开展光纤陀螺仪和加速度计的标定、零偏稳定性与标度因数测试。",
            "service_types": ["inspection_testing"], "industries": ["惯性导航"], "qualifications": ["CMA"]}
GYRO_NEED = "我们研制的光纤陀螺仪需要做标定和零偏稳定性测试，请推荐能做的机构。"


def _host(settings: Settings, tmp_path: Path, name: str, shared: Path) -> Settings:
    home = tmp_path / name
    home.mkdir()
    return Settings(home=home, database_url=settings.db_url, index_dir=shared)


def _engine_store(host: Settings, config: MatcherConfig, embedder: NgramEmbedder) -> tuple[int, set[str]]:
    store = matcher_service._engine(host, config, embedder).store
    assert store is not None
    return store.generation, set(store.ids)


@pytest.fixture
def job_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Every process of the deployment reads the same environment, the build job's too (flows.jobs reads MatcherConfig).
    monkeypatch.setenv("INNODOCK_MATCHER_INDEX_BUILDS", "job")
    yield
    matcher_service.reset()


@pytest.mark.usefixtures("job_builds")
def test_a_capability_added_through_one_server_is_matched_by_the_other_after_the_build_job(
        settings: Settings, tmp_path: Path) -> None:
    shared = tmp_path / "shared-index"
    host_a, host_b, builder = (_host(settings, tmp_path, n, shared) for n in ("host-a", "host-b", "builder"))
    world = world_with(host_a, tmp_path, kb_records())
    config = MatcherConfig()
    assert config.index_builds == "job"

    # The deployment's first build, by the job on a machine of its own (`innodock worker`), before the servers start.
    flow_jobs.share_embedder(builder, NgramEmbedder())
    first = flow_jobs.index_rebuild(builder)
    assert first["added"] >= 2
    with session_scope(host_a) as session:
        published = read_release(session=session, name=CAPABILITIES)
    assert published is not None and published.kb_version == first["kb_version"]

    api = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, warm_index=False)
    emb_a, emb_b = NgramEmbedder(), NgramEmbedder()
    thread_jobs = jobs.JobsConfig(redis_url=None)
    app_a = create_app(host_a, api, matcher=MatcherSetup(config=config, embedder=emb_a), jobs=thread_jobs)
    app_b = create_app(host_b, api, matcher=MatcherSetup(config=config, embedder=emb_b), jobs=thread_jobs)
    with TestClient(app_a) as a, TestClient(app_b) as b:
        on_a, on_b = Logins(a), Logins(b)
        # B serves the published generation, mapped from the shared folder; the gyro center does not exist yet.
        _, review = submitted_need(b, on_b("ent-a"), text=GYRO_NEED)
        proposals = b.get(f"/api/v1/reviews/{review}", headers=on_b("coord-assoc")).json()["proposals"]
        assert "qic-sn-inertial" not in [p["center_id"] for p in proposals]
        generation, ids = _engine_store(host_b, config, emb_b)
        assert generation == published.generation and "cap-gyro" not in ids

        # The capability is added through A; A queues the build job (it writes no index within the request).
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (GYRO_CENTER, GYRO_CAP)).encode("utf-8")
        imported = a.post("/api/v1/kb/import", headers=on_a("coord-assoc"),
                          files=[("files", ("kb.jsonl", data, "application/x-ndjson"))])
        assert imported.status_code == 200, imported.text
        job_id = imported.json()["index_job"]
        assert job_id is not None
        done = wait_job(a, on_a("coord-assoc"), job_id, thread_jobs)
        assert done["status"] == "finished", done
        with session_scope(host_a) as session:
            release = read_release(session=session, name=CAPABILITIES)
        assert release is not None and release.generation > published.generation
        assert release.kb_version == imported.json()["kb_version"]

        # B, not restarted, matches the new capability at its next request, from the job's generation.
        _, review = submitted_need(b, on_b("ent-b"), text=GYRO_NEED)
        proposals = b.get(f"/api/v1/reviews/{review}", headers=on_b("coord-assoc")).json()["proposals"]
        assert proposals and proposals[0]["center_id"] == "qic-sn-inertial", proposals
        generation, ids = _engine_store(host_b, config, emb_b)
        assert generation == release.generation and "cap-gyro" in ids

    # Only the build job wrote index files, all in the shared folder: neither server has an index of its own.
    assert current_dir(shared) is not None and current_dir(shared).name == f"gen-{release.generation:06d}"
    assert not (host_a.home / "index").exists() and not (host_b.home / "index").exists()
    assert world.settings is host_a


def test_readiness_stays_ok_while_the_job_has_not_published_the_kb_change(settings: Settings, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Between a kb change and its build, the hosts serve the last published index: a proxy must not take every host
    out of rotation for the duration of a rebuild. One data folder building for itself still says it is stale."""
    from flows import matching
    from tests.kb.kbhelpers import do_import, write_jsonl

    host = _host(settings, tmp_path, "host", tmp_path / "shared-index")
    assert do_import(host, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    job, workers = (MatcherSetup(config=MatcherConfig(index_builds=mode), embedder=NgramEmbedder())
                    for mode in ("job", "workers"))
    assert matching.index_state(setup=job, settings=host) == "not_built"
    matching.sync_index(setup=job, settings=host)  # the build job
    assert matching.index_state(setup=job, settings=host) == "ok"
    assert do_import(host, write_jsonl(tmp_path / "more.jsonl", [GYRO_CENTER, GYRO_CAP])).ok
    assert matching.index_state(setup=job, settings=host) == "ok"
    assert matching.index_state(setup=workers, settings=host).startswith("stale")
    matcher_service.reset()
