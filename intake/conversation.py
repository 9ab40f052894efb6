"""Follow-up questions and merging answers into a draft need: pure functions, no database.

The next question is for the most decision-relevant field still missing (service type, then product/industry, then
region, deadline, budget), never one already asked. Each answer is read alone and laid over the draft, so a later
message corrects an earlier one ("不是江苏，是浙江", "预算改成30万").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from intake.extract import clean_text, extract, missing_fields
from intake.extract.deadline import extract_deadline
from intake.extract.language import detect_language
from intake.extract.service_types import COLLAB_PARTS
from intake.schemas import Need
from kb.vocab import ServiceType

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
DONE = ("信息已足够，可以开始匹配服务机构。", "Thank you, the need is complete enough to look for providers.")
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


def merge_answer(draft: Need, message: str, *, today: date, ask_field: str | None,
                 read: MessageReader | None = None) -> Need:
    """The draft with what this message says laid over it; the draft itself is not changed. ``read`` reads the
    message alone (default: the deterministic extractor); each field it set carries its reader into ``sources``."""
    body = clean_text(message)
    got = read(body) if read is not None else extract(body, today=today)
    need = draft.model_copy(deep=True)
    sources = dict(draft.sources)

    def took(name: str) -> None:
        sources[name] = got.sources.get(name, "deterministic")

    need.text = (draft.text + "\n" + message) if draft.text else message
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
    need.missing = missing_fields(need, clean_text(need.text))
    need.sources = sources
    return need
