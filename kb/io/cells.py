"""The CSV/Excel cell conventions of kb-v1, both ways.

Lists are joined with ``;``, objects are JSON text, and an empty cell means the field is absent. Two extensions
keep a round trip lossless where ``;`` cannot: a list whose items contain ``;`` (or an empty list) is written as
a JSON array, and an unknown field whose value is not a plain string is written as JSON; a plain string that would
read back as JSON is quoted.
"""

from __future__ import annotations

import json
from typing import Any

from kb.schemas import KbRecord

TRUE_WORDS = {"true", "1", "yes", "y", "是", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "f", ""}


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _looks_like_json(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return False
    if stripped[0] in '{["-0123456789' or stripped in ("true", "false", "null"):
        try:
            json.loads(stripped)
        except ValueError:
            return False
        return True
    return False


# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), tab and carriage return included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guarded(text: str) -> bool:
    """Starts with a formula character, after any number of quotes: what the CSV writer prefixes."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise_csv(text: str) -> str:
    """A CSV cell a spreadsheet will not run: a quote before a formula-looking cell (``=1+2`` → ``'=1+2``).

    Only for CSV: Excel cells are written as text and are never formulas. A cell that already starts with quotes
    before such a character gets one more, so :func:`restore_csv` can take exactly one off and the round trip stays
    lossless. A harmless ``-40℃`` is prefixed too: one rule, no guessing what a spreadsheet would evaluate.
    """
    return "'" + text if _guarded(text) else text


def restore_csv(text: str) -> str:
    """The inverse of :func:`neutralise_csv`, applied to every CSV cell read (a hand-made ``'=x`` reads as ``=x``)."""
    return text[1:] if text.startswith("'") and _guarded(text) else text


def parse_cell(model: type[KbRecord], field: str, text: str) -> Any:
    """One cell's text → the field's value (``None`` = absent)."""
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    if text.strip() == "":
        return None
    if field == "deleted":
        low = text.strip().lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise CellError("应为 true 或 false / must be true or false")
    if field in model.list_fields:
        stripped = text.strip()
        if stripped.startswith("["):
            value = _json_or_none(stripped)
            if isinstance(value, list):
                return value
            raise CellError("列表应为以分号分隔的文字或 JSON 数组 / list must be ';'-separated text or a JSON array")
        return [item.strip() for item in text.split(";") if item.strip()]
    if field in model.int_fields:
        stripped = text.strip()
        try:
            number = float(stripped)
        except ValueError:
            raise CellError(f"应为整数，实为 {stripped!r} / must be an integer, got {stripped!r}") from None
        if not number.is_integer():
            raise CellError(f"应为整数，实为 {stripped!r} / must be an integer, got {stripped!r}")
        return int(number)
    if field in model.object_fields:
        value = _json_or_none(text)
        if not isinstance(value, dict):
            raise CellError("应为 JSON 对象 / must be a JSON object")
        return value
    if field in model.model_fields or field in ("type", "id"):
        return text.strip()
    # Unknown field: JSON if it reads as JSON, else the text itself.
    if _looks_like_json(text):
        return json.loads(text)
    return text


def format_cell(model: type[KbRecord], field: str, value: Any) -> str:
    """A field's value → cell text; the inverse of ``parse_cell``."""
    if value is None:
        return ""
    if field in model.list_fields:
        items = [v.value if hasattr(v, "value") else v for v in value]
        if not items or any(";" in str(i) or str(i) != str(i).strip() or not str(i) for i in items):
            return json.dumps(items, ensure_ascii=False)
        return ";".join(str(i) for i in items)
    if field in model.object_fields:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if field in model.model_fields or field in ("type", "id"):
        if hasattr(value, "value"):
            return str(value.value)
        return str(value)
    if isinstance(value, str):
        needs_quotes = value == "" or value.strip() != value or _looks_like_json(value)
        return json.dumps(value, ensure_ascii=False) if needs_quotes else value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
