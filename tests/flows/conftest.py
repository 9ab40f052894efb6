"""Fixtures for the use-case tests (tests/flows/flowhelpers.py: the world and the use cases as the doors call them):
the flows called directly on a real database, SQLite always and PostgreSQL as the ``postgres``-marked variant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from accounts import hashing
from core.settings import Settings
from matcher import service as matcher_service
from tests.flows.flowhelpers import Flows, make_flows


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with small costs: every test signs five people in."""
    monkeypatch.setattr(hashing, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def flows(settings: Settings, tmp_path: Path) -> Iterator[Flows]:
    """The world on SQLite and on PostgreSQL."""
    yield make_flows(settings, tmp_path)
    matcher_service.reset()
