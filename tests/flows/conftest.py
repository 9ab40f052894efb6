"""Fixtures for the use-case tests (tests/flows/flowhelpers.py: the world and the use cases as the doors call them):
the flows called directly on a real database, SQLite always and PostgreSQL as the ``postgres``-marked variant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from matcher import service as matcher_service
from tests.flows.flowhelpers import Flows, make_flows


@pytest.fixture
def flows(settings: Settings, tmp_path: Path) -> Iterator[Flows]:
    """The world on SQLite and on PostgreSQL."""
    yield make_flows(settings, tmp_path)
    matcher_service.reset()
