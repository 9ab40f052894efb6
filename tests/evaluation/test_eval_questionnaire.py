"""The client's questionnaire is the hierarchy's five-grade items, and its answers become their vote counts."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InnodockError
from evaluation.hierarchy import load_hierarchy
from evaluation.questionnaire import QUESTIONS, check_answers, questions
from evaluation.records import EngagementOutcome, questionnaire_votes
from evaluation.schemas import GRADES


def test_every_five_grade_questionnaire_item_has_a_question_and_nothing_else_does() -> None:
    five_grade = {it.id for _, _, it in load_hierarchy().items()
                  if it.data_source == "questionnaire" and it.normalisation.method == "five_grade"}
    assert set(QUESTIONS) == five_grade and [q.item_id for q in questions()] == [
        it.id for _, _, it in load_hierarchy().items() if it.id in five_grade]
    assert sorted(GRADES) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("answers", "field"), [
    ({"nope": 3}, "answers.nope"), ({"support_rating": 0}, "answers.support_rating"),
    ({"support_rating": True}, "answers.support_rating"), ({}, "answers")])
def test_bad_answers_name_the_question(answers: dict[str, int], field: str) -> None:
    with pytest.raises(InnodockError) as refused:
        check_answers(answers)
    assert refused.value.field == field


def _outcome(n: int, closed: date | None, answers: dict[str, int], center: str = "C001") -> EngagementOutcome:
    return EngagementOutcome(engagement_id=f"e{n}", center_id=center, client_id=f"c{n}", closed_on=closed,
                             answers=answers)


def test_votes_count_the_periods_closed_engagements_of_the_center_only() -> None:
    outcomes = [
        _outcome(1, date(2026, 3, 1), {"support_rating": 5, "value_for_money": 4}),
        _outcome(2, date(2026, 9, 1), {"support_rating": 2}),
        _outcome(3, date(2025, 9, 1), {"support_rating": 1}),  # another period
        _outcome(4, None, {"support_rating": 1}),  # not closed
        _outcome(5, date(2026, 5, 1), {"support_rating": 1}, center="C002"),  # another center
    ]
    votes = questionnaire_votes(outcomes, center_id="C001", period="2026")
    assert votes == {"support_rating": ([1.0, 0.0, 0.0, 1.0, 0.0], 2),
                     "value_for_money": ([0.0, 1.0, 0.0, 0.0, 0.0], 1)}
    assert questionnaire_votes(outcomes, center_id="C001", period="2025..2026")["support_rating"][1] == 3
