"""How every page writes money, dates, nothing and bilingual messages: one set of functions, also Jinja filters.

A page shows one language. The service's messages are written "中文 / English" for the API and the terminal
(``core.errors``, the pipeline's refusals, the matcher's reasons); :func:`in_language` keeps the page's half. Money is
grouped by thousands with its unit, a range says what is known ("至多 50,000 元", never "? – 50,000 元"), dates
are ISO days and times are China Standard Time to the minute, and a value nobody gave reads "未说明".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from api.pages.public import TEMPLATES
from core import china_time
from core.bilingual import (  # the one splitter, and the seeds by their titles
    cite,
    in_language,
    said_in,
)
from flows.decisions import jurisdiction_label
from flows.needs import industry_in, published_summary, published_title, region_in_english
from intake.schemas import CenterNeed, PublicNeed
from pipeline.schemas import client_reference

WORDS: dict[str, dict[str, str]] = {
    "zh": {"unsaid": "未说明", "yuan": "元", "yes": "是", "no": "否"},
    "en": {"unsaid": "not stated", "yuan": "RMB", "yes": "yes", "no": "no"},
}


def _lang(lang: str) -> str:
    return lang if lang in WORDS else "zh"


# A seed's numbered clause inside a message ("不符合 seed 000 §4.2.1(1)：…", "seed 003 art. 5(4)").
_INLINE_CLAUSE = re.compile(r" ?(seed \d{3} (?:§|art\. ?)\d+(?:\.\d+)*(?:\(\d+\))*)")


def _clauses_cited(text: str, lang: str) -> str:
    """A Chinese message's numbered seed clauses as :func:`clause` cites them on every page ("《…规范》第4.2.1条(1)",
    "《…办法》第五条(4)"), not "《…》 §4.2.1(1)" (a center's day walked on 2026-11-29: the team refusal)."""
    if lang != "zh":
        return text
    return _INLINE_CLAUSE.sub(lambda found: clause(found.group(1), "zh").removeprefix("依据："), text)


def as_sentence(text: str | None, lang: str) -> str:
    """A message shown on its own on a page: in the page's language, and an English one starts with a capital (the
    API writes its halves in lower case, to be embedded)."""
    # its half, a seed cited by its document's title ("seed 000" means nothing to a user), a Chinese clause as "第…条"
    said = said_in(_clauses_cited(in_language(text, lang), lang), lang)
    return said[:1].upper() + said[1:] if lang == "en" else said


def unsaid(value: Any, lang: str) -> str:
    """The value as text, or the page's word for "nobody said" (never "?", "—" or "None")."""
    if value is None or value == "" or value == []:
        return WORDS[_lang(lang)]["unsaid"]
    return str(value)


def _in_currency(number: str, lang: str) -> str:
    """An amount with its unit where the language puts it: "50,000 元", "RMB 50,000" (as the chat and the need card's
    editor say it; the English pages read "50,000 yuan" beside them, the English pages walked, 2026-11-28)."""
    return f"{number} {WORDS['zh']['yuan']}" if _lang(lang) == "zh" else f"RMB {number}"


def money(amount: int | float | None, lang: str) -> str | None:
    """``50,000 元`` / ``RMB 50,000``; None stays None, so a caller can say "未说明"."""
    if amount is None:
        return None
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return _in_currency(number, lang)


def file_size(size: int | None, lang: str) -> str:
    """A file's size as people read it: "6 字节" / "6 bytes" below a kilobyte (a few bytes were "0.0 KB"), then
    "50.8 KB" and "3.2 MB"."""
    n = int(size or 0)
    if n < 1024:
        return f"{n} 字节" if _lang(lang) == "zh" else f"{n} byte{'' if n == 1 else 's'}"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def day(value: date | datetime | str | None, lang: str = "zh") -> str:
    """An ISO day (a datetime's day in China time: ``core.china_time.day``)."""
    if value is None or value == "":
        return unsaid(None, lang)
    if isinstance(value, str):
        return value
    return china_time.day(value)


def when(value: datetime | None, lang: str = "zh") -> str:
    """A moment to the minute, China Standard Time (``core.china_time.minute``)."""
    if value is None:
        return unsaid(None, lang)
    return china_time.minute(value)


_NAME_BREAKS = re.compile(r"[,，、;；\n]")


def names_in(text: str) -> list[str]:
    """People typed into one field as people type a list of names ("王芳，赵强、李明" or one a line): each name, as
    the decision forms of the provider page and of /decisions take a review's experts."""
    return [name.strip() for name in _NAME_BREAKS.split(text) if name.strip()]


def china_today() -> date:
    """Today in China: what a page compares a due day with and offers as a form's default day."""
    return china_time.today()


def yes_no(value: bool | None, lang: str) -> str:
    """"是" / "否", or "未说明" when nobody said."""
    if value is None:
        return unsaid(None, lang)
    return WORDS[_lang(lang)]["yes" if value else "no"]


def industry(name: str | None, lang: str) -> str | None:
    """A need's industry in the page's language (it showed in Chinese on English pages, found walking the chat)."""
    return industry_in(name, _lang(lang))


def _page_lang(context: Context) -> str:
    return str(context.get("lang", "zh"))


@pass_context
def _f_in_language(context: Context, text: str | None) -> str:
    return in_language(text, _page_lang(context))


@pass_context
def _f_said(context: Context, text: str | None) -> str:
    """A "中文 / English" text of the service (a decision's grounds) in the page's language, seeds by their titles."""
    return said_in(text, _page_lang(context))


@pass_context
def _f_sentence(context: Context, text: str | None) -> str:
    """A label standing alone (a button): in the page's language, an English one with its capital ("Sign the
    agreement"; the agreement's, the team's and the results' buttons read "sign the agreement")."""
    return as_sentence(text, _page_lang(context))


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
def _f_file_size(context: Context, value: int | None) -> str:
    return file_size(value, _page_lang(context))


@pass_context
def _f_yes_no(context: Context, value: bool | None) -> str:
    return yes_no(value, _page_lang(context))


def clause(text: str | None, lang: str = "zh") -> str:
    """A seed clause as cited on a page: "依据：《省级产品质量检验中心技术创新服务规范》第4.2.1条(1)" for
    "seed 000 §4.2.1(1)" (``core.bilingual.cite``); the English title and clause on an English page; other text as it
    is."""
    if not text:
        return ""
    # several clauses ("seed 002 二(一); seed 000 §4.2.2(2)") each by its title, and this project's reading said in
    # the page's language (a check citing its provider's own rules, ``providers.rules.cited_check``)
    reading = text.endswith(" (our reading)")
    pieces = [p.strip() for p in text.removesuffix(" (our reading)").split(";") if p.strip()]
    cited = [cite(p) for p in pieces] if len(pieces) > 1 or reading else [cite(text)]
    if not cited or any(c is None for c in cited):
        return text
    said = ("；" if lang == "zh" else "; ").join(c[0] if lang == "zh" else c[1] for c in cited if c is not None)
    if reading:
        said += "（本项目的解读）" if lang == "zh" else " (our reading)"
    return f"依据：{said}" if lang == "zh" else said


@pass_context
def _f_clause(context: Context, text: str | None) -> str:
    return clause(text, _page_lang(context))


def place(province: str | None, city: str | None, lang: str) -> str | None:
    """A place in the page's language: "江苏省常州市" / "Changzhou, Jiangsu" (the region filters of the review queue and
    the providers' list offered "江苏省", "上海市 (7)" on the English pages, and a center's view of a need read
    "江苏省苏州市", the English pages walked, 2026-11-28); a place no gazetteer knows stays as written."""
    if _lang(lang) == "zh":
        return "".join(dict.fromkeys(p for p in (province, city) if p)) or None
    return region_in_english(province, city)


@pass_context
def _f_place(context: Context, province: str | None) -> str:
    return place(province, None, _page_lang(context)) or ""


@pass_context
def _f_region_text(context: Context, region: str | None) -> str:
    """A region written whole ("江苏省常州市", a provider's) in the page's language; a district stays as written."""
    return jurisdiction_label(region, _page_lang(context))


# The reference's word for "client" on an English page (the code after it is the same): an English page read
# "委托方-2D3659EF" (the English pages walked, 2026-11-28).
CLIENT_WORD = {"zh": "委托方-", "en": "Client-"}


def client_ref(review_id: str, lang: str) -> str:
    """What a provider calls a confidential need's client before the details are open to it: the review's reference
    (``pipeline.schemas.client_reference``, as the API gives it), said in the page's language."""
    ref = client_reference(review_id)
    return CLIENT_WORD[_lang(lang)] + ref.removeprefix(CLIENT_WORD["zh"])


@pass_context
def _f_client_ref(context: Context, review_id: str) -> str:
    """The reference as the page says it, never "not given"."""
    return client_ref(review_id, _page_lang(context))


def _f_client_refs(review_id: str) -> list[str]:
    """The reference in either language: an agreement signed on the other language's page names the client by it."""
    return [client_ref(review_id, lang) for lang in CLIENT_WORD]


@pass_context
def _f_published_title(context: Context, view: PublicNeed | CenterNeed) -> str:
    return published_title(view, _lang(_page_lang(context)))


@pass_context
def _f_published_summary(context: Context, view: PublicNeed | CenterNeed) -> str:
    return published_summary(view, _lang(_page_lang(context)))


FILTERS = {"client_ref": _f_client_ref, "client_refs": _f_client_refs,
           "in_language": _f_in_language, "said": _f_said, "unsaid": _f_unsaid, "money": _f_money, "day": _f_day,
           "when": _f_when, "yes_no": _f_yes_no, "clause": _f_clause, "file_size": _f_file_size,
           "sentence": _f_sentence, "place": _f_place, "region_text": _f_region_text,
           "published_title": _f_published_title, "published_summary": _f_published_summary}
TEMPLATES.env.filters.update(FILTERS)
