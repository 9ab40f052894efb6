"""Fixtures for the outbox's tests: the tenants a subscription belongs to (a subscription's organisation must exist),
as in the API's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from tests.api.apihelpers import World, build_world, kb_records
from tests.kb.kbhelpers import do_import, write_jsonl


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> World:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    return build_world(settings)
