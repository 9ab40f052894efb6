"""Intake as the chat, ``POST /needs``, the pages and the terminal run it: which reader (rules, the semantic
service-type head on the matcher's model, and the LLM when ``INNODOCK_LLM_BASE_URL`` and ``INNODOCK_LLM_MODEL`` are
set).

Built once at the entry point by :func:`intake_setup`: the API's ``create_app`` (:func:`intake_setup_from_env`), a
command at the terminal (:func:`terminal_setup`: ``innodock intake extract``, ``innodock need create``); its
``reader`` is handed to the chat and need flows (:mod:`flows.needs`) and to :func:`read_text`, so no view, command
or service chooses a model or reads the LLM settings, and one text reads alike wherever it is read.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from langchain_core.language_models import BaseChatModel

from core.errors import InnodockError
from core.settings import Settings
from flows.matching import MatcherSetup
from intake import service as intake
from intake.extract.product import extract_product
from intake.llm import LLMSettings
from intake.reader import IntakeReader, reader_by_meaning
from intake.schemas import Need
from intake.semantic import SemanticServiceTypes, load_semantic
from kb.vocab import ServiceType
from matcher import service as matcher_service

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
                    # The matcher's own model, loaded as the matcher loads it (once per process).
                    embedder = setup.embedder or matcher_service.get_embedder(settings=self._settings,
                                                                              config=setup.config)
                    self._reader = load_semantic(embedder)
                except Exception:  # the rules still read service types
                    log.exception("semantic service-type reader unavailable; keyword rules only")
                    self._reader = None
            return self._reader

    def __call__(self, text: str, rule_types: Sequence[ServiceType]) -> list[ServiceType]:
        reader = self._get()
        return list(rule_types) if reader is None else reader(text, rule_types)

    def product(self, text: str) -> str | None:
        """The product by the same model (its chooser beside the head), the rule reader's alone without one."""
        reader = self._get()
        return extract_product(text) if reader is None else reader.product(text)


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
    return IntakeSetup(reader=reader_by_meaning(service_reader, llm=chosen, model=model))


def intake_setup_from_env(*, settings: Settings, matcher: Callable[[], MatcherSetup]) -> IntakeSetup:
    """The entry point's default: the LLM as ``INNODOCK_LLM_*`` describe it (read here, once, at start-up)."""
    return intake_setup(settings=settings, matcher=matcher, llm=LLMSettings())


def terminal_setup(*, settings: Settings, rules_only: bool = False, wait_for_llm: bool = False,
                   matcher: MatcherSetup | None = None) -> IntakeSetup:
    """The reader of a command at the terminal, built once at the command's edge: the API's own
    (:func:`intake_setup_from_env` on the matcher the environment configures, as ``create_app`` builds it), so a text
    reads the same at the terminal as in the chat; ``rules_only``: the keyword rules alone, chosen explicitly.
    ``wait_for_llm`` (``intake extract --llm``): a configured LLM is given the terminal's budget
    (``INNODOCK_LLM_TIMEOUT_S``) rather than the chat's short one."""
    if rules_only:
        return IntakeSetup(reader=IntakeReader())
    llm = LLMSettings()
    if wait_for_llm:
        llm = llm.model_copy(update={"chat_timeout_s": llm.timeout_s})
    setup = matcher or MatcherSetup()
    return intake_setup(settings=settings, matcher=lambda: setup, llm=llm)


def read_text(*, text: str, today: date, reader: IntakeReader) -> Need:
    """One text read into a need, with the input checks of every door (an empty text is an error the user can act
    on), as the chat reads a first message: the terminal's ``intake extract``."""
    return intake.extract(text=text, today=today, reader=reader)


# A minus sign (ASCII, the typographic one or a full-width one) or "负" before the figure.
# A note on tax after an amount, as invoices and quotes write it ("75000元（含税）", "7.5万 含税", "(tax included)"):
# the amount is read without it (it was refused whole as not an amount, a new user's trial, 2026-11-29).
_TAX_NOTE = re.compile(r"\s*[（(]?\s*(?:含税价?|含增值税|不含税|税前|税后|含\s*\d+(?:\.\d+)?\s*%\s*增?值?税|"
                       r"tax(?:es)? (?:included|excluded|incl\.?|excl\.?)|incl(?:uding|\.)? (?:vat|tax)|"
                       r"excl(?:uding|\.)? (?:vat|tax))\s*[）)]?\s*$", re.IGNORECASE)
_NEGATIVE = re.compile(r"^\s*(?:[-\u2212\uff0d]|负)\s*[0-9０-９一二三四五六七八九十两百千万亿]")


def read_amount(*, text: str, field: str) -> float | None:
    """An amount typed into any form of the pages (an agreement's price), read as the chat reads a budget
    ("15万", "十五万", "150,000"); an unreadable one is an error naming ``field``. A negative one is said so: "-80000"
    was refused as "不是一个金额", which it is (a new user's trial in Chromium, 2026-11-29)."""
    text = _TAX_NOTE.sub("", text)  # "75000元（含税）": an invoice's note on tax, no form here asks it apart
    if _NEGATIVE.match(text):
        said = text.strip()[:20]
        raise InnodockError(f"“{said}”是负数：金额不能是负数，请填写如 150000、15万 / “{said}” is negative: an amount "
                            "cannot be below 0; write e.g. 150000", field=field)
    return intake.read_amount(text=text, field=field)


def read_number(*, text: str, field: str, low: float, high: float, whole: bool = False,
                label: tuple[str, str] | None = None) -> float:
    """Any other number a form asks for (a filing's score, how many alternates), read by the same number reader
    ("九十", "90", "1,000", "两"): unreadable, out of ``low``–``high`` or, for a ``whole`` one, a fraction, an error
    naming ``field`` in both languages. ``label``: the field as the form names it ("评分", "the score"), said in the
    message too, so it reads on its own (a banner said only '“150”应为 0–100 之间的数字', a new user's trial,
    2026-11-30)."""
    kind_zh, kind_en = ("整数", "a whole number") if whole else ("数字", "a number")
    name_zh, name_en = label or ("", "")
    said = (f"{name_zh}“{text[:20]}”应为 {low:g}–{high:g} 之间的{kind_zh} / {name_en + ' ' if name_en else ''}"
            f"“{text[:20]}” should be {kind_en} from {low:g} to {high:g}")
    try:
        value = intake.read_amount(text=text, field=field)
    except InnodockError:
        raise InnodockError(said, field=field) from None
    if value is None:
        raise InnodockError(f"请填写{name_zh}（{kind_zh}） / give {name_en} ({kind_en})" if label is not None
                            else f"请填写{kind_zh} / give {kind_en}", field=field)
    if not low <= value <= high or (whole and value != int(value)):
        raise InnodockError(said, field=field)
    return value
