"""``innodock match --experts "TEXT"`` (issue 13 step 4): experts ranked at the terminal through flows.experts, the
enterprise named with ``--enterprise`` for conflicts of interest, ``--json``'s shape, and bad input as exit ≠ 0 with
the field named; ``innodock index build`` builds the experts' index too and says which experts have no text."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from core.cli import app
from core.settings import Settings
from matcher import cli as matcher_cli
from matcher import service as matcher
from matcher.embedding.models import Embedder
from tests.matcher.matcher_helpers import BASE_KB, NgramEmbedder, expert, write_kb

NEED = "动力电池热失控试验"
KB = [*BASE_KB,
      expert("x-bat", "周工", center_id="c-bat", fields=["动力电池热失控", "电池安全试验"], degree="master",
             years_experience=9, led_projects=2),
      expert("x-own", "孙工", affiliation="常州瑞澜储能科技有限公司", fields=["动力电池热失控试验"]),
      expert("x-met", "钱工", center_id="c-met", fields=["压力表检定"]),
      expert("x-blank", "郑工")]


@pytest.fixture
def terminal(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    write_kb(settings, KB)
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    embedder = NgramEmbedder()
    monkeypatch.setattr(matcher, "load_embedder", lambda spec, home, **_: embedder)
    yield settings
    matcher.reset()


def run(*args: str) -> tuple[int, str, str]:
    answer = CliRunner().invoke(app, list(args))
    field = str(getattr(answer.exception, "field", "") or "") if answer.exit_code else ""
    return answer.exit_code, answer.stdout, field


def test_match_experts_json_with_a_conflict(terminal: Settings) -> None:
    code, out, _ = run("match", "--experts", NEED, "--enterprise", "常州瑞澜储能科技有限公司", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert set(data) == {"need_id", "matches", "excluded", "without_text", "considered", "notes"}
    assert [m["expert_id"] for m in data["matches"]] == ["x-bat"]  # x-met shares nothing with the need
    assert [(x["expert_id"], x["basis"]) for x in data["excluded"]] == [("x-own", "affiliation")]
    assert [x["expert_id"] for x in data["without_text"]] == ["x-blank"] and data["considered"] == 3
    m = data["matches"][0]
    assert m["lead_qualified"] and 0 < m["score"] <= 1.05 and {r["kind"] for r in m["reasons"]} >= {"passage", "rule"}
    # Without the enterprise nobody is excluded; the table names who was left out and why.
    code, out, _ = run("match", "--experts", NEED, "--top", "5")
    assert code == 0 and "孙工" in out and "排除" not in out and "郑工" in out and "未排序" in out
    code, out, _ = run("match", "--experts", NEED, "--enterprise", "常州瑞澜储能科技有限公司")
    assert code == 0 and "排除 excluded: 孙工 (x-own): 任职于需求企业" in out


def test_bad_input_exits_non_zero_naming_the_field(terminal: Settings) -> None:
    assert run("match", "--experts", "  ")[::2] == (1, "experts")
    assert run("match", "--experts", NEED, "另一段文本")[::2] == (1, "experts")
    assert run("match", "压力表", "--enterprise", "某公司")[::2] == (1, "enterprise")
    assert run("match", "--experts", NEED, "--top", "60")[::2] == (1, "top")
    assert run("match", "--experts", NEED, "--top", "0")[0] == 2  # typer's own range check


def test_index_build_reports_the_experts(terminal: Settings) -> None:
    code, out, _ = run("index", "build", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["experts"]["added"] == 3 and data["experts"]["without_text"] == ["x-blank"]
    assert data["experts"]["manifest"]["documents"] == "experts"


def test_index_status_is_a_table_and_json_on_request(terminal: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """``index status`` printed the service's JSON only: an operator read braces to learn whether to rebuild. It is a
    table with labels in both languages now, saying what to run when the index is stale; ``--json`` keeps the JSON."""
    monkeypatch.setattr(matcher_cli, "out", Console(width=160, soft_wrap=True))  # whatever width the run has
    code, out, _ = run("index", "status")
    assert code == 0, out
    assert not out.lstrip().startswith("{"), out
    assert "未建立 not built" in out and "innodock index build" in out, out
    assert run("index", "build", "--json")[0] == 0
    code, out, _ = run("index", "status", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["manifest"]["kb_version"] == data["kb_version"] and data["experts"]["without_text"] == 1
    code, out, _ = run("index", "status")
    assert code == 0, out
    for label in ("能力索引 capabilities", "专家索引 experts", "状态 state", "条目 entries", "模型 model",
                  "知识库版本 kb version", "无文本的专家 experts without text", data["manifest"]["model_id"]):
        assert label in out, (label, out)
    # Built with the test's model, not the configured one: stale, as the JSON says, and the table says what to run.
    assert data["stale"] and data["experts"]["stale"]
    assert out.count("已过期 stale") == 2 and "innodock index build" in out, out
    monkeypatch.setattr(matcher, "model_id_for", lambda _spec: data["manifest"]["model_id"])  # the configured model
    code, out, _ = run("index", "status")
    assert code == 0 and out.count("最新 up to date") == 2 and "innodock index build" not in out, out


def test_index_build_shows_a_spinner_while_the_model_loads(terminal: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """``index build`` said "加载模型 / loading the model …" once, then nothing for the whole load (tens of seconds from
    a cold disk). At a terminal a spinner turns while the model loads, then it says it loaded; the progress bar still
    follows for the embedding."""
    screen = io.StringIO()
    monkeypatch.setattr(matcher_cli, "err", Console(file=screen, force_terminal=True, width=120))
    loaded = matcher.load_embedder  # the test's model (the fixture's)

    def loading(spec: str, home: Path, **options: str) -> Embedder:
        matcher_cli.err.print("MODEL-LOADING")  # a line written while the model loads
        return loaded(spec, home=home, **options)

    monkeypatch.setattr(matcher, "load_embedder", loading)
    code, out, _ = run("index", "build")
    assert code == 0, out
    shown = screen.getvalue()
    assert "模型已加载 / model loaded: test-ngram-256" in shown, shown
    during = shown.split("MODEL-LOADING", 1)[1].split("模型已加载", 1)[0]
    assert "加载模型 / loading the model" in during and any(frame in during for frame in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"), shown
    assert "向量化 embedding" in shown.split("模型已加载", 1)[1], shown
