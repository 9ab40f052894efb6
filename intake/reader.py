"""How intake reads an enterprise's message: the one object the chat, ``POST /needs`` and the pages share.

Built once at the entry point (``flows.intake.intake_setup``) from the settings and handed down, so no service
function reads the environment or chooses a model. Without an LLM it is the deterministic extractor (with the semantic
service-type reader when one is given); with one, every call has the chat's short budget and falls back to the
deterministic reading (:func:`intake.llm.read_with_llm`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from langchain_core.language_models import BaseChatModel

from intake.extract import ProductReader, ServiceTypeReader, extract
from intake.llm import LLMSettings, phrase_question, read_with_llm
from intake.schemas import Need
from kb.vocab import ServiceType


@dataclass(frozen=True)
class IntakeReader:
    """``llm`` None: no LLM. ``model``: a chat model to use instead of building ``ChatOpenAI`` from ``llm`` (a
    stand-in in tests, or a client built once at start-up)."""

    llm: LLMSettings | None = None
    model: BaseChatModel | None = None
    service_reader: ServiceTypeReader | None = None
    product_reader: ProductReader | None = None

    @property
    def uses_llm(self) -> bool:
        return self.llm is not None and (self.model is not None or self.llm.enabled)

    def read(self, text: str, *, today: date, known_confidential: bool = False) -> Need:
        """One message read into a need (the chat reads each message alone and lays it over the draft)."""
        if not self.uses_llm or self.llm is None:
            return extract(text, today=today, service_reader=self.service_reader,
                           product_reader=self.product_reader)
        return read_with_llm(text, today=today, settings=self.llm, model=self.model,
                             budget_s=self.llm.chat_timeout_s, known_confidential=known_confidential,
                             service_reader=self.service_reader, product_reader=self.product_reader)

    def read_message(self, text: str, *, today: date) -> Need:
        """A chat message read within the chat's time: the rules and the semantic head, never the LLM (a local model
        cannot answer in a chat's few seconds; it reads the whole conversation at submission instead)."""
        return extract(text, today=today, service_reader=self.service_reader, product_reader=self.product_reader)

    def question(self, need: Need, field: str, *, fallback: str, language: str) -> tuple[str, bool]:
        """The follow-up question for ``field``: phrased by the LLM when there is one and it answers in time."""
        if not self.uses_llm or self.llm is None:
            return fallback, False
        return phrase_question(need, field, fallback=fallback, language=language, settings=self.llm,
                               model=self.model, budget_s=self.llm.chat_timeout_s)


DETERMINISTIC = IntakeReader()


class ReadsByMeaning(Protocol):
    """The semantic side (:class:`intake.semantic.SemanticServiceTypes`, or the entry point's lazy wrapper of it):
    the service types and the product, read by one model."""

    def __call__(self, text: str, rule_types: Sequence[ServiceType]) -> list[ServiceType]: ...

    def product(self, text: str) -> str | None: ...


def reader_by_meaning(semantic: ReadsByMeaning | None, *, llm: LLMSettings | None = None,
                      model: BaseChatModel | None = None) -> IntakeReader:
    """The reader the API, the chat and the terminal use: ``semantic`` reads the service types *and* chooses the
    product (``None``: the rules alone). One place, because a reader built by hand with the service types alone read
    the product by the rules — the dialogue benchmark did, and so measured a chat the API does not run."""
    if semantic is None:
        return IntakeReader(llm=llm, model=model)
    return IntakeReader(llm=llm, model=model, service_reader=semantic, product_reader=semantic.product)
