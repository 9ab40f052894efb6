"""The intake chat on the held-out dialogues (tests/intake/data/dialogues: 50 hand-written multi-turn chats, gold
final needs committed before the conversation code first ran on them), read by the rules as the tests run them.

Issue 27's bars: every correction honoured, at least 95 % of answers in the asked field, no title holding a budget,
a deadline or a place. The share of dialogues with every field right is held at its measured floor (docs/intake.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.settings import Settings
from intake.dialogue_eval import DialogueEvaluator, load_dialogues

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_dialogues import DIALOGUES, runner  # noqa: E402

# Measured with the rules alone (benchmarks/intake_dialogues.py); a change that loses more than 0.02 fails.
ALL_FIELDS_FLOOR = 0.86


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[DialogueEvaluator, dict[str, object]]:
    evaluator = DialogueEvaluator(load_dialogues(DIALOGUES))
    found = evaluator(runner(Settings(home=tmp_path_factory.mktemp("dialogues"))))
    return evaluator, found


def test_the_set_is_the_one_committed_before_the_code(scored: tuple[DialogueEvaluator, dict[str, object]]) -> None:
    _, found = scored
    assert found["dialogues"] == 50 and found["corrections"] == 27 and found["answers"] == 137


def test_every_correction_is_honoured(scored: tuple[DialogueEvaluator, dict[str, object]]) -> None:
    evaluator, found = scored
    failures = [f"{r.id}: {f}" for r in evaluator.results for f in r.failures if "correction" in f]
    assert failures == [] and found["corrections_honoured"] == 1.0


def test_answers_land_in_the_asked_field(scored: tuple[DialogueEvaluator, dict[str, object]]) -> None:
    _, found = scored
    assert float(found["answers_landed"]) >= 0.95  # type: ignore[arg-type]


def test_no_title_holds_a_budget_a_deadline_or_a_place(scored: tuple[DialogueEvaluator, dict[str, object]]) -> None:
    evaluator, found = scored
    assert [(r.id, r.title, r.title_flaws) for r in evaluator.results if r.title_flaws] == []
    assert found["bad_titles"] == 0


def test_all_fields_right_holds_its_floor(scored: tuple[DialogueEvaluator, dict[str, object]]) -> None:
    _, found = scored
    assert float(found["all_fields_right"]) >= ALL_FIELDS_FLOOR - 0.02  # type: ignore[arg-type]
