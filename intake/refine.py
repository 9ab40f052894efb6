"""The LLM where it has time (issue 27): at submission the chat model reads the whole conversation, proposes a
refined reading and writes a short brief for the coordinator — the problem, what has been tried, what evidence would
answer it.

A chat message has seconds, which a local model cannot meet; matching runs after submission and coordinators review
hours later, so here the model has minutes (``LLMSettings.submission_timeout_s``). What it says is held to the same
checks as every LLM reading (``intake.llm.validate_against_text``: figures, dates and places must be in the
conversation), and more:

- it never changes a field the enterprise set or corrected, declined, or typed on the card (``protected``);
- it may fill a field left empty, and says which (the enterprise is told, and sees it on its need);
- the brief is the model's suggestion: a sentence with a figure the conversation does not hold is dropped.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import Field

from intake.dialogue import said_as_request
from intake.extract import clean_text, has_value
from intake.extract.budget import budget_declined, extract_budget, find_money
from intake.extract.deadline import deadline_declined, find_deadlines
from intake.extract.region import find_places
from intake.llm import (
    SYSTEM_PROMPT,
    LLMNeed,
    LLMSettings,
    build_chat_model,
    call_within,
    failure_note,
    may_send,
    validate_against_text,
)
from intake.schemas import Need, NeedBrief
from kb.vocab import ServiceType

# The fields the pass may fill when they are empty. Not the service types: a need without them cannot be submitted
# (``intake.submission``), so at submission they are always the enterprise's or the rules'.
FILLABLE = ("product", "region", "deadline", "budget")


class LLMRefinement(LLMNeed):
    """The need read from the whole conversation, and the brief for the coordinator."""

    brief_problem: str | None = Field(default=None, description="企业遇到的问题，一两句话，用对话里的说法")
    brief_tried: str | None = Field(default=None, description="企业已经做过、试过的事；对话没说就留空")
    brief_evidence: str | None = Field(default=None, description="什么样的检测、分析或结果能回答这个问题")


# Measured (docs/intake.md): a longer prompt with an example and the confirmed fields appended made the local 1.5B
# model return empty briefs or copy the example, so the prompt stays this short and the checks after it
# (:func:`supported`) do the rest.
REFINE_PROMPT = SYSTEM_PROMPT + (
    "下面是企业在需求对话中说的全部内容（按顺序，后说的可能更正前面的）。请整理需求字段，"
    "并为协会协调员写一份简短摘要：brief_problem 写问题是什么，brief_tried 写企业已经试过或做过什么（没说就留空），"
    "brief_evidence 写需要什么检测、分析或结果才能回答这个问题。"
    "摘要只能用对话里出现的信息，不要编造数字、日期、机构名称。"
)


@dataclass
class Refinement:
    need: Need
    filled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def ask(model: BaseChatModel, conversation: str, today: date, settings: LLMSettings) -> LLMRefinement:
    """One structured call over the whole conversation; raises on any failure (the caller keeps the need)."""
    system = REFINE_PROMPT.format(types=", ".join(s.value for s in ServiceType), today=today.isoformat())
    if settings.structured_method == "parser":
        parser = PydanticOutputParser(pydantic_object=LLMRefinement)
        reply = model.invoke([SystemMessage(content=system + "\n" + parser.get_format_instructions()),
                              HumanMessage(content=conversation)])
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        return parser.parse(content)
    runnable = model.with_structured_output(LLMRefinement, method=settings.structured_method)
    result = runnable.invoke([SystemMessage(content=system), HumanMessage(content=conversation)])
    return result if isinstance(result, LLMRefinement) else LLMRefinement.model_validate(result)


_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_DIGITS = re.compile(r"\d[\d,.]*")


_CLAUSE = re.compile(r"(?:[^，,、]|(?<=\d),(?=\d))+[，,、]?")
BRIEF_MAX = 200


def _restates_a_field(clause: str, today: date) -> bool:
    """A clause that only restates the budget, the deadline or the place: the fields show those, corrected, and a
    small model tends to copy the first value said rather than the corrected one."""
    bare = clause.strip(" ，,、。；;.")
    if not bare:
        return True
    if len(bare) > (16 if re.search(r"[\u3400-\u9fff]", bare) else 40):
        return False  # a longer clause says more than the field: kept whole
    if not extract_budget(bare).is_empty or find_deadlines(bare, today) or budget_declined(bare) \
            or deadline_declined(bare):
        return True
    places = find_places(bare)
    rest = "".join(ch for i, ch in enumerate(bare) if not any(m.start <= i < m.end for m in places))
    return bool(places) and len(re.sub(r"[在于的，,\s（）()]|工厂|公司|企业|位于|地点|地区", "", rest)) <= 2


def supported(text: str | None, conversation: str, today: date | None = None) -> str | None:
    """The brief's text as a coordinator should read it: without its sentences that carry a figure the conversation
    does not hold (an amount, a date, a count the model made up), without clauses that only restate the budget, the
    deadline or the place, and at most two sentences (a paste of the conversation is no brief); None when nothing
    is left."""
    if not text or not text.strip():
        return None
    said = set(_DIGITS.findall(conversation))
    said |= {str(round(m.low)) for m in find_money(conversation)} | {str(round(m.high)) for m in find_money(
        conversation)}
    kept: list[str] = []
    for sentence in _SENTENCE.findall(text.strip()):
        if not sentence.strip() or not all(d.rstrip(".,") in said or d.rstrip(".,") in conversation
                                           for d in _DIGITS.findall(sentence)):
            continue
        if today is not None:
            clauses = [c for c in _CLAUSE.findall(sentence) if not _restates_a_field(c, today)]
            sentence = "".join(clauses).strip().rstrip("，,、")
            if sentence and not re.search(r"[。！？!?；;.]$", sentence):
                sentence += "。" if re.search(r"[\u3400-\u9fff]", sentence) else "."
        if sentence.strip():
            kept.append(sentence.strip())
        if len(kept) == 2:
            break
    out = "".join(kept).strip()
    if len(out) > BRIEF_MAX:
        out = out[: BRIEF_MAX - 1] + "…"
    return out or None


def refine(need: Need, conversation: str, *, today: date, settings: LLMSettings, model: BaseChatModel | None = None,
           protected: Collection[str] = ()) -> Refinement:
    """The need with the fields the model filled (only empty, unprotected ones) and its brief; the need as it was,
    with a note, when the model is off, may not see this need, or fails."""
    out = Refinement(need=need.model_copy(deep=True))
    if model is None and not settings.enabled:
        return out
    if not may_send(confidential=need.confidential, settings=settings):
        out.notes.append("保密需求不发送到本机以外的 LLM / a confidential need is not sent to an LLM outside this "
                         "machine")
        return out
    body = clean_text(conversation)
    budget = settings.submission_timeout_s
    started = time.monotonic()
    try:
        chat = model or build_chat_model(settings, timeout_s=budget)
        proposal: Any = call_within(lambda: ask(chat, body, today, settings), budget)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        out.notes.append(failure_note(exc))
        out.seconds = time.monotonic() - started
        return out
    out.seconds = time.monotonic() - started
    # Checked against what the enterprise asked for, not its passing mentions (the chat reads them the same way).
    checked, notes = validate_against_text(proposal, need, said_as_request(body) or body, today)
    out.notes += notes
    for name in FILLABLE:
        if name in protected or has_value(need, name) or not has_value(checked, name):
            continue
        setattr(out.need, name, getattr(checked, name))
        out.need.sources = {**out.need.sources, name: "llm"}
        out.filled.append(name)
    if "product" in out.filled and not out.need.industry and "industry" not in protected:
        out.need.industry = checked.industry
    out.need.brief = NeedBrief(problem=supported(proposal.brief_problem, body, today),
                               tried=supported(proposal.brief_tried, body, today),
                               evidence=supported(proposal.brief_evidence, body, today),
                               model=settings.model or "stand-in", made_on=today, filled=list(out.filled))
    out.need.missing = [m for m in need.missing if m not in out.filled]
    return out
