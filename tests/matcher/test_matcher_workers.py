"""Several worker processes share one data folder and database: a rebuild in one is served by the other at once,
with no failed match while the snapshot is swapped (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from matcher_helpers import NgramEmbedder, capability, center, write_kb

from core.settings import Settings
from matcher import service
from matcher.index.store import read_manifest
from tests.conftest import REPO, cli_env


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest) -> Iterator[Settings]:
    s: Settings = request.getfixturevalue(f"{request.param}_settings")
    yield s
    service.reset()


class Worker:
    """The other process (tests/matcher/matcher_worker_proc.py)."""

    def __init__(self, settings: Settings) -> None:
        env = cli_env(settings) | {"PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("matcher_worker_proc.py"))],
                                     cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, **cmd: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "worker process died"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def other(shared: Settings) -> Iterator[Worker]:
    worker = Worker(shared)
    yield worker
    worker.close()


def _seed(settings: Settings) -> None:
    write_kb(settings, [
        center("qic-battery", "动力电池检验中心", region="江苏省常州市"),
        center("met-rare", "稀土计量测试中心", region="江西省赣州市"),
        capability("cap-battery", "qic-battery", "动力电池热失控试验", service_types=["inspection_testing"]),
        capability("cap-rare", "met-rare", "稀土永磁材料磁性能测量", service_types=["key_parameter_measurement"]),
    ])


def test_rebuild_in_one_process_is_served_by_the_other(shared: Settings, other: Worker) -> None:
    _seed(shared)
    emb = NgramEmbedder()
    service.build_index(settings=shared, embedder=emb)
    before = other.ask(op="match", text="动力电池热失控试验")
    assert before["kb_version"] == 1 and before["centers"][0] == "qic-battery"
    first_gen = before["generation"]

    # This process changes the kb and rebuilds; the other one was not told anything.
    write_kb(shared, [center("met-gyro", "惯性器件计量中心", region="北京市"),
                      capability("cap-gyro", "met-gyro", "量子陀螺仪标定与校准", service_types=["calibration"])])
    stats = service.build_index(settings=shared, embedder=emb)
    assert stats.manifest is not None and stats.manifest.kb_version == 2
    after = other.ask(op="match", text="量子陀螺仪标定与校准")
    assert after["kb_version"] == 2 and after["centers"][0] == "met-gyro"
    # It loaded the snapshot written here rather than writing its own.
    assert after["generation"] == stats.manifest.generation > first_gen
    manifest = read_manifest(service.index_root(shared))
    assert manifest is not None and manifest.generation == stats.manifest.generation


def test_no_failed_match_while_another_process_rebuilds(shared: Settings, other: Worker) -> None:
    """The other process matches in a loop while this one rebuilds five times. The test waits on the loop's progress
    (at least two matches after each rebuild), never on the clock, so a busy machine makes it slower, not flaky."""
    _seed(shared)
    emb = NgramEmbedder()
    service.build_index(settings=shared, embedder=emb)
    assert other.ask(op="start") == {"started": True}
    assert other.ask(op="wait", more=2)["reached"]
    for round_ in range(1, 6):
        write_kb(shared, [capability(f"cap-extra-{round_}", "met-rare", f"稀土材料第{round_}类成分分析",
                                     service_types=["inspection_testing"])])
        service.build_index(settings=shared, embedder=emb, force=round_ % 2 == 0)
        waited = other.ask(op="wait", more=2)
        assert waited["reached"], waited
    final = read_manifest(service.index_root(shared))
    assert final is not None and final.kb_version == 6
    assert other.ask(op="wait_version", version=6)["reached"]
    seen = other.ask(op="stop")
    assert seen["errors"] == []
    assert seen["count"] >= 12  # 2 before the first rebuild and 2 after each of the five
    # Versions only move forward, and the other process ends on the newest one.
    assert seen["versions"] == sorted(seen["versions"]) and seen["versions"][-1] == 6
    # At most the live generation and the one before it are kept, for the capabilities and for the experts
    # (``experts/``, the experts' index, is synced by the same builds).
    for root in (service.index_root(shared), service.expert_index_root(shared)):
        index_dirs = [p.name for p in root.iterdir() if p.is_dir() and p.name != "experts"]
        assert len(index_dirs) <= 2 and not [d for d in index_dirs if d.endswith(".tmp")], index_dirs
