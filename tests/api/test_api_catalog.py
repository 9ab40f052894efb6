"""The foundation's HTTP surface: probes, the public catalog and the one error shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from matcher import service as matcher_service
from tests.api.apihelpers import kb_records
from tests.api.conftest import fake_matcher
from tests.kb.kbhelpers import do_import, write_jsonl


@pytest.fixture
def client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    with TestClient(create_app(settings, matcher=fake_matcher())) as c:
        yield c
    matcher_service.reset()


def test_probes(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    waiting = client.get("/readyz")  # the database answers, but no matcher index has been built yet
    assert waiting.status_code == 503 and waiting.json()["checks"] == {"database": "ok", "matcher_index": "not_built"}
    setup = client.app.state.matcher  # type: ignore[attr-defined]
    matcher_service.build_index(settings=client.app.state.settings, embedder=setup.embedder)  # type: ignore[attr-defined]
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "matcher_index": "ok"}


def test_ready_only_after_the_warm_up(settings: Settings, tmp_path: Path) -> None:
    import time

    from api.config import ApiConfig

    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", kb_records())).ok
    app = create_app(settings, ApiConfig(warm_index=True, deliver_in_process=False), matcher=fake_matcher())
    try:
        with TestClient(app) as c:
            seen = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                r = c.get("/readyz")
                seen.append(r.json()["checks"].get("matcher_warm_up"))
                if r.status_code == 200:
                    break
                time.sleep(0.05)
            assert r.status_code == 200 and r.json()["checks"]["matcher_warm_up"] == "ok", seen
            assert set(seen) <= {"warming up", "ok"}
    finally:
        matcher_service.reset()


def test_catalog_lists_without_personal_data(client: TestClient) -> None:
    page = client.get("/api/v1/centers", params={"limit": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["limit"] == 1
    detail = client.get("/api/v1/centers/qic-js-battery").json()
    assert detail["capabilities"] == 1 and detail["capability_list"][0]["id"] == "cap-1"
    assert "contact" not in detail and "王工" not in client.get("/api/v1/centers/qic-js-battery").text
    filtered = client.get("/api/v1/centers", params={"kind": "metrology_center"}).json()
    assert [c["id"] for c in filtered["items"]] == ["met-jx-rare"]
    assert filtered["items"][0]["status"] == "preparing"
    assert client.get("/api/v1/centers", params={"q": "电池"}).json()["total"] == 1


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/v1/centers/nope", {}, 404, "id"),
        ("/api/v1/centers", {"limit": 0}, 422, "limit"),
        ("/api/v1/centers", {"kind": "laboratory"}, 422, "kind"),
        ("/api/v1/centers", {"limit": "many"}, 422, "limit"),
        ("/api/v1/capabilities/nope", {}, 404, "id"),
    ],
)
def test_error_shape(client: TestClient, path: str, params: dict[str, Any], status: int, field: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["field"] == field


def test_unknown_route_uses_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_pages_render_chinese_and_english(client: TestClient) -> None:
    zh = client.get("/")
    assert zh.status_code == 200 and "服务机构目录" in zh.text and "江苏省动力电池产品质量检验中心" in zh.text
    en = client.get("/", params={"lang": "en"})
    assert "Provider catalog" in en.text and en.cookies.get("lang") == "en"
    page = client.get("/centers/qic-js-battery")
    assert "动力电池单体热失控试验" in page.text and "0519" not in page.text
