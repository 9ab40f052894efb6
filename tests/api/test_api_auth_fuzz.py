"""Schemathesis over the identity and webhook endpoints (bounded): no 5xx, every response as the schema says."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core.settings import Settings
from tests.api.apihelpers import build_world, kb_records, login
from tests.api.fuzzhelpers import check_operations
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = pytest.mark.slow  # schemathesis walks every operation (5–9 s a test)

EXAMPLES = 15


def test_identity_and_webhook_endpoints_hold_their_schema(settings: Settings, tmp_path: Path) -> None:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    build_world(settings)
    app = create_app(settings, ApiConfig(deliver_in_process=False))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {login(client, 'admin')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex="^/api/v1/(auth|admin|org|webhooks)").exclude(path="/api/v1/auth/logout")  # keeps the admin in
    labels = check_operations(schema, headers=headers, examples=EXAMPLES)
    with TestClient(app) as client:  # the admin stayed logged in: the operations above ran as admin, not as nobody
        assert client.get("/api/v1/auth/me", headers=headers).json()["role"] == "admin"
    assert "POST /api/v1/auth/login" in labels and "GET /api/v1/webhooks/deliveries" in labels
