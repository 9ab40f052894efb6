"""Pipeline fixtures: a database (SQLite, and PostgreSQL when reachable) with a small knowledge base loaded."""

from __future__ import annotations

import pytest
from pipeline_helpers import seed_kb

from core.settings import Settings


@pytest.fixture
def kb_settings(settings: Settings) -> Settings:
    """The root ``settings`` fixture (SQLite and PostgreSQL) with the test knowledge base imported."""
    seed_kb(settings)
    return settings


@pytest.fixture
def lite(sqlite_settings: Settings) -> Settings:
    """SQLite only, for tests whose subject is not the database."""
    seed_kb(sqlite_settings)
    return sqlite_settings
