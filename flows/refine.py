"""The LLM where it has time (issue 27): at submission, when an LLM is configured, a background job hands it the
whole conversation (``intake.refine``). It may fill fields the enterprise left empty — never one it set, corrected,
declined or typed on the card — and writes a brief for the coordinator, shown as the model's suggestion beside the
deterministic reading. The enterprise hears of any field filled (``need.refined``, its inbox) and sees it on its need.

The API queues the job after a submission (``flows.jobs.need_refinement``); the terminal runs it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from flows.events import Outbox, Parties
from intake import refine as refinement
from intake import service as intake
from intake.reader import IntakeReader
from outbox.vocab import DomainEvent

FIELD_WORDS: dict[str, tuple[str, str]] = {
    "service_types": ("服务类型", "service type"), "product": ("产品", "product"), "region": ("地区", "region"),
    "deadline": ("期限", "deadline"), "budget": ("预算", "budget"),
}


@dataclass(frozen=True)
class RefineOutcome:
    need_id: str
    filled: list[str]
    brief: bool
    notes: list[str]
    seconds: float


def refine_need(*, session: Session, need_id: str, reader: IntakeReader, outbox: Outbox,
                today: date) -> RefineOutcome:
    """One need's pass: nothing happens without an LLM; the need is stored with the brief and what was filled."""
    if not reader.uses_llm or reader.llm is None:
        return RefineOutcome(need_id=need_id, filled=[], brief=False, notes=["未配置 LLM / no LLM configured"],
                             seconds=0.0)
    need, conversation, protected = intake.refinement_inputs(session=session, need_id=need_id)
    done = refinement.refine(need, conversation, today=today, settings=reader.llm, model=reader.model,
                             protected=protected)
    if done.need.brief is not None or done.filled:
        intake.store_refinement(session=session, need=done.need)
    if done.filled:
        outbox.record(session=session, event=DomainEvent.need_refined,
                      payload={"need_id": need_id, "fields": done.filled,
                               "fields_zh": "、".join(FIELD_WORDS[f][0] for f in done.filled),
                               "fields_en": ", ".join(FIELD_WORDS[f][1] for f in done.filled)},
                      parties=Parties(enterprise_id=need.enterprise.id, center_id=None, need_id=need_id))
    return RefineOutcome(need_id=need_id, filled=done.filled, brief=done.need.brief is not None, notes=done.notes,
                         seconds=round(done.seconds, 2))
