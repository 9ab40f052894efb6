"""Fixtures for the api tests: an app without the background deliverer, and a small world of tenants.

The world: two enterprises (A, B), a center org bound to the kb center ``qic-js-battery``, and an association with a
coordinator and an admin; one user each, plus integration keys (see ``apihelpers.build_world``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from api.app import create_app
from api.config import ApiConfig
from api.matching import MatcherSetup
from core.settings import Settings
from matcher import service as matcher_service
from tests.api.apihelpers import TEST_BODY_LIMIT, World, build_world, kb_records
from tests.api.browserhelpers import LiveServer, People, chromium, serve_world
from tests.api.uihelpers import ui_kb_records, use_tiny_embedder
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> World:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    return build_world(settings)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    # Receivers in these tests listen on 127.0.0.1; the default refusal is tested on its own.
    config = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, cors_cache_seconds=300,
                       webhook_allow_private=True)
    with TestClient(create_app(world.settings, config, matcher=fake_matcher())) as c:
        yield c
    matcher_service.reset()


@pytest.fixture
def ui_world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    """The console's sample catalog (``uihelpers.ui_kb_records``) and the world of tenants, for the pages' tests."""
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", ui_kb_records())).ok
    yield build_world(settings)
    matcher_service.reset()


@pytest.fixture
def ui_client(ui_world: World) -> Iterator[TestClient]:
    """The app over :func:`ui_world` with the tiny embedder, its registrations not throttled (a test registers many
    times from one address), a server error answered as a page."""
    app = create_app(ui_world.settings, ApiConfig(deliver_in_process=False, register_attempts_per_address=50))
    use_tiny_embedder(app)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def fake_matcher() -> MatcherSetup:
    """The matcher with a tiny hashing embedder: loading e5 per test would take most of the suite's time."""
    return MatcherSetup(embedder=NgramEmbedder())


def make_domain_world(settings: Settings, tmp_path: Path) -> World:
    """The catalog with a second expert (so a team can be formed) and the world of tenants."""
    from tests.api.domainhelpers import domain_records

    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", domain_records())).ok
    return build_world(settings)


@pytest.fixture
def domain_world(settings: Settings, tmp_path: Path) -> World:
    """On SQLite and on PostgreSQL."""
    return make_domain_world(settings, tmp_path)


@pytest.fixture
def domain_client(domain_world: World) -> Iterator[TestClient]:
    config = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, webhook_allow_private=True)
    with TestClient(create_app(domain_world.settings, config, matcher=fake_matcher())) as c:
        yield c
    matcher_service.reset()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run (tests/api/browserhelpers.py); each person gets a context of it."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a real server over the UI tests' shared world (``browserhelpers.serve_world``), one per browser test
    module; a module whose world needs more defines its own ``live_server``."""
    with serve_world(tmp_path_factory.mktemp(f"{request.module.__name__.rsplit('.', 1)[-1]}-home")) as server:
        yield server


@pytest.fixture
def people(browser: Browser, live_server: LiveServer) -> Iterator[People]:
    """Per-person logged-in pages on the module's ``live_server``."""
    crowd = People(browser, live_server)
    yield crowd
    crowd.close()
