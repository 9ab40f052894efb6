"""How every page writes money, dates, nothing and bilingual messages: one set of functions, also Jinja filters.

A page shows one language. The service's messages are written "中文 / English" for the API and the terminal
(``core.errors``, the pipeline's refusals, the matcher's reasons); :func:`in_language` keeps the page's half. Money is
grouped by thousands with its unit, a range says what is known ("至多 50,000 元", never "? – 50,000 元"), dates
are ISO days and times are China Standard Time to the minute, and a value nobody gave reads "未说明".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from jinja2.runtime import Context

from api.pages.public import TEMPLATES

# Where the associations work: times on the pages are theirs, whatever the server's clock zone.
PAGE_TZ = ZoneInfo("Asia/Shanghai")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ENGLISH_START = re.compile(r"""^['"“(]?[A-Za-z]""")
SEPARATOR = " / "

WORDS: dict[str, dict[str, str]] = {
    "zh": {"unsaid": "未说明", "yuan": "元", "up_to": "至多 {}", "from": "至少 {}", "yes": "是", "no": "否"},
    "en": {"unsaid": "not stated", "yuan": "yuan", "up_to": "up to {}", "from": "from {}", "yes": "yes", "no": "no"},
}


def _lang(lang: str) -> str:
    return lang if lang in WORDS else "zh"


def in_language(text: str | None, lang: str) -> str:
    """The half of a "中文 / English" message in the page's language. Only a split whose left half holds Chinese and
    whose right half starts in English counts (a name in it may be Chinese), so a slash inside a text ("GB/T 4754",
    "a / b") is left alone."""
    if not text:
        return ""
    start = 0
    while (at := text.find(SEPARATOR, start)) >= 0:
        left, right = text[:at], text[at + len(SEPARATOR):]
        if CJK.search(left) and ENGLISH_START.match(right):
            return left.strip() if _lang(lang) == "zh" else right.strip()
        start = at + len(SEPARATOR)
    return text


def as_sentence(text: str | None, lang: str) -> str:
    """A message shown on its own on a page: in the page's language, and an English one starts with a capital (the
    API writes its halves in lower case, to be embedded)."""
    said = in_language(text, lang)
    return said[:1].upper() + said[1:] if lang == "en" else said


def unsaid(value: Any, lang: str) -> str:
    """The value as text, or the page's word for "nobody said" (never "?", "—" or "None")."""
    if value is None or value == "" or value == []:
        return WORDS[_lang(lang)]["unsaid"]
    return str(value)


def money(amount: int | float | None, lang: str) -> str | None:
    """``50,000 元``; None stays None, so a caller can say "未说明"."""
    if amount is None:
        return None
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{number} {WORDS[_lang(lang)]['yuan']}"


def money_range(low: int | float | None, high: int | float | None, lang: str) -> str | None:
    """A budget as far as it is known: one amount, "至多 …", "至少 …", or "30,000–50,000 元"; None when neither."""
    words = WORDS[_lang(lang)]
    if low is None and high is None:
        return None
    if low is None or high is None or low == high:
        one = money(high if low is None else low, lang)
        if low is None:
            return words["up_to"].format(one)
        if high is None:
            return words["from"].format(one)
        return one
    low_text = f"{low:,.0f}" if float(low).is_integer() else f"{low:,.2f}"
    return f"{low_text}–{money(high, lang)}"


def day(value: date | datetime | str | None, lang: str = "zh") -> str:
    """An ISO day (a datetime is first put in the page's time zone)."""
    if value is None or value == "":
        return unsaid(None, lang)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = _local(value).date()
    return value.isoformat()


def when(value: datetime | None, lang: str = "zh") -> str:
    """A moment to the minute, China Standard Time."""
    if value is None:
        return unsaid(None, lang)
    return _local(value).strftime("%Y-%m-%d %H:%M")


def _local(value: datetime) -> datetime:
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(PAGE_TZ)


def yes_no(value: bool | None, lang: str) -> str:
    """"是" / "否", or "未说明" when nobody said."""
    if value is None:
        return unsaid(None, lang)
    return WORDS[_lang(lang)]["yes" if value else "no"]


def _page_lang(context: Context) -> str:
    return str(context.get("lang", "zh"))


@pass_context
def _f_in_language(context: Context, text: str | None) -> str:
    return in_language(text, _page_lang(context))


@pass_context
def _f_unsaid(context: Context, value: Any) -> str:
    return unsaid(value, _page_lang(context))


@pass_context
def _f_money(context: Context, amount: int | float | None) -> str:
    return unsaid(money(amount, _page_lang(context)), _page_lang(context))


@pass_context
def _f_day(context: Context, value: date | datetime | str | None) -> str:
    return day(value, _page_lang(context))


@pass_context
def _f_when(context: Context, value: datetime | None) -> str:
    return when(value, _page_lang(context))


@pass_context
def _f_yes_no(context: Context, value: bool | None) -> str:
    return yes_no(value, _page_lang(context))


FILTERS = {"in_language": _f_in_language, "unsaid": _f_unsaid, "money": _f_money, "day": _f_day, "when": _f_when,
           "yes_no": _f_yes_no}
TEMPLATES.env.filters.update(FILTERS)
