"""Refresh docs/img/ from the browser tests' screenshots (issue 30, item 9).

The browser tests save full-size screenshots under test-artifacts/ui/ (tests/api/browserhelpers.shot); the docs keep
small copies of a few of them: scaled to a reading width, cut to a reasonable height, reduced to 64 colours. Run
the browser tests that take them first:

    INNODOCK_REQUIRE_BROWSER=1 .venv/bin/pytest -m browser tests/api/test_ui_console_browser.py \
        tests/api/test_ui_accounts_browser.py tests/api/test_ui_provider_console_browser.py
    .venv/bin/python scripts/docs_images.py

A screenshot missing from the artifacts is reported and its docs copy left as it was (exit 1). Look at every image
written before committing it: a screenshot that shows a bug is a bug.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "ui"
DOCS = REPO / "docs" / "img"

# docs/img name → (the test's screenshot, width in the docs, tallest height kept)
IMAGES: dict[str, tuple[str, int, int]] = {
    "console-junk-refused.png": ("console-desktop-01-junk-refused.png", 900, 900),
    "console-chat-correction.png": ("console-desktop-02-chat-correction.png", 900, 900),
    "console-queue-filtered.png": ("console-desktop-03-queue-filtered.png", 900, 900),
    "console-explanation.png": ("console-desktop-04-explanation.png", 900, 1300),
    "console-phone-sent-back.png": ("console-phone-05-sent-back.png", 390, 2000),
    "console-board.png": ("console-desktop-08-board.png", 900, 900),
    "console-admin-org.png": ("accounts-admin-org-desktop.png", 720, 1100),
    "console-key-created.png": ("accounts-admin-key-created-desktop.png", 900, 900),
    "console-register-phone.png": ("page-anonymous-register-phone.png", 390, 1100),
    "console-not-yours-en.png": ("page-center-evaluation-plat-gd-battery-en-phone.png", 390, 900),
    "console-docs-offline.png": ("accounts-docs-offline.png", 720, 600),
    "providers-list.png": ("providers-01-list.png", 900, 1200),
    "providers-dashboard.png": ("providers-03-dashboard.png", 900, 1700),
    "providers-list-phone-en.png": ("providers-04-list-phone-en.png", 390, 1300),
    "evaluation-date-refused.png": ("evalwalk-02-date-in-the-future.png", 900, 900),
    "evaluation-report.png": ("evalwalk-04-report.png", 900, 1100),
    "evaluation-form-phone.png": ("evalwalk-06-phone-form.png", 390, 900),
}


def small_copy(source: Path, target: Path, width: int, tallest: int) -> None:
    with Image.open(source) as image:
        rgb = image.convert("RGB")
        scale = width / rgb.width
        scaled = rgb.resize((width, max(1, round(rgb.height * scale))), Image.Resampling.LANCZOS)
        cut = scaled.crop((0, 0, width, min(scaled.height, tallest)))
        cut.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> int:
    missing = []
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, (shot, width, tallest) in IMAGES.items():
        source = ARTIFACTS / shot
        if not source.exists():
            missing.append(shot)
            continue
        small_copy(source, DOCS / name, width, tallest)
        print(f"docs/img/{name} ← {shot}")
    for shot in missing:
        print(f"missing: test-artifacts/ui/{shot} (run the browser test that takes it)", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
