"""The operator's day at the terminal, walked as a new user (docs/ui.md, 2026-11-28): each fault the walk found, held.

The promise of the ``innodock`` command to whoever runs it: bad input exits non-zero with one line naming the field or
the file (no traceback), nothing stored is half-changed, messages say it in Chinese first and English too, and each
command's help gives an example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accounts import service as auth
from accounts.vocab import OrgKind
from authz import service as authz
from core import cli
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from tests.conftest import invoke_cli

CENTER = {"type": "center", "id": "qic-ah-auto", "name": "安徽省汽车零部件产品质量检验中心",
          "kind": "quality_inspection_center", "region": "安徽省合肥市"}
CAPABILITY = {"type": "capability", "id": "cap-ah-1", "center_id": "qic-ah-auto", "title": "汽车零部件失效分析",
              "service_types": ["quality_evaluation"]}


def _catalog(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (CENTER, CAPABILITY)),
                    encoding="utf-8")
    done = invoke_cli(settings, "kb", "import", str(path))
    assert done.returncode == 0, done.stderr


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_a_csv_export_onto_a_file_is_refused_in_one_line(sqlite_settings: Settings, tmp_path: Path) -> None:
    _catalog(sqlite_settings, tmp_path)
    target = tmp_path / "kb-export"
    target.write_text("kept\n", encoding="utf-8")
    done = invoke_cli(sqlite_settings, "kb", "export", "--format", "csv", str(target))
    assert done.returncode != 0
    line = _one_line(done.stderr)
    assert str(target) in line and line.startswith("错误 error:")
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_an_export_takes_its_format_from_the_file_name(sqlite_settings: Settings, tmp_path: Path) -> None:
    """``kb export kb.xlsx`` wrote JSON Lines into kb.xlsx, which no import (nor Excel) could open."""
    _catalog(sqlite_settings, tmp_path)
    target = tmp_path / "kb.xlsx"
    done = invoke_cli(sqlite_settings, "kb", "export", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:2] == b"PK"  # a workbook (a zip), not JSON Lines
    fresh = Settings(home=tmp_path / "fresh")
    again = invoke_cli(fresh, "kb", "import", str(target))  # the sheet of experts is empty: an empty table
    assert again.returncode == 0, again.stderr
    folder = tmp_path / "kb-csv"
    assert invoke_cli(sqlite_settings, "kb", "export", "--format", "csv", str(folder)).returncode == 0
    csv_again = invoke_cli(Settings(home=tmp_path / "fresh-csv"), "kb", "import", *map(str, sorted(folder.iterdir())))
    assert csv_again.returncode == 0, csv_again.stderr
    clash = invoke_cli(sqlite_settings, "kb", "export", "--format", "jsonl", str(tmp_path / "other.xlsx"))
    assert clash.returncode != 0
    assert "format" in _one_line(clash.stderr)
    assert not (tmp_path / "other.xlsx").exists()


def test_an_unknown_encoding_is_named(sqlite_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "experts.csv"
    path.write_text("id,name\nexp-1,王工\n", encoding="utf-8")
    done = invoke_cli(sqlite_settings, "kb", "import", "--encoding", "nope", str(path))
    assert done.returncode != 0
    line = _one_line(done.stderr)
    assert "encoding" in line and "'nope'" in line and "未知" in line


def test_a_refused_user_is_not_reported_as_a_new_organisation(settings: Settings) -> None:
    """A password refused after the organisation was made rolled both back, yet the terminal had said
    '已新建组织 / created organisation …' first."""
    done = invoke_cli(settings, "user", "create", "--org-kind", "association", "--org-name", "省质量协会",
                      "--username", "admin", "--role", "admin", "--password", "short")
    assert done.returncode != 0
    line = _one_line(done.stderr)
    assert "password" in line
    assert "created organisation" not in done.stdout + done.stderr
    with session_scope(settings) as session:
        assert auth.find_org(session=session, ref="省质量协会", kind=OrgKind.association) is None
    made = invoke_cli(settings, "user", "create", "--org-kind", "association", "--org-name", "省质量协会",
                      "--username", "admin", "--role", "admin", "--password", "Gd-Quality-2026!x")
    assert made.returncode == 0, made.stderr
    assert "已新建组织 / created organisation 省质量协会" in made.stderr


def test_webhook_delivery_reports_in_both_languages(sqlite_settings: Settings) -> None:
    done = invoke_cli(sqlite_settings, "webhooks", "deliver")
    assert done.returncode == 0, done.stderr
    line = _one_line(done.stderr)
    assert line.startswith("已投递") and "delivered 0" in line


def test_the_findings_of_an_unknown_provider_are_refused(sqlite_settings: Settings, tmp_path: Path) -> None:
    _catalog(sqlite_settings, tmp_path)
    done = invoke_cli(sqlite_settings, "provider", "findings", "qic-nowhere", "--as", "association_coordinator:zhou")
    assert done.returncode != 0
    assert "qic-nowhere" in _one_line(done.stderr)
    known = invoke_cli(sqlite_settings, "provider", "findings", "qic-ah-auto", "--as", "association_coordinator:zhou")
    assert known.returncode == 0, known.stderr


def test_a_bad_engagement_record_names_its_field(sqlite_settings: Settings, tmp_path: Path) -> None:
    _catalog(sqlite_settings, tmp_path)
    records = tmp_path / "records.jsonl"
    records.write_text('{"engagement_id": "e1", "client_id": "c1"}\n', encoding="utf-8")
    done = invoke_cli(sqlite_settings, "evaluate", "center", "qic-ah-auto", "--period", "2026", "--records",
                      str(records), "--as", "association_coordinator:zhou")
    assert done.returncode != 0
    line = _one_line(done.stderr)
    assert "records.jsonl:1" in line and "center_id" in line and "缺少" in line


def test_the_demo_enterprise_belongs_to_the_demo_association(settings: Settings, tmp_path: Path) -> None:
    """On a folder where the operator had made their own association first, the demo enterprise fell to it (an
    enterprise belongs to the first association by default), and ``demo-accounts --history`` then stopped at its
    second step: '审核单不存在 / no such review' (the demo association's coordinator could not see the need)."""
    _catalog(settings, tmp_path)
    with session_scope(settings) as session:
        accounts_flow.create_org(session=session, kind=OrgKind.association, name="省质量协会")
    done = invoke_cli(settings, "demo-accounts")
    assert done.returncode == 0, done.stderr
    with session_scope(settings) as session:
        user = auth.find_user(session=session, username="demo-enterprise")
        assert user is not None
        enterprise = auth.get_org(session=session, org_id=user.org_id)
        demo = auth.find_org(session=session, ref="示例质量发展协会（演示）", kind=OrgKind.association)
        assert demo is not None
        assert authz.association_of(session=session, enterprise_org_id=enterprise.id) == demo.id


OPERATOR_COMMANDS = [
    ("kb", "import"), ("kb", "export"), ("kb", "stats"), ("kb", "show"), ("kb", "delete"), ("index", "build"),
    ("index", "status"), ("match", "need"), ("match", "retrain"), ("inbox", "overdue"), ("webhooks", "deliver"),
    ("jobs", "reap"), ("db", "backup"), ("db", "restore"), ("user", "create"), ("user", "invite"), ("key", "create"),
    ("key", "list"), ("provider", "list"), ("provider", "show"), ("provider", "findings"), ("evaluate", "center"),
    ("evaluate", "report"), ("demo-accounts",), ("serve",), ("worker",),
]


@pytest.mark.parametrize("command", OPERATOR_COMMANDS, ids=" ".join)
def test_each_operator_command_gives_an_example(sqlite_settings: Settings, command: tuple[str, ...]) -> None:
    done = invoke_cli(sqlite_settings, *command, "--help")
    assert done.returncode == 0, done.stderr
    assert "例 / example" in done.stdout, done.stdout
    assert "innodock " + " ".join(c for c in command if c != "need") in done.stdout.split("例 / example")[1]


def test_a_key_with_an_unknown_scope_names_the_scopes_in_words(sqlite_settings: Settings) -> None:
    with session_scope(sqlite_settings) as session:
        accounts_flow.create_org(session=session, kind=OrgKind.association, name="省质量协会")
    done = invoke_cli(sqlite_settings, "key", "create", "--org", "省质量协会", "--name", "协会网站", "--scopes",
                      "feed:read,bogus")
    assert done.returncode != 0
    line = _one_line(done.stderr)
    assert "“权限范围”不是可选的值" in line and "the scopes is not one of the choices" in line


def test_an_invitation_says_its_expiry_in_both_languages(sqlite_settings: Settings) -> None:
    with session_scope(sqlite_settings) as session:
        accounts_flow.create_org(session=session, kind=OrgKind.association, name="省质量协会")
    done = invoke_cli(sqlite_settings, "user", "invite", "--org", "省质量协会", "--name", "刘明")
    assert done.returncode == 0, done.stderr
    chinese = _one_line(done.stderr).split(" / ")[0]
    assert "有效期至" in chinese and "北京时间" in chinese and "刘明" in chinese


@pytest.mark.parametrize(("command", "words"), [
    (("evaluate", "report"), ("输出文件", "指定评价记录")),
    (("jobs", "reap"), ("每行一个",)),
])
def test_the_help_says_each_option_in_chinese_too(sqlite_settings: Settings, command: tuple[str, ...],
                                                  words: tuple[str, ...]) -> None:
    done = invoke_cli(sqlite_settings, *command, "--help")
    assert done.returncode == 0, done.stderr
    for word in words:
        assert word in done.stdout, done.stdout


def test_a_providers_steps_are_named_in_words_beside_their_codes(sqlite_settings: Settings, tmp_path: Path) -> None:
    """``provider show`` listed what may be done and the history by code alone ("可执行 allowed: publish_criticism,
    …", "imported"), and ``provider list`` said a state with the docs' note ("暂停 suspended (our reading)")."""
    _catalog(sqlite_settings, tmp_path)
    done = invoke_cli(sqlite_settings, "provider", "show", "qic-ah-auto", "--as", "association_coordinator:zhou")
    assert done.returncode == 0, done.stderr
    allowed = " ".join(done.stdout.split("可执行 allowed:")[1].split("历史 history")[0].split())  # wrapped or not
    assert "暂停 suspend" in allowed
    assert "导入" in done.stdout and "imported" in done.stdout  # the table may wrap a cell at a narrow terminal
    suspended = tmp_path / "suspended.jsonl"
    suspended.write_text(json.dumps({**CENTER, "status": "suspended"}, ensure_ascii=False) + "\n", encoding="utf-8")
    replaced = invoke_cli(sqlite_settings, "kb", "import", "--replace", str(suspended))
    assert replaced.returncode == 0, replaced.stderr
    table = invoke_cli(sqlite_settings, "provider", "list", "--as", "association_coordinator:zhou")
    assert table.returncode == 0, table.stderr
    assert "暂停" in table.stdout and "reading" not in table.stdout


def test_a_refused_import_counts_problems_not_records(sqlite_settings: Settings, tmp_path: Path) -> None:
    """A missing file was summed up as "1 个错误 error(s) in 1 record(s)": a file is not a record."""
    done = invoke_cli(sqlite_settings, "kb", "import", str(tmp_path / "centers.csv"))
    assert done.returncode == 1
    first, summary = done.stderr.strip().splitlines()
    assert "centers.csv" in first and "file not found" in first
    assert summary.startswith("未导入任何记录 / nothing imported: 1 个问题 / 1 problem") and "record" not in summary


@pytest.mark.parametrize(("args", "chinese", "english", "usage"), [
    (("index", "status", "--bogus"), "没有这个选项 --bogus", "no such option: --bogus", "innodock index status"),
    (("kb", "show"), "缺少参数 ID", "missing argument ID", "innodock kb show"),
    (("index", "statu"), "没有这个子命令 statu", "no such command: statu", "innodock index"),
    (("key", "create", "--scopes"), "选项 --scopes 需要一个值", "option --scopes requires a value",
     "innodock key create"),
], ids=["unknown-option", "missing-argument", "unknown-command", "option-without-value"])
def test_a_usage_error_is_said_in_chinese_and_english(args: tuple[str, ...], chinese: str, english: str,
                                                      usage: str) -> None:
    """click said its usage errors in English only, in a box ("No such option: --bogus", "Missing argument 'ID'."):
    now one line in both languages, then how the command is used and where its help is; the status stays 2."""
    done = CliRunner().invoke(cli.app, list(args))
    assert done.exit_code == 2, done.output
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 2 and "╭" not in done.stderr, done.stderr
    said, hint = lines
    assert said.startswith("错误 error: "), said
    zh, en = said.removeprefix("错误 error: ").split(" / ", 1)
    assert chinese in zh and english in en, said
    assert hint.startswith(f"用法 usage: {usage} "), hint
    assert f"{usage} --help" in hint and "帮助" in hint, hint
