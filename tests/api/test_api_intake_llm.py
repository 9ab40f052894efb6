"""The LLM path through the API and the pages (issue 13 step 5), with a stand-in chat model set up where the
entry point sets it up (``create_app(intake=...)``): the chat, ``POST /needs`` and the chat page read with it, show
who read each field, and fall back to the deterministic reading when it fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.config import ApiConfig
from core.db import session_scope
from flows.intake import intake_setup
from flows.matching import MatcherSetup
from intake.llm import LLMSettings
from matcher import service as matcher_service
from outbox import queue as jobs
from outbox.models import Job
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


CLIPS = "客户说这批货表面发白起雾，是PA66做的卡扣，想做失效分析，工厂在苏州，预算5万。"  # no product read here


def _refining(text: str) -> dict[str, Any]:
    """The model over the whole conversation: the product the rules missed, another service type and a budget
    nobody said, and a brief with one sentence whose figure is made up."""
    return {"service_types": ["inspection_testing"], "product": "卡扣", "budget_min_yuan": 80000,
            "budget_max_yuan": 80000,
            "brief_problem": "卡扣表面发白起雾。已有 7 批退货。",
            "brief_tried": None, "brief_evidence": "需要失效分析，区分原料和工艺的原因。"}


def _jobs(world: World, name: str) -> list[Job]:
    with session_scope(world.settings) as s:
        return list(s.scalars(select(Job).where(Job.name == name)))


def test_submission_queues_the_llm_pass_which_fills_only_what_is_empty(world: World) -> None:
    """Issue 27 item 7: after a submission the model reads the whole conversation in a job; it fills the product
    left empty (the enterprise is told, and sees it marked), not the service type or budget already read; the
    coordinator sees the brief as the model's suggestion, without the sentence whose figure nobody said."""
    model = StandInChatModel(reading=_refining)
    with _client(world, model) as c:
        ent = bearer(login(c, "ent-a"))
        started = c.post("/api/v1/intake/sessions", headers=ent, json={"text": CLIPS}).json()
        need_id = started["need"]["id"]
        assert started["need"]["product"] is None
        submitted = c.post(f"/api/v1/needs/{need_id}/submit", headers=ent)
        assert submitted.status_code == 200, submitted.text
        jobs.shutdown()  # the in-process queue runs what it holds, then stops (no clock involved)
        [job] = _jobs(world, "need_refinement")
        assert job.status == "finished", job.error
        assert len([m for m in model.sent if CLIPS in m]) == 1
        need = c.get(f"/api/v1/needs/{need_id}", headers=ent).json()
        assert need["product"] == "卡扣" and need["sources"]["product"] == "llm"
        assert need["service_types"] == ["quality_evaluation"] and need["budget"]["max_yuan"] == 50000
        assert need["brief"]["problem"] == "卡扣表面发白起雾。"
        assert need["brief"]["filled"] == ["product"]
        told = [n for n in c.get("/api/v1/inbox", headers=ent).json()["items"] if n["kind"] == "refined"]
        assert len(told) == 1 and "产品" in told[0]["title_zh"]
        assert form_login(c, "ent-a").status_code == 303
        mine = c.get("/needs?lang=zh")
        assert '">模型建议</span>' in mine.text and "卡扣" in mine.text  # the model's field, marked as its suggestion
        assert form_login(c, "coord-assoc").status_code == 303
        page = c.get(f"/review/{submitted.json()['review_id']}?lang=zh")
        assert page.status_code == 200
        assert "需求摘要（模型建议）" in page.text and "区分原料和工艺的原因" in page.text
        assert "7 批" not in page.text and '<span class="tag model-made">模型建议</span>' in page.text
        assert "规则读取" not in page.text and "LLM" not in page.text.split("<main", 1)[1]
    matcher_service.reset()


def test_without_an_llm_a_submission_queues_nothing(client: TestClient, world: World) -> None:
    ent = bearer(login(client, "ent-a"))
    need_id = client.post("/api/v1/intake/sessions", headers=ent, json={"text": CLIPS}).json()["need"]["id"]
    assert client.post(f"/api/v1/needs/{need_id}/submit", headers=ent).status_code == 200
    jobs.shutdown()
    assert _jobs(world, "need_refinement") == []
    assert client.get(f"/api/v1/needs/{need_id}", headers=ent).json()["brief"] is None
