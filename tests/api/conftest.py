"""Fixtures for the api tests: an app without the background deliverer, and a small world of tenants.

The world: two enterprises (A, B), a center org bound to the kb center ``qic-js-battery``, and an association with a
coordinator and an admin; one user each, plus integration keys (see ``apihelpers.build_world``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import hashing
from api.config import ApiConfig
from core.settings import Settings
from tests.api.apihelpers import TEST_BODY_LIMIT, World, build_world, kb_records
from tests.kb.kbhelpers import do_import, write_jsonl


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with small costs: the suite makes dozens of users on two databases."""
    monkeypatch.setattr(hashing, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> World:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    return build_world(settings)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    # Receivers in these tests listen on 127.0.0.1; the default refusal is tested on its own.
    config = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, cors_cache_seconds=300,
                       webhook_allow_private=True)
    with TestClient(create_app(world.settings, config)) as c:
        yield c
