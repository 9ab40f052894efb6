"""Issue 14's second browser test, in real headless Chromium: after acceptance the enterprise answers the five-grade
questionnaire on its engagement page, and the association's next evaluation run of the center, started on the
evaluation page, scores the items it answered: the center's score moves.

The fixture takes one engagement of the demo enterprise with the demo center up to accepted results through the API
(the engagement's own browser path is test_ui_browser.py's); everything after it is pages only. Every step leaves a
screenshot in test-artifacts/ui/ named ``questionnaire-…``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core import china_time
from core.settings import Settings
from evaluation.questionnaire import QUESTIONS
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    EXAMPLES,
    TO_ACCEPTED,
    LiveServer,
    People,
    engagement_through,
    go,
    see,
    seed_world,
    serve,
    shot,
)

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

CENTER = "qic-js-battery"
ANSWERED = sorted(set(QUESTIONS) - {"training_rating"})  # no training in this engagement: left "not applicable"
STATE: dict[str, Any] = {}


def _accepted_engagement(settings: Settings) -> str:
    """The demo enterprise's need, accepted for the demo center and taken to accepted results (seed 000 Figure 1)."""
    return engagement_through(settings, CENTER, TO_ACCEPTED)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("questionnaire-home")
    settings, passwords = seed_world(home)
    STATE["engagement"] = _accepted_engagement(settings)
    # The evaluator's indicator values: the seed 001 example without the items the clients answer, so those come
    # from the engagements' questionnaires (evaluation.service.merge_record_values).
    inputs = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    inputs.pop("center_id", None), inputs.pop("center_name", None)
    inputs["values"] = {k: v for k, v in inputs["values"].items() if k not in ANSWERED}
    STATE["inputs"] = home / "evaluator-inputs.json"
    STATE["inputs"].write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
    with serve(settings, passwords) as server:
        yield server


def _run_evaluation(page: Page, name: str) -> tuple[str, str]:
    """The association starts a run on the evaluation page, third-party as its inputs' report names; the new run's
    scores table and its line of period, total and evaluator."""
    go(page, f"/evaluation/{CENTER}")
    runs = page.locator("table#runs tr.run").count()
    page.locator("#run-by-file summary").click()  # the upload, for integrations, is folded away
    form = page.locator("#run-form")
    form.locator("input[name=period]").fill(str(china_time.today().year))
    form.locator("select[name=party]").select_option("third")  # as the inputs' report names it
    form.locator("input[name=evaluator_name]").fill("江南质量评价研究院")  # a third party names its evaluator
    form.locator("input[name=inputs]").set_input_files(str(STATE["inputs"]))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("table#runs tr.run")).to_have_count(runs + 1)
    shot(page, name)
    return page.locator("#rating table.scores").inner_text(), page.locator("#rating .meta").inner_text()


def test_the_clients_questionnaire_moves_the_centers_score(people: People) -> None:
    assoc = people.login("demo-association")
    scores_before, meta_before = _run_evaluation(assoc, "questionnaire-1-run-before")

    ent = people.login("demo-enterprise")
    go(ent, f"/engagements/{STATE['engagement']}")
    form = ent.locator("#questionnaire-form")
    expect(form).to_be_visible()
    expect(form.locator("fieldset.question")).to_have_count(len(QUESTIONS))
    for item in ANSWERED:
        form.locator(f"fieldset[data-item={item}] input[value='5']").check()
    shot(ent, "questionnaire-2-answers")
    ent.once("dialog", lambda dialog: dialog.accept())  # the questions left "不适用" are asked about first
    with ent.expect_navigation():
        form.locator("button[type=submit]").click()
    see(ent.locator("#toast"), "问卷已提交")
    expect(ent.locator("#questionnaire-form")).to_have_count(0)  # answered once: the form is gone
    shot(ent, "questionnaire-3-sent")

    scores_after, meta_after = _run_evaluation(assoc, "questionnaire-4-run-after")
    assert scores_after != scores_before, scores_after
    # Before, the clients' items had no answer and the run was incomplete; now they are answered and it totals.
    assert "总分" not in meta_before and "总分" in meta_after, (meta_before, meta_after)
    assert Path(STATE["inputs"]).exists()
