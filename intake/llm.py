"""The optional LLM path: a LangChain chat model reads the need; the deterministic extractor checks every field.

Any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp's server, hosted Qwen/DeepSeek) is reached through
``langchain_openai.ChatOpenAI``. Settings are read once at the edge (``LLMSettings()`` reads ``INNODOCK_LLM_*``) and
passed in; nothing here reads the environment. The model's answer is validated against the text: numbers and dates
the text does not contain are dropped, enum values are checked, and on any error or timeout the deterministic result
stands, with a note saying so.
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import json
import re
from datetime import date
from typing import Any, Literal
from urllib.parse import urlparse

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from intake.extract import ProductReader, ServiceTypeReader, clean_text, extract, missing_fields
from intake.extract.budget import find_money
from intake.extract.deadline import deadline_passed, find_deadlines
from intake.extract.language import unsupported_language
from intake.extract.region import find_places, lookup
from intake.extract.service_types import COLLAB_PARTS
from intake.schemas import Budget, FieldSource, Need, Region
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType

StructuredMethod = Literal["json_schema", "function_calling", "json_mode", "parser"]


class LLMSettings(BaseSettings):
    """Where the chat model is and how to ask it; disabled unless a base URL and model are given."""

    model_config = SettingsConfigDict(env_prefix="INNODOCK_LLM_", extra="ignore")

    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1")
    model: str | None = None
    api_key: SecretStr = SecretStr("not-needed")
    structured_method: StructuredMethod = Field(
        default="json_schema",
        description="json_schema (vLLM, Ollama), function_calling (llama.cpp's server), json_mode, or parser "
                    "(plain prompt + PydanticOutputParser, for models without tool or schema support).",
    )
    timeout_s: float = Field(default=30.0, description="budget of one call from the CLI (intake extract --llm)")
    chat_timeout_s: float = Field(
        default=5.0, gt=0, le=60,
        description="budget of one call in the chat, POST /needs and the pages; past it the deterministic reading "
                    "stands and the user is not kept waiting")
    submission_timeout_s: float = Field(
        default=300.0, gt=0, le=3600,
        description="budget of the pass over the whole conversation at submission (a background job: minutes, not "
                    "the chat's seconds)")
    allow_remote_confidential: bool = Field(
        default=False,
        description="send a confidential need to an endpoint outside this machine (127.0.0.0/8, ::1, localhost); "
                    "off by default, so secrets stay here (seed 000 §5.2.4)")
    phrase_questions: bool = Field(default=True, description="let the LLM phrase the chat's follow-up questions")
    temperature: float = 0.0
    max_tokens: int = 800

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)


class LLMNeed(BaseModel):
    """What the model is asked to return; every field is re-checked against the text."""

    service_types: list[str] = Field(default_factory=list, description="kb-v1 service type values")
    industry: str | None = None
    product: str | None = Field(default=None, description="产品名称，原文中的词")
    problem: str | None = Field(default=None, description="原文中的问题描述")
    title: str | None = None
    province: str | None = Field(default=None, description="服务地省份，如 江苏省")
    city: str | None = Field(default=None, description="服务地地级市，如 苏州市")
    budget_min_yuan: int | None = None
    budget_max_yuan: int | None = None
    deadline: str | None = Field(default=None, description="YYYY-MM-DD")
    confidential: bool = False
    redactions: list[str] = Field(default_factory=list, description="原文中需要保密的名称、型号、数字")


SYSTEM_PROMPT = (
    "你是企业技术创新需求的整理助手。从企业原话中抽取结构化需求，只用原文中的信息，不要编造。"
    "逐条写出原文中的具体要求，使用原文的词语。service_types 只能取这些值：{types}。"
    "地区是企业希望找服务机构的地点，或企业/出问题工厂所在地；客户、出口市场、外地总部、以前检测的地点都不是。"
    "预算以元为单位的整数；已经花掉的钱、产值、营收不是预算。截止日期按今天 {today} 换算为 YYYY-MM-DD；"
    "保质期、合同期、成立年限、启动时间不是截止日期。有保密、NDA、不公开等要求时 confidential 为 true。"
)


def is_loopback(base_url: str | None) -> bool:
    """Whether an endpoint is on this machine: localhost, 127.0.0.0/8 or ::1 (a name that merely resolves there
    does not count: the check must not depend on DNS)."""
    host = urlparse(base_url or "").hostname
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def may_send(*, confidential: bool, settings: LLMSettings) -> bool:
    """The one rule for what leaves the machine (seed 000 §5.2.4, need-to-know): a confidential need is sent only to
    an LLM endpoint on loopback, unless ``INNODOCK_LLM_ALLOW_REMOTE_CONFIDENTIAL`` explicitly allows more."""
    return not confidential or settings.allow_remote_confidential or is_loopback(settings.base_url)


def build_chat_model(settings: LLMSettings, *, timeout_s: float | None = None) -> BaseChatModel:
    """``ChatOpenAI`` for the configured endpoint; no retries, so a dead server fails fast into the fallback."""
    from langchain_openai import ChatOpenAI

    if not settings.enabled:
        raise ValueError("LLM 未配置 / no LLM configured (base_url and model)")
    return ChatOpenAI(
        base_url=settings.base_url,
        model=settings.model or "",
        api_key=settings.api_key,
        timeout=timeout_s or settings.timeout_s,
        max_retries=0,
        temperature=settings.temperature,
        max_completion_tokens=settings.max_tokens,
    )


def _messages(text: str, today: date, *, with_format: str | None = None) -> list[Any]:
    system = SYSTEM_PROMPT.format(types=", ".join(s.value for s in ServiceType), today=today.isoformat())
    if with_format:
        system += "\n" + with_format
    return [SystemMessage(content=system), HumanMessage(content=text)]


def ask_model(model: BaseChatModel, text: str, today: date, method: StructuredMethod) -> LLMNeed:
    """One structured call; raises on any failure (the caller falls back)."""
    if method == "parser":
        parser = PydanticOutputParser(pydantic_object=LLMNeed)
        reply = model.invoke(_messages(text, today, with_format=parser.get_format_instructions()))
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        return parser.parse(content)
    runnable = model.with_structured_output(LLMNeed, method=method)
    result = runnable.invoke(_messages(text, today))
    return result if isinstance(result, LLMNeed) else LLMNeed.model_validate(result)


def _amounts_in_text(text: str) -> set[int]:
    values: set[int] = set()
    for mention in find_money(text):
        values.update({round(mention.low), round(mention.high)})
    return values


def _mark(sources: dict[str, FieldSource], name: str, agreed: bool) -> None:
    sources[name] = "both" if agreed else "llm"


def validate_against_text(proposal: LLMNeed, base: Need, text: str, today: date) -> tuple[Need, list[str]]:
    """Keep what the text supports; return the merged need and notes on what was dropped. ``need.sources`` says,
    per field, whether the rules, the LLM or both (agreeing) read it."""
    notes: list[str] = []
    need = base.model_copy(deep=True)
    sources: dict[str, FieldSource] = dict(base.sources)
    valid = {s.value for s in ServiceType}
    kept = [ServiceType(v) for v in proposal.service_types if v in valid]
    dropped = [v for v in proposal.service_types if v not in valid]
    if dropped:
        notes.append(f"丢弃未知服务类型 / dropped unknown service types: {', '.join(dropped)}")
    if kept:
        merged = set(kept)
        if ServiceType.infrastructure_collab in merged:
            merged -= COLLAB_PARTS
        types = [s for s in ServiceType if s in merged]
        if not base.service_types:
            need.service_types = types
            _mark(sources, "service_types", False)
        elif set(types) == set(base.service_types):
            _mark(sources, "service_types", True)
        else:
            # A service type cannot be checked against the words as a place or an amount can, so the deterministic
            # reading (rules and the trained head) stands where it read one: measured on the real held-out intake
            # set, the local 1.5B model's types replacing it fell from 0.87 to 0.17 micro-F1 (docs/intake.md).
            notes.append("LLM 读出的服务类型与规则不同，保留规则读取 / the LLM's service types differ from the "
                         f"deterministic reading, which is kept: {', '.join(s.value for s in types)}")
    amounts = _amounts_in_text(text)
    lo, hi = proposal.budget_min_yuan, proposal.budget_max_yuan
    if lo is not None or hi is not None:
        if all(v is None or v in amounts for v in (lo, hi)):
            need.budget = Budget(min_yuan=lo, max_yuan=hi)
            _mark(sources, "budget", (lo, hi) == (base.budget.min_yuan, base.budget.max_yuan))
        else:
            notes.append("预算数字不在原文中，已丢弃 / budget figures not in the text were dropped")
    if proposal.deadline:
        try:
            proposed = date.fromisoformat(proposal.deadline)
        except ValueError:
            proposed = None
        supported = {c.value for c in find_deadlines(text, today)}
        if proposed is not None and deadline_passed(proposed, today):
            # "2025-03-01" typed in the text is support, but a date already past is no deadline (the card's rule)
            notes.append("截止日期已经过去，已丢弃 / a deadline already past was dropped")
        elif proposed is not None and (proposed in supported or proposal.deadline in text):
            need.deadline = proposed
            _mark(sources, "deadline", proposed == base.deadline)
        else:
            notes.append("截止日期无原文依据，已丢弃 / a deadline the text does not support was dropped")
    if proposal.province or proposal.city:
        named = {m.place for m in find_places(text)}
        place = lookup(proposal.city) if proposal.city else None
        place = place or (lookup(proposal.province) if proposal.province else None)
        if place is not None and any(p.province == place.province for p in named):
            need.region = Region(province=place.province, city=place.city if any(p == place for p in named) else None)
            _mark(sources, "region", need.region == base.region)
        else:
            notes.append("地区无原文依据，已丢弃 / a region the text does not name was dropped")
    if proposal.product and proposal.product in text:
        need.product = proposal.product
        _mark(sources, "product", proposal.product == base.product)
    if proposal.industry:
        need.industry = proposal.industry
        _mark(sources, "industry", proposal.industry == base.industry)
    if proposal.problem and proposal.problem in text:
        need.problem = proposal.problem
    if proposal.title:
        need.title = proposal.title[:120]
    # Secrecy errs on the safe side: either reading marks the need confidential.
    need.confidential = base.confidential or proposal.confidential
    if proposal.confidential:
        _mark(sources, "confidential", base.confidential)
    need.redactions = list(dict.fromkeys(base.redactions + [r for r in proposal.redactions if r and r in text]))
    need.missing = missing_fields(need, clean_text(text))
    need.sources = sources
    return need, notes


def failure_note(exc: BaseException) -> str:
    """What went wrong with the LLM, in words the user and the operator can act on (by the exception's class and
    its bases, so the OpenAI client's, httpx's and langchain's own errors are all told apart)."""
    names = " ".join(c.__name__ for c in type(exc).__mro__)
    if isinstance(exc, concurrent.futures.TimeoutError) or "Timeout" in names:
        return "LLM 超时，已使用规则抽取 / the LLM did not answer in time; the deterministic reading is used"
    if "Connect" in names:
        return ("LLM 服务无法连接，已使用规则抽取 / the LLM endpoint is down or unreachable; the deterministic "
                "reading is used")
    if any(k in names for k in ("OutputParser", "ValidationError", "JSONDecode", "ValueError")):
        return ("LLM 返回的不是有效的结构化结果，已使用规则抽取 / the LLM returned invalid JSON; the deterministic "
                "reading is used")
    name = type(exc).__name__
    return f"LLM 出错（{name}），已使用规则抽取 / the LLM failed ({name}); the deterministic reading is used"


def call_within(fn: Any, budget_s: float) -> Any:
    """``fn()`` in a worker thread, given up after ``budget_s`` (the HTTP client has the same timeout)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(fn).result(timeout=budget_s)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def read_with_llm(text: str, *, today: date, settings: LLMSettings, model: BaseChatModel | None = None,
                  budget_s: float | None = None, known_confidential: bool = False,
                  service_reader: ServiceTypeReader | None = None, product_reader: ProductReader | None = None) -> Need:
    """The need read by the chat model and checked by the extractor; the deterministic need (with a note saying
    why) when the LLM is off, may not see this need, is down, slow, or answers with something invalid."""
    base = extract(text, today=today, service_reader=service_reader, product_reader=product_reader)
    if model is None and not settings.enabled:
        return base
    other = unsupported_language(clean_text(text))
    if other is not None:
        base.notes.append(f"文本语言为 {other}，仅以规则读取 / written in {other}: read by the rules only, not the LLM")
        return base
    if not may_send(confidential=base.confidential or known_confidential, settings=settings):
        base.notes.append("保密需求不发送到本机以外的 LLM，已使用规则抽取 / a confidential need is not sent to an LLM "
                          "outside this machine; the deterministic reading is used")
        return base
    budget = budget_s or settings.timeout_s
    if model is None:
        try:
            model = build_chat_model(settings, timeout_s=budget)
        except Exception as exc:  # a bad setting must not break intake
            base.notes.append(f"LLM 配置无效，已使用规则抽取 / LLM misconfigured ({type(exc).__name__}); rules used")
            return base
    body = clean_text(text)
    chat = model
    try:
        proposal = call_within(lambda: ask_model(chat, body, today, settings.structured_method), budget)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        base.notes.append(failure_note(exc))
        return base
    need, notes = validate_against_text(proposal, base, body, today)
    need.notes = [*base.notes, "LLM 抽取并经规则校验 / read by the LLM, checked by the rules", *notes]
    return need


def llm_extract(text: str, *, today: date, settings: LLMSettings, model: BaseChatModel | None = None) -> Need:
    """The CLI's reading (``intake extract --llm``): :func:`read_with_llm` with the CLI's longer budget."""
    return read_with_llm(text, today=today, settings=settings, model=model, budget_s=settings.timeout_s)


QUESTION_PROMPT = (
    "你是企业技术创新需求对接平台的助手。下面是企业需求目前已知的信息。请用一句简短、礼貌的话向企业追问“{field}”这一项，"
    "可以结合已知的产品或服务类型，但不要编造任何事实、数字或机构名称。只输出这一句问话，不要其他内容。"
)
QUESTION_PROMPT_EN = (
    "You help enterprises describe technical needs for a docking platform. Below is what is known so far. Ask, in one "
    "short and polite English sentence, for the item \"{field}\"; you may mention the known product or service type, "
    "but invent no facts, figures or names. Output only that question."
)
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "service_types": ("需要的服务类型", "the kind of service needed"),
    "product": ("涉及的产品或行业", "the product or industry concerned"),
    "region": ("企业或服务地点所在省市", "the province or city of the company or the site"),
    "deadline": ("希望完成的时间", "when the work should be finished"),
    "budget": ("大致预算", "the rough budget"),
}
_CJK = re.compile(r"[\u3400-\u9fff]")


def _known(need: Need, language: str) -> str:
    en = language == "en"
    parts: list[str] = []
    if need.service_types:
        names = [SERVICE_TYPE_LABELS[s][1 if en else 0] for s in need.service_types]
        parts.append(("service: " if en else "服务类型：") + ", ".join(names))
    if need.product:
        parts.append(("product: " if en else "产品：") + need.product)
    if need.industry:
        parts.append(("industry: " if en else "行业：") + need.industry)
    return "；".join(parts) or ("nothing yet" if en else "暂无")


def phrase_question(need: Need, field: str, *, fallback: str, language: str, settings: LLMSettings,
                    model: BaseChatModel | None = None, budget_s: float | None = None) -> tuple[str, bool]:
    """The follow-up question for ``field`` as the LLM phrases it, or ``fallback``; (question, phrased_by_llm).

    Only the structured fields known so far are sent (never the enterprise's words), and a confidential need follows
    :func:`may_send`. An answer that is not one short question in the user's language is not shown."""
    if field not in FIELD_WORDS or not settings.phrase_questions or (model is None and not settings.enabled):
        return fallback, False
    if not may_send(confidential=need.confidential, settings=settings):
        return fallback, False
    en = language == "en"
    budget = budget_s or settings.chat_timeout_s
    try:
        chat = model or build_chat_model(settings, timeout_s=budget)
        prompt = (QUESTION_PROMPT_EN if en else QUESTION_PROMPT).format(field=FIELD_WORDS[field][1 if en else 0])
        messages = [SystemMessage(content=prompt), HumanMessage(content=_known(need, language))]
        reply = call_within(lambda: chat.invoke(messages), budget)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return fallback, False
    content = reply.content if isinstance(reply.content, str) else ""
    lines = [line.strip().strip("\"“”") for line in content.strip().splitlines() if line.strip()]
    question = lines[0] if len(lines) == 1 else ""
    good = 4 <= len(question) <= 160 and question[-1:] in ("?", "？") and (
        (not en and bool(_CJK.search(question))) or (en and not _CJK.search(question)))
    return (question, True) if good else (fallback, False)
