from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from core.db import dispose_engines
from core.settings import Settings

TODAY = date(2026, 11, 21)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def intake_settings(tmp_path: Path) -> Iterator[Settings]:
    settings = Settings(home=tmp_path)
    yield settings
    dispose_engines()
