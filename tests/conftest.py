"""Shared fixtures: a fresh database per test, on SQLite always and on PostgreSQL whenever it is reachable."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.db import dispose_engines
from core.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PG_URL = os.environ.get("INNODOCK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parent.parent


@cache
def postgres_unavailable() -> str | None:
    """None when PostgreSQL answers, else the reason (shown in the skip message)."""
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Iterator[Settings]:
    yield Settings(home=tmp_path / "home")
    dispose_engines()


@pytest.fixture
def postgres_settings(tmp_path: Path) -> Iterator[Settings]:
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        yield Settings(home=tmp_path / "home", database_url=url)
    finally:
        dispose_engines()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest) -> Settings:
    """Run the test once on SQLite and once on PostgreSQL."""
    name = "sqlite_settings" if request.param == "sqlite" else "postgres_settings"
    return request.getfixturevalue(name)


def cli_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["INNODOCK_HOME"] = str(settings.home)
    if settings.database_url:
        env["INNODOCK_DATABASE_URL"] = settings.database_url
    else:
        env.pop("INNODOCK_DATABASE_URL", None)
    env["COLUMNS"] = "200"
    return env


def run_cli(settings: Settings, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``innodock`` process, as a user runs it: exit status and stderr lines are part of the promise."""
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, env=cli_env(settings),
        cwd=cwd or REPO, timeout=300,
    )
