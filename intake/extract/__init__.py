"""The deterministic extractor: the embedded default and the LLM path's validator.

Pure functions from text (and a ``today``) to a draft ``Need``; no database, no model, no network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from intake.extract.budget import budget_declined, extract_budget
from intake.extract.confidential import (
    company_names,
    customer_unnamed,
    is_confidential,
    redaction_candidates,
    says_not_confidential,
    wants_anonymity,
)
from intake.extract.deadline import deadline_declined, extract_deadline
from intake.extract.industry import read_industries
from intake.extract.language import detect_language
from intake.extract.phrases import phrases_for
from intake.extract.product import extract_problem, extract_product, make_title
from intake.extract.region import extract_region, region_declined
from intake.extract.service_types import (
    extract_service_types,
    split_qualifications,
)
from intake.schemas import ASKABLE_FIELDS, SOURCED_FIELDS, FieldSource, Need
from kb.vocab import ServiceType

# Reads service types by meaning on top of the rules: (text, the rules' types) -> types (intake.semantic).
ServiceTypeReader = Callable[[str, Sequence[ServiceType]], list[ServiceType]]
# Reads the product of a text (the body the extractor reads) by meaning; None: it names none.
ProductReader = Callable[[str], str | None]

# Longer texts are read up to here: needs are short, and a 100 kB paste must not stall the service.
MAX_READ_CHARS = 20_000
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]{1,200}>", re.I | re.S)


def clean_text(text: str) -> str:
    """Markup removed and whitespace folded; the original is kept verbatim on the need."""
    text = _TAGS.sub(" ", text[: MAX_READ_CHARS * 2])
    text = text.replace("\u3000", " ")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()[:MAX_READ_CHARS]


def missing_fields(need: Need, text: str) -> list[str]:
    """Fields still worth asking about, most decision-relevant first."""
    missing: list[str] = []
    for name in ASKABLE_FIELDS:
        if name == "service_types":
            absent = not need.service_types
        elif name == "product":
            absent = not (need.product or need.industry)
        elif name == "region":
            absent = not need.region.province and not region_declined(text)
        elif name == "deadline":
            absent = need.deadline is None and not deadline_declined(text)
        else:
            absent = need.budget.is_empty and not budget_declined(text)
        if absent:
            missing.append(name)
    return missing


def deterministic_sources(need: Need) -> dict[str, FieldSource]:
    """Every field the deterministic path gave a value, marked as read by it (the UI shows who read each field)."""
    return {name: "deterministic" for name in SOURCED_FIELDS if has_value(need, name)}


def has_value(need: Need, name: str) -> bool:
    if name == "region":
        return bool(need.region.province)
    if name == "budget":
        return not need.budget.is_empty
    if name == "confidential":
        return need.confidential
    return bool(getattr(need, name))


def extract(text: str, *, today: date, service_reader: ServiceTypeReader | None = None,
            product_reader: ProductReader | None = None) -> Need:
    """Read a need from the enterprise's own words (need-fields.md). ``service_reader`` corrects the keyword rules'
    service types by meaning (:mod:`intake.semantic`), ``product_reader`` chooses the product among the rule reader's
    candidates by meaning (:mod:`intake.product_choice`); without them the rules stand alone."""
    body = clean_text(text)
    service_types = extract_service_types(body)
    if service_reader is not None and body:
        service_types = service_reader(body, service_types)
    region, local_only = extract_region(body)
    language = detect_language(body)
    product = product_reader(body) if product_reader is not None and body else extract_product(body)
    industries = read_industries(body, product)
    confidential = is_confidential(body)
    required, wished = split_qualifications(body)
    need = Need(
        text=text,
        industry=industries[0] if industries else None,
        industries=industries,
        product=product,
        problem=extract_problem(body) if body else None,
        service_types=service_types,
        qualifications=required,
        preferred_qualifications=wished,
        region=region,
        local_only=local_only,
        budget=extract_budget(body),
        deadline=extract_deadline(body, today),
        confidential=confidential,
        redactions=redaction_candidates(body) if confidential else [],
        language=language,  # type: ignore[arg-type]
    )
    if wants_anonymity(body):
        need.anonymous = True  # "可以公开，但别写我们公司名": its name, and any company named in the text, never shown
        need.redactions = list(dict.fromkeys(need.redactions + company_names(body)))
    if customer_unnamed(body):  # "客户的名字别写出来": the companies named in the text never shown (probe 20)
        need.redactions = list(dict.fromkeys(need.redactions + company_names(body)))
    need.phrases = phrases_for(body, service_types)
    need.title = make_title(product, need.industry, service_types, language)
    need.missing = missing_fields(need, body)
    need.sources = deterministic_sources(need)
    if not confidential and says_not_confidential(body):
        need.sources["confidential"] = "deterministic"  # said to be public ("不保密"): 否, not "not stated"
    return need


__all__ = ["ProductReader", "ServiceTypeReader", "clean_text", "deterministic_sources", "extract", "has_value",
           "missing_fields"]
