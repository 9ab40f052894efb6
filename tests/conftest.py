"""Shared fixtures: a fresh database per test, on SQLite always and on PostgreSQL whenever it is reachable."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import traceback
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from accounts import hashing
from core.db import Base, dispose_engine, get_engine, mark_migrated
from core.models_registry import load_all_models
from core.settings import Settings
from tests import file_order, route_contexts, typer_commands

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Property tests (hypothesis, schemathesis) draw the same examples on every run unless asked to explore: a CI run must
# not pass or fail by the draw. `HYPOTHESIS_PROFILE=explore scripts/test.sh` draws new examples each run, to look for
# what the fixed ones miss; a failure it finds becomes an @example.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

route_contexts.install()  # FastAPI's route contexts built once per test process, not once per app (see there)
typer_commands.install()  # each Typer app's click command built once per test process, not once per call (see there)

PG_URL = os.environ.get("INNODOCK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> Iterator[None]:
    """Still argon2id, with small costs, for the whole run: the suite makes hundreds of people on two databases, and
    a module's live server seeds its accounts before any test's own fixtures run (at the library's costs every hash,
    and every first verification of one, took 0.3-0.8 s on the 2-core machine: a dozen a browser module). One place
    for every package; tests/accounts/test_accounts_identity.py puts the production parameters back for its checks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hashing, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


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


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once per test run; each test gets a copy, which is much faster than migrating."""
    home = tmp_path_factory.mktemp("sqlite-template")
    settings = Settings(home=home)
    get_engine(settings)
    dispose_engine(settings.db_url)
    return home / "innodock.sqlite3"


@pytest.fixture
def sqlite_settings(tmp_path: Path, _sqlite_template: Path) -> Iterator[Settings]:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(_sqlite_template, home / "innodock.sqlite3")
    settings = Settings(home=home)
    mark_migrated(settings.db_url)
    yield settings
    dispose_engine(settings.db_url)


@pytest.fixture(scope="session")
def _postgres_url() -> Iterator[str]:
    """One schema per test run, migrated once; each test starts from emptied tables."""
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    # synchronous_commit=off: a commit returns before its WAL record is flushed to disk, so a test does not wait for an
    # fsync at each commit (about 4 ms here). It is still atomic and consistent, and nothing a test does outlives the
    # server: only a crash of the machine could lose the last commits, which a test's throwaway schema can afford.
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"
    try:
        yield url
    finally:
        dispose_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_settings(tmp_path: Path, _postgres_url: str) -> Iterator[Settings]:
    settings = Settings(home=tmp_path / "home", database_url=_postgres_url)
    engine = get_engine(settings)
    # DELETE in reverse dependency order: on tables this small it is far cheaper than TRUNCATE. One round trip for
    # all of them (a statement a table cost a PostgreSQL test 80-400 ms on a loaded machine; together, 7-70 ms).
    load_all_models()
    with engine.begin() as conn:
        quote = conn.dialect.identifier_preparer.format_table
        conn.exec_driver_sql("; ".join(f"DELETE FROM {quote(t)}" for t in reversed(Base.metadata.sorted_tables)))
    yield settings


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


def invoke_cli(settings: Settings, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The same ``innodock`` command as :func:`run_cli`, run in this process: ``core.cli.main`` with these arguments
    and this environment, its stdout and stderr captured and its exit status kept, as the real process gives them.

    A process costs two seconds of imports before the command starts; keep :func:`run_cli` for what only a process
    shows (the entry point itself, a signal, another process holding the database) and one smoke test per file."""
    from click.testing import CliRunner

    from core import cli

    env = cli_env(settings)
    overrides: dict[str, str | None] = {name: env.get(name) for name in ("INNODOCK_HOME", "INNODOCK_DATABASE_URL",
                                                                          "COLUMNS")}
    argv = sys.argv
    code = 0
    with CliRunner().isolation(env=overrides) as (out, err, _), contextlib.chdir(cwd or REPO):
        sys.argv = ["innodock", *args]
        try:
            cli.main()
        except SystemExit as exc:  # click and main() end with sys.exit, as the process does
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:  # what the interpreter does with an uncaught error: a traceback and status 1
            traceback.print_exc()
            code = 1
        finally:
            sys.argv = argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")
    return subprocess.CompletedProcess([sys.executable, "-m", "core.cli", *args], code, stdout, stderr)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Test files longest first, for the xdist workers to finish together (tests/file_order.py)."""
    durations, per_test = file_order.load_durations()
    file_order.longest_files_first(items, durations, per_test)
