"""Schemathesis over the whole OpenAPI document (bounded), as nobody and as a logged-in association coordinator:
no 5xx, and every response as the schema says."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core.settings import Settings
from matcher import service as matcher_service
from tests.api.apihelpers import login
from tests.api.conftest import fake_matcher, make_domain_world
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.fuzzhelpers import check_operations

pytestmark = pytest.mark.slow  # schemathesis walks every operation (5–8 s a test)

EXAMPLES = 10


@contextmanager
def _fuzz_app(settings: Settings, tmp_path: Path) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    domain_world = make_domain_world(settings, tmp_path)
    app = create_app(domain_world.settings, ApiConfig(deliver_in_process=False), matcher=fake_matcher())
    with TestClient(app) as client:
        submitted_need(client, Logins(client)("ent-a"))  # real ids exist, so some generated calls reach deep code
        headers = {"Authorization": f"Bearer {login(client, 'coord-assoc')}"}
    try:
        yield app, headers
    finally:
        matcher_service.reset()


@pytest.fixture
def fuzz_app(settings: Settings, tmp_path: Path) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """On SQLite and on PostgreSQL."""
    with _fuzz_app(settings, tmp_path) as made:
        yield made


@pytest.fixture
def sqlite_fuzz_app(sqlite_settings: Settings, tmp_path: Path) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    with _fuzz_app(sqlite_settings, tmp_path) as made:
        yield made


def _holds_its_schema(app: FastAPI, headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/v1/auth/logout")
    labels = check_operations(schema, headers=headers, examples=EXAMPLES)
    for label in ["POST /api/v1/needs/{need_id}/submit", "POST /api/v1/reviews/{review_id}/accept",
                  "POST /api/v1/engagements/{engagement_id}/transitions", "GET /api/v1/feed/needs",
                  "POST /api/v1/kb/import", "GET /api/v1/evaluations/{run_id}/report"]:
        assert label in labels


def test_the_whole_api_holds_its_schema_for_a_coordinator(fuzz_app: tuple[FastAPI, dict[str, str]]) -> None:
    app, coordinator = fuzz_app
    _holds_its_schema(app, coordinator)


def test_the_whole_api_holds_its_schema_for_anybody(sqlite_fuzz_app: tuple[FastAPI, dict[str, str]]) -> None:
    """Nobody logged in, on SQLite only: every route but the public ones answers such a call from the one guard
    (401) before its handler runs, and the public routes' handlers run on PostgreSQL in the coordinator's pass,
    which calls them too. The anonymous pass on PostgreSQL cost ≈ 25 s of each CI run and reached no query the
    other passes do not."""
    app, _ = sqlite_fuzz_app
    _holds_its_schema(app, {})
