"""Follow-up questions and merging answers into a draft need: pure functions, no database.

The next question is for the most decision-relevant field still missing (service type, then product/industry, then
region, deadline, budget), never one already asked. Each answer is read alone and laid over the draft, so a later
message corrects an earlier one ("不是江苏，是浙江", "预算改成30万").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from intake.content import substantive_words
from intake.extract import clean_text, extract, missing_fields
from intake.extract.deadline import extract_deadline
from intake.extract.language import detect_language
from intake.extract.service_types import COLLAB_PARTS
from intake.schemas import Need, SubmitBlocker
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType

QUESTIONS: dict[str, tuple[str, str]] = {
    "service_types": ("您希望机构提供哪类服务？例如检验检测、失效分析、校准、标准制定、联合研发。",
                      "What service do you need? For example testing, failure analysis, calibration, standards, "
                      "joint R&D."),
    "product": ("涉及的是什么产品或哪个行业？", "Which product or industry is this about?"),
    "region": ("您的企业或需要服务的地点在哪个省市？是否必须找本地机构？",
               "Where is your company or the site needing the service (province/city)? Must the provider be local?"),
    "deadline": ("希望什么时候之前完成？例如“三个月内”或具体日期。",
                 "By when should the work be done? For example \"within three months\" or a date."),
    "budget": ("大致预算是多少？可以给一个范围，例如“10到30万”。",
               "What is the rough budget? A range is fine, e.g. \"RMB 100,000-300,000\"."),
}
UNREADABLE = ("抱歉，没能读懂这条消息，请用文字描述您的需求。",
              "Sorry, I could not read that message; please describe your need in words.")
DONE = ("信息已足够，可以提交需求并匹配服务机构。", "Thank you, the need is complete enough to submit and look for "
        "providers.")
NOTHING_NEW = ("这条消息里没有读到新的信息。", "I found nothing new in that message.")
STILL_OPEN = ("尚未提供：{fields}（可以直接提交，也可以继续补充）。",
              "Not given yet: {fields} (you can submit now or add them).")
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "service_types": ("服务类型", "service type"), "product": ("产品", "product"), "industry": ("行业", "industry"),
    "region": ("地区", "region"), "deadline": ("期限", "deadline"), "budget": ("预算", "budget"),
    "qualifications": ("资质要求", "required qualifications"), "confidential": ("保密", "confidentiality"),
}
# A message is added to the stored description when it says this much beyond filling a field (see compose_text).
SUBSTANTIVE_WORDS = 3
SUBSTANTIVE_SENTENCE = (2, 15)  # or this many words in a sentence at least this long
# A message in a language the product does not read: kept as written, read by the rules only, and the user told.
UNSUPPORTED = ("目前只能读取中文和英文；您的原文已完整保存，仅按规则读取。请尽量用中文或英文补充说明。"
               " / For now only Chinese and English are read; your text is kept as written and read by the rules "
               "only. Please add details in Chinese or English.")
# Reads one message into a need (intake.reader.IntakeReader.read, or the bare extractor).
MessageReader = Callable[[str], Need]
_SKIP = re.compile(r"^\s*(不知道|不清楚|不确定|没有|无|跳过|暂无|待定|再说|都行|随便|skip|n/?a|don't know|not sure|"
                   r"none|no idea)\s*[。.!！]?\s*$",
                   re.I)
_CORRECTION = re.compile(r"(不是|改成|改为|改一下|更正|应该是|而是|instead|not .*but|change .* to|actually)", re.I)
_MEANINGFUL = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")


def is_readable(text: str) -> bool:
    """Any letters, CJK characters or digits left once markup is gone."""
    return bool(_MEANINGFUL.search(clean_text(text)))


def next_question(need: Need, asked: list[str], language: str) -> tuple[str | None, str | None]:
    """(field, question) for the most decision-relevant missing field not yet asked, or (None, None)."""
    for field in need.missing:
        if field not in asked and field in QUESTIONS:
            zh, en = QUESTIONS[field]
            return field, (en if language == "en" else zh)
    return None, None


def compose_text(description: str, message: str) -> str:
    """The stored description after ``message``: the enterprise's first description plus the messages that add to
    it. An answer that only fills a field ("三个月", "预算改成30万", "浙江杭州", "不知道") is left out — the field
    holds it, and the conversation keeps every message — and so is a message already in the description (sent twice).
    Why: the description is what coordinators read, the matcher embeds and the public summary is cut from; a paste
    of every message repeats itself and buries the problem under answers."""
    body = clean_text(message).strip()
    if not description.strip():
        return message
    if not body or _SKIP.match(body) or _squash(body) in _squash(description):
        return description
    words = substantive_words(body)
    enough = len(words) >= SUBSTANTIVE_WORDS or (len(words) >= SUBSTANTIVE_SENTENCE[0]
                                                 and len(body) >= SUBSTANTIVE_SENTENCE[1])
    return description + "\n" + message.strip() if enough else description


def _squash(text: str) -> str:
    return re.sub(r"[\s，。,.!！?？；;：:、]+", "", text).casefold()


def _field_value(need: Need, name: str, language: str) -> str | None:
    """A field as a sentence can say it ("30万元", "浙江省杭州市", "2027年3月31日")."""
    en = language == "en"
    if name == "service_types":
        sep = ", " if en else "、"
        return sep.join(SERVICE_TYPE_LABELS[s][1 if en else 0] for s in need.service_types) or None
    if name == "region":
        parts = list(dict.fromkeys(p for p in (need.region.province, need.region.city) if p))
        if not parts:
            return None
        text = ", ".join(reversed(parts)) if en else "".join(parts)
        if need.local_only:
            text += " (local providers only)" if en else "（仅限本地机构）"
        return text
    if name == "deadline":
        if need.deadline is None:
            return None
        d = need.deadline
        return d.isoformat() if en else f"{d.year}年{d.month}月{d.day}日"
    if name == "budget":
        return money_text(need.budget.min_yuan, need.budget.max_yuan, need.budget.currency, language)
    if name == "qualifications":
        return ("、" if not en else ", ").join(need.qualifications) or None
    if name == "confidential":
        return ("yes" if en else "是") if need.confidential else None
    value = getattr(need, name)
    return str(value) if value else None


def money_text(low: int | None, high: int | None, currency: str, language: str) -> str | None:
    """An amount as people say it: "30万元", "10万–30万元", "不超过5万元"; "RMB 300,000" in English."""
    if currency != "CNY":
        return f"{currency}（金额面议）" if language != "en" else f"{currency} (amount to agree)"
    if low is None and high is None:
        return None

    def one(v: int) -> str:
        if language == "en":
            return f"{v:,}"
        return f"{v / 10_000:g}万" if v >= 10_000 else f"{v}"

    unit_zh, pre_en = "元", "RMB "
    if low is not None and high is not None:
        if low == high:
            return f"{pre_en}{one(low)}" if language == "en" else f"{one(low)}{unit_zh}"
        return f"{pre_en}{one(low)}–{one(high)}" if language == "en" else f"{one(low)}–{one(high)}{unit_zh}"
    if high is not None:
        return f"up to {pre_en}{one(high)}" if language == "en" else f"不超过{one(high)}{unit_zh}"
    return f"at least {pre_en}{one(low or 0)}" if language == "en" else f"{one(low or 0)}{unit_zh}以上"


ACKNOWLEDGED = ("service_types", "product", "industry", "region", "deadline", "budget", "qualifications",
                "confidential")


def acknowledge(before: Need, after: Need, language: str) -> str | None:
    """What this message changed, said back: "预算已改为30万元；已记下地区：浙江省杭州市。" (None: nothing changed)."""
    en = language == "en"
    said: list[str] = []
    for name in ACKNOWLEDGED:
        old, new = _field_value(before, name, language), _field_value(after, name, language)
        if new is None or new == old:
            continue
        label = FIELD_NAMES[name][1 if en else 0]
        if name == "confidential":
            said.append("marked confidential" if en else "已标记为保密需求")
        elif old is None:
            said.append(f"noted the {label}: {new}" if en else f"已记下{label}：{new}")
        else:
            said.append(f"{label} changed to {new}" if en else f"{label}已改为{new}")
    if not said:
        return None
    if en:
        text = "; ".join(said)
        return text[:1].upper() + text[1:] + "."
    return "；".join(said) + "。"


def reply(*, before: Need, after: Need, question: str | None, blockers: list[SubmitBlocker],
          language: str) -> str:
    """The assistant's answer to a message, never empty: what changed, then the next question — or, when nothing is
    left to ask, what still keeps the need from being submitted, or that it is ready (and what is still blank)."""
    en = language == "en"
    parts = [acknowledge(before, after, language) or (NOTHING_NEW[1 if en else 0] if question is None else None)]
    if question:
        parts.append(question)
    elif blockers:
        parts += [b.message(language) for b in blockers]
    else:
        parts.append(DONE[1 if en else 0])
        blank = [FIELD_NAMES[f][1 if en else 0] for f in after.missing if f in FIELD_NAMES]
        if blank:
            parts.append(STILL_OPEN[1 if en else 0].format(fields=(", " if en else "、").join(blank)))
    return "\n".join(p for p in parts if p)


def merge_answer(draft: Need, message: str, *, today: date, ask_field: str | None,
                 read: MessageReader | None = None, said: str | None = None) -> Need:
    """The draft with what this message says laid over it; the draft itself is not changed. ``read`` reads the
    message alone (default: the deterministic extractor); each field it set carries its reader into ``sources``."""
    body = clean_text(message)
    got = read(body) if read is not None else extract(body, today=today)
    need = draft.model_copy(deep=True)
    sources = dict(draft.sources)

    def took(name: str) -> None:
        sources[name] = got.sources.get(name, "deterministic")

    need.text = compose_text(draft.text, message)
    correction = bool(_CORRECTION.search(body))
    if got.service_types:
        merged = set(got.service_types) if correction else set(need.service_types) | set(got.service_types)
        if ServiceType.infrastructure_collab in merged:
            merged -= COLLAB_PARTS
        need.service_types = [s for s in ServiceType if s in merged]
        took("service_types")
    if got.industry:
        need.industry = got.industry
        need.industries = list(dict.fromkeys(got.industries + need.industries))
        took("industry")
    if got.product:
        need.product = got.product
        took("product")
    elif ask_field == "product" and len(body) <= 40 and not _SKIP.match(body):
        need.product = body.strip("。.!！ ")
        sources["product"] = "user"  # the answer itself, taken as the product's name
    if got.region.province:
        need.region = got.region
        took("region")
    need.local_only = need.local_only or got.local_only
    if not got.budget.is_empty:
        need.budget = got.budget
        took("budget")
    deadline = got.deadline
    if deadline is None and ask_field == "deadline":
        deadline = extract_deadline(body + "内", today)  # a bare "三个月" answering "by when?"
    if deadline is not None:
        if got.deadline is None:
            sources["deadline"] = "deterministic"
        else:
            took("deadline")
        need.deadline = deadline
    if got.confidential and not need.confidential:
        took("confidential")
    need.confidential = need.confidential or got.confidential
    need.redactions = list(dict.fromkeys(need.redactions + got.redactions))
    need.qualifications = list(dict.fromkeys(need.qualifications + got.qualifications))
    if len(_MEANINGFUL.findall(body)) >= 4:
        need.language = detect_language(body)  # type: ignore[assignment]
    need.notes = list(dict.fromkeys(need.notes + [n for n in got.notes if n not in need.notes]))[-20:]
    # Whether a field was declined ("预算面议", "尽快") is read from everything the enterprise said, not only from the
    # description, which leaves such answers out.
    need.missing = missing_fields(need, clean_text((said if said is not None else draft.text) + "\n" + message))
    need.sources = sources
    return need
