"""The LLM path through the API and the pages (issue 13 step 5), with a stand-in chat model set up where the
entry point sets it up (``create_app(intake=...)``): the chat, ``POST /needs`` and the chat page read with it, show
who read each field, and fall back to the deterministic reading when it fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from flows.intake import intake_setup
from flows.matching import MatcherSetup
from intake.llm import LLMSettings
from matcher import service as matcher_service
from tests.api.apihelpers import TEST_BODY_LIMIT, World, bearer, login
from tests.api.conftest import fake_matcher
from tests.api.uihelpers import form_login
from tests.intake.llm_standin import StandInChatModel

VAGUE = "我们的注塑件批量出现银纹，客户投诉很多，想弄清楚到底是原料还是工艺的问题，苏州的工厂，预算5万。"


def _reading(text: str) -> dict[str, Any]:
    if "银纹" in text:
        return {"service_types": ["quality_evaluation"], "province": "江苏省", "city": "苏州市",
                "budget_min_yuan": 50000, "budget_max_yuan": 50000}
    return {}


def _client(world: World, model: StandInChatModel, **llm: Any) -> TestClient:
    settings = LLMSettings(**{"base_url": "http://127.0.0.1:8000/v1", "model": "stand-in",
                              "structured_method": "function_calling", "chat_timeout_s": 2.0, **llm})
    matcher = fake_matcher()
    setup = intake_setup(settings=world.settings, matcher=lambda: matcher, llm=settings, model=model)
    config = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT)
    return TestClient(create_app(world.settings, config, matcher=matcher, intake=setup))


@pytest.fixture
def standin() -> StandInChatModel:
    return StandInChatModel(reading=_reading, question="请问希望在什么时候之前查清原因？")


@pytest.fixture
def llm_client(world: World, standin: StandInChatModel) -> Iterator[TestClient]:
    with _client(world, standin) as c:
        yield c
    matcher_service.reset()


def test_the_chat_reads_with_the_rules_and_the_llm_phrases_its_questions(llm_client: TestClient,
                                                                          standin: StandInChatModel) -> None:
    """A chat message has seconds, which a local model cannot meet (issue 27): the chat reads with the rules (and
    the semantic head) and the LLM only phrases its questions."""
    ent = bearer(login(llm_client, "ent-a"))
    started = llm_client.post("/api/v1/intake/sessions", headers=ent, json={"text": VAGUE})
    assert started.status_code == 201, started.text
    body = started.json()
    assert body["need"]["service_types"] == [] and body["need"]["sources"]["budget"] == "deterministic"
    assert body["question"] == "请问希望在什么时候之前查清原因？"  # phrased by the model
    assert VAGUE not in standin.sent  # the message itself was not sent to be read
    answer = llm_client.post(f"/api/v1/intake/sessions/{body['id']}/messages", headers=ent,
                             json={"text": "想做失效分析，年底前"})
    assert answer.status_code == 200 and answer.json()["need"]["deadline"].endswith("-12-31")
    assert answer.json()["need"]["service_types"] == ["quality_evaluation"]


def test_post_needs_reads_with_the_llm_and_the_callers_fields_win(llm_client: TestClient) -> None:
    ent = bearer(login(llm_client, "ent-a"))
    created = llm_client.post("/api/v1/needs", headers=ent, json={"text": VAGUE, "deadline": "2027-03-31"})
    assert created.status_code == 201, created.text
    need = created.json()
    assert need["service_types"] == ["quality_evaluation"] and need["status"] == "ready"
    assert need["sources"]["service_types"] == "llm" and need["sources"]["deadline"] == "user"


def test_post_needs_falls_back_when_the_llm_fails(world: World) -> None:
    with _client(world, StandInChatModel(raw="{not json")) as c:
        ent = bearer(login(c, "ent-a"))
        created = c.post("/api/v1/needs", headers=ent, json={"text": VAGUE})
        assert created.status_code == 201, created.text
        need = created.json()
        assert need["service_types"] == [] and need["budget"]["max_yuan"] == 50000
        assert any("invalid JSON" in n for n in need["notes"])
        assert need["text"] == VAGUE
    matcher_service.reset()


def test_chat_asks_its_own_question_when_the_llm_is_slow(world: World) -> None:
    with _client(world, StandInChatModel(reading=_reading, question="要问的问题", delay_s=1.5),
                 chat_timeout_s=0.2) as c:
        ent = bearer(login(c, "ent-a"))
        started = c.post("/api/v1/intake/sessions", headers=ent, json={"text": VAGUE})
        assert started.status_code == 201
        assert started.json()["need"]["region"]["city"] == "苏州市"
        assert started.json()["question"].startswith("您希望机构提供哪类服务？")  # the fixed question
    matcher_service.reset()


def test_confidential_need_through_the_api_is_not_sent_to_a_remote_llm(world: World) -> None:
    model = StandInChatModel(reading=_reading)
    with _client(world, model, base_url="https://llm.example.com/v1") as c:
        ent = bearer(login(c, "ent-a"))
        created = c.post("/api/v1/needs", headers=ent, json={"text": VAGUE + "工艺参数需要保密。"})
        assert created.status_code == 201 and created.json()["confidential"] is True
        plain = c.post("/api/v1/needs", headers=ent, json={"text": VAGUE})
        assert plain.status_code == 201
    assert model.sent == [VAGUE]  # only the need that asked for no secrecy left the machine
    matcher_service.reset()


def test_chat_page_shows_who_gave_each_field(llm_client: TestClient) -> None:
    form_login(llm_client, "ent-a")
    page = llm_client.post("/ui/intake/message?lang=zh", json={"text": VAGUE})
    assert page.status_code == 200, page.text
    rows = {r["key"]: r for r in page.json()["need"]}
    assert rows["budget"]["source"] == "deterministic"
    assert rows["deadline"]["source"] is None  # nothing read yet, nothing to attribute
    answer = llm_client.post("/ui/intake/message?lang=zh",
                             json={"text": "想做失效分析", "session_id": page.json()["session_id"]}).json()
    rows = {r["key"]: r for r in answer["need"]}
    assert rows["service_types"]["source"] == "user"  # the enterprise's own answer


def test_without_llm_settings_the_api_reads_deterministically(world: World) -> None:
    matcher = fake_matcher()
    setup = intake_setup(settings=world.settings, matcher=lambda: matcher, llm=LLMSettings(base_url=None, model=None))
    assert setup.reader.uses_llm is False
    with TestClient(create_app(world.settings, ApiConfig(deliver_in_process=False), matcher=matcher,
                               intake=setup)) as c:
        ent = bearer(login(c, "ent-a"))
        need = c.post("/api/v1/needs", headers=ent, json={"text": VAGUE}).json()
        assert need["service_types"] == [] and need["sources"]["budget"] == "deterministic"
    matcher_service.reset()


def test_default_app_reads_llm_settings_from_the_environment(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNODOCK_LLM_BASE_URL", "http://127.0.0.1:1/v1")
    monkeypatch.setenv("INNODOCK_LLM_MODEL", "qwen")
    app = create_app(world.settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup())
    assert app.state.intake.reader.uses_llm and app.state.intake.reader.llm.model == "qwen"
    monkeypatch.delenv("INNODOCK_LLM_BASE_URL")
    app = create_app(world.settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup())
    assert not app.state.intake.reader.uses_llm
