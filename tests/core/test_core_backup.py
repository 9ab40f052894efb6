"""``innodock db backup|restore`` on SQLite and PostgreSQL: data comes back as at the backup, bad paths fail cleanly.

``test_cli_restore_refuses_data_then_forces`` runs ``restore`` as real processes (the entry point, the exit status of
a refusal and its one stderr line, and a restore by another process while this one holds the database open); the
other commands run the same ``core.cli.main`` in this process (``invoke_cli``), which prints and exits as the process
does, without two seconds of imports a command."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from core.backup import backup, restore
from core.db import Base, get_engine, session_scope
from core.errors import ConflictError, InnodockError, NotFoundError
from core.models_registry import load_all_models
from core.settings import Settings
from pipeline import service as pipeline
from pipeline.schemas import Upload
from tests.conftest import invoke_cli, run_cli
from tests.kb.kbhelpers import BASE_RECORDS, CAP, CENTER, do_import, normalised, snapshot, write_jsonl
from tests.pipeline.pipeline_helpers import CENTER_CO, ENTERPRISE, open_engagement, seed_kb


def _populate(settings: Settings, tmp_path: Path) -> list[dict[str, Any]]:
    do_import(settings, write_jsonl(tmp_path / "kb.jsonl", cast(list[dict[str, Any]], BASE_RECORDS)))
    return snapshot(settings)


def _change(settings: Settings, tmp_path: Path) -> None:
    changed = dict(CAP, title="已修改的能力标题")
    extra = dict(CENTER, id="qic-new", name="新增的检验中心")
    do_import(settings, write_jsonl(tmp_path / "change.jsonl", [changed, extra]))


def test_backup_change_restore_gives_data_as_at_backup(settings: Settings, tmp_path: Path) -> None:
    before = _populate(settings, tmp_path)
    out = tmp_path / "backups" / "kb.backup"
    out.parent.mkdir()
    result = backup(settings=settings, out=out)
    assert result.path == out and out.stat().st_size == result.size > 0
    assert not [p for p in out.parent.iterdir() if p.name != out.name]  # no temp file left behind

    _change(settings, tmp_path)
    after_change = snapshot(settings)
    assert after_change != before and after_change[-1]["_version"] == before[-1]["_version"] + 1

    with pytest.raises(ConflictError):
        restore(settings=settings, source=out)  # data present: refused without force
    assert snapshot(settings) == after_change

    restore(settings=settings, source=out, force=True)
    restored = snapshot(settings)
    assert normalised(restored) == normalised(before)
    assert restored[-1] == before[-1]
    # The restored database takes new writes as usual.
    _change(settings, tmp_path)
    assert snapshot(settings)[-1]["_version"] == before[-1]["_version"] + 1


@pytest.mark.slow  # over 5 s on a loaded 2-core machine (issue 15): a real process, or many requests
def test_cli_restore_refuses_data_then_forces(settings: Settings, tmp_path: Path) -> None:
    before = _populate(settings, tmp_path)
    out = tmp_path / "kb.backup"
    done = invoke_cli(settings, "db", "backup", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout

    # Replace the knowledge base by a lone center through the kb itself.
    do_import(settings, write_jsonl(tmp_path / "only.jsonl", [CENTER]), replace=True)
    assert normalised(snapshot(settings)) != normalised(before)

    done = run_cli(settings, "db", "restore", str(out))
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and "--force" in done.stderr
    # The in-process runner the other command tests use answers exactly as the process did.
    same = invoke_cli(settings, "db", "restore", str(out))
    assert (same.returncode, same.stdout, same.stderr) == (done.returncode, done.stdout, done.stderr)

    done = run_cli(settings, "db", "restore", "--force", str(out))
    assert done.returncode == 0, done.stderr
    assert normalised(snapshot(settings)) == normalised(before)


def test_restore_into_an_emptied_database_needs_no_force(settings: Settings, tmp_path: Path) -> None:
    before = _populate(settings, tmp_path)
    out = tmp_path / "kb.backup"
    backup(settings=settings, out=out)
    load_all_models()
    with get_engine(settings).begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    assert snapshot(settings) == [{"_version": 0}]
    restore(settings=settings, source=out)
    assert snapshot(settings) == before


@pytest.mark.parametrize("case", ["missing_dir", "is_dir", "exists"])
def test_backup_bad_target_is_one_line_error(settings: Settings, tmp_path: Path, case: str) -> None:
    target = {"missing_dir": tmp_path / "nope" / "x.backup", "is_dir": tmp_path,
              "exists": tmp_path / "there.backup"}[case]
    if case == "exists":
        target.write_text("keep me", "utf-8")
    done = invoke_cli(settings, "db", "backup", str(target))
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 error:"), done.stderr
    if case == "exists":
        assert target.read_text("utf-8") == "keep me"


@pytest.mark.parametrize("case", ["missing", "not_a_backup", "is_dir"])
def test_restore_bad_source_is_one_line_error_and_changes_nothing(settings: Settings, tmp_path: Path,
                                                                   case: str) -> None:
    before = _populate(settings, tmp_path)
    source = {"missing": tmp_path / "nope.backup", "not_a_backup": tmp_path / "kb.jsonl", "is_dir": tmp_path}[case]
    done = invoke_cli(settings, "db", "restore", "--force", str(source))
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 error:"), done.stderr
    assert snapshot(settings) == before


def test_restore_refuses_a_backup_of_the_other_backend(settings: Settings, tmp_path: Path) -> None:
    other = tmp_path / "other.backup"
    # A SQLite-looking file for PostgreSQL, a pg_dump-looking file for SQLite.
    other.write_bytes(b"PGDMP garbage" if settings.is_sqlite else b"SQLite format 3\x00garbage")
    with pytest.raises(InnodockError):
        restore(settings=settings, source=other, force=True)


def test_the_files_an_engagement_exchanged_are_in_the_backup_and_not_in_the_data_folder(settings: Settings,
                                                                                         tmp_path: Path) -> None:
    """Issue 12: delivery and message files are kept in the database, so `innodock db backup` carries them and the
    data folder holds only what can be rebuilt. Backed up and restored by the commands (``innodock db backup`` and
    ``restore``, in this process), on both databases."""
    seed_kb(settings)
    eng = open_engagement(settings)
    marker = b"%PDF-1.4\n% WAXWING sample report\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"
    with session_scope(settings) as session:
        posted = pipeline.post_message(session=session, engagement_id=eng, actor=ENTERPRISE, body="检测报告附后",
                                       files=[Upload(name="检测报告.pdf", data=marker)], max_file_bytes=10_000_000)
    file_id = posted.files[0].id
    database = {settings.home / "innodock.sqlite3", settings.home / "innodock.sqlite3-wal",
                settings.home / "innodock.sqlite3-shm"}
    on_disk = [p for p in settings.home.rglob("*") if p.is_file() and p not in database
               and b"WAXWING sample report" in p.read_bytes()]
    assert on_disk == []

    out = tmp_path / "with-files.backup"
    done = invoke_cli(settings, "db", "backup", str(out))
    assert done.returncode == 0, done.stderr
    load_all_models()
    with get_engine(settings).begin() as conn:  # every row gone, the file's too
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    with session_scope(settings) as session, pytest.raises(NotFoundError):
        pipeline.read_file(session=session, engagement_id=eng, file_id=file_id, actor=ENTERPRISE)
    done = invoke_cli(settings, "db", "restore", str(out))
    assert done.returncode == 0, done.stderr
    with session_scope(settings) as session:
        meta, data = pipeline.read_file(session=session, engagement_id=eng, file_id=file_id, actor=CENTER_CO)
        thread = pipeline.list_messages(session=session, engagement_id=eng, actor=ENTERPRISE)
    assert data == marker and (meta.name, meta.media_type, meta.size) == ("检测报告.pdf", "application/pdf",
                                                                           len(marker))
    assert [(m.body, [f.id for f in m.files]) for m in thread] == [("检测报告附后", [file_id])]
