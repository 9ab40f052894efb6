"""The world of the center's day tried as a new user (2026-11-28), shared by its page tests and its browser tests:
the UI catalog and demo accounts (``seed_world``), a published need that fits the demo center, a confidential need
accepted for it (an engagement whose client is withheld), and a quarterly report the association set for it, titled in
both languages with the period first ("2026Q4 季度服务情况报告 / 2026Q4 quarterly service report")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core import china_time
from core.db import dispose_engines
from core.settings import Settings
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import api_login, seed_world
from tests.matcher.matcher_helpers import NgramEmbedder

CENTER = "qic-js-battery"
PUBLIC_TEXT = "我们是常州一家动力电池企业，储能电池包需要做热失控和针刺安全试验，要求出具CMA检测报告，预算8万元。"
SECRET = "天枢三号"
CONFIDENTIAL_TEXT = f"我们在常州做{SECRET}储能电芯，针刺后热失控，需要做动力电池热失控失效分析，要求出具CMA检测报告。"
REPORT_TITLE = "2026Q4 季度服务情况报告 / 2026Q4 quarterly service report"


@dataclass
class CenterDay:
    settings: Settings
    passwords: dict[str, str]
    public_need: str
    engagement: str
    client_ref: str


def center_day_world(home: Path) -> CenterDay:
    settings, passwords = seed_world(home)
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            ent, assoc = api_login(c, "demo-enterprise"), api_login(c, "demo-association")

            def submit(**need: Any) -> tuple[str, str]:
                made = c.post("/api/v1/needs", headers=ent, json={"service_types": ["inspection_testing"], **need})
                assert made.status_code == 201, made.text
                sent = c.post(f"/api/v1/needs/{made.json()['id']}/submit", headers=ent)
                assert sent.status_code == 200, sent.text
                return str(made.json()["id"]), str(sent.json()["review_id"])

            public_need, _ = submit(text=PUBLIC_TEXT, title="储能电池包热失控试验")
            _, review_id = submit(text=CONFIDENTIAL_TEXT, confidential=True, redactions=[SECRET])
            review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
            accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                              json={"center_id": CENTER, "version": review["version"]})
            assert accepted.status_code == 200, accepted.text
            due = (china_time.today() + timedelta(days=40)).isoformat()
            set_ = c.post(f"/api/v1/providers/{CENTER}/obligations", headers=assoc,
                          json={"kind": "quarterly_report", "period": "2026Q4", "due_on": due,
                                "title": REPORT_TITLE,
                                "clause": "协会年度监督计划 / the association's supervision plan"})
            assert set_.status_code == 201, set_.text
            return CenterDay(settings, passwords, public_need, str(accepted.json()["engagement_id"]),
                             str(review["client_ref"]))
    finally:
        matcher.reset()
        dispose_engines()
