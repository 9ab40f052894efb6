from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli import intake as extract_cli
from core.errors import InnodockError
from intake import cli as intake_cli
from matcher import service as matcher_service
from tests.matcher.matcher_helpers import NgramEmbedder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """intake's group with its ``extract`` command, read by the default reader on a stand-in for the matcher's model
    (no head was trained for it: the rules read service types, as these cases expect; tests/cli/test_cli_intake.py
    has the head's part)."""
    monkeypatch.setattr(matcher_service, "load_embedder", lambda spec, home, **_: NgramEmbedder())
    app = typer.Typer()
    intake_cli.register(app)
    extract_cli.register(app)

    @app.callback()
    def _root() -> None:  # keeps "intake" a sub-command
        pass

    return app


def test_extract_json(app: typer.Typer) -> None:
    text = "我们的储能电池夏天高温老报警，想找有资质的机构做失效分析，三个月内出报告，预算二十万左右，工艺数据要保密"
    result = CliRunner().invoke(app, ["intake", "extract", text, "--today", "2026-11-21", "--json"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert obj["service_types"] == ["quality_evaluation"]
    assert obj["region"] == {"province": None, "city": None}
    assert obj["budget"]["min_yuan"] == 200000 and obj["budget"]["max_yuan"] == 200000
    assert obj["deadline"] == "2027-02-21"
    assert obj["confidential"] is True
    assert obj["missing"] == ["region"]


def test_batch_with_per_line_today(app: typer.Typer, tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": "三个月内完成电机检测，我们在苏州"},
             {"id": "b", "text": "三个月内完成电机检测", "today": "2026-11-30"},
             {"id": "c", "text": ""}]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["intake", "extract", "--batch", str(batch), "--today", "2026-11-21", "--json"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", None]
    assert out[0]["deadline"] == "2027-02-21" and out[0]["region"]["city"] == "苏州市"
    assert out[1]["deadline"] == "2027-02-28"
    assert "error" in out[2] and "error" in out[3]


def test_bad_inputs_give_needs_with_missing_fields(app: typer.Typer) -> None:
    bad = ["12345 678", "<script>alert(1)</script><b>检测</b>", "😀🚀", "x" * 100_000, "Bonjour, nous avons besoin"]
    for text in bad:
        result = CliRunner().invoke(app, ["intake", "extract", text, "--today", "2026-11-21", "--json"])
        assert result.exit_code == 0
        obj = json.loads(result.output)
        assert isinstance(obj["missing"], list)


def test_empty_text_is_an_error(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["intake", "extract", "  ", "--json"])
    assert isinstance(result.exception, InnodockError)
    result = CliRunner().invoke(app, ["intake", "extract", "x", "--today", "2026-13-01"])
    assert isinstance(result.exception, InnodockError)


@pytest.mark.slow  # a CLI subprocess: ~5 s on a loaded 2-core machine
def test_real_command_prints_one_line_and_fails() -> None:
    # No timeout of its own: one of 120 s expired once on a machine loaded by other sessions, and a slow start is not
    # what this test is about; pytest-timeout's 600 s (pyproject.toml) still ends a hung process.
    proc = subprocess.run([sys.executable, "-m", "core.cli", "intake", "extract", "", "--json"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "empty" in proc.stderr
