"""The enterprise's own words for each service type it asked for ("失效分析" for 质量技术评价): shown beside the
category on the need card and in the chat's replies, so a person sees that "I asked for X" was read as X's category
(issue 27), and used in the title instead of the category's name."""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from intake.extract.service_types import LEXICON_FILE
from kb.vocab import ServiceType


def _cue_patterns() -> dict[ServiceType, re.Pattern[str]]:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    return {ServiceType(k): re.compile("|".join(f"(?:{p})" for p in v), re.I)
            for k, v in data["service_types"].items()}


_CUES = _cue_patterns()
_TRIM = " ，,。.的了和及与"
# Words a cue may carry around the service itself: "了解一下…", "做个…", "which … and".
_LEAD = re.compile(r"^(了解一下|了解|一下|做个|做一下|做一个|做|想|要|找|帮忙|请|which|what|the|a|an|some)\s*", re.I)
_TAIL = re.compile(r"\s*(and|or|of|for|to|with|on|一下|方面|的事|这块)$", re.I)
LONGEST = 16


def phrase_of(text: str, service: ServiceType) -> str | None:
    """The words in ``text`` that asked for ``service`` ("失效分析", "type test"), as the enterprise wrote them; None
    when the cue is too long to read as a name for the service."""
    m = _CUES[service].search(text)
    if m is None:
        return None
    phrase = m.group(0).strip(_TRIM)
    for _ in range(2):
        phrase = _TAIL.sub("", _LEAD.sub("", phrase)).strip(_TRIM)
    return phrase if 2 <= len(phrase) <= LONGEST else None


def phrases_for(text: str, services: Iterable[ServiceType]) -> dict[ServiceType, str]:
    """The enterprise's phrase for each of ``services`` that the text names in so many words."""
    found = {s: phrase_of(text, s) for s in services}
    return {s: p for s, p in found.items() if p}
