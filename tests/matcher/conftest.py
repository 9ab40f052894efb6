"""Fixtures for matcher tests: a temporary data folder, a tiny deterministic embedder, and (slow) the real e5."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from matcher_helpers import NgramEmbedder

from core.settings import Settings
from matcher import service


@pytest.fixture
def settings(settings: Settings) -> Iterator[Settings]:
    """The shared fixture (once on SQLite, once on PostgreSQL), plus forgetting the indexes this test loaded."""
    yield settings
    service.reset()


@pytest.fixture
def fake_embedder() -> NgramEmbedder:
    return NgramEmbedder()


@pytest.fixture(scope="session")
def e5_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the rebuilt e5 model; reuses INNODOCK_TEST_MODEL_HOME when set, to save rebuilds.

    Under xdist the workers of one run share one rebuild (13 CPU-seconds each otherwise): the first to ask builds it
    in the run's shared temporary folder under a file lock, and each worker's home links its files, so what a worker
    adds to the model folder (an ONNX export) stays in its own home."""
    shared = os.environ.get("INNODOCK_TEST_MODEL_HOME")
    if shared:
        return Path(shared)
    home = tmp_path_factory.mktemp("e5home")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from filelock import FileLock

        from matcher.embedding.convert import MODEL_DIR_NAME, build_e5_folder

        run = tmp_path_factory.getbasetemp().parent / "e5-shared"  # basetemp is this worker's folder of the run
        run.mkdir(exist_ok=True)
        with FileLock(str(run / "build.lock")):
            built = build_e5_folder(run / "models")
        mine = home / "models" / MODEL_DIR_NAME
        mine.mkdir(parents=True)
        for entry in built.iterdir():
            (mine / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return home


@pytest.fixture(scope="session")
def e5_embedder(e5_home: Path) -> Any:
    from matcher.embedding.models import load_embedder

    return load_embedder("e5", home=e5_home)
