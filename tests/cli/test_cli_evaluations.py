"""``innodock evaluate center`` goes through the one evaluation flow: the independence rule, the evaluator on record,
and the improvement loop (findings, the grade's consequence proposed to the association), as on the web."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.cli import app, main
from core.db import session_scope
from core.settings import Settings
from evaluation.models import EvaluationRun
from tests.providers.providerhelpers import QIC, QIC_CAP, STATION, STATION_CAP, scaled_inputs, seed

ASSOC = "association_coordinator:zhou"
OWN = "center_coordinator:liang@sta-gd-foshan"


@pytest.fixture
def terminal(sqlite_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    seed(sqlite_settings, tmp_path, [STATION, STATION_CAP, QIC, QIC_CAP])
    monkeypatch.setenv("INNODOCK_HOME", str(sqlite_settings.home))
    monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    yield sqlite_settings


def _inputs(tmp_path: Path, scale: float, *, own: bool = False) -> Path:
    path = tmp_path / f"inputs-{scale}-{own}.json"
    path.write_text(json.dumps(scaled_inputs("sta-gd-foshan", scale, own=own), ensure_ascii=False), encoding="utf-8")
    return path


def _runs(settings: Settings) -> list[tuple[str, str | None, str | None]]:
    with session_scope(settings) as session:
        return [(r.party, r.evaluator_role, r.evaluator_name) for r in session.query(EvaluationRun).order_by(
            EvaluationRun.id)]


def test_a_failing_rating_at_the_terminal_runs_the_improvement_loop(terminal: Settings, tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2026", "--as", ASSOC,
                                    "--inputs", str(_inputs(tmp_path, 0.2)), "--evaluator", "某第三方评价机构",
                                    "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["complete"] is True
    assert "整改项" in done.stderr and "order_rectification" in done.stderr
    assert _runs(terminal) == [("third", "association_coordinator", "某第三方评价机构")]
    found = json.loads(CliRunner().invoke(app, ["provider", "findings", "sta-gd-foshan", "--as", ASSOC,
                                                "--json"]).stdout)
    assert found and {f["state"] for f in found} == {"open"}
    waiting = json.loads(CliRunner().invoke(app, ["provider", "proposals", "--as", ASSOC, "--json"]).stdout)
    assert [(p["center_id"], p["transition"]) for p in waiting] == [("sta-gd-foshan", "order_rectification")]


def test_the_provider_itself_files_a_self_assessment_only(terminal: Settings, tmp_path: Path) -> None:
    posing = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2026", "--as", OWN,
                                      "--party", "third", "--inputs", str(_inputs(tmp_path, 0.2, own=True))])
    assert posing.exit_code != 0 and getattr(posing.exception, "field", "") == "party"
    assert _runs(terminal) == []
    own = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2026", "--as", OWN,
                                   "--inputs", str(_inputs(tmp_path, 0.2, own=True))])
    assert own.exit_code == 0, own.output
    assert "机构自评" in own.stderr and "整改项" not in own.stderr
    assert [r[0] for r in _runs(terminal)] == ["self"]
    # A self-assessment leaves no findings and proposes nothing.
    assert json.loads(CliRunner().invoke(app, ["provider", "findings", "sta-gd-foshan", "--as", ASSOC,
                                               "--json"]).stdout) == []
    assert json.loads(CliRunner().invoke(app, ["provider", "proposals", "--as", ASSOC, "--json"]).stdout) == []
    other = CliRunner().invoke(app, ["evaluate", "center", "qic-sh-ic", "--period", "2026", "--as", OWN])
    assert other.exit_code != 0 and [r[0] for r in _runs(terminal)] == ["self"]


def test_a_bad_records_file_is_refused_by_line_and_stores_nothing(terminal: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "outcomes.jsonl"
    bad.write_text('{"engagement_id": "e1"}\nnot json\n', encoding="utf-8")
    refused = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2026", "--as", ASSOC,
                                       "--records", str(bad)])
    assert refused.exit_code != 0 and getattr(refused.exception, "field", "") == "outcomes.jsonl:1"
    missing = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2026", "--as", ASSOC,
                                       "--inputs", str(tmp_path / "nowhere.json")])
    assert missing.exit_code != 0
    nobody = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2026"])
    assert nobody.exit_code == 2  # --as is required: every stored run names who made it
    assert _runs(terminal) == []


def test_a_period_not_begun_is_refused_at_the_terminal_in_one_line(terminal: Settings, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The evaluation walked as a new user (2026-11-28): ``innodock evaluate center`` stored a rating of a year to
    come. Refused as the forms refuse it, by the day ``--today`` names: one line, exit 1, nothing stored."""
    given = str(_inputs(tmp_path, 0.9))
    monkeypatch.setattr(sys, "argv", ["innodock", "evaluate", "center", "sta-gd-foshan", "--period", "2027",
                                      "--today", "2026-11-28", "--as", ASSOC, "--inputs", given])
    with pytest.raises(SystemExit) as refused:
        main()
    assert refused.value.code == 1
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and "period" in said and "2027" in said and "尚未开始" in said, said
    assert _runs(terminal) == []
    begun = CliRunner().invoke(app, ["evaluate", "center", "sta-gd-foshan", "--period", "2027", "--today",
                                     "2027-03-01", "--as", ASSOC, "--inputs", given])
    assert begun.exit_code == 0, begun.output
    assert len(_runs(terminal)) == 1  # the inputs name a third party
