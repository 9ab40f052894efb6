"""The need card's industry over the JSON API (``POST /api/v1/intake/sessions/{id}/fields``, the same
``CardFieldsIn`` and use case as the chat page's card): a group named in English is stored by its Chinese name,
recorded as the enterprise's own, and said back in the chat; over-long words are a 422 naming the field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.domainhelpers import Logins

PACKS = "我们是做电动工具锂电池包的企业，电池包在循环测试后出现鼓包，想做失效分析"


def test_the_industry_is_set_on_the_card_over_the_api(domain_client: TestClient) -> None:
    c, ent = domain_client, Logins(domain_client)("ent-a")
    chat = c.post("/api/v1/intake/sessions", headers=ent, json={"text": PACKS})
    assert chat.status_code == 201, chat.text
    assert chat.json()["need"]["industry"] == "电池制造"  # the company's line, not 机电
    session_id = chat.json()["id"]
    edited = c.post(f"/api/v1/intake/sessions/{session_id}/fields", headers=ent,
                    json={"industry": "power transmission, distribution and control equipment"})
    assert edited.status_code == 200, edited.text
    need = edited.json()["need"]
    assert need["industry"] == "输配电及控制设备制造" and need["sources"]["industry"] == "user"
    assert "行业改为：输配电及控制设备制造（原为：电池制造）" in edited.json()["turns"][-1]["text"]
    too_long = c.post(f"/api/v1/intake/sessions/{session_id}/fields", headers=ent, json={"industry": "行" * 201})
    assert too_long.status_code == 422 and "industry" in too_long.text, too_long.text
