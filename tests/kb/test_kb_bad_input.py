"""Bad input gets one clear message naming file, line and field; the knowledge base stays exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from core.settings import Settings
from tests.conftest import invoke_cli
from tests.kb.kbhelpers import BASE_RECORDS, CAP, CENTER, do_import, snapshot, write_jsonl


@pytest.fixture
def loaded(settings: Settings, tmp_path: Path) -> Settings:
    result = do_import(settings, write_jsonl(tmp_path / "base.jsonl", BASE_RECORDS))
    assert result.ok
    return settings


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str, str]]:
    """name → (file, expected location suffix, expected field)."""
    files: dict[str, tuple[Path, str, str]] = {}
    p = write_jsonl(tmp_path / "malformed.jsonl", [CENTER], raw_lines=['{"type": "center", "id": "x",'])
    files["malformed_json"] = (p, ":2", "json")
    p = write_jsonl(tmp_path / "enum.jsonl", [{**CENTER, "id": "new-c", "kind": "laboratory"}])
    files["wrong_enum"] = (p, ":1", "kind")
    p = write_jsonl(tmp_path / "service.jsonl", [{**CAP, "id": "cap-new", "service_types": ["testing"]}])
    files["wrong_service_type"] = (p, ":1", "service_types.0")
    p = write_jsonl(tmp_path / "orphan.jsonl", [{**CAP, "id": "cap-orphan", "center_id": "no-such-center"}])
    files["missing_center"] = (p, ":1", "center_id")
    p = write_jsonl(tmp_path / "dupe.jsonl", [{**CENTER, "id": "c-dup"}, {**CENTER, "id": "c-dup", "name": "另一个"}])
    files["duplicate_ids"] = (p, ":2", "id")
    p = tmp_path / "latin1.jsonl"
    p.write_bytes('{"type": "center", "id": "c-x", "name": "Caf\u00e9", "kind": "other"}\n'.encode("latin-1"))
    files["not_utf8"] = (p, ":1", "encoding")
    p = tmp_path / "empty.jsonl"
    p.write_text("", encoding="utf-8")
    files["empty_file"] = (p, ":1", "file")
    p = tmp_path / "centers.csv"
    p.write_text("id,name\nc-csv,某中心\n", encoding="utf-8")
    files["csv_missing_column"] = (p, ":1", "kind")
    p = write_jsonl(tmp_path / "badid.jsonl", [{**CENTER, "id": "坏编号 with space"}])
    files["bad_id"] = (p, ":1", "id")
    p = write_jsonl(tmp_path / "negative.jsonl", [{**CENTER, "id": "c-neg", "capacity": -1}])
    files["negative_capacity"] = (p, ":1", "capacity")
    p = write_jsonl(tmp_path / "notype.jsonl", [{"id": "c-notype", "name": "x", "kind": "other"}])
    files["missing_type"] = (p, ":1", "type")
    p = tmp_path / "capabilities.csv"
    p.write_text("id,center_id,title,service_types\nk-bad,qic-js-battery,标题,inspection_testing\n"
                 "k-bad2,qic-js-battery,标题2,\n", encoding="utf-8")
    files["csv_missing_required_cell"] = (p, ":3", "service_types")
    return files


BAD_CASES = [
    "malformed_json", "wrong_enum", "wrong_service_type", "missing_center", "duplicate_ids", "not_utf8",
    "empty_file", "csv_missing_column", "bad_id", "negative_capacity", "missing_type", "csv_missing_required_cell",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_file_changes_nothing(loaded: Settings, tmp_path: Path, case: str) -> None:
    path, line, field = _bad_files(tmp_path)[case]
    before = snapshot(loaded)
    result = do_import(loaded, path)
    assert not result.written
    assert result.issues, case
    first = result.issues[0]
    assert first.location == f"{path}{line}"
    assert first.field == field
    text = str(first)
    assert text.startswith(f"{path}{line}: {field}: ") and len(text.splitlines()) == 1
    assert snapshot(loaded) == before


def test_errors_in_several_files_all_reported(loaded: Settings, tmp_path: Path) -> None:
    files = _bad_files(tmp_path)
    before = snapshot(loaded)
    result = do_import(loaded, files["wrong_enum"][0], files["missing_center"][0], files["not_utf8"][0])
    assert {i.field for i in result.issues} == {"kind", "center_id", "encoding"}
    assert snapshot(loaded) == before


def test_excel_errors_name_sheet_and_row(loaded: Settings, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "capability"
    ws.append(["id", "center_id", "title", "service_types"])
    ws.append(["k-x1", "qic-js-battery", "电池内阻测量", "key_parameter_measurement"])
    ws.append(["k-x2", "qic-js-battery", "电池外观检查", "looking"])
    path = tmp_path / "kb.xlsx"
    wb.save(path)
    before = snapshot(loaded)
    result = do_import(loaded, path)
    assert [str(i).split(": ")[0] for i in result.issues] == [f"{path}:capability:3"]
    assert snapshot(loaded) == before


def test_not_a_workbook(loaded: Settings, tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    result = do_import(loaded, path)
    assert result.issues[0].field == "file" and not result.written


def test_cli_bad_import_exits_nonzero_with_located_lines(loaded: Settings, tmp_path: Path) -> None:
    path = _bad_files(tmp_path)["wrong_enum"][0]
    before = snapshot(loaded)
    proc = invoke_cli(loaded, "kb", "import", str(path))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith(f"{path}:1: kind: ")
    assert "nothing imported" in lines[-1]
    assert snapshot(loaded) == before


def test_cli_partial_imports_good_ones_and_still_exits_1(settings: Settings, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "kb.jsonl", [CENTER, {**CAP, "center_id": "nope"}])
    proc = invoke_cli(settings, "kb", "import", "--partial", str(path))
    assert proc.returncode == 1
    assert f"{path}:2: center_id:" in proc.stderr
    ids = {r.get("id") for r in snapshot(settings)}
    assert CENTER["id"] in ids and CAP["id"] not in ids


def test_cli_unknown_id_one_line(settings: Settings) -> None:
    proc = invoke_cli(settings, "kb", "show", "no-such-id")
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "no-such-id" in proc.stderr
    proc = invoke_cli(settings, "kb", "delete", "no-such-id")
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1


def test_delete_with_one_unknown_id_deletes_nothing(loaded: Settings) -> None:
    from core.db import session_scope
    from core.errors import NotFoundError
    from kb import service

    before = snapshot(loaded)
    with pytest.raises(NotFoundError), session_scope(loaded) as session:
        service.delete_records(session=session, ids=["cap-1", "missing-one"])
    assert snapshot(loaded) == before


def test_staff_counts_and_the_head_are_checked_by_line(settings: Settings, tmp_path: Path) -> None:
    """Issue 14's optional fields: counts that cannot add up, a head that is not an object, or one whose years are
    negative are refused by line, nothing written."""
    base = {"type": "center", "kind": "service_station", "name": "某站"}
    path = write_jsonl(tmp_path / "staff.jsonl", [
        {**base, "id": "s1", "staff_total": 3, "staff_innovation": 4},
        {**base, "id": "s2", "head": "何建华"},
        {**base, "id": "s3", "head": {"name": "何建华", "years_quality": -1}},
        {**base, "id": "s4", "staff_part_time": -2},
        # 500 full-time of 120 in all (a new center's day, 2026-11-28: the provider's own form took it)
        {**base, "id": "s5", "staff_total": 120, "staff_full_time": 500},
    ])
    result = do_import(settings, path)
    assert not result.written
    lines = [str(i) for i in result.issues]
    assert [line.split(": ")[0] for line in lines] == [f"{path}:{n}" for n in (1, 2, 3, 4, 5)]
    assert "staff_innovation" in lines[0] and "head" in lines[1] and "head" in lines[2]
    assert "staff_part_time" in lines[3] and "staff_full_time" in lines[4]


def test_the_schemas_refusals_are_said_in_both_languages(settings: Settings, tmp_path: Path) -> None:
    """A number out of range, a word for a number, a list given as text: each reason in Chinese and English, as every
    other import reason is ("years_experience: Input should be greater than or equal to 0" stood alone on the
    Chinese import page: the admin's day walked as a new user, 2026-11-28)."""
    path = write_jsonl(tmp_path / "bad.jsonl", [
        {"type": "expert", "id": "e1", "name": "张三", "years_experience": -3},
        {"type": "expert", "id": "e2", "name": "李四", "led_projects": "十个"},
        {"type": "expert", "id": "e3", "name": "王五", "fields": "材料"},
    ])
    reasons = {i.field: i.reason for i in do_import(settings, path).issues}
    assert reasons["years_experience"] == "应不小于 0 / must be at least 0"
    assert reasons["led_projects"] == "应为整数 / must be a whole number"
    assert reasons["fields"].startswith("应为列表") and "must be a list" in reasons["fields"]
