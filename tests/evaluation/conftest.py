from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "evaluation" / "examples"


@pytest.fixture()
def full_inputs() -> dict[str, Any]:
    return json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))


@pytest.fixture()
def center_inputs() -> dict[str, Any]:
    return json.loads((EXAMPLES / "seed001_center_inputs.json").read_text(encoding="utf-8"))


@pytest.fixture()
def records_path() -> Path:
    return EXAMPLES / "seed001_records.jsonl"


@pytest.fixture()
def eval_settings(settings: Settings) -> Settings:
    """A fresh database (SQLite and PostgreSQL) with one knowledge-base center, C001."""
    from kb.models import Center

    with session_scope(settings) as session:
        session.add(Center(id="C001", name="示例检验检测公共技术服务平台", kind="public_service_platform"))
    return settings
