"""The account and key commands (``user``, ``org``, ``audit``, ``key``, ``demo-accounts``, ``webhooks deliver``) as
a user runs them.

The first command runs as a real ``innodock`` process (the entry point, its exit status, the password and the database
taken from the environment); the rest run the same ``core.cli.main`` in this process (``invoke_cli``), which prints
and exits as the process does, without two seconds of imports a command. A refusal by a real process (status 1, one
stderr line, no traceback) is tests/core/test_core_backup.py's ``test_cli_restore_refuses_data_then_forces``."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.demo import DEMO_PASSWORDS
from accounts.vocab import OrgKind, Role
from api.app import create_app
from api.config import ApiConfig
from core.db import session_scope
from core.settings import Settings
from tests.api.apihelpers import kb_records
from tests.conftest import invoke_cli, run_cli
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = pytest.mark.slow  # a real `innodock` process a database, demo accounts, password hashes


def test_user_and_key_commands(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNODOCK_PASSWORD", "cli-password-1")  # the password never appears on the command line
    made = run_cli(settings, "user", "create", "--org-kind", "enterprise", "--org-name", "某公司",
                   "--username", "boss", "--role", "enterprise")
    monkeypatch.delenv("INNODOCK_PASSWORD")
    assert made.returncode == 0, made.stderr
    assert "boss" in made.stdout and "某公司" in made.stderr
    key = invoke_cli(settings, "key", "create", "--org", "某公司", "--name", "ERP", "--scopes",
                  "needs:write,results:read", "--expires-days", "30")
    assert key.returncode == 0, key.stderr
    secret = key.stdout.strip()
    assert secret.startswith("ik_") and "\n" not in secret and secret not in key.stderr
    bad = invoke_cli(settings, "key", "create", "--org", "某公司", "--name", "x", "--scopes", "root")
    assert bad.returncode == 1 and bad.stderr.startswith("错误 error: scopes")
    assert "Traceback" not in bad.stderr
    missing = invoke_cli(settings, "key", "create", "--org", "无此公司", "--name", "x", "--scopes", "feed:read")
    assert missing.returncode == 1 and "无此公司" in missing.stderr
    listed = invoke_cli(settings, "key", "list", "--org", "某公司")
    assert "ERP" in listed.stdout and secret not in listed.stdout
    with TestClient(create_app(settings, ApiConfig(deliver_in_process=False))) as client:
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"}).json()
        assert me["org"]["name"] == "某公司" and me["role"] == "enterprise"
        login = client.post("/api/v1/auth/login", json={"username": "boss", "password": "cli-password-1"})
        assert login.status_code == 200


def test_demo_accounts_are_idempotent(settings: Settings, tmp_path: Path) -> None:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    first = invoke_cli(settings, "demo-accounts")
    assert first.returncode == 0, first.stderr
    secret = next(w for w in first.stdout.split() if w.startswith("ik_"))
    for username in ["demo-enterprise", "demo-center", "demo-association", "demo-admin", "demo-bureau"]:
        assert username in first.stdout
    second = invoke_cli(settings, "demo-accounts")
    assert second.returncode == 0 and secret not in second.stdout and "--reset-key" in second.stdout
    with TestClient(create_app(settings, ApiConfig(deliver_in_process=False))) as client:
        token = client.post("/api/v1/auth/login", json={"username": "demo-center",
                                                        "password": DEMO_PASSWORDS["demo-center"]}).json()["token"]
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["org"]["center_id"] == "qic-js-battery" and me["role"] == "center_coordinator"
        orgs = client.get("/api/v1/admin/orgs", headers={"Authorization": f"Bearer {_login(client, 'demo-admin')}"})
        assert orgs.json()["total"] == 4  # the second run made nothing new (the demo bureau is the fourth)
        # The website's key sits in web pages: it reads the feed, and nothing else (issue 31), "who am I" included.
        site = {"Authorization": f"Bearer {secret}", "Origin": "http://localhost:8080"}
        assert client.get("/api/v1/feed/needs", headers=site).status_code == 200
        assert client.get("/api/v1/auth/me", headers=site).status_code == 403
    deliver = invoke_cli(settings, "webhooks", "deliver")
    assert deliver.returncode == 0 and "attempted 0" in deliver.stderr


def _login(client: TestClient, username: str) -> str:
    token: str = client.post("/api/v1/auth/login", json={"username": username,
                                                         "password": DEMO_PASSWORDS[username]}).json()["token"]
    return token


def test_account_response_commands(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stolen account, answered at the terminal: disable, enable, reset the password, end sessions, disable the
    organisation, and read what was done in the audit log (finding 10)."""
    with session_scope(settings) as session:
        org = auth.create_org(session=session, kind=OrgKind.enterprise, name="某公司")
        auth.create_user(session=session, org_id=org.id, username="boss", password="old-password-77",
                         role=Role.enterprise)
    with TestClient(create_app(settings, ApiConfig(deliver_in_process=False))) as client:
        def login(password: str) -> int:
            return client.post("/api/v1/auth/login", json={"username": "boss", "password": password}).status_code

        def me(token: str) -> int:
            return client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code

        token = client.post("/api/v1/auth/login", json={"username": "boss", "password": "old-password-77"}
                            ).json()["token"]
        assert invoke_cli(settings, "user", "disable", "boss").returncode == 0
        assert me(token) == 401 and login("old-password-77") == 401
        assert invoke_cli(settings, "user", "enable", "boss").returncode == 0
        token = client.post("/api/v1/auth/login", json={"username": "boss", "password": "old-password-77"}
                            ).json()["token"]
        ended = invoke_cli(settings, "user", "end-sessions", "boss")
        assert ended.returncode == 0 and "1" in ended.stdout and me(token) == 401
        monkeypatch.setenv("INNODOCK_PASSWORD", "new-password-88")
        reset = invoke_cli(settings, "user", "password", "boss")
        monkeypatch.delenv("INNODOCK_PASSWORD")
        assert reset.returncode == 0, reset.stderr
        assert login("old-password-77") == 401 and login("new-password-88") == 200
        assert invoke_cli(settings, "org", "disable", "某公司").returncode == 0
        assert login("new-password-88") == 401
        audit = invoke_cli(settings, "audit", "--limit", "20")
        assert audit.returncode == 0
        for action in ("account.user_disabled", "account.user_enabled", "account.sessions_ended",
                       "account.password_reset", "account.org_disabled"):
            assert action in audit.stdout, audit.stdout
        assert "cli" in audit.stdout.split()
        missing = invoke_cli(settings, "user", "disable", "nobody")
        assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
        assert "nobody" in missing.stderr and "Traceback" not in missing.stderr
