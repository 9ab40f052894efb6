"""The LLM inside the chat (issue 13 step 5): a stand-in chat model reads each message and phrases the questions;
every failure falls back to the deterministic reading with a note; secrets stay on this machine; a message in another
language is kept and the user told."""

from __future__ import annotations

import socket
from datetime import date
from typing import Any

from benchmarks.intake_dialogues import runner
from core.db import session_scope
from core.settings import Settings
from flows.intake import intake_setup
from intake import service
from intake.extract import extract
from intake.llm import LLMSettings, is_loopback, may_send
from intake.reader import IntakeReader, reader_by_meaning
from kb.vocab import ServiceType
from tests.intake.llm_standin import StandInChatModel

T = date(2026, 11, 21)
LOCAL = "http://127.0.0.1:8000/v1"
# No rule reads a service type here: the enterprise never says 分析/检测; the stand-in reads the root-cause request.
VAGUE = "我们的注塑件批量出现银纹，客户投诉很多，想弄清楚到底是原料还是工艺的问题，苏州的工厂，预算5万。"
SECRET = "配方数据需要签保密协议，我们的涂层附着力不稳定，想找机构查清楚原因。"


def _settings(**kw: Any) -> LLMSettings:
    values: dict[str, Any] = {"base_url": LOCAL, "model": "stand-in", "structured_method": "function_calling",
                              "chat_timeout_s": 2.0}
    values.update(kw)
    return LLMSettings(**values)


def _reading(text: str) -> dict[str, Any]:
    if "银纹" in text:
        return {"service_types": ["quality_evaluation"], "province": "江苏省", "city": "苏州市",
                "budget_min_yuan": 50000, "budget_max_yuan": 50000, "product": "注塑件"}
    if "涂层" in text:
        return {"service_types": ["quality_evaluation"], "confidential": True}
    return {}


def test_rules_alone_miss_the_vague_request() -> None:
    assert extract(VAGUE, today=T).service_types == []


def test_the_chat_reads_with_the_rules_and_the_llm_only_phrases_its_questions(settings: Settings) -> None:
    """A chat message has a few seconds, which a local model cannot meet (issue 27): the chat reads each message
    with the rules (and the semantic head), and the LLM, when configured, only phrases the questions; it reads the
    whole conversation at submission instead (``flows.llm_pass``)."""
    model = StandInChatModel(reading=_reading, question="请问这批注塑件希望在什么时候之前查清原因？")
    reader = IntakeReader(llm=_settings(), model=model)
    with session_scope(settings) as session:
        view = service.start_session(session=session, text=VAGUE, today=T, reader=reader)
        need = view.need
        assert need.service_types == extract(VAGUE, today=T).service_types  # the rules' reading, not the model's
        assert need.sources.get("budget") == "deterministic"
        assert view.ask_field == "service_types"
        assert view.question == "请问这批注塑件希望在什么时候之前查清原因？"  # phrased by the model
        assert view.turns[-1].text.endswith("\n" + view.question)  # after what the message was read as
        later = service.post_message(session=session, session_id=view.id, text="想查清开裂原因，做失效分析",
                                     reader=reader)
        assert later.need.service_types == [ServiceType.quality_evaluation]
        assert later.need.sources["service_types"] == "user"  # the enterprise's answer to the question
        assert later.need.phrases[ServiceType.quality_evaluation] in "想查清开裂原因，做失效分析"  # its own words


def test_question_the_llm_phrases_badly_is_not_shown(settings: Settings) -> None:
    model = StandInChatModel(reading=_reading, question="Deadline: 2027-01-01\nBudget: 5万")  # two lines, no question
    with session_scope(settings) as session:
        view = service.start_session(session=session, text=VAGUE, today=T,
                                     reader=IntakeReader(llm=_settings(), model=model))
        assert view.ask_field == "service_types"
        assert view.question == service.conversation.QUESTIONS["service_types"][0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_endpoint_down_falls_back_with_a_clear_note() -> None:
    # A real ChatOpenAI client against a port nobody listens on.
    reader = IntakeReader(llm=_settings(base_url=f"http://127.0.0.1:{_free_port()}/v1"))
    need = reader.read(VAGUE, today=T)
    assert need.service_types == extract(VAGUE, today=T).service_types
    assert any("无法连接" in n and "down" in n for n in need.notes)
    assert need.budget.max_yuan == 50000  # nothing lost: the deterministic fields stand


def test_slow_endpoint_is_given_up_after_the_chat_budget() -> None:
    model = StandInChatModel(reading=_reading, delay_s=1.5)
    need = IntakeReader(llm=_settings(chat_timeout_s=0.2), model=model).read(VAGUE, today=T)
    assert any("超时" in n and "in time" in n for n in need.notes)
    assert need.budget.max_yuan == 50000 and need.sources.get("service_types") is None


def test_invalid_json_falls_back() -> None:
    model = StandInChatModel(raw="这不是 JSON {service_types: quality")
    need = IntakeReader(llm=_settings(), model=model).read(VAGUE, today=T)
    assert any("invalid JSON" in n for n in need.notes)
    assert need.region.city == "苏州市"


def test_invalid_json_from_the_llm_keeps_the_rules_reading() -> None:
    need = IntakeReader(llm=_settings(), model=StandInChatModel(raw="not json")).read(VAGUE, today=T)
    assert need.text == VAGUE and need.budget.max_yuan == 50000  # the deterministic reading stands
    assert any("invalid JSON" in n for n in need.notes)


def test_loopback_is_recognised_without_dns() -> None:
    assert is_loopback("http://127.0.0.1:8000/v1") and is_loopback("http://localhost:11434/v1")
    assert is_loopback("http://[::1]:8000/v1") and is_loopback("http://127.3.2.1/v1")
    assert not is_loopback("https://api.example.com/v1") and not is_loopback("http://10.0.0.5/v1")
    assert not is_loopback("http://127.0.0.1.example.com/v1") and not is_loopback(None)


def test_confidential_need_stays_on_this_machine() -> None:
    remote = _settings(base_url="https://llm.example.com/v1")
    assert not may_send(confidential=True, settings=remote)
    assert may_send(confidential=False, settings=remote)
    assert may_send(confidential=True, settings=_settings())
    assert may_send(confidential=True, settings=_settings(base_url="https://llm.example.com/v1",
                                                          allow_remote_confidential=True))
    model = StandInChatModel(reading=_reading)
    need = IntakeReader(llm=remote, model=model).read(SECRET, today=T)
    assert model.sent == []  # nothing left the machine
    assert need.confidential and any("保密" in n and "not sent" in n for n in need.notes)


def test_confidential_chat_sends_neither_messages_nor_questions_outside(settings: Settings) -> None:
    model = StandInChatModel(reading=_reading, question="请问预算大概多少？")
    reader = IntakeReader(llm=_settings(base_url="https://llm.example.com/v1"), model=model)
    with session_scope(settings) as session:
        view = service.start_session(session=session, text=SECRET, today=T, reader=reader)
        # The next message has no secrecy words of its own; the draft is confidential, so it stays here too.
        service.post_message(session=session, session_id=view.id, text="材料是环氧树脂涂层，在江苏。", reader=reader)
    assert model.sent == []


def test_confidential_need_goes_to_a_loopback_endpoint_or_when_allowed() -> None:
    for llm in (_settings(), _settings(base_url="https://llm.example.com/v1", allow_remote_confidential=True)):
        model = StandInChatModel(reading=_reading)
        need = IntakeReader(llm=llm, model=model).read(SECRET, today=T)
        assert model.sent and need.service_types == [ServiceType.quality_evaluation]
        assert need.sources["service_types"] == "both"  # the rules read 查清楚原因 as evaluation too
        assert any("read by the LLM" in n for n in need.notes)


def test_other_language_is_kept_said_so_and_not_sent(settings: Settings) -> None:
    text = "Wir brauchen eine Prüfung unserer Batterien für den Export und die Zertifizierung in der EU."
    model = StandInChatModel(reading=_reading)
    with session_scope(settings) as session:
        view = service.start_session(session=session, text=text, today=T,
                                     reader=IntakeReader(llm=_settings(), model=model))
        assert view.error == "unsupported_language"
        assert view.question and "中文和英文" in view.question and "Chinese and English" in view.question
        assert view.turns[0].text == text and view.need.text == text
        stored = service.get_session(session=session, session_id=view.id)
        assert stored.need.text == text
    assert model.sent == []


def test_other_language_without_an_llm_is_said_so_too(settings: Settings) -> None:
    text = "私たちは電池の試験をしてくれる機関を探しています。"
    with session_scope(settings) as session:
        view = service.start_session(session=session, text=text, today=T)
        assert view.error == "unsupported_language" and view.need.text == text
        assert any("日本語" in n for n in service.extract(text=text, today=T).notes)


class _Meaning:
    """A stand-in semantic side: reads a type where the rules read none, and chooses a product the rules would not."""

    def __call__(self, text: str, rule_types: list[ServiceType]) -> list[ServiceType]:
        return list(rule_types) or [ServiceType.quality_evaluation]

    def product(self, text: str) -> str | None:
        return "陶瓷刹车盘"


def test_the_reader_by_meaning_reads_the_product_with_the_same_model_as_the_types(settings: Settings) -> None:
    """The dialogue benchmark built its e5 reader with the service types alone, so its product was the rules' while
    the API's was the chooser's: one constructor for both (flows.intake and the benchmarks call it)."""
    text = "我们公司在常州，做汽车零部件，最近一批刹车盘出现裂纹。"
    reader = reader_by_meaning(_Meaning())
    assert reader.read(text, today=T).product == "陶瓷刹车盘"
    assert reader_by_meaning(None).read(text, today=T).product == extract(text, today=T).product
    views = runner(settings, reader)([text], T)
    assert views[-1].need.product == "陶瓷刹车盘"
    setup = intake_setup(settings=settings, matcher=lambda: None)  # type: ignore[arg-type, return-value]
    assert setup.reader.product_reader is not None and setup.reader.service_reader is not None
