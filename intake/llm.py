"""The optional LLM path: a LangChain chat model reads the need; the deterministic extractor checks every field.

Any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp's server, hosted Qwen/DeepSeek) is reached through
``langchain_openai.ChatOpenAI``. Settings are read once at the edge (``LLMSettings()`` reads ``INNODOCK_LLM_*``) and
passed in; nothing here reads the environment. The model's answer is validated against the text: numbers and dates
the text does not contain are dropped, enum values are checked, and on any error or timeout the deterministic result
stands, with a note saying so.
"""

from __future__ import annotations

import concurrent.futures
import json
from datetime import date
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from intake.extract import clean_text, extract, missing_fields
from intake.extract.budget import find_money
from intake.extract.deadline import find_deadlines
from intake.extract.region import find_places, lookup
from intake.extract.service_types import COLLAB_PARTS
from intake.schemas import Budget, Need, Region
from kb.vocab import ServiceType

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
    timeout_s: float = 30.0
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


def build_chat_model(settings: LLMSettings) -> BaseChatModel:
    """``ChatOpenAI`` for the configured endpoint; no retries, so a dead server fails fast into the fallback."""
    from langchain_openai import ChatOpenAI

    if not settings.enabled:
        raise ValueError("LLM 未配置 / no LLM configured (base_url and model)")
    return ChatOpenAI(
        base_url=settings.base_url,
        model=settings.model or "",
        api_key=settings.api_key,
        timeout=settings.timeout_s,
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


def validate_against_text(proposal: LLMNeed, base: Need, text: str, today: date) -> tuple[Need, list[str]]:
    """Keep what the text supports; return the merged need and notes on what was dropped."""
    notes: list[str] = []
    need = base.model_copy(deep=True)
    valid = {s.value for s in ServiceType}
    kept = [ServiceType(v) for v in proposal.service_types if v in valid]
    dropped = [v for v in proposal.service_types if v not in valid]
    if dropped:
        notes.append(f"丢弃未知服务类型 / dropped unknown service types: {', '.join(dropped)}")
    if kept:
        merged = set(kept)
        if ServiceType.infrastructure_collab in merged:
            merged -= COLLAB_PARTS
        need.service_types = [s for s in ServiceType if s in merged]
    amounts = _amounts_in_text(text)
    lo, hi = proposal.budget_min_yuan, proposal.budget_max_yuan
    if lo is not None or hi is not None:
        if all(v is None or v in amounts for v in (lo, hi)):
            need.budget = Budget(min_yuan=lo, max_yuan=hi)
        else:
            notes.append("预算数字不在原文中，已丢弃 / budget figures not in the text were dropped")
    if proposal.deadline:
        try:
            proposed = date.fromisoformat(proposal.deadline)
        except ValueError:
            proposed = None
        supported = {c.value for c in find_deadlines(text, today)}
        if proposed is not None and (proposed in supported or proposal.deadline in text):
            need.deadline = proposed
        else:
            notes.append("截止日期无原文依据，已丢弃 / a deadline the text does not support was dropped")
    if proposal.province or proposal.city:
        named = {m.place for m in find_places(text)}
        place = lookup(proposal.city) if proposal.city else None
        place = place or (lookup(proposal.province) if proposal.province else None)
        if place is not None and any(p.province == place.province for p in named):
            need.region = Region(province=place.province, city=place.city if any(p == place for p in named) else None)
        else:
            notes.append("地区无原文依据，已丢弃 / a region the text does not name was dropped")
    if proposal.product and proposal.product in text:
        need.product = proposal.product
    if proposal.industry:
        need.industry = proposal.industry
    if proposal.problem and proposal.problem in text:
        need.problem = proposal.problem
    if proposal.title:
        need.title = proposal.title[:120]
    # Secrecy errs on the safe side: either reading marks the need confidential.
    need.confidential = base.confidential or proposal.confidential
    need.redactions = list(dict.fromkeys(base.redactions + [r for r in proposal.redactions if r and r in text]))
    need.missing = missing_fields(need, clean_text(text))
    return need, notes


def llm_extract(text: str, *, today: date, settings: LLMSettings, model: BaseChatModel | None = None) -> Need:
    """The need read by the chat model and checked by the extractor; the deterministic need on any failure."""
    base = extract(text, today=today)
    if model is None:
        if not settings.enabled:
            return base
        try:
            model = build_chat_model(settings)
        except Exception as exc:  # a bad setting must not break intake
            base.notes.append(f"LLM 配置无效，已使用规则抽取 / LLM misconfigured ({type(exc).__name__}); rules used")
            return base
    body = clean_text(text)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        future = pool.submit(ask_model, model, body, today, settings.structured_method)
        proposal = future.result(timeout=settings.timeout_s)
    except concurrent.futures.TimeoutError:
        base.notes.append(f"LLM 超时（{settings.timeout_s:g} 秒），已使用规则抽取 / "
                          "LLM timed out; deterministic result used")
        return base
    except Exception as exc:
        base.notes.append(f"LLM 出错，已使用规则抽取 / LLM failed ({type(exc).__name__}); deterministic result used")
        return base
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    need, notes = validate_against_text(proposal, base, body, today)
    need.notes = [*base.notes, "LLM 抽取并经规则校验 / read by the LLM, checked by the rules", *notes]
    return need
