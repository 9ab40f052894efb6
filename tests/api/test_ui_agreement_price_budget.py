"""An agreement priced above its need's budget (a new user's trial, 2026-11-30: "no warning when the price exceeds
the budget"). The price may be negotiated up, so it is said, not refused: to the center that signs, the enterprise that
countersigns and the association, on the engagement's page and in the API's engagement (``price_above_budget``), in
the words true at the agreement's stage (flows.engagements.price_above_budget_said)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

from fastapi.testclient import TestClient

from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until, step
from tests.api.uihelpers import form_login


def _page(c: TestClient, username: str, eng: str, lang: str = "zh") -> str:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return re.sub(r"\s+", " ", ui.get(f"/engagements/{eng}?lang={lang}").text)


def _banner(page: str) -> str:
    found = re.search(r'id="price-above-budget">(.*?)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_price_above_the_budget_is_said_to_every_party_and_not_refused(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    budget = {"min_yuan": 30_000, "max_yuan": 30_000}
    eng = engagement_until(c, as_, until="reach_agreement", budget=budget)
    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["version"]
    signed = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-center"), json={
        "transition": "sign_agreement", "version": version, "payload": {"agreement": AGREEMENT}})
    assert signed.status_code == 200, signed.text  # said, not refused
    above = signed.json()["price_above_budget"]
    assert (Decimal(above["price_yuan"]), above["budget_max_yuan"], above["stage"]) == (48000, 30000, "signed"), above
    assert "协议价格 4.8 万元高于需求预算上限 3 万元" in above["message"], above
    assert "RMB 48,000 is above the need's budget maximum of RMB 30,000" in above["message"], above
    for who in ("ent-a", "coord-center", "coord-assoc"):
        assert c.get(f"/api/v1/engagements/{eng}", headers=as_(who)).json()["price_above_budget"] == above, who
        banner = _banner(_page(c, who, eng))
        assert "协议价格 4.8 万元高于需求预算上限 3 万元" in banner and "会签即表示同意" in banner, (who, banner)
    countersigning = re.search(r'id="countersign-price">(.*?)</p>', _page(c, "ent-a", eng))  # beside its button
    assert countersigning and "高于需求预算上限 3 万元" in countersigning.group(1)
    english = _banner(_page(c, "ent-a", eng, "en"))
    assert "RMB 48,000 is above the need's budget maximum of RMB 30,000" in english, english
    assert "countersigning accepts it" in english

    step(c, as_("ent-a"), eng, "countersign", {})  # the enterprise may accept it
    after = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["price_above_budget"]
    assert after["stage"] == "countersigned" and "双方已商定此价格" in after["message"], after
    assert "双方已商定此价格" in _banner(_page(c, "coord-center", eng))


def test_a_price_within_the_budget_says_nothing_of_it(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="sign_agreement", budget={"min_yuan": 40_000, "max_yuan": 60_000})
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["price_above_budget"] is None
    assert _banner(_page(c, "ent-a", eng)) == "" and "高于需求预算上限" not in _page(c, "coord-center", eng)


def test_a_confidential_need_s_budget_figure_is_not_told_to_a_provider_before_its_details_open(
        domain_client: TestClient) -> None:
    """A provider reads a confidential need's budget as a band until its details are opened to it (the enterprise's
    countersignature of an agreement with a confidentiality clause): the warning would tell it the figure, so it is
    said to the enterprise and the association until then, and to the provider too from then on."""
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="sign_agreement", budget={"min_yuan": 30_000, "max_yuan": 30_000},
                           confidential=True)
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["price_above_budget"] is None
    assert "高于需求预算上限" not in _page(c, "coord-center", eng)
    for who in ("ent-a", "coord-assoc"):
        assert c.get(f"/api/v1/engagements/{eng}", headers=as_(who)).json()["price_above_budget"], who
    step(c, as_("ent-a"), eng, "countersign", {})
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["price_above_budget"]
