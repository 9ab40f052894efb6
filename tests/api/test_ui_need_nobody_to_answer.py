"""A need given to the one provider proposed, one nobody can log in for (no active coordinator:
flows.reviews.reachable), read 需求状态：已匹配 / matched on the enterprise's /needs, as if a provider had taken it up
(a new user's trial, 2026-11-29), with 21a0c56's note below saying otherwise; the coordinators' pages already say
such a provider is not handled. The card's status now says the association is contacting the provider, in the
page's language; a need a provider's coordinator acts for reads as before."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import page_words, signed_in


def _card(ui: TestClient, need_id: str, lang: str = "zh") -> str:
    page = ui.get("/needs", params={"lang": lang}).text
    found = re.search(rf'<li class="card need-item[^"]*" id="{need_id}".*?</li>\s*(?=<li class="card|</ul>)', page,
                      re.S)
    assert found, page
    return page_words(found.group(0))


def test_a_need_given_to_a_provider_nobody_can_act_for_is_not_said_to_be_matched(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), text="电池包需要做失效分析，常州，预算十万")
    assoc = as_("coord-assoc")
    version = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["version"]
    assigned = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                      json={"center_id": "met-jx-rare", "note": "企业指定", "version": version,
                            "confirm_no_coordinator": True})
    assert assigned.status_code == 200, assigned.text
    ui = signed_in(c, "ent-a")
    zh = _card(ui, need_id)
    assert "已匹配" not in zh and "需求状态：协会正在联系承接机构" in zh, zh
    en = _card(ui, need_id, "en")
    assert "matched" not in en.lower() and "Need status: The association is contacting the provider" in en, en

    # another need, taken by a provider its coordinator acts for, is matched, honestly
    other_id, other_review = submitted_need(c, as_("ent-a"))
    accept_first(c, assoc, other_review)
    assert "需求状态：已匹配" in _card(ui, other_id) or "需求状态：对接中" in _card(ui, other_id)
