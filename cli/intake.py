"""``innodock intake extract``: a need read from the terminal, one text or a JSONL batch, by the reader the chat,
``POST /needs`` and the pages read with (:func:`flows.intake.terminal_setup`: the rules, the semantic service-type
head on the matcher's model, and the LLM when ``INNODOCK_LLM_*`` configure one), built once per command;
``--rules-only`` chooses the keyword rules alone.

The command joins the ``innodock intake`` group that ``intake.cli`` registers (``core.cli`` mounts intake's group
first), as ``innodock kb import`` joins kb's: intake imports no matcher, so the reader comes through flows.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import typer

from core import china_time
from core.errors import InnodockError
from core.settings import get_settings
from flows import intake as intake_flow
from intake.schemas import Need

NO_LLM_NOTE = "未配置 LLM（INNODOCK_LLM_BASE_URL / INNODOCK_LLM_MODEL），已使用规则抽取 / no LLM configured; rules used"


def _parse_today(value: str | None) -> date:
    if not value:
        return china_time.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InnodockError("日期格式应为 YYYY-MM-DD / today must be YYYY-MM-DD", field="today") from exc


def _emit(obj: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(obj, ensure_ascii=False))
        return
    for key, value in obj.items():
        typer.echo(f"{key}: {json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value}")
    typer.echo("")


def extract_cmd(
    text: str | None = typer.Argument(None, help="需求原文 / the need in the enterprise's words"),
    today: str | None = typer.Option(None, "--today", help="YYYY-MM-DD the deadlines are read against"),
    batch: Path | None = typer.Option(None, "--batch", help='JSONL file, one {"id", "text", "today"?} a line'),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per need"),
    use_llm: bool = typer.Option(False, "--llm", help="wait for the chat model INNODOCK_LLM_* sets as long as "
                                                      "INNODOCK_LLM_TIMEOUT_S allows (the rules check it); say so "
                                                      "when none is set"),
    rules_only: bool = typer.Option(False, "--rules-only", help="只用关键词规则 / the keyword rules alone (no "
                                                                "semantic head, no LLM)"),
) -> None:
    """读取需求 / extract the structured need, read as the chat reads it (rules and the semantic service-type head on
    the matcher's model; the LLM too when one is configured), or by the rules alone with ``--rules-only``."""
    if rules_only and use_llm:
        raise InnodockError("--rules-only 与 --llm 只能二选一 / give --rules-only or --llm, not both", field="llm")
    default_today = _parse_today(today)
    if batch is None and text is None:
        raise InnodockError("请提供需求文本或 --batch 文件 / give a text or --batch FILE", field="text")
    if batch is not None and text is not None:
        raise InnodockError("文本与 --batch 只能二选一 / give a text or --batch, not both", field="batch")
    if batch is not None and not batch.exists():
        raise InnodockError(f"文件不存在 / no such file: {batch}", field="batch")
    # The edge: settings, the matcher's configuration and the LLM's read here, once for the whole command.
    reader = intake_flow.terminal_setup(settings=get_settings(), rules_only=rules_only, wait_for_llm=use_llm).reader

    def read(body: str, day: date) -> Need:
        need = intake_flow.read_text(text=body, today=day, reader=reader)
        if use_llm and not reader.uses_llm:
            need.notes.append(NO_LLM_NOTE)
        return need

    if batch is None:
        assert text is not None
        _emit(read(text, default_today).summary_json(), as_json)
        return
    with batch.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            _emit(_batch_line(line, number, default_today, read), as_json)
            sys.stdout.flush()


def _batch_line(line: str, number: int, default_today: date,
                read: Callable[[str, date], Need]) -> dict[str, Any]:
    """One line's result; a bad line yields an error object for that id instead of stopping the batch."""
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise ValueError("not an object")
    except ValueError:
        return {"id": None, "line": number, "error": "该行不是 JSON 对象 / line is not a JSON object"}
    item_id = item.get("id")
    try:
        day = _parse_today(item["today"]) if item.get("today") else default_today
        need = read(str(item.get("text") or ""), day)
    except InnodockError as exc:
        return {"id": item_id, "line": number, "error": exc.one_line()}
    return {"id": item_id, **need.summary_json()}


def register(app: typer.Typer) -> None:
    """Add ``extract`` to the ``intake`` group ``intake.cli`` registered."""
    group = next((g for g in app.registered_groups if g.name == "intake"), None)
    if group is None or group.typer_instance is None:
        raise RuntimeError("intake.cli must register the intake group before cli.intake")
    group.typer_instance.command("extract")(extract_cmd)
