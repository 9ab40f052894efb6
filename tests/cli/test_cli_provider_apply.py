"""``innodock provider apply`` with documents and the profile's rules (issue 29, item 6): the same use case as the API
and the page (``flows.applications.apply``) — a refused plaque names its field and clause and writes nothing; the
documents are stored with the application."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.cli import app
from core.errors import InnodockError
from core.settings import Settings
from tests.providers.providerhelpers import QIC, seed

ASSOC = "association_coordinator:zhou"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
STATION = {"id": "sta-gd-shaoguan", "name": "韶关科技服务站", "kind": "service_station", "region": "广东省韶关市",
           "head": {"name": "林站长", "middle_management": True, "years_quality": 9}}


@pytest.fixture
def terminal(sqlite_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    seed(sqlite_settings, tmp_path, [QIC])
    monkeypatch.setenv("INNODOCK_HOME", str(sqlite_settings.home))
    monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    yield sqlite_settings


def test_provider_apply_with_a_document(terminal: Settings, tmp_path: Path) -> None:
    form = tmp_path / "申请表.pdf"
    form.write_bytes(PDF)
    record = json.dumps(STATION, ensure_ascii=False)
    refused = CliRunner().invoke(app, ["provider", "apply", record, "--as", ASSOC, "--plaque-name", "韶关服务站",
                                       "--file", f"application_form={form}"])
    assert refused.exit_code != 0 and isinstance(refused.exception, InnodockError)
    assert refused.exception.field == "plaque_name" and "seed 003 art. 6(四)" in refused.exception.message
    listed = CliRunner().invoke(app, ["provider", "list", "--as", ASSOC, "--json"])
    assert "sta-gd-shaoguan" not in listed.stdout  # nothing was written
    done = CliRunner().invoke(app, ["provider", "apply", record, "--as", ASSOC, "--json", "--plaque-name",
                                    "广东省质量发展促进会（韶关）科技服务站", "--file", f"application_form={form}"])
    assert done.exit_code == 0, done.output
    view = json.loads(done.stdout)
    assert view["state"] == "applied" and view["profile"] == "guangdong_station"
    assert view["materials"]["application_form"] == "附件：申请表.pdf"


def test_provider_complete_materials_before_the_review(terminal: Settings, tmp_path: Path) -> None:
    """Materials missing at application are given at the terminal too (``flows.applications.complete``, as the
    application page and ``POST /api/v1/providers/{id}/application/materials``)."""
    record = json.dumps(STATION, ensure_ascii=False)
    done = CliRunner().invoke(app, ["provider", "apply", record, "--as", ASSOC, "--json", "--plaque-name",
                                    "广东省质量发展促进会（韶关）科技服务站"])
    assert done.exit_code == 0, done.output
    assert "application_form" in json.loads(done.stdout)["missing_materials"]
    form = tmp_path / "申请表.pdf"
    form.write_bytes(PDF)
    given = CliRunner().invoke(app, ["provider", "complete-materials", "sta-gd-shaoguan", "--as", ASSOC, "--json",
                                     "--file", f"application_form={form}", "--note", "team_list=专职 1、兼职 2"])
    assert given.exit_code == 0, given.output
    view = json.loads(given.stdout)
    assert view["materials"]["application_form"] == "附件：申请表.pdf"
    assert view["materials"]["team_list"] == "专职 1、兼职 2"
    assert "application_form" not in view["missing_materials"]
