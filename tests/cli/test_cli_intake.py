"""One reader everywhere (issue 27 item 4): ``innodock intake extract`` (one text and ``--batch``) and ``innodock need
create`` read a text as the chat and ``POST /needs`` read it — the rules corrected by the semantic service-type head
on the matcher's model — and ``--rules-only`` is the explicit choice of the rules alone.

Before, the terminal read with the keyword rules alone while the chat used the head: the same words could give two
needs. A stand-in embedder (``NgramEmbedder``) and a head made for it stand in for e5 and the committed head; the
head is built by hand so that its effect is known: it adds R&D to every text and vetoes the rules' test request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.config import ApiConfig
from core import china_time
from core.cli import app as innodock
from core.settings import Settings
from flows.matching import MatcherSetup
from intake import semantic
from intake.semantic import TYPES, ServiceTypeHead, head_path
from kb.vocab import ServiceType
from matcher import service as matcher_service
from tests.api.apihelpers import World, bearer, build_world, kb_records, login
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder

S = ServiceType
# A wish to change the part ("再看怎么改进") beside the failure analysis: without one, R&D the head adds beside a
# cause asked for is not read (intake.semantic.asks_the_cause_only, the fifteenth probe's p144), and the head's
# addition, which this file checks reaches every door, would not show.
TEXT = "我们是苏州的电机厂，电机轴承经常断裂，想找机构做失效分析和型式试验，再看怎么改进，三个月内完成，预算10万。"
RULES = ["inspection_testing", "quality_evaluation"]  # what the keyword rules read in TEXT
READ = ["quality_evaluation", "rnd"]  # rules and head: the test vetoed, R&D added


def stand_in_head() -> ServiceTypeHead:
    """A head for the stand-in embedder: R&D always likely (added), a test never (the rules' hit vetoed), failure
    analysis undecided (the rules' hit kept, nothing added), every other type never."""
    bias = np.full(len(TYPES), -12.0)
    bias[TYPES.index(S.rnd)] = 4.0
    bias[TYPES.index(S.quality_evaluation)] = 0.0
    return ServiceTypeHead(model_id=NgramEmbedder.model_id, weights=np.zeros((len(TYPES), NgramEmbedder.dim)),
                           bias=bias, add=0.7, veto=0.2)


@pytest.fixture
def world(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The service's database and data folder in the environment, as ``innodock`` reads them; the stand-in embedder
    wherever the matcher's model is loaded, and the stand-in head where heads are looked for."""
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    monkeypatch.delenv("INNODOCK_LLM_BASE_URL", raising=False)
    monkeypatch.setattr(matcher_service, "load_embedder", lambda spec, home, **_: NgramEmbedder())
    heads = tmp_path / "heads"
    heads.mkdir()
    stand_in_head().save(head_path(NgramEmbedder.model_id, heads))
    monkeypatch.setattr(semantic, "HEAD_DIR", heads)
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    yield build_world(settings)
    matcher_service.reset()


def terminal(*args: str) -> str:
    answer = CliRunner().invoke(innodock, list(args))
    assert answer.exit_code == 0, answer.output
    return answer.stdout


def chat_reading(world: World, text: str) -> dict[str, Any]:
    """The need the chat drafts from a first message, read by the API as ``create_app`` sets it up by default."""
    app = create_app(world.settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup())
    with TestClient(app) as client:
        view = client.post("/api/v1/intake/sessions", json={"text": text},
                           headers=bearer(login(client, "ent-a")))
        assert view.status_code == 201, view.text
        need: dict[str, Any] = view.json()["need"]
        created = client.post("/api/v1/needs", json={"text": text}, headers=bearer(login(client, "ent-a")))
        assert created.status_code == 201, created.text
        assert created.json()["service_types"] == need["service_types"]  # POST /needs reads alike
    return need


def test_a_cause_asked_for_alone_is_read_without_the_heads_rnd_at_every_door(world: World) -> None:
    """The head's R&D beside a failure analysis with no wish to change is dropped in the head's own reading, so the
    terminal and the chat agree on it too."""
    cause_only = TEXT.replace("再看怎么改进，", "")
    chat = chat_reading(world, cause_only)
    one = json.loads(terminal("intake", "extract", cause_only, "--json"))
    assert chat["service_types"] == one["service_types"] == ["quality_evaluation"]


def test_the_terminal_reads_as_the_chat_does(world: World, tmp_path: Path) -> None:
    today = china_time.today().isoformat()
    chat = chat_reading(world, TEXT)
    assert chat["service_types"] == READ  # the head took part in the chat's reading

    one = json.loads(terminal("intake", "extract", TEXT, "--today", today, "--json"))
    assert one["service_types"] == READ
    for key in ("region", "local_only", "deadline", "confidential", "industry", "product", "qualifications",
                "language", "redactions"):
        assert one[key] == chat[key], key
    assert {k: one["budget"][k] for k in ("min_yuan", "max_yuan")} == {k: chat["budget"][k]
                                                                       for k in ("min_yuan", "max_yuan")}

    batch = tmp_path / "needs.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    [line] = terminal("intake", "extract", "--batch", str(batch), "--today", today, "--json").splitlines()
    assert json.loads(line) == {"id": "a", **one}

    created = json.loads(terminal("need", "create", TEXT, "--as", f"enterprise:{world.orgs['a']}", "--json"))
    for key in ("service_types", "region", "deadline", "industry", "product", "title"):  # a stored need: its title
        assert created[key] == chat[key], key                                               # derived as the chat's


def test_rules_only_is_the_rules_alone(world: World, tmp_path: Path) -> None:
    alone = json.loads(terminal("intake", "extract", TEXT, "--rules-only", "--json"))
    assert alone["service_types"] == RULES
    batch = tmp_path / "needs.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    [line] = terminal("intake", "extract", "--batch", str(batch), "--rules-only", "--json").splitlines()
    assert json.loads(line)["service_types"] == RULES
    created = json.loads(terminal("need", "create", TEXT, "--as", f"enterprise:{world.orgs['a']}", "--rules-only",
                                  "--json"))
    assert created["service_types"] == RULES


def test_rules_only_and_llm_are_one_choice(world: World) -> None:
    answer = CliRunner().invoke(innodock, ["intake", "extract", TEXT, "--rules-only", "--llm"])
    assert answer.exit_code != 0 and getattr(answer.exception, "field", None) == "llm"


def test_llm_asked_for_but_not_configured_says_so(world: World) -> None:
    read = json.loads(terminal("intake", "extract", TEXT, "--llm", "--json"))
    assert read["service_types"] == READ and any("no LLM configured" in note for note in read["notes"])


def test_a_need_text_is_not_corrected_through_patch(world: World) -> None:
    """``PATCH /needs/{id}`` corrects fields and never takes a new text (its body has no ``text``: refused whole), so
    there is nothing for it to read again: what intake read from the text stays, and the fields sent are the
    enterprise's own (``sources: user``)."""
    app = create_app(world.settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup())
    with TestClient(app) as client:
        ent = bearer(login(client, "ent-a"))
        need = client.post("/api/v1/needs", json={"text": TEXT}, headers=ent).json()
        refused = client.patch(f"/api/v1/needs/{need['id']}", json={"text": "需要做盐雾试验"}, headers=ent)
        assert refused.status_code == 422
        kept = client.get(f"/api/v1/needs/{need['id']}", headers=ent).json()
        assert kept["text"] == TEXT and kept["service_types"] == READ
        fixed = client.patch(f"/api/v1/needs/{need['id']}", json={"service_types": ["rnd"]}, headers=ent).json()
        assert fixed["service_types"] == ["rnd"] and fixed["sources"]["service_types"] == "user"
