"""``innodock evaluate …`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cli.evaluations import register as register_center
from core.errors import InnodockError
from core.settings import Settings
from evaluation.cli import register

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
# Our sub-app on a bare root, so these tests do not depend on other packages' commands importing cleanly; ``evaluate
# center`` is the terminal's door to the evaluation flow (cli.evaluations), mounted on the same group.
app = typer.Typer()
register(app)
register_center(app)

# A process that mounts only the evaluate commands and handles errors as core.cli.main does.
MAIN = """
import sys, typer
from core.errors import InnodockError
from evaluation.cli import register
app = typer.Typer()
register(app)
try:
    code = app(standalone_mode=False)
    sys.exit(code if isinstance(code, int) else 0)
except InnodockError as exc:
    print("错误 error: " + exc.one_line(), file=sys.stderr)
    sys.exit(exc.exit_code)
except typer.Exit as exc:
    sys.exit(exc.exit_code)
"""


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_ahp_json_and_exit_status(tmp_path: Path) -> None:
    matrix = [[1, 3, 5], [0.333, 1, 3], [0.2, 0.333, 1]]
    ok = write(tmp_path, "ok.json", {"criteria": ["a", "b", "c"], "matrix": matrix})
    res = runner.invoke(app, ["evaluate", "weights", "--method", "ahp", str(ok), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out["weights"]) == {"a", "b", "c"} and out["consistent"] is True
    assert {"lambda_max", "ci", "cr"} <= set(out)
    # consistent with weights 8:4:2:1 except one reversed judgment, a vs d
    matrix = [[1, 2, 4, 0.125], [0.5, 1, 2, 4], [0.25, 0.5, 1, 2], [8, 0.25, 0.5, 1]]
    bad = write(tmp_path, "bad.json", {"criteria": ["a", "b", "c", "d"], "matrix": matrix})
    res = runner.invoke(app, ["evaluate", "weights", "--method", "ahp", str(bad), "--json"])
    assert res.exit_code == 3
    out = json.loads(res.stdout)
    assert out["consistent"] is False and out["cr"] >= 0.1
    assert out["most_inconsistent"]["row"] == "a" and out["most_inconsistent"]["col"] == "d"


def test_sixteen_criteria_get_weights_with_the_cr_marked_not_computable(tmp_path: Path) -> None:
    """Seed 001's 16 second-level indicators in one matrix: weights, cr null and the note (exit 0); with a table
    that reaches 16, a CR."""
    names = [f"k{i}" for i in range(16)]
    matrix = [[1.0] * 16 for _ in range(16)]
    f = write(tmp_path, "sixteen.json", {"criteria": names, "matrix": matrix})
    res = runner.invoke(app, ["evaluate", "weights", str(f), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["cr"] is None and out["consistent"] is None and "donegan_dodd1991" in out["note"]
    assert out["weights"] == pytest.approx({n: 1 / 16 for n in names})
    plain = runner.invoke(app, ["evaluate", "weights", str(f)])
    assert plain.exit_code == 0 and "CR=—" in plain.stdout
    dd = json.loads(runner.invoke(app, ["evaluate", "weights", str(f), "--ri-table", "donegan_dodd1991",
                                        "--json"]).stdout)
    assert dd["cr"] == pytest.approx(0.0, abs=1e-9) and dd["note"] is None


def test_group_ahp(tmp_path: Path) -> None:
    f = write(tmp_path, "g.json", {"criteria": ["a", "b"], "matrices": [[[1, 3], [1 / 3, 1]], [[1, 1 / 3], [3, 1]]]})
    out = json.loads(runner.invoke(app, ["evaluate", "weights", str(f), "--json"]).stdout)
    assert out["weights"] == {"a": 0.5, "b": 0.5}


@pytest.mark.parametrize("method", ["entropy", "cv", "critic"])
def test_objective_methods(tmp_path: Path, method: str) -> None:
    f = write(tmp_path, "e.json", {
        "criteria": ["r", "t"], "alternatives": ["x", "y", "z"], "matrix": [[3, 9], [5, 4], [8, 6]],
        "directions": ["benefit", "cost"],
    })
    res = runner.invoke(app, ["evaluate", "weights", "--method", method, str(f), "--json"])
    assert res.exit_code == 0, res.output
    weights = json.loads(res.stdout)["weights"]
    assert set(weights) == {"r", "t"} and sum(weights.values()) == pytest.approx(1, abs=1e-5)
    if method == "entropy":
        mm = runner.invoke(app, ["evaluate", "weights", "--method", method, str(f), "--normalize", "minmax", "--json"])
        assert json.loads(mm.stdout)["normalize"] == "minmax"


def test_bad_files_raise_user_errors(tmp_path: Path) -> None:
    f = write(tmp_path, "e.json", {"criteria": ["r"], "matrix": [[1, 2], [0.5, 1]]})
    res = runner.invoke(app, ["evaluate", "weights", str(f), "--json"])
    assert isinstance(res.exception, InnodockError) and res.exception.field == "criteria"
    (tmp_path / "x.json").write_text("{nope", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", "weights", str(tmp_path / "x.json")])
    assert isinstance(res.exception, InnodockError)


@pytest.mark.slow  # over 5 s on a loaded 2-core machine (issue 15): a real process, or many requests
def test_cli_one_line_error_and_byte_identical_runs(tmp_path: Path) -> None:
    bad = write(tmp_path, "nan.json", {"criteria": ["a", "b"], "matrix": [[1, 2], [0.5, 1]]})
    bad.write_text('{"criteria": ["a", "b"], "matrix": [[1, NaN], [1, 1]]}', encoding="utf-8")
    exe = [sys.executable, "-c", MAIN]
    proc = subprocess.run([*exe, "evaluate", "weights", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "matrix[0][1]" in proc.stderr and "Traceback" not in proc.stderr
    bad4 = write(tmp_path, "bad4.json", {"criteria": list("abcd"), "matrix": [
        [1, 2, 4, 0.125], [0.5, 1, 2, 4], [0.25, 0.5, 1, 2], [8, 0.25, 0.5, 1]]})
    proc = subprocess.run([*exe, "evaluate", "weights", str(bad4), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 3 and json.loads(proc.stdout)["consistent"] is False
    example = ROOT / "evaluation" / "examples" / "seed001_full_inputs.json"
    runs = [
        subprocess.run([*exe, "evaluate", "score", str(example), "--json"], capture_output=True, cwd=ROOT)
        for _ in range(2)
    ]
    assert runs[0].returncode == 0 and runs[0].stdout == runs[1].stdout
    assert json.loads(runs[0].stdout)["complete"] is True


def test_score_incomplete_exits_4(tmp_path: Path, full_inputs: dict[str, Any]) -> None:
    full_inputs["values"]["papers"] = None
    res = runner.invoke(app, ["evaluate", "score", str(write(tmp_path, "i.json", full_inputs)), "--json"])
    assert res.exit_code == 4
    assert json.loads(res.stdout)["missing"][0]["item"] == "papers"


def test_score_refuses_a_value_past_its_units_bound(tmp_path: Path, full_inputs: dict[str, Any]) -> None:
    """The file-only door too (a new user's trial, 2026-11-30: 服务场地面积 = 99999999999999999999999 m² was scored):
    refused on ``values.premises_area`` naming the item and its range, nothing scored."""
    full_inputs["values"]["premises_area"] = 99999999999999999999999
    res = runner.invoke(app, ["evaluate", "score", str(write(tmp_path, "i.json", full_inputs)), "--json"])
    assert isinstance(res.exception, InnodockError), res.output
    assert res.exception.field == "values.premises_area" and "服务场地面积" in res.exception.message
    assert "0–1000000" in res.exception.message and not res.stdout


def test_center_and_report_commands(
    eval_settings: Settings, tmp_path: Path, center_inputs: dict[str, Any], records_path: Path
) -> None:
    env: dict[str, str | None] = {"INNODOCK_HOME": str(eval_settings.home),
                                  "INNODOCK_DATABASE_URL": eval_settings.database_url}
    inputs = write(tmp_path, "c.json", center_inputs)
    res = runner.invoke(
        app, ["evaluate", "center", "C001", "--period", "2026", "--as", "association_coordinator:li", "--inputs",
              str(inputs), "--records", str(records_path), "--json"], env=env,
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["complete"] is True
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["evaluate", "report", "C001", "--format", "html", "--out", str(out)], env=env)
    assert res.exit_code == 0, res.output
    assert "服务质量评价报告" in out.read_text(encoding="utf-8")
