"""What an operator hands the evaluation at the terminal, read from files: indicator values (JSON, a
``ScoreInput``) and engagement outcomes (JSONL, one ``EngagementOutcome`` a line). Every reader turns a bad file into
one ``InnodockError`` naming the file or the field, so the command prints one line and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import InnodockError
from evaluation.records import EngagementOutcome
from evaluation.schemas import ScoreInput


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InnodockError(f"找不到文件 / file not found: {path}", field="file") from exc
    except json.JSONDecodeError as exc:
        raise InnodockError(f"JSON 无法解析 / invalid JSON: {exc}", field=str(path)) from exc


def parse_score_input(data: Any) -> ScoreInput:
    try:
        return ScoreInput.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InnodockError(f"输入文件无效 / invalid input: {first['msg']}", field=where or "input") from exc


def read_score_input(path: Path) -> ScoreInput:
    return parse_score_input(read_json(path))


def read_outcomes(path: Path) -> list[EngagementOutcome]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InnodockError(f"找不到文件 / file not found: {path}", field="records") from exc
    outcomes = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            outcomes.append(EngagementOutcome.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "record"
            reason = ("缺少必填字段 / required field is missing" if first["type"] == "missing"
                      else f"取值无效 / invalid value: {first['msg']}")
            raise InnodockError(f"对接记录无效 / invalid engagement record: {where}: {reason}",
                                field=f"{path.name}:{n}") from exc
    return outcomes
