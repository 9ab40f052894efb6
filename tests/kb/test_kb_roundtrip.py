"""import → export → import is lossless in every format, unknown fields included (kb-v1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.db import session_scope
from core.settings import Settings
from kb.io.exporter import export_records
from tests.kb.kbhelpers import BASE_RECORDS, CENTER, EXPERT, do_import, normalised, snapshot, write_jsonl

TRICKY = [
    *BASE_RECORDS,
    {**CENTER, "id": "c-tricky", "name": "分号;逗号,引号\"测试", "industries": ["含;分号的行业", "普通"],
     "expert_pools": [], "description": "第一行\n第二行", "odd": "123", "spaced": " 前后空格 ", "empty": "",
     "nested": {"k": [1, "二"]}, "num": 7, "flag": True, "formula_like": "=1+2"},
    {**EXPERT, "id": "exp-2", "center_id": None, "years_experience": 0, "led_projects": 0},
    # issue 14's optional fields: staff counts and a station's head (an object, with a date)
    {"type": "center", "id": "sst-roundtrip", "name": "某科技服务站", "kind": "service_station",
     "staff_total": 5, "staff_innovation": 3, "staff_innovation_advanced": 0, "staff_full_time": 1,
     "staff_part_time": 2, "head": {"name": "何建华", "post": "质量部部长", "middle_management": True,
                                     "years_quality": 12, "certificate": "粤质促站长证〔2025〕003号",
                                     "certificate_valid_until": "2028-04-30"}},
]


def _clean(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if v is not None} for r in records]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
def test_round_trip_lossless(settings: Settings, tmp_path: Path, fmt: str) -> None:
    original = _clean(TRICKY)
    assert do_import(settings, write_jsonl(tmp_path / "in.jsonl", original)).ok
    first = snapshot(settings)
    assert normalised(first) == normalised(original)

    out = tmp_path / ("out" if fmt == "csv" else f"out.{fmt}")
    with session_scope(settings) as session:
        assert export_records(session=session, fmt=fmt, out=out) == len(original)  # type: ignore[arg-type]
    paths = sorted(out.glob("*.csv")) if fmt == "csv" else [out]

    # Into a knowledge base that already holds the same records (a merge) …
    result = do_import(settings, *paths)
    assert result.ok, [str(i) for i in result.issues]
    assert normalised(snapshot(settings)) == normalised(original)
    # … and into one emptied by --replace.
    result = do_import(settings, *paths, replace=True)
    assert result.ok
    assert normalised(snapshot(settings)) == normalised(original)


def test_csv_export_has_bom_and_three_files(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "in.jsonl", BASE_RECORDS))
    out = tmp_path / "csv"
    with session_scope(settings) as session:
        export_records(session=session, fmt="csv", out=out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["capabilities.csv", "centers.csv", "experts.csv"]
    raw = (out / "centers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0].split(",")
    assert header[:3] == ["id", "name", "kind"]
    assert "industries" in header and "founded_year" in header
    row = raw[3:].decode("utf-8").splitlines()[2]
    assert "动力电池;储能" in row


def test_export_jsonl_is_stable(settings: Settings, tmp_path: Path) -> None:
    do_import(settings, write_jsonl(tmp_path / "in.jsonl", BASE_RECORDS))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    with session_scope(settings) as session:
        export_records(session=session, fmt="jsonl", out=a)
        export_records(session=session, fmt="jsonl", out=b)
    assert a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))
