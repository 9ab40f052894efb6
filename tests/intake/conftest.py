from __future__ import annotations

from datetime import date

import pytest

from core.settings import Settings

TODAY = date(2026, 11, 21)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def intake_settings(settings: Settings) -> Settings:
    """A fresh database, once on SQLite and once on PostgreSQL (see tests/conftest.py)."""
    return settings
