"""A center's view of a confidential need before its details are opened said "产品 未说明" (a new user's trial,
2026-11-29): the enterprise had named its product; the center may not see it yet. The row says it is withheld until
the details are opened (详情开放后可见 / visible once the details are opened to you), only where it is; where the
enterprise gave no product it still says 未说明."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import facts_row, signed_in

WITHHELD = {"zh": "详情开放后可见", "en": "visible once the details are opened to you"}
NOT_GIVEN = {"zh": "未说明", "en": "not stated"}
PRODUCT = {"zh": "产品", "en": "Product"}


def _product_row(page: str, lang: str) -> str:
    return facts_row(page, PRODUCT[lang])


def test_a_withheld_product_is_said_to_be_withheld_not_unstated(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True)
    assert c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["product"]  # the enterprise named it
    for lang in ("zh", "en"):
        said = _product_row(signed_in(c, "coord-center", lang).get(f"/review/{review_id}").text, lang)
        assert said == WITHHELD[lang], (lang, said)
    # accepted but not yet countersigned: still withheld on the engagement's page
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    for lang in ("zh", "en"):
        page = signed_in(c, "coord-center", lang).get(f"/engagements/{eng}").text
        assert _product_row(page, lang) == WITHHELD[lang], lang


def test_a_product_never_given_is_still_not_stated(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    text = "需要按GB 38031-2020做热失控试验检测，需要CMA报告，预算5万元，三个月内完成。"
    need_id, review_id = submitted_need(c, as_("ent-a"), text=text, confidential=True)
    assert not c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["product"]
    for lang in ("zh", "en"):
        said = _product_row(signed_in(c, "coord-center", lang).get(f"/review/{review_id}").text, lang)
        assert said == NOT_GIVEN[lang], (lang, said)
