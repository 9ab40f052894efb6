"""What will be public, over the JSON chat API: the chat page showed the public title and summary beside the submit
button, and the API's session view (``POST /api/v1/intake/sessions``, ``GET …/{id}``) had no such field. It carries
``preview`` now, from the same function (``intake.publish.preview``), in the conversation's language."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.domainhelpers import Logins

ZH = "我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析，预算8万以内，两个月内要结果。"


def test_the_chat_api_says_what_will_be_public(domain_client: TestClient) -> None:
    c, ent = domain_client, Logins(domain_client)("ent-a")
    chat = c.post("/api/v1/intake/sessions", headers=ent, json={"text": ZH})
    assert chat.status_code == 201, chat.text
    view = chat.json()
    assert "这些信息可以公开发布吗" in view["question"]
    preview = view["preview"]
    assert preview["title"] == view["need"]["title"] and "夏天MOS管老是烧" in preview["summary"]
    assert "8万" not in preview["summary"] and preview["confidential"] is False
    assert preview["title"] in view["turns"][-1]["text"]
    answered = c.post(f"/api/v1/intake/sessions/{view['id']}/messages", headers=ent, json={"text": "保密"})
    assert answered.status_code == 200, answered.text
    assert answered.json()["preview"]["confidential"] is True and answered.json()["question"] is None
    again = c.get(f"/api/v1/intake/sessions/{view['id']}", headers=ent)
    assert again.status_code == 200 and again.json()["preview"] == answered.json()["preview"]
