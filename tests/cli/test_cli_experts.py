"""``innodock match --experts "TEXT"`` (issue 13 step 4): experts ranked at the terminal through flows.experts, the
enterprise named with ``--enterprise`` for conflicts of interest, ``--json``'s shape, and bad input as exit ≠ 0 with
the field named; ``innodock index build`` builds the experts' index too and says which experts have no text."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from core.cli import app
from core.settings import Settings
from matcher import service as matcher
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
