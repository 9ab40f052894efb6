"""Times on the pages and in the service's messages are China time (core.china_time, the one place): a moment near
midnight UTC is on the next day in Beijing — 2026-03-01T17:30Z is 2026-03-02 01:30 there. The walk found the
change log, a finding's steps, a decision's proposal and an application written as their UTC day and hour."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update

from api.pages.ui_format import day, when
from core import china_time
from core.db import session_scope
from providers.models import EntryChange
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import form_login

NEAR_MIDNIGHT = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "templates"


def test_one_formatter_writes_a_moment_in_china_time() -> None:
    assert china_time.minute(NEAR_MIDNIGHT) == "2026-03-02 01:30"
    assert china_time.day(NEAR_MIDNIGHT) == "2026-03-02"
    assert china_time.minute(NEAR_MIDNIGHT.replace(tzinfo=None)) == "2026-03-02 01:30"  # SQLite's naive UTC
    assert china_time.today(NEAR_MIDNIGHT).isoformat() == "2026-03-02"
    assert when(NEAR_MIDNIGHT, "en") == "2026-03-02 01:30" and day(NEAR_MIDNIGHT) == "2026-03-02"
    assert when(None, "en") == "not stated"


def test_no_template_formats_a_moment_itself() -> None:
    """Every moment on a page goes through the ``when`` or ``day`` filter; a template's own strftime wrote UTC."""
    own = {p.name: len(re.findall(r"\.strftime\(", p.read_text(encoding="utf-8"))) for p in TEMPLATES.glob("*.html")}
    assert {name: n for name, n in own.items() if n} == {}


def test_the_change_log_shows_when_a_change_came_in_china_time(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    proposed = client.post("/api/v1/providers/qic-js-battery/changes", headers=as_("coord-center"), json={
        "records": [{"type": "capability", "id": "cap-1", "title": "动力电池单体及模组热失控试验"}], "note": "新增"})
    assert proposed.status_code == 201, proposed.text
    with session_scope(world.settings) as s:
        s.execute(update(EntryChange).where(EntryChange.id == proposed.json()["change"]["id"])
                  .values(submitted_at=NEAR_MIDNIGHT))
    assert form_login(client, "coord-assoc").status_code == 303
    page = client.get("/changes")
    assert page.status_code == 200
    assert "2026-03-02 01:30" in page.text and "2026-03-01 17:30" not in page.text


# ---- "today" is China's day too: a server on UTC is still on yesterday before 08:00 in Beijing ----

PACKAGES = ("core", "authz", "accounts", "outbox", "flows", "inbox", "kb", "intake", "matcher", "pipeline",
            "evaluation", "providers", "api", "cli")


def servers_day_calls(source: str) -> list[int]:
    """The lines calling ``date.today()`` (the server's clock zone's day, not China's)."""
    import ast

    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "today"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "date" and not node.args]


def test_the_checker_finds_the_servers_day() -> None:
    assert servers_day_calls("from datetime import date\nx = 1\nd = date.today()\n") == [3]
    assert servers_day_calls("from core import china_time\nd = china_time.today()\n") == []


def test_no_module_reads_the_servers_day() -> None:
    """Deadlines, due days, "a date cannot be in the future" and the chat's "today" are China's day
    (``core.china_time.today``): the API and the CLI read ``date.today()`` — the server's zone — while the pages
    read China's, so between 16:00 and 24:00 UTC a page and the API disagreed on what today is."""
    root = Path(__file__).resolve().parents[2]
    found = {str(path.relative_to(root)): lines
             for package in PACKAGES for path in sorted((root / package).rglob("*.py"))
             if "migrations" not in path.parts and (lines := servers_day_calls(path.read_text(encoding="utf-8")))}
    assert found == {}
