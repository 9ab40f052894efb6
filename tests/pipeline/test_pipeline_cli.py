"""The ``innodock review`` / ``innodock engagement`` commands as a user runs them (real processes, SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline_helpers import AGREEMENT, CENTER_ID, ENTERPRISE_ID, proposals

from core.settings import Settings
from pipeline.diagram import mermaid
from tests.conftest import run_cli

ASSOC = "association_coordinator:li"
CENTER = f"center_coordinator:zhang@{CENTER_ID}"
CLIENT = f"enterprise:{ENTERPRISE_ID}"


def ok(settings: Settings, *args: str) -> str:
    proc = run_cli(settings, *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def refused(settings: Settings, *args: str) -> str:
    proc = run_cli(settings, *args)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误 error: "), proc.stderr
    return lines[0]


def test_review_and_engagement_commands(lite: Settings, tmp_path: Path) -> None:
    props = tmp_path / "proposals.json"
    props.write_text(json.dumps(proposals(), ensure_ascii=False), encoding="utf-8")
    ok(lite, "review", "submit", "need-cli", str(props), "--as", ASSOC, "--enterprise-id", ENTERPRISE_ID)
    [review] = json.loads(ok(lite, "review", "list", "--as", ASSOC, "--json"))
    assert review["status"] == "pending" and review["need_id"] == "need-cli"

    line = refused(lite, "review", "reject", review["id"], "--as", ASSOC, "--reason", "other", "--version", "1")
    assert line.startswith("错误 error: text:")
    ok(lite, "review", "reject", review["id"], "--as", ASSOC, "--reason", "provider_declined", "--version", "1",
       "--center", "met-t-rare")
    line = refused(lite, "review", "accept", review["id"], CENTER_ID, "--as", ASSOC, "--version", "1")
    assert line.startswith("错误 error: version:")
    accepted = json.loads(ok(lite, "review", "accept", review["id"], CENTER_ID, "--as", ASSOC, "--version", "2",
                             "--json"))
    eng = accepted["engagement_id"]

    line = refused(lite, "engagement", "advance", eng, "approve_plan", "--version", "1", "--as", "admin:root")
    assert "allowed: reach_agreement, withdraw, terminate" in line
    moved = json.loads(ok(lite, "engagement", "advance", eng, "reach_agreement", "--version", "1", "--as", CLIENT,
                          "--json"))
    assert (moved["state"], moved["version"]) == ("agreed", 2)
    line = refused(lite, "engagement", "advance", eng, "withdraw", "--version", "1", "--as", CLIENT,
                   "--payload", '{"reason": "x"}')
    assert "stale" in line and line.startswith("错误 error: version:")
    line = refused(lite, "engagement", "advance", eng, "sign_agreement", "--version", "2", "--as", CENTER,
                   "--payload", "{not json")
    assert line.startswith("错误 error: payload:")
    agreement = tmp_path / "agreement.json"
    agreement.write_text(json.dumps({"agreement": AGREEMENT}, ensure_ascii=False), encoding="utf-8")
    ok(lite, "engagement", "advance", eng, "sign_agreement", "--version", "2", "--as", CENTER,
       "--payload-file", str(agreement))

    detail = json.loads(ok(lite, "engagement", "show", eng, "--as", CLIENT, "--json"))
    assert (detail["state"], detail["version"], detail["deadline"]) == ("contracted", 3, "2099-12-31")
    assert [e["transition"] for e in detail["events"]] == ["open", "reach_agreement", "sign_agreement"]
    refused(lite, "engagement", "show", eng, "--as", "enterprise:someone-else")
    listed = json.loads(ok(lite, "engagement", "list", "--as", CENTER, "--json"))
    assert [e["id"] for e in listed] == [eng]
    assert json.loads(ok(lite, "engagement", "verify", eng))["ok"] is True
    assert ok(lite, "engagement", "diagram") == mermaid()
    refused(lite, "engagement", "list", "--as", "nobody")
