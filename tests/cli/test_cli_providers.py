"""``innodock provider list|show|advance|diagram`` and the lifecycle's status rule at ``innodock kb import``: in
process (``CliRunner`` for the answers, ``invoke_cli`` for the exit status and the one-line error, as the real process
gives them: tests/core/test_core_backup.py checks that runner against a real process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import providers as providers_cli
from core import china_time
from core.cli import app
from core.db import session_scope
from core.settings import Settings
from evaluation.schemas import ScoreInput
from flows import evaluations
from flows.events import MemoryOutbox
from providers.diagram import mermaid
from tests.conftest import invoke_cli
from tests.kb.kbhelpers import write_jsonl
from tests.providers.providerhelpers import ASSOC as ASSOC_PRINCIPAL
from tests.providers.providerhelpers import QIC, QIC_CAP, STATION, STATION_CAP, scaled_inputs, seed

ASSOC = "association_coordinator:zhou"
TODAY = china_time.today()
PAYLOAD = json.dumps({"grounds": "专家队伍不足10人", "decided_on": TODAY.isoformat(),
                      "decision_document": "粤质促〔2026〕31号", "deadline": (TODAY + timedelta(days=30)).isoformat()},
                     ensure_ascii=False)


@pytest.fixture
def terminal(sqlite_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    seed(sqlite_settings, tmp_path, [STATION, STATION_CAP, QIC, QIC_CAP])
    monkeypatch.setenv("INNODOCK_HOME", str(sqlite_settings.home))
    monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "240")  # rich's tables at full width
    # The consoles were made at import, when COLUMNS may not have been set yet (under pytest-xdist's workers it was
    # not): widen them too, so a table never truncates what a test reads.
    monkeypatch.setattr(providers_cli.out, "width", 240)
    monkeypatch.setattr(providers_cli.err, "width", 240)
    yield sqlite_settings


def _ok(*args: str) -> tuple[str, str]:
    answer = CliRunner().invoke(app, list(args))
    assert answer.exit_code == 0, answer.output
    return answer.stdout, answer.stderr


def test_provider_commands(terminal: Settings, tmp_path: Path) -> None:
    listed = json.loads(_ok("provider", "list", "--as", ASSOC, "--json")[0])
    assert {p["center_id"]: p["state"] for p in listed} == {"qic-sh-ic": "operating", "sta-gd-foshan": "operating"}
    _out, err = _ok("provider", "advance", "sta-gd-foshan", "order_rectification", "--version", "1", "--as", ASSOC,
                    "--payload", PAYLOAD)
    assert "order_rectification" in err and "限期整改" in err
    shown, _err = _ok("provider", "show", "sta-gd-foshan", "--as", ASSOC)
    assert "粤质促〔2026〕31号" in shown and "限期整改中" in shown and "pass_recheck" in shown
    refused = CliRunner().invoke(app, ["provider", "advance", "sta-gd-foshan", "order_rectification", "--version",
                                       "2", "--as", ASSOC, "--payload", PAYLOAD])
    assert refused.exit_code != 0 and getattr(refused.exception, "code", "") == "transition_not_allowed"
    assert _ok("provider", "diagram")[0] == mermaid()


def test_refusals_at_the_terminal_are_one_line(sqlite_settings: Settings, tmp_path: Path) -> None:
    seed(sqlite_settings, tmp_path, [STATION, STATION_CAP])
    bad = invoke_cli(sqlite_settings, "provider", "advance", "sta-gd-foshan", "reinstate", "--version", "1",
                     "--as", ASSOC, "--payload", PAYLOAD)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "transition" in bad.stderr and "order_rectification" in bad.stderr
    # The status a kb-v1 file gives an existing provider is its lifecycle's, or the import is refused by line.
    changed = write_jsonl(tmp_path / "status.jsonl", [{**STATION, "status": "suspended"}])
    refused = invoke_cli(sqlite_settings, "kb", "import", str(changed))
    assert refused.returncode == 1 and f"{changed}:1: status:" in refused.stderr and "--replace" in refused.stderr


def test_findings_at_the_terminal(terminal: Settings) -> None:
    """``innodock provider findings|finding``: the improvement loop's records and steps (issue 14 step 6)."""
    with session_scope(terminal) as session:
        evaluations.evaluate(session=session, principal=ASSOC_PRINCIPAL, center_id="sta-gd-foshan", period="2026",
                             inputs=ScoreInput.model_validate(scaled_inputs("sta-gd-foshan", 0.2)), today=TODAY,
                             outbox=MemoryOutbox())
    found = json.loads(_ok("provider", "findings", "sta-gd-foshan", "--as", ASSOC, "--json")[0])
    assert found and found[0]["state"] == "open"
    table, _ = _ok("provider", "findings", "sta-gd-foshan", "--as", ASSOC)
    assert found[0]["indicator_zh"] in table
    first = str(found[0]["id"])
    past = CliRunner().invoke(app, ["provider", "finding", first, "plan_action", "--version", "1", "--as",
                                    "center_coordinator:liang@sta-gd-foshan", "--action", "补齐专家库", "--owner",
                                    "站长", "--due-on", TODAY.isoformat()])
    assert past.exit_code != 0 and getattr(past.exception, "field", "") == "due_on"
    _out, err = _ok("provider", "finding", first, "plan_action", "--version", "1", "--as",
                    "center_coordinator:liang@sta-gd-foshan", "--action", "补齐专家库", "--owner", "站长",
                    "--due-on", (TODAY + timedelta(days=30)).isoformat())
    assert "已定整改措施" in err
    own = CliRunner().invoke(app, ["provider", "finding", first, "report_done", "--version", "2", "--as",
                                   "center_coordinator:liang@sta-gd-foshan", "--note", "专家名单已补齐"])
    assert own.exit_code == 0, own.output
    self_check = CliRunner().invoke(app, ["provider", "finding", first, "pass_recheck", "--version", "3", "--as",
                                          "center_coordinator:liang@sta-gd-foshan", "--note", "自查通过"])
    assert self_check.exit_code != 0
    _out, err = _ok("provider", "finding", first, "pass_recheck", "--version", "3", "--as", ASSOC, "--note", "复核通过")
    assert "复核通过已关闭" in err


def test_proficiency_at_the_terminal(terminal: Settings) -> None:
    """``innodock provider proficiency``: one line records a result (issue 29, item 4); without --kind it lists."""
    made = json.loads(_ok("provider", "proficiency", "sta-gd-foshan", "--as", ASSOC, "--kind", "measurement_audit",
                          "--scheme", "省计量院测量审核", "--item", "长度", "--date", "2026-03-02", "--result",
                          "questionable", "--json")[0])
    assert made["kind"] == "measurement_audit" and made["result"] == "questionable"
    refused = CliRunner().invoke(app, ["provider", "proficiency", "sta-gd-foshan", "--as", ASSOC, "--kind",
                                       "measurement_audit", "--scheme", "x", "--item", "长度", "--result", "ok"])
    assert refused.exit_code != 0 and getattr(refused.exception, "field", "") == "tested_on"
    listed, _ = _ok("provider", "proficiency", "sta-gd-foshan", "--as", ASSOC)
    assert "省计量院测量审核" in listed and len(listed.strip().splitlines()) == 1
