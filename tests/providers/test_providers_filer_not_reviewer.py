"""The filer never reviews (separation of duties; a new user's trial, 2026-11-30, found the association filing a
center's report and scoring it itself). The provider's plans and reports are filed by its coordinators only and
reviewed by the association; a record the association files itself (a station's annual supervision, seed 003
art. 13) is its own decision, not a filing it then scores: its review is refused like its return, nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from authz import policy
from authz.vocab import Role
from core.cli import app
from core.db import session_scope
from core.errors import ConflictError, PermissionDeniedError
from core.settings import Settings
from flows import obligations
from flows.events import MemoryOutbox
from tests.providers.providerhelpers import ASSOC, STATION, person
from tests.providers.test_providers_filings import FIVE, _file, _operating

OTHER_ASSOC = person(Role.association_coordinator, name="wu")


def test_the_associations_own_record_is_not_reviewed_and_a_filer_never_reviews(settings: Settings,
                                                                             tmp_path: Path) -> None:
    owed = _operating(settings, tmp_path)
    record = _file(settings, ASSOC, owed[(STATION["id"], "annual_supervision")].id, {"text": "年度监督指导：运行良好"})
    for who in (ASSOC, OTHER_ASSOC):
        with session_scope(settings) as session, pytest.raises(ConflictError) as refused:
            obligations.review(session=session, principal=who, filing_id=record.id, score=95, note=None,
                               outbox=MemoryOutbox())
        assert refused.value.field == "filing_id" and refused.value.code == "filing_not_reviewable"
    with session_scope(settings) as session:
        [kept] = obligations.filings(session=session, principal=ASSOC, center_id=STATION["id"])
    assert kept.score is None and kept.reviewed_by is None
    with pytest.raises(PermissionDeniedError) as own:
        policy.check_not_filer(ASSOC, ASSOC.audit_label())
    assert own.value.field == "actor"
    policy.check_not_filer(OTHER_ASSOC, ASSOC.audit_label())


@pytest.fixture
def terminal(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The terminal's own settings pointed at the test's database (as test_providers_filings' fixture)."""
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    yield settings


def test_the_association_files_no_providers_report_at_the_terminal(terminal: Settings, tmp_path: Path) -> None:
    """The terminal's ``provider file`` is the same use case: the association's filing of a center's report is
    refused there too (field ``role``), nothing stored."""
    owed = _operating(terminal, tmp_path)
    report = owed[("qic-sh-ic", "annual_report")].id
    parts = [a for k, v in FIVE.items() for a in ("--part", f"{k}={v}")]
    refused = CliRunner().invoke(app, ["provider", "file", str(report), "--as", "association_coordinator:zhou",
                                       "--today", "2026-03-20", *parts])
    assert refused.exit_code != 0 and getattr(refused.exception, "field", "") == "role", refused.output
    with session_scope(terminal) as session:
        assert obligations.filings(session=session, principal=ASSOC, center_id="qic-sh-ic") == []

