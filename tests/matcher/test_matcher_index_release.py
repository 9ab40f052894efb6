"""The published index generation in the database (issue 33, item 6): what a build records, and what a worker that
does not build (``index_builds="job"``) serves before, during and after a build."""

from __future__ import annotations

from datetime import UTC, datetime

from matcher_helpers import BASE_KB, NgramEmbedder, capability, in_session, write_kb

from core.db import session_scope
from core.settings import Settings
from matcher import service
from matcher.index.release import CAPABILITIES, EXPERTS, read_release, record_release
from matcher.index.store import Manifest
from matcher.schemas import MatcherConfig

JOB = MatcherConfig(index_builds="job")


def _manifest(generation: int, kb_version: int) -> Manifest:
    return Manifest(model_id="m", dim=4, count=3, kb_version=kb_version, index_kind="flat_ip",
                    created_at=datetime.now(UTC).isoformat(), generation=generation)


def test_a_release_never_goes_back_to_an_older_generation(settings: Settings) -> None:
    with session_scope(settings) as session:
        assert read_release(session=session, name=CAPABILITIES) is None
        record_release(session=session, name=CAPABILITIES, manifest=_manifest(3, 7))
    with session_scope(settings) as session:  # a slower concurrent build's older generation
        record_release(session=session, name=CAPABILITIES, manifest=_manifest(2, 6))
    with session_scope(settings) as session:
        release = read_release(session=session, name=CAPABILITIES)
        assert release is not None and (release.generation, release.kb_version) == (3, 7)
        record_release(session=session, name=CAPABILITIES, manifest=_manifest(4, 8))
    with session_scope(settings) as session:
        release = read_release(session=session, name=CAPABILITIES)
        assert release is not None and (release.generation, release.kb_version) == (4, 8)
        assert read_release(session=session, name=EXPERTS) is None


def test_a_worker_that_does_not_build_serves_what_the_job_published(settings: Settings,
                                                                    fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, BASE_KB)
    # Nothing published yet: the worker embeds nothing and writes nothing; its dense index is empty (lexical only).
    result = in_session(service.match, settings, need="动力电池失效分析", config=JOB, embedder=fake_embedder)
    assert result.matches  # BM25 still finds the battery center
    assert not service.index_root(settings).exists()
    assert service.index_status(settings=settings, config=JOB)["published"] is None
    stats = service.build_index(settings=settings, config=JOB, embedder=fake_embedder)  # the build job
    assert stats.manifest is not None
    published = service.index_status(settings=settings, config=JOB)["published"]
    assert published["generation"] == stats.manifest.generation and published["kb_version"] == stats.manifest.kb_version
    store = service._engine(settings, JOB, fake_embedder).store
    assert store is not None and store.generation == stats.manifest.generation
    service.reset()  # a fresh worker process: it loads the recorded generation at its first match
    in_session(service.match, settings, need="动力电池失效分析", config=JOB, embedder=fake_embedder)
    store = service._engine(settings, JOB, fake_embedder).store
    assert store is not None and store.generation == stats.manifest.generation and "cap-bat-1" in store
    # The experts' index likewise (none in this kb): the generation the build recorded for it.
    experts = in_session(service.match_experts, settings, need="动力电池失效分析", config=JOB, embedder=fake_embedder)
    assert stats.experts is not None and stats.experts.manifest is not None and experts.considered == 0
    expert_store = service._engine(settings, JOB, fake_embedder).expert_store
    assert expert_store is not None and expert_store.generation == stats.experts.manifest.generation
    with session_scope(settings) as session:
        release = read_release(session=session, name=EXPERTS)
    assert release is not None and release.generation == stats.experts.manifest.generation
    # A kb change is not embedded by the worker: it serves the published generation until the job records another.
    write_kb(settings, [capability("cap-new", "c-bat", "动力电池针刺试验", description="针刺与挤压滥用试验。")])
    in_session(service.match, settings, need="动力电池针刺试验", config=JOB, embedder=fake_embedder)
    store = service._engine(settings, JOB, fake_embedder).store
    assert store is not None and store.generation == stats.manifest.generation and "cap-new" not in store
    later = service.build_index(settings=settings, config=JOB, embedder=fake_embedder)
    assert later.manifest is not None and later.manifest.generation > stats.manifest.generation
    service.reset()
    in_session(service.match, settings, need="动力电池针刺试验", config=JOB, embedder=fake_embedder)
    store = service._engine(settings, JOB, fake_embedder).store
    assert store is not None and store.generation == later.manifest.generation and "cap-new" in store
