"""`browserhelpers.shot` retries Chromium's "Unable to capture screenshot" and nothing else.

CI failed once (2026-11-29) on a full-page capture under load; the page was fine. A fake page stands in for Chromium
here so the retry is exercised without a browser and without depending on load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.api import browserhelpers


class FlakyPage:
    """Fails the first ``failures`` captures with ``message``, then writes a PNG-sized file."""

    def __init__(self, failures: int, message: str) -> None:
        self.failures = failures
        self.message = message
        self.captures = 0
        self.frames_waited = 0

    def evaluate(self, script: str) -> None:
        if "requestAnimationFrame" in script:
            self.frames_waited += 1

    def screenshot(self, *, path: str, full_page: bool) -> None:
        self.captures += 1
        if self.captures <= self.failures:
            raise PlaywrightError(f"Protocol error (Page.captureScreenshot): {self.message}")
        Path(path).write_bytes(b"\x89PNG" + b"\0" * 6_000)


@pytest.fixture
def artifacts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(browserhelpers, "ARTIFACTS", tmp_path)
    return tmp_path


def test_a_failed_capture_is_taken_again_after_the_page_paints(artifacts: Path) -> None:
    page = FlakyPage(failures=2, message="Unable to capture screenshot")
    path = browserhelpers.shot(cast(Page, cast(Any, page)), "flaky")
    assert path == artifacts / "flaky.png" and path.exists()
    assert page.captures == 3 and page.frames_waited == 2


def test_a_capture_that_keeps_failing_fails_the_test(artifacts: Path) -> None:
    page = FlakyPage(failures=browserhelpers.SHOT_ATTEMPTS, message="Unable to capture screenshot")
    with pytest.raises(PlaywrightError, match="Unable to capture screenshot"):
        browserhelpers.shot(cast(Page, cast(Any, page)), "broken")
    assert page.captures == browserhelpers.SHOT_ATTEMPTS


def test_any_other_error_is_not_retried(artifacts: Path) -> None:
    page = FlakyPage(failures=1, message="Target page, context or browser has been closed")
    with pytest.raises(PlaywrightError, match="has been closed"):
        browserhelpers.shot(cast(Page, cast(Any, page)), "closed")
    assert page.captures == 1
