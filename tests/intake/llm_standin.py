"""A stand-in chat model for the LLM path: answers like an OpenAI-compatible model with tool calling would, from a
script, and records what it was sent (so tests can check what left the machine).

``BaseChatModel`` subclass with a ``bind_tools`` that returns itself, so ``with_structured_output(method=
"function_calling")`` works as it does on ``ChatOpenAI`` (langchain's stock fakes have no ``bind_tools``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field

Reading = Callable[[str], dict[str, Any]]


class StandInChatModel(BaseChatModel):
    """``reading(text)`` gives the tool-call arguments for an extraction request; ``question`` answers a request to
    phrase a follow-up question. ``delay_s`` sleeps first (a slow endpoint), ``error`` is raised (a dead one),
    ``raw`` is returned as plain text instead of a tool call (invalid JSON)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    reading: Reading = Field(default=lambda text: {})
    question: str | None = None
    delay_s: float = 0.0
    error: Exception | None = None
    raw: str | None = None
    sent: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "stand-in"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> StandInChatModel:  # type: ignore[override]
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        system = str(messages[0].content) if messages else ""
        user = str(messages[-1].content) if messages else ""
        self.sent.append(user)
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.error is not None:
            raise self.error
        if self.raw is not None:
            message = AIMessage(content=self.raw)
        elif "追问" in system or "Ask, in one" in system:
            message = AIMessage(content=self.question or "")
        else:
            tool = "LLMRefinement" if "brief_problem" in system else "LLMNeed"
            message = AIMessage(content="", tool_calls=[{"name": tool, "args": self.reading(user), "id": "1"}])
        return ChatResult(generations=[ChatGeneration(message=message)])
