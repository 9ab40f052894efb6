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
    """A data folder with the rebuilt e5 model; reuses INNODOCK_TEST_MODEL_HOME when set, to save rebuilds."""
    shared = os.environ.get("INNODOCK_TEST_MODEL_HOME")
    return Path(shared) if shared else tmp_path_factory.mktemp("e5home")


@pytest.fixture(scope="session")
def e5_embedder(e5_home: Path) -> Any:
    from matcher.embedding.models import load_embedder

    return load_embedder("e5", home=e5_home)
