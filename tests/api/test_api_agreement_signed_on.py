"""A technical service agreement could be signed with a future date: 签订日期 2026-12-31 on 2026-11-30 was accepted
(a new user's trial, 2026-11-30), while the provider's lifecycle decision form refuses future dates. Signing now
refuses a 签订日期 after today in China (core.china_time), a 4xx naming ``agreement.signed_on``, in the step's payload
(filed before: tests/pipeline/test_pipeline_refusals.py), nothing changed."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until


def _sign(c: TestClient, headers: dict[str, str], eng: str, payload: dict[str, object]) -> tuple[int, dict]:
    version = c.get(f"/api/v1/engagements/{eng}", headers=headers).json()["version"]
    done = c.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                  json={"transition": "sign_agreement", "version": version, "payload": payload})
    return done.status_code, done.json()


def test_an_agreement_signed_after_today_is_refused_naming_the_field(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center = as_("coord-center")
    eng = engagement_until(c, as_, until="reach_agreement")
    tomorrow = (china_time.today() + timedelta(days=1)).isoformat()
    status, body = _sign(c, center, eng, {"agreement": {**AGREEMENT, "signed_on": tomorrow}})
    assert 400 <= status < 500, body
    fields = [body["error"].get("field"), *(p.get("field") for p in body["error"].get("problems") or [])]
    assert "agreement.signed_on" in fields, body
    assert "签订日期" in str(body) and "today" in str(body)
    assert c.get(f"/api/v1/engagements/{eng}", headers=center).json()["state"] == "agreed"
    # Today is fine.
    status, body = _sign(c, center, eng, {"agreement": {**AGREEMENT, "signed_on": china_time.today().isoformat()}})
    assert status == 200, body
