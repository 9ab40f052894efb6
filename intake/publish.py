"""The publishable view of a need (seed 000 §5.1.3 凝练 and §5.2.4 secrecy).

A confidential need is published from its structured fields only, never from the enterprise's words, and every
string it marked (enterprise name, product names and codes, figures) is checked not to appear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import pairwise

from core import china_time
from intake import redaction
from intake.content import check_content, substantive_words
from intake.dialogue import BARE_AMOUNT, COURTESY, MENTION, MONEY_FIGURE, NEGATION, ONLY_APOLOGY
from intake.extract.budget import extract_budget, foreign_figures
from intake.extract.confidential import is_confidential, says_not_confidential
from intake.extract.deadline import extract_deadline
from intake.extract.region import english_name, extract_region
from intake.extract.symptom import symptom
from intake.industries import industry_in
from intake.schemas import Budget, CenterNeed, Need, PublicNeed, PublicPreview, Region, phrase_items, wan
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType

REDACTED = "***"
# The bands a confidential need's budget is shown in (yuan): up to the first bound, between two, above the last.
_BOUNDS = (50_000, 200_000, 500_000, 1_000_000, 5_000_000)


def _wan(yuan: int) -> str:
    return f"{wan(yuan)}万元" if yuan >= 10_000 else f"{yuan}元"


def budget_band(budget: Budget, *, coarse: bool, lang: str = "zh") -> str | None:
    """A budget people can read, said from its figures in ``lang`` ("en", else Chinese); a confidential need
    (``coarse``) only shows the band its figure falls in. The Chinese band is what the API and the published view
    carry ("5万–20万元", "约5万元"); in English "RMB 50,000–200,000", "about RMB 50,000". A band already stored as
    Chinese text (a published view's) is said in English by :func:`band_in_language`."""
    shape = _shape(budget, coarse=coarse)
    if shape is None:
        return None
    kind, amounts = shape
    if budget.currency != "CNY" and kind != "talk":
        return _foreign_band(budget.currency, kind, amounts, lang)
    if kind == "talk":
        return f"{budget.currency} (amount to be agreed)" if lang == "en" else f"{budget.currency}（金额面议）"
    if lang == "en":
        return _ENGLISH[kind].format(*(_english_amount(a) for a in amounts))
    if kind == "band":  # "5万–20万元": the unit once, as the bands were always written
        low, high = amounts
        return f"{wan(low)}万–{wan(high)}万元"
    return _CHINESE[kind].format(*(_wan(a) for a in amounts))


# What a band says, by its kind (:func:`_shape`), with its amounts: "about" one figure, a "range" of two, "up_to" one,
# "or_more" one; a confidential need's "below" the first bound, "band" between two bounds, "or_more" the last; "talk":
# another currency, its amount left to be agreed.
_CHINESE = {"about": "约{0}", "range": "{0}–{1}", "up_to": "不超过{0}", "below": "{0}以下", "or_more": "{0}以上"}
# (English bands read "about CNY 90k" beside the need's and the agreement's "RMB 60,000": now one way of writing yuan.)
_ENGLISH = {"about": "about RMB {0}", "range": "RMB {0}–{1}", "band": "RMB {0}–{1}", "up_to": "up to RMB {0}",
            "below": "up to RMB {0}", "or_more": "RMB {0} or more"}


# A budget in another currency is published in that currency ("约1200美元", "about USD 1,200"): its yuan fields stay
# empty (need-fields.md: min/max in yuan for CNY alone) and no exchange rate is guessed. It was "USD（金额面议）",
# "amount to be agreed", as if the enterprise had given no amount (the fourteenth probe's left item). A confidential
# one shows the band its figure falls in, by these bounds in its own currency.
_FOREIGN_BOUNDS = (5_000, 20_000, 50_000, 100_000, 500_000)
_CURRENCY_NAMES = {"USD": "美元", "EUR": "欧元", "JPY": "日元", "HKD": "港元", "GBP": "英镑"}


def _foreign_band(currency: str, kind: str, amounts: tuple[int, ...], lang: str) -> str:
    """A band in ``currency``: "约1200美元", "1000–2000美元", "不超过5000欧元", "5000欧元以下"; in English "about USD
    1,200", "USD 1,000–2,000", "up to EUR 5,000", "EUR 5,000 or more"."""
    if lang == "en":
        return _ENGLISH[kind].replace("RMB", currency).format(*(_english_amount(a) for a in amounts))
    name = _CURRENCY_NAMES.get(currency, currency)
    said = [f"{wan(a)}万" if a >= 10_000 else str(a) for a in amounts]
    if kind in ("band", "range"):
        return f"{said[0]}–{said[1]}{name}"
    return _CHINESE[kind].format(*(f"{a}{name}" for a in said))


def _shape(budget: Budget, *, coarse: bool) -> tuple[str, tuple[int, ...]] | None:
    low, high = budget.min_yuan, budget.max_yuan
    bounds = _BOUNDS
    if budget.currency != "CNY":
        figures = foreign_figures(budget)
        if figures is None:
            return "talk", ()
        (low, high), bounds = figures, _FOREIGN_BOUNDS
    if low is None and high is None:
        return None
    if coarse:
        ref = high if high is not None else low
        assert ref is not None
        if ref <= bounds[0]:
            return "below", (bounds[0],)
        for lower, upper in pairwise(bounds):
            if ref <= upper:
                return "band", (lower, upper)
        return "or_more", (bounds[-1],)
    if low is not None and high is not None:
        return ("about", (low,)) if low == high else ("range", (low, high))
    return ("up_to", (high,)) if high is not None else ("or_more", (low or 0,))


# The Chinese bands :func:`budget_band` writes, as published views store them, read back to be said in English:
# "约5万元", "5万元–20万元" or a coarse "5万–20万元", "不超过5万元", "5万元以下", "5万元以上", "USD（金额面议）".
_AMOUNT = r"(\d+(?:\.\d+)?)(万)?元?"
_SHAPES = [(re.compile(f"约{_AMOUNT}"), _ENGLISH["about"]), (re.compile(f"{_AMOUNT}–{_AMOUNT}"), _ENGLISH["range"]),
           (re.compile(f"不超过{_AMOUNT}|{_AMOUNT}以下"), _ENGLISH["up_to"]),
           (re.compile(f"{_AMOUNT}以上"), _ENGLISH["or_more"])]
_TALK = re.compile(r"([A-Z]{3})（金额面议）")
# and a band in another currency (:func:`_foreign_band`): "约1200美元", "1000–2000美元", "不超过5000欧元",
# "5000欧元以下", "5000欧元以上", read as the yuan shapes are, in its currency
_CURRENCY_OF = {name: code for code, name in _CURRENCY_NAMES.items()}
_FOREIGN_NAME = re.compile(r"(?<=[\d万])(" + "|".join(_CURRENCY_OF) + r")(?=以上|以下|$)")


def _foreign_in_english(band: str) -> str | None:
    named = _FOREIGN_NAME.search(band)
    if named is None:
        return None
    as_yuan = band[:named.start()] + "元" + band[named.end():]
    for shape, english in _SHAPES:
        found = shape.fullmatch(as_yuan)
        if found:
            groups = found.groups()
            amounts = [_yuan(groups[i], groups[i + 1]) for i in range(0, len(groups), 2) if groups[i] is not None]
            return english.replace("RMB", _CURRENCY_OF[named.group(1)]).format(*(_english_amount(a) for a in amounts))
    return None


def _yuan(number: str, wan_unit: str | None) -> int:
    return int(Decimal(number) * (10_000 if wan_unit else 1))


def _english_amount(yuan: int) -> str:
    """The whole figure with its thousands marked (50,000; 1,500,000), as the pages write an amount in English."""
    return f"{yuan:,}"


def band_in_language(band: str | None, lang: str) -> str | None:
    """A budget band stored as Chinese text (a published view's, or what the API returned, written by
    :func:`budget_band`), said in the page's language: "5万–20万元" reads "RMB 50,000–200,000", "不超过5万元"
    "up to RMB 50,000". A text of another shape is returned as it is. A band made from a ``Budget`` is said in the
    language by :func:`budget_band` itself, never written in Chinese and read back."""
    if band is None or lang != "en":
        return band
    talk = _TALK.fullmatch(band)
    if talk:
        return f"{talk.group(1)} (amount to be agreed)"
    foreign = _foreign_in_english(band)
    if foreign:
        return foreign
    for shape, english in _SHAPES:
        found = shape.fullmatch(band)
        if found:
            groups = found.groups()
            amounts = [_yuan(groups[i], groups[i + 1]) for i in range(0, len(groups), 2) if groups[i] is not None]
            return english.format(*(_english_amount(a) for a in amounts))
    return band
def secrets_of(need: Need) -> list[str]:
    """Every string a need's public view must not contain: what the enterprise marked, its contact (personal data,
    whatever the need), who it is for a need that asked not to be named (``anonymous``), and for a confidential need
    also who it is and what it makes. Shorter than two characters
    cannot be scrubbed without destroying the text, so the schemas refuse such marks."""
    items = list(need.redactions)
    if need.enterprise.contact:
        items += [v for v in (need.enterprise.contact.person, need.enterprise.contact.phone,
                              need.enterprise.contact.email) if v]
    if need.confidential or need.anonymous:
        items += [v for v in (need.enterprise.name, need.enterprise.credit_code) if v]
    if need.confidential:
        items += [need.product] if need.product else []
    return [s for s in dict.fromkeys(i.strip() for i in items) if len(s) >= 2]


class Scrubber:
    """Cuts every secret, however it is spelled (full-width, another case, split by spaces or zero-width characters:
    ``intake.redaction``), and — for views anybody may read (``personal``) — phone numbers, e-mail addresses and ID
    numbers typed into the text, then checks: a text that still holds a secret (a secret made of the mask's own
    characters, say) is never returned — the caller's fallback is, or nothing."""

    def __init__(self, secrets: list[str], *, personal: bool = True) -> None:
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self.personal = personal

    def leaks(self, text: str) -> bool:
        return bool(redaction.spans(text, self.secrets)) or (self.personal and bool(redaction.personal_spans(text)))

    def __call__(self, text: str | None, fallback: str = "") -> str | None:
        if text is None or (not self.secrets and not self.personal):
            return text
        for _ in range(3):
            places = redaction.spans(text, self.secrets)
            if self.personal:
                places = sorted(places + redaction.personal_spans(text))
            if not places:
                break
            text = redaction.cut(text, _merged(places), REDACTED)
        if not self.leaks(text):
            return text
        return fallback if not self.leaks(fallback) else ""

    def region(self, region: Region) -> Region:
        """A place that is itself a secret is left out rather than shown as a mask."""
        return Region(province=None if region.province and self.leaks(region.province) else region.province,
                      city=None if region.city and self.leaks(region.city) else region.city)


def _merged(places: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(places):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _labels(service_types: Sequence[ServiceType], lang: str = "zh") -> str:
    if lang == "en":
        return ", ".join(SERVICE_TYPE_LABELS[s][1] for s in service_types) or "technology-innovation services"
    return "、".join(SERVICE_TYPE_LABELS[s][0] for s in service_types) or "技术创新服务"


def confidential_title(*, service_types: Sequence[ServiceType], industry: str | None, lang: str = "zh") -> str:
    """A confidential need's published title, made from its public fields alone (its service types and industry,
    never the enterprise's words), in ``lang`` ("en", else Chinese): an English page said the Chinese sentence."""
    if lang == "en":
        wanted = _labels(service_types, "en")
        where = f" in {industry_in(industry, 'en')}" if industry else ""
        return f"{wanted[:1].upper()}{wanted[1:]} for an enterprise{where}"
    return f"{f'{industry}领域' if industry else '某'}企业{_labels(service_types)}需求"


def confidential_summary(*, service_types: Sequence[ServiceType], industry: str | None, region: Region,
                         lang: str = "zh") -> str:
    """A confidential need's published summary, from the same public fields as :func:`confidential_title` and the
    place (the city, else the province): who asks for what, and that the details come after an agreement."""
    if lang == "en":
        who = f"An enterprise in {industry_in(industry, 'en')}" if industry else "An enterprise"
        at = english_name(region.province, region.city)
        return (f"{who}{f' ({at})' if at else ''} is looking for {_labels(service_types, 'en')}. The technical "
                "details are given to a provider only after a confidentiality agreement is signed.")
    place = region.city or region.province
    who = f"某{industry}" if industry else "某"
    where = f"（{place}）" if place else ""
    return f"{who}企业{where}寻求{_labels(service_types)}服务。详细技术信息仅在签署保密协议后向对接机构提供。"


def published_title(view: PublicNeed | CenterNeed, lang: str) -> str:
    """A published need's title in ``lang``: a confidential need's is the platform's sentence made from its public
    fields, said in that language; a public need's is the enterprise's words, as written (English pages and
    notices showed "新能源领域企业检验检测需求", 2026-11-28)."""
    if not view.confidential:
        return view.title
    return confidential_title(service_types=view.service_types, industry=view.industry, lang=lang)


def published_summary(view: PublicNeed | CenterNeed, lang: str) -> str:
    """A published need's summary in ``lang``, as :func:`published_title` says its title."""
    if not view.confidential:
        return view.summary
    return confidential_summary(service_types=view.service_types, industry=view.industry, region=view.region,
                                lang=lang)


_SENTENCE_END = re.compile(r"[。！？!?；;.…]$")
# Where a line's sentences end: after a Chinese stop, or an English one followed by a space ("51.2V" is no end).
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?；;])|(?<=[.!?])\s+")

# ---- the refined description (seed 000 §5.1.3: needs are refined, 凝练, before they are published)
# A new user's trial (2026-11-29, Chromium) found a need's public page and a proposed center's view showing the chat
# word for word: "Sorry, I meant 80k RMB, not 60k.", "不好意思刚才说错了，预算应该是8万以内，老板批了。".

# Where a clause ends: a sentence's end (kept as the sentence's end), a comma, or in English " and " / " but "
# before a new subject ("… within two months and the report must have CMA"). A comma inside a figure ("80,000") is
# none.
_CLAUSE_SEP = re.compile(r"[。！？!?；;]+|…+|\.(?=\s|$)|[，,](?!\d{3}(?!\d))|"
                         r"\s+(?:and|but)\s+(?=(?:the|our|we|it|they|i|please|results?)\b)", re.I)
_ENDS_SENTENCE = re.compile(r"[。！？!?；;.…]")
_CJK = re.compile(r"[\u3400-\u9fff]")
# The talk around the chat, at a clause's start (what follows is read on its own) or as the whole clause: an
# apology, "I meant", "刚才说错了", a sound.
_CHAT_LEAD = re.compile(r"^\s*(?:不好意思|抱歉|对不起|哦|噢|喔|呃|嗯|额|哎|诶|啊|不对|错了|"
                        r"(?:我|刚才?|刚刚|前面|之前|上面)*(?:说错了?|写错了?|打错了?|搞错了?|弄错了?|记错了?)|"
                        r"更正一下|纠正一下|更正|纠正|"
                        r"打扰(?:了|一下)|麻烦(?:您|你们?)?了|"
                        r"sorry(?:\s+(?:about\s+that|to\s+bother\s+you|for\s+the\s+(?:trouble|confusion)))?|"
                        r"oops|my\s+(?:bad|mistake)|apologies|"
                        r"(?:what\s+)?i\s+meant?(?:\s+(?:was|is|to\s+say))?|correction|i\s+mis(?:typed|spoke))"
                        r"(?![A-Za-z])[\s,，、:：!！.。~～]*", re.I)
# A field named as wrong by the chat's correction ("产品写错了", "预算你弄错了", "产品名称填错了", "你们搞错了", "the
# product was wrong"): talk of the chat, as "刚才说错了" is; and in its sentence, a clause that is only the wrong half
# ("不是模组", "not the modules") goes with it (a new user's trial, 2026-11-30: the summary to be published read
# "产品写错了，鼓包的是电芯，不是模组"). A 不是 outside such a sentence is the enterprise's own ("不是所有批次都开裂")
# and stays.
_FIELD_NAMES = (r"产品(?:名称|名字|型号)?|预算|金额|费用|价格|地区|地点|地址|位置|时间|期限|日期|服务(?:类型)?|类型|"
                r"名称|名字|型号|数量|标准|行业|单位|数字")
_FIELD_WRONG = re.compile(rf"^\s*(?:(?:{_FIELD_NAMES})(?:这个|那个|这里|那里)?)?"
                          r"(?:你们?|您|我们?|刚才?|刚刚|前面|之前|上面)*"
                          r"(?:说|写|打|搞|弄|记|填|听|理解|看)错了?(?=[\s,，、:：!！.。~～]|$)"
                          r"|^\s*(?:the\s+)?(?:product|budget|amount|region|location|place|deadline|date|service|"
                          r"standard|quantity|name|model)\s+(?:is|was)\s+(?:wrong|incorrect|a\s+mistake)"
                          r"|^\s*you\s+got\s+(?:it|that|the\s+\w+)\s+wrong", re.I)
_WRONG_HALF = re.compile(r"^\s*(?:而|并|可)?不是[^，,。；;]{1,16}$|^\s*(?:and\s+|but\s+)?not\s+[\w\s'-]{1,40}$", re.I)
# A remark about who approved what, or a greeting or closing: no part of a need ("老板批了", "the boss signed off").
_REMARK = re.compile(r"^\s*(?:(?:我们)?(?:老板|领导|上面|经理|总经理|厂长|公司)(?:那边)?(?:已经|也)?"
                     r"(?:批了|批准了|同意了|点头了|签字了|批下来了|拍板了|定了)|"
                     r"(?:the\s+|my\s+|our\s+)?(?:boss|manager|management|gm)\s+(?:has\s+)?(?:already\s+)?"
                     r"(?:approved(?:\s+it)?|agreed|signed\s+off(?:\s+on\s+it)?|okayed\s+it|ok'?d\s+it)|"
                     r"你好|您好|大家好|(?:hi|hello|hey|dear\s+\w+|greetings)(?:\s+there)?)"
                     r"[\s,，、.。!！~～啊呀吧了哈]*$", re.I)
# A clause that gives who to contact ("联系人王工", "电话139…", "Contact: Mr. Wang"): no part of a published need
# (the contact the enterprise registered is a secret of every view: :func:`secrets_of`; one typed into the words is
# left out whole, its name with it).
_CONTACT_CLAUSE = re.compile(r"^\s*(?:我的|我们的|本人)?(?:联系人|联系电话|联系方式|联系|电话|手机号?|座机|邮箱|微信|"
                             r"(?:please\s+)?contact(?:\s+(?:person|me|us|details|info\w*))?|phone|tel|mobile|"
                             r"e-?mail|wechat)(?![A-Za-z])", re.I)
# A correction's marks on the stored description ("预算5万〔预算已更正为：8万元〕": intake.conversation.CORRECTED),
# which say only what the card shows.
_CORRECTION_MARK = re.compile(r"〔[^〕]*已(?:更正为：[^〕]*|撤回)〕|\s\[[^\]]*\s(?:corrected to: [^\]]*|withdrawn)\]")
# Words of a clause that states a field beyond those intake.content.substantive_words leaves out: what the enterprise
# meant, the results or report that are due, the place it is based, who approved.
_FIELD_TALK = frozenset((
    "meant", "mean", "not", "like", "results", "result", "based", "located", "end", "details", "public", "approved",
    "boss", "report", "reports", "two", "three", "four", "five", "six", "eight", "ten", "twelve", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "工厂", "公司", "希望", "报告", "结果", "老板", "领导", "批了"))
# The day the deadline reader reads against: whether a clause names a time is read, never its date, so refinement is
# a function of the words alone.
_REFERENCE_DAY = date(2000, 1, 1)


def _states_a_field(clause: str) -> bool:
    """Whether ``clause`` states a budget, a deadline, a place or the need's secrecy, read by the fields' own readers
    (or a figure of money alone, the wrong half of a correction: "not 60k", "不是6万")."""
    return (not extract_budget(clause).is_empty or bool(MONEY_FIGURE.search(clause))
            or bool(BARE_AMOUNT.match(re.sub(r"^\s*(?:不是|并不是|not)\s*", "", clause, flags=re.I)))
            or extract_deadline(clause, _REFERENCE_DAY) is not None or bool(extract_region(clause)[0].province)
            or is_confidential(clause) or says_not_confidential(clause))


def _only_a_field(clause: str) -> bool:
    """A clause that only gives (or corrects) a field the card already shows: it states one and says nothing else of
    the need, neither a problem nor a piece of work (:data:`_STATES_PROBLEM`: "预算二十万左右做盐雾试验" stays)."""
    if not _states_a_field(clause) or _STATES_PROBLEM.search(clause):
        return False
    return all(w.casefold() in _FIELD_TALK for w in substantive_words(clause))


def _kept_clause(clause: str) -> str | None:
    """The clause as published, or None when it is chat or a field's value only."""
    body = _CORRECTION_MARK.sub("", clause).strip()
    while ((lead := _CHAT_LEAD.match(body)) or (lead := _FIELD_WRONG.match(body))) and lead.end() > 0:
        body = body[lead.end():].strip()
        body = re.sub(r"^[\s,，、:：!！.。~～]+", "", body)
    if not body or ONLY_APOLOGY.match(body) or COURTESY.match(body) or _REMARK.match(body) \
            or _CONTACT_CLAUSE.match(body) or _only_a_field(body):
        return None
    return body


def refined(text: str, language: str = "zh") -> str:
    """The enterprise's words as a published need says them (seed 000 §5.1.3, 凝练): the problem, the product, what
    it needs, in its own words, without the talk of the chat (an apology, "I meant", "刚才说错了", "老板批了", a
    greeting or a thanks) and without the clauses that only state a field the card shows anyway (budget, deadline,
    place, secrecy, and their corrections). A sentence loses only those clauses; one left with none goes; a text with
    nothing to drop is returned as it is. Pure and deterministic: the stored description (``Need.text``) keeps the
    enterprise's words for coordinators and the matcher, and only the views of others read this
    (:func:`public_description`, :func:`center_view`)."""
    out_lines: list[str] = []
    changed = False
    for line in text.split("\n"):
        # (a line's sentences and clauses are spaced as its script asks: an English line of a Chinese need too)
        en = not _CJK.search(line) or (language == "en" and bool(re.search(r"[A-Za-z]", line)))
        sentences: list[str] = []
        pieces: list[tuple[str, str]] = []  # (clause, the separator after it)
        at = 0
        for sep in [*_CLAUSE_SEP.finditer(line), None]:
            clause = line[at:sep.start()] if sep else line[at:]
            pieces.append((clause, sep.group(0) if sep else ""))
            at = sep.end() if sep else len(line)
            if sep is not None and not _ENDS_SENTENCE.search(sep.group(0)):
                continue
            written = [(c.strip(), s) for c, s in pieces if c.strip()]
            corrects = any(_FIELD_WRONG.match(_CHAT_LEAD.sub("", c, count=1)) for c, _s in written)
            kept = [(None if corrects and _WRONG_HALF.match(_CORRECTION_MARK.sub("", c)) else _kept_clause(c), s)
                    for c, s in written]
            changed = changed or any(k != c for (k, _), (c, _s) in zip(kept, written, strict=True))
            said = [(k, s) for k, s in kept if k]
            if said:
                end = pieces[-1][1].strip()
                parts = [k + (_comma(s, en) if i < len(said) - 1 else end) for i, (k, s) in enumerate(said)]
                sentence = (" " if en else "").join(parts)
                if en and sentence[:1].islower() and kept[0][0] is None:
                    sentence = sentence[:1].upper() + sentence[1:]
                sentences.append(sentence)
            pieces = []
        if sentences:
            out_lines.append((" " if en else "").join(sentences))
        elif line.strip():
            changed = True
    return "\n".join(out_lines) if changed else text


def _comma(sep: str, en: bool) -> str:
    """A separator between two kept clauses, as written (a comma; " and " before a new subject)."""
    word = sep.strip()
    if word.casefold() in ("and", "but"):
        return f" {word}"
    return "," if en and word in (",", "，") else word


def public_description(need: Need) -> str:
    """What the public summary is cut from: the problem the first message states, then each later line of the
    description that holds content (the chat's description keeps the messages that add to the need and leaves out
    the answers a field holds: :func:`intake.conversation.compose_text`). The problem alone was the summary, so a need
    opened with "我们产品有点问题" showed only that on its public page, and none of the later messages that said what
    the product is and how it fails (a new user on the chat page, issue 27, 2026-11-29). Lines before the problem's
    (a greeting, the company's introduction) stay out, as before; scrubbing is the caller's (:class:`Scrubber`).
    The problem's line is kept from the problem on, with the sentences before it that say the fault rather than
    greet or introduce the company, and each part is said refined (:func:`refined`): the chat's
    apologies and the clauses that only give a field are no part of what is published."""
    text = need.text or ""
    if not need.problem:
        return refined(text, need.language)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    at = next((i for i, line in enumerate(lines) if need.problem[:40] in line), None)
    if at is None:
        return refined(need.problem, need.language)
    # (the problem's line from the problem on: what it says after the problem is what is needed, "We need a failure
    # analysis to find out why." was left out of the summary; and before it, what is not a greeting or the company
    # introducing itself: the fault itself, when the request came last — "Some packs swell after about 200 cycles.
    # We need a failure analysis…" published only the request, a new user's trial in English, 2026-11-30)
    start = lines[at].index(need.problem[:40])
    before = [s for s in _SENTENCE_SPLIT.split(lines[at][:start])
              if s.strip() and not _COMPANY_INTRO.match(s.strip()) and not _GREETING_OR_INTRO.search(s)]
    parts = [("" if need.language != "en" else " ").join([*(s.strip() for s in before),
                                                          lines[at][start:].strip()])]
    for line in lines[at + 1:]:
        if check_content(line).ok and line not in parts:
            parts.append(line)
    en = need.language == "en"
    parts = [p for p in (refined(p, need.language) for p in parts) if p]
    # (a line ended on a comma, "想找机构做失效分析，", is ended as a sentence without it: "，。" was published)
    parts = [p.rstrip("，,、；;：: ") if not _SENTENCE_END.search(p) else p for p in parts]
    return ("" if not en else " ").join(
        p if _SENTENCE_END.search(p) or i == len(parts) - 1 else p + ("." if en else "。")
        for i, p in enumerate(parts))


def public_need(need: Need, need_id: str) -> PublicNeed:
    """The published view (seed 000 §5.1.3 refined and published; §5.2.4 secrets kept). Every string field is
    scrubbed, whatever the need's confidentiality: an enterprise may mark strings on a public need too."""
    clean = Scrubber(secrets_of(need))
    labels = _labels(need.service_types)
    industry = clean(need.industry)
    region = clean.region(need.region)
    if need.confidential:
        title = confidential_title(service_types=need.service_types, industry=industry)
        summary = confidential_summary(service_types=need.service_types, industry=industry, region=region)
    else:
        title = need.title or f"{need.product or industry or ''}{labels}需求"
        summary = clean(public_description(need)) or ""
        summary = summary[:300]
    generic = f"{labels}需求"
    return PublicNeed(
        id=need_id,
        title=clean(title, generic) or "",
        summary=clean(summary, generic) or "",
        product=None if need.confidential else clean(need.product) or None,  # a confidential need's product: never
        service_types=list(need.service_types),
        industry=industry,
        region=region,
        budget_band=budget_band(need.budget, coarse=need.confidential),
        deadline=need.deadline,
        confidential=need.confidential,
    )


def stored_title(need: Need) -> str | None:
    """The title a need is stored with: the enterprise's own when it wrote one, else derived from the need as it is
    now (:func:`derive_title`; ``intake.service`` saves every need with it)."""
    return need.title if need.sources.get("title") == "user" else derive_title(need)


def preview(need: Need, lang: str = "zh") -> tuple[str, str]:
    """The public title and summary, in ``lang``, exactly as :func:`public_need` publishes this need once it is
    stored (its title as a save gives it): what the chat's publishing question and the chat page show before the
    need is submitted."""
    view = public_need(need.model_copy(update={"title": stored_title(need)}), need.id or "")
    return published_title(view, lang), published_summary(view, lang)


# What the enterprise is told of publication, before it submits (the chat's publishing question, the chat page's
# preview, the answer to "能公开吗") and after (my needs), said from here only, as ``flows.needs.submit_need`` does it:
# published at once (the public page, the feed the associations' websites read, the providers' offers), the
# association's review after. Seed 000 §5.1.3: the centre refines (:func:`refined`, automatic) and publishes; nothing
# said so, and the enterprise took its need for unpublished until reviewed (a new user's trial, 2026-11-30).
PUBLISHED_WHEN = ("提交后立即公开发布，协会审核在发布之后进行：发布在平台的公开需求页和接入平台的协会网站，"
                  "并列入与之匹配的服务机构的新需求列表。",
                  "Published as soon as you submit, and the association reviews it afterwards: on the platform's "
                  "public need page and the associations' websites linked to the platform, and listed among the new "
                  "needs of the providers it fits.")
# What of each kind of need is published (:func:`public_need`): a public need's product, budget band and deadline
# beside its title and summary; a confidential need's budget band (coarse) and deadline too — "只公开服务类型、行业和
# 地区" was said while its page showed both.
PUBLISHED_WHAT = (("公开内容：上面的标题与摘要，以及产品、服务类型、行业、地区、预算区间和期限；"
                   "联系人、电话和邮箱从不公开，您标为不公开的内容也会隐去。",
                   "保密需求只公开上面由平台生成的脱敏标题与摘要，以及服务类型、行业、地区、预算区间和期限；"
                   "贵公司名称、产品和您的原话都不公开。"),
                  ("Published: the title and summary above, with the product, service types, industry, region, "
                   "budget band and deadline; your contact person, phone and e-mail never are, and what you marked "
                   "as private is left out.",
                   "A confidential need is published only as the platform's desensitised title and summary above, "
                   "with its service types, industry, region, budget band and deadline; your company's name, your "
                   "product and your own words are not."))
# Who reads the enterprise's name, and when (``authz.policy.center_detail``, ``flows.access.shows_enterprise``): of a
# public need, the centers the matcher proposes read it at once, before the association's review — while the
# enterprise was told only that centers are named to it after that review (a new user's trial, 2026-11-30); an
# anonymous need's wish keeps the name out of what is published and out of its text, not out of the proposal's
# header; of a confidential need, no center until the details are opened to it (the countersigned confidentiality
# clause, or the enterprise's own grant). The association serving the enterprise reads it throughout.
NAME_SEEN = (("谁能看到贵公司名称：公开需求页和协会网站上不列出（您写进摘要的除外）；提交后，"
              "系统匹配推荐的服务机构在协会审核之前就能看到贵公司名称和需求全文（联系方式和您标为不公开的内容除外），"
              "之后协会选定的承接机构也能看到；为您对接的协会工作人员始终可以看到。",
              "谁能看到贵公司名称：按您的要求，公开内容和需求全文中都不写贵公司名称；但提交后，"
              "系统匹配推荐的服务机构在协会审核之前就能看到贵公司名称（推荐信息中的委托方），"
              "之后协会选定的承接机构也能看到；为您对接的协会工作人员始终可以看到。",
              "谁能看到贵公司名称：不公开，推荐的服务机构也看不到；只有在您会签含保密条款的协议、"
              "或在“我的需求”里向承接机构开放详细信息后，承接机构才能看到；为您对接的协会工作人员始终可以看到。"),
             ("Who reads your company's name: the public page and the associations' websites do not list it "
              "(unless you wrote it into the summary); as soon as you submit, before the association's review, "
              "the providers the platform proposes read it, with the need's full text (except your contact details "
              "and what you marked as private), and so does the provider the association then chooses; the "
              "association staff docking your need always can.",
              "Who reads your company's name: as you asked, nothing published and not the need's text names it; but "
              "as soon as you submit, before the association's review, the providers the platform proposes read it "
              "(as the client of the proposal), and so does the provider the association then chooses; the "
              "association staff docking your need always can.",
              "Who reads your company's name: nothing published names it, nor do the providers proposed read it; "
              "the provider that takes the need reads it only once you countersign an agreement with a "
              "confidentiality clause, or open the details to it under My needs; the association staff docking "
              "your need always can."))
# Said on "my needs" once it is submitted, while it has a public page: where, and who already reads the name.
PUBLISHED_DONE = (("已在平台公开需求页和接入平台的协会网站公开发布（公开内容见下方“公开页面”）；"
                   "系统推荐的服务机构已可看到贵公司名称和需求全文（联系方式和您标为不公开的内容除外）。",
                   "已在平台公开需求页和接入平台的协会网站公开发布（公开内容见下方“公开页面”，不写贵公司名称）；"
                   "系统推荐的服务机构已可看到贵公司名称。",
                   "脱敏摘要已在平台公开需求页和接入平台的协会网站公开发布，不含贵公司名称、产品和您的原话；"
                   "推荐的服务机构也看不到贵公司名称，直到您会签含保密条款的协议或向承接机构开放详细信息。"),
                  ("It is published on the platform's public need page and the associations' websites linked to "
                   "the platform (see its public page below); the providers the platform proposed already read your "
                   "company's name and the need's full text (except your contact details and what you marked as "
                   "private).",
                   "It is published on the platform's public need page and the associations' websites linked to "
                   "the platform (see its public page below; it does not name your company); the providers the "
                   "platform proposed already read your company's name.",
                   "Its desensitised summary is published on the platform's public need page and the associations' "
                   "websites linked to the platform, without your company's name, your product or your own words; "
                   "nor do the providers proposed read your company's name, until you countersign an agreement with "
                   "a confidentiality clause or open the details to the provider that takes the need."))


def _kind(need: Need) -> int:
    """Which of :data:`NAME_SEEN` and :data:`PUBLISHED_DONE` says this need: public, public but unnamed
    (``anonymous``), confidential."""
    return 2 if need.confidential else 1 if need.anonymous else 0


def published_said(need: Need, lang: str) -> str:
    """:data:`PUBLISHED_DONE` for this need, in ``lang``."""
    return PUBLISHED_DONE[1 if lang == "en" else 0][_kind(need)]


def public_preview(need: Need, lang: str = "zh") -> PublicPreview:
    """:func:`preview` with whether the need is confidential, when and where it is published, what else of it is and
    who reads the enterprise's name: what the chat page shows beside the submit button and the JSON API's session
    view carries (``SessionView.preview``)."""
    title, summary = preview(need, lang)
    en = 1 if lang == "en" else 0
    return PublicPreview(title=title, summary=summary, confidential=need.confidential, when=PUBLISHED_WHEN[en],
                         what=PUBLISHED_WHAT[en][1 if need.confidential else 0], who=NAME_SEEN[en][_kind(need)])


def center_view(need: Need, need_id: str) -> CenterNeed:
    """What a proposed (or accepted, not yet trusted) center reads of a need before its details are opened to it:
    a confidential need's published summary only; a public need's fields with the marked strings and the contact
    scrubbed, and without the list of what was marked; its words refined (:func:`refined`: the center read the chat
    word for word, "不好意思刚才说错了，预算应该是8万以内，老板批了", a new user's trial, 2026-11-29).

    A confidential need's qualifications (required and preferred) are shown too: they are what a center must know to
    decide whether it may take the work at all, they say nothing of the technical problem, and the matcher's rule
    line the center reads already names them ("具备所需资质 CMA（硬性条件，已满足）"); left out, the same page said
    "资质要求 未说明" under it (a new user's trial, 2026-11-29). Scrubbed of the marked strings, as a public need's."""
    public = public_need(need, need_id)
    clean = Scrubber(secrets_of(need))
    required = [q for q in (clean(q) for q in need.qualifications) if q]
    preferred = [q for q in (clean(q) for q in need.preferred_qualifications) if q]
    if need.confidential:
        return CenterNeed(id=need_id, title=public.title, summary=public.summary, service_types=public.service_types,
                          qualifications=required, preferred_qualifications=preferred,
                          industry=public.industry, region=public.region, budget_band=public.budget_band,
                          deadline=public.deadline, confidential=True, confidentiality=True)
    return CenterNeed(
        id=need_id, title=public.title, summary=public.summary, text=clean(refined(need.text, need.language)) or None,
        product=clean(need.product),
        enterprise_name=clean(need.enterprise.name), service_types=public.service_types,
        qualifications=required, preferred_qualifications=preferred, industry=public.industry,
        region=public.region, budget_band=budget_band(need.budget, coarse=False), deadline=need.deadline,
        confidential=False, confidentiality=need.confidentiality,
    )


def offered_words(need: Need) -> str | None:
    """The words a public need is offered to providers on (``flows.opportunities``): its own, scrubbed as
    :func:`center_view` scrubs them, not refined. Refinement leaves out only chat and what the card shows anyway,
    none of it secret, so being offered still reveals nothing a provider cannot read; and the offers' match reads
    what the proposals' match reads (the stored words), so one match serves both (issue 33). None for a
    confidential need: it is offered on its published summary."""
    if need.confidential:
        return None
    return Scrubber(secrets_of(need))(need.text) or None


def group_title(members: list[PublicNeed]) -> str:
    """A common problem's title, made from its members' public views only (so no marked string can reach it)."""
    industries = [m.industry for m in members if m.industry]
    kinds = [s for m in members for s in m.service_types]
    industry = max(set(industries), key=industries.count) if industries else ""
    label = SERVICE_TYPE_LABELS[max(set(kinds), key=kinds.count)][0] if kinds else "技术"
    return f"{industry}共性{label}难题（{len(members)}家企业）"


TITLE_MAX = 30
# An English title runs longer, words being longer than characters: cut at a word, never in one ("formaldehyde
# emission testing" did not fit and the title named the category, p71; a clause was cut mid-word at 30; issue 27).
TITLE_MAX_EN = 60
_TITLE_HEAD = re.compile(r"^\s*([^：:。！？!?\n]{4,30})[：:]")
_TITLE_CLAUSES = re.compile(r"[，,。！？!?；;\n]+|\.(?:\s+|$)")
# Words a spoken answer opens with that are no part of a title ("就是注塑出来的卡扣" was a need's title; a new user on
# the chat page, issue 27, 2026-11-29).
_FILLER_LEAD = re.compile(r"^(?:其实就是|也就是|就是说|就是|其实|嗯+|呃+|额+)[，,\s]*")
# Openings of a clause that only continues another ("and then file patents on it", "另外……"): no title alone.
_CONTINUATION = re.compile(r"^(and|then|but|so|also|or|plus|as well|然后|并且|而且|另外|同时|还有|以及|再|并)\b",
                           re.I)
# A sentence the enterprise opens with itself is no heading before a colon ("本公司计量室需外送校准一批量具：数显卡尺…"
# was the title; the sixth probe, p56); "LED手电筒红外开关改进：…" is one.
_SPEAKER = re.compile(r"^\s*(我们|我司|本公司|我公司|我厂|本厂|敝司|(?:we|our|i)\b)", re.I)
# Nor is a greeting, or the words that announce an introduction ("您好，先介绍一下我们公司：…", "Hi, a bit about us
# first: …" were the titles of two needs; the ninth probe, p89, p97).
# Nor the words that announce a list ("需求如下：\n1. 产品：…" was titled "需求如下"; "Our requirements:\n- Product: …";
# the eleventh probe, p109, p116). Nor the words that forward a mail or ask for it to be posted ("转发一封我们质量部的
# 邮件，麻烦帮忙发布一下需求：…" was the title; "Forwarding this from our US office:"; the twelfth probe, p120, p127).
_GREETING_OR_INTRO = re.compile(r"(您好|你好|大家好|介绍一下|自我介绍|简单介绍|\b(?:hi|hello|hey|dear|greetings)\b|"
                                r"转发|(?:帮忙|帮我们|请|麻烦)(?:发布|发)一下|\bforward\w*|\bfwd\b|"
                                r"\babout (?:us|our company|ourselves)\b|\bintroduc\w*|"
                                r"^\s*(?:我们的|我司的|具体)?(?:需求|要求|情况|内容|信息)(?:如下|是这样的?|大概是这样|说明)\s*$|"
                                r"^\s*(?:our|my|the)?\s*(?:requirements?|needs?|details?|request)\s*(?:are\s+)?"
                                r"(?:as follows|below|listed below)?\s*$)",
                                re.I)


def _rules_out(clause: str) -> bool:
    """Whether a clause opens by ruling something out ("skip the salt spray test", "不用做盐雾试验"): no title. What
    rules out is the chat's (:data:`intake.dialogue.NEGATION`), said at the clause's start."""
    return NEGATION.match(clause.lstrip()) is not None


# What states a problem or a piece of work in a clause: a fault, a wish to change something, or the work itself.
_STATES_PROBLEM = re.compile(
    r"(问题|故障|失效|开裂|裂|断|衰减|下降|不足|不够|不良|良率|良品率|报警|堵|松动|磨损|返工|退货|不合格|超标|"
    r"不达标|偏[大高低小]|泄漏|漏[水气油液]|渗|腐蚀|生锈|锈|老化|异响|噪[音声]|气孔|针孔|变形|脱落|起泡|变色|短路|"
    r"烧|失灵|误差|不准|不稳定|寿命|难题|瓶颈|投诉|提高|提升|降低|减少|改进|改善|优化|解决|攻关|研发|开发|研制|"
    r"检测|检验|测试|试验|实验(?!室)|校准|检定|认证|分析|评价|评估|培训|咨询|(?:制定|起草|编制|修订)\S{0,6}标准|"
    r"标准(?:制定|起草|编制|修订)|专利|申请|申报|"
    r"\b(?:problems?|issues?|fail\w*|crack\w*|leak\w*|corro\w*|rust\w*|break\w*|broke\w*|defects?|noise|wear\w*|"
    r"short\w*|burn\w*|improv\w*|reduc\w*|increas\w*|develop\w*|test\w*|calibrat\w*|certif\w*|analys[ie]s|"
    r"standards?|patents?|train\w*|complain\w*))", re.I)
# Openings of a clause that introduce the company rather than the problem ("我们是常州的一家电池厂").
_COMPANY_INTRO = re.compile(r"^(我们|我司|本公司|公司|我厂|本厂)(是|为|主要|专业|专注|位于|在)|"
                            r"^(we are|we're|our company)", re.I)


# What a correction opens with: a clause that does is what the enterprise said to fix something the page showed,
# not the problem ("不对，是失效分析" made the title "是失效分析"; "No, not testing - failure analysis" too).
_CORRECTION_OPENING = re.compile(r"^\s*(不对|不是|并不是|是|而是|改成|改为|应该是|其实是|其实|错了|说错了|搞错了|更正|"
                                 r"纠正|(no|not|actually|sorry|correction|wrong)\b)", re.I)


# A question to the platform is no name for a need ("你们能帮忙找专利代理吗", "问一下，你们这平台怎么收费？" were
# titles until a product came).
_QUESTION_TITLE = re.compile(r"([吗呢么][？?]?\s*$|[？?]\s*$|你们|怎么收费|多少钱|能不能|可不可以|"
                             r"^\s*(?:can|could|would|will|do|does) (?:you|we|i|your|this)\b)", re.I)


# A deliverable: the report or certificate the work ends in ("检测报告", "第三方报告", "CMA检测报告", "test report",
# "certificate"), not the work itself; the work of writing a report ("可行性研究报告编制") is work. A new user's need
# for a failure analysis of swollen battery packs, with a test report, was titled "储能检测报告需求" (issue 27,
# 2026-11-29).
DELIVERABLE = re.compile(r"(?:报告|证书)(?!\s*(?:的)?(?:编制|编写|撰写|起草|代写))|"
                         r"\b(?:reports?|certificates?)\b(?!\s+(?:writing|drafting|preparation))", re.I)
# What a test's words hold besides the test they name: the test word, the deliverable, who issues it and how many
# ("出具一份第三方检测报告" names no test; "安全检测报告" names 安全检测).
_NO_WORK = re.compile(r"(试验|测试|检测|检验|报告|证书|第三方|相关|常规|一下|一份|一个|一张|出具|出个|出一份|"
                      r"CMA|CNAS|\b(?:tests?|testing|reports?|certificates?|third-party|the|a|an)\b|\s)", re.I)


def without_deliverable(item: str) -> str | None:
    """A test's words without the deliverable it ends in ("安全检测报告" → 安全检测, "EMC test report" → EMC test),
    or None when no work is left named ("检测报告", "第三方报告", "CMA检测报告", "test report"): a title names the
    work, and a report is what the work ends in."""
    if DELIVERABLE.search(item) is None:
        return item
    if len(_NO_WORK.sub("", item)) < 2:
        return None
    kept = re.sub(r"\s+", " ", DELIVERABLE.sub("", item)).strip(" 的")
    return kept if DELIVERABLE.search(kept) is None and kept else None


def title_flaws(title: str, *, today: date | None = None) -> list[str]:
    """What a title must not hold (issue 27): a budget, a deadline or a place: those have fields of their own, and a
    title built from "预算十五万左右" then showed on every role's pages. Read by the same rules as the fields. Nor
    may it open as a correction does ("是失效分析"): that is a leftover of a correction, not a need; nor be a
    question to the platform ("你们能帮忙找专利代理吗"); nor name a deliverable (:data:`DELIVERABLE`: "储能检测报告
    需求" named the report over the battery packs' failure analysis)."""
    flaws = []
    if DELIVERABLE.search(title):
        flaws.append("deliverable")
    if _CORRECTION_OPENING.match(title):
        flaws.append("correction")
    if _QUESTION_TITLE.search(title):
        flaws.append("question")
    if not extract_budget(title).is_empty:
        flaws.append("budget")
    if extract_deadline(title, today or china_time.today()) is not None:
        flaws.append("deadline")
    if extract_region(title)[0].province:
        flaws.append("region")
    return flaws


def derive_title(need: Need) -> str | None:
    """A title for a need that has none, so the queue, the board and "my needs" can tell needs apart, built from the
    product and the core problem, never from a budget, a deadline or a place (:func:`title_flaws`): the heading
    the enterprise wrote ("LED手电筒红外开关改进：…"), else its product and the service in its own words
    ("储能电池包失效分析需求"), else the first clause that states the problem, cut at :data:`TITLE_MAX` characters.
    The enterprise may replace it; a confidential need's public title is made from its fields alone
    (:func:`public_need`)."""
    text = (need.text or "").strip()
    if not check_content(text).ok and not need.product:
        return None  # no title made of junk: the page says the title is not given
    en = need.language == "en"
    head = _TITLE_HEAD.match(text)
    if head and not title_flaws(head.group(1)) and not _SPEAKER.match(head.group(1)) \
            and not _GREETING_OR_INTRO.search(head.group(1)):
        return head.group(1).strip()
    if need.product:
        # the service in the enterprise's words: the first type it named, not one read from a qualification alone
        # ("要做CNAS校准": 校准, not the 检验检测 its "CNAS" adds; the title read "三坐标测量机CNAS需求")
        # (words that name only a deliverable name no work: "检测报告 → 检验检测" beside "失效分析 → 质量技术评价"
        # titled the need "储能检测报告需求"; the title names the failure analysis)
        # (in the order the enterprise said them, not the list's: p253's R&D said first, a patent added last, was
        # titled "光伏逆变器申请专利需求"; probe26)
        named = said_order(need, [s for s in need.service_types if _work_said(need, s)])
        first = named[0] if named else (need.service_types[0] if need.service_types else None)
        # the core problem, when the enterprise states one: how the product fails ("锂电池模组鼓包失效分析需求", a new
        # user's trial: the swelling was left out), unless the product's name or the work already says it
        ill = symptom(text)
        if ill and (ill.casefold() in need.product.casefold() or len(need.product) + len(ill) > TITLE_MAX - 4):
            ill = None
        if en:
            kind = _title_words(need, first, room=None)[0] if first else None
            ill = ill if ill and not (kind and ill.casefold()[:4] in kind.casefold()) else None
            return f"{need.product}{f' ({ill})' if ill else ''}: {kind or 'technical need'}"
        room = TITLE_MAX - len(need.product) - len(ill or "") - 2
        kind = _title_words(need, first, room=room)[0] if first else None
        ill = ill if ill and not (kind and ill in kind) else None
        if kind and kind in need.product:
            return f"{need.product}{ill or ''}需求"[:TITLE_MAX]
        if kind and need.product in kind:  # ("SASO SASO认证需求": a mark read as the product)
            return f"{kind}需求"[:TITLE_MAX]
        # an English name before English words takes a space ("LED desk lampCE 认证需求", the seventh probe, p68)
        joint = " " if kind and not ill and re.match(r"[A-Za-z0-9]", kind) \
            and re.search(r"[A-Za-z0-9]$", need.product) else ""
        return f"{need.product}{ill or ''}{joint}{kind or '技术'}需求"[:TITLE_MAX]
    # (a message that corrects or rules something out is no title: "Actually, skip the photobiological safety test,
    # we already have that report." titled a need "skip the photobiological safe…", the sixth probe, p65)
    lines = [line for line in text.split("\n") if not (_CORRECTION_OPENING.match(line) or _rules_out(line))]
    # With the enterprise's own words for a service, a clause that neither names them nor states a problem is no
    # title: "出口美国" titled "…景德镇做陶瓷餐具的，出口美国，要做铅镉溶出量检测" (the seventh probe, p75), where its
    # words say what is wanted ("铅镉溶出量检测需求").
    worded = [s for s in need.service_types if _work_said(need, s)]
    said = [i for s in worded for i in _work_items(need, s)]
    passable = None  # the first clause as titles were chosen before: when nothing better is said
    for clause in _TITLE_CLAUSES.split("\n".join(lines)):
        clause = _FILLER_LEAD.sub("", clause.strip(" ，,"))
        if len(clause) < 4 or _COMPANY_INTRO.match(clause) or _CONTINUATION.match(clause) or title_flaws(clause) \
                or _rules_out(clause) or not check_content(clause).ok:
            continue
        cut = _cut_title(clause, en=en)
        passable = passable or cut
        if said and not (_STATES_PROBLEM.search(clause) or any(i in clause for i in said)):
            continue
        if MENTION.search(clause):  # past or own work in passing ("我们有自己的实验室") is no title
            continue
        return cut
    if need.service_types:
        # in its own words: "失效分析需求"
        first = worded[0] if worded else need.service_types[0]
        kind = _title_words(need, first, room=None if en else TITLE_MAX - 2, flawless=True)[0]
        return f"{kind} need" if en else f"{kind}需求"
    return passable


def _cut_title(clause: str, *, en: bool) -> str:
    """A clause as a title: whole when it fits, else cut with "…" (an English one at the last whole word)."""
    room = TITLE_MAX_EN if en and clause.isascii() else TITLE_MAX
    if len(clause) <= room:
        return clause
    if en and clause.isascii():
        head = clause[:room].rsplit(" ", 1)[0].rstrip(" ,;:-") if " " in clause[:room] else clause[:room - 1]
        return head + "…"
    return clause[:TITLE_MAX - 1] + "…"


def _work_items(need: Need, service: ServiceType) -> list[str]:
    """The enterprise's words for ``service`` that name work, each without the deliverable it ends in
    (:func:`without_deliverable`)."""
    items = (without_deliverable(i) for i in phrase_items(need.phrases.get(service)))
    return list(dict.fromkeys(i for i in items if i))


def _work_said(need: Need, service: ServiceType) -> bool:
    return bool(_work_items(need, service))


def said_order(need: Need, services: Sequence[ServiceType]) -> list[ServiceType]:
    """``services`` in the order the enterprise said them: the order its words for them were recorded in as the chat
    read them (``need.phrases``), else where its words for each first stand in the need's text, else the list's.
    Why: ``need.service_types`` keeps the categories' order, and a title made from its first named the work added
    last. (The record first: p212's "EMC testing" stands late in its text, but "we need some testing" came first.)"""
    text = (need.text or "").casefold()
    recorded = list(need.phrases)

    def place(service: ServiceType) -> tuple[int, int, int]:
        found = [i for i in (text.find(w.casefold()) for w in _work_items(need, service)) if i >= 0]
        return (recorded.index(service) if service in recorded else len(recorded),
                min(found) if found else len(text) + 1, list(ServiceType).index(service))

    return sorted(services, key=place)


# The longest of the enterprise's words for one test that still reads in a title: a longer cue reads badly there, and
# the category's name stands for it.
TITLE_ITEM = {"zh": 8, "en": 40}


def _title_words(need: Need, service: ServiceType, *, room: int | None, flawless: bool = False) -> list[str]:
    """How a title names ``service``, richest first: the tests the enterprise named for it, in its own words ("振动测
    试", "振动测试与盐雾试验", "vibration testing and salt spray test"), then shorter ("振动测试、盐雾试验等",
    "振动测试等" when more were named than fit, or when one is too long to read in a title), else the category's
    name (with several tests the title read "电池包检验检测需求": the joined words were too long for one, issue 27).
    ``room``: the characters a title has for them (the forms that fit come first, then the shortest); ``flawless``:
    leave out a test that holds a budget, a deadline or a place (:func:`title_flaws`; one beside a product never
    did)."""
    en = need.language == "en"
    every = _work_items(need, service)
    items = [i for i in every if len(i) <= TITLE_ITEM["en" if en else "zh"] and not (flawless and title_flaws(i))]
    forms: list[str] = []
    if items and len(items) == len(every) <= 2:
        forms.append(" and ".join(items) if en else "与".join(items))
    for shown in (items[:2], items[:1]):
        if shown and (len(shown) < len(every) or len(forms) == 0):
            forms.append((", ".join(shown) + " and more") if en else ("、".join(shown) + "等"))
    forms = list(dict.fromkeys(forms))
    fitting = [f for f in forms if room is None or len(f) <= room]
    # (none fits: the shortest, cut at the title's end as a single test always was)
    return [*fitting, *reversed([f for f in forms if f not in fitting]), SERVICE_TYPE_LABELS[service][1 if en else 0]]
