"""An agreement whose 完成期限 is after the need's deadline (a new user's trial in Chromium, 2026-11-29): the need
said 2026-12-09, the agreement was signed for 2027-01-20 without a word, and the engagement's header then said 期限
2027-01-20 above a need block saying 期限 2026-12-09, two dates under one label. The parties may agree a later day: it
is said, not refused, and the two dates are named apart."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until, step
from tests.api.uihelpers import form_login


def _page(c: TestClient, username: str, eng: str, lang: str = "zh") -> str:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return re.sub(r"\s+", " ", ui.get(f"/engagements/{eng}?lang={lang}").text)


def test_an_agreement_due_after_the_need_is_said_and_the_two_dates_are_named_apart(
        domain_client: TestClient) -> None:
    c = domain_client
    eng = engagement_until(c, Logins(c), until="sign_agreement", deadline="2030-12-31")
    for who in ("coord-center", "ent-a"):
        page = _page(c, who, eng)
        assert "协议完成期限" in page and "需求期望期限" in page
        assert f"协议完成期限 {AGREEMENT['deadline']} 晚于需求期望期限 2030-12-31" in page, who
    english = _page(c, "ent-a", eng, "en")
    assert "Agreed completion date" in english and "Requested deadline" in english
    assert "later than the deadline the need asked for" in english


def test_an_agreement_due_by_the_needs_deadline_says_nothing_of_it(domain_client: TestClient) -> None:
    c = domain_client
    eng = engagement_until(c, Logins(c), until="sign_agreement", deadline="2031-12-31")
    page = _page(c, "ent-a", eng)
    assert "协议完成期限" in page and "晚于需求期望期限" not in page


def test_the_api_s_engagement_and_its_signing_say_it_too(domain_client: TestClient) -> None:
    """``GET /api/v1/engagements/{id}`` and the answer to signing carry ``due_after_need`` (on the page alone before);
    an agreement due by the need's deadline carries null."""
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="reach_agreement", deadline="2030-12-31")
    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["version"]
    signed = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-center"), json={
        "transition": "sign_agreement", "version": version, "payload": {"agreement": AGREEMENT}})
    assert signed.status_code == 200, signed.text
    late = signed.json()["due_after_need"]
    assert (late["agreed"], late["need"]) == (AGREEMENT["deadline"], "2030-12-31"), late
    assert "晚于需求期望期限" in late["message"] and "later than the deadline" in late["message"]
    for who in ("ent-a", "coord-center", "coord-assoc"):
        shown = c.get(f"/api/v1/engagements/{eng}", headers=as_(who)).json()
        assert shown["due_after_need"] == late, who
    on_time = engagement_until(c, as_, until="sign_agreement", deadline="2031-12-31")
    assert c.get(f"/api/v1/engagements/{on_time}", headers=as_("ent-a")).json()["due_after_need"] is None


def test_what_is_said_of_the_later_date_is_true_at_each_step(domain_client: TestClient) -> None:
    """Before the enterprise countersigned, the banner said '双方已商定可照此办理' (a new user's trial, 2026-11-30): the
    enterprise had not agreed yet. Signed: its countersignature would accept the date; returned: nobody has signed;
    countersigned: both sides agreed. The page and the API's message say the same."""
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="sign_agreement", deadline="2030-12-31")
    said = {"signed": ("企业尚未同意此期限", "has not agreed to it yet"),
            "returned": ("协议尚未签署", "not signed yet"),
            "countersigned": ("企业已会签协议，双方已商定照此办理", "both sides agreed to it")}

    def check(stage: str) -> None:
        zh, en = said[stage]
        for who in ("coord-center", "ent-a"):
            page = _page(c, who, eng)
            banner = re.search(r'id="due-after-need">(.*?)</p>', page)
            assert banner and zh in banner.group(1), (stage, who, banner and banner.group(1))
            assert ("双方已商定" in banner.group(1)) == (stage == "countersigned"), (stage, who)
        english = re.search(r'id="due-after-need">(.*?)</p>', _page(c, "ent-a", eng, "en"))
        assert english and en in english.group(1), (stage, english and english.group(1))
        message = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["due_after_need"]["message"]
        assert zh in message and en in message, (stage, message)
        assert ("双方已商定" in message) == (stage == "countersigned"), (stage, message)

    check("signed")
    step(c, as_("ent-a"), eng, "return_agreement", {"reason": "期限太晚"})
    check("returned")
    step(c, as_("coord-center"), eng, "sign_agreement", {"agreement": AGREEMENT})
    step(c, as_("ent-a"), eng, "countersign", {})
    check("countersigned")
