"""The regulator's day, in real headless Chromium (a new user's trial, 2026-11-29): the demo bureau (Shanghai's
municipal bureau, 主管部门) had nothing to oversee with — its nav was 服务机构目录 · 待决定事项 · 待办通知, and the
providers, the dashboard, its export and the evaluations answered 403. It now logs in, opens its providers from the
nav (those in its jurisdiction only: the Jiangsu providers of the shared catalog are not its), one provider's record,
the dashboard, downloads the export, and reads the provider's evaluation and its report, offered no form that writes.
Screenshots ``bureau-day-…``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.db import session_scope
from evaluation import service as evaluation
from evaluation.schemas import ScoreInput
from flows import providers as providers_flow
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    EXAMPLES,
    LiveServer,
    People,
    dont_see,
    go,
    nav,
    see,
    seed_world,
    serve,
    shot,
)
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = BROWSER_MARKS

SH = "qic-sh-newmat"
SH_NAME = "上海市新材料产品质量检验中心"
SH_CENTER = {"type": "center", "id": SH, "name": SH_NAME, "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("bureau-day-home")
    settings, passwords = seed_world(home)
    assert do_import(settings, write_jsonl(home / "sh.jsonl", [SH_CENTER])).ok
    inputs = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    inputs.pop("center_id", None), inputs.pop("center_name", None)
    with session_scope(settings) as session:
        providers_flow.sync(session=session)
        evaluation.evaluate_center(session=session, center_id=SH, period="2026",
                                   inputs=ScoreInput.model_validate(inputs), use_pipeline=False)
    with serve(settings, passwords) as server:
        yield server


def test_the_bureau_oversees_its_providers(people: People) -> None:
    bureau = people.login("demo-bureau")
    for key in ("providers", "dashboard", "decisions", "inbox"):
        expect(bureau.locator(f'header nav a[data-nav="{key}"]')).to_have_count(1)
    with bureau.expect_navigation():
        nav(bureau, "providers")
    see(bureau, SH_NAME)
    dont_see(bureau, "江苏省动力电池产品质量检验中心")  # another province's: not in its jurisdiction
    shot(bureau, "bureau-day-1-providers")
    with bureau.expect_navigation():
        bureau.get_by_role("link", name=SH_NAME).click()
    assert bureau.url.endswith(f"/providers/{SH}")
    shot(bureau, "bureau-day-2-provider")
    with bureau.expect_navigation():
        nav(bureau, "dashboard")
    expect(bureau.locator("#kn-total .n")).to_have_text("1")
    shot(bureau, "bureau-day-3-dashboard")
    with bureau.expect_download() as got:
        bureau.click("#dashboard-export")
    saved = got.value.path()
    assert saved is not None and Path(saved).read_bytes()[:2] == b"PK"
    go(bureau, f"/evaluation/{SH}")
    see(bureau, SH_NAME)
    expect(bureau.locator("#run-form")).to_have_count(0)
    expect(bureau.locator("#rating-forms")).to_have_count(0)
    shot(bureau, "bureau-day-4-evaluation")
    report = bureau.locator(".run-report a").first
    with bureau.expect_navigation():
        report.click()
    see(bureau, "评价")
    shot(bureau, "bureau-day-5-report")


def test_the_bureau_reads_in_english_too(people: People) -> None:
    bureau = people.login("demo-bureau", lang="en")
    go(bureau, "/providers/dashboard")
    see(bureau, "Providers dashboard")
    shot(bureau, "bureau-day-6-dashboard-en")
