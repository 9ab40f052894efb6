"""Intake as the chat, ``POST /needs`` and the pages run it: which reader (rules, the semantic service-type head on
the matcher's model, and the LLM when ``INNODOCK_LLM_BASE_URL`` and ``INNODOCK_LLM_MODEL`` are set).

Built once at the entry point (the API's ``create_app``) by :func:`intake_setup`; its ``reader`` is handed to the
chat and need flows (:mod:`flows.needs`), so no view or service chooses a model or reads the LLM settings.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel

from core.settings import Settings
from flows.matching import MatcherSetup
from intake.llm import LLMSettings
from intake.reader import IntakeReader
from intake.semantic import SemanticServiceTypes, load_semantic
from kb.vocab import ServiceType
from matcher.embedding.models import load_embedder

log = logging.getLogger(__name__)


class LazySemantic:
    """The semantic service-type reader on the matcher's embedder, loaded on first use (the matcher's warm-up loads
    the same model); rules alone when no head was trained for that model, or the model cannot be loaded."""

    def __init__(self, *, matcher: Callable[[], MatcherSetup], settings: Settings) -> None:
        self._matcher = matcher
        self._settings = settings
        self._lock = threading.Lock()
        self._loaded = False
        self._reader: SemanticServiceTypes | None = None

    def _get(self) -> SemanticServiceTypes | None:
        with self._lock:
            if not self._loaded:
                self._loaded = True
                try:
                    setup = self._matcher()
                    embedder = setup.embedder
                    if embedder is None:
                        embedder = load_embedder(setup.config.model, home=self._settings.home,
                                                 e5_queries=setup.config.e5_queries)
                    self._reader = load_semantic(embedder)
                except Exception:  # the rules still read service types
                    log.exception("semantic service-type reader unavailable; keyword rules only")
                    self._reader = None
            return self._reader

    def __call__(self, text: str, rule_types: Sequence[ServiceType]) -> list[ServiceType]:
        reader = self._get()
        return list(rule_types) if reader is None else reader(text, rule_types)


@dataclass(frozen=True)
class IntakeSetup:
    reader: IntakeReader = field(default_factory=IntakeReader)


def intake_setup(*, settings: Settings, matcher: Callable[[], MatcherSetup], llm: LLMSettings | None = None,
                 model: BaseChatModel | None = None, semantic: bool = True) -> IntakeSetup:
    """The reader the entry point hands down: the LLM only when its settings name an endpoint and a model (or a
    stand-in ``model`` is given); the semantic head unless ``semantic`` is off. ``matcher`` returns the matcher's
    current set-up, whose embedder the semantic head uses (read when first needed)."""
    chosen = llm if llm is not None and (llm.enabled or model is not None) else None
    service_reader = LazySemantic(matcher=matcher, settings=settings) if semantic else None
    return IntakeSetup(reader=IntakeReader(llm=chosen, model=model, service_reader=service_reader))


def intake_setup_from_env(*, settings: Settings, matcher: Callable[[], MatcherSetup]) -> IntakeSetup:
    """The entry point's default: the LLM as ``INNODOCK_LLM_*`` describe it (read here, once, at start-up)."""
    return intake_setup(settings=settings, matcher=matcher, llm=LLMSettings())
