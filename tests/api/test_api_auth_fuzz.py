"""Schemathesis over the identity and webhook endpoints (bounded): no 5xx, every response as the schema says."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.result import Ok

from api.app import create_app
from api.config import ApiConfig
from core.settings import Settings
from tests.api.apihelpers import build_world, kb_records, login
from tests.kb.kbhelpers import do_import, write_jsonl

EXAMPLES = 15


def test_identity_and_webhook_endpoints_hold_their_schema(sqlite_settings: Settings, tmp_path: Path) -> None:
    assert do_import(sqlite_settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    build_world(sqlite_settings)
    app = create_app(sqlite_settings, ApiConfig(deliver_in_process=False))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {login(client, 'admin')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex="^/api/v1/(auth|admin|org|webhooks)").exclude(path="/api/v1/auth/logout")  # keeps the admin in
    labels = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # an operation the schema cannot describe is itself a failure
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            # Domain rules (a center org needs a kb center id, a credit code's check character, a role that fits
            # the org) answer 400 to data the schema alone cannot rule out, so "schema-valid data is accepted" is
            # not a promise of this API; no 5xx and schema-true responses are.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
    with TestClient(app) as client:  # the admin stayed logged in: the operations above ran as admin, not as nobody
        assert client.get("/api/v1/auth/me", headers=headers).json()["role"] == "admin"
    assert "POST /api/v1/auth/login" in labels and "GET /api/v1/webhooks/deliveries" in labels
