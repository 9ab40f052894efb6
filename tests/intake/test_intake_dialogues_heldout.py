"""The intake chat on the second dialogue set (tests/intake/data/dialogues_heldout: 38 hand-written multi-turn chats
by another hand, their gold committed before any code ran on them; read once as held out, development data since
the fixes that followed — docs/intake.md, "The second dialogue set"), read by the rules as the tests run them.

Its bars are issue 27's, as for the first set: every correction honoured, at least 95 % of answers in the asked
field, no title holding a budget, a deadline, a place or a correction's leftover; and on the two dialogues typed in
Chinese on the English page, every reply in English. Every-field-right is held at its measured floor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.settings import Settings
from intake.dialogue_eval import DialogueEvaluator, load_dialogues

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_dialogues import HELDOUT, runner  # noqa: E402

# Measured with the rules alone (benchmarks/intake_dialogues.py --dialogues HELDOUT): 0.58 at the first reading,
# 0.87 after the fixes; a change that loses more than 0.02 fails.
ALL_FIELDS_FLOOR = 0.87

Scored = tuple[DialogueEvaluator, dict[str, object]]


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Scored:
    evaluator = DialogueEvaluator(load_dialogues(HELDOUT))
    found = evaluator(runner(Settings(home=tmp_path_factory.mktemp("dialogues_heldout"))))
    return evaluator, found


def test_the_set_is_the_one_committed_before_the_code(scored: Scored) -> None:
    _, found = scored
    assert found["dialogues"] == 38 and found["corrections"] == 16 and found["answers"] == 121
    assert found["page_language_dialogues"] == 2


def test_every_correction_is_honoured(scored: Scored) -> None:
    evaluator, found = scored
    failures = [f"{r.id}: {f}" for r in evaluator.results for f in r.failures if "correction" in f]
    assert failures == [] and found["corrections_honoured"] == 1.0


def test_answers_land_in_the_asked_field(scored: Scored) -> None:
    _, found = scored
    assert float(found["answers_landed"]) >= 0.95  # type: ignore[arg-type]


def test_no_title_holds_a_field_or_a_correction(scored: Scored) -> None:
    evaluator, found = scored
    assert [(r.id, r.title, r.title_flaws) for r in evaluator.results if r.title_flaws or r.correction_title] == []
    assert found["bad_titles"] == 0 and found["correction_titles"] == 0


def test_replies_follow_the_page_language(scored: Scored) -> None:
    _, found = scored
    assert found["replies_in_page_language"] == 1.0


def test_all_fields_right_holds_its_floor(scored: Scored) -> None:
    _, found = scored
    assert float(found["all_fields_right"]) >= ALL_FIELDS_FLOOR - 0.02  # type: ignore[arg-type]
