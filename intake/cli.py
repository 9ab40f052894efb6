"""``innodock intake …``: extraction from the terminal, one text or a JSONL batch."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer

from core.errors import InnodockError
from intake import service

intake_app = typer.Typer(help="需求采集 / intake: read a structured need from an enterprise's own words.",
                         no_args_is_help=True)


def _parse_today(value: str | None) -> date:
    if not value:
        return date.today()
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


@intake_app.command("extract")
def extract_cmd(
    text: str | None = typer.Argument(None, help="需求原文 / the need in the enterprise's words"),
    today: str | None = typer.Option(None, "--today", help="YYYY-MM-DD the deadlines are read against"),
    batch: Path | None = typer.Option(None, "--batch", help='JSONL file, one {"id", "text", "today"?} a line'),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per need"),
    use_llm: bool = typer.Option(False, "--llm", help="also ask the chat model INNODOCK_LLM_* sets (rules check it)"),
) -> None:
    """读取需求 / extract the structured need (deterministic by default; no model, no network)."""
    default_today = _parse_today(today)
    if batch is None:
        if text is None:
            raise InnodockError("请提供需求文本或 --batch 文件 / give a text or --batch FILE", field="text")
        if use_llm:
            from intake.llm import LLMSettings, llm_extract

            service.extract(text=text, today=default_today)  # the same input checks as the rules path
            llm_settings = LLMSettings()  # the edge: environment read here, once
            need = llm_extract(text, today=default_today, settings=llm_settings)
            if not llm_settings.enabled:
                need.notes.append("未配置 LLM（INNODOCK_LLM_BASE_URL / INNODOCK_LLM_MODEL），已使用规则抽取 / "
                                  "no LLM configured; rules used")
        else:
            need = service.extract(text=text, today=default_today)
        _emit(need.summary_json(), as_json)
        return
    if text is not None:
        raise InnodockError("文本与 --batch 只能二选一 / give a text or --batch, not both", field="batch")
    if not batch.exists():
        raise InnodockError(f"文件不存在 / no such file: {batch}", field="batch")
    with batch.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            obj = _batch_line(line, number, default_today)
            _emit(obj, as_json)
            sys.stdout.flush()


def _batch_line(line: str, number: int, default_today: date) -> dict[str, Any]:
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
        need = service.extract(text=str(item.get("text") or ""), today=day)
    except InnodockError as exc:
        return {"id": item_id, "line": number, "error": exc.one_line()}
    return {"id": item_id, **need.summary_json()}


def register(app: typer.Typer) -> None:
    app.add_typer(intake_app, name="intake")
