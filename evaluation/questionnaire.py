"""The client's five-grade questionnaire: seed 001's questionnaire items, asked of the enterprise after acceptance.

Seed 001 §5.2.7 lists questionnaires among the ways an evaluator collects data, and its hierarchy scores several
items as "问卷五级" — five vote counts read by fuzzy comprehensive evaluation (§5.2.6, ``evaluation.fuzzy``). Until
now those votes had to be typed into an input file. Here each engagement's client answers the items once, after
acceptance, and the votes of the period's closed engagements become the items' values
(``evaluation.records.questionnaire_votes``), marked as coming from records.

The items are the hierarchy's own (``data_source: questionnaire``, ``normalisation: five_grade``); this module adds
only the question a client reads, because the hierarchy's names are written for the evaluator ("客户对技术支持的
评价"). A test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import InnodockError
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.schemas import GRADES

# The question the client reads, per item id: (Chinese, English).
QUESTIONS: dict[str, tuple[str, str]] = {
    "equipment_adequacy": ("机构的仪器设备和场地能否满足本次服务的需要？",
                           "Did the provider's instruments and facilities meet what this service needed?"),
    "quality_eval_rating": ("您对本次检测、分析或评价工作的质量如何评价？",
                            "How good was the testing, analysis or evaluation work you received?"),
    "training_rating": ("如果本次服务包含培训，培训对您的人员有多大帮助？",
                        "If this service included training, how much did it help your staff?"),
    "support_rating": ("机构的技术人员解决您问题的能力和态度如何？",
                       "How well did the provider's technical staff solve your problem, and how did they work "
                       "with you?"),
    "value_for_money": ("与所付费用相比，您觉得本次服务值不值？",
                        "For what you paid, how good was the value of this service?"),
}


@dataclass(frozen=True)
class Question:
    item_id: str
    zh: str
    en: str
    item_zh: str
    item_en: str


def questions(hierarchy: Hierarchy | None = None) -> list[Question]:
    """The questionnaire, in the hierarchy's order: its five-grade questionnaire items that a client can answer."""
    h = hierarchy or load_hierarchy()
    out = []
    for _, _, item in h.items():
        if item.data_source == "questionnaire" and item.normalisation.method == "five_grade" \
                and item.id in QUESTIONS:
            zh, en = QUESTIONS[item.id]
            out.append(Question(item_id=item.id, zh=zh, en=en, item_zh=item.name_zh, item_en=item.name_en))
    return out


def check_answers(answers: dict[str, int], hierarchy: Hierarchy | None = None) -> dict[str, int]:
    """The answers if every key is an item of the questionnaire and every grade 1–5; an item left out is "not
    applicable" (training that did not happen) and casts no vote."""
    known = {q.item_id for q in questions(hierarchy)}
    for key, grade in answers.items():
        if key not in known:
            raise InnodockError(f"问卷中没有 {key!r} 这一项 / the questionnaire has no item {key!r}",
                                field=f"answers.{key}"[:80])
        if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
            raise InnodockError("每一项应为 1–5 级 / each answer must be a grade from 1 to 5",
                                field=f"answers.{key}")
    if not answers:
        raise InnodockError("问卷至少回答一项 / answer at least one question", field="answers")
    return dict(answers)
